//! Findings as rules build them: one for an operation, one for the document.
use crate::grading::model::{Operation, Pointer};
use crate::grading::rule::Violation;

/// A finding for one operation.
pub fn op_violation(op: &Operation, pointer: Pointer, message: String, fix: Option<String>) -> Violation {
    Violation {
        pointer,
        operation: Some(op.label()),
        message,
        fix,
        ..Default::default()
    }
}

/// A finding that belongs to no single operation.
pub fn doc_violation(pointer: Pointer, message: String, fix: Option<String>) -> Violation {
    Violation {
        pointer,
        operation: None,
        message,
        fix,
        ..Default::default()
    }
}

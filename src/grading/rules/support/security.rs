//! Who may call an operation: whether it needs credentials and whether they carry scopes.
use crate::grading::model::{Model, Operation};

/// Whether the required credentials carry scopes, so a valid caller can still lack permission.
pub fn requires_scopes(model: &Model, op: &Operation) -> bool {
    model.effective_security(op).is_some_and(|reqs| {
        reqs.iter()
            .any(|r| r.schemes.iter().any(|(_, scopes)| !scopes.is_empty()))
    })
}

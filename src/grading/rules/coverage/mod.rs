//! Rules of the `coverage` dimension.
use crate::grading::rule::Rule;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[];

//! Rules of the `errors` dimension.
use crate::grading::rule::Rule;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[];

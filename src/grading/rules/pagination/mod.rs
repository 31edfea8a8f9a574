//! Rules of the `pagination` dimension.
use crate::grading::rule::Rule;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[];

//! Rules of the `coverage` dimension: does the design offer what the exercise asked for.
//! They apply only when grading against an exercise.
use crate::grading::rule::Rule;

pub mod expectations;
pub mod required_capabilities;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[
    &required_capabilities::RequiredCapabilities,
    &expectations::Expectations,
];

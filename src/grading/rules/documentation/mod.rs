//! Rules of the `documentation` dimension: descriptions and examples that make the contract readable.
use crate::grading::rule::Rule;

pub mod examples_present;
pub mod examples_valid;
pub mod info_contact;
pub mod info_description;
pub mod operation_description;
pub mod operation_summary;
pub mod parameter_description;
pub mod property_description;
pub mod self_contained_refs;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[
    &examples_present::ExamplesPresent,
    &examples_valid::ExamplesValid,
    &info_contact::InfoContact,
    &info_description::InfoDescription,
    &operation_description::OperationDescription,
    &operation_summary::OperationSummary,
    &parameter_description::ParameterDescription,
    &property_description::PropertyDescription,
    &self_contained_refs::SelfContainedRefs,
];

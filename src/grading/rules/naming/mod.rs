//! Rules of the `naming` dimension: how paths, properties, parameters and operationIds are named.
use crate::grading::rule::Rule;

pub mod kebab_case_paths;
pub mod no_verbs_in_paths;
pub mod operation_id_style;
pub mod operation_id_unique;
pub mod parameter_casing;
pub mod path_depth;
pub mod plural_collections;
pub mod property_casing;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[
    &kebab_case_paths::KebabCasePaths,
    &no_verbs_in_paths::NoVerbsInPaths,
    &operation_id_style::OperationIdStyle,
    &operation_id_unique::OperationIdUnique,
    &parameter_casing::ParameterCasing,
    &path_depth::PathDepth,
    &plural_collections::PluralCollections,
    &property_casing::PropertyCasing,
];

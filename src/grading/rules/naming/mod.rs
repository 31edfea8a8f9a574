//! Rules of the `naming` dimension: how paths, properties, parameters and operationIds are named.
use crate::grading::rule::Rule;

pub mod no_verbs_in_paths;
pub mod plural_collections;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[
    &no_verbs_in_paths::NoVerbsInPaths,
    &plural_collections::PluralCollections,
];

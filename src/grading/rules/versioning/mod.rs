//! Rules of the `versioning` dimension: how the contract can evolve without breaking clients.
use crate::grading::rule::Rule;

pub mod consistent_version;
pub mod deprecation_replacement;
pub mod info_version;
pub mod major_only;
pub mod major_version;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[
    &consistent_version::ConsistentVersion,
    &deprecation_replacement::DeprecationReplacement,
    &info_version::InfoVersion,
    &major_only::MajorOnly,
    &major_version::MajorVersion,
];

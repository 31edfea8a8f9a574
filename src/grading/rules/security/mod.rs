//! Rules of the `security` dimension: who may call what, and what a caller may send.
use crate::grading::rule::Rule;

pub mod bounded_arrays;
pub mod bounded_numbers;
pub mod bounded_strings;
pub mod https_servers;
pub mod no_credentials_in_query;
pub mod oauth_flows;
pub mod opaque_ids;
pub mod operation_security;
pub mod public_writes;
pub mod schemes_defined;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[
    &bounded_arrays::BoundedArrays,
    &bounded_numbers::BoundedNumbers,
    &bounded_strings::BoundedStrings,
    &https_servers::HttpsServers,
    &no_credentials_in_query::NoCredentialsInQuery,
    &oauth_flows::OauthFlows,
    &opaque_ids::OpaqueIds,
    &operation_security::OperationSecurity,
    &public_writes::PublicWrites,
    &schemes_defined::SchemesDefined,
];

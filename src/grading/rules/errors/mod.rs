//! Rules of the `errors` dimension: status codes that fit the method and one error format.
use crate::grading::rule::Rule;

pub mod async_202;
pub mod auth_errors;
pub mod bad_request;
pub mod create_returns_201;
pub mod delete_returns_204;
pub mod error_response_body;
pub mod not_found;
pub mod problem_json;
pub mod rate_limit;
pub mod shared_error_schema;
pub mod success_and_client_error;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[
    &async_202::Async202,
    &auth_errors::AuthErrors,
    &bad_request::BadRequest,
    &create_returns_201::CreateReturns201,
    &delete_returns_204::DeleteReturns204,
    &error_response_body::ErrorResponseBody,
    &not_found::NotFound,
    &problem_json::ProblemJson,
    &rate_limit::RateLimit,
    &shared_error_schema::SharedErrorSchema,
    &success_and_client_error::SuccessAndClientError,
];

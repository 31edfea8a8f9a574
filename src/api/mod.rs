//! HTTP handlers, one file per resource. Handlers validate input, call the database through
//! [`crate::state::AppState::db`], and shape responses; they never inspect OpenAPI documents.
pub mod access;
pub mod accounts;
pub mod attempts;
pub mod body;
pub mod cohorts;
pub mod exercises;
pub mod health;
pub mod idempotency;
pub mod openapi;
pub mod pagination;
pub mod query;
pub mod reviews;
pub mod sessions;
pub mod submissions;

use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::AppError;

/// Everything under `/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    accounts::routes(cfg);
    sessions::routes(cfg);
    exercises::routes(cfg);
    attempts::routes(cfg);
    submissions::routes(cfg);
    cohorts::routes(cfg);
    reviews::routes(cfg);
    openapi::routes(cfg);
}

/// The default service of a resource: 405 naming the methods it does allow.
pub fn method_not_allowed(
    allowed: &'static str,
) -> impl Fn(HttpRequest) -> std::future::Ready<Result<HttpResponse, AppError>> + Clone + 'static {
    move |req: HttpRequest| {
        std::future::ready(Err(AppError::MethodNotAllowed {
            method: req.method().to_string(),
            allowed: allowed.to_owned(),
        }))
    }
}

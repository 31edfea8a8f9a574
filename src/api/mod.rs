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
pub mod routes;
pub mod sessions;
pub mod submissions;

use routes::Routes;

/// Everything under `/v1`.
pub fn routes(routes: &mut Routes) {
    accounts::routes(routes);
    sessions::routes(routes);
    exercises::routes(routes);
    attempts::routes(routes);
    submissions::routes(routes);
    cohorts::routes(routes);
    reviews::routes(routes);
    openapi::routes(routes);
}

//! The pages: the candidate's and the coach's work in the browser, served by the same binary as
//! the JSON API. Handlers are thin: they call the same domain operations as `api` (`service`:
//! accounts, sessions, attempts, submissions, cohorts, reviews) and the catalogue, and render a
//! compile-time checked template (askama, auto-escaping: whatever a user typed is shown as text).
//! Scripts are small files of their own (no inline script; see `csp`), and call the same-origin
//! JSON API with the session cookie and the page's CSRF token.
//!
//! Errors of pages are [`render::PageError`]: a redirect to log in, or an HTML error page with
//! the status of the underlying [`crate::error::AppError`].
pub mod csp;
pub mod drill_view;
pub mod format;
pub mod nav;
mod pages;
pub mod render;
pub mod session;
pub mod statics;

use actix_web::web;

pub use csp::security_headers;

/// Every page route (outside `/v1`).
pub fn routes(cfg: &mut web::ServiceConfig) {
    statics::routes(cfg);
    pages::routes(cfg);
}

/// The HTML 404 page for a path no route matches.
pub fn not_found_page(detail: &str) -> actix_web::HttpResponse {
    render::error_page(actix_web::http::StatusCode::NOT_FOUND, detail)
}

//! The domain layer: the operations both faces call. The JSON API (`api`) and the pages (`web`)
//! translate HTTP to and from these and nothing more, so a rule (who may see whose work, what a
//! valid review is, when a submission is late) lives in one place. Operations take the shared
//! [`crate::state::AppState`] (pooled database work runs off the async workers) or, where a face
//! wraps them in a transaction of its own (an `Idempotency-Key`), a connection.
//!
//! Errors are [`crate::error::AppError`], whose kinds each face shows in its own way (a
//! problem+json answer, an error page).
pub mod access;
pub mod accounts;
pub mod attempts;
pub mod cohorts;
pub mod drills;
pub mod reports;
pub mod reviews;
pub mod sessions;
pub mod submissions;

//! The grading engine. Data flows one way:
//! bytes -> document (`load`) -> model (`model`, built by `resolve`) -> findings (`rules`)
//! -> scores (`score`) -> report (`report`).
//! Nothing in here touches the database or HTTP.
pub mod load;
pub mod locate;
pub mod model;
pub mod resolve;
pub mod rule;
pub mod rules;
#[doc(hidden)]
pub mod testing;

pub use load::{Limits, LoadError};

/// Load and normalise a document: the first two steps of grading.
pub fn load_model(input: &[u8], limits: &Limits) -> Result<model::Model, LoadError> {
    load::load(input, limits).map(resolve::build)
}

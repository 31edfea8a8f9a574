//! The grading engine. Data flows one way:
//! bytes -> document (`load`) -> model (`model`) -> findings (`rules`) -> scores (`score`) -> report (`report`).
//! Nothing in here touches the database or HTTP.
pub mod model;
pub mod rule;
pub mod rules;

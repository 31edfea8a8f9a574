//! apidojo: practice server and offline grader for API-design interviews.
pub mod catalog;
pub mod grading;

//! An expectation not met: where, and why.
pub(super) struct Failure {
    pub pointer: String,
    pub operation: Option<String>,
    pub reason: String,
}

//! An expectation not met: where, and why.
pub(super) struct Failure {
    pub pointer: String,
    pub operation: Option<String>,
    /// The document the place is in, when it is not the API: `events` for an expectation about
    /// the event design.
    pub document: Option<&'static str>,
    pub reason: String,
}

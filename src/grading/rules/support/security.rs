//! Who may call an operation: whether it needs credentials and whether they carry scopes.
use crate::grading::model::{Model, Operation};

/// Whether calling the operation needs credentials: some requirement applies and none of its
/// alternatives is the empty "no auth" one.
pub fn requires_auth(model: &Model, op: &Operation) -> bool {
    match model.effective_security(op) {
        Some(reqs) => !reqs.is_empty() && reqs.iter().all(|r| !r.schemes.is_empty()),
        None => false,
    }
}

/// Whether the required credentials carry scopes, so a valid caller can still lack permission.
pub fn requires_scopes(model: &Model, op: &Operation) -> bool {
    model.effective_security(op).is_some_and(|reqs| {
        reqs.iter()
            .any(|r| r.schemes.iter().any(|(_, scopes)| !scopes.is_empty()))
    })
}

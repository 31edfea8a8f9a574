//! Breaking changes against a mock's starter, which the catalogue parsed when it loaded.
use super::failure::Failure;
use crate::grading::exercise::Exercise;
use crate::grading::model::Model;
use crate::grading::{breaking, resolve};

/// Breaking changes from the mock's starter (parsed by the catalogue) to the submission; `None`
/// when the exercise carries no starter or its starter could not be read.
pub(super) fn starter_changes(model: &Model, exercise: &Exercise) -> Option<Vec<breaking::Change>> {
    let starter = exercise.starter_document.as_deref()?;
    Some(breaking::compare(&resolve::build(starter), model))
}

pub(super) fn breaking_failure(changes: &[breaking::Change]) -> Option<Failure> {
    let broken: Vec<&breaking::Change> = changes.iter().filter(|c| c.breaking).collect();
    let first = broken.first()?;
    let more = if broken.len() > 1 {
        format!(" (and {} more: `apidojo breaking` lists them)", broken.len() - 1)
    } else {
        String::new()
    };
    Some(Failure {
        pointer: first.pointer.clone(),
        operation: first.operation.clone(),
        document: None,
        reason: format!(
            "{} breaking change{} against the starter: {}{more}",
            broken.len(),
            if broken.len() == 1 { "" } else { "s" },
            first.message
        ),
    })
}

//! `coverage/expectations`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
//!
//! The rule reads the exercise's expectations and judges each with its check: per-operation
//! checks in [`operation`], checks that read the whole document in [`document`], breaking
//! changes against a mock's starter in [`starter`].
use crate::grading::breaking;
use crate::grading::exercise::{Check, Exercise, Expectation, Judged};
use crate::grading::model::{Model, Operation};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity, Violation};
use crate::grading::rules::support::matching::matches;

mod document;
mod failure;
mod operation;
mod starter;
#[cfg(test)]
mod tests;

use document::document_failure;
use failure::Failure;
use operation::operation_failure;
use starter::{breaking_failure, starter_changes};

pub struct Expectations;

pub static META: RuleMeta = RuleMeta {
    id: "coverage/expectations",
    dimension: Dimension::Coverage,
    default_severity: Severity::Error,
    summary: "The exercise's expectations (the interviewer's probes and a mock's tasks) are met.",
    checks: "With an exercise, each of its expectations — the points of \"What the interviewer will probe\" that \
             a document can show, and a mock's tasks — is met. An expectation is data in the exercise file: what, \
             why it matters in that interview, how to fix it, the capabilities whose operations are judged, and \
             one check from a small vocabulary (status codes and headers, request headers, preconditions, \
             authentication, throttling, cursors, properties, money in minor units, action segments, headers \
             anywhere, another rule, breaking changes against a mock's starter). One place per expectation; an \
             expectation whose capabilities are not covered is not judged (the missing capability is charged \
             already).",
    why: "The interviewer probes a few points on purpose; covering every requirement but getting those \
          wrong reads as a design learned by rote.",
    fix: "Follow the exercise's fix given with the finding.",
    example_bad: "# payments: money-minor-units\ncomponents:\n  schemas:\n    Payment:\n      properties:\n        amount: { type: number, description: In euros }\n",
    example_good: "components:\n  schemas:\n    Payment:\n      properties:\n        amount: { type: integer, description: In minor units (cents) }\n        currency: { type: string, pattern: '^[A-Z]{3}$' }\n",
};

impl Rule for Expectations {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(exercise) = cx.exercise else { return };
        let mut starter: Option<Option<Vec<breaking::Change>>> = None;
        for e in &exercise.expectations {
            let judged = judged_operations(cx.model, exercise, e);
            if !e.capabilities.is_empty() && judged.is_empty() {
                continue;
            }
            let failure = match &e.check {
                Check::NoBreakingChanges => {
                    let changes = starter.get_or_insert_with(|| starter_changes(cx.model, exercise));
                    match changes {
                        // The starter itself cannot be read: nothing to compare with.
                        None => continue,
                        Some(changes) => breaking_failure(changes),
                    }
                }
                check if check.per_operation() => {
                    let mut failures = judged.iter().filter_map(|op| {
                        operation_failure(cx.model, op, check).map(|reason| Failure {
                            pointer: op.pointer.clone(),
                            operation: Some(op.label()),
                            reason,
                        })
                    });
                    match e.judged {
                        Judged::Every => failures.next(),
                        // For each capability, one passing operation is enough (`/v1` keeps the
                        // old shape beside `/v2`); a capability all of whose operations fail fails.
                        Judged::Any => {
                            drop(failures);
                            capability_groups(cx.model, exercise, e).into_iter().find_map(|ops| {
                                let fails: Vec<Failure> = ops
                                    .iter()
                                    .filter_map(|op| {
                                        operation_failure(cx.model, op, check).map(|reason| Failure {
                                            pointer: op.pointer.clone(),
                                            operation: Some(op.label()),
                                            reason,
                                        })
                                    })
                                    .collect();
                                (fails.len() == ops.len()).then(|| fails.into_iter().next()).flatten()
                            })
                        }
                    }
                }
                check => document_failure(cx.model, cx.rules, &judged, e.capabilities.is_empty(), check),
            };
            match failure {
                None => out.pass(),
                Some(f) => out.fail(Violation {
                    pointer: f.pointer,
                    operation: f.operation,
                    message: format!("{} `{}`: {}: {}", kind_word(e), e.id, e.title, f.reason),
                    fix: Some(e.fix.clone()),
                    why: Some(e.why.clone()),
                    item: Some(e.id.clone()),
                }),
            }
        }
    }
}

fn kind_word(e: &Expectation) -> &'static str {
    match e.kind {
        crate::grading::exercise::ExpectationKind::Probe => "interviewer's probe",
        crate::grading::exercise::ExpectationKind::Task => "task",
    }
}

/// The operations of the capabilities named in `for`, in document order.
fn judged_operations<'m, 'd>(model: &'m Model<'d>, exercise: &Exercise, e: &Expectation) -> Vec<&'m Operation<'d>> {
    if e.capabilities.is_empty() {
        return model.operations.iter().collect();
    }
    let alternatives: Vec<_> = exercise
        .capabilities
        .iter()
        .filter(|c| e.capabilities.contains(&c.id))
        .flat_map(|c| c.alternatives.iter())
        .collect();
    model
        .operations
        .iter()
        .filter(|op| alternatives.iter().any(|alt| matches(model, op, alt)))
        .collect()
}

/// The operations of each capability of `for` that has any, capability by capability.
fn capability_groups<'m, 'd>(
    model: &'m Model<'d>,
    exercise: &Exercise,
    e: &Expectation,
) -> Vec<Vec<&'m Operation<'d>>> {
    exercise
        .capabilities
        .iter()
        .filter(|c| e.capabilities.contains(&c.id))
        .map(|c| {
            model
                .operations
                .iter()
                .filter(|op| c.alternatives.iter().any(|alt| matches(model, op, alt)))
                .collect::<Vec<_>>()
        })
        .filter(|ops| !ops.is_empty())
        .collect()
}

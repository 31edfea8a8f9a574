//! `coverage/expectations`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
//!
//! The rule reads the exercise's expectations and judges each with its check: per-operation
//! checks in [`operation`], checks that read the whole document in [`document`], breaking
//! changes against a mock's starter in [`starter`]; another rule and the combinators (`one-of`,
//! `not`) here, in [`Judge`].
use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::grading::breaking;
use crate::grading::exercise::{AuthRequirement, Check, Exercise, Expectation, Judged, Judges};
use crate::grading::model::{Model, Operation};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity, Violation, NO_OPTIONS};
use crate::grading::rules::support::matching::matches;

mod document;
mod failure;
mod operation;
mod starter;
#[cfg(test)]
mod tests;

use document::document_failure;
use failure::Failure;
use operation::{operation_failure, side_words};
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
             one check from a small vocabulary (status codes and headers, request headers, query parameters, \
             preconditions, authentication, throttling, cursors, bounded result sets, slow work accepted \
             with something to follow, properties of request, success and error \
             bodies, money in minor units, action segments, headers anywhere, another rule, breaking changes \
             against a mock's starter), or several of them as the forms an interviewer accepts (`one-of`) or \
             what must not be there (`not`). One place per expectation; an \
             expectation whose capabilities are not covered is not judged (the missing capability is charged \
             already). Another rule of the event design (`events/...`) judges the event document submitted \
             beside the API, and is not judged when there is none: a design offered over REST alone is \
             graded as before.",
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
        let judge = Judge {
            cx,
            exercise,
            starter: OnceCell::new(),
            rule_runs: RefCell::new(BTreeMap::new()),
        };
        for e in &exercise.expectations {
            let judged = judged_operations(cx.model, exercise, e);
            if !e.capabilities.is_empty() && judged.is_empty() {
                continue;
            }
            let scope = Scope {
                judged: &judged,
                whole: e.capabilities.is_empty(),
            };
            let failure = if e.check.per_operation() {
                let fails_on = |op: &Operation| {
                    judge.operation_failure(scope, op, &e.check).map(|reason| Failure {
                        pointer: op.pointer.clone(),
                        operation: Some(op.label()),
                        document: None,
                        reason,
                    })
                };
                match e.judged {
                    Judged::Every => judged.iter().find_map(|op| fails_on(op)),
                    // For each capability, one passing operation is enough (`/v1` keeps the
                    // old shape beside `/v2`); a capability all of whose operations fail fails.
                    // One passing operation among all those of `for` is enough.
                    Judged::Anywhere => {
                        let fails: Vec<Failure> = judged.iter().filter_map(|op| fails_on(op)).collect();
                        (fails.len() == judged.len())
                            .then(|| fails.into_iter().next())
                            .flatten()
                    }
                    Judged::Any => capability_groups(cx.model, exercise, e).into_iter().find_map(|ops| {
                        let fails: Vec<Failure> = ops.iter().filter_map(|op| fails_on(op)).collect();
                        (fails.len() == ops.len()).then(|| fails.into_iter().next()).flatten()
                    }),
                }
            } else {
                match judge.document_failure(scope, &e.check) {
                    // A mock's starter that cannot be read: nothing to compare with.
                    Verdict::Unjudged => continue,
                    Verdict::Pass => None,
                    Verdict::Fail(f) => Some(f),
                }
            };
            match failure {
                None => out.pass(),
                Some(f) => out.fail(Violation {
                    pointer: f.pointer,
                    operation: f.operation,
                    document: f.document,
                    message: format!("{} `{}`: {}: {}", kind_word(e), e.id, e.title, f.reason),
                    fix: Some(e.fix.clone()),
                    why: Some(e.why.clone()),
                    item: Some(e.id.clone()),
                }),
            }
        }
    }
}

/// What an expectation judges: the operations of its `for`, or the whole document.
#[derive(Clone, Copy)]
struct Scope<'s, 'm, 'd> {
    judged: &'s [&'m Operation<'d>],
    /// No `for`: the whole document is judged.
    whole: bool,
}

/// The verdict of a check that reads the document.
enum Verdict {
    Pass,
    Fail(Failure),
    /// The check cannot be judged (a mock's starter that does not load).
    Unjudged,
}

/// Judges checks for one grade, running what several expectations share only once: the breaking
/// changes against a mock's starter and the findings of a rule named by a check.
struct Judge<'c, 'a> {
    cx: &'c Ctx<'a>,
    exercise: &'a Exercise,
    starter: OnceCell<Option<Vec<breaking::Change>>>,
    rule_runs: RefCell<BTreeMap<String, Rc<Vec<Violation>>>>,
}

impl Judge<'_, '_> {
    /// Why one operation fails `check`, or `None` when it passes. A check that reads the whole
    /// document (inside `one-of` or `not`) holds or fails alike for every operation, except a
    /// `rule`, which fails only where the rule finds something on this operation.
    fn operation_failure(&self, scope: Scope, op: &Operation, check: &Check) -> Option<String> {
        match check {
            Check::OneOf(checks) => {
                let mut reasons = Vec::new();
                for c in checks {
                    match self.operation_failure(scope, op, c) {
                        None => return None,
                        Some(r) => reasons.push(r),
                    }
                }
                Some(reasons.join("; and "))
            }
            Check::Not(inner) => self.operation_failure(scope, op, inner).is_none().then(|| {
                format!(
                    "`{}` {}, which the interviewer does not expect",
                    op.label(),
                    describe(inner)
                )
            }),
            // A rule of the event design judges the event document, not this operation.
            Check::Rule(id) if !self.is_events_rule(id) => {
                let found = self.rule_violations(id)?;
                let v = found.iter().find(|v| on_operation(v, op))?;
                Some(format!("{id}: {}", v.message))
            }
            check if check.per_operation() => operation_failure(self.cx.model, op, check),
            check => match self.document_failure(scope, check) {
                Verdict::Pass => None,
                Verdict::Fail(f) => Some(f.reason),
                Verdict::Unjudged => Some(self.unjudged_reason(check)),
            },
        }
    }

    /// The verdict of a check that judges the document, or the judged operations' part of it.
    fn document_failure(&self, scope: Scope, check: &Check) -> Verdict {
        let whole = scope.whole;
        match check {
            Check::NoBreakingChanges => {
                let changes = self
                    .starter
                    .get_or_init(|| starter_changes(self.cx.model, self.exercise));
                match changes {
                    None => Verdict::Unjudged,
                    Some(changes) => breaking_failure(changes).map_or(Verdict::Pass, Verdict::Fail),
                }
            }
            Check::OneOf(checks) => {
                let mut first = None;
                for c in checks {
                    match self.document_failure(scope, c) {
                        Verdict::Pass => return Verdict::Pass,
                        Verdict::Fail(f) => {
                            first.get_or_insert(f);
                        }
                        Verdict::Unjudged => {}
                    }
                }
                first.map_or(Verdict::Unjudged, Verdict::Fail)
            }
            Check::Not(inner) => match self.document_failure(scope, inner) {
                Verdict::Pass => Verdict::Fail(Failure {
                    pointer: String::new(),
                    operation: None,
                    document: None,
                    reason: format!("the design {}, which the interviewer does not expect", describe(inner)),
                }),
                Verdict::Fail(_) => Verdict::Pass,
                Verdict::Unjudged => Verdict::Unjudged,
            },
            Check::Rule(id) => {
                // An event rule without an event document: a REST-only design is graded as before.
                let Some(found) = self.rule_violations(id) else {
                    return Verdict::Unjudged;
                };
                let events = self.is_events_rule(id);
                let v = found
                    .iter()
                    .find(|v| events || whole || scope.judged.iter().any(|op| on_operation(v, op)));
                v.map_or(Verdict::Pass, |v| {
                    Verdict::Fail(Failure {
                        pointer: v.pointer.clone(),
                        operation: v.operation.clone(),
                        document: events.then_some("events"),
                        reason: format!("{id}: {}", v.message),
                    })
                })
            }
            check if check.per_operation() => {
                // Only inside `one-of` or `not` of a whole-document expectation, which the
                // catalogue refuses; judged on every operation, as with `for`.
                scope
                    .judged
                    .iter()
                    .find_map(|op| {
                        operation_failure(self.cx.model, op, check).map(|reason| Failure {
                            pointer: op.pointer.clone(),
                            operation: Some(op.label()),
                            document: None,
                            reason,
                        })
                    })
                    .map_or(Verdict::Pass, Verdict::Fail)
            }
            check => document_failure(self.cx.model, scope.judged, whole, check).map_or(Verdict::Pass, Verdict::Fail),
        }
    }

    /// Whether the rule `id` judges the event design (the `events` dimension).
    fn is_events_rule(&self, id: &str) -> bool {
        (self.cx.rules)(id).is_some_and(|r| r.meta().dimension == Dimension::Events)
    }

    /// Why a check that cannot be judged fails as one part of a `one-of` judged per operation.
    fn unjudged_reason(&self, check: &Check) -> String {
        let events = check
            .parts()
            .into_iter()
            .any(|c| matches!(c, Check::Rule(id) if self.is_events_rule(id)));
        if events {
            "no event document was submitted beside the API".to_string()
        } else {
            "the starting document cannot be read to compare with".to_string()
        }
    }

    /// What the rubric rule `id` finds on the whole document, with its default options (the
    /// expectation names the rule as the catalogue defines it); run once per grade. A rule of the
    /// event design reads the event document submitted beside the API: `None` when there is none.
    fn rule_violations(&self, id: &str) -> Option<Rc<Vec<Violation>>> {
        if self.is_events_rule(id) && self.cx.events.is_none() {
            return None;
        }
        if let Some(found) = self.rule_runs.borrow().get(id) {
            return Some(found.clone());
        }
        let found = Rc::new(match (self.cx.rules)(id) {
            None => Vec::new(),
            Some(rule) => {
                let cx = Ctx {
                    model: self.cx.model,
                    events: self.cx.events,
                    options: &NO_OPTIONS,
                    exercise: None,
                    rules: self.cx.rules,
                };
                let mut out = Outcome::default();
                rule.check(&cx, &mut out);
                out.violations
            }
        });
        self.rule_runs.borrow_mut().insert(id.to_string(), found.clone());
        Some(found)
    }
}

/// Whether a rule's finding is about this operation.
fn on_operation(v: &Violation, op: &Operation) -> bool {
    v.operation.as_deref() == Some(op.label().as_str()) || v.pointer.starts_with(&op.pointer)
}

/// What passing `check` means, as a phrase after a subject (`the design ...`, `` `GET /x` ...``),
/// for a `not` that fails.
fn describe(check: &Check) -> String {
    let names = |names: &[String]| names.join(" or ");
    match check {
        Check::Status { codes, headers } if headers.is_empty() => format!("declares {}", names(codes)),
        Check::Status { codes, headers } => format!("declares {} with {}", names(codes), headers.join(", ")),
        Check::RequestHeader { names: n } => format!("takes a {} header", names(n)),
        Check::QueryParam { names: n } => format!("takes a {} query parameter", names(n)),
        Check::Precondition => "is conditional on a version".to_string(),
        Check::Auth(AuthRequirement::Required) => "requires credentials".to_string(),
        Check::Auth(AuthRequirement::Public) => "can be called without credentials".to_string(),
        Check::Throttling => "documents throttling".to_string(),
        Check::CursorPagination => "pages with a cursor".to_string(),
        Check::BoundedResults => "states a maximum page size or result limit".to_string(),
        Check::AsyncAccepted => "answers 202 Accepted with something to follow".to_string(),
        Check::Property { r#in, names: n } => format!("has a {} field in its {}", names(n), side_words(*r#in)),
        Check::MoneyMinorUnits => "keeps money in integer minor units".to_string(),
        Check::NoActionSegments(verbs) => format!("has no {} path segment", names(verbs)),
        Check::HeaderSomewhere(fragments) => format!("declares a header named {}", names(fragments)),
        Check::Rule(id) => format!("passes {id}"),
        Check::NoBreakingChanges => "keeps every existing client working".to_string(),
        Check::OneOf(checks) => checks.iter().map(describe).collect::<Vec<_>>().join(" or "),
        Check::Not(inner) => format!("does not meet this: {}", describe(inner)),
    }
}

fn kind_word(e: &Expectation) -> &'static str {
    match e.kind {
        crate::grading::exercise::ExpectationKind::Probe => "interviewer's probe",
        crate::grading::exercise::ExpectationKind::Task => "task",
    }
}

/// Whether `op` is judged for one entry of `for`: it offers the capability, by a method the entry
/// allows.
fn judged_by(model: &Model, exercise: &Exercise, entry: &Judges, op: &Operation) -> bool {
    entry.allows(op.method.upper())
        && exercise
            .capabilities
            .iter()
            .filter(|c| c.id == entry.id())
            .flat_map(|c| c.alternatives.iter())
            .any(|alt| matches(model, op, alt))
}

/// The operations of the capabilities named in `for`, in document order.
fn judged_operations<'m, 'd>(model: &'m Model<'d>, exercise: &Exercise, e: &Expectation) -> Vec<&'m Operation<'d>> {
    if e.capabilities.is_empty() {
        return model.operations.iter().collect();
    }
    model
        .operations
        .iter()
        .filter(|op| e.capabilities.iter().any(|entry| judged_by(model, exercise, entry, op)))
        .collect()
}

/// The operations of each entry of `for` that has any, entry by entry.
fn capability_groups<'m, 'd>(
    model: &'m Model<'d>,
    exercise: &Exercise,
    e: &Expectation,
) -> Vec<Vec<&'m Operation<'d>>> {
    e.capabilities
        .iter()
        .map(|entry| {
            model
                .operations
                .iter()
                .filter(|op| judged_by(model, exercise, entry, op))
                .collect::<Vec<_>>()
        })
        .filter(|ops| !ops.is_empty())
        .collect()
}

//! Rule tests as tables: a rule file's tests are a [`Tester`] with the documents the rule must
//! pass and the documents it must flag, with the exact pointers it reports.
//!
//! A case is a YAML snippet written indented inside the test. [`document`] gives a fragment what
//! it lacks: `openapi: 3.0.3`, and a minimal `info` and `paths: {}` when it has no such top-level
//! key, so most cases are only their `paths:` and `components:`. A case with its own `openapi:`
//! (a 3.1 document, one without `paths`) or in JSON is used as written.
//!
//! ```ignore
//! Tester::new(&PutOnItem)
//!     .pass(&["paths: { /v1/links/{code}: { put: { responses: { '200': { description: ok } } } } }"])
//!     .fail(
//!         r#"
//!         paths:
//!           /v1/links:
//!             put: { responses: { "200": { description: ok } } }
//!         "#,
//!         &["/paths/~1v1~1links/put"],
//!     )
//!     .places(1)
//!     .test();
//! ```
//!
//! Tests that check what a table cannot say (a finding's message or fix) call [`run`] or
//! [`run_with`], which take the same cases.
use crate::grading::exercise::Exercise;
use crate::grading::model::Model;
use crate::grading::rule::Dimension;
use crate::grading::rule::{Ctx, Outcome, Rule};
use crate::grading::testing::{event_model_from_str, model_from_str};

/// A compact, well-designed interview answer: every rule must pass on it.
pub(crate) const GOOD_API: &str = include_str!("testdata/good-api.yaml");

/// A well-designed event document (AsyncAPI 3.0): every `events` rule must pass on it.
pub(crate) const GOOD_EVENTS: &str = include_str!("../../../tests/fixtures/events/chat.yaml");

/// Runs one rule on a case (see [`document`]) with no options and no exercise.
pub(crate) fn run(rule: &dyn Rule, case: &str) -> Outcome {
    run_with(rule, case, &serde_json::json!({}), None)
}

/// Runs one rule on a case with options (parsed as a rubric's would be: a bad option panics with
/// the message `apidojo exercises check` would print) and an exercise.
pub(crate) fn run_with(
    rule: &dyn Rule,
    case: &str,
    options: &serde_json::Value,
    exercise: Option<&Exercise>,
) -> Outcome {
    let doc = document(case);
    let is_events = doc.starts_with("asyncapi:");
    let empty = Model::default();
    let api_model = (!is_events).then(|| model_from_str(&doc));
    let events = is_events.then(|| event_model_from_str(&doc));
    let options = rule
        .options(options.as_object().expect("options are an object"))
        .unwrap_or_else(|e| panic!("{}: options {:?}: {}", rule.meta().id, e.field, e.message));
    let cx = Ctx {
        model: api_model.as_ref().unwrap_or(&empty),
        events: events.as_ref(),
        options: &options,
        exercise,
        rules: super::by_id,
    };
    let mut out = Outcome::default();
    rule.check(&cx, &mut out);
    out
}

/// The pointers of the violations, in order.
pub(crate) fn pointers(out: &Outcome) -> Vec<&str> {
    out.violations.iter().map(|v| v.pointer.as_str()).collect()
}

/// Pass and fail cases for one rule, in the style of oxc's `Tester`. Every case runs and the
/// failures are reported together, each with its document.
///
/// - [`pass`](Tester::pass): the rule applies (at least one place) and finds nothing;
/// - [`fail`](Tester::fail): the rule reports exactly these pointers, in order;
/// - [`not_applicable`](Tester::not_applicable): the rule has no place to judge;
/// - [`places`](Tester::places): the case just added also has exactly this many places;
/// - [`also`](Tester::also): further assertions on the case just added (a message, a fix);
/// - [`options`](Tester::options) and [`exercise`](Tester::exercise) apply to every case.
///
/// Without options and exercise, the well-designed answer ([`GOOD_API`]) is a pass case too,
/// unless a case says otherwise about it (a rule with nothing to judge there).
pub(crate) struct Tester {
    rule: &'static dyn Rule,
    options: serde_json::Value,
    exercise: Option<Exercise>,
    cases: Vec<Case>,
}

struct Case {
    doc: String,
    expect: Expect,
    places: Option<usize>,
    also: Vec<Check>,
}

/// An assertion on a case's outcome, given with [`Tester::also`].
type Check = Box<dyn Fn(&Outcome)>;

enum Expect {
    Pass,
    Fail(Vec<String>),
    NotApplicable,
}

impl Tester {
    pub(crate) fn new(rule: &'static dyn Rule) -> Self {
        Tester {
            rule,
            options: serde_json::json!({}),
            exercise: None,
            cases: Vec::new(),
        }
    }

    /// Rubric options for every case.
    pub(crate) fn options(mut self, options: serde_json::Value) -> Self {
        self.options = options;
        self
    }

    /// The exercise every case is graded against.
    pub(crate) fn exercise(mut self, exercise: Exercise) -> Self {
        self.exercise = Some(exercise);
        self
    }

    /// Documents on which the rule applies and finds nothing wrong.
    pub(crate) fn pass(mut self, cases: &[&str]) -> Self {
        for case in cases {
            self.push(case, Expect::Pass);
        }
        self
    }

    /// A document and the pointers the rule reports on it, in order.
    pub(crate) fn fail(mut self, case: &str, pointers: &[&str]) -> Self {
        let want = pointers.iter().map(|p| p.to_string()).collect();
        self.push(case, Expect::Fail(want));
        self
    }

    /// Documents on which the rule has nothing to judge (no places, no findings).
    pub(crate) fn not_applicable(mut self, cases: &[&str]) -> Self {
        for case in cases {
            self.push(case, Expect::NotApplicable);
        }
        self
    }

    /// The number of places the rule judges on the case added last.
    pub(crate) fn places(mut self, places: usize) -> Self {
        self.cases.last_mut().expect("places follows a case").places = Some(places);
        self
    }

    /// Assertions on the outcome of the case added last, beyond its pointers: what a finding
    /// says (its message, its fix). They run after the table's own checks of that case.
    pub(crate) fn also(mut self, check: impl Fn(&Outcome) + 'static) -> Self {
        self.cases
            .last_mut()
            .expect("also follows a case")
            .also
            .push(Box::new(check));
        self
    }

    fn push(&mut self, case: &str, expect: Expect) {
        self.cases.push(Case {
            doc: document(case),
            expect,
            places: None,
            also: Vec::new(),
        });
    }

    pub(crate) fn test(mut self) {
        let id = self.rule.meta().id;
        let good = document(if self.rule.meta().dimension == Dimension::Events {
            GOOD_EVENTS
        } else {
            GOOD_API
        });
        let plain = self.exercise.is_none() && self.options.as_object().is_some_and(|o| o.is_empty());
        if plain && !self.cases.iter().any(|c| c.doc == good) {
            self.cases.push(Case {
                doc: good,
                expect: Expect::Pass,
                places: None,
                also: Vec::new(),
            });
        }
        let mut problems = Vec::new();
        for case in &self.cases {
            let before = problems.len();
            let out = run_with(self.rule, &case.doc, &self.options, self.exercise.as_ref());
            let got = pointers(&out);
            let doc = &case.doc;
            match &case.expect {
                Expect::Pass if out.places == 0 => problems.push(format!("applies nowhere on:\n{doc}")),
                Expect::Pass if !got.is_empty() => problems.push(format!("should pass but reports {got:?} on:\n{doc}")),
                Expect::Fail(want) if got != *want => {
                    problems.push(format!("should report {want:?} but reports {got:?} on:\n{doc}"))
                }
                Expect::NotApplicable if out.places != 0 || !got.is_empty() => problems.push(format!(
                    "should not apply but judges {} places and reports {got:?} on:\n{doc}",
                    out.places
                )),
                _ => {}
            }
            if let Some(places) = case.places {
                if out.places != places {
                    problems.push(format!(
                        "should judge {places} places but judges {} on:\n{doc}",
                        out.places
                    ));
                }
            }
            if problems.len() == before {
                for check in &case.also {
                    check(&out);
                }
            }
        }
        assert!(problems.is_empty(), "{id}:\n{}", problems.join("\n---\n"));
    }
}

/// A case as a whole document, its lines moved to column 0. A fragment (no top-level
/// `openapi:`) gets `openapi: 3.0.3`, and a minimal `info` and `paths: {}` when it has no such
/// key. A case with its own `openapi:`, or an AsyncAPI case (starting with `asyncapi:`), is
/// otherwise as written; JSON (starting with `{`) is unchanged.
pub(crate) fn document(case: &str) -> String {
    if case.trim_start().starts_with('{') {
        return case.to_string();
    }
    let body = unindent(case);
    let top = |key: &str| body.lines().any(|l| l.starts_with(key));
    if top("openapi:") || body.starts_with("asyncapi:") {
        return body;
    }
    let mut out = String::from("openapi: 3.0.3\n");
    if !top("info:") {
        out.push_str("info: { title: t, version: \"1\" }\n");
    }
    out.push_str(&body);
    if !top("paths:") {
        out.push_str("paths: {}\n");
    }
    out
}

/// Cases are written indented inside the test; YAML wants them at column 0.
fn unindent(case: &str) -> String {
    let lines: Vec<&str> = case.lines().skip_while(|l| l.trim().is_empty()).collect();
    let cut = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| format!("{}\n", l.get(cut..).unwrap_or("")))
        .collect()
}

//! The grading engine. Data flows one way:
//! bytes -> document (`load`) -> model (`model`, built by `resolve`) -> findings (`rules`)
//! -> scores (`score`) -> report (`report`).
//! Nothing in here touches the database or HTTP.
//!
//! Callers (the `apidojo grade` command, the catalogue's checks) call [`grade`] with a [`Rubric`]
//! and optionally an [`Exercise`], which the catalogue reads from its files into these types, then
//! render the [`Report`] (it serialises to the JSON contract). The server grades every submission
//! through [`submission::grade_submission`], which also scores checklists and returns what it
//! stores as a typed result. Nothing here uses the catalogue.
pub mod breaking;
pub mod checklist;
pub mod events;
pub mod exercise;
pub mod formats;
pub mod load;
pub mod locate;
pub mod model;
pub mod report;
pub mod resolve;
pub mod rubric;
pub mod rule;
pub mod rules;
pub mod score;
pub mod submission;
#[doc(hidden)]
pub mod testing;

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

pub use load::{Limits, LoadError};
pub use report::Report;
pub use rubric::Rubric;

use crate::grading::exercise::Exercise;
use report::{Counts, DimensionReport, Finding};
use rule::{Ctx, Dimension, Outcome, Severity};
use score::RuleRun;

/// Load a document and normalise it: the first two steps of grading. The model borrows the
/// document, so the caller keeps both.
pub fn load_model<R>(input: &[u8], limits: &Limits, then: impl FnOnce(&model::Model<'_>) -> R) -> Result<R, LoadError> {
    let doc = load::load(input, limits)?;
    let model = resolve::build(&doc);
    Ok(then(&model))
}

/// Grade a submitted document (YAML or JSON bytes) against a rubric and, when given, an
/// exercise's required capabilities. The only error is a document that cannot be graded; its
/// `Display` is one line saying what, where and what to do.
pub fn grade(input: &[u8], rubric: &Rubric, exercise: Option<&Exercise>, limits: &Limits) -> Result<Report, LoadError> {
    grade_with(input, rubric, exercise, limits, &GradeOptions::default())
}

/// A finding the API's owners looked at and accepted, with their reason: for linting a real API
/// in CI, never for attempts. It is listed in the report's `acknowledged`, not dropped, and its
/// place counts as passing.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    /// The rule id, e.g. `pagination/envelope`.
    pub rule: String,
    /// A JSON pointer: findings at it or below it; everywhere when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    pub reason: String,
}

impl Acknowledgement {
    fn covers(&self, rule: &str, pointer: &str) -> bool {
        self.rule == rule
            && self.at.as_deref().is_none_or(|at| {
                pointer == at || (pointer.starts_with(at) && pointer.as_bytes().get(at.len()) == Some(&b'/'))
            })
    }
}

/// The root extension where a document lists its acknowledged findings.
pub const ACKNOWLEDGED_EXTENSION: &str = "x-apidojo-acknowledged";

/// Parses an acknowledgement list (the extension's value, or a file's), naming the entry and the
/// field at fault.
pub fn parse_acknowledgements(value: &serde_json::Value, origin: &str) -> Result<Vec<Acknowledgement>, String> {
    let list = value
        .as_array()
        .ok_or_else(|| format!("{origin} must be a list of {{rule, at, reason}} entries"))?;
    list.iter()
        .enumerate()
        .map(|(i, v)| {
            let a: Acknowledgement = serde_json::from_value(v.clone()).map_err(|e| {
                format!(
                    "{origin}/{i}: {}; each entry has `rule`, an optional `at` pointer and a `reason`",
                    plain_serde(&e)
                )
            })?;
            if rules::by_id(&a.rule).is_none() {
                return Err(format!(
                    "{origin}/{i}/rule: no rule {:?}; `apidojo rules list` shows them",
                    a.rule
                ));
            }
            if a.reason.trim().is_empty() {
                return Err(format!("{origin}/{i}/reason: say why the finding does not apply"));
            }
            Ok(a)
        })
        .collect()
}

/// A serde message without its Rust vocabulary.
fn plain_serde(e: &serde_json::Error) -> String {
    let m = e.to_string();
    let m = m.split(" at line ").next().unwrap_or(&m);
    m.replace("invalid type: ", "wrong type: ")
        .replace("missing field", "missing")
        .replace("unknown field", "unknown")
}

/// How [`grade_with`] treats acknowledgements.
#[derive(Debug, Default, Clone)]
pub struct GradeOptions {
    /// Acknowledged findings from outside the document (`apidojo grade --acknowledged FILE`).
    pub acknowledgements: Vec<Acknowledgement>,
    /// Honour the document's own `x-apidojo-acknowledged` list (the CLI does; attempts never).
    pub document_acknowledgements: bool,
}

/// [`grade`] with acknowledgements.
pub fn grade_with(
    input: &[u8],
    rubric: &Rubric,
    exercise: Option<&Exercise>,
    limits: &Limits,
    options: &GradeOptions,
) -> Result<Report, LoadError> {
    grade_decoded(load::decode(input, limits)?, rubric, exercise, limits, options)
}

/// [`grade`] for a document that is already text (its UTF-8 checked by [`load::utf8`]): an
/// OpenAPI document, or an AsyncAPI 3.x event document graded alone.
pub fn grade_text(
    text: &str,
    rubric: &Rubric,
    exercise: Option<&Exercise>,
    limits: &Limits,
) -> Result<Report, LoadError> {
    grade_decoded(
        load::decode_text(text, limits)?,
        rubric,
        exercise,
        limits,
        &GradeOptions::default(),
    )
}

fn grade_decoded(
    text: &str,
    rubric: &Rubric,
    exercise: Option<&Exercise>,
    limits: &Limits,
    options: &GradeOptions,
) -> Result<Report, LoadError> {
    let sources = match load::load_any_text(text, limits)? {
        load::Loaded::OpenApi(doc) => Sources {
            api: Some((text, doc)),
            events: None,
        },
        load::Loaded::Events(doc) => Sources {
            api: None,
            events: Some((text, doc)),
        },
    };
    grade_sources(sources, rubric, exercise, options)
}

/// Which document of a pair could not be graded, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct PairError {
    /// `api` (the OpenAPI document) or `events` (the AsyncAPI one).
    pub document: &'static str,
    pub error: LoadError,
}

/// Grade an OpenAPI document and the AsyncAPI 3.x event document beside it into one report:
/// the OpenAPI rules read the first, the `events` rules the second, and each finding in the
/// event document says so (`document: "events"`), with its pointer, line and column there.
pub fn grade_pair(
    api: &[u8],
    events: &[u8],
    rubric: &Rubric,
    exercise: Option<&Exercise>,
    limits: &Limits,
    options: &GradeOptions,
) -> Result<Report, PairError> {
    let failed = |document| move |error| PairError { document, error };
    let api_text = load::utf8(api).map_err(failed("api"))?;
    let events_text = load::utf8(events).map_err(failed("events"))?;
    grade_documents(Some(api_text), Some(events_text), rubric, exercise, limits, options)
}

/// Grade the documents of one submission, already text (their UTF-8 checked by [`load::utf8`]):
/// an OpenAPI document, the AsyncAPI 3.x event document beside it, or both, into one report.
/// With one of them absent, the other is graded alone; with neither, the API document is empty.
pub fn grade_documents(
    api: Option<&str>,
    events: Option<&str>,
    rubric: &Rubric,
    exercise: Option<&Exercise>,
    limits: &Limits,
    options: &GradeOptions,
) -> Result<Report, PairError> {
    let failed = |document| move |error| PairError { document, error };
    let api = match api {
        Some(text) => {
            let text = load::decode_text(text, limits).map_err(failed("api"))?;
            Some((text, load::load_text(text, limits).map_err(failed("api"))?))
        }
        None => None,
    };
    let events = match events {
        Some(text) => {
            let text = load::decode_text(text, limits).map_err(failed("events"))?;
            match load::load_any_text(text, limits).map_err(failed("events"))? {
                load::Loaded::Events(doc) => Some((text, doc)),
                load::Loaded::OpenApi(_) => {
                    return Err(PairError {
                        document: "events",
                        error: LoadError::new(load::LoadErrorKind::NotAsyncApi),
                    })
                }
            }
        }
        None => None,
    };
    if api.is_none() && events.is_none() {
        return Err(PairError {
            document: "api",
            error: LoadError::new(load::LoadErrorKind::Empty),
        });
    }
    grade_sources(Sources { api, events }, rubric, exercise, options).map_err(failed("api"))
}

/// The documents of one grade, each with the text it was loaded from: an OpenAPI document, an
/// event document, or both.
struct Sources<'t> {
    api: Option<(&'t str, load::Document)>,
    events: Option<(&'t str, load::EventDocument)>,
}

/// The document a finding points into: the one it names (an expectation about the event design),
/// else the one its rule's dimension reads (`events` rules read the event document).
fn document_of(d: Dimension, v: &rule::Violation) -> Option<&'static str> {
    v.document.or((d == Dimension::Events).then_some("events"))
}

fn grade_sources(
    sources: Sources<'_>,
    rubric: &Rubric,
    exercise: Option<&Exercise>,
    options: &GradeOptions,
) -> Result<Report, LoadError> {
    let Sources { api, events } = sources;
    let empty = model::Model::default();
    let api_model = api.as_ref().map(|(_, doc)| resolve::build(doc));
    let event_model = events.as_ref().map(|(_, doc)| events::build(doc));
    let model = api_model.as_ref().unwrap_or(&empty);
    let mut acks = options.acknowledgements.clone();
    if options.document_acknowledgements {
        // The main document's own list: the OpenAPI one, or the event document graded alone.
        let own = match (&api, &events) {
            (Some(_), _) => model.root.get(ACKNOWLEDGED_EXTENSION),
            (None, Some((_, doc))) => doc.root.get(ACKNOWLEDGED_EXTENSION),
            (None, None) => None,
        };
        if let Some(v) = own {
            let own = parse_acknowledgements(v, &format!("/{ACKNOWLEDGED_EXTENSION}"))
                .map_err(|message| LoadError::new(load::LoadErrorKind::Invalid { message }))?;
            acks.extend(own);
        }
    }
    let mut runs = run_rules(model, event_model.as_ref(), api.is_some(), rubric, exercise);
    let has_operations = !model.operations.is_empty() || event_model.as_ref().is_some_and(|m| !m.operations.is_empty());
    drop(api_model);
    drop(event_model);
    // Acknowledged places count as passing; their findings are kept aside to be listed.
    let mut acked: Vec<(usize, rule::Violation, String)> = Vec::new();
    if !acks.is_empty() {
        for (i, run) in runs.iter_mut().enumerate() {
            let id = run.meta.id;
            let (keep, set_aside): (Vec<_>, Vec<_>) = std::mem::take(&mut run.outcome.violations)
                .into_iter()
                .partition(|v| !acks.iter().any(|a| a.covers(id, &v.pointer)));
            run.outcome.violations = keep;
            for v in set_aside {
                let reason = acks
                    .iter()
                    .find(|a| a.covers(id, &v.pointer))
                    .map(|a| a.reason.clone())
                    .unwrap_or_default();
                acked.push((i, v, reason));
            }
        }
    }
    let score_cx = score::Context {
        has_exercise: exercise.is_some(),
        expectations: exercise.map_or(&[], |e| e.expectations.as_slice()),
        capabilities: exercise.map_or(&[], |e| e.capabilities.as_slice()),
        has_operations,
        has_events: events.is_some(),
    };
    let scores = score::score(&runs, rubric, score_cx);
    let fix_first = score::fix_first(&runs, rubric, score_cx, FIX_FIRST);

    // Each document's pointers, in the order the findings are built below: run by run,
    // violation by violation, then the acknowledged ones.
    let (mut api_pointers, mut event_pointers): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let placed = runs
        .iter()
        .flat_map(|r| r.outcome.violations.iter().map(|v| (r.meta.dimension, v)))
        .chain(acked.iter().map(|(i, v, _)| (runs[*i].meta.dimension, v)));
    for (dimension, v) in placed {
        match document_of(dimension, v) {
            None => api_pointers.push(v.pointer.as_str()),
            Some(_) => event_pointers.push(v.pointer.as_str()),
        }
    }
    let (version, api_positions) = match api {
        Some((text, doc)) => {
            let load::Document {
                root,
                version,
                spans,
                format,
                ..
            } = doc;
            // The document is the bulk of the memory and nothing below needs it. Freeing a
            // large one node by node takes tens of milliseconds, so it happens beside the
            // position pass.
            let positions = if text.len() > 1 << 20 {
                std::thread::scope(|s| {
                    s.spawn(move || drop(root));
                    load::locate_in(spans.as_ref(), text, format, &api_pointers)
                })
            } else {
                drop(root);
                load::locate_in(spans.as_ref(), text, format, &api_pointers)
            };
            (Some(version), positions)
        }
        None => (None, Vec::new()),
    };
    let (asyncapi_version, event_positions) = match events {
        Some((text, doc)) => {
            let positions = load::locate_in(doc.spans.as_ref(), text, doc.format, &event_pointers);
            (Some(doc.version), positions)
        }
        None => (None, Vec::new()),
    };
    drop(api_pointers);
    drop(event_pointers);
    let (mut api_positions, mut event_positions) = (api_positions.into_iter(), event_positions.into_iter());
    let mut next_position = |document: Option<&str>| {
        let next = match document {
            None => api_positions.next(),
            Some(_) => event_positions.next(),
        };
        next.unwrap_or(locate::Position::START)
    };
    let mut findings = Vec::new();
    let mut counts = Counts::default();
    let run_meta: Vec<_> = runs.iter().map(|r| (r.meta, r.severity)).collect();
    for run in runs {
        let mut of_rule = Vec::with_capacity(run.outcome.violations.len());
        for v in run.outcome.violations {
            match run.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                _ => counts.info += 1,
            }
            let document = document_of(run.meta.dimension, &v);
            let pos = next_position(document);
            of_rule.push(Finding {
                rule: run.meta.id,
                dimension: run.meta.dimension,
                severity: run.severity,
                message: v.message,
                why: v.why.map_or(Cow::Borrowed(run.meta.why), Cow::Owned),
                fix: v.fix.map_or(Cow::Borrowed(run.meta.fix), Cow::Owned),
                operation: v.operation,
                pointer: v.pointer,
                line: pos.line,
                column: pos.column,
                document,
                also_at: Vec::new(),
            });
        }
        findings.extend(report::roll_up(of_rule));
    }
    report::sort_findings(&mut findings);
    let mut acknowledged: Vec<report::Acknowledged> = acked
        .into_iter()
        .map(|(i, v, reason)| {
            let (meta, severity) = run_meta[i];
            let pos = next_position(document_of(meta.dimension, &v));
            report::Acknowledged {
                rule: meta.id,
                dimension: meta.dimension,
                severity,
                message: v.message,
                operation: v.operation,
                pointer: v.pointer,
                line: pos.line,
                column: pos.column,
                reason,
            }
        })
        .collect();
    acknowledged.sort_by(|a, b| (a.line, a.column, a.rule, &a.pointer).cmp(&(b.line, b.column, b.rule, &b.pointer)));

    let dimensions = scores
        .dimensions
        .into_iter()
        .map(|d| {
            let applicable = d.score.is_some();
            let summary = dimension_summary(d.dimension, &d.rules, applicable, exercise.is_some());
            DimensionReport {
                id: d.dimension,
                score: d.score,
                weight: d.weight,
                applicable,
                summary,
                rules: d.rules,
            }
        })
        .collect();
    Ok(Report {
        score: scores.overall,
        level: scores.level,
        level_reason: scores.level_reason,
        deductions: scores.deductions,
        fix_first,
        rubric: rubric.id.clone(),
        rubric_version: rubric.version,
        exercise: exercise.map(|e| e.id.clone()),
        openapi_version: version.or_else(|| asyncapi_version.clone()).unwrap_or_default(),
        asyncapi_version,
        dimensions,
        findings,
        acknowledged,
        counts,
    })
}

/// Every rule the rubric leaves on, in registry order. Rules are independent reads of the model,
/// so they run on up to [`RULE_THREADS`] threads pulling from one queue; results are put back in
/// registry order, so the report does not depend on scheduling. A rule that panics is treated as
/// having found nothing, so one faulty rule cannot take the whole grade down.
fn run_rules(
    model: &model::Model<'_>,
    events: Option<&events::EventModel<'_>>,
    has_api: bool,
    rubric: &Rubric,
    exercise: Option<&Exercise>,
) -> Vec<RuleRun> {
    use std::sync::atomic::{AtomicUsize, Ordering};

    let active: Vec<(&'static dyn rule::Rule, Severity)> = rules::all()
        .into_iter()
        .filter_map(|r| {
            let meta = r.meta();
            let severity = rubric.severity(meta);
            // Each rule reads one kind of document: the `events` rules the event document, the
            // others the OpenAPI one; a rule whose document is not graded does not run.
            let has_document = if meta.dimension == Dimension::Events {
                events.is_some()
            } else {
                has_api
            };
            let skip = severity == Severity::Off
                || !has_document
                || (meta.dimension == Dimension::Coverage && exercise.is_none());
            (!skip).then_some((r, severity))
        })
        .collect();
    let run_one = |r: &dyn rule::Rule| {
        let cx = Ctx {
            model,
            events,
            options: rubric.options(r.meta().id),
            exercise,
            rules: rules::by_id,
        };
        catch_unwind(AssertUnwindSafe(|| {
            let mut out = Outcome::default();
            r.check(&cx, &mut out);
            out
        }))
        .unwrap_or_default()
    };
    // The slowest rules are taken first, so the others fill the remaining threads around them
    // instead of one thread finishing a slow rule alone at the end.
    let mut order: Vec<usize> = (0..active.len()).collect();
    order.sort_by_key(|&i| !SLOW_RULES.contains(&active[i].0.meta().id));
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            done.push((i, run_one(active[i].0)));
        }
        done
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, RULE_THREADS);
    // Small documents grade in well under a millisecond: a thread would cost more than it saves.
    let parallel = threads > 1
        && model.schemas.len() + model.operations.len() + events.map_or(0, |e| e.arena.schemas.len()) > 2_000;
    let mut outcomes: Vec<(usize, Outcome)> = if parallel {
        std::thread::scope(|s| {
            let helpers: Vec<_> = (1..threads).map(|_| s.spawn(worker)).collect();
            let mut all = worker();
            for h in helpers {
                all.extend(h.join().unwrap_or_default());
            }
            all
        })
    } else {
        worker()
    };
    outcomes.sort_by_key(|(i, _)| *i);
    outcomes
        .into_iter()
        .map(|(i, outcome)| RuleRun {
            meta: active[i].0.meta(),
            severity: active[i].1,
            outcome,
        })
        .collect()
}

/// How many fixes the report's `fix_first` lists.
pub const FIX_FIRST: usize = 5;

/// Rules that take longest on large documents (examples-valid compiles JSON Schemas), slowest
/// first.
const SLOW_RULES: &[&str] = &["documentation/examples-valid", "documentation/property-description"];

/// Most threads rules run on for one document. A server grading several submissions at once
/// still gets at most this many per grade.
pub const RULE_THREADS: usize = 2;

fn dimension_summary(d: Dimension, rules: &[score::RuleScore], applicable: bool, has_exercise: bool) -> String {
    if !applicable {
        return if d == Dimension::Coverage && !has_exercise {
            "not applicable: no exercise was given, so there are no required capabilities to check".to_string()
        } else {
            "not applicable: nothing in the document for these rules to check".to_string()
        };
    }
    let applied: Vec<_> = rules.iter().filter(|r| r.places > 0).collect();
    let clean = applied.iter().filter(|r| r.failing == 0).count();
    let failing: usize = applied.iter().map(|r| r.failing).sum();
    let places: usize = applied.iter().map(|r| r.places).sum();
    format!(
        "{clean} of {} rules pass everywhere; {failing} of {places} checked places fail",
        applied.len()
    )
}

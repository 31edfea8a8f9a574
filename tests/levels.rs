//! What a level means, held at its anchors over the whole catalogue: an empty or skeleton design is
//! no hire, a mock's untouched starter is at most lean no hire and every partial fix lands between
//! it and the model answer, a model answer is strong hire, a missing requirement or a probe got
//! wrong always costs, and a report is the same every time.
//!
//! Flawed designs are made from the model answers: by removing the operations of a capability, or
//! by applying the JSON Patches of `tests/expectations/<id>.yaml`, each of which breaks one named
//! expectation (a probe about the event design in the event half of the model answer, graded
//! beside the API: `document: events`).
use std::path::Path;

use apidojo::catalog::{Catalog, Exercise, ExerciseKind, ExpectationKind};
use apidojo::grading::load::{parse, Limits};
use apidojo::grading::rules::support::matching::matches;
use apidojo::grading::{self, load_model, Report};
use serde_json::Value;

/// Levels in the default rubric, best first.
const LEVELS: [&str; 5] = ["strong hire", "hire", "lean hire", "lean no hire", "no hire"];

fn rank(level: &str) -> usize {
    LEVELS
        .iter()
        .position(|l| *l == level)
        .unwrap_or_else(|| panic!("unknown level {level}"))
}

fn grade(catalog: &Catalog, e: &Exercise, text: &str) -> Report {
    let rubric = catalog.rubric_for(None, Some(e)).unwrap();
    grading::grade(text.as_bytes(), rubric, Some(e), &Limits::default())
        .unwrap_or_else(|err| panic!("{}: cannot be graded: {err}", e.id))
}

/// The model answer's API beside this event document, graded together.
fn grade_pair(catalog: &Catalog, e: &Exercise, api: &str, events: &str) -> Report {
    let rubric = catalog.rubric_for(None, Some(e)).unwrap();
    grading::grade_pair(
        api.as_bytes(),
        events.as_bytes(),
        rubric,
        Some(e),
        &Limits::default(),
        &Default::default(),
    )
    .unwrap_or_else(|err| panic!("{}: the pair cannot be graded: {}", e.id, err.error))
}

/// The event half of a case study's model answer, when it has one.
fn events_model_answer(catalog: &Catalog, e: &Exercise) -> Option<Value> {
    let text = catalog.document(e.events_model_answer.as_deref()?).unwrap();
    Some(parse(text, &Limits::default()).unwrap().0)
}

fn designs(catalog: &Catalog) -> Vec<&Exercise> {
    catalog
        .exercises()
        .filter(|e| e.kind != ExerciseKind::Checklist)
        .collect()
}

fn model_answer(catalog: &Catalog, e: &Exercise) -> Value {
    let text = catalog.document(e.model_answer.as_deref().unwrap()).unwrap();
    parse(text, &Limits::default()).unwrap().0
}

fn json(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

/// The model answer without the operations that offer these capabilities.
fn without_capabilities(e: &Exercise, doc: &Value, ids: &[&str]) -> Value {
    let text = json(doc);
    let pointers: Vec<String> = load_model(text.as_bytes(), &Limits::default(), |model| {
        model
            .operations
            .iter()
            .filter(|op| {
                e.capabilities
                    .iter()
                    .filter(|c| ids.contains(&c.id.as_str()))
                    .any(|c| c.alternatives.iter().any(|alt| matches(model, op, alt)))
            })
            .map(|op| op.pointer.clone())
            .collect()
    })
    .unwrap();
    let mut doc = doc.clone();
    for p in pointers {
        let (parent, key) = p.rsplit_once('/').unwrap();
        if let Some(Value::Object(item)) = doc.pointer_mut(parent) {
            item.remove(key);
        }
    }
    doc
}

#[test]
fn an_empty_or_skeleton_design_is_no_hire_for_every_exercise() {
    let catalog = Catalog::builtin();
    let empty = "openapi: 3.0.3\ninfo: { title: My design, version: '1.0' }\npaths: {}\n";
    let one_trivial = "openapi: 3.0.3\ninfo: { title: My design, version: '1.0', description: Work in progress }\n\
                       paths:\n  /v1/ping:\n    get:\n      summary: Ping\n      responses:\n        '200': { description: pong }\n";
    for e in designs(&catalog) {
        for (name, doc) in [("empty", empty), ("one trivial operation", one_trivial)] {
            let r = grade(&catalog, e, doc);
            assert_eq!(r.level, "no hire", "{} ({name}): {} {}", e.id, r.score, r.level_reason);
        }
    }
    // Without an exercise, a document with nothing to judge is no hire as well.
    let rubric = catalog.rubric("api-design-core").unwrap();
    let r = grading::grade(empty.as_bytes(), rubric, None, &Limits::default()).unwrap();
    assert_eq!(
        (r.level.as_str(), r.level_reason.as_str()),
        ("no hire", "capped at no hire: the document has no operations to judge")
    );
}

#[test]
fn every_model_answer_is_strong_hire_and_meets_every_requirement() {
    let catalog = Catalog::builtin();
    for e in designs(&catalog) {
        let r = grade(
            &catalog,
            e,
            catalog.document(e.model_answer.as_deref().unwrap()).unwrap(),
        );
        assert_eq!(r.level, "strong hire", "{}: {} ({})", e.id, r.score, r.level_reason);
        assert!(r.score >= 90.0, "{}: {}", e.id, r.score);
        assert!(r.deductions.is_empty(), "{}: {:?}", e.id, r.deductions);
    }
}

#[test]
fn removing_a_required_capability_costs_and_is_named() {
    let catalog = Catalog::builtin();
    for e in designs(&catalog) {
        let doc = model_answer(&catalog, e);
        let full = grade(&catalog, e, &json(&doc)).score;
        for cap in &e.capabilities {
            let r = grade(&catalog, e, &json(&without_capabilities(e, &doc, &[&cap.id])));
            assert!(
                r.score <= full - 4.0,
                "{}: without {} the score fell only from {full} to {}",
                e.id,
                cap.id,
                r.score
            );
            assert!(
                r.deductions
                    .iter()
                    .any(|d| d.kind == "missing-capability" && d.id == cap.id),
                "{}: {} is not named: {:?}",
                e.id,
                cap.id,
                r.deductions
            );
            // Named in the exercise's words, in the level's reason and beside the id.
            let words = cap.description.trim_end_matches('.');
            assert!(
                r.level_reason.contains(&format!("“{words}”")),
                "{}: {} is not named by its description: {}",
                e.id,
                cap.id,
                r.level_reason
            );
            assert!(
                r.deductions.iter().any(|d| d.id == cap.id && d.title == words),
                "{}: {:?}",
                e.id,
                r.deductions
            );
            assert!(
                rank(&r.level) >= rank("hire"),
                "{}: without {} still {}",
                e.id,
                cap.id,
                r.level
            );
        }
        // Half of them gone: no hire.
        let half: Vec<&str> = e
            .capabilities
            .iter()
            .take(e.capabilities.len().div_ceil(2))
            .map(|c| c.id.as_str())
            .collect();
        let r = grade(&catalog, e, &json(&without_capabilities(e, &doc, &half)));
        assert_eq!(
            r.level, "no hire",
            "{}: without {half:?}: {} ({})",
            e.id, r.score, r.level_reason
        );
    }
}

/// The document a breaking patch applies to: the API (the default), or the event half of the
/// model answer (`document: events`), graded beside the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Half {
    Api,
    Events,
}

/// `tests/expectations/<id>.yaml`: patches that each break one expectation of the model answer.
fn breaks(id: &str) -> Vec<(String, json_patch::Patch)> {
    breaks_of(id)
        .into_iter()
        .filter(|(_, half, _)| *half == Half::Api)
        .map(|(name, _, patch)| (name, patch))
        .collect()
}

/// Every breaking patch of `tests/expectations/<id>.yaml`, with the document it applies to.
fn breaks_of(id: &str) -> Vec<(String, Half, json_patch::Patch)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/expectations/{id}.yaml"));
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Vec::new();
    };
    let (v, _) = parse(&text, &Limits::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    v["breaks"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no `breaks` list", path.display()))
        .iter()
        .map(|b| {
            let name = b["expectation"].as_str().unwrap().to_string();
            let patch: json_patch::Patch = serde_json::from_value(b["patch"].clone())
                .unwrap_or_else(|err| panic!("{}: {name}: {err}", path.display()));
            let half = match b["document"].as_str() {
                None | Some("api") => Half::Api,
                Some("events") => Half::Events,
                Some(other) => panic!("{}: {name}: no document {other:?} (api or events)", path.display()),
            };
            (name, half, patch)
        })
        .collect()
}

fn patched(doc: &Value, patches: &[&json_patch::Patch], what: &str) -> Value {
    let mut doc = doc.clone();
    for p in patches {
        json_patch::patch(&mut doc, p).unwrap_or_else(|err| panic!("{what}: the patch does not apply: {err}"));
    }
    doc
}

#[test]
fn every_design_exercise_checks_at_least_three_expectations_each_with_a_breaking_patch() {
    let catalog = Catalog::builtin();
    let mut missing = Vec::new();
    for e in designs(&catalog) {
        if e.expectations.len() < 3 {
            missing.push(format!("{}: {} expectations", e.id, e.expectations.len()));
        }
        let b = breaks_of(&e.id);
        for x in &e.expectations {
            if !b.iter().any(|(name, _, _)| name == &x.id) {
                missing.push(format!("{}: no patch breaks {}", e.id, x.id));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn each_patch_fails_its_expectation_and_costs_at_least_4_points() {
    let catalog = Catalog::builtin();
    for e in designs(&catalog) {
        let doc = model_answer(&catalog, e);
        let events = events_model_answer(&catalog, e);
        let full = grade(&catalog, e, &json(&doc)).score;
        for (name, half, patch) in breaks_of(&e.id) {
            let what = format!("{}: {name}", e.id);
            let x = e
                .expectations
                .iter()
                .find(|x| x.id == name)
                .unwrap_or_else(|| panic!("{what}: no such expectation"));
            // A probe about the event design is broken in the event document, and only such a
            // probe is.
            assert_eq!(
                half == Half::Events,
                x.judges_events(),
                "{what}: a probe about the event design is broken with `document: events`, and only such a probe"
            );
            let (r, full) = match half {
                Half::Api => (grade(&catalog, e, &json(&patched(&doc, &[&patch], &what))), full),
                Half::Events => {
                    let events = events
                        .as_ref()
                        .unwrap_or_else(|| panic!("{what}: the exercise has no event model answer"));
                    let full = grade_pair(&catalog, e, &json(&doc), &json(events)).score;
                    let broken = json(&patched(events, &[&patch], &what));
                    (grade_pair(&catalog, e, &json(&doc), &broken), full)
                }
            };
            let finding = r
                .findings
                .iter()
                .find(|f| f.rule == "coverage/expectations" && f.message.contains(&format!("`{name}`")));
            assert!(
                finding.is_some(),
                "{what}: the expectation did not fail: {:?}",
                r.deductions
            );
            assert!(r.score <= full - 4.0, "{what}: {full} -> {}", r.score);
        }
    }
}

/// A probe missed costs its points even when the design already misses another one: a cap at
/// "hire" once absorbed every further miss of a strong design (0 or 1 point instead of 6).
#[test]
fn each_patch_costs_at_least_4_points_beside_another_miss() {
    let catalog = Catalog::builtin();
    let mut pairs = 0;
    for e in designs(&catalog) {
        let api = model_answer(&catalog, e);
        let events = events_model_answer(&catalog, e);
        let all = breaks_of(&e.id);
        for (name, half, patch) in &all {
            // Patches of the event document are broken beside the model answer's API.
            let doc = match half {
                Half::Api => &api,
                Half::Events => match events.as_ref() {
                    Some(events) => events,
                    None => continue,
                },
            };
            let grade = |d: &Value| match half {
                Half::Api => grade(&catalog, e, &json(d)),
                Half::Events => grade_pair(&catalog, e, &json(&api), &json(d)),
            };
            // The first other expectation of the same document whose patch composes with this one.
            let other = all
                .iter()
                .filter(|(o, h, _)| o != name && h == half)
                .find_map(|(o, _, first)| {
                    let mut d = doc.clone();
                    json_patch::patch(&mut d, first).ok()?;
                    let base = d.clone();
                    json_patch::patch(&mut d, patch).ok()?;
                    Some((o, base, d))
                });
            let Some((o, base, both)) = other else { continue };
            let before = grade(&base);
            // The other patch may break this expectation too (a 429 removed takes its
            // Retry-After with it): then there is nothing more to lose.
            if before.deductions.iter().any(|d| &d.id == name) {
                continue;
            }
            let before = before.score;
            let after = grade(&both);
            // Or this patch may undo the other's break (both touch one header map).
            if !after.deductions.iter().any(|d| d.id == *o) {
                continue;
            }
            let after = after.score;
            assert!(
                after <= before - 4.0,
                "{}: {name} beside {o}: {before} -> {after}",
                e.id
            );
            pairs += 1;
        }
    }
    assert!(pairs > 100, "only {pairs} pairs compose");
}

#[test]
fn a_mock_starter_is_at_most_lean_no_hire_and_partial_fixes_land_in_between() {
    let catalog = Catalog::builtin();
    for e in catalog.exercises().filter(|e| e.kind == ExerciseKind::Mock) {
        let starter = grade(&catalog, e, catalog.document(e.starter.as_deref().unwrap()).unwrap());
        assert!(
            rank(&starter.level) >= rank("lean no hire"),
            "{}: the untouched starter scores {} ({})",
            e.id,
            starter.score,
            starter.level_reason
        );
        // Undo the model answer's tasks one by one: each task left undone scores lower, and a
        // design with any task done scores above the untouched starter.
        let doc = model_answer(&catalog, e);
        let mut previous = grade(&catalog, e, &json(&doc)).score;
        let task_breaks: Vec<(String, json_patch::Patch)> = breaks(&e.id)
            .into_iter()
            .filter(|(name, _)| {
                e.expectations
                    .iter()
                    .any(|x| &x.id == name && x.kind == ExpectationKind::Task)
            })
            .collect();
        let mut applied: Vec<&json_patch::Patch> = Vec::new();
        for (i, (name, patch)) in task_breaks.iter().enumerate() {
            applied.push(patch);
            let what = format!("{}: tasks undone up to {name}", e.id);
            let r = grade(&catalog, e, &json(&patched(&doc, &applied, &what)));
            assert!(r.score < previous, "{what}: {previous} -> {}", r.score);
            if i + 1 < task_breaks.len() {
                assert!(
                    r.score > starter.score,
                    "{what}: {} is not above the starter's {}",
                    r.score,
                    starter.score
                );
            }
            previous = r.score;
        }
    }
}

#[test]
fn the_same_document_exercise_and_rubric_give_the_same_report() {
    let catalog = Catalog::builtin();
    for e in designs(&catalog) {
        let text = catalog.document(e.model_answer.as_deref().unwrap()).unwrap();
        let doc = without_capabilities(e, &model_answer(&catalog, e), &[&e.capabilities[0].id]);
        for t in [text.to_string(), json(&doc)] {
            assert_eq!(
                grade(&catalog, e, &t).to_json(),
                grade(&catalog, e, &t).to_json(),
                "{}",
                e.id
            );
        }
    }
}

#[test]
fn a_complete_design_with_badly_named_paths_is_charged_for_its_names_not_for_missing_capabilities() {
    // `tests/fixtures/badly-named/notifications.yaml`: the model answer with verb paths,
    // camelCase segments and a compound segment under `me`.
    let catalog = Catalog::builtin();
    let e = catalog.exercise("notifications").unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/badly-named/notifications.yaml");
    let bad = grade(&catalog, e, &std::fs::read_to_string(path).unwrap());
    let missing: Vec<&str> = bad
        .findings
        .iter()
        .filter(|f| f.rule == "coverage/required-capabilities")
        .map(|f| f.message.as_str())
        .collect();
    assert!(missing.is_empty(), "{missing:#?}");
    for rule in ["naming/no-verbs-in-paths", "naming/kebab-case-paths"] {
        assert!(bad.findings.iter().any(|f| f.rule == rule), "{rule} reports nothing");
    }
    // Well named but lacking one capability scores lower, whichever capability it lacks.
    let doc = model_answer(&catalog, e);
    for cap in &e.capabilities {
        let lacking = grade(&catalog, e, &json(&without_capabilities(e, &doc, &[&cap.id])));
        assert!(
            bad.score > lacking.score,
            "badly named {} ({}) is not above well named without {}: {} ({})",
            bad.score,
            bad.level,
            cap.id,
            lacking.score,
            lacking.level
        );
    }
}

/// The calibration table of the closing notes: `cargo test --test levels -- --ignored --nocapture`.
#[test]
#[ignore = "prints a table for people; the anchors above are the assertions"]
fn print_calibration_table() {
    let catalog = Catalog::builtin();
    let show = |r: &Report| format!("{:5.1} {}", r.score, r.level);
    println!("| mock | starter | half the tasks done | model answer |\n|---|---|---|---|");
    for e in catalog.exercises().filter(|e| e.kind == ExerciseKind::Mock) {
        let starter = grade(&catalog, e, catalog.document(e.starter.as_deref().unwrap()).unwrap());
        let doc = model_answer(&catalog, e);
        let tasks: Vec<json_patch::Patch> = breaks(&e.id)
            .into_iter()
            .filter(|(name, _)| {
                e.expectations
                    .iter()
                    .any(|x| &x.id == name && x.kind == ExpectationKind::Task)
            })
            .map(|(_, p)| p)
            .collect();
        let undone: Vec<&json_patch::Patch> = tasks.iter().take(tasks.len() / 2).collect();
        let half = grade(&catalog, e, &json(&patched(&doc, &undone, &e.id)));
        let full = grade(&catalog, e, &json(&doc));
        println!("| {} | {} | {} | {} |", e.id, show(&starter), show(&half), show(&full));
    }
    println!(
        "\n| case study | model answer | one capability removed | one probe mistake | two probe mistakes |\n|---|---|---|---|---|"
    );
    for id in ["url-shortener", "payments", "chat-messenger", "ride-hailing", "chess"] {
        let e = catalog.exercise(id).unwrap();
        let doc = model_answer(&catalog, e);
        let full = grade(&catalog, e, &json(&doc));
        let cap = e.capabilities.last().unwrap();
        let minus = grade(&catalog, e, &json(&without_capabilities(e, &doc, &[&cap.id])));
        let (probe, patch) = breaks(id)
            .into_iter()
            .find(|(name, _)| {
                e.expectations
                    .iter()
                    .any(|x| &x.id == name && x.kind == ExpectationKind::Probe)
            })
            .unwrap();
        let mistake = grade(&catalog, e, &json(&patched(&doc, &[&patch], id)));
        let (second, patch2) = breaks(id)
            .into_iter()
            .find(|(name, _)| {
                name != &probe
                    && e.expectations
                        .iter()
                        .any(|x| &x.id == name && x.kind == ExpectationKind::Probe)
            })
            .unwrap();
        let two = grade(&catalog, e, &json(&patched(&doc, &[&patch, &patch2], id)));
        println!(
            "| {id} | {} | {} (without `{}`) | {} (`{probe}`) | {} (and `{second}`) |",
            show(&full),
            show(&minus),
            cap.id,
            show(&mistake),
            show(&two)
        );
    }
}

/// A real-time design is judged on its events as much as on its endpoints. Each case study with
/// an event model answer: the pair is strong hire; the REST model answer beside a weak event
/// design (one catch-all channel, untyped data, no ids, resume or auth) is at most lean no hire
/// and says why; an event design with gaps (its envelope and resume point taken away) is not a
/// strong hire.
#[test]
fn an_event_design_counts_beside_its_api() {
    let catalog = Catalog::builtin();
    let weak = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events/weak.yaml")).unwrap();
    let mut pairs = 0;
    for e in designs(&catalog) {
        let Some(events) = catalog.document(&format!("model-answers/events/{}.yaml", e.id)) else {
            continue;
        };
        pairs += 1;
        let api = catalog.document(e.model_answer.as_deref().unwrap()).unwrap();
        let rubric = catalog.rubric_for(None, Some(e)).unwrap();
        let pair = |ev: &[u8]| {
            grading::grade_pair(
                api.as_bytes(),
                ev,
                rubric,
                Some(e),
                &Limits::default(),
                &Default::default(),
            )
            .unwrap_or_else(|err| panic!("{}: {}", e.id, err.error))
        };
        let good = pair(events.as_bytes());
        assert_eq!(good.level, "strong hire", "{}: {}", e.id, good.level_reason);
        // The pair meets every requirement and every probe, those about the event design too.
        let coverage: Vec<&str> = good
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("coverage/"))
            .map(|f| f.message.as_str())
            .collect();
        assert!(coverage.is_empty(), "{}: {coverage:#?}", e.id);

        // A real-time capability offered only in the event document is met there: the API
        // without its operations, beside the event model answer, misses nothing.
        let api_doc = model_answer(&catalog, e);
        for cap in e
            .capabilities
            .iter()
            .filter(|c| c.alternatives.iter().any(|a| a.is_event_form()))
        {
            let without = json(&without_capabilities(e, &api_doc, &[&cap.id]));
            let r = grade_pair(&catalog, e, &without, events);
            let missing: Vec<&str> = r
                .findings
                .iter()
                .filter(|f| f.rule == "coverage/required-capabilities")
                .map(|f| f.message.as_str())
                .collect();
            assert!(
                missing.is_empty(),
                "{}: without {} over REST: {missing:#?}",
                e.id,
                cap.id
            );
            // The same API alone misses it.
            assert!(
                grade(&catalog, e, &without)
                    .deductions
                    .iter()
                    .any(|d| d.kind == "missing-capability" && d.id == cap.id),
                "{}: {}",
                e.id,
                cap.id
            );
        }

        let bad = pair(&weak);
        assert!(
            rank(&bad.level) >= rank("lean no hire"),
            "{}: {} {}",
            e.id,
            bad.score,
            bad.level
        );
        assert!(
            bad.level_reason.contains("the event design scores"),
            "{}: {}",
            e.id,
            bad.level_reason
        );
        assert!(
            bad.score < good.score - 40.0,
            "{}: {} vs {}",
            e.id,
            bad.score,
            good.score
        );

        // Gaps: no shared envelope fields and no resume point said anywhere.
        let gappy = events
            .replace("resume", "restart")
            .replace("Last-Event-ID", "X-Nothing")
            .replace("schema_version", "kind_of_thing")
            .replace("occurred_at", "happened");
        let mid = pair(gappy.as_bytes());
        assert!(
            rank(&mid.level) >= rank("hire"),
            "{}: {} {}",
            e.id,
            mid.score,
            mid.level_reason
        );
        assert!(mid.score < good.score, "{}", e.id);
    }
    assert!(pairs >= 8, "{pairs} case studies have an event model answer");
}

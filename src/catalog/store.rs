//! Loading the catalogue: exercises and rubrics, from the copies embedded in the binary (so
//! `apidojo grade` works from any directory) or from a directory holding `exercises/` and
//! `rubrics/` (for editing the catalogue without rebuilding).
//!
//! Every file is validated; an invalid file is reported and left out, so one broken exercise
//! does not stop the others from being graded against.
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use include_dir::{include_dir, Dir};

use super::error::CatalogError;
use super::questions::QuestionBank;
use super::rubrics::{parse_rubric_file, resolve_rubric, RubricFile, SchemaCheck};
use crate::grading::exercise::{Check, Exercise};
use crate::grading::load::{load, parse, Document, Limits};
use crate::grading::rubric::Rubric;
use crate::grading::rule::Dimension;
use crate::grading::rules;

static EXERCISES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/exercises");
static RUBRICS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rubrics");

/// The rubric used when neither the command line nor the exercise names one.
pub const DEFAULT_RUBRIC: &str = "api-design-core";

/// Exercises and resolved rubrics by id, plus whatever failed to load.
#[derive(Debug, Default)]
pub struct Catalog {
    exercises: BTreeMap<String, Exercise>,
    rubrics: BTreeMap<String, Rubric>,
    /// Files under `exercises/` other than the exercises themselves (model answers, starters),
    /// by path relative to `exercises/`.
    documents: BTreeMap<String, Cow<'static, str>>,
    /// The question bank (`exercises/questions/`), drilled with spaced repetition.
    questions: QuestionBank,
    /// Every problem found, in file order. Empty for a healthy catalogue.
    pub errors: Vec<CatalogError>,
}

/// One catalogue file: path relative to its folder (`url-shortener.yaml`,
/// `model-answers/url-shortener.yaml`) and its text (borrowed from the binary when embedded).
type Files = Vec<(String, Cow<'static, str>)>;

fn embedded(dir: &'static Dir<'static>) -> Files {
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for f in d.files() {
            if let Some(text) = f.contents_utf8() {
                out.push((f.path().to_string_lossy().replace('\\', "/"), Cow::Borrowed(text)));
            }
        }
        stack.extend(d.dirs());
    }
    out.sort();
    out
}

fn from_disk(dir: &Path) -> Result<Files, CatalogError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d)
            .map_err(|e| CatalogError::new(&d.display().to_string(), "", format!("cannot read the folder: {e}")))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                let rel = path.strip_prefix(dir).unwrap_or(&path);
                out.push((rel.to_string_lossy().replace('\\', "/"), Cow::Owned(text)));
            }
        }
    }
    out.sort();
    Ok(out)
}

impl Catalog {
    /// The catalogue compiled into the binary.
    pub fn builtin() -> Catalog {
        Catalog::from_files(embedded(&EXERCISES), embedded(&RUBRICS))
    }

    /// The catalogue in `root/exercises` and `root/rubrics`.
    pub fn from_dir(root: &Path) -> Catalog {
        let mut errors = Vec::new();
        let mut read = |sub: &str| {
            from_disk(&root.join(sub)).unwrap_or_else(|e| {
                errors.push(e);
                Vec::new()
            })
        };
        let (ex, ru) = (read("exercises"), read("rubrics"));
        let mut c = Catalog::from_files(ex, ru);
        errors.append(&mut c.errors);
        c.errors = errors;
        c
    }

    fn from_files(exercise_files: Files, rubric_files: Files) -> Catalog {
        let mut c = Catalog::default();
        let registry = rules::all();

        let mut raw: BTreeMap<String, RubricFile> = BTreeMap::new();
        for (path, text) in &rubric_files {
            if !is_yaml(path) || path.contains('/') {
                continue;
            }
            match parse_rubric_file(&format!("rubrics/{path}"), text) {
                Ok(f) => {
                    raw.insert(f.id.clone(), f);
                }
                Err(e) => c.errors.push(e),
            }
        }
        for id in raw.keys() {
            match resolve_rubric(id, &raw, &registry) {
                Ok(r) => {
                    c.rubrics.insert(id.clone(), r);
                }
                Err(e) => c.errors.push(e),
            }
        }
        if !c.rubrics.contains_key(DEFAULT_RUBRIC) && !raw.contains_key(DEFAULT_RUBRIC) {
            c.errors.push(CatalogError::new(
                &format!("rubrics/{DEFAULT_RUBRIC}.yaml"),
                "",
                "the default rubric is missing",
            ));
        }

        let schema = exercise_files
            .iter()
            .find(|(p, _)| p == "exercise.schema.json")
            .map(|(_, t)| SchemaCheck::new(t));
        for (path, text) in &exercise_files {
            if path.contains('/') && !path.starts_with("questions/") {
                c.documents.insert(path.clone(), text.clone());
            }
        }
        for (path, text) in &exercise_files {
            if !is_yaml(path) || path.contains('/') {
                continue;
            }
            let file = format!("exercises/{path}");
            match c.load_exercise(&file, path, text, schema.as_ref()) {
                Ok(e) => {
                    c.exercises.insert(e.id.clone(), e);
                }
                Err(e) => c.errors.push(e),
            }
        }
        let bank_files = exercise_files.iter().map(|(p, t)| (p.as_str(), t.as_ref()));
        c.questions = QuestionBank::load(bank_files, &c.exercises, &mut c.errors);
        c
    }

    fn load_exercise(
        &self,
        file: &str,
        path: &str,
        text: &str,
        schema: Option<&SchemaCheck>,
    ) -> Result<Exercise, CatalogError> {
        let (value, _) = parse(text, &Limits::default()).map_err(|e| CatalogError::new(file, "", e.to_string()))?;
        if let Some(schema) = schema {
            schema.check(file, &value)?;
        }
        let mut ex: Exercise = serde_json::from_value(value).map_err(|e| CatalogError::new(file, "", e.to_string()))?;
        let stem = path.rsplit_once('.').map_or(path, |(s, _)| s);
        if ex.id != stem {
            return Err(CatalogError::new(
                file,
                "/id",
                format!("id {:?} must equal the file name {stem:?}", ex.id),
            ));
        }
        if let Some(r) = &ex.rubric {
            if !self.rubrics.contains_key(r) {
                return Err(CatalogError::new(
                    file,
                    "/rubric",
                    format!("no rubric with id {r:?} under rubrics/"),
                ));
            }
        }
        for (field, doc) in [
            ("/model_answer", &ex.model_answer),
            ("/events_model_answer", &ex.events_model_answer),
            ("/starter", &ex.starter),
        ] {
            if let Some(doc) = doc {
                if !self.documents.contains_key(doc) {
                    return Err(CatalogError::new(
                        file,
                        field,
                        format!("exercises/{doc} does not exist"),
                    ));
                }
            }
        }
        check_event_forms(file, &ex)?;
        check_expectations(file, &ex)?;
        ex.starter_document = ex.starter.as_deref().and_then(|p| self.starter_document(p));
        Ok(ex)
    }

    /// The starter at `path` parsed once, here, for every grade against its exercise. A starter
    /// that does not load is left unparsed (the grader then has nothing to compare with) and is
    /// reported by `apidojo exercises check`, which loads every document the candidate sees.
    fn starter_document(&self, path: &str) -> Option<Arc<Document>> {
        let text = self.documents.get(path)?;
        load(text.as_bytes(), &Limits::default()).ok().map(Arc::new)
    }

    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.get(id)
    }

    /// Exercises in id order.
    pub fn exercises(&self) -> impl Iterator<Item = &Exercise> {
        self.exercises.values()
    }

    /// The question bank, in outline order.
    pub fn questions(&self) -> &QuestionBank {
        &self.questions
    }

    pub fn rubric(&self, id: &str) -> Option<&Rubric> {
        self.rubrics.get(id)
    }

    /// Rubrics in id order.
    pub fn rubrics(&self) -> impl Iterator<Item = &Rubric> {
        self.rubrics.values()
    }

    /// A model answer or starter document by its path relative to `exercises/`.
    pub fn document(&self, path: &str) -> Option<&str> {
        self.documents.get(path).map(|d| d.as_ref())
    }

    /// The rubric an exercise is graded with: the one named, else the exercise's, else the default.
    pub fn rubric_for(&self, named: Option<&str>, exercise: Option<&Exercise>) -> Option<&Rubric> {
        let id = named
            .or_else(|| exercise.and_then(|e| e.rubric.as_deref()))
            .unwrap_or(DEFAULT_RUBRIC);
        self.rubric(id)
    }
}

/// An event form of a capability is met in an event document, which only an exercise with an
/// event model answer takes; a capability needs a REST form too, so a design over REST alone can
/// meet it and the finding can suggest an operation.
fn check_event_forms(file: &str, ex: &Exercise) -> Result<(), CatalogError> {
    for (i, cap) in ex.capabilities.iter().enumerate() {
        for (j, alt) in cap.alternatives.iter().enumerate() {
            if alt.is_event_form() && !ex.takes_event_document() {
                return Err(CatalogError::new(
                    file,
                    &format!("/capabilities/{i}/match/{j}/events"),
                    "an event form is met in an event document, and this exercise takes none (no events_model_answer)",
                ));
            }
        }
        if cap.alternatives.iter().all(|a| a.is_event_form()) {
            return Err(CatalogError::new(
                file,
                &format!("/capabilities/{i}/match"),
                "give a REST form beside the event form: a design may offer this over REST alone",
            ));
        }
    }
    Ok(())
}

/// What the schema cannot say about expectations: ids unique, `for` naming the exercise's own
/// capabilities, per-operation checks having a `for`, rules that exist, a starter to compare with.
fn check_expectations(file: &str, ex: &Exercise) -> Result<(), CatalogError> {
    let mut seen = std::collections::BTreeSet::new();
    for (i, e) in ex.expectations.iter().enumerate() {
        let at = |field: &str| format!("/expectations/{i}{field}");
        if !seen.insert(e.id.as_str()) {
            return Err(CatalogError::new(
                file,
                &at("/id"),
                format!("expectation id {:?} is used twice", e.id),
            ));
        }
        for (j, entry) in e.capabilities.iter().enumerate() {
            let cap = entry.id();
            if !ex.capabilities.iter().any(|c| c.id == cap) {
                let known: Vec<&str> = ex.capabilities.iter().map(|c| c.id.as_str()).collect();
                return Err(CatalogError::new(
                    file,
                    &at(&format!("/for/{j}")),
                    format!("no capability {cap:?} in this exercise; it has: {}", known.join(", ")),
                ));
            }
        }
        if e.check.per_operation() && e.capabilities.is_empty() {
            return Err(CatalogError::new(
                file,
                &at("/for"),
                "this check judges operations: name the capabilities whose operations it applies to",
            ));
        }
        // `one-of` and `not` nest checks: each part is held to the same.
        for part in e.check.parts() {
            match part {
                Check::Rule(id) if rules::by_id(id).is_none() => {
                    let field = if std::ptr::eq(part, &e.check) {
                        "/check/rule"
                    } else {
                        "/check"
                    };
                    return Err(CatalogError::new(
                        file,
                        &at(field),
                        format!("no rule {id:?}; `apidojo rules list` shows them"),
                    ));
                }
                Check::Rule(id)
                    if !ex.takes_event_document()
                        && rules::by_id(id).is_some_and(|r| r.meta().dimension == Dimension::Events) =>
                {
                    return Err(CatalogError::new(
                        file,
                        &at("/check"),
                        format!("{id} judges an event document, and this exercise takes none (no events_model_answer)"),
                    ));
                }
                Check::NoBreakingChanges if ex.starter.is_none() => {
                    return Err(CatalogError::new(
                        file,
                        &at("/check"),
                        "no-breaking-changes compares with a starter, and this exercise has none",
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn is_yaml(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog_with_starter(starter: &'static str) -> Catalog {
        let exercise = "id: mock\nversion: 1\nkind: mock\ntitle: t\nsummary: s\ndifficulty: easy\n\
                        time_limit_minutes: 30\nprompt: p\nstarter: starters/mock.yaml\n";
        let files = vec![
            ("mock.yaml".to_string(), Cow::Borrowed(exercise)),
            ("starters/mock.yaml".to_string(), Cow::Borrowed(starter)),
        ];
        Catalog::from_files(files, Vec::new())
    }

    /// A case study with one capability and one expectation whose `for` and `check` are given.
    fn catalog_with_expectation(r#for: &str, check: &str) -> Catalog {
        let exercise = format!(
            "id: study\nversion: 1\nkind: case-study\ntitle: t\nsummary: s\ndifficulty: easy\n\
             time_limit_minutes: 30\ntags: [t]\nrubric: api-design-core\nprompt: p\nmodel_answer: model-answers/study.yaml\ncapabilities:\n  - id: create-link\n    description: d\n\
             \x20   match: [ {{ methods: [POST], resources: [link] }} ]\nexpectations:\n  - id: e\n    kind: probe\n\
             \x20   title: t\n    why: w\n    fix: f\n    for: {for}\n    check: {check}\n"
        );
        let schema = include_str!("../../exercises/exercise.schema.json");
        let files = vec![
            ("exercise.schema.json".to_string(), Cow::Borrowed(schema)),
            ("study.yaml".to_string(), Cow::Owned(exercise)),
            (
                "model-answers/study.yaml".to_string(),
                Cow::Borrowed("openapi: 3.0.3\n"),
            ),
        ];
        let rubric = include_str!("../../rubrics/api-design-core.yaml");
        Catalog::from_files(files, vec![("api-design-core.yaml".to_string(), Cow::Borrowed(rubric))])
    }

    fn exercise_errors(c: &Catalog) -> Vec<String> {
        c.errors
            .iter()
            .map(|e| e.to_string())
            .filter(|e| e.contains("study.yaml"))
            .collect()
    }

    #[test]
    fn the_parts_of_one_of_and_not_are_checked_like_a_check() {
        let ok = catalog_with_expectation(
            "[create-link]",
            "{ one-of: [ { rule: idempotency/idempotency-key }, { not: { query-param: { names: [offset] } } } ] }",
        );
        assert_eq!(exercise_errors(&ok), Vec::<String>::new());
        assert!(ok.exercise("study").is_some());
        let unknown = catalog_with_expectation(
            "[create-link]",
            "{ one-of: [ { rule: idempotency/no-such-rule }, { request-header: { names: [Idempotency-Key] } } ] }",
        );
        let errors = exercise_errors(&unknown);
        assert!(
            errors.len() == 1 && errors[0].contains("/expectations/0/check") && errors[0].contains("no rule"),
            "{errors:?}"
        );
    }

    #[test]
    fn event_forms_and_event_rules_need_an_exercise_that_takes_an_event_document() {
        let rule = catalog_with_expectation("[create-link]", "{ rule: events/heartbeat }");
        let errors = exercise_errors(&rule);
        assert!(
            errors.len() == 1 && errors[0].contains("events/heartbeat judges an event document"),
            "{errors:?}"
        );
        let schema = include_str!("../../exercises/exercise.schema.json");
        let rubric = include_str!("../../rubrics/api-design-core.yaml");
        let with_form = |events_answer: &str, rest_form: &str| {
            let exercise = format!(
                "id: study\nversion: 1\nkind: case-study\ntitle: t\nsummary: s\ndifficulty: easy\n\
                 time_limit_minutes: 30\ntags: [t]\nrubric: api-design-core\nprompt: p\n\
                 model_answer: model-answers/study.yaml\n{events_answer}capabilities:\n  - id: realtime\n\
                 \x20   description: d\n    match: [ {rest_form}{{ events: {{ names: [message] }} }} ]\n"
            );
            let files = vec![
                ("exercise.schema.json".to_string(), Cow::Borrowed(schema)),
                ("study.yaml".to_string(), Cow::Owned(exercise)),
                (
                    "model-answers/study.yaml".to_string(),
                    Cow::Borrowed("openapi: 3.0.3\n"),
                ),
                (
                    "model-answers/events/study.yaml".to_string(),
                    Cow::Borrowed("asyncapi: 3.0.0\n"),
                ),
            ];
            let c = Catalog::from_files(files, vec![("api-design-core.yaml".to_string(), Cow::Borrowed(rubric))]);
            exercise_errors(&c)
        };
        let events_answer = "events_model_answer: model-answers/events/study.yaml\n";
        let rest = "{ methods: [GET], resources: [socket] }, ";
        assert_eq!(with_form(events_answer, rest), Vec::<String>::new());
        let errors = with_form("", rest);
        assert!(
            errors.len() == 1 && errors[0].contains("/capabilities/0/match/1/events"),
            "{errors:?}"
        );
        let errors = with_form(events_answer, "");
        assert!(
            errors.len() == 1 && errors[0].contains("give a REST form"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_for_entry_with_methods_names_a_capability_of_the_exercise() {
        let ok = catalog_with_expectation("[ { capability: create-link, methods: [POST] } ]", "precondition");
        assert_eq!(exercise_errors(&ok), Vec::<String>::new());
        let e = &ok.exercise("study").unwrap().expectations[0];
        assert!(e.capabilities[0].allows("POST") && !e.capabilities[0].allows("GET"));
        let unknown = catalog_with_expectation("[ { capability: delete-link, methods: [DELETE] } ]", "precondition");
        let errors = exercise_errors(&unknown);
        assert!(
            errors.len() == 1 && errors[0].contains("/expectations/0/for/0") && errors[0].contains("delete-link"),
            "{errors:?}"
        );
        // A method is an upper-case HTTP method (the schema says so).
        let lower = catalog_with_expectation("[ { capability: create-link, methods: [post] } ]", "precondition");
        assert_eq!(exercise_errors(&lower).len(), 1);
    }

    #[test]
    fn a_starter_is_parsed_when_the_catalogue_loads() {
        let c = catalog_with_starter("openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\n");
        let starter = c.exercise("mock").unwrap().starter_document.as_ref();
        assert_eq!(starter.expect("the starter is parsed").version, "3.0.3");
    }

    #[test]
    fn a_starter_that_does_not_load_is_left_to_exercises_check() {
        let c = catalog_with_starter("openapi: 3.0.3\npaths: [");
        let ex = c.exercise("mock").expect("the exercise still loads");
        assert!(ex.starter_document.is_none());
        // `apidojo exercises check` loads the text and reports the error.
        assert_eq!(c.document("starters/mock.yaml"), Some("openapi: 3.0.3\npaths: ["));
    }
}

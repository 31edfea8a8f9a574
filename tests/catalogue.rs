//! The catalogue holds up its promises: every model answer scores at least 90 on its own exercise,
//! every mock's starting document scores below its model answer, and the case studies named by
//! the course are all there.
use apidojo::catalog::{Catalog, ExerciseKind};
use apidojo::grading::{self, Limits};

const CASE_STUDIES: [&str; 17] = [
    "search",
    "file-upload",
    "comments-ratings",
    "pub-sub",
    "url-shortener",
    "notifications",
    "video-streaming",
    "chat-messenger",
    "maps",
    "video-conferencing",
    "online-judge",
    "payments",
    "social-feed",
    "ride-hailing",
    "leaderboard",
    "chess",
    "price-tracker",
];

fn score(catalog: &Catalog, id: &str, path: &str) -> f64 {
    let exercise = catalog.exercise(id).unwrap();
    let text = catalog
        .document(path)
        .unwrap_or_else(|| panic!("{id}: {path} is missing"));
    let rubric = catalog.rubric_for(None, Some(exercise)).unwrap();
    grading::grade(text.as_bytes(), rubric, Some(exercise), &Limits::default())
        .unwrap_or_else(|e| panic!("{id}: {path} cannot be graded: {e}"))
        .score
}

#[test]
fn the_catalogue_loads_without_errors() {
    let catalog = Catalog::builtin();
    assert!(catalog.errors.is_empty(), "{:?}", catalog.errors);
    for id in CASE_STUDIES {
        let e = catalog
            .exercise(id)
            .unwrap_or_else(|| panic!("case study {id} is missing"));
        assert_eq!(e.kind, ExerciseKind::CaseStudy, "{id}");
    }
    let count = |k| catalog.exercises().filter(|e| e.kind == k).count();
    assert!(count(ExerciseKind::Mock) >= 6);
    assert!(count(ExerciseKind::Checklist) >= 5);
}

#[test]
fn every_model_answer_scores_at_least_90_on_its_own_exercise() {
    let catalog = Catalog::builtin();
    let mut low = Vec::new();
    for e in catalog.exercises().filter(|e| e.kind != ExerciseKind::Checklist) {
        let path = e
            .model_answer
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no model answer", e.id));
        let s = score(&catalog, &e.id, path);
        if s < 90.0 {
            low.push(format!("{}: {s}", e.id));
        }
    }
    assert!(low.is_empty(), "model answers below 90: {low:?}");
}

#[test]
fn every_mock_starts_from_a_document_worse_than_its_model_answer() {
    let catalog = Catalog::builtin();
    for e in catalog.exercises().filter(|e| e.kind == ExerciseKind::Mock) {
        let starter = score(&catalog, &e.id, e.starter.as_deref().unwrap());
        let model = score(&catalog, &e.id, e.model_answer.as_deref().unwrap());
        assert!(
            starter + 5.0 <= model,
            "{}: starter {starter} vs model answer {model}",
            e.id
        );
    }
}

/// `grade_submission`, the one path the service grades through: a document yields its rubric,
/// level and per-dimension scores; a checklist is JSON only and shows its key only when asked.
#[test]
fn a_submission_is_graded_into_a_typed_result() {
    use apidojo::grading::load::Format;
    use apidojo::grading::submission::{grade_submission, Submission, SubmissionError};
    let catalog = Catalog::builtin();
    let limits = Limits::default();

    let shortener = catalog.exercise("url-shortener").unwrap();
    let rubric = catalog.rubric_for(None, Some(shortener)).unwrap();
    let answer = catalog.document("model-answers/url-shortener.yaml").unwrap();
    let document = Submission {
        bytes: answer.as_bytes(),
        declared: Format::Yaml,
        events: None,
        exercise: Some(shortener),
        rubric,
        reveal_answer_key: true,
    };
    let graded = grade_submission(&document, &limits).unwrap();
    let report = grading::grade(answer.as_bytes(), rubric, Some(shortener), &limits).unwrap();
    assert_eq!(graded.report_json, serde_json::to_string(&report).unwrap());
    assert_eq!(graded.level.as_deref(), Some(report.level.as_str()));
    let used = graded.rubric.as_ref().unwrap();
    assert_eq!(
        (used.id.as_str(), i64::from(used.version)),
        (report.rubric.as_str(), report.rubric_version as i64)
    );
    assert_eq!(graded.dimensions.len(), report.dimensions.len());
    let as_json = Submission {
        declared: Format::Json,
        ..document
    };
    assert!(matches!(
        grade_submission(&as_json, &limits),
        Err(SubmissionError::NotJson)
    ));

    let checklist = catalog.exercise("idempotency-keys").unwrap();
    let answers = br#"{"answers": {"idempotent-methods": ["a", "c", "d"]}}"#;
    let mut submission = Submission {
        bytes: answers,
        declared: Format::Json,
        events: None,
        exercise: Some(checklist),
        rubric,
        reveal_answer_key: true,
    };
    let revealed = grade_submission(&submission, &limits).unwrap();
    assert!(revealed.level.is_none() && revealed.rubric.is_none() && revealed.dimensions.is_empty());
    let expected =
        |json: &str| serde_json::from_str::<serde_json::Value>(json).unwrap()["items"][0]["expected"].clone();
    assert_eq!(expected(&revealed.report_json), serde_json::json!(["a", "c", "d"]));
    submission.reveal_answer_key = false;
    let hidden = grade_submission(&submission, &limits).unwrap();
    assert!(expected(&hidden.report_json).is_null(), "{}", hidden.report_json);
    assert_eq!(hidden.score, revealed.score);
    submission.declared = Format::Yaml;
    assert!(matches!(
        grade_submission(&submission, &limits),
        Err(SubmissionError::ChecklistNotJson)
    ));
}

//! One submission graded the way the service stores it: an OpenAPI document against a rubric
//! (and its exercise), or a checklist's answers against the exercise's key. The result is a
//! named, typed [`GradedSubmission`]: the report serialised once (stored and sent as is), the
//! overall score and level, the rubric used and each dimension's score.
use std::fmt;

use super::checklist::{self, AnswersError};
use super::exercise::{Exercise, ExerciseKind};
use super::load::{self, Format, LoadError};
use super::{grade_documents, grade_text, GradeOptions, Limits, PairError, Rubric};

/// What to grade.
pub struct Submission<'a> {
    pub bytes: &'a [u8],
    /// The format the submitter declared (its `Content-Type`).
    pub declared: Format,
    /// The event document (AsyncAPI 3.x) beside `bytes`, when the submission carries both.
    /// `bytes` may then be empty: the event document is graded alone.
    pub events: Option<&'a [u8]>,
    pub exercise: Option<&'a Exercise>,
    /// The rubric for a document; a checklist is scored by its own key.
    pub rubric: &'a Rubric,
    /// Whether the report may show a checklist's answer key: only inside the candidate's own
    /// attempt, never in stateless grading.
    pub reveal_answer_key: bool,
}

/// What grading produced, ready to store.
#[derive(Debug)]
pub struct GradedSubmission {
    /// The submission as text, exactly as it came (its UTF-8 checked once, before grading).
    pub content: String,
    /// The event document as text, when the submission carried one.
    pub events_content: Option<String>,
    /// The report, serialised once: stored, and sent as is.
    pub report_json: String,
    pub score: f64,
    /// The hiring level; checklists have none.
    pub level: Option<String>,
    /// The rubric a document was graded with; checklists have none.
    pub rubric: Option<RubricUsed>,
    pub dimensions: Vec<DimensionGraded>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RubricUsed {
    pub id: String,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DimensionGraded {
    pub id: String,
    /// `None` when nothing in the document was subject to the dimension.
    pub score: Option<f64>,
    pub weight: f64,
}

/// Why a submission was not graded. Each `Display` is one sentence for the submitter, except
/// [`SubmissionError::Internal`], which is the service's fault.
#[derive(Debug)]
pub enum SubmissionError {
    /// A checklist's answers arrived as something other than JSON.
    ChecklistNotJson,
    /// Declared as JSON, but the body does not start like JSON.
    NotJson,
    /// A checklist's answers that do not fit the checklist.
    Answers(AnswersError),
    /// A document that cannot be graded.
    Document(LoadError),
    /// One document of two that cannot be graded: `api` or `events`.
    InDocument(PairError),
    /// An event document for an exercise that takes none.
    EventsNotTaken,
    /// The report could not be stored as the service expects.
    Internal(String),
}

impl fmt::Display for SubmissionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubmissionError::ChecklistNotJson => {
                f.write_str("checklist answers are JSON: send Content-Type: application/json")
            }
            SubmissionError::NotJson => f.write_str(
                "the body was sent as application/json but is not JSON; send a YAML document as application/yaml",
            ),
            SubmissionError::Answers(e) => write!(f, "{e}"),
            SubmissionError::Document(e) => write!(f, "the document could not be graded: {e}"),
            SubmissionError::InDocument(e) if e.document == "events" => {
                write!(f, "the event document could not be graded: {}", e.error)
            }
            SubmissionError::InDocument(e) => write!(f, "the API document could not be graded: {}", e.error),
            SubmissionError::EventsNotTaken => f.write_str(
                "this exercise takes no event document: send the OpenAPI document alone, as application/yaml or application/json",
            ),
            SubmissionError::Internal(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for SubmissionError {}

/// Grades one submission. Pure and blocking: the server runs it off its async workers.
pub fn grade_submission(s: &Submission<'_>, limits: &Limits) -> Result<GradedSubmission, SubmissionError> {
    let checklist = s.exercise.filter(|e| e.kind == ExerciseKind::Checklist);
    if let Some(events) = s.events {
        if checklist.is_some() {
            return Err(SubmissionError::ChecklistNotJson);
        }
        if !blank(events) && s.exercise.is_some_and(|e| !e.takes_event_document()) {
            return Err(SubmissionError::EventsNotTaken);
        }
        return grade_two(s, limits);
    }
    if checklist.is_some() && s.declared != Format::Json {
        return Err(SubmissionError::ChecklistNotJson);
    }
    let text = load::utf8(s.bytes).map_err(SubmissionError::Document)?;
    if let Some(ex) = checklist {
        let report = checklist::grade(ex, text).map_err(SubmissionError::Answers)?;
        let report = if s.reveal_answer_key {
            report
        } else {
            report.without_answer_key()
        };
        return Ok(GradedSubmission {
            content: text.to_owned(),
            events_content: None,
            report_json: to_json(&report)?,
            score: report.score,
            level: None,
            rubric: None,
            dimensions: Vec::new(),
        });
    }
    // A document declared as JSON must be JSON: it is stored and served back with that type.
    if s.declared == Format::Json && !looks_like_json(s.bytes) {
        return Err(SubmissionError::NotJson);
    }
    let report = grade_text(text, s.rubric, s.exercise, limits).map_err(SubmissionError::Document)?;
    graded(text.to_owned(), None, &report)
}

/// An OpenAPI document and the event document beside it (either may be blank: the other is
/// then graded alone), into one report whose findings say which document they point into.
fn grade_two(s: &Submission<'_>, limits: &Limits) -> Result<GradedSubmission, SubmissionError> {
    let in_doc = |document| move |error| SubmissionError::InDocument(PairError { document, error });
    let api = load::utf8(s.bytes).map_err(in_doc("api"))?;
    let events = load::utf8(s.events.unwrap_or_default()).map_err(in_doc("events"))?;
    let given = |t: &'_ str| !blank(t.as_bytes());
    let report = grade_documents(
        given(api).then_some(api),
        given(events).then_some(events),
        s.rubric,
        s.exercise,
        limits,
        &GradeOptions::default(),
    )
    .map_err(SubmissionError::InDocument)?;
    graded(api.to_owned(), given(events).then(|| events.to_owned()), &report)
}

/// Nothing but a byte-order mark and whitespace: a document left empty.
fn blank(bytes: &[u8]) -> bool {
    bytes
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or(bytes)
        .iter()
        .all(u8::is_ascii_whitespace)
}

fn graded(
    content: String,
    events_content: Option<String>,
    report: &super::Report,
) -> Result<GradedSubmission, SubmissionError> {
    let version = i32::try_from(report.rubric_version)
        .map_err(|_| SubmissionError::Internal(format!("rubric version {} is out of range", report.rubric_version)))?;
    Ok(GradedSubmission {
        content,
        events_content,
        report_json: to_json(report)?,
        score: report.score,
        level: Some(report.level.clone()),
        rubric: Some(RubricUsed {
            id: report.rubric.clone(),
            version,
        }),
        dimensions: report
            .dimensions
            .iter()
            .map(|d| DimensionGraded {
                id: d.id.id().to_owned(),
                score: d.score,
                weight: d.weight,
            })
            .collect(),
    })
}

/// Whether the first character after a byte-order mark and whitespace opens a JSON document.
/// An empty body passes here and is refused by the loader with its own words.
pub fn looks_like_json(bytes: &[u8]) -> bool {
    let first = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    first.is_none_or(|b| *b == b'{' || *b == b'[')
}

fn to_json(report: &impl serde::Serialize) -> Result<String, SubmissionError> {
    serde_json::to_string(report).map_err(|e| SubmissionError::Internal(format!("the report did not serialise: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_recognised_by_its_first_character() {
        assert!(looks_like_json(b"  {\"openapi\": \"3.0.3\"}"));
        assert!(looks_like_json("\u{feff}[1]".as_bytes()));
        assert!(looks_like_json(b"   "));
        assert!(!looks_like_json(b"openapi: 3.0.3"));
    }
}

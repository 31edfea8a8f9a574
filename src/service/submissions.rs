//! Submissions: grading a body on receipt (off the async workers), storing it with its report
//! and scores (an `Idempotency-Key` replays the same submission), reading the ones a viewer may
//! see with their effective scores, what changed between two of them, a candidate's progress per
//! dimension, and stateless grading, rate-limited per user.
use std::collections::{BTreeMap, BTreeSet};

use actix_web::web;
use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::Value;

use crate::auth::AuthUser;
use crate::catalog::Exercise;
use crate::db::attempts::Attempt;
use crate::db::reviews::{effective, Effective, Override};
use crate::db::submissions::{DimensionScore, HistoryRow, Stored, Submission, SubmissionSummary};
use crate::db::Cursor;
use crate::error::{AppError, OrNotFound};
use crate::grading::load::Format;
use crate::grading::rule::Dimension;
use crate::grading::score::round1;
use crate::grading::submission::{
    grade_submission, looks_like_json, GradedSubmission, Submission as SubmissionInput, SubmissionError,
};
use crate::service::access::can_view_work;
use crate::service::reports::{without_explanation, StoredReport};
use crate::state::AppState;

/// Late means after the deadline plus the grace period, by the server's clock.
pub fn is_late(state: &AppState, submitted_at: NaiveDateTime, deadline_at: NaiveDateTime) -> bool {
    let grace = chrono::Duration::from_std(state.settings.submission_grace).unwrap_or_default();
    submitted_at > deadline_at + grace
}

/// What a submission carries: one body (an OpenAPI document, an AsyncAPI one, or a checklist's
/// answers) in its declared format, or an OpenAPI document and an event document side by side.
pub struct Body {
    pub bytes: web::Bytes,
    pub declared: Format,
    /// The event document beside `bytes` (which may then be blank).
    pub events: Option<web::Bytes>,
}

impl Body {
    /// One document or a checklist's answers.
    pub fn one(bytes: web::Bytes, declared: Format) -> Self {
        Self {
            bytes,
            declared,
            events: None,
        }
    }

    /// An OpenAPI document and an event document, as texts (each YAML or JSON).
    pub fn two(api: String, events: Option<String>) -> Self {
        // A blank API document (the event document graded alone) is stored as YAML.
        let declared = if !api.trim().is_empty() && looks_like_json(api.as_bytes()) {
            Format::Json
        } else {
            Format::Yaml
        };
        Self {
            bytes: web::Bytes::from(api),
            declared,
            events: events.map(web::Bytes::from),
        }
    }

    /// What identifies the submission's content: the SHA-256 of the document, or, with an
    /// event document, of the document, a NUL byte and the event document.
    fn sha256(&self) -> String {
        match &self.events {
            None => crate::hashing::sha256_hex(&self.bytes),
            Some(events) => {
                let mut all = Vec::with_capacity(self.bytes.len() + events.len() + 1);
                all.extend_from_slice(&self.bytes);
                all.push(0);
                all.extend_from_slice(events);
                crate::hashing::sha256_hex(&all)
            }
        }
    }
}

/// Grades a body against an exercise (or none), off the async workers.
pub async fn grade(
    state: &AppState,
    exercise: Option<Exercise>,
    body: Body,
    within_attempt: bool,
) -> Result<GradedSubmission, AppError> {
    let Body {
        bytes,
        declared,
        events,
    } = body;
    let catalog = state.catalog.clone();
    let limits = state.limits.clone();
    let metrics = state.metrics.clone();
    // The grading runs on a blocking thread: its span is a child of the request's.
    let span = tracing::info_span!(
        "grade",
        exercise = exercise.as_ref().map_or("", |e| e.id.as_str()),
        bytes = bytes.len() + events.as_ref().map_or(0, |e| e.len()),
        elapsed_ms = tracing::field::Empty,
    );
    web::block(move || -> Result<GradedSubmission, AppError> {
        let _entered = span.enter();
        let started = std::time::Instant::now();
        let rubric = catalog
            .rubric_for(None, exercise.as_ref())
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("the default rubric is missing from the catalogue")))?;
        let submission = SubmissionInput {
            bytes: &bytes,
            declared,
            events: events.as_deref(),
            exercise: exercise.as_ref(),
            rubric,
            // Outside an attempt nothing reveals a checklist's answer key.
            reveal_answer_key: within_attempt,
        };
        let graded = grade_submission(&submission, &limits);
        let elapsed = started.elapsed().as_secs_f64();
        metrics.record_grading(
            graded.is_ok(),
            bytes.len() + events.as_ref().map_or(0, |e| e.len()),
            elapsed,
        );
        let elapsed_ms = elapsed * 1000.0;
        span.record("elapsed_ms", elapsed_ms);
        match &graded {
            Ok(g) => tracing::info!(elapsed_ms, score = g.score, "graded"),
            Err(e) => tracing::info!(elapsed_ms, error = %e, "not graded"),
        }
        graded.map_err(|e| match e {
            SubmissionError::ChecklistNotJson | SubmissionError::NotJson => {
                AppError::UnsupportedMediaType(e.to_string())
            }
            SubmissionError::Answers(_) | SubmissionError::Document(_) => AppError::unprocessable(e.to_string()),
            // The field of the two-document body at fault, named as the API names it.
            SubmissionError::InDocument(ref pair) => AppError::invalid_fields(vec![crate::error::FieldError {
                pointer: if pair.document == "events" {
                    "/asyncapi"
                } else {
                    "/openapi"
                }
                .into(),
                detail: e.to_string(),
            }]),
            SubmissionError::EventsNotTaken => AppError::invalid_fields(vec![crate::error::FieldError {
                pointer: "/asyncapi".into(),
                detail: e.to_string(),
            }]),
            SubmissionError::Internal(_) => AppError::internal(anyhow::anyhow!(e)),
        })
    })
    .await?
}

/// A submission just made, or made before under the same `Idempotency-Key`.
pub struct Submitted {
    pub submission: Submission,
    pub late: bool,
    /// Made before under the same key: this answer repeats the first.
    pub replayed: bool,
}

/// Grades and stores a submission to one of the candidate's own attempts (the caller found the
/// attempt with `attempts::own_attempt`). With a key already used for the same body, the first
/// submission again; for a different body, 422.
pub async fn submit(
    state: &AppState,
    auth: &AuthUser,
    attempt: &Attempt,
    body: Body,
    key: Option<String>,
) -> Result<Submitted, AppError> {
    let sha = body.sha256();
    let declared = body.declared;
    if let Some(key) = key.clone() {
        let user = auth.id().to_owned();
        let existing = state
            .db(move |conn| Submission::by_idempotency_key(conn, &user, &key).map_err(AppError::from))
            .await?;
        if let Some(existing) = existing {
            return replay(state, existing, attempt, &sha);
        }
    }
    let exercise = state.catalog.exercise(&attempt.exercise_id).cloned().ok_or_else(|| {
        AppError::conflict(format!(
            "exercise {} is no longer in the catalogue",
            attempt.exercise_id
        ))
    })?;
    let graded = grade(state, Some(exercise), body, true).await?;
    let submission = Submission {
        id: uuid::Uuid::new_v4().to_string(),
        attempt_id: attempt.id.clone(),
        user_id: auth.id().to_owned(),
        exercise_id: attempt.exercise_id.clone(),
        exercise_version: attempt.exercise_version,
        rubric_id: graded.rubric.as_ref().map(|r| r.id.clone()),
        rubric_version: graded.rubric.as_ref().map(|r| r.version),
        content_type: declared.media_type().to_owned(),
        content: graded.content,
        events_content: graded.events_content,
        content_sha256: sha.clone(),
        report: graded.report_json,
        score: graded.score,
        level: graded.level,
        idempotency_key: key,
        submitted_at: crate::db::now(),
        after_model_answer: attempt.model_answer_shown_at.is_some(),
    };
    let scores: Vec<DimensionScore> = graded
        .dimensions
        .into_iter()
        .map(|d| DimensionScore {
            submission_id: submission.id.clone(),
            dimension: d.id,
            score: d.score,
            weight: d.weight,
        })
        .collect();
    let stored = state
        .db(move |conn| Submission::store(conn, &submission, &scores).map_err(AppError::from))
        .await?;
    match stored {
        Stored::Existing(existing) => replay(state, existing, attempt, &sha),
        Stored::Created(s) => {
            let late = is_late(state, s.submitted_at, attempt.deadline_at);
            tracing::info!(submission_id = %s.id, score = s.score, late, "submission graded");
            state.metrics.submissions.inc();
            crate::service::drills::after_submission(state, &s).await;
            Ok(Submitted {
                submission: s,
                late,
                replayed: false,
            })
        }
    }
}

/// A retry with a known Idempotency-Key: the same submission again if the request is the same,
/// a 422 if the key is being reused for something else.
fn replay(state: &AppState, existing: Submission, attempt: &Attempt, sha: &str) -> Result<Submitted, AppError> {
    if existing.attempt_id != attempt.id || existing.content_sha256 != sha {
        return Err(AppError::unprocessable(
            "this Idempotency-Key was already used for a different request; use a new key for a new submission",
        ));
    }
    let late = is_late(state, existing.submitted_at, attempt.deadline_at);
    Ok(Submitted {
        submission: existing,
        late,
        replayed: true,
    })
}

/// The submissions of an attempt (the caller found it visible), oldest first, after `cursor`.
pub async fn of_attempt(
    state: &AppState,
    attempt: &Attempt,
    cursor: Option<Cursor>,
    fetch: i64,
) -> Result<Vec<SubmissionSummary>, AppError> {
    let attempt_id = attempt.id.clone();
    state
        .db(move |conn| Submission::list_for_attempt(conn, &attempt_id, cursor.as_ref(), fetch).map_err(AppError::from))
        .await
}

/// Loads a submission and its attempt's deadline, if the viewer may see it; else 404.
pub async fn visible_submission(
    state: &AppState,
    auth: &AuthUser,
    id: String,
) -> Result<(Submission, NaiveDateTime), AppError> {
    let viewer = auth.clone();
    state
        .db(move |conn| {
            let not_found = || format!("no submission {id}");
            let s = Submission::find(conn, &id).or_not_found(not_found)?;
            if !can_view_work(conn, &viewer, &s.user_id)? {
                return Err(AppError::not_found(not_found()));
            }
            let attempt = Attempt::find(conn, &s.attempt_id)?;
            Ok((s, attempt.deadline_at))
        })
        .await
}

/// The grader's dimension scores of a submission beside the effective ones (after overrides).
pub async fn effective_scores(state: &AppState, submission: &Submission) -> Result<Effective, AppError> {
    let (id, auto) = (submission.id.clone(), submission.score);
    state
        .db(move |conn| {
            let scores = Submission::scores(conn, &id)?;
            let overrides = Override::for_submissions(conn, std::slice::from_ref(&id))?;
            Ok(effective(auto, &scores, &overrides))
        })
        .await
}

#[derive(Serialize)]
pub struct DimensionChange {
    pub id: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub change: Option<f64>,
}

/// What changed from one submission to a later one.
#[derive(Serialize)]
pub struct Diff {
    pub submission_id: String,
    pub against: String,
    pub score_before: f64,
    pub score_after: f64,
    pub score_change: f64,
    pub dimensions: Vec<DimensionChange>,
    /// Findings of `against` that are gone.
    pub fixed: Vec<Value>,
    /// Findings that `against` did not have.
    pub new: Vec<Value>,
    pub unchanged: Vec<Value>,
    /// What to fix first in the newer submission, from its report.
    pub fix_first: Value,
}

/// Findings fixed, new and unchanged between two submissions of one candidate, and the change
/// of score per dimension.
pub async fn diff(state: &AppState, auth: &AuthUser, id: String, against: String) -> Result<Diff, AppError> {
    let (after, _) = visible_submission(state, auth, id).await?;
    let (before, _) = visible_submission(state, auth, against).await?;
    if before.user_id != after.user_id {
        return Err(AppError::unprocessable(
            "both submissions must belong to the same candidate",
        ));
    }
    let before_report = StoredReport::parse(&before.report);
    let after_report = StoredReport::parse(&after.report);
    let old = before_report.findings_by_place();
    let new = after_report.findings_by_place();
    let (db, da) = (before_report.dimension_scores(), after_report.dimension_scores());
    let dimensions = da
        .keys()
        .chain(db.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|id| {
            let b = db.get(id).copied().flatten();
            let a = da.get(id).copied().flatten();
            DimensionChange {
                id: (*id).to_owned(),
                before: b,
                after: a,
                change: a.zip(b).map(|(a, b)| round1(a - b)),
            }
        })
        .collect();
    Ok(Diff {
        submission_id: after.id.clone(),
        against: before.id.clone(),
        score_before: before.score,
        score_after: after.score,
        score_change: round1(after.score - before.score),
        dimensions,
        fixed: old
            .iter()
            .filter(|(k, _)| !new.contains_key(*k))
            .map(|(_, v)| without_explanation(v))
            .collect(),
        new: new
            .iter()
            .filter(|(k, _)| !old.contains_key(*k))
            .map(|(_, v)| v.clone())
            .collect(),
        unchanged: new
            .iter()
            .filter(|(k, _)| old.contains_key(*k))
            .map(|(_, v)| without_explanation(v))
            .collect(),
        fix_first: after_report.fix_first(),
    })
}

#[derive(Serialize)]
pub struct ProgressPoint {
    pub submission_id: String,
    pub exercise_id: String,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    pub score: f64,
}

#[derive(Serialize)]
pub struct DimensionProgress {
    pub id: String,
    pub best: Option<f64>,
    pub latest: Option<f64>,
    /// Oldest first.
    pub points: Vec<ProgressPoint>,
}

#[derive(Serialize)]
pub struct Progress {
    pub dimensions: Vec<DimensionProgress>,
    /// The dimension whose latest score is lowest: what to drill next (none when every latest
    /// score is 100).
    pub weakest: Option<String>,
}

/// Every dimension score of the candidate's submissions, oldest first, with coaches' overrides
/// in place of the grader's scores they replace.
pub async fn history(state: &AppState, auth: &AuthUser) -> Result<Vec<HistoryRow>, AppError> {
    let user = auth.id().to_owned();
    state
        .db(move |conn| crate::db::reviews::effective_history(conn, &user).map_err(AppError::from))
        .await
}

/// A candidate's effective scores per dimension over time.
pub async fn progress(state: &AppState, auth: &AuthUser) -> Result<Progress, AppError> {
    let rows = history(state, auth).await?;
    let mut by_dim: BTreeMap<String, Vec<ProgressPoint>> =
        Dimension::ALL.iter().map(|d| (d.id().to_owned(), Vec::new())).collect();
    for row in rows {
        if let Some(score) = row.score {
            by_dim.entry(row.dimension).or_default().push(ProgressPoint {
                submission_id: row.submission_id,
                exercise_id: row.exercise_id,
                submitted_at: row.submitted_at.and_utc(),
                score,
            });
        }
    }
    let order: Vec<&str> = Dimension::ALL.iter().map(|d| d.id()).collect();
    let mut dimensions: Vec<DimensionProgress> = by_dim
        .into_iter()
        .map(|(id, points)| DimensionProgress {
            best: points.iter().map(|p| p.score).reduce(f64::max),
            latest: points.last().map(|p| p.score),
            id,
            points,
        })
        .collect();
    dimensions.sort_by_key(|d| order.iter().position(|o| *o == d.id).unwrap_or(usize::MAX));
    // Nothing is weak where every dimension is full marks.
    let weakest = dimensions
        .iter()
        .filter_map(|d| d.latest.filter(|l| *l < 100.0).map(|l| (l, &d.id)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id.clone());
    Ok(Progress { dimensions, weakest })
}

/// Counts one stateless grading against the user's allowance: 429 with the wait when it is spent.
pub async fn count_grading(state: &AppState, auth: &AuthUser) -> Result<(), AppError> {
    let key = format!("grade:{}", auth.id());
    let per_minute = i64::from(state.settings.grade_per_minute);
    let wait = state
        .db(move |conn| {
            crate::db::rate::hit(conn, &key, per_minute, chrono::Duration::minutes(1), crate::db::now())
                .map_err(AppError::from)
        })
        .await?;
    match wait {
        Some(wait) => Err(AppError::too_many_requests(
            format!("at most {per_minute} gradings a minute; try again in {wait} seconds"),
            wait,
        )),
        None => Ok(()),
    }
}

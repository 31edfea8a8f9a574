//! Submissions, graded on receipt:
//! - `POST /v1/attempts/{id}/submissions`: an OpenAPI document (`application/yaml` or
//!   `application/json`) or checklist answers (JSON); `Idempotency-Key` honoured;
//! - `GET /v1/attempts/{id}/submissions`, `GET /v1/submissions/{id}` (report included);
//! - `GET /v1/submissions/{id}/diff?against={other}`: what changed between two submissions;
//! - `GET /v1/me/progress`: per-dimension scores over time;
//! - `POST /v1/grade`: grading without storing anything, rate-limited per user.
use std::collections::BTreeMap;

use actix_web::{http::header, web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::access::can_view_work;
use super::attempts::visible_attempt;
use super::body::{body_kind, read_limited};
use super::pagination::{time_cursor, Page, PageQuery};
use super::routes::{Resource, Routes};
use crate::auth::AuthUser;
use crate::catalog::Exercise;
use crate::db::attempts::Attempt;
use crate::db::submissions::{DimensionScore, Stored, Submission, SubmissionSummary};
use crate::error::{AppError, OrNotFound};
use crate::grading::load::Format;
use crate::grading::submission::{grade_submission, GradedSubmission, Submission as SubmissionInput, SubmissionError};
use crate::state::AppState;

pub fn routes(routes: &mut Routes) {
    routes
        .add(
            Resource::new("/attempts/{attempt_id}/submissions")
                .post(submit)
                .get(list),
        )
        .add(Resource::new("/submissions/{submission_id}").get(get))
        .add(Resource::new("/submissions/{submission_id}/diff").get(diff))
        .add(Resource::new("/me/progress").get(progress))
        .add(Resource::new("/grade").post(grade_only));
}

/// A submission as listed: no content, no report.
#[derive(Debug, Serialize)]
pub struct SubmissionSummaryView {
    pub id: String,
    pub attempt_id: String,
    pub user_id: String,
    pub exercise_id: String,
    pub exercise_version: i32,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    pub late: bool,
    pub score: f64,
    pub level: Option<String>,
}

/// A submission with its report (and, on a single read, its content).
#[derive(Debug, Serialize)]
pub struct SubmissionView {
    #[serde(flatten)]
    pub summary: SubmissionSummaryView,
    pub rubric: Option<String>,
    pub rubric_version: Option<i32>,
    pub content_type: String,
    pub content_sha256: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The report as it was stored when the submission was graded, sent as is.
    pub report: Box<RawValue>,
}

/// Late means after the deadline plus the grace period, by the server's clock.
pub fn is_late(state: &AppState, submitted_at: NaiveDateTime, deadline_at: NaiveDateTime) -> bool {
    let grace = chrono::Duration::from_std(state.settings.submission_grace).unwrap_or_default();
    submitted_at > deadline_at + grace
}

impl SubmissionView {
    fn new(s: Submission, late: bool, with_content: bool) -> Self {
        let report = RawValue::from_string(s.report).unwrap_or_else(|_| RawValue::NULL.to_owned());
        Self {
            summary: SubmissionSummaryView {
                id: s.id,
                attempt_id: s.attempt_id,
                user_id: s.user_id,
                exercise_id: s.exercise_id,
                exercise_version: s.exercise_version,
                submitted_at: s.submitted_at.and_utc(),
                late,
                score: s.score,
                level: s.level,
            },
            rubric: s.rubric_id,
            rubric_version: s.rubric_version,
            content_type: s.content_type,
            content_sha256: s.content_sha256,
            content: with_content.then_some(s.content),
            report,
        }
    }
}

impl SubmissionSummaryView {
    fn new(s: SubmissionSummary, late: bool) -> Self {
        Self {
            id: s.id,
            attempt_id: s.attempt_id,
            user_id: s.user_id,
            exercise_id: s.exercise_id,
            exercise_version: s.exercise_version,
            submitted_at: s.submitted_at.and_utc(),
            late,
            score: s.score,
            level: s.level,
        }
    }
}

/// Grades a body against an exercise (or none), off the async workers.
async fn grade_body(
    state: &AppState,
    exercise: Option<Exercise>,
    bytes: web::Bytes,
    declared: Format,
    within_attempt: bool,
) -> Result<GradedSubmission, AppError> {
    let catalog = state.catalog.clone();
    let limits = state.limits.clone();
    // The grading runs on a blocking thread: its span is a child of the request's.
    let span = tracing::info_span!(
        "grade",
        exercise = exercise.as_ref().map_or("", |e| e.id.as_str()),
        bytes = bytes.len(),
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
            exercise: exercise.as_ref(),
            rubric,
            // Outside an attempt nothing reveals a checklist's answer key.
            reveal_answer_key: within_attempt,
        };
        let graded = grade_submission(&submission, &limits);
        let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
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
            SubmissionError::Internal(_) => AppError::internal(anyhow::anyhow!(e)),
        })
    })
    .await?
}

async fn submit(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let attempt = visible_attempt(&state, &auth, path.into_inner()).await?;
    if attempt.user_id != auth.id() {
        // Only the candidate submits to their own attempt; others who may read it still can't.
        return Err(AppError::not_found(format!("no attempt {}", attempt.id)));
    }
    let kind = body_kind(&req)?;
    let key = super::idempotency::idempotency_key(&req)?;
    let bytes = read_limited(&req, payload, state.limits.max_bytes).await?;
    let sha = crate::hashing::sha256_hex(&bytes);

    if let Some(key) = key.clone() {
        let (user, sha2) = (auth.id().to_owned(), sha.clone());
        let existing = state
            .db(move |conn| Submission::by_idempotency_key(conn, &user, &key).map_err(AppError::from))
            .await?;
        if let Some(existing) = existing {
            return replay(&state, existing, &attempt, &sha2);
        }
    }

    let exercise = state.catalog.exercise(&attempt.exercise_id).cloned().ok_or_else(|| {
        AppError::conflict(format!(
            "exercise {} is no longer in the catalogue",
            attempt.exercise_id
        ))
    })?;
    // Stored as text: refused before any grading work when it is not UTF-8.
    let content =
        String::from_utf8(bytes.to_vec()).map_err(|_| AppError::unprocessable("the document is not valid UTF-8"))?;
    let graded = grade_body(&state, Some(exercise), bytes, kind, true).await?;
    let now = crate::db::now();
    let submission = Submission {
        id: uuid::Uuid::new_v4().to_string(),
        attempt_id: attempt.id.clone(),
        user_id: auth.id().to_owned(),
        exercise_id: attempt.exercise_id.clone(),
        exercise_version: attempt.exercise_version,
        rubric_id: graded.rubric.as_ref().map(|r| r.id.clone()),
        rubric_version: graded.rubric.as_ref().map(|r| r.version),
        content_type: kind.media_type().to_owned(),
        content,
        content_sha256: sha.clone(),
        report: graded.report_json,
        score: graded.score,
        level: graded.level,
        idempotency_key: key,
        submitted_at: now,
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
        Stored::Existing(existing) => replay(&state, existing, &attempt, &sha),
        Stored::Created(s) => {
            let late = is_late(&state, s.submitted_at, attempt.deadline_at);
            tracing::info!(submission_id = %s.id, score = s.score, late, "submission graded");
            Ok(HttpResponse::Created()
                .insert_header((header::LOCATION, format!("/v1/submissions/{}", s.id)))
                .json(SubmissionView::new(s, late, false)))
        }
    }
}

/// A retry with a known Idempotency-Key: the same submission again if the request is the same,
/// a 422 if the key is being reused for something else.
fn replay(state: &AppState, existing: Submission, attempt: &Attempt, sha: &str) -> Result<HttpResponse, AppError> {
    if existing.attempt_id != attempt.id || existing.content_sha256 != sha {
        return Err(AppError::unprocessable(
            "this Idempotency-Key was already used for a different request; use a new key for a new submission",
        ));
    }
    let late = is_late(state, existing.submitted_at, attempt.deadline_at);
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/submissions/{}", existing.id)))
        .insert_header(("idempotent-replayed", "true"))
        .json(SubmissionView::new(existing, late, false)))
}

async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: crate::api::query::ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let attempt = visible_attempt(&state, &auth, path.into_inner()).await?;
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let attempt_id = attempt.id.clone();
    let rows = state
        .db(move |conn| {
            Submission::list_for_attempt(conn, &attempt_id, cursor.as_ref(), i64::from(limit) + 1)
                .map_err(AppError::from)
        })
        .await?;
    let page = Page::from_rows(
        rows,
        limit,
        |s| time_cursor(s.submitted_at, &s.id),
        |s| {
            let late = is_late(&state, s.submitted_at, attempt.deadline_at);
            SubmissionSummaryView::new(s, late)
        },
    );
    Ok(HttpResponse::Ok().json(page))
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
            let attempt = crate::db::attempts::Attempt::find(conn, &s.attempt_id)?;
            Ok((s, attempt.deadline_at))
        })
        .await
}

#[derive(Serialize)]
struct SubmissionWithEffective {
    #[serde(flatten)]
    submission: SubmissionView,
    /// The grader's dimension scores beside the effective ones (after coach overrides).
    effective: crate::db::reviews::Effective,
}

async fn get(state: web::Data<AppState>, auth: AuthUser, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (s, deadline) = visible_submission(&state, &auth, path.into_inner()).await?;
    let late = is_late(&state, s.submitted_at, deadline);
    let (id, auto) = (s.id.clone(), s.score);
    let effective = state
        .db(move |conn| {
            let scores = Submission::scores(conn, &id)?;
            let overrides = crate::db::reviews::Override::for_submissions(conn, std::slice::from_ref(&id))?;
            Ok(crate::db::reviews::effective(auto, &scores, &overrides))
        })
        .await?;
    Ok(HttpResponse::Ok().json(SubmissionWithEffective {
        submission: SubmissionView::new(s, late, true),
        effective,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiffQuery {
    against: String,
}

#[derive(Serialize)]
struct DimensionChange {
    id: String,
    before: Option<f64>,
    after: Option<f64>,
    change: Option<f64>,
}

#[derive(Serialize)]
struct Diff {
    submission_id: String,
    against: String,
    score_before: f64,
    score_after: f64,
    score_change: f64,
    dimensions: Vec<DimensionChange>,
    /// Findings of `against` that are gone.
    fixed: Vec<Value>,
    /// Findings that `against` did not have.
    new: Vec<Value>,
    unchanged: Vec<Value>,
    /// What to fix first in the newer submission, from its report.
    fix_first: Value,
}

/// The parts of a stored report that a diff reads. Reports stored by older grader versions may
/// lack some: what is missing reads as empty.
#[derive(Deserialize, Default)]
#[serde(default)]
struct StoredReport {
    findings: Vec<Value>,
    dimensions: Vec<StoredDimension>,
    fix_first: Option<Value>,
}

#[derive(Deserialize)]
struct StoredDimension {
    id: String,
    score: Option<f64>,
}

/// Findings are the same finding when rule and pointer match: messages may be reworded between
/// grader versions, places are stable.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
struct FindingKey {
    rule: String,
    pointer: String,
}

impl StoredReport {
    fn parse(stored: &str) -> StoredReport {
        serde_json::from_str(stored).unwrap_or_default()
    }

    /// Each finding under its place; the finding itself is kept as stored, to be sent back.
    fn findings_by_place(&self) -> BTreeMap<FindingKey, &Value> {
        self.findings
            .iter()
            .filter_map(|f| FindingKey::deserialize(f).ok().map(|k| (k, f)))
            .collect()
    }

    fn dimension_scores(&self) -> BTreeMap<&str, Option<f64>> {
        self.dimensions.iter().map(|d| (d.id.as_str(), d.score)).collect()
    }
}

/// A finding the candidate has already read (unchanged) or no longer has (fixed): where and
/// what, without the why and fix that the report itself carries.
fn without_explanation(finding: &Value) -> Value {
    let mut f = finding.clone();
    if let Some(o) = f.as_object_mut() {
        o.remove("why");
        o.remove("fix");
    }
    f
}

async fn diff(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: crate::api::query::ApiQuery<DiffQuery>,
) -> Result<HttpResponse, AppError> {
    let (after, _) = visible_submission(&state, &auth, path.into_inner()).await?;
    let (before, _) = visible_submission(&state, &auth, query.into_inner().against).await?;
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
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|id| {
            let b = db.get(id).copied().flatten();
            let a = da.get(id).copied().flatten();
            DimensionChange {
                id: (*id).to_owned(),
                before: b,
                after: a,
                change: a.zip(b).map(|(a, b)| crate::grading::score::round1(a - b)),
            }
        })
        .collect();
    let body = Diff {
        submission_id: after.id.clone(),
        against: before.id.clone(),
        score_before: before.score,
        score_after: after.score,
        score_change: crate::grading::score::round1(after.score - before.score),
        dimensions,
        fixed: old
            .iter()
            .filter(|(k, _)| !new.contains_key(*k))
            .map(|(_, v)| without_explanation(v))
            .collect(),
        new: new
            .iter()
            .filter(|(k, _)| !old.contains_key(*k))
            .map(|(_, v)| (*v).clone())
            .collect(),
        unchanged: new
            .iter()
            .filter(|(k, _)| old.contains_key(*k))
            .map(|(_, v)| without_explanation(v))
            .collect(),
        fix_first: after_report.fix_first.unwrap_or_else(|| Value::Array(Vec::new())),
    };
    Ok(HttpResponse::Ok().json(body))
}

#[derive(Serialize)]
struct ProgressPoint {
    submission_id: String,
    exercise_id: String,
    submitted_at: chrono::DateTime<chrono::Utc>,
    score: f64,
}

#[derive(Serialize)]
struct DimensionProgress {
    id: String,
    best: Option<f64>,
    latest: Option<f64>,
    /// Oldest first.
    points: Vec<ProgressPoint>,
}

#[derive(Serialize)]
struct Progress {
    dimensions: Vec<DimensionProgress>,
    /// The dimension whose latest score is lowest: what to drill next.
    weakest: Option<String>,
}

async fn progress(state: web::Data<AppState>, auth: AuthUser) -> Result<HttpResponse, AppError> {
    let user = auth.id().to_owned();
    let rows = state
        .db(move |conn| crate::db::reviews::effective_history(conn, &user).map_err(AppError::from))
        .await?;
    let mut by_dim: BTreeMap<String, Vec<ProgressPoint>> = crate::grading::rule::Dimension::ALL
        .iter()
        .map(|d| (d.id().to_owned(), Vec::new()))
        .collect();
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
    let order: Vec<&str> = crate::grading::rule::Dimension::ALL.iter().map(|d| d.id()).collect();
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
    let weakest = dimensions
        .iter()
        .filter_map(|d| d.latest.map(|l| (l, &d.id)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id.clone());
    Ok(HttpResponse::Ok().json(Progress { dimensions, weakest }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GradeQuery {
    exercise: Option<String>,
}

/// Stateless grading for quick feedback: nothing is stored; rate-limited per user.
async fn grade_only(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    query: crate::api::query::ApiQuery<GradeQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let kind = body_kind(&req)?;
    let exercise =
        match query.into_inner().exercise {
            Some(id) => Some(state.catalog.exercise(&id).cloned().ok_or_else(|| {
                AppError::bad_request(format!("no exercise {id:?}; list them with GET /v1/exercises"))
            })?),
            None => None,
        };
    let key = format!("grade:{}", auth.id());
    let per_minute = i64::from(state.settings.grade_per_minute);
    let wait = state
        .db(move |conn| {
            crate::db::rate::hit(conn, &key, per_minute, chrono::Duration::minutes(1), crate::db::now())
                .map_err(AppError::from)
        })
        .await?;
    if let Some(wait) = wait {
        return Err(AppError::too_many_requests(
            format!("at most {per_minute} gradings a minute; try again in {wait} seconds"),
            wait,
        ));
    }
    let bytes = read_limited(&req, payload, state.limits.max_bytes).await?;
    let graded = grade_body(&state, exercise, bytes, kind, false).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(graded.report_json))
}

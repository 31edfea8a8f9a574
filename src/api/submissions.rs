//! Submissions, graded on receipt:
//! - `POST /v1/attempts/{id}/submissions`: an OpenAPI document (`application/yaml` or
//!   `application/json`) or checklist answers (JSON); `Idempotency-Key` honoured;
//! - `GET /v1/attempts/{id}/submissions`, `GET /v1/submissions/{id}` (report included);
//! - `GET /v1/submissions/{id}/diff?against={other}`: what changed between two submissions;
//! - `GET /v1/me/progress`: per-dimension scores over time;
//! - `POST /v1/grade`: grading without storing anything, rate-limited per user.
use actix_web::{http::header, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::body::{body_kind, is_design, read_json, read_limited};
use super::idempotency::idempotency_key;
use super::pagination::{time_cursor, Page, PageQuery};
use super::query::ApiQuery;
use super::routes::{Resource, Routes};
use crate::auth::AuthUser;
use crate::db::reviews::Effective;
use crate::db::submissions::{Submission, SubmissionSummary};
use crate::error::AppError;
use crate::service::attempts::{own_attempt, visible_attempt};
use crate::service::submissions::{self, is_late, Body, Submitted};
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
    /// Made after the candidate was shown the model answer: not their own result, left out of
    /// progress and of the cohort's scores.
    pub after_model_answer: bool,
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
    /// The event document submitted beside `content`, on a single read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events_content: Option<String>,
    /// The report as it was stored when the submission was graded, sent as is.
    pub report: Box<RawValue>,
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
                after_model_answer: s.after_model_answer,
            },
            rubric: s.rubric_id,
            rubric_version: s.rubric_version,
            content_type: s.content_type,
            content_sha256: s.content_sha256,
            content: with_content.then_some(s.content),
            events_content: s.events_content.filter(|_| with_content),
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
            after_model_answer: s.after_model_answer,
        }
    }
}

async fn submit(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    // Only the candidate submits to their own attempt; others who may read it still can't.
    let attempt = own_attempt(&state, &auth, path.into_inner()).await?;
    let kind = body_kind_of(&req)?;
    let key = idempotency_key(&req)?;
    let body = read_body(&state, &req, payload, kind).await?;
    let Submitted {
        submission,
        late,
        replayed,
    } = submissions::submit(&state, &auth, &attempt, body, key).await?;
    let mut res = HttpResponse::Created();
    res.insert_header((header::LOCATION, format!("/v1/submissions/{}", submission.id)));
    if replayed {
        res.insert_header(("idempotent-replayed", "true"));
    }
    Ok(res.json(SubmissionView::new(submission, late, false)))
}

/// What a submission's `Content-Type` says it carries: one document in a format, or two.
#[derive(Clone, Copy)]
enum BodyKind {
    One(crate::grading::load::Format),
    Design,
}

fn body_kind_of(req: &HttpRequest) -> Result<BodyKind, AppError> {
    if is_design(req) {
        Ok(BodyKind::Design)
    } else {
        body_kind(req).map(BodyKind::One)
    }
}

/// Two documents side by side: an OpenAPI document and the AsyncAPI event document beside it,
/// each as text (YAML or JSON); either may be left out or blank, not both.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Design {
    #[serde(default)]
    openapi: Option<String>,
    #[serde(default)]
    asyncapi: Option<String>,
}

/// Reads the body as its kind says. Each document of two is held to the document limit by the
/// grader; the JSON around them, escapes included, may take up to three times that.
async fn read_body(
    state: &AppState,
    req: &HttpRequest,
    payload: web::Payload,
    kind: BodyKind,
) -> Result<Body, AppError> {
    match kind {
        BodyKind::One(format) => Ok(Body::one(
            read_limited(req, payload, state.limits.max_bytes).await?,
            format,
        )),
        BodyKind::Design => {
            let limit = state.limits.max_bytes.saturating_mul(3);
            let design: Design = read_json(req, payload, limit).await?;
            Ok(Body::two(
                design.openapi.unwrap_or_default(),
                Some(design.asyncapi.unwrap_or_default()),
            ))
        }
    }
}

async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let attempt = visible_attempt(&state, &auth, path.into_inner()).await?;
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let rows = submissions::of_attempt(&state, &attempt, cursor, i64::from(limit) + 1).await?;
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

#[derive(Serialize)]
struct SubmissionWithEffective {
    #[serde(flatten)]
    submission: SubmissionView,
    /// The grader's dimension scores beside the effective ones (after coach overrides).
    effective: Effective,
}

async fn get(state: web::Data<AppState>, auth: AuthUser, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (s, deadline) = submissions::visible_submission(&state, &auth, path.into_inner()).await?;
    let late = is_late(&state, s.submitted_at, deadline);
    let effective = submissions::effective_scores(&state, &s).await?;
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

async fn diff(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: ApiQuery<DiffQuery>,
) -> Result<HttpResponse, AppError> {
    let body = submissions::diff(&state, &auth, path.into_inner(), query.into_inner().against).await?;
    Ok(HttpResponse::Ok().json(body))
}

async fn progress(state: web::Data<AppState>, auth: AuthUser) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(submissions::progress(&state, &auth).await?))
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
    query: ApiQuery<GradeQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let kind = body_kind_of(&req)?;
    let exercise =
        match query.into_inner().exercise {
            Some(id) => Some(state.catalog.exercise(&id).cloned().ok_or_else(|| {
                AppError::bad_request(format!("no exercise {id:?}; list them with GET /v1/exercises"))
            })?),
            None => None,
        };
    submissions::count_grading(&state, &auth).await?;
    let body = read_body(&state, &req, payload, kind).await?;
    let graded = submissions::grade(&state, exercise, body, false).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(graded.report_json))
}

//! Coach work on a candidate's results, all of it kept in an append-only audit trail:
//! - `POST /v1/submissions/{id}/reviews`: a markdown comment and optional per-dimension score
//!   overrides, each with a reason; the grader's score is kept beside the override;
//! - `GET /v1/submissions/{id}/reviews`, `GET /v1/submissions/{id}/audit`;
//! - `POST /v1/attempts/{id}/extensions`: move an attempt's deadline; `GET /v1/attempts/{id}/audit`.
use actix_web::{web, HttpResponse};
use serde::Serialize;

use super::body::ApiJson;
use super::idempotency::{self, Idempotent};
use super::pagination::{time_cursor, Page, PageQuery};
use super::query::ApiQuery;
use super::routes::{Resource, Routes};
use super::views::AttemptView;
use crate::auth::AuthUser;
use crate::db::audit::AuditEntry;
use crate::db::reviews::{Effective, LineComment, Override, Review};
use crate::error::AppError;
use crate::service::attempts::visible_attempt;
use crate::service::reviews::{self, Extension, NewReview, Subject};
use crate::service::submissions::visible_submission;
use crate::state::AppState;

pub fn routes(routes: &mut Routes) {
    routes
        .add(
            Resource::new("/submissions/{submission_id}/reviews")
                .idempotent()
                .post(create)
                .get(list),
        )
        .add(Resource::new("/submissions/{submission_id}/audit").get(submission_audit))
        .add(
            Resource::new("/attempts/{attempt_id}/extensions")
                .idempotent()
                .post(extend),
        )
        .add(Resource::new("/attempts/{attempt_id}/audit").get(attempt_audit));
}

#[derive(Serialize)]
struct LineCommentView {
    /// `api` (the OpenAPI document) or `events` (the event document).
    document: String,
    line: i32,
    comment: String,
}

#[derive(Serialize)]
struct OverrideView {
    dimension: String,
    score: f64,
    reason: String,
    created_by: String,
    created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize)]
struct ReviewView {
    id: String,
    submission_id: String,
    reviewer_id: String,
    comment: String,
    /// The comment's Markdown as HTML, sanitised (no script, no image, no raw HTML).
    comment_html: String,
    created_at: chrono::DateTime<chrono::Utc>,
    /// Remarks anchored to lines of the submitted document, by line.
    line_comments: Vec<LineCommentView>,
    overrides: Vec<OverrideView>,
}

fn review_view(r: Review, lines: &[LineComment], overrides: &[Override]) -> ReviewView {
    ReviewView {
        line_comments: lines
            .iter()
            .filter(|l| l.review_id == r.id)
            .map(|l| LineCommentView {
                document: l.document.clone(),
                line: l.line,
                comment: l.comment.clone(),
            })
            .collect(),
        overrides: overrides
            .iter()
            .filter(|o| o.review_id == r.id)
            .map(|o| OverrideView {
                dimension: o.dimension.clone(),
                score: o.score,
                reason: o.reason.clone(),
                created_by: o.created_by.clone(),
                created_at: o.created_at.and_utc(),
            })
            .collect(),
        id: r.id,
        submission_id: r.submission_id,
        reviewer_id: r.reviewer_id,
        comment_html: crate::markdown::to_safe_html(&r.comment),
        comment: r.comment,
        created_at: r.created_at.and_utc(),
    }
}

#[derive(Serialize)]
struct ReviewCreated {
    #[serde(flatten)]
    review: ReviewView,
    /// The submission's scores after this review: the grader's and the effective ones.
    effective: Effective,
}

async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    idempotent: Idempotent,
    body: ApiJson<NewReview>,
) -> Result<HttpResponse, AppError> {
    let (submission, _) = visible_submission(&state, &auth, path.into_inner()).await?;
    let body = body.into_inner();
    idempotency::create(&state, idempotent, move |conn| {
        let added = reviews::add_review(conn, &auth, &submission, &body)?;
        Ok((
            format!("/v1/submissions/{}/reviews", submission.id),
            ReviewCreated {
                review: review_view(added.review, &added.lines, &added.overrides),
                effective: added.effective,
            },
        ))
    })
    .await
}

#[derive(Serialize)]
struct ReviewList {
    data: Vec<ReviewView>,
    next_cursor: Option<String>,
    effective: Effective,
}

async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let (submission, _) = visible_submission(&state, &auth, path.into_inner()).await?;
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let found = reviews::reviews_of(&state, submission, cursor, i64::from(limit) + 1).await?;
    let (lines, overrides) = (found.lines, found.overrides);
    let page = Page::from_rows(
        found.reviews,
        limit,
        |r| time_cursor(r.created_at, &r.id),
        |r| review_view(r, &lines, &overrides),
    );
    Ok(HttpResponse::Ok().json(ReviewList {
        effective: found.effective,
        data: page.data,
        next_cursor: page.next_cursor,
    }))
}

#[derive(Serialize)]
struct AuditEntryView {
    id: String,
    actor_id: String,
    action: String,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
    reason: String,
    created_at: chrono::DateTime<chrono::Utc>,
}

fn audit_view(entries: Vec<AuditEntry>, limit: u32) -> Page<AuditEntryView> {
    Page::from_rows(
        entries,
        limit,
        |e| time_cursor(e.created_at, &e.id),
        |e| AuditEntryView {
            id: e.id,
            actor_id: e.actor_id,
            action: e.action,
            field: e.field,
            old_value: e.old_value,
            new_value: e.new_value,
            reason: e.reason,
            created_at: e.created_at.and_utc(),
        },
    )
}

/// One page of the audit trail of a submission or an attempt, oldest first.
async fn audit_page(
    state: &AppState,
    subject: Subject,
    id: String,
    query: &PageQuery,
) -> Result<HttpResponse, AppError> {
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let entries = reviews::audit_trail(state, subject, id, cursor, i64::from(limit) + 1).await?;
    Ok(HttpResponse::Ok().json(audit_view(entries, limit)))
}

async fn submission_audit(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let (submission, _) = visible_submission(&state, &auth, path.into_inner()).await?;
    audit_page(&state, Subject::Submission, submission.id, &query).await
}

async fn attempt_audit(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let attempt = visible_attempt(&state, &auth, path.into_inner()).await?;
    audit_page(&state, Subject::Attempt, attempt.id, &query).await
}

async fn extend(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    idempotent: Idempotent,
    body: ApiJson<Extension>,
) -> Result<HttpResponse, AppError> {
    let attempt = visible_attempt(&state, &auth, path.into_inner()).await?;
    let body = body.into_inner();
    let errors = reviews::check_extension(&body);
    idempotency::create(&state, idempotent, move |conn| {
        let updated = reviews::extend_deadline(conn, &auth, &attempt, &body, errors)?;
        Ok((
            format!("/v1/attempts/{}/audit", updated.id),
            AttemptView::new(&updated, crate::db::now()),
        ))
    })
    .await
}

//! Coach work on a candidate's results, all of it kept in an append-only audit trail:
//! - `POST /v1/submissions/{id}/reviews`: a markdown comment and optional per-dimension score
//!   overrides, each with a reason; the grader's score is kept beside the override;
//! - `GET /v1/submissions/{id}/reviews`, `GET /v1/submissions/{id}/audit`;
//! - `POST /v1/attempts/{id}/extensions`: move an attempt's deadline; `GET /v1/attempts/{id}/audit`.
use super::idempotency::{self, Idempotent};
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::access::can_coach_work;
use super::attempts::{visible_attempt, AttemptView};
use super::pagination::{time_cursor, Page, PageQuery};
use super::routes::{Resource, Routes};
use super::submissions::visible_submission;
use crate::auth::AuthUser;
use crate::db::attempts::Attempt;
use crate::db::audit::AuditEntry;
use crate::db::reviews::{effective, Effective, LineComment, Override, Review};
use crate::db::submissions::Submission;
use crate::error::{AppError, FieldError};
use crate::grading::rule::Dimension;
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

pub const MAX_COMMENT_CHARS: usize = 20_000;
pub const MAX_REASON_CHARS: usize = 2_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewOverride {
    dimension: String,
    score: f64,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewLineComment {
    line: i64,
    comment: String,
}

/// Most line comments one review may carry.
pub const MAX_LINE_COMMENTS: usize = 200;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewReview {
    comment: String,
    #[serde(default)]
    line_comments: Vec<NewLineComment>,
    #[serde(default)]
    overrides: Vec<NewOverride>,
}

#[derive(Serialize)]
struct LineCommentView {
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

fn validate(body: &NewReview, applicable: &[(String, Option<f64>)], document_lines: usize) -> Result<(), AppError> {
    let mut errors = Vec::new();
    if body.line_comments.len() > MAX_LINE_COMMENTS {
        errors.push(FieldError {
            pointer: "/line_comments".into(),
            detail: format!("at most {MAX_LINE_COMMENTS} line comments per review"),
        });
    }
    for (i, l) in body.line_comments.iter().enumerate() {
        if l.line < 1 || l.line > i64::try_from(document_lines).unwrap_or(i64::MAX) {
            errors.push(FieldError {
                pointer: format!("/line_comments/{i}/line"),
                detail: format!("must be a line of the document, 1 to {document_lines}"),
            });
        }
        let len = l.comment.trim().chars().count();
        if len == 0 || len > MAX_COMMENT_CHARS {
            errors.push(FieldError {
                pointer: format!("/line_comments/{i}/comment"),
                detail: format!("must be 1 to {MAX_COMMENT_CHARS} characters of markdown"),
            });
        }
    }
    let len = body.comment.trim().chars().count();
    if len == 0 || len > MAX_COMMENT_CHARS {
        errors.push(FieldError {
            pointer: "/comment".into(),
            detail: format!("must be 1 to {MAX_COMMENT_CHARS} characters of markdown"),
        });
    }
    for (i, o) in body.overrides.iter().enumerate() {
        let at = |field: &str| format!("/overrides/{i}/{field}");
        if !Dimension::ALL.iter().any(|d| d.id() == o.dimension) {
            errors.push(FieldError {
                pointer: at("dimension"),
                detail: format!("{:?} is not a dimension", o.dimension),
            });
        } else if !applicable.iter().any(|(d, s)| *d == o.dimension && s.is_some()) {
            errors.push(FieldError {
                pointer: at("dimension"),
                detail: format!(
                    "{} was not graded for this submission, so there is nothing to override",
                    o.dimension
                ),
            });
        }
        if !(0.0..=100.0).contains(&o.score) || !o.score.is_finite() {
            errors.push(FieldError {
                pointer: at("score"),
                detail: "must be between 0 and 100".into(),
            });
        }
        let reason = o.reason.trim().chars().count();
        if reason == 0 || reason > MAX_REASON_CHARS {
            errors.push(FieldError {
                pointer: at("reason"),
                detail: format!("an override needs a reason of 1 to {MAX_REASON_CHARS} characters"),
            });
        }
        if body.overrides[..i].iter().any(|p| p.dimension == o.dimension) {
            errors.push(FieldError {
                pointer: at("dimension"),
                detail: "each dimension at most once per review".into(),
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid_fields(errors))
    }
}

async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    idempotent: Idempotent,
    body: crate::api::body::ApiJson<NewReview>,
) -> Result<HttpResponse, AppError> {
    let (submission, _) = visible_submission(&state, &auth, path.into_inner()).await?;
    let body = body.into_inner();
    idempotency::create(&state, idempotent, move |conn| {
        if !can_coach_work(conn, &auth, &submission.user_id)? {
            return Err(AppError::forbidden(
                "only a coach of this candidate's cohort (or an admin) reviews a submission",
            ));
        }
        let scores = Submission::scores(conn, &submission.id)?;
        let applicable: Vec<(String, Option<f64>)> = scores.iter().map(|s| (s.dimension.clone(), s.score)).collect();
        validate(&body, &applicable, submission.content.lines().count().max(1))?;
        let existing = Override::for_submissions(conn, std::slice::from_ref(&submission.id))?;
        let now = crate::db::now();
        let review = Review {
            id: uuid::Uuid::new_v4().to_string(),
            submission_id: submission.id.clone(),
            reviewer_id: auth.id().to_owned(),
            comment: body.comment.trim().to_owned(),
            created_at: now,
        };
        let mut overrides = Vec::new();
        let mut audit = vec![AuditEntry::new(
            "submission",
            &submission.id,
            auth.id(),
            "review",
            "comment",
            None,
            Some(review.id.clone()),
            "review added",
            now,
        )];
        let before = effective(submission.score, &scores, &existing);
        for o in &body.overrides {
            let old = before
                .dimensions
                .iter()
                .find(|d| d.id == o.dimension)
                .and_then(|d| d.effective);
            audit.push(AuditEntry::new(
                "submission",
                &submission.id,
                auth.id(),
                "score_override",
                &o.dimension,
                old.map(|v| v.to_string()),
                Some(o.score.to_string()),
                o.reason.trim(),
                now,
            ));
            overrides.push(Override {
                id: uuid::Uuid::new_v4().to_string(),
                submission_id: submission.id.clone(),
                review_id: review.id.clone(),
                dimension: o.dimension.clone(),
                score: o.score,
                reason: o.reason.trim().to_owned(),
                created_by: auth.id().to_owned(),
                created_at: now,
            });
        }
        let mut lines: Vec<LineComment> = body
            .line_comments
            .iter()
            .map(|l| LineComment {
                id: uuid::Uuid::new_v4().to_string(),
                review_id: review.id.clone(),
                line: i32::try_from(l.line).unwrap_or(i32::MAX),
                comment: l.comment.trim().to_owned(),
                created_at: now,
            })
            .collect();
        lines.sort_by_key(|l| l.line);
        Review::store(conn, &review, &lines, &overrides, &audit)?;
        let all: Vec<Override> = existing.into_iter().chain(overrides.iter().cloned()).collect();
        let after = effective(submission.score, &scores, &all);
        Ok((
            format!("/v1/submissions/{}/reviews", submission.id),
            ReviewCreated {
                review: review_view(review, &lines, &overrides),
                effective: after,
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
    query: crate::api::query::ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let (submission, _) = visible_submission(&state, &auth, path.into_inner()).await?;
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let body = state
        .db(move |conn| {
            let reviews = Review::for_submission(conn, &submission.id, cursor.as_ref(), i64::from(limit) + 1)?;
            let overrides = Override::for_submissions(conn, std::slice::from_ref(&submission.id))?;
            let scores = Submission::scores(conn, &submission.id)?;
            let ids: Vec<String> = reviews.iter().map(|r| r.id.clone()).collect();
            let lines = LineComment::for_reviews(conn, &ids)?;
            let page = Page::from_rows(
                reviews,
                limit,
                |r| time_cursor(r.created_at, &r.id),
                |r| review_view(r, &lines, &overrides),
            );
            Ok(ReviewList {
                effective: effective(submission.score, &scores, &overrides),
                data: page.data,
                next_cursor: page.next_cursor,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
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
    subject_type: &'static str,
    id: String,
    query: &PageQuery,
) -> Result<HttpResponse, AppError> {
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let entries = state
        .db(move |conn| {
            Ok(AuditEntry::for_subject(
                conn,
                subject_type,
                &id,
                cursor.as_ref(),
                i64::from(limit) + 1,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(audit_view(entries, limit)))
}

async fn submission_audit(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: crate::api::query::ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let (submission, _) = visible_submission(&state, &auth, path.into_inner()).await?;
    audit_page(&state, "submission", submission.id, &query).await
}

async fn attempt_audit(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: crate::api::query::ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let attempt = visible_attempt(&state, &auth, path.into_inner()).await?;
    audit_page(&state, "attempt", attempt.id, &query).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Extension {
    minutes: u32,
    reason: String,
}

pub const MAX_EXTENSION_MINUTES: u32 = 7 * 24 * 60;

async fn extend(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    idempotent: Idempotent,
    body: crate::api::body::ApiJson<Extension>,
) -> Result<HttpResponse, AppError> {
    let attempt = visible_attempt(&state, &auth, path.into_inner()).await?;
    let body = body.into_inner();
    let mut errors = Vec::new();
    if body.minutes == 0 || body.minutes > MAX_EXTENSION_MINUTES {
        errors.push(FieldError {
            pointer: "/minutes".into(),
            detail: format!("must be 1 to {MAX_EXTENSION_MINUTES}"),
        });
    }
    let reason = body.reason.trim().to_owned();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        errors.push(FieldError {
            pointer: "/reason".into(),
            detail: format!("an extension needs a reason of 1 to {MAX_REASON_CHARS} characters"),
        });
    }
    idempotency::create(&state, idempotent, move |conn| {
        if !can_coach_work(conn, &auth, &attempt.user_id)? {
            return Err(AppError::forbidden(
                "only a coach of this candidate's cohort (or an admin) extends a deadline",
            ));
        }
        if !errors.is_empty() {
            return Err(AppError::invalid_fields(errors));
        }
        let now = crate::db::now();
        let new_deadline = attempt.deadline_at + chrono::Duration::minutes(i64::from(body.minutes));
        Attempt::extend(
            conn,
            &attempt.id,
            new_deadline,
            &AuditEntry::new(
                "attempt",
                &attempt.id,
                auth.id(),
                "deadline_extension",
                "deadline_at",
                Some(
                    attempt
                        .deadline_at
                        .and_utc()
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                ),
                Some(
                    new_deadline
                        .and_utc()
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                ),
                &reason,
                now,
            ),
        )?;
        let updated = Attempt::find(conn, &attempt.id)?;
        Ok((
            format!("/v1/attempts/{}/audit", updated.id),
            AttemptView::new(&updated, crate::db::now()),
        ))
    })
    .await
}

//! The review queues: `GET /v1/cohorts/{id}/review-queue` (members' submissions not yet
//! reviewed, oldest first) and `GET .../queued-attempts` (one row per attempt for its latest
//! submission, `?state=waiting|reviewed|all`).
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::api::pagination::{time_cursor, Page, PageQuery};
use crate::api::query::ApiQuery;
use crate::auth::AuthUser;
use crate::db::submissions::SubmissionSummary;
use crate::error::AppError;
use crate::service::cohorts::queues::{self, QueueState, QueuedAttempt};
use crate::state::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    exercise: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

#[derive(Serialize)]
struct LowDimension {
    id: String,
    score: f64,
}

#[derive(Serialize)]
struct QueueItem {
    submission_id: String,
    attempt_id: String,
    user_id: String,
    exercise_id: String,
    submitted_at: chrono::DateTime<chrono::Utc>,
    score: f64,
    /// The two weakest dimensions: where to look first.
    lowest_dimensions: Vec<LowDimension>,
    /// Made after the candidate was shown the model answer.
    after_model_answer: bool,
}

pub async fn review_queue(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: ApiQuery<QueueQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = page.limit()?;
    let cursor = page.time_cursor()?;
    let (rows, scores) = queues::review_queue(
        &state,
        &auth,
        path.into_inner(),
        q.exercise,
        cursor,
        i64::from(limit) + 1,
    )
    .await?;
    let page = Page::from_rows(
        rows,
        limit,
        |s: &SubmissionSummary| time_cursor(s.submitted_at, &s.id),
        |s| {
            let mut dims: Vec<LowDimension> = scores
                .iter()
                .filter(|d| d.submission_id == s.id)
                .filter_map(|d| {
                    d.score.map(|score| LowDimension {
                        id: d.dimension.clone(),
                        score,
                    })
                })
                .collect();
            dims.sort_by(|a, b| a.score.total_cmp(&b.score).then_with(|| a.id.cmp(&b.id)));
            dims.truncate(2);
            QueueItem {
                submission_id: s.id,
                attempt_id: s.attempt_id,
                user_id: s.user_id,
                exercise_id: s.exercise_id,
                submitted_at: s.submitted_at.and_utc(),
                score: s.score,
                lowest_dimensions: dims,
                after_model_answer: s.after_model_answer,
            }
        },
    );
    Ok(HttpResponse::Ok().json(page))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttemptQueueQuery {
    exercise: Option<String>,
    state: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

pub async fn queued_attempts(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: ApiQuery<AttemptQueueQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let wanted = q.state.unwrap_or_else(|| "waiting".to_owned());
    let Some(which) = QueueState::from_name(&wanted) else {
        return Err(AppError::bad_request(format!(
            "unknown state {wanted:?}: use waiting, reviewed or all"
        )));
    };
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = page.limit()?;
    let cursor = page.time_cursor()?;
    let rows = queues::attempt_queue(&state, &auth, path.into_inner(), q.exercise, which).await?;
    let rows: Vec<QueuedAttempt> = rows
        .into_iter()
        .filter(|r| {
            cursor.as_ref().is_none_or(|(t, id)| {
                let at = r.submitted_at.naive_utc();
                at > *t || (at == *t && r.submission_id.as_str() > id.as_str())
            })
        })
        .take(limit as usize + 1)
        .collect();
    let page = Page::from_rows(
        rows,
        limit,
        |r| time_cursor(r.submitted_at.naive_utc(), &r.submission_id),
        |r| r,
    );
    Ok(HttpResponse::Ok().json(page))
}

//! Timed attempts: `POST /v1/attempts` starts one (the server sets the deadline from the
//! exercise's time limit), `GET /v1/attempts` lists mine, `GET /v1/attempts/{id}` reads one,
//! `GET /v1/attempts/{id}/model-answer` shows the model answer once something was submitted,
//! `PUT`/`GET /v1/attempts/{id}/draft` keep the unsubmitted document on the server as it is typed.
use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::access::can_view_work;
use super::idempotency::{self, Idempotent};
use super::pagination::{time_cursor, Page, PageQuery};
use super::routes::{Resource, Routes};
use crate::auth::AuthUser;
use crate::db::attempts::Attempt;
use crate::db::drafts::Draft;
use crate::db::submissions::Submission;
use crate::error::{AppError, OrNotFound};
use crate::state::AppState;

pub fn routes(routes: &mut Routes) {
    routes
        .add(Resource::new("/attempts").idempotent().post(start).get(list))
        .add(Resource::new("/attempts/{attempt_id}").get(get))
        .add(Resource::new("/attempts/{attempt_id}/model-answer").get(model_answer))
        .add(
            Resource::new("/attempts/{attempt_id}/draft")
                .get(get_draft)
                .put(put_draft),
        );
}

#[derive(Debug, Serialize)]
pub struct AttemptView {
    pub id: String,
    pub user_id: String,
    pub exercise_id: String,
    pub exercise_version: i32,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub deadline_at: chrono::DateTime<chrono::Utc>,
    /// Seconds left before the deadline by the server's clock; 0 once it has passed.
    pub seconds_remaining: i64,
    pub expired: bool,
}

impl AttemptView {
    pub fn new(a: &Attempt, now: NaiveDateTime) -> Self {
        let remaining = (a.deadline_at - now).num_seconds().max(0);
        Self {
            id: a.id.clone(),
            user_id: a.user_id.clone(),
            exercise_id: a.exercise_id.clone(),
            exercise_version: a.exercise_version,
            started_at: a.started_at.and_utc(),
            deadline_at: a.deadline_at.and_utc(),
            seconds_remaining: remaining,
            expired: now > a.deadline_at,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StartAttempt {
    exercise_id: String,
}

async fn start(
    state: web::Data<AppState>,
    auth: AuthUser,
    idempotent: Idempotent,
    body: crate::api::body::ApiJson<StartAttempt>,
) -> Result<HttpResponse, AppError> {
    let exercise = state
        .catalog
        .exercise(&body.exercise_id)
        .ok_or_else(|| AppError::Unprocessable {
            detail: format!("no exercise {:?}; list them with GET /v1/exercises", body.exercise_id),
            errors: vec![crate::error::FieldError {
                pointer: "/exercise_id".into(),
                detail: "unknown exercise".into(),
            }],
        })?;
    let attempt = Attempt::start(
        auth.id(),
        &exercise.id,
        i32::try_from(exercise.version).unwrap_or(i32::MAX),
        exercise.time_limit_minutes,
    );
    idempotency::create(&state, idempotent, move |conn| {
        attempt.insert(conn)?;
        Ok((
            format!("/v1/attempts/{}", attempt.id),
            AttemptView::new(&attempt, crate::db::now()),
        ))
    })
    .await
}

async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: crate::api::query::ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let user = auth.id().to_owned();
    let rows = state
        .db(move |conn| {
            Attempt::list_for_user(conn, &user, cursor.as_ref(), i64::from(limit) + 1).map_err(AppError::from)
        })
        .await?;
    let now = crate::db::now();
    let page = Page::from_rows(
        rows,
        limit,
        |a| time_cursor(a.started_at, &a.id),
        |a| AttemptView::new(&a, now),
    );
    Ok(HttpResponse::Ok().json(page))
}

/// Loads an attempt the viewer may see, or 404.
pub async fn visible_attempt(state: &AppState, auth: &AuthUser, id: String) -> Result<Attempt, AppError> {
    let viewer = auth.clone();
    state
        .db(move |conn| {
            let not_found = || format!("no attempt {id}");
            let attempt = Attempt::find(conn, &id).or_not_found(not_found)?;
            if can_view_work(conn, &viewer, &attempt.user_id)? {
                Ok(attempt)
            } else {
                Err(AppError::not_found(not_found()))
            }
        })
        .await
}

async fn get(state: web::Data<AppState>, auth: AuthUser, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let attempt = visible_attempt(&state, &auth, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(AttemptView::new(&attempt, crate::db::now())))
}

async fn model_answer(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let attempt = visible_attempt(&state, &auth, path.into_inner()).await?;
    let attempt_id = attempt.id.clone();
    let submitted = state
        .db(move |conn| Submission::count_for_attempt(conn, &attempt_id).map_err(AppError::from))
        .await?;
    if submitted == 0 {
        return Err(AppError::conflict(
            "the model answer is shown once this attempt has a submission: submit first",
        ));
    }
    let exercise = state.catalog.exercise(&attempt.exercise_id).ok_or_else(|| {
        AppError::not_found(format!(
            "exercise {} is no longer in the catalogue",
            attempt.exercise_id
        ))
    })?;
    let text = exercise
        .model_answer
        .as_deref()
        .and_then(|p| state.catalog.document(p))
        .ok_or_else(|| AppError::not_found(format!("exercise {} has no model answer", exercise.id)))?;
    Ok(HttpResponse::Ok()
        .content_type("application/yaml")
        .body(text.to_owned()))
}

#[derive(Debug, Serialize)]
pub struct DraftView {
    pub attempt_id: String,
    pub content: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<Draft> for DraftView {
    fn from(d: Draft) -> Self {
        Self {
            attempt_id: d.attempt_id,
            content: d.content,
            updated_at: d.updated_at.and_utc(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftBody {
    content: String,
}

/// An attempt of the signed-in candidate themself (a coach may read the work, never write it).
async fn own_attempt(state: &AppState, auth: &AuthUser, id: String) -> Result<Attempt, AppError> {
    let attempt = visible_attempt(state, auth, id).await?;
    if attempt.user_id != auth.id() {
        return Err(AppError::not_found(format!("no attempt {}", attempt.id)));
    }
    Ok(attempt)
}

/// The saved draft of one of my attempts.
pub async fn load_draft(state: &AppState, attempt_id: &str) -> Result<Option<Draft>, AppError> {
    let id = attempt_id.to_owned();
    state
        .db(move |conn| Draft::find(conn, &id).map_err(AppError::from))
        .await
}

async fn get_draft(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let attempt = own_attempt(&state, &auth, path.into_inner()).await?;
    let draft = load_draft(&state, &attempt.id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("attempt {} has no saved draft yet", attempt.id)))?;
    Ok(HttpResponse::Ok().json(DraftView::from(draft)))
}

/// Saves the draft, replacing the previous one. Saving stays open after the deadline: the work
/// is the candidate's, and a late submission is marked late, not refused.
async fn put_draft(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    body: crate::api::body::ApiJson<DraftBody>,
) -> Result<HttpResponse, AppError> {
    let attempt = own_attempt(&state, &auth, path.into_inner()).await?;
    let content = body.into_inner().content;
    if content.len() > state.limits.max_bytes {
        return Err(AppError::invalid_fields(vec![crate::error::FieldError {
            pointer: "/content".into(),
            detail: format!("must be at most {} bytes", state.limits.max_bytes),
        }]));
    }
    let draft = Draft {
        attempt_id: attempt.id,
        content,
        updated_at: crate::db::now(),
    };
    let saved = draft.clone();
    state.db(move |conn| saved.save(conn).map_err(AppError::from)).await?;
    Ok(HttpResponse::Ok().json(DraftView::from(draft)))
}

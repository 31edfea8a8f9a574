//! Timed attempts: `POST /v1/attempts` starts one (the server sets the deadline from the
//! exercise's time limit), `GET /v1/attempts` lists mine, `GET /v1/attempts/{id}` reads one,
//! `PATCH /v1/attempts/{id}` with `{"ended": true}` ends one before its deadline,
//! `GET /v1/attempts/{id}/model-answer` shows the model answer once the attempt is finished
//! (and `.../model-answer/events` the event half of a real-time case study's),
//! `PUT`/`GET /v1/attempts/{id}/draft` keep the unsubmitted document on the server as it is typed.
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use super::body::{read_json, ApiJson};
use super::idempotency::{self, Idempotent};
use super::pagination::{time_cursor, Page, PageQuery};
use super::query::ApiQuery;
use super::routes::{Resource, Routes};
use super::views::AttemptView;
use crate::auth::AuthUser;
use crate::db::drafts::Draft;
use crate::error::AppError;
use crate::service::attempts;
use crate::state::AppState;

pub fn routes(routes: &mut Routes) {
    routes
        .add(Resource::new("/attempts").idempotent().post(start).get(list))
        .add(Resource::new("/attempts/{attempt_id}").get(get).patch(end))
        .add(Resource::new("/attempts/{attempt_id}/model-answer").get(model_answer))
        .add(Resource::new("/attempts/{attempt_id}/model-answer/events").get(events_model_answer))
        .add(
            Resource::new("/attempts/{attempt_id}/draft")
                .get(get_draft)
                .put(put_draft),
        );
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
    body: ApiJson<StartAttempt>,
) -> Result<HttpResponse, AppError> {
    let attempt = attempts::new_attempt(&state, &auth, &body.exercise_id)?;
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
    query: ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let rows = attempts::my_attempts(&state, &auth, cursor, i64::from(limit) + 1).await?;
    let now = crate::db::now();
    let page = Page::from_rows(
        rows,
        limit,
        |a| time_cursor(a.started_at, &a.id),
        |a| AttemptView::new(&a, now),
    );
    Ok(HttpResponse::Ok().json(page))
}

async fn get(state: web::Data<AppState>, auth: AuthUser, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let attempt = attempts::visible_attempt(&state, &auth, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(AttemptView::new(&attempt, crate::db::now())))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttemptChange {
    ended: bool,
}

/// Ends the attempt (`{"ended": true}`): the model answer opens, and what is submitted after it
/// is shown is marked so. An ended attempt is not resumed.
async fn end(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    body: ApiJson<AttemptChange>,
) -> Result<HttpResponse, AppError> {
    if !body.ended {
        return Err(AppError::invalid_fields(vec![crate::error::FieldError {
            pointer: "/ended".into(),
            detail: "must be true: an attempt can be ended, not resumed".into(),
        }]));
    }
    let attempt = attempts::end(&state, &auth, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(AttemptView::new(&attempt, crate::db::now())))
}

async fn model_answer(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let text = attempts::model_answer(&state, &auth, path.into_inner()).await?;
    Ok(HttpResponse::Ok().content_type("application/yaml").body(text))
}

/// The event half (AsyncAPI) of a real-time case study's model answer, opened as the API half is.
async fn events_model_answer(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let text = attempts::events_model_answer(&state, &auth, path.into_inner()).await?;
    Ok(HttpResponse::Ok().content_type("application/yaml").body(text))
}

#[derive(Debug, Serialize)]
struct DraftView {
    attempt_id: String,
    content: String,
    /// The event document beside `content`, for a case study that takes one.
    #[serde(skip_serializing_if = "Option::is_none")]
    events_content: Option<String>,
    updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<Draft> for DraftView {
    fn from(d: Draft) -> Self {
        Self {
            attempt_id: d.attempt_id,
            content: d.content,
            events_content: d.events_content,
            updated_at: d.updated_at.and_utc(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftBody {
    content: String,
    #[serde(default)]
    events_content: Option<String>,
}

async fn get_draft(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let draft = attempts::my_draft(&state, &auth, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(DraftView::from(draft)))
}

/// A draft holds a whole document: its body may be as large as a document the server grades (as
/// JSON text), not only as large as an ordinary JSON body.
async fn put_draft(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    // Two documents, each as large as a document the server grades, in one JSON body.
    let limit = (state.settings.max_document_bytes.saturating_mul(2)).max(state.settings.max_json_bytes);
    let body: DraftBody = read_json(&req, payload, limit).await?;
    let draft = attempts::save_draft(&state, &auth, path.into_inner(), body.content, body.events_content).await?;
    Ok(HttpResponse::Ok().json(DraftView::from(draft)))
}

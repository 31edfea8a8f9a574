//! Members: `POST /v1/cohorts/join` with an invite code (candidates), `GET .../members`, and
//! `DELETE .../members/{user_id}` (the coach removes one, or a member leaves).
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::api::body::ApiJson;
use crate::api::idempotency::{self, Idempotent};
use crate::api::pagination::{time_cursor, Page, PageQuery};
use crate::api::query::ApiQuery;
use crate::api::views::CohortView;
use crate::auth::AuthUser;
use crate::db::cohorts::MemberRow;
use crate::error::AppError;
use crate::service::cohorts::members;
use crate::state::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    code: String,
}

#[derive(Serialize)]
struct MembershipView {
    cohort: CohortView,
    user_id: String,
    joined_at: chrono::DateTime<chrono::Utc>,
}

pub async fn join(
    state: web::Data<AppState>,
    auth: AuthUser,
    idempotent: Idempotent,
    body: ApiJson<JoinRequest>,
) -> Result<HttpResponse, AppError> {
    members::require_candidate(&auth)?;
    let code = body.into_inner().code;
    idempotency::create(&state, idempotent, move |conn| {
        let (cohort, membership) = members::join(conn, &auth, &code)?;
        Ok((
            format!("/v1/cohorts/{}/members/{}", cohort.id, membership.user_id),
            MembershipView {
                cohort: cohort.into(),
                user_id: membership.user_id,
                joined_at: membership.joined_at.and_utc(),
            },
        ))
    })
    .await
}

#[derive(Serialize)]
struct MemberView {
    user_id: String,
    email: String,
    display_name: String,
    joined_at: chrono::DateTime<chrono::Utc>,
}

pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let rows = members::members_of(&state, &auth, path.into_inner(), cursor, i64::from(limit) + 1).await?;
    let page = Page::from_rows(
        rows,
        limit,
        |m: &MemberRow| time_cursor(m.joined_at, &m.user_id),
        |m| MemberView {
            user_id: m.user_id,
            email: m.email,
            display_name: m.display_name,
            joined_at: m.joined_at.and_utc(),
        },
    );
    Ok(HttpResponse::Ok().json(page))
}

/// The coach removes a member, or a member leaves. Either way the coach stops seeing their work.
pub async fn remove(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (cohort_id, user_id) = path.into_inner();
    members::remove(&state, &auth, cohort_id, user_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

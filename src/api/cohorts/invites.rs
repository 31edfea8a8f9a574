//! Invite codes: `POST /v1/cohorts/{id}/invites` regenerates (earlier codes stop working),
//! `GET` lists them (never the codes), `DELETE .../invites/{invite_id}` revokes one.
use actix_web::{web, HttpResponse};

use crate::api::idempotency::{self, Idempotent};
use crate::api::pagination::{time_cursor, Page, PageQuery};
use crate::api::query::ApiQuery;
use crate::api::views::InviteView;
use crate::auth::AuthUser;
use crate::error::{AppError, FieldError};
use crate::service::cohorts::invites::{self, MAX_INVITE_HOURS};
use crate::state::AppState;

/// Regenerates the cohort's invite: every earlier code stops working.
pub async fn regenerate(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    idempotent: Idempotent,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let invalid = || {
        AppError::invalid_fields(vec![FieldError {
            pointer: "/expires_in_hours".into(),
            detail: format!("must be a whole number of hours from 1 to {MAX_INVITE_HOURS}"),
        }])
    };
    // No body means the default lifetime; a body that is there must say something valid.
    let requested = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        let value: serde_json::Value = serde_json::from_slice(&body).map_err(|_| {
            AppError::unprocessable(r#"the body must be empty or a JSON object such as {"expires_in_hours": 72}"#)
        })?;
        let Some(object) = value.as_object() else {
            return Err(AppError::unprocessable(
                r#"the body must be empty or a JSON object such as {"expires_in_hours": 72}"#,
            ));
        };
        if let Some(other) = object.keys().find(|k| *k != "expires_in_hours") {
            return Err(AppError::invalid_fields(vec![FieldError {
                pointer: format!("/{other}"),
                detail: "is not a field of an invite; the only one is expires_in_hours".into(),
            }]));
        }
        match object.get("expires_in_hours") {
            None | Some(serde_json::Value::Null) => None,
            Some(v) => Some(v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(invalid)?),
        }
    };
    let hours = invites::invite_hours(requested).map_err(|_| invalid())?;
    let now = crate::db::now();
    idempotency::create(&state, idempotent, move |conn| {
        let (invite, code) = invites::regenerate(conn, &auth, &id, hours, now)?;
        Ok((
            format!("/v1/cohorts/{}/invites/{}", invite.cohort_id, invite.id),
            InviteView::new(&invite, Some(code), now),
        ))
    })
    .await
}

pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let rows = invites::invites_of(&state, &auth, path.into_inner(), cursor, i64::from(limit) + 1).await?;
    let now = crate::db::now();
    let page = Page::from_rows(
        rows,
        limit,
        |i| time_cursor(i.created_at, &i.id),
        |i| InviteView::new(&i, None, now),
    );
    Ok(HttpResponse::Ok().json(page))
}

pub async fn revoke(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (cohort_id, invite_id) = path.into_inner();
    invites::revoke(&state, &auth, cohort_id, invite_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

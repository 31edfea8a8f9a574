//! Accounts: register (`POST /v1/accounts`), read one (`GET /v1/accounts/{id}`), and the
//! signed-in user's own (`GET /v1/me`), and changing one's password (`PUT /v1/me/password`:
//! the current password is required, and every other session of the account is ended).
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::body::ApiJson;
use super::idempotency::{self, Idempotent};
use super::routes::{Resource, Routes};
use crate::auth::AuthUser;
use crate::db::users::{Role, User};
use crate::error::AppError;
use crate::service::accounts::{self, PasswordChange, Registration};
use crate::state::AppState;

pub fn routes(routes: &mut Routes) {
    routes
        .add(Resource::new("/accounts").idempotent_for_anyone().post(register))
        .add(
            Resource::new("/accounts/{account_id}")
                .get(get_account)
                .patch(change_role),
        )
        .add(Resource::new("/me").get(me))
        .add(Resource::new("/me/password").put(put_password));
}

/// An account as the API shows it: never the password hash.
#[derive(Debug, Serialize)]
pub struct AccountView {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<&User> for AccountView {
    fn from(u: &User) -> Self {
        Self {
            id: u.id.clone(),
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            role: u.role(),
            created_at: u.created_at.and_utc(),
        }
    }
}

async fn register(
    state: web::Data<AppState>,
    idempotent: Idempotent,
    body: ApiJson<Registration>,
) -> Result<HttpResponse, AppError> {
    let checked = accounts::check_registration(&state, body.into_inner()).await?;
    idempotency::create(&state, idempotent, move |conn| {
        let user = accounts::insert_candidate(conn, &checked)?;
        Ok((format!("/v1/accounts/{}", user.id), AccountView::from(&user)))
    })
    .await
}

async fn put_password(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: ApiJson<PasswordChange>,
) -> Result<HttpResponse, AppError> {
    accounts::change_password(&state, &auth, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Your own account, or any account for an admin. Anyone else gets 404, so ids do not leak.
async fn get_account(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = accounts::visible_account(&state, &auth, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(AccountView::from(&user)))
}

async fn me(auth: AuthUser) -> HttpResponse {
    HttpResponse::Ok().json(AccountView::from(&auth.0))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleChange {
    role: Role,
}

/// Admins change roles over HTTP (the first admin is made with `apidojo users create`).
async fn change_role(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    body: ApiJson<RoleChange>,
) -> Result<HttpResponse, AppError> {
    let user = accounts::change_role(&state, &auth, path.into_inner(), body.into_inner().role).await?;
    Ok(HttpResponse::Ok().json(AccountView::from(&user)))
}

//! Sessions: `POST /v1/sessions` exchanges email + password for a bearer token (one new row of
//! `sessions`); `DELETE /v1/sessions/current` logs out, revoking the session on the server so the
//! token stops working at once.
use actix_web::{http::header, web, HttpRequest, HttpResponse};
use serde::Serialize;

use super::body::ApiJson;
use super::routes::{Resource, Routes};
use crate::auth::request::client_address;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::service::sessions::{self, Credentials};
use crate::state::AppState;

pub fn routes(routes: &mut Routes) {
    routes
        .add(Resource::new("/sessions").post(log_in))
        .add(Resource::new("/sessions/current").delete(log_out));
}

#[derive(Serialize)]
pub struct SessionView {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub expires_in: i64,
}

async fn log_in(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ApiJson<Credentials>,
) -> Result<HttpResponse, AppError> {
    let address = client_address(&req, &state.settings.trusted_proxies);
    let user = sessions::check_credentials(&state, &address, body.into_inner()).await?;
    let issued = sessions::open_session(&state, &user.id).await?.issued;
    let expires_in = (issued.expires_at - chrono::Utc::now()).num_seconds();
    // A token is a credential: no cache keeps it (RFC 6749, section 5.1).
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(SessionView {
            access_token: issued.token,
            token_type: "Bearer",
            expires_at: issued.expires_at,
            expires_in,
        }))
}

/// Ends the session of the request's token on the server: the token is refused from now on.
async fn log_out(state: web::Data<AppState>, auth: AuthUser) -> Result<HttpResponse, AppError> {
    sessions::log_out(&state, &auth).await?;
    Ok(HttpResponse::NoContent().finish())
}

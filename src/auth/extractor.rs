//! `AuthUser`: the signed-in user of a request, from `Authorization: Bearer <token>` or, for
//! pages and their scripts, from the browser's session cookie.
//! The account and its session are read from the database on every request, so a role change, a
//! deleted account or a log-out takes effect at once rather than when the token expires.
//!
//! A cookie is sent by the browser on its own, so a request authenticated by the cookie that
//! changes anything (not GET/HEAD) must also carry the session's CSRF token in `X-CSRF-Token`
//! and, when the browser says where it comes from (`Origin`), come from this very site.
use std::future::Future;
use std::pin::Pin;

use actix_web::{dev::Payload, http::header, http::Method, web, FromRequest, HttpMessage, HttpRequest};

use crate::db::sessions::Session;
use crate::db::users::{Role, User};
use crate::error::AppError;
use crate::state::AppState;

/// Name of the browser session cookie. Its value is the same signed token a bearer client gets.
pub const SESSION_COOKIE: &str = "apidojo_session";
/// Header carrying the CSRF token on cookie-authenticated requests from scripts.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The signed-in user, and the id of the session the request came with.
#[derive(Debug, Clone)]
pub struct AuthUser(pub User, pub String);

impl AuthUser {
    pub fn id(&self) -> &str {
        &self.0.id
    }
    pub fn role(&self) -> Role {
        self.0.role()
    }
    /// The session of this request (what log-out revokes).
    pub fn session_id(&self) -> &str {
        &self.1
    }
}

/// How the request proved who it is.
enum Credential {
    Bearer(String),
    Cookie(String),
}

/// The token of `Authorization: Bearer <token>` (the scheme in any case), `None` without the
/// header, 401 when the header is there but not of that form.
pub fn bearer_token(req: &HttpRequest) -> Result<Option<String>, AppError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| AppError::unauthorized("the Authorization header is not valid text"))?;
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(AppError::unauthorized(
            "the Authorization header must be of the form: Bearer <token>",
        ));
    }
    Ok(Some(token.trim().to_owned()))
}

fn credential(req: &HttpRequest) -> Result<Credential, AppError> {
    if let Some(token) = bearer_token(req)? {
        return Ok(Credential::Bearer(token));
    }
    if let Some(cookie) = req.cookie(SESSION_COOKIE).filter(|c| !c.value().is_empty()) {
        return Ok(Credential::Cookie(cookie.value().to_owned()));
    }
    Err(AppError::unauthorized(
        "this endpoint needs an Authorization: Bearer <token> header; get a token from POST /v1/sessions",
    ))
}

/// The token the request presents, from the bearer header or else the session cookie, unverified;
/// `None` when there is none (or the header is malformed, which the handler will refuse).
pub fn presented_token(req: &HttpRequest) -> Option<String> {
    match credential(req) {
        Ok(Credential::Bearer(t) | Credential::Cookie(t)) => Some(t),
        Err(_) => None,
    }
}

/// True when the request's `Origin` (if the browser sent one) is this site itself.
pub fn same_origin(req: &HttpRequest) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let conn = req.connection_info();
    let host = conn.host();
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(host))
}

/// The user and session of a token, checked against the database.
pub async fn authenticate(state: &AppState, token: &str) -> Result<AuthUser, AppError> {
    let claims = state.keys.verify(token).map_err(AppError::unauthorized)?;
    let Some(sid) = claims.sid else {
        return Err(AppError::unauthorized("the token names no session; log in again"));
    };
    let pool = state.pool.clone();
    let found = web::block(move || -> Result<Option<AuthUser>, AppError> {
        let mut conn = pool.get()?;
        if Session::find_live(&mut conn, &sid, &claims.sub, crate::db::now())?.is_none() {
            return Ok(None);
        }
        match User::find(&mut conn, &claims.sub) {
            Ok(u) => Ok(Some(AuthUser(u, sid))),
            Err(diesel::result::Error::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        }
    })
    .await??;
    found.ok_or_else(|| AppError::unauthorized("this session has ended (logged out or password changed); log in again"))
}

impl FromRequest for AuthUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("AppState missing")))?
                .clone();
            let user = match credential(&req)? {
                Credential::Bearer(token) => authenticate(&state, &token).await,
                Credential::Cookie(token) => {
                    let user = authenticate(&state, &token).await?;
                    let safe = matches!(*req.method(), Method::GET | Method::HEAD);
                    if !safe {
                        let sent = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok());
                        let expected = state.keys.csrf_token(user.session_id());
                        if sent != Some(expected.as_str()) || !same_origin(&req) {
                            return Err(AppError::forbidden(
                                "a request signed in by the session cookie must carry the page's X-CSRF-Token and come from this site",
                            ));
                        }
                    }
                    Ok(user)
                }
            }?;
            // Every later log line of this request names who made it.
            if let Some(span) = req.extensions().get::<tracing_actix_web::RootSpan>() {
                span.record("user_id", user.id());
            }
            Ok(user)
        })
    }
}

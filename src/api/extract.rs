//! `AuthUser` as an extractor: the signed-in user of an API request, from
//! `Authorization: Bearer <token>` or, for pages' scripts, from the browser's session cookie.
//! The account and its session are read from the database on every request
//! (`service::sessions::authenticate`).
//!
//! A cookie is sent by the browser on its own, so a request authenticated by the cookie that
//! changes anything (not GET/HEAD) must also carry the session's CSRF token in `X-CSRF-Token`
//! and, when the browser says where it comes from (`Origin`), come from this very site.
use std::future::Future;
use std::pin::Pin;

use actix_web::{dev::Payload, http::Method, web, FromRequest, HttpMessage, HttpRequest};

use crate::auth::request::{credential, same_origin, Credential, CSRF_HEADER};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::service::sessions::authenticate;
use crate::state::AppState;

impl FromRequest for AuthUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            // Already checked for this very request (the idempotency layer authenticates before
            // it replays anything): not a second trip to the database.
            if let Some(user) = req.extensions().get::<AuthUser>().cloned() {
                return Ok(user);
            }
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

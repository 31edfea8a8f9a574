//! `AuthUser`: the signed-in user of a request, from `Authorization: Bearer <token>`.
//! The account is read from the database on every request, so a role change or a deleted
//! account takes effect at once rather than when the token expires.
use std::future::Future;
use std::pin::Pin;

use actix_web::{dev::Payload, http::header, web, FromRequest, HttpRequest};

use crate::app::AppState;
use crate::db::users::{Role, User};
use crate::error::AppError;

#[derive(Debug, Clone)]
pub struct AuthUser(pub User);

impl AuthUser {
    pub fn id(&self) -> &str {
        &self.0.id
    }
    pub fn role(&self) -> Role {
        self.0.role()
    }
}

fn bearer_token(req: &HttpRequest) -> Result<String, AppError> {
    let value = req.headers().get(header::AUTHORIZATION).ok_or_else(|| {
        AppError::unauthorized(
            "this endpoint needs an Authorization: Bearer <token> header; get a token from POST /v1/sessions",
        )
    })?;
    let value = value
        .to_str()
        .map_err(|_| AppError::unauthorized("the Authorization header is not valid text"))?;
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(AppError::unauthorized(
            "the Authorization header must be of the form: Bearer <token>",
        ));
    }
    Ok(token.trim().to_owned())
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
            let token = bearer_token(&req)?;
            let claims = state.keys.verify(&token).map_err(AppError::unauthorized)?;
            let user = web::block(move || -> Result<Option<User>, AppError> {
                let mut conn = state.pool.get()?;
                match User::find(&mut conn, &claims.sub) {
                    Ok(u) => Ok(Some(u)),
                    Err(diesel::result::Error::NotFound) => Ok(None),
                    Err(e) => Err(e.into()),
                }
            })
            .await??;
            user.map(AuthUser)
                .ok_or_else(|| AppError::unauthorized("the account of this token no longer exists"))
        })
    }
}

//! Who is looking at a page: the browser session cookie (the same signed token the JSON API
//! hands out, kept in an HttpOnly, SameSite=Lax cookie, `Secure` behind https), checked against
//! the server's session table on every request. Forms that change anything carry the session's
//! CSRF token and must come from this site (`Origin`).
use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};

use crate::auth::request::{from_this_site, SESSION_COOKIE};
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::service::sessions::authenticate;
use crate::state::AppState;
use crate::web::render::PageError;

/// The signed-in user of a page, if any. Never fails: a stale or forged cookie is no one.
pub struct Viewer(pub Option<AuthUser>);

impl FromRequest for Viewer {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
                return Ok(Viewer(None));
            };
            let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
                return Ok(Viewer(None));
            };
            Ok(Viewer(authenticate(&state, &token).await.ok()))
        })
    }
}

impl Viewer {
    /// The user, or a redirect to the log-in page that comes back here.
    pub fn require(self, req: &HttpRequest) -> Result<AuthUser, PageError> {
        self.0.ok_or_else(|| PageError::LogIn(req.uri().to_string()))
    }
}

/// Checks a form post made while signed in: the CSRF field must be this session's token and the
/// browser must not say it comes from another site.
pub fn check_form(state: &AppState, req: &HttpRequest, user: &AuthUser, csrf: &str) -> Result<(), PageError> {
    if csrf == state.keys.csrf_token(user.session_id()) && from_this_site(req) {
        Ok(())
    } else {
        Err(PageError::Problem(AppError::forbidden(
            "this form is stale or did not come from this site; reload the page and try again",
        )))
    }
}

/// Checks a form post made while signed out (log in, sign up): only where it comes from.
pub fn check_origin(req: &HttpRequest) -> Result<(), PageError> {
    if from_this_site(req) {
        Ok(())
    } else {
        Err(PageError::Problem(AppError::forbidden(
            "this form did not come from this site",
        )))
    }
}

/// The session cookie for a new session's token.
pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    let max_age = CookieDuration::seconds(i64::try_from(state.settings.token_ttl.as_secs()).unwrap_or(43_200));
    Cookie::build(SESSION_COOKIE, token)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.https())
        .max_age(max_age)
        .finish()
}

/// A cookie that makes the browser forget the session.
pub fn cleared_cookie(state: &AppState) -> Cookie<'static> {
    let mut c = session_cookie(state, String::new());
    c.make_removal();
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    /// State enough to build cookies: the pool never opens a connection (no idle ones are
    /// kept, none is asked for), so no database file appears.
    fn state(public_url: Option<&str>) -> AppState {
        let mut settings = crate::config::Settings::new(
            "127.0.0.1:0".parse().unwrap(),
            "sqlite:///nonexistent/apidojo.sqlite3".into(),
            secrecy::SecretString::from("x".repeat(32)),
        );
        settings.public_url = public_url.map(str::to_owned);
        AppState {
            pool: r2d2::Pool::builder()
                .max_size(1)
                .min_idle(Some(0))
                .build_unchecked(crate::db::Manager::new("sqlite:///nonexistent/apidojo.sqlite3").unwrap()),
            keys: crate::auth::JwtKeys::new(&settings.jwt_secret, settings.token_ttl),
            settings: std::sync::Arc::new(settings),
            catalog: std::sync::Arc::new(crate::catalog::Catalog::from_dir(std::path::Path::new("/nonexistent"))),
            limits: crate::grading::Limits::server(),
            hashing: std::sync::Arc::new(tokio::sync::Semaphore::new(1)),
            body_reads: std::sync::Arc::new(tokio::sync::Semaphore::new(1)),
            metrics: std::sync::Arc::new(crate::metrics::Metrics::new()),
            draining: Default::default(),
        }
    }

    #[test]
    fn the_cookie_is_http_only_lax_and_secure_behind_https() {
        let plain = session_cookie(&state(None), "t".into()).to_string();
        assert!(
            plain.contains("HttpOnly") && plain.contains("SameSite=Lax") && plain.contains("Path=/"),
            "{plain}"
        );
        assert!(!plain.contains("Secure"), "{plain}");
        let https = session_cookie(&state(Some("https://dojo.example.com")), "t".into()).to_string();
        assert!(https.contains("Secure"), "{https}");
        let gone = cleared_cookie(&state(None)).to_string();
        assert!(
            gone.starts_with("apidojo_session=;") && gone.contains("Max-Age=0"),
            "{gone}"
        );
    }
}

//! Sign up, log in, log out and change password. Log-in opens a session on the server (the same
//! as `POST /v1/sessions`) and hands its token to the browser in the HttpOnly cookie; log-out
//! revokes that session on the server, so the old cookie is refused even if it was copied.
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use secrecy::SecretString;
use serde::Deserialize;

use crate::auth::request::client_address;
use crate::auth::AuthUser;
use crate::error::AppError;
use crate::service::accounts::{change_password, create_account, PasswordChange, Registration};
use crate::service::sessions::{self, check_credentials, open_session, Credentials};
use crate::state::AppState;
use crate::web::nav::Nav;
use crate::web::render::{redirect, render, PageError};
use crate::web::session::{check_form, check_origin, cleared_cookie, session_cookie, Viewer};

/// Longest `next` kept: a longer one is ignored.
const MAX_NEXT_BYTES: usize = 2048;

/// A path on this site to go back to after logging in; anything else is `/`. The value is read
/// the way a browser reads a `Location` (WHATWG URL parsing against this site, which drops tabs
/// and newlines and treats `\` as `/`), so `//host`, `/\host`, `/<tab>/host` and absolute URLs
/// of other sites all fall back to `/`; control and bidirectional-override characters are
/// refused outright. What is kept is re-serialised by the URL parser: plain ASCII, safe in a
/// header.
pub fn safe_next(next: Option<&str>) -> String {
    const HOME: &str = "/";
    let Some(next) = next else {
        return HOME.to_owned();
    };
    let suspicious = |c: char| {
        c.is_control()
            || c == '\\'
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !next.starts_with('/') || next.len() > MAX_NEXT_BYTES || next.chars().any(suspicious) {
        return HOME.to_owned();
    }
    let Ok(site) = url::Url::parse("http://apidojo.invalid/") else {
        return HOME.to_owned();
    };
    match site.join(next) {
        Ok(to) if to.origin() == site.origin() => to[url::Position::BeforePath..].to_owned(),
        _ => HOME.to_owned(),
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/login", web::get().to(login_form))
        .route("/login", web::post().to(login))
        .route("/signup", web::get().to(signup_form))
        .route("/signup", web::post().to(signup))
        .route("/logout", web::post().to(logout))
        .route("/account", web::get().to(account))
        .route("/account/password", web::post().to(password));
}

#[derive(Template)]
#[template(path = "login.html")]
struct LogIn {
    nav: Nav,
    next: String,
    email: String,
    error: Option<String>,
    message: Option<String>,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
    bye: Option<String>,
}

async fn login_form(
    state: web::Data<AppState>,
    viewer: Viewer,
    q: web::Query<NextQuery>,
) -> Result<HttpResponse, PageError> {
    render(&LogIn {
        nav: Nav::new(&state, viewer.0.as_ref()),
        next: safe_next(q.next.as_deref()),
        email: String::new(),
        error: None,
        message: q.bye.as_ref().map(|_| "You are logged out.".to_owned()),
    })
}

#[derive(Deserialize)]
struct LogInForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// A page response that also signs the browser in.
async fn signed_in(state: &AppState, user_id: &str, to: &str) -> Result<HttpResponse, PageError> {
    let opened = open_session(state, user_id).await?;
    let mut res = redirect(to);
    res.add_cookie(&session_cookie(state, opened.issued.token))
        .map_err(|e| AppError::internal(anyhow::anyhow!("setting the session cookie: {e}")))?;
    Ok(res)
}

async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<LogInForm>,
) -> Result<HttpResponse, PageError> {
    check_origin(&req)?;
    let f = form.into_inner();
    let next = safe_next(f.next.as_deref());
    let creds = Credentials::new(f.email.clone(), SecretString::from(f.password));
    let address = client_address(&req, &state.settings.trusted_proxies);
    match check_credentials(&state, &address, creds).await {
        Ok(user) => signed_in(&state, &user.id, &next).await,
        Err(e @ (AppError::Unauthorized(_) | AppError::TooManyRequests { .. })) => {
            let status = actix_web::ResponseError::status_code(&e);
            let page = LogIn {
                nav: Nav::new(&state, None),
                next,
                email: f.email,
                error: Some(e.to_string()),
                message: None,
            };
            let mut res = render(&page)?;
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "signup.html")]
struct SignUp {
    nav: Nav,
    next: String,
    email: String,
    display_name: String,
    errors: Vec<String>,
}

async fn signup_form(
    state: web::Data<AppState>,
    viewer: Viewer,
    q: web::Query<NextQuery>,
) -> Result<HttpResponse, PageError> {
    render(&SignUp {
        nav: Nav::new(&state, viewer.0.as_ref()),
        next: safe_next(q.next.as_deref()),
        email: String::new(),
        display_name: String::new(),
        errors: Vec::new(),
    })
}

#[derive(Deserialize)]
struct SignUpForm {
    email: String,
    display_name: String,
    password: String,
    next: Option<String>,
}

async fn signup(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<SignUpForm>,
) -> Result<HttpResponse, PageError> {
    check_origin(&req)?;
    let f = form.into_inner();
    let next = safe_next(f.next.as_deref());
    let reg = Registration {
        email: f.email.clone(),
        display_name: f.display_name.clone(),
        password: SecretString::from(f.password),
    };
    match create_account(&state, reg).await {
        Ok(user) => signed_in(&state, &user.id, if next == "/" { "/exercises" } else { &next }).await,
        Err(e @ (AppError::Unprocessable { .. } | AppError::Conflict(_))) => {
            let status = actix_web::ResponseError::status_code(&e);
            let errors = match &e {
                AppError::Unprocessable { errors, .. } if !errors.is_empty() => errors
                    .iter()
                    .map(|fe| {
                        format!(
                            "{}: {}",
                            fe.pointer.trim_start_matches('/').replace('_', " "),
                            fe.detail
                        )
                    })
                    .collect(),
                _ => vec![e.to_string()],
            };
            let mut res = render(&SignUp {
                nav: Nav::new(&state, None),
                next,
                email: f.email,
                display_name: f.display_name,
                errors,
            })?;
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: String,
}

/// Ends the session on the server, then makes the browser forget the cookie.
async fn logout(
    state: web::Data<AppState>,
    viewer: Viewer,
    req: HttpRequest,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, PageError> {
    if let Some(user) = viewer.0 {
        check_form(&state, &req, &user, &form.csrf)?;
        sessions::log_out(&state, &user).await?;
    }
    let mut res = redirect("/login?bye=1");
    res.add_cookie(&cleared_cookie(&state))
        .map_err(|e| AppError::internal(anyhow::anyhow!("clearing the session cookie: {e}")))?;
    Ok(res)
}

#[derive(Template)]
#[template(path = "account.html")]
struct Account {
    nav: Nav,
    name: String,
    email: String,
    role: String,
    error: Option<String>,
    message: Option<String>,
}

fn account_page(state: &AppState, user: &AuthUser, error: Option<String>, message: Option<String>) -> Account {
    Account {
        nav: Nav::new(state, Some(user)),
        name: user.0.display_name.clone(),
        email: user.0.email.clone(),
        role: user.role().as_str().to_owned(),
        error,
        message,
    }
}

async fn account(state: web::Data<AppState>, viewer: Viewer, req: HttpRequest) -> Result<HttpResponse, PageError> {
    let user = viewer.require(&req)?;
    render(&account_page(&state, &user, None, None))
}

#[derive(Deserialize)]
struct PasswordForm {
    csrf: String,
    current_password: String,
    new_password: String,
}

async fn password(
    state: web::Data<AppState>,
    viewer: Viewer,
    req: HttpRequest,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    let user = viewer.require(&req)?;
    let f = form.into_inner();
    check_form(&state, &req, &user, &f.csrf)?;
    let change = PasswordChange {
        current_password: SecretString::from(f.current_password),
        new_password: SecretString::from(f.new_password),
    };
    let (error, message) = match change_password(&state, &user, change).await {
        Ok(()) => (
            None,
            Some("Password changed. Your other sessions have been logged out.".to_owned()),
        ),
        Err(e @ (AppError::Forbidden(_) | AppError::Unprocessable { .. })) => {
            let text = match &e {
                AppError::Unprocessable { errors, .. } if !errors.is_empty() => {
                    format!("The new password {}", errors[0].detail)
                }
                _ => e.to_string(),
            };
            (Some(text), None)
        }
        Err(e) => return Err(e.into()),
    };
    render(&account_page(&state, &user, error, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/attempts/1")), "/attempts/1");
        assert_eq!(
            safe_next(Some("/exercises?kind=mock#list")),
            "/exercises?kind=mock#list"
        );
        assert_eq!(safe_next(None), "/");
        // One case per class of payload that leads off the site or breaks the header.
        for evil in [
            "//evil.example",
            "https://evil.example",
            "evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\r\nSet-Cookie: x=y",
            "/\n/evil.example",
            "///evil.example",
            "/\u{202e}elpmaxe.live//",
            "/\u{2066}x",
            "javascript:alert(1)",
        ] {
            let kept = safe_next(Some(evil));
            assert!(
                kept == "/" || (kept.starts_with('/') && !kept.starts_with("//")),
                "{evil:?} -> {kept:?}"
            );
            assert!(!kept.contains("evil"), "{evil:?} -> {kept:?}");
        }
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(MAX_NEXT_BYTES)))), "/");
        // Encoded slashes stay encoded: a path on this site, never a host.
        assert_eq!(safe_next(Some("/%2F%2Fevil.example")), "/%2F%2Fevil.example");
        // Non-ASCII is percent-encoded, so the Location header is plain ASCII.
        assert_eq!(safe_next(Some("/exercises/café")), "/exercises/caf%C3%A9");
    }
}

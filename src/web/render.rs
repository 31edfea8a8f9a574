//! Pages as responses: a template rendered as HTML, a redirect, and [`PageError`], what a page
//! answers when it cannot be shown (a redirect to log in, or an HTML error page with the status
//! of the underlying [`AppError`]; internal causes are logged, never shown).
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::error::AppError;
use crate::web::nav::Nav;

/// Renders a page template as a 200 HTML response.
pub fn render<T: Template>(page: &T) -> Result<HttpResponse, PageError> {
    let body = page
        .render()
        .map_err(|e| AppError::internal(anyhow::anyhow!("rendering a page failed: {e}")))?;
    Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(body))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    nav: Nav,
    heading: &'a str,
    detail: &'a str,
}

/// An error as a page: the status and its detail, with a way back. The navigation shows no user
/// (the error may be about the session itself).
pub fn error_page(status: StatusCode, detail: &str) -> HttpResponse {
    let nav = Nav::nobody();
    let heading = status.canonical_reason().unwrap_or("Error");
    let body = ErrorPage { nav, heading, detail }
        .render()
        .unwrap_or_else(|_| detail.to_owned());
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// See other: where a form post leads.
pub fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_owned()))
        .finish()
}

/// A page that could not be shown: a redirect to log in, or an error page.
#[derive(Debug)]
pub enum PageError {
    LogIn(String),
    Problem(AppError),
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageError::LogIn(_) => f.write_str("log in first"),
            PageError::Problem(e) => e.fmt(f),
        }
    }
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError::Problem(e)
    }
}

impl From<actix_web::error::BlockingError> for PageError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        PageError::Problem(e.into())
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::LogIn(_) => StatusCode::SEE_OTHER,
            PageError::Problem(e) => e.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            PageError::LogIn(back) => {
                let to = format!(
                    "/login?next={}",
                    url::form_urlencoded::byte_serialize(back.as_bytes()).collect::<String>()
                );
                redirect(&to)
            }
            PageError::Problem(e) => {
                let status = e.status_code();
                // Internal causes are logged by AppError and never shown.
                let detail = if status.is_server_error() {
                    tracing::error!(error = ?e, "a page failed");
                    "something went wrong on our side; try again in a moment".to_owned()
                } else {
                    e.to_string()
                };
                error_page(status, &detail)
            }
        }
    }
}

/// A page's redirect to log in is answered through [`PageError::LogIn`], so the response carries
/// that error and the request log would report it as a failure. It is the page working: the
/// redirect goes out as a plain answer.
pub async fn plain_redirects(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let res = next.call(req).await?.map_into_boxed_body();
    if !(res.status().is_redirection() && res.response().error().is_some()) {
        return Ok(res);
    }
    let (req, answer) = res.into_parts();
    let mut plain = HttpResponse::new(answer.status());
    *plain.headers_mut() = answer.headers().clone();
    Ok(actix_web::dev::ServiceResponse::new(req, plain))
}

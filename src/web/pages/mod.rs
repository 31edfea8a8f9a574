//! One small struct per page, one handler per route.
mod account;
mod catalog;
mod coach;
mod practice;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use super::session::{Nav, PageError};
use crate::error::AppError;

pub fn routes(cfg: &mut web::ServiceConfig) {
    catalog::routes(cfg);
    account::routes(cfg);
    practice::routes(cfg);
    coach::routes(cfg);
}

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
    let nav = Nav {
        user: None,
        css: super::statics::url("style.css"),
        icon: super::statics::url("icon.svg"),
    };
    let heading = status.canonical_reason().unwrap_or("Error");
    let body = ErrorPage { nav, heading, detail }
        .render()
        .unwrap_or_else(|_| detail.to_owned());
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// A local path to go back to after logging in; anything else (another site, `//host`) is `/`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n.to_owned(),
        _ => "/".to_owned(),
    }
}

/// Minutes and seconds, `mm:ss` (or `h:mm:ss`).
pub fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/attempts/1")), "/attempts/1");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn clock_formats() {
        assert_eq!(clock(0), "00:00");
        assert_eq!(clock(61), "01:01");
        assert_eq!(clock(3725), "1:02:05");
        assert_eq!(clock(-5), "00:00");
    }
}

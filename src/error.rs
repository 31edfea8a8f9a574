//! The one application error type and its wire shape: `application/problem+json` (RFC 9457).
//!
//! Which error belongs to which layer:
//! - handlers and extractors return [`AppError`], built with the small constructors below;
//! - the database layer returns `diesel::result::Error` / pool errors, converted here
//!   (`NotFound` -> 404, anything else -> a logged 500 or 503);
//! - the grader returns its own load error, which handlers turn into a 422 with the grader's line.
//!
//! A 5xx never carries its internal cause in the body: the cause is logged with the request id
//! and the client is told to quote that id.
use actix_web::error::{JsonPayloadError, PayloadError, QueryPayloadError};
use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid field of a request, listed in a 422's `errors`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldError {
    /// JSON pointer of the field in the request body, e.g. `/password`.
    pub pointer: String,
    pub detail: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{method} is not allowed here; allowed: {allowed}")]
    MethodNotAllowed { method: String, allowed: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{detail}")]
    Unprocessable { detail: String, errors: Vec<FieldError> },
    #[error("{detail}")]
    TooManyRequests { detail: String, retry_after_secs: u64 },
    #[error("{0}")]
    Unavailable(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::BadRequest(detail.into())
    }
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::Unauthorized(detail.into())
    }
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::Forbidden(detail.into())
    }
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::NotFound(detail.into())
    }
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::Conflict(detail.into())
    }
    pub fn unprocessable(detail: impl Into<String>) -> Self {
        Self::Unprocessable {
            detail: detail.into(),
            errors: Vec::new(),
        }
    }
    /// A 422 listing every invalid field at once, so a client can fix them in one go.
    pub fn invalid_fields(errors: Vec<FieldError>) -> Self {
        let detail = errors
            .iter()
            .map(|e| format!("{}: {}", e.pointer, e.detail))
            .collect::<Vec<_>>()
            .join("; ");
        Self::Unprocessable { detail, errors }
    }
    pub fn too_many_requests(detail: impl Into<String>, retry_after_secs: u64) -> Self {
        Self::TooManyRequests {
            detail: detail.into(),
            retry_after_secs,
        }
    }
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self::Internal(cause.into())
    }

    /// Says what was being done when an unexpected error happened; the client's own mistakes
    /// (every other variant) pass through unchanged.
    pub fn context(self, what: impl std::fmt::Display + Send + Sync + 'static) -> Self {
        match self {
            Self::Internal(cause) => Self::Internal(cause.context(what)),
            other => other,
        }
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [FieldError],
}

/// The problem+json response for a status and a client-facing detail.
pub fn problem_response(status: StatusCode, detail: &str, errors: &[FieldError]) -> HttpResponse {
    let body = Problem {
        kind: "about:blank",
        title: status.canonical_reason().unwrap_or("Error"),
        status: status.as_u16(),
        detail,
        errors,
    };
    HttpResponse::build(status)
        .content_type(PROBLEM_JSON)
        .body(serde_json::to_string(&body).unwrap_or_default())
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let mut response = match self {
            AppError::Internal(cause) => {
                // The request id is on the current span, so this line can be matched to the
                // client's report; the body says nothing about the cause.
                tracing::error!(error = ?cause, "unexpected error");
                problem_response(
                    status,
                    "An unexpected error occurred. Quote the x-request-id header of this response when reporting it.",
                    &[],
                )
            }
            AppError::Unprocessable { detail, errors } => problem_response(status, detail, errors),
            other => problem_response(status, &other.to_string(), &[]),
        };
        let headers = response.headers_mut();
        match self {
            AppError::Unauthorized(_) => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    header::HeaderValue::from_static("Bearer realm=\"apidojo\""),
                );
            }
            AppError::TooManyRequests { retry_after_secs, .. } => {
                headers.insert(header::RETRY_AFTER, (*retry_after_secs).into());
            }
            AppError::MethodNotAllowed { allowed, .. } => {
                if let Ok(v) = header::HeaderValue::from_str(allowed) {
                    headers.insert(header::ALLOW, v);
                }
            }
            _ => {}
        }
        response
    }
}

/// Turns a missing row into a 404 with a detail that names what was asked for; any other
/// database error stays an internal one.
pub trait OrNotFound<T> {
    fn or_not_found(self, detail: impl FnOnce() -> String) -> Result<T, AppError>;
}

impl<T> OrNotFound<T> for diesel::QueryResult<T> {
    fn or_not_found(self, detail: impl FnOnce() -> String) -> Result<T, AppError> {
        self.map_err(|e| match e {
            diesel::result::Error::NotFound => AppError::not_found(detail()),
            other => other.into(),
        })
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::not_found("no such resource"),
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<r2d2::Error> for AppError {
    fn from(e: r2d2::Error) -> Self {
        tracing::error!(error = %e, "no database connection available");
        AppError::Unavailable("The database is unavailable; try again shortly.".into())
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

/// Malformed, oversized or mistyped JSON bodies: 400 / 413 / 415 / 422 instead of actix's plain text.
pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let app = match err {
        JsonPayloadError::ContentType => {
            AppError::UnsupportedMediaType("the body must be sent as Content-Type: application/json".into())
        }
        JsonPayloadError::Overflow { limit } | JsonPayloadError::OverflowKnownLength { limit, .. } => {
            AppError::PayloadTooLarge(format!(
                "the body is larger than the {limit} bytes this endpoint accepts"
            ))
        }
        JsonPayloadError::Payload(PayloadError::Overflow) => {
            AppError::PayloadTooLarge("the body is larger than this endpoint accepts".into())
        }
        JsonPayloadError::Deserialize(e) if e.is_data() => AppError::unprocessable(format!("invalid body: {e}")),
        JsonPayloadError::Deserialize(e) => AppError::bad_request(format!("malformed JSON: {e}")),
        other => AppError::bad_request(format!("unreadable body: {other}")),
    };
    app.into()
}

/// Query strings that do not fit the handler's parameters.
pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    AppError::bad_request(format!("invalid query string: {err}")).into()
}

/// Raw bodies (`Bytes`, `String`) over the configured limit.
pub fn payload_error(err: PayloadError) -> AppError {
    match err {
        PayloadError::Overflow => AppError::PayloadTooLarge("the body is larger than this endpoint accepts".into()),
        other => AppError::bad_request(format!("unreadable body: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_added_to_unexpected_errors_only() {
        let e = AppError::internal(anyhow::anyhow!("disk I/O error")).context("database work at src/api/x.rs:1");
        let AppError::Internal(cause) = e else {
            panic!("still internal")
        };
        let logged = format!("{cause:?}");
        assert!(logged.starts_with("database work at src/api/x.rs:1"), "{logged}");
        assert!(logged.contains("disk I/O error"), "{logged}");
        let client = AppError::bad_request("limit must be a whole number").context("ignored");
        assert!(matches!(client, AppError::BadRequest(d) if d == "limit must be a whole number"));
    }
}

//! Raw request bodies for documents: the size limit is enforced before anything is buffered past
//! it (Content-Length first, then while streaming), and the media type is checked up front.
use actix_web::{http::header, web, HttpRequest};

use futures_util::StreamExt;

use crate::error::AppError;
use crate::grading::load::Format;

/// The request's media type, lowercased, without parameters (`application/json`).
fn media_type(req: &HttpRequest) -> String {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The media type of a body carrying two documents side by side, an OpenAPI document and the
/// AsyncAPI event document beside it: `{"openapi": "<text>", "asyncapi": "<text>"}`.
pub const DESIGN_MEDIA_TYPE: &str = "application/vnd.apidojo.design+json";

/// Whether the body is two documents side by side ([`DESIGN_MEDIA_TYPE`]).
pub fn is_design(req: &HttpRequest) -> bool {
    media_type(req) == DESIGN_MEDIA_TYPE
}

/// `application/yaml` (and its common aliases) or `application/json` (and `+json` types).
pub fn body_kind(req: &HttpRequest) -> Result<Format, AppError> {
    let ct = media_type(req);
    match ct.as_str() {
        "application/yaml"
        | "application/x-yaml"
        | "text/yaml"
        | "text/x-yaml"
        | "application/openapi+yaml"
        | "application/vnd.oai.openapi" => Ok(Format::Yaml),
        "application/json" | "application/openapi+json" | "application/vnd.oai.openapi+json" => Ok(Format::Json),
        "" => Err(AppError::UnsupportedMediaType(
            "say what the body is: Content-Type: application/yaml or application/json".into(),
        )),
        other => Err(AppError::UnsupportedMediaType(format!(
            "{other} is not accepted: send the document as application/yaml or application/json, or an API and its event document as {DESIGN_MEDIA_TYPE}"
        ))),
    }
}

/// Reads the whole body, refusing it as soon as it is known to exceed `limit` bytes.
pub async fn read_limited(req: &HttpRequest, mut payload: web::Payload, limit: usize) -> Result<web::Bytes, AppError> {
    let too_large = || {
        AppError::PayloadTooLarge(format!(
            "the document is larger than the {limit} bytes this server accepts"
        ))
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut buf = web::BytesMut::with_capacity(declared.unwrap_or(8 * 1024).min(limit));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(crate::error::payload_error)?;
        if buf.len() + chunk.len() > limit {
            return Err(too_large());
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// A JSON request body, deserialised with the path of any field at fault, so a 4xx says in the
/// API's words which field is wrong and what it allows (`/email: must be text, not a number`),
/// never the deserialiser's vocabulary (`expected u32`).
pub struct ApiJson<T>(pub T);

impl<T> ApiJson<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for ApiJson<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned + 'static> actix_web::FromRequest for ApiJson<T> {
    type Error = AppError;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let payload = <web::Payload as actix_web::FromRequest>::from_request(req, payload).into_inner();
        let req = req.clone();
        Box::pin(async move {
            let limit = req
                .app_data::<web::Data<crate::state::AppState>>()
                .map_or(256 * 1024, |s| s.settings.max_json_bytes);
            let payload = payload.map_err(|e| AppError::bad_request(format!("unreadable body: {e}")))?;
            read_json(&req, payload, limit).await.map(ApiJson)
        })
    }
}

/// A JSON body of at most `limit` bytes, read as [`ApiJson`] reads it: for an endpoint whose
/// body may be larger than the ordinary limit (a draft holds a whole document).
pub async fn read_json<T: serde::de::DeserializeOwned>(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<T, AppError> {
    let ct = media_type(req);
    if !(ct == "application/json" || ct.ends_with("+json")) {
        return Err(AppError::UnsupportedMediaType(
            "the body must be sent as Content-Type: application/json".into(),
        ));
    }
    let bytes = read_limited(req, payload, limit).await.map_err(|e| match e {
        AppError::PayloadTooLarge(_) => AppError::PayloadTooLarge(format!(
            "the body is larger than the {limit} bytes this endpoint accepts"
        )),
        other => other,
    })?;
    let mut de = serde_json::Deserializer::from_slice(&bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| json_problem(&e))?;
    de.end().map_err(|e| {
        AppError::bad_request(format!(
            "malformed JSON at line {} column {}: send one JSON object and nothing after it",
            e.line(),
            e.column()
        ))
    })?;
    if let Some(pointer) = nul_in(&bytes) {
        return Err(AppError::invalid_fields(vec![crate::error::FieldError {
            pointer,
            detail: "must not contain the NUL character (\\u0000)".into(),
        }]));
    }
    Ok(value)
}

/// Where the first NUL character (`\u0000`) of a JSON body stands, as a JSON pointer (the field
/// whose value or name holds it): no field takes one, and PostgreSQL cannot store it. Bodies
/// without the escape, nearly all of them, are not parsed again.
fn nul_in(body: &[u8]) -> Option<String> {
    fn walk(v: &serde_json::Value, at: &mut String) -> bool {
        match v {
            serde_json::Value::String(s) => s.contains('\0'),
            serde_json::Value::Array(items) => items.iter().enumerate().any(|(i, item)| {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                let found = walk(item, at);
                if !found {
                    at.truncate(len);
                }
                found
            }),
            serde_json::Value::Object(map) => map.iter().any(|(k, item)| {
                let len = at.len();
                at.push('/');
                at.push_str(&crate::grading::model::escape_token(k));
                let found = k.contains('\0') || walk(item, at);
                if !found {
                    at.truncate(len);
                }
                found
            }),
            _ => false,
        }
    }
    memchr::memmem::find(body, b"\\u0000")?;
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let mut at = String::new();
    walk(&value, &mut at).then_some(at)
}

/// A deserialisation failure in the API's words: syntax errors are 400 with the line and column,
/// data errors 422 naming the field (a JSON pointer) and what it allows.
fn json_problem(e: &serde_path_to_error::Error<serde_json::Error>) -> AppError {
    let inner = e.inner();
    if !inner.is_data() {
        return AppError::bad_request(format!(
            "malformed JSON at line {} column {}: send one JSON object",
            inner.line(),
            inner.column()
        ));
    }
    let mut pointer = String::new();
    for seg in e.path().iter() {
        use serde_path_to_error::Segment;
        match seg {
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&crate::grading::model::escape_token(key));
            }
            Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    let message = inner.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message);
    let (field, detail) = plain_words(message);
    if let Some(f) = field {
        if !pointer.ends_with(&format!("/{f}")) {
            pointer.push('/');
            pointer.push_str(&f);
        }
    }
    if pointer.is_empty() {
        return AppError::unprocessable(format!("the body {detail}"));
    }
    AppError::invalid_fields(vec![crate::error::FieldError { pointer, detail }])
}

/// `serde_json`'s data-error message as the API says it; the first item names a field the message
/// is about when it is not yet in the path (missing and unknown fields).
fn plain_words(message: &str) -> (Option<String>, String) {
    fn quoted(s: &str) -> Vec<&str> {
        s.split('`').skip(1).step_by(2).collect()
    }
    fn kind(expected: &str) -> String {
        let e = expected.trim();
        if e.starts_with("u8")
            || e.starts_with("u16")
            || e.starts_with("u32")
            || e.starts_with("u64")
            || e.starts_with("usize")
        {
            "a whole number, 0 or more".into()
        } else if e.starts_with('i') && e[1..].chars().all(|c| c.is_ascii_digit()) {
            "a whole number".into()
        } else if e.starts_with("f32") || e.starts_with("f64") {
            "a number".into()
        } else if e.contains("string") || e.contains("char") {
            "text".into()
        } else if e.contains("bool") {
            "true or false".into()
        } else if e.contains("sequence") || e.contains("tuple") {
            "a list".into()
        } else if e.contains("struct") || e.contains("map") {
            "an object".into()
        } else {
            e.trim_start_matches("a ").trim_start_matches("an ").to_string()
        }
    }
    fn found(what: &str) -> &'static str {
        let w = what.trim();
        if w.starts_with("integer") || w.starts_with("floating point") {
            "a number"
        } else if w.starts_with("string") || w.starts_with("char") {
            "text"
        } else if w.starts_with("boolean") {
            "true or false"
        } else if w.starts_with("sequence") {
            "a list"
        } else if w.starts_with("map") {
            "an object"
        } else if w.starts_with("null") || w.starts_with("unit") {
            "null"
        } else {
            "something else"
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return (quoted(rest).first().map(|f| f.to_string()), "is required".into());
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = quoted(rest);
        let field = names.first().map(|f| f.to_string());
        let allowed = names.get(1..).unwrap_or_default().join(", ");
        let detail = if allowed.is_empty() {
            "is not a field here".to_string()
        } else {
            format!("is not a field here; the fields are: {allowed}")
        };
        return (field, detail);
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let names = quoted(rest);
        return (
            None,
            format!("must be one of: {}", names.get(1..).unwrap_or_default().join(", ")),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((what, expected)) = rest.split_once(", expected ") {
            return (None, format!("must be {}, not {}", kind(expected), found(what)));
        }
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        if let Some((_, expected)) = rest.split_once(", expected ") {
            return (None, format!("must be {}", kind(expected)));
        }
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        if let Some((_, expected)) = rest.split_once(", expected ") {
            // A list given where an object is expected reads as a tuple to serde.
            if expected.starts_with("struct") {
                return (None, "must be an object, not a list".into());
            }
            return (None, format!("must have {expected}"));
        }
    }
    (None, message.to_string())
}

#[cfg(test)]
mod tests {
    use super::plain_words;

    #[test]
    fn deserialiser_messages_become_the_apis_words() {
        let cases = [
            (
                "invalid type: integer `5`, expected a string",
                (None, "must be text, not a number"),
            ),
            (
                "invalid value: integer `-5`, expected u32",
                (None, "must be a whole number, 0 or more"),
            ),
            (
                "invalid type: string \"x\", expected u32",
                (None, "must be a whole number, 0 or more, not text"),
            ),
            ("missing field `name`", (Some("name"), "is required")),
            (
                "unknown field `role`, expected one of `email`, `password`",
                (Some("role"), "is not a field here; the fields are: email, password"),
            ),
            (
                "unknown variant `x`, expected one of `a`, `b`",
                (None, "must be one of: a, b"),
            ),
            (
                "invalid type: sequence, expected struct NewInvite",
                (None, "must be an object, not a list"),
            ),
        ];
        for (message, (field, detail)) in cases {
            let (f, d) = plain_words(message);
            assert_eq!((f.as_deref(), d.as_str()), (field, detail), "{message}");
            assert!(!d.contains("u32") && !d.contains("struct"), "{d}");
        }
    }
}

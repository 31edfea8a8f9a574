//! Raw request bodies for documents: the size limit is enforced before anything is buffered past
//! it (Content-Length first, then while streaming), and the media type is checked up front.
use actix_web::{http::header, web, HttpRequest};
use futures_util::StreamExt;

use crate::error::AppError;

/// What a submitted body claims to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Yaml,
    Json,
}

impl BodyKind {
    pub fn media_type(self) -> &'static str {
        match self {
            BodyKind::Yaml => "application/yaml",
            BodyKind::Json => "application/json",
        }
    }
}

/// `application/yaml` (and its common aliases) or `application/json` (and `+json` types).
pub fn body_kind(req: &HttpRequest) -> Result<BodyKind, AppError> {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match ct.as_str() {
        "application/yaml"
        | "application/x-yaml"
        | "text/yaml"
        | "text/x-yaml"
        | "application/openapi+yaml"
        | "application/vnd.oai.openapi" => Ok(BodyKind::Yaml),
        "application/json" | "application/openapi+json" | "application/vnd.oai.openapi+json" => Ok(BodyKind::Json),
        "" => Err(AppError::UnsupportedMediaType(
            "say what the body is: Content-Type: application/yaml or application/json".into(),
        )),
        other => Err(AppError::UnsupportedMediaType(format!(
            "{other} is not accepted: send the document as application/yaml or application/json"
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

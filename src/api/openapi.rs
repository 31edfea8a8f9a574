//! `GET /v1/openapi.json`: the service's own OpenAPI description.
//!
//! The description is written by hand in `openapi.yaml`, next to the handlers it describes, and
//! served as JSON. `tests/api/openapi.rs` keeps it honest: it grades the document with the
//! service's own grader, calls every documented operation, and checks that every route
//! registered under `src/api/` is documented.
use std::sync::LazyLock;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};

use super::routes::{Resource, Routes};
use crate::error::problem_response;
use crate::grading::load::parse_yaml;
use crate::grading::Limits;

/// The description as written.
pub const YAML: &str = include_str!("openapi.yaml");

/// The description as a JSON value, parsed once. The tests parse it too, so a syntax error in
/// the YAML fails the suite rather than a request.
pub fn document() -> &'static serde_json::Value {
    static DOCUMENT: LazyLock<serde_json::Value> =
        LazyLock::new(|| parse_yaml(YAML, &Limits::default()).expect("src/api/openapi.yaml is valid YAML"));
    &DOCUMENT
}

/// The JSON body, serialised once.
fn body() -> &'static str {
    static BODY: LazyLock<String> =
        LazyLock::new(|| serde_json::to_string(document()).expect("a JSON value always serialises"));
    &BODY
}

pub fn routes(routes: &mut Routes) {
    routes.add(Resource::new("/openapi.json").get(get));
}

/// Public: no bearer token needed. 406 when `Accept` rules out JSON.
async fn get(req: HttpRequest) -> HttpResponse {
    if !accepts_json(&req) {
        return problem_response(
            StatusCode::NOT_ACCEPTABLE,
            "this document is served as application/json only",
            &[],
        );
    }
    HttpResponse::Ok().content_type("application/json").body(body())
}

/// Whether the `Accept` header allows `application/json`. No header (or a blank one) allows
/// anything; a media range with `q=0` is refused, as RFC 9110 says.
fn accepts_json(req: &HttpRequest) -> bool {
    let values: Vec<&str> = req
        .headers()
        .get_all(header::ACCEPT)
        .filter_map(|v| v.to_str().ok())
        .filter(|v| !v.trim().is_empty())
        .collect();
    if values.is_empty() {
        return true;
    }
    values.iter().flat_map(|v| v.split(',')).any(|range| {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let refused = parts.any(|p| {
            let p = p.trim();
            p.get(..2).is_some_and(|k| k.eq_ignore_ascii_case("q="))
                && p[2..].trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
        });
        !refused && matches!(media.as_str(), "application/json" | "application/*" | "*/*")
    })
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn accepts(value: Option<&str>) -> bool {
        let mut req = TestRequest::default();
        if let Some(v) = value {
            req = req.insert_header((header::ACCEPT, v));
        }
        accepts_json(&req.to_http_request())
    }

    #[test]
    fn accept_negotiation() {
        assert!(accepts(None));
        assert!(accepts(Some("application/json")));
        assert!(accepts(Some("text/html, */*;q=0.8")));
        assert!(accepts(Some("application/*")));
        assert!(accepts(Some("Application/JSON; charset=utf-8")));
        assert!(!accepts(Some("text/html")));
        assert!(!accepts(Some("application/yaml")));
        assert!(!accepts(Some("application/json;q=0, text/html")));
    }

    #[test]
    fn the_embedded_description_parses_as_openapi_3() {
        let doc = document();
        assert!(
            doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
            "{}",
            doc["openapi"]
        );
        assert!(doc["paths"]["/v1/openapi.json"]["get"].is_object());
    }
}

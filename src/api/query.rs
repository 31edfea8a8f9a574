//! Query strings read in the API's words: `ApiQuery<T>` instead of `crate::api::query::ApiQuery<T>`, so a bad value
//! is a 400 whose detail names the parameter and what it allows (`limit must be a whole number`,
//! `state must be one of: waiting, reviewed, all`), never the parser's wording; and a value longer
//! than the description's `maxLength` for that parameter is refused before anything reads it.
use std::ops::Deref;

use actix_web::{FromRequest, HttpRequest};

use crate::error::AppError;

/// Longest value of each bounded query parameter, as `openapi.yaml` declares it (a test keeps
/// the two equal).
pub const MAX_LENGTHS: &[(&str, usize)] = &[
    ("cursor", 512),
    ("tag", 64),
    ("difficulty", 16),
    ("exercise", 64),
    ("part", 32),
    ("topic", 64),
];

/// The query string deserialised into `T`.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T> ApiQuery<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for ApiQuery<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned> FromRequest for ApiQuery<T> {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(parse(req.query_string()).map(ApiQuery))
    }
}

/// Parses a raw query string (without the `?`).
pub fn parse<T: serde::de::DeserializeOwned>(query: &str) -> Result<T, AppError> {
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if let Some((_, max)) = MAX_LENGTHS.iter().find(|(n, _)| *n == name) {
            if value.chars().count() > *max {
                return Err(AppError::bad_request(format!(
                    "{name} must be at most {max} characters"
                )));
            }
        }
    }
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().iter().find_map(|s| match s {
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            _ => None,
        });
        AppError::bad_request(in_api_words(field.as_deref(), &e.inner().to_string()))
    })
}

/// The parser's message for `field` as the API says it.
fn in_api_words(field: Option<&str>, message: &str) -> String {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("missing field") {
        let name = quoted.first().copied().unwrap_or("a parameter");
        return format!("the query parameter {name} is required");
    }
    let name = field.unwrap_or("a query parameter");
    if message.starts_with("unknown variant") {
        return format!(
            "{name} must be one of: {}",
            quoted.get(1..).unwrap_or_default().join(", ")
        );
    }
    let number = [
        "invalid digit",
        "number too large",
        "number too small",
        "cannot parse integer",
        "invalid value: integer",
    ];
    if number.iter().any(|p| message.starts_with(p)) {
        return format!("{name} must be a whole number");
    }
    if message.contains("invalid float literal") {
        return format!("{name} must be a number");
    }
    if message.contains("`true` or `false`") {
        return format!("{name} must be true or false");
    }
    if message.starts_with("duplicate field") {
        return format!("{name} may be given only once");
    }
    format!("{name} has a value this endpoint does not accept")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Sample {
        limit: Option<u32>,
        cursor: Option<String>,
        state: Option<State>,
        exercise: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum State {
        Waiting,
        Reviewed,
    }

    fn detail(q: &str) -> String {
        match parse::<Sample>(q) {
            Err(AppError::BadRequest(d)) => d,
            other => panic!("expected a 400 for {q:?}, got {other:?}"),
        }
    }

    #[test]
    fn errors_name_the_parameter_and_what_it_allows() {
        assert_eq!(detail("exercise=x&limit=ten"), "limit must be a whole number");
        assert_eq!(detail("exercise=x&limit=-1"), "limit must be a whole number");
        assert_eq!(detail("exercise=x&limit=99999999999"), "limit must be a whole number");
        assert_eq!(
            detail("exercise=x&state=lost"),
            "state must be one of: waiting, reviewed"
        );
        assert_eq!(detail("limit=5"), "the query parameter exercise is required");
        let long = format!("exercise=x&cursor={}", "a".repeat(513));
        assert_eq!(detail(&long), "cursor must be at most 512 characters");
        assert!(parse::<Sample>("exercise=x&limit=5&cursor=abc&state=waiting").is_ok());
    }

    #[test]
    fn the_bounds_are_the_ones_the_description_declares() {
        let doc = crate::api::openapi::document();
        let mut declared = std::collections::BTreeSet::new();
        for item in doc["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                for p in op["parameters"].as_array().into_iter().flatten() {
                    let p = match p["$ref"].as_str() {
                        Some(r) => doc.pointer(r.trim_start_matches('#')).unwrap(),
                        None => p,
                    };
                    if p["in"] == "query" {
                        if let Some(max) = p["schema"]["maxLength"].as_u64() {
                            declared.insert((p["name"].as_str().unwrap().to_owned(), max as usize));
                        }
                    }
                }
            }
        }
        let enforced = MAX_LENGTHS.iter().map(|(n, m)| ((*n).to_owned(), *m)).collect();
        assert_eq!(declared, enforced);
    }
}

//! Responses: the success response and its JSON schema, declared statuses, error responses.
use crate::grading::model::{child, MediaType, Operation, Pointer, Response, SchemaId};

/// The first 2xx response, by code order in the document.
pub fn success_response<'o, 'd>(op: &'o Operation<'d>) -> Option<&'o Response<'d>> {
    op.responses.iter().find(|r| r.class() == Some('2'))
}

/// The JSON-ish media type of a response or body: `application/json`, `*+json`, or the first.
pub fn json_media<'c, 'd>(content: &'c [MediaType<'d>]) -> Option<&'c MediaType<'d>> {
    content
        .iter()
        .find(|m| is_json(&m.media_type))
        .or_else(|| content.first())
}

pub fn is_json(media_type: &str) -> bool {
    let mt = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    mt == "application/json" || mt.ends_with("+json") || mt == "*/*"
}

/// Pointer of the `schema` of a media type: where a candidate edits it.
pub fn schema_pointer(mt: &MediaType) -> Pointer {
    child(&mt.pointer, "schema")
}

/// The first success response, its JSON media type and that media type's schema.
pub fn success_schema<'o, 'd>(op: &'o Operation<'d>) -> Option<(&'o Response<'d>, &'o MediaType<'d>, SchemaId)> {
    let r = success_response(op)?;
    let mt = json_media(&r.content)?;
    Some((r, mt, mt.schema?))
}

/// Whether the operation declares this status, exactly or through a range such as `4XX`.
pub fn declares(op: &Operation, code: &str) -> bool {
    op.responses.iter().any(|r| {
        r.code == code
            || (r.code.len() == 3
                && r.code[1..].eq_ignore_ascii_case("xx")
                && r.code.as_bytes()[0] == code.as_bytes()[0])
    })
}

/// The error responses of an operation: explicit 4xx/5xx codes and ranges, and `default` when
/// the operation declares its success explicitly (then `default` can only describe failures, as
/// in Stripe's one shared error per operation).
pub fn error_responses<'o, 'd>(op: &'o Operation<'d>) -> impl Iterator<Item = &'o Response<'d>> {
    let explicit_success = op.responses.iter().any(|r| matches!(r.class(), Some('2') | Some('3')));
    op.responses
        .iter()
        .filter(move |r| matches!(r.class(), Some('4') | Some('5')) || (explicit_success && r.code == "default"))
}

/// A `default` response with a body: an error contract for every status not listed.
pub fn default_error_contract(op: &Operation) -> bool {
    op.response("default").is_some_and(|r| !r.content.is_empty())
}

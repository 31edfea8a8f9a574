//! Per-operation checks: status codes and headers, request headers, query parameters,
//! preconditions, authentication, throttling, cursors, bounded results, accepted slow work and
//! body properties, each judged on one operation.
use crate::grading::exercise::{AuthRequirement, BodySide, Check};
use crate::grading::model::{Model, Operation, ParamLocation, SchemaId};
use crate::grading::rules::support::{
    declares, error_responses, is_json, position_param, query_params, reachable_schemas, squash, words, Scheme,
    OFFSET_NAMES, PAGE_NAMES, PAGE_SIZE_NAMES,
};

/// Why one operation fails a per-operation check, or `None` when it passes.
pub(super) fn operation_failure(model: &Model, op: &Operation, check: &Check) -> Option<String> {
    match check {
        Check::Status { codes, headers } => {
            if !codes.iter().any(|c| declares(op, c)) {
                return Some(format!(
                    "`{}` answers {}; expected {}",
                    op.label(),
                    declared_codes(op),
                    codes.join(" or ")
                ));
            }
            if headers.is_empty() {
                return None;
            }
            let with_headers = op
                .responses
                .iter()
                .filter(|r| codes.iter().any(|c| code_matches(&r.code, c)))
                .any(|r| headers.iter().all(|h| r.header(h).is_some()));
            (!with_headers).then(|| {
                format!(
                    "`{}` answers {} without the {} header{}",
                    op.label(),
                    codes
                        .iter()
                        .filter(|c| declares(op, c))
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("/"),
                    headers.join(", "),
                    if headers.len() > 1 { "s" } else { "" }
                )
            })
        }
        Check::QueryParam { names } => {
            let ok = query_params(op).any(|p| names.iter().any(|n| name_matches(n, &p.name)));
            (!ok).then(|| format!("`{}` takes no {} query parameter", op.label(), names.join(" or ")))
        }
        Check::RequestHeader { names } => {
            let ok = op
                .params_in(ParamLocation::Header)
                .any(|p| names.iter().any(|n| name_matches(n, &p.name)));
            (!ok).then(|| format!("`{}` takes no {} header", op.label(), names.join(" or ")))
        }
        Check::Precondition => {
            let header = op
                .params_in(ParamLocation::Header)
                .any(|p| p.name.eq_ignore_ascii_case("If-Match") || p.name.eq_ignore_ascii_case("If-Unmodified-Since"));
            // The version the client expects may travel in the query, the body (at any depth)
            // or the path (`PUT /games/{id}/moves/{ply}`).
            let field = op
                .parameters
                .iter()
                .filter(|p| matches!(p.location, ParamLocation::Query | ParamLocation::Path))
                .any(|p| is_version_name(&p.name))
                || body_property_names(model, op, BodySide::Request)
                    .iter()
                    .any(|n| is_version_name(n));
            if !(header || field) {
                return Some(format!(
                    "`{}` takes neither an If-Match header nor the version or sequence number it expects, so two writers overwrite each other",
                    op.label()
                ));
            }
            (!["409", "412", "428"].iter().any(|c| declares(op, c)))
                .then(|| format!("`{}` declares no 409, 412 or 428 for a stale write", op.label()))
        }
        Check::Auth(AuthRequirement::Required) => {
            (!model.requires_auth(op)).then(|| format!("`{}` can be called without credentials", op.label()))
        }
        Check::Auth(AuthRequirement::Public) => match model.effective_security(op) {
            Some(reqs) if !reqs.is_empty() && reqs.iter().all(|r| !r.schemes.is_empty()) => Some(format!(
                "`{}` requires credentials; mark it public with `security: []`",
                op.label()
            )),
            _ => None,
        },
        Check::Throttling => {
            let Some(r429) = op.response("429") else {
                return Some(format!("`{}` does not declare 429 Too Many Requests", op.label()));
            };
            let rate_header = |name: &str| {
                let n = name.to_ascii_lowercase();
                n.starts_with("ratelimit") || n.starts_with("x-ratelimit") || n.starts_with("x-rate-limit")
            };
            let ok = r429.header("Retry-After").is_some()
                || op
                    .responses
                    .iter()
                    .any(|r| r.headers.iter().any(|h| rate_header(&h.name)));
            (!ok).then(|| {
                format!(
                    "`{}` declares 429 but neither Retry-After nor rate-limit headers, so a client cannot tell when to come back",
                    op.label()
                )
            })
        }
        Check::CursorPagination => {
            let positional = query_params(op).find(|p| {
                let n = squash(&p.name);
                PAGE_NAMES.contains(&n.as_str()) || OFFSET_NAMES.contains(&n.as_str())
            });
            if let Some(p) = positional {
                return Some(format!(
                    "`{}` pages by `{}`, which skips or repeats items while new ones arrive",
                    op.label(),
                    p.name
                ));
            }
            match position_param(model, op) {
                Some((_, Scheme::Cursor)) => None,
                _ => Some(format!("`{}` takes no cursor parameter", op.label())),
            }
        }
        Check::BoundedResults => {
            let limits: Vec<(&str, Option<f64>)> = query_params(op)
                .map(|p| (p.name.as_str(), p.schema.and_then(|id| model.schema(id).maximum)))
                .chain(
                    body_properties(model, op, BodySide::Request)
                        .into_iter()
                        .map(|(n, id)| (n, model.schema(id).maximum)),
                )
                .filter(|(n, _)| is_limit_name(n))
                .collect();
            if limits.iter().any(|(_, max)| max.is_some()) || top_level_list_is_capped(model, op) {
                return None;
            }
            Some(match limits.first() {
                Some((name, _)) => format!(
                    "`{}` takes `{name}` without a `maximum`, so one request can ask for every result",
                    op.label()
                ),
                None => format!(
                    "`{}` takes no page size or result limit, so one request can ask for every result",
                    op.label()
                ),
            })
        }
        Check::AsyncAccepted => {
            let Some(accepted) = op.responses.iter().find(|r| code_matches(&r.code, "202")) else {
                return Some(format!(
                    "`{}` answers {}; slow work should answer 202 Accepted instead of holding the request open",
                    op.label(),
                    declared_codes(op)
                ));
            };
            let header = ["Location", "Content-Location", "Operation-Location"]
                .iter()
                .any(|h| accepted.header(h).is_some());
            let mut seen = Vec::new();
            let roots = accepted.content.iter().filter_map(|m| m.schema);
            let tracked = reachable_schemas(model, roots, &mut seen).into_iter().any(|id| {
                model
                    .schema(id)
                    .properties
                    .iter()
                    .any(|(n, _)| TRACKING_NAMES.iter().any(|t| name_matches(t, n)))
            });
            let callback = model
                .root
                .pointer(&op.pointer)
                .and_then(|o| o.get("callbacks"))
                .is_some_and(|c| c.as_object().is_some_and(|c| !c.is_empty()))
                || body_properties(model, op, BodySide::Request)
                    .iter()
                    .any(|(n, _)| CALLBACK_NAMES.iter().any(|c| name_matches(c, n)));
            (!(header || tracked || callback)).then(|| {
                format!(
                    "`{}` answers 202 but gives nothing to follow: no Location, no job id or status in its body, no callback",
                    op.label()
                )
            })
        }
        Check::Property { r#in, names } => {
            let found = body_property_names(model, op, *r#in);
            (!found.iter().any(|n| names.iter().any(|w| name_matches(w, n)))).then(|| match r#in {
                BodySide::Error => format!(
                    "no error response of `{}` has a {} field",
                    op.label(),
                    names.join(" or ")
                ),
                side => format!(
                    "the {} of `{}` has no {} field",
                    side_words(*side),
                    op.label(),
                    names.join(" or ")
                ),
            })
        }
        _ => None,
    }
}

/// `"201"` matches `201` and `2XX`.
fn code_matches(declared: &str, wanted: &str) -> bool {
    declared == wanted
        || (declared.len() == 3
            && declared[1..].eq_ignore_ascii_case("xx")
            && declared.as_bytes()[0] == wanted.as_bytes()[0])
}

fn declared_codes(op: &Operation) -> String {
    if op.responses.is_empty() {
        return "nothing".to_string();
    }
    op.responses
        .iter()
        .map(|r| r.code.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The last word of a field that names the version or position a write expects.
const VERSION_WORDS: &[&str] = &[
    "version",
    "revision",
    "rev",
    "etag",
    "seq",
    "seqno",
    "sequence",
    "generation",
    "ply",
    "vsn",
];

/// Whether a field names the version a write expects: `version`, `lock_version`, `etag`,
/// `revision`, `seq`, `sequence_number`, `ply`, any `expected_*` (`expected_status`), `if_*`
/// (`if_match`), a concurrency token.
fn is_version_name(name: &str) -> bool {
    let w = words(name);
    let Some(last) = w.last().map(String::as_str) else {
        return false;
    };
    let first = w[0].as_str();
    let before_last = w.len().checked_sub(2).map(|i| w[i].as_str());
    VERSION_WORDS.contains(&last)
        || (w.len() > 1 && (first == "expected" || first == "if"))
        || (matches!(last, "number" | "num" | "no")
            && before_last.is_some_and(|b| VERSION_WORDS.contains(&b) || b == "move" || b == "turn"))
        || matches!(
            squash(name).as_str(),
            "ifmatch" | "concurrencytoken" | "concurrencystamp"
        )
}

/// Whether a field or parameter name matches a name of the exercise, spelled any way
/// (`client_message_id`, `clientMessageId`). A `*` stands for one or more whole words:
/// `client_*_id` matches `client_message_id` but not the OAuth `client_id`, and `*_ms` matches
/// `clock_ms` but not `items`.
pub(super) fn name_matches(pattern: &str, name: &str) -> bool {
    if !pattern.contains('*') {
        return squash(pattern) == squash(name);
    }
    // `Some(word)` must equal the name's next word; `None` takes one or more of them.
    let mut tokens: Vec<Option<String>> = Vec::new();
    for (i, part) in pattern.split('*').enumerate() {
        if i > 0 {
            tokens.push(None);
        }
        tokens.extend(words(part).into_iter().map(Some));
    }
    fn rest_matches(tokens: &[Option<String>], name: &[String]) -> bool {
        match tokens.split_first() {
            None => name.is_empty(),
            Some((Some(word), rest)) => name.first() == Some(word) && rest_matches(rest, &name[1..]),
            Some((None, rest)) => (1..=name.len()).any(|taken| rest_matches(rest, &name[taken..])),
        }
    }
    rest_matches(&tokens, &words(name))
}

/// The body a [`BodySide`] names, for messages.
pub(super) fn side_words(side: BodySide) -> &'static str {
    match side {
        BodySide::Request => "request body",
        BodySide::Response => "success response",
        BodySide::Error => "error responses",
    }
}

/// Property names, at any depth, of the JSON request body (what a client can send: no
/// `readOnly` property), of every 2xx response body, or of every error response body.
fn body_property_names<'d>(model: &Model<'d>, op: &Operation<'d>, side: BodySide) -> Vec<&'d str> {
    body_properties(model, op, side).into_iter().map(|(n, _)| n).collect()
}

/// [`body_property_names`] with each property's schema.
fn body_properties<'d>(model: &Model<'d>, op: &Operation<'d>, side: BodySide) -> Vec<(&'d str, SchemaId)> {
    let roots: Vec<SchemaId> = match side {
        BodySide::Request => op
            .request_body
            .iter()
            .flat_map(|b| b.content.iter())
            .filter(|m| is_json(&m.media_type) || m.media_type.contains("form"))
            .filter_map(|m| m.schema)
            .collect(),
        BodySide::Response => op
            .responses
            .iter()
            .filter(|r| r.class() == Some('2'))
            .flat_map(|r| r.content.iter())
            .filter_map(|m| m.schema)
            .collect(),
        BodySide::Error => error_responses(op)
            .flat_map(|r| r.content.iter())
            .filter_map(|m| m.schema)
            .collect(),
    };
    let mut seen = Vec::new();
    reachable_schemas(model, roots, &mut seen)
        .into_iter()
        .flat_map(|id| model.schema(id).properties.iter().copied())
        .filter(|(_, pid)| side != BodySide::Request || !model.schema(*pid).read_only)
        .collect()
}

/// Fields of a 202 body that let a client follow the work it accepted.
const TRACKING_NAMES: &[&str] = &[
    "id", "*_id", "status", "state", "href", "url", "*_url", "link", "links", "location", "self",
];

/// Request fields that name where to call back when the work is done.
const CALLBACK_NAMES: &[&str] = &[
    "callback",
    "*_callback",
    "callback_*",
    "webhook",
    "webhook_*",
    "notify_url",
];

/// A page size or result limit: `limit`, `page_size`, `max_results`, a pull's `max_messages`.
fn is_limit_name(name: &str) -> bool {
    let n = squash(name);
    PAGE_SIZE_NAMES.contains(&n.as_str())
        || matches!(
            n.as_str(),
            "batchsize" | "maxmessages" | "maxevents" | "maxrecords" | "maxhits" | "numresults" | "maxcount"
        )
}

/// The success body is a list with a `maxItems`.
fn top_level_list_is_capped(model: &Model, op: &Operation) -> bool {
    op.responses
        .iter()
        .filter(|r| r.class() == Some('2'))
        .flat_map(|r| r.content.iter())
        .filter_map(|m| m.schema)
        .any(|id| model.schema(id).max_items.is_some())
}

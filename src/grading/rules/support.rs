//! Vocabulary shared by the rules: how a path segment is read (version, collection, action),
//! how a name is split into words and which casing it uses, which operation is a list, a create
//! or an item update. Kept in one place so two rules never disagree about what "a collection"
//! means, and so the word lists are compiled once.
use serde_json::Value;

use crate::grading::model::{
    child, MediaType, Model, Operation, ParamLocation, Parameter, PathItem, Pointer, Response, SchemaId, Segment,
};
use crate::grading::rule::Violation;

/// A finding for one operation.
pub fn op_violation(op: &Operation, pointer: Pointer, message: String, fix: Option<String>) -> Violation {
    Violation {
        pointer,
        operation: Some(op.label()),
        message,
        fix,
        ..Default::default()
    }
}

/// A finding that belongs to no single operation.
pub fn doc_violation(pointer: Pointer, message: String, fix: Option<String>) -> Violation {
    Violation {
        pointer,
        operation: None,
        message,
        fix,
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Words and casing

/// Splits `shortLinks`, `short_links`, `short-links`, `ShortLinks`, `HTTPStatus` into lowercase
/// words. Digits stay attached to the word before them (`v2`, `oauth2`).
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            // `shortLink` splits before `L`; `HTTPStatus` splits before the `S` of `Status`.
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Casing {
    /// `shortLink`
    Camel,
    /// `ShortLink`
    Pascal,
    /// `short_link`
    Snake,
    /// `short-link`
    Kebab,
    /// `SHORT_LINK`
    ScreamingSnake,
    /// anything mixing separators and cases
    Mixed,
}

impl Casing {
    pub fn name(self) -> &'static str {
        match self {
            Casing::Camel => "camelCase",
            Casing::Pascal => "PascalCase",
            Casing::Snake => "snake_case",
            Casing::Kebab => "kebab-case",
            Casing::ScreamingSnake => "SCREAMING_SNAKE_CASE",
            Casing::Mixed => "mixed case",
        }
    }
}

/// The casing of a name made of two or more words; `None` for a single word (`name`, `id`),
/// which fits every style and so says nothing about which one the author chose.
pub fn casing(name: &str) -> Option<Casing> {
    let name = name.trim_start_matches(['_', '$', '@']);
    // `+1`, `-1`, `v2`: fewer than two words with letters say nothing about a style
    let lettered = words(name)
        .iter()
        .filter(|w| w.chars().any(|c| c.is_alphabetic()))
        .count();
    if lettered < 2 {
        return None;
    }
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return None;
    }
    let has_us = name.contains('_');
    let has_dash = name.contains('-');
    let has_upper = name.chars().any(|c| c.is_ascii_uppercase());
    let has_lower = name.chars().any(|c| c.is_ascii_lowercase());
    match (has_us, has_dash) {
        (true, true) => Some(Casing::Mixed),
        (true, false) => {
            if !has_upper {
                Some(Casing::Snake)
            } else if !has_lower {
                Some(Casing::ScreamingSnake)
            } else {
                Some(Casing::Mixed)
            }
        }
        (false, true) => Some(if has_upper { Casing::Mixed } else { Casing::Kebab }),
        (false, false) => {
            let first_upper = name.chars().next().is_some_and(|c| c.is_ascii_uppercase());
            let inner_upper = name.chars().skip(1).any(|c| c.is_ascii_uppercase());
            if !has_lower {
                // `ID`, `URL`: an acronym, a single word
                None
            } else if first_upper {
                inner_upper.then_some(Casing::Pascal)
            } else {
                inner_upper.then_some(Casing::Camel)
            }
        }
    }
}

/// The most used casing among `names` (ties broken by the first one met), with its count.
pub fn dominant_casing<'a>(names: impl Iterator<Item = &'a str>) -> Option<Casing> {
    let mut counts: Vec<(Casing, usize, usize)> = Vec::new();
    for (i, n) in names.enumerate() {
        if let Some(c) = casing(n) {
            match counts.iter_mut().find(|(k, _, _)| *k == c) {
                Some(e) => e.1 += 1,
                None => counts.push((c, 1, i)),
            }
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|(c, _, _)| c)
}

// ---------------------------------------------------------------------------------------------
// Plurals

/// Words that are fine as collection names although they do not end in `s`.
const UNCOUNTABLE: &[&str] = &[
    "data",
    "metadata",
    "media",
    "people",
    "children",
    "men",
    "women",
    "feedback",
    "info",
    "information",
    "news",
    "series",
    "species",
    "equipment",
    "analytics",
    "history",
    "staff",
    "inventory",
    "search",
    "audit",
    "software",
    "hardware",
    "traffic",
    "billing",
    "mail",
    "sheep",
    "fish",
    "deer",
    "criteria",
    "indices",
    "matrices",
    "stats",
    "statistics",
    "health",
    "me",
    "config",
    "configuration",
    "settings",
    "status",
    "auth",
    "oauth",
    "graphql",
    "storage",
    "content",
    "usage",
    "money",
    "evidence",
    "knowledge",
    "advice",
    "research",
    "weather",
    "access",
    "activity",
    "feed",
    "traffic",
    "well-known",
    "login",
    "logout",
    "signup",
];

/// Common irregular plurals: plural -> singular.
const IRREGULAR: &[(&str, &str)] = &[
    ("people", "person"),
    ("children", "child"),
    ("men", "man"),
    ("women", "woman"),
    ("mice", "mouse"),
    ("geese", "goose"),
    ("teeth", "tooth"),
    ("feet", "foot"),
    ("indices", "index"),
    ("matrices", "matrix"),
    ("criteria", "criterion"),
    ("analyses", "analysis"),
    ("data", "datum"),
];

/// Whether a (lowercase) word reads as plural, or is a mass noun that needs no plural.
pub fn is_plural_word(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    if UNCOUNTABLE.contains(&w.as_str()) || IRREGULAR.iter().any(|(p, _)| *p == w) {
        return true;
    }
    if w.len() <= 2 || w.chars().all(|c| c.is_ascii_digit()) {
        // `v1`, `id`, `2024`: not nouns we can judge
        return true;
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return false;
    }
    w.ends_with('s')
}

/// Whether a path segment (any casing) ends in a plural noun: `short-links`, `shortLinks`.
pub fn is_plural_segment(segment: &str) -> bool {
    let ws = words(segment);
    // `codes_of_conduct`: the head noun comes before `of`
    let head = match ws.iter().position(|w| w == "of") {
        Some(i) if i > 0 => ws.get(i - 1),
        _ => ws.last(),
    };
    match head {
        Some(w) => is_plural_word(w),
        None => true,
    }
}

/// Reduces one lowercase word to its singular form: `links` -> `link`, `policies` -> `policy`,
/// `addresses` -> `address`, `people` -> `person`.
pub fn singular(word: &str) -> String {
    if let Some((_, s)) = IRREGULAR.iter().find(|(p, _)| *p == word) {
        return (*s).to_string();
    }
    if word.len() > 3 && word.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]);
    }
    for suffix in ["sses", "xes", "ches", "shes", "zzes"] {
        if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
            return word[..word.len() - 2].to_string();
        }
    }
    if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is")
    {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

/// A resource name in a form where spellings compare equal: lowercase, no `-`/`_`, last word
/// singular. `short_links`, `shortLinks`, `short-links` and `short-link` all give `shortlink`.
pub fn resource_key(name: &str) -> String {
    let ws = words(name);
    let n = ws.len();
    let mut out = String::new();
    for (i, w) in ws.into_iter().enumerate() {
        if i + 1 == n {
            out.push_str(&singular(&w));
        } else {
            out.push_str(&w);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Path segments

/// `v1`, `v2`, `v1beta`, `v2.1`, `v1alpha2`, or a bare `1.0`/`2`.
pub fn version_segment(seg: &str) -> Option<&str> {
    let s = seg.strip_prefix(['v', 'V']).unwrap_or(seg);
    let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if digits_end == 0 {
        return None;
    }
    let rest = &s[digits_end..];
    let plain = seg.starts_with(['v', 'V']);
    let ok = rest.is_empty()
        || (rest.starts_with('.') && rest[1..].chars().all(|c| c.is_ascii_digit() || c == '.'))
        || (plain
            && ["alpha", "beta", "rc"].iter().any(|p| {
                rest.strip_prefix(p)
                    .is_some_and(|t| t.chars().all(|c| c.is_ascii_digit()))
            }));
    if !ok || (!plain && rest.is_empty() && s.len() > 2) {
        // a bare `2024` or `404` is a number, not a version
        return None;
    }
    Some(seg)
}

/// Literal segments that organise a path but name no resource: `api`, `rest`, versions.
pub fn is_prefix_segment(seg: &str) -> bool {
    version_segment(seg).is_some() || matches!(seg, "api" | "rest" | "public" | "internal")
}

/// Verbs that name CRUD operations, which the HTTP method already says.
pub const CRUD_VERBS: &[&str] = &[
    "get", "create", "update", "delete", "remove", "list", "add", "fetch", "retrieve", "set", "edit", "modify", "save",
    "insert", "put", "new", "make", "do", "write", "destroy", "erase", "find",
];

/// Verbs that name domain actions (custom methods): a legitimate last segment after an item,
/// `/orders/{id}/cancel` or `/orders/{id}:cancel`.
pub const ACTION_VERBS: &[&str] = &[
    "cancel",
    "revoke",
    "refund",
    "capture",
    "approve",
    "reject",
    "archive",
    "unarchive",
    "publish",
    "unpublish",
    "disable",
    "enable",
    "activate",
    "deactivate",
    "confirm",
    "verify",
    "resend",
    "retry",
    "restore",
    "lock",
    "unlock",
    "merge",
    "close",
    "reopen",
    "void",
    "complete",
    "submit",
    "redeem",
    "rotate",
    "reset",
    "pause",
    "resume",
    "start",
    "stop",
    "transfer",
    "charge",
    "pay",
    "send",
    "accept",
    "decline",
    "assign",
    "unassign",
    "expire",
    "renew",
    "suspend",
    "block",
    "unblock",
    "follow",
    "unfollow",
    "star",
    "unstar",
    "mute",
    "unmute",
    "move",
    "copy",
    "clone",
    "import",
    "export",
    "sync",
    "execute",
    "run",
    "trigger",
    "dispatch",
    "search",
    "undo",
    "invite",
    "join",
    "leave",
    "shorten",
    "redirect",
    "review",
    "authorize",
    "refresh",
    "login",
    "logout",
    "register",
    "subscribe",
    "unsubscribe",
];

/// Verbs that name a create in an RPC-style path (`/createLink`, `/addMember`).
const CREATE_VERBS: &[&str] = &["create", "add", "new", "insert", "make", "register"];

/// Segments that make a POST a search or an auth exchange rather than a create.
const NOT_CREATING: &[&str] = &[
    "search",
    "query",
    "queries",
    "login",
    "logout",
    "signin",
    "signout",
    "token",
    "tokens",
    "oauth",
    "auth",
    "authenticate",
    "authorize",
    "session",
    "sessions",
    "refresh",
    "verify",
    "validate",
    "validation",
    "preview",
    "estimate",
    "graphql",
    "batch",
    "bulk",
    "lookup",
    "check",
    "calculate",
    "render",
    "convert",
    "test",
    "ping",
    // Computations: the answer is the result, not a stored resource (OpenAI's
    // `/chat/completions`, `/embeddings`, `/moderations`).
    "completion",
    "completions",
    "embedding",
    "embeddings",
    "moderation",
    "moderations",
    "classification",
    "classifications",
    "transcription",
    "transcriptions",
    "translation",
    "translations",
    "prediction",
    "predictions",
    "inference",
    "searches",
];

/// Words that mark a money movement: such a POST must never run twice.
const CHARGING: &[&str] = &[
    "charge",
    "charges",
    "payment",
    "payments",
    "pay",
    "refund",
    "refunds",
    "capture",
    "transfer",
    "transfers",
    "payout",
    "payouts",
    "checkout",
    "checkouts",
    "purchase",
    "purchases",
    "order",
    "orders",
    "invoice",
    "invoices",
    "subscription",
    "subscriptions",
    "withdrawal",
    "withdrawals",
    "deposit",
    "deposits",
    "transaction",
    "transactions",
];

/// The literal text of a segment: a custom method `links:search` yields both parts, so callers
/// see `links` and `search`.
pub fn literal_parts(seg: &Segment) -> Vec<&str> {
    match seg {
        Segment::Literal(s) => vec![s.as_str()],
        Segment::Param(_) => Vec::new(),
        Segment::Mixed(s) => {
            let mut parts = Vec::new();
            let mut start = 0;
            let mut in_param = false;
            for (i, c) in s.char_indices() {
                match c {
                    '{' | '}' | ':' | '.' => {
                        if !in_param && i > start {
                            parts.push(&s[start..i]);
                        }
                        if c == '{' {
                            in_param = true;
                        } else if c == '}' {
                            in_param = false;
                        }
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            if !in_param && start < s.len() {
                parts.push(&s[start..]);
            }
            parts
        }
    }
}

/// Path segments without the leading version/`api` prefix.
pub fn resource_segments(path: &PathItem) -> &[Segment] {
    let mut start = 0;
    while let Some(Segment::Literal(s)) = path.segments.get(start) {
        if is_prefix_segment(s) {
            start += 1;
        } else {
            break;
        }
    }
    &path.segments[start..]
}

/// The path ends with a path parameter: `/links/{code}`.
pub fn is_item_path(path: &PathItem) -> bool {
    matches!(resource_segments(path).last(), Some(Segment::Param(_)))
}

/// The last segment is a custom action: `/links/{code}/revoke`, `/links/{code}:revoke`.
pub fn is_action_path(path: &PathItem) -> bool {
    let segs = resource_segments(path);
    match segs.last() {
        Some(Segment::Mixed(m)) => m.contains(':'),
        Some(Segment::Literal(s)) => {
            let w = words(s);
            let first = w.first().map(String::as_str).unwrap_or("");
            segs.len() >= 2 && (ACTION_VERBS.contains(&first) || CRUD_VERBS.contains(&first)) && !is_plural_segment(s)
        }
        _ => false,
    }
}

/// The last resource segment as a word, when it is literal.
pub fn last_literal(path: &PathItem) -> Option<&str> {
    match resource_segments(path).last() {
        Some(Segment::Literal(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// Whether any literal segment of the path, or the operationId, uses one of `vocab`.
fn mentions(model: &Model, op: &Operation, vocab: &[&str]) -> bool {
    let path = &model.paths[op.path_index];
    let in_path = path
        .segments
        .iter()
        .flat_map(literal_parts)
        .flat_map(words)
        .any(|w| vocab.contains(&w.as_str()));
    in_path
        || op
            .operation_id
            .as_deref()
            .is_some_and(|id| words(id).iter().any(|w| vocab.contains(&w.as_str())))
}

/// A POST that creates something: it answers 201, or it targets a collection
/// (`POST /links`) and is not a search, an auth exchange or a custom action.
pub fn is_creating_post(model: &Model, op: &Operation) -> bool {
    if op.method != crate::grading::model::Method::Post {
        return false;
    }
    if op.response("201").is_some() {
        return true;
    }
    let path = &model.paths[op.path_index];
    // `POST /v1/createLink` creates, however it is named.
    if last_literal(path).is_some_and(|l| words(l).first().is_some_and(|w| CREATE_VERBS.contains(&w.as_str()))) {
        return true;
    }
    if is_action_path(path) || is_item_path(path) {
        return false;
    }
    let Some(last) = last_literal(path) else {
        return false;
    };
    // `POST /charges/{id}/dispute` or `POST /audio/speech` acts on a singleton or runs a
    // computation: a create that does not say 201 names a plural collection
    if !is_plural_segment(last) {
        return false;
    }
    let lw = words(last);
    if lw.iter().any(|w| NOT_CREATING.contains(&w.as_str())) {
        return false;
    }
    !op.operation_id
        .as_deref()
        .is_some_and(|id| words(id).iter().any(|w| NOT_CREATING.contains(&w.as_str())))
}

/// A POST that moves money or places an order, wherever it sits.
pub fn is_charging_post(model: &Model, op: &Operation) -> bool {
    if op.method != crate::grading::model::Method::Post || !mentions(model, op, CHARGING) {
        return false;
    }
    // A body-less change of state on one payment (`/payments/{id}:cancel`, `/void`) neither
    // creates nor moves money: repeating it finds the state already changed.
    let path = &model.paths[op.path_index];
    let state_change = is_action_path(path)
        && path
            .segments
            .last()
            .map(literal_parts)
            .unwrap_or_default()
            .iter()
            .flat_map(|p| words(p))
            .any(|w| STATE_ACTIONS.contains(&w.as_str()));
    !(state_change && op.request_body.is_none())
}

/// Actions that only move a resource between states.
const STATE_ACTIONS: &[&str] = &[
    "cancel",
    "void",
    "release",
    "expire",
    "close",
    "reopen",
    "archive",
    "unarchive",
    "lock",
    "unlock",
];

// ---------------------------------------------------------------------------------------------
// Responses and schemas

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

/// How a list response is shaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListShape {
    /// A bare JSON array.
    BareArray,
    /// An object holding the items in this array property.
    Envelope(String),
    /// Neither: a single object or something we cannot read.
    Other,
}

/// Reads the body schema of a GET: bare array, envelope object with an array property, or other.
pub fn list_shape(model: &Model, id: SchemaId) -> ListShape {
    let s = model.schema(id);
    if s.has_type("array") || (s.types.is_empty() && s.items.is_some()) {
        return ListShape::BareArray;
    }
    // A wrapper of one schema (allOf: [Page, {properties: {data: ...}}]) is read through.
    for (name, pid) in model.all_properties(id) {
        let p = model.schema(pid);
        if p.has_type("array") || (p.types.is_empty() && p.items.is_some()) {
            return ListShape::Envelope(name.to_string());
        }
    }
    for alt in s.one_of.iter().chain(&s.any_of) {
        if let ListShape::Envelope(n) = list_shape_shallow(model, *alt) {
            return ListShape::Envelope(n);
        }
    }
    ListShape::Other
}

fn list_shape_shallow(model: &Model, id: SchemaId) -> ListShape {
    for (name, pid) in model.all_properties(id) {
        if model.schema(pid).has_type("array") {
            return ListShape::Envelope(name.to_string());
        }
    }
    ListShape::Other
}

/// Query parameters that set a page size.
pub const PAGE_SIZE_NAMES: &[&str] = &[
    "limit",
    "pagesize",
    "perpage",
    "size",
    "count",
    "first",
    "last",
    "maxresults",
    "top",
    "take",
    "pagelimit",
    "maxitems",
    "batchsize",
    "maxpagesize",
    "resultsperpage",
];

/// Query parameters that carry an opaque position.
pub const CURSOR_NAMES: &[&str] = &[
    "cursor",
    "after",
    "before",
    "pagetoken",
    "nextpagetoken",
    "startingafter",
    "endingbefore",
    "continuationtoken",
    "continuation",
    "marker",
    "nexttoken",
    "pagecursor",
    "startcursor",
    "token",
    "since",
    "until",
    "startafter",
    "next",
    "from",
    "seek",
    "afterid",
    "beforeid",
    "lastevaluatedkey",
    "nextcursor",
];

pub const PAGE_NAMES: &[&str] = &["page", "pagenumber", "pageno", "pageindex"];

pub const OFFSET_NAMES: &[&str] = &["offset", "skip", "start", "startindex"];

/// `page_size`, `pageSize`, `page-size` -> `pagesize`.
pub fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scheme {
    Cursor,
    Page,
    Offset,
}

impl Scheme {
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Cursor => "cursor",
            Scheme::Page => "page number",
            Scheme::Offset => "offset",
        }
    }
}

pub fn query_params<'o, 'd>(op: &'o Operation<'d>) -> impl Iterator<Item = &'o Parameter<'d>> {
    op.params_in(ParamLocation::Query)
}

/// The page-size parameter of a GET, if any.
pub fn page_size_param<'o, 'd>(op: &'o Operation<'d>) -> Option<&'o Parameter<'d>> {
    query_params(op).find(|p| PAGE_SIZE_NAMES.contains(&squash(&p.name).as_str()))
}

/// `from`/`since`/`until` that take a date or time: a range filter, not a position in a list.
fn is_time_filter(model: &Model, p: &Parameter) -> bool {
    p.schema.is_some_and(|id| {
        let s = model.schema(id);
        matches!(s.format.as_deref(), Some("date" | "date-time"))
    }) && matches!(
        squash(&p.name).as_str(),
        "from" | "since" | "until" | "to" | "before" | "after" | "start" | "end"
    )
}

/// The position parameter of a GET and the scheme it implies. A cursor wins over a page number
/// wins over an offset when several are offered.
pub fn position_param<'o, 'd>(model: &Model, op: &'o Operation<'d>) -> Option<(&'o Parameter<'d>, Scheme)> {
    let mut best: Option<(&Parameter, Scheme)> = None;
    for p in query_params(op) {
        let n = squash(&p.name);
        if is_time_filter(model, p) {
            continue;
        }
        let scheme = if CURSOR_NAMES.contains(&n.as_str()) {
            Scheme::Cursor
        } else if PAGE_NAMES.contains(&n.as_str()) {
            Scheme::Page
        } else if OFFSET_NAMES.contains(&n.as_str()) {
            Scheme::Offset
        } else {
            continue;
        };
        if best.is_none_or(|(_, b)| scheme < b) {
            best = Some((p, scheme));
        }
    }
    best
}

/// A GET that returns many things: its success body is a bare array or an envelope, or (with no
/// body described) its path ends in a plural collection segment.
pub fn is_collection_get(model: &Model, op: &Operation) -> bool {
    if op.method != crate::grading::model::Method::Get {
        return false;
    }
    let path = &model.paths[op.path_index];
    if is_item_path(path) {
        return false;
    }
    match success_schema(op) {
        Some((_, _, id)) => match list_shape(model, id) {
            ListShape::BareArray => true,
            ListShape::Envelope(field) => !is_action_path(path) && envelope_is_page(model, op, id, &field),
            ListShape::Other => false,
        },
        None => {
            success_response(op).is_some_and(|r| r.content.is_empty())
                && last_literal(path).is_some_and(|l| {
                    let w = words(l);
                    w.last().is_some_and(|x| x.ends_with('s') && is_plural_word(x))
                })
                && position_param(model, op).is_some()
        }
    }
}

/// Fields that describe a page rather than the resource: a page's envelope holds only these
/// beside its items.
const PAGE_METADATA: &[&str] = &[
    "cursor",
    "nextcursor",
    "next",
    "nextpage",
    "nextpagetoken",
    "nexttoken",
    "nextlink",
    "nexturl",
    "prev",
    "previous",
    "prevcursor",
    "previouscursor",
    "prevpage",
    "links",
    "link",
    "self",
    "total",
    "totalcount",
    "totalitems",
    "totalresults",
    "count",
    "hasmore",
    "hasnext",
    "hasnextpage",
    "page",
    "pageinfo",
    "pagination",
    "paging",
    "meta",
    "metadata",
    "limit",
    "perpage",
    "pagesize",
    "offset",
    "object",
    "url",
    "startcursor",
    "endcursor",
    "continuationtoken",
];

/// Names of the property that holds a page's items.
const PAGE_HOLDERS: &[&str] = &[
    "data", "items", "results", "records", "entries", "nodes", "edges", "values", "content", "elements", "list",
];

/// Whether an object that holds an array (`field`) is a page of a list rather than one document
/// that happens to contain a bounded array (`/preferences` with opted-out categories, `/stats`
/// with time buckets). Decided from structure and shape, not from whether the name is plural:
/// the path is a collection (an item path sits below it, or a POST creates into it), or the GET
/// takes a page size or position, or the object is a bare page (the array under a page-holder
/// name or the path's own noun, beside nothing but paging metadata).
fn envelope_is_page(model: &Model, op: &Operation, id: SchemaId, field: &str) -> bool {
    let path = &model.paths[op.path_index];
    let items_below = model.paths.iter().any(|p| {
        p.segments.len() == path.segments.len() + 1
            && p.segments.starts_with(&path.segments)
            && matches!(p.segments.last(), Some(Segment::Param(_)))
            && !p.operations.is_empty()
    });
    if items_below || page_size_param(op).is_some() || position_param(model, op).is_some() {
        return true;
    }
    let creates_here = path.operations.iter().any(|&oi| {
        let o = &model.operations[oi];
        o.method == crate::grading::model::Method::Post && o.response("201").is_some()
    });
    if creates_here {
        return true;
    }
    let holder = squash(field);
    let named_as_page =
        PAGE_HOLDERS.contains(&holder.as_str()) || last_literal(path).is_some_and(|l| squash(l) == holder);
    named_as_page
        && model
            .all_properties(id)
            .iter()
            .all(|(n, _)| *n == field || PAGE_METADATA.contains(&squash(n).as_str()))
}

/// The `type` of a parameter's schema, `None` without one.
pub fn param_types<'m, 'd>(model: &'m Model<'d>, p: &Parameter) -> &'m [&'d str] {
    match p.schema {
        Some(id) => &model.schema(id).types,
        None => &[],
    }
}

/// Whether a text field is present and not blank.
pub fn non_empty<S: AsRef<str>>(s: &Option<S>) -> bool {
    s.as_ref().is_some_and(|s| !s.as_ref().trim().is_empty())
}

/// Every schema reachable from `root` (properties, items, compositions, additionalProperties),
/// each once, in a stable depth-first order.
pub fn reachable_schemas(
    model: &Model,
    roots: impl IntoIterator<Item = SchemaId>,
    seen: &mut Vec<bool>,
) -> Vec<SchemaId> {
    if seen.len() < model.schemas.len() {
        seen.resize(model.schemas.len(), false);
    }
    let mut out = Vec::new();
    let mut stack: Vec<SchemaId> = roots.into_iter().collect();
    stack.reverse();
    while let Some(id) = stack.pop() {
        if id >= seen.len() || seen[id] {
            continue;
        }
        seen[id] = true;
        out.push(id);
        let s = model.schema(id);
        let mut next: Vec<SchemaId> = Vec::new();
        next.extend(s.properties.iter().map(|(_, p)| *p));
        next.extend(s.items);
        next.extend(&s.all_of);
        next.extend(&s.one_of);
        next.extend(&s.any_of);
        next.extend(s.additional_properties);
        stack.extend(next.into_iter().rev());
    }
    out
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

/// Whether calling the operation needs credentials: some requirement applies and none of its
/// alternatives is the empty "no auth" one.
pub fn requires_auth(model: &Model, op: &Operation) -> bool {
    match model.effective_security(op) {
        Some(reqs) => !reqs.is_empty() && reqs.iter().all(|r| !r.schemes.is_empty()),
        None => false,
    }
}

/// Whether the required credentials carry scopes, so a valid caller can still lack permission.
pub fn requires_scopes(model: &Model, op: &Operation) -> bool {
    model.effective_security(op).is_some_and(|reqs| {
        reqs.iter()
            .any(|r| r.schemes.iter().any(|(_, scopes)| !scopes.is_empty()))
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

/// `true` for JSON `true`.
pub fn truthy(v: Option<&Value>) -> bool {
    v.and_then(Value::as_bool).unwrap_or(false)
}

/// Liveness and readiness probes (`/healthz`, `/readyz`, ...): a single-segment GET that only says
/// whether the process or its dependencies are up. A client cannot send them anything wrong.
pub fn is_probe(path: &PathItem) -> bool {
    matches!(
        path.segments.as_slice(),
        [Segment::Literal(s)] if matches!(s.as_str(), "healthz" | "readyz" | "livez" | "health" | "ready" | "live" | "ping")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_in_every_casing() {
        assert_eq!(words("shortLinks"), ["short", "links"]);
        assert_eq!(words("short_links"), ["short", "links"]);
        assert_eq!(words("short-links"), ["short", "links"]);
        assert_eq!(words("HTTPStatus"), ["http", "status"]);
        assert_eq!(words("oauth2Token"), ["oauth2", "token"]);
    }

    #[test]
    fn detects_casing() {
        assert_eq!(casing("createdAt"), Some(Casing::Camel));
        assert_eq!(casing("created_at"), Some(Casing::Snake));
        assert_eq!(casing("CreatedAt"), Some(Casing::Pascal));
        assert_eq!(casing("created-at"), Some(Casing::Kebab));
        assert_eq!(casing("name"), None);
        assert_eq!(casing("ID"), None);
        assert_eq!(casing("_links"), None);
        assert_eq!(casing("-1"), None);
        assert_eq!(casing("+1"), None);
    }

    #[test]
    fn singulars_and_plurals() {
        assert_eq!(singular("links"), "link");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("people"), "person");
        assert_eq!(singular("status"), "status");
        assert!(is_plural_segment("short-links"));
        assert!(!is_plural_segment("user"));
        assert!(is_plural_segment("metadata"));
        assert!(is_plural_segment("codes_of_conduct"));
        assert_eq!(resource_key("shortLinks"), "shortlink");
        assert_eq!(resource_key("short_links"), resource_key("short-link"));
    }

    #[test]
    fn versions() {
        for v in ["v1", "v2", "v1beta", "v1.2", "V3", "1.0", "v2alpha1"] {
            assert!(version_segment(v).is_some(), "{v}");
        }
        for v in ["2024", "valid", "v", "links", "404"] {
            assert!(version_segment(v).is_none(), "{v}");
        }
    }
}

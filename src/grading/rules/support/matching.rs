//! How a capability of an exercise is matched to an operation (`exercises/README.md`).
//!
//! Candidates name things their own way, so matching goes by method plus resource synonyms,
//! never by an exact path. A path is read two ways:
//! - plainly: segments and nouns are compared lowercased, without `-`/`_`, with the last word made
//!   singular, so `short_links`, `shortLinks`, `short-links` and `short-link` agree;
//! - as an interviewer reads a badly named path: a segment is split into words, a leading verb
//!   (`createShipment`, `/shipments/{id}/delete`) says the method and whether one item is meant,
//!   the last word of a compound names the resource (`mobileDevices` a device, `saved-searches` a
//!   search) unless the exercise lists the compound as a resource of its own, `me` stands for the
//!   caller's id, and the operationId, summary and tags name the resource when the path does not.
//!
//! The second reading counts for an alternative only when no operation satisfies it plainly, so a
//! well-named design is read exactly as before, and a design whose only fault is its names is
//! charged by the naming rules, not again as missing a capability.
//!
//! An alternative in event form (`events: { action, names }`) is met by an operation of the event
//! document instead ([`matches_event`]), so a real-time requirement may be offered by a channel.
use crate::grading::events::model::EventOperation;
use crate::grading::events::EventModel;
use crate::grading::exercise::{CapabilityMatch, MatchTarget};
use crate::grading::model::{Model, Operation, Segment};
use crate::grading::rules::support::{
    declares, is_plural_word, literal_parts, resource_key, resource_segments, singular, verb_reading, words,
};

/// Whether `op` satisfies every condition of `alt`: read plainly, or, when no operation of the
/// document satisfies `alt` plainly, read as an interviewer reads a badly named design.
pub fn matches(model: &Model, op: &Operation, alt: &CapabilityMatch) -> bool {
    // An event form is met in the event document, never by a REST operation.
    if alt.is_event_form() {
        return false;
    }
    if reads_plainly(model, op, alt) {
        return true;
    }
    reads_loosely(model, op, alt) && !model.operations.iter().any(|o| reads_plainly(model, o, alt))
}

/// The first operation that satisfies any alternative, in document order.
pub fn find<'m, 'd>(model: &'m Model<'d>, alternatives: &[CapabilityMatch]) -> Option<&'m Operation<'d>> {
    model
        .operations
        .iter()
        .find(|op| alternatives.iter().any(|alt| matches(model, op, alt)))
}

/// Whether an operation of the event document meets the event form of `alt` (`exercises/README.md`):
/// its action, when one is asked for, and one of the words in its channel's address or key, its
/// id or its messages' names, when words are given. `false` for a REST form.
pub fn matches_event(events: &EventModel, op: &EventOperation, alt: &CapabilityMatch) -> bool {
    let Some(form) = &alt.events else { return false };
    if form.action.is_some_and(|a| op.action != Some(a)) {
        return false;
    }
    if form.names.is_empty() {
        return true;
    }
    let mut texts = vec![op.key.as_str()];
    if let Some(channel) = op.channel.and_then(|c| events.channels.get(c)) {
        texts.push(&channel.key);
        texts.extend(channel.address.as_deref());
    }
    for m in op.messages.iter().filter_map(|&i| events.messages.get(i)) {
        texts.push(&m.key);
        texts.extend(m.name.as_deref());
    }
    let texts: Vec<Vec<String>> = texts.into_iter().map(singular_words).collect();
    form.names.iter().map(|n| singular_words(n)).any(|name| {
        !name.is_empty()
            && texts
                .iter()
                .any(|t| t.windows(name.len()).any(|run| run == name.as_slice()))
    })
}

/// The first operation of the event document that meets an event form among `alternatives`.
pub fn find_event<'m>(events: &'m EventModel, alternatives: &[CapabilityMatch]) -> Option<&'m EventOperation> {
    events
        .operations
        .iter()
        .find(|op| alternatives.iter().any(|alt| matches_event(events, op, alt)))
}

/// A name's words, each made singular: `receiveMessageEvents` -> receive, message, event.
fn singular_words(name: &str) -> Vec<String> {
    words(name).iter().map(|w| singular(w)).collect()
}

fn method_is(op: &Operation, alt: &CapabilityMatch) -> bool {
    alt.methods.iter().any(|m| m.eq_ignore_ascii_case(op.method.upper()))
}

fn keys(alt: &CapabilityMatch) -> Vec<String> {
    alt.resources.iter().map(|r| resource_key(r)).collect()
}

fn responses_ok(op: &Operation, alt: &CapabilityMatch) -> bool {
    alt.responses.is_empty() || alt.responses.iter().any(|code| declares(op, code))
}

/// The plain reading: whole segments name the resource, the method is the operation's.
fn reads_plainly(model: &Model, op: &Operation, alt: &CapabilityMatch) -> bool {
    if !method_is(op, alt) {
        return false;
    }
    let segments = &model.paths[op.path_index].segments;
    if !alt.resources.is_empty() {
        let keys = keys(alt);
        let last_match = segments.iter().enumerate().rev().find(|(_, seg)| {
            literal_parts(seg).iter().any(|part| {
                let k = resource_key(part);
                keys.contains(&k)
            })
        });
        let Some((i, _)) = last_match else {
            return false;
        };
        let ok = match alt.target {
            MatchTarget::Any => true,
            MatchTarget::Collection => i + 1 == segments.len(),
            MatchTarget::Item => i + 2 == segments.len() && matches!(segments[i + 1], Segment::Param(_)),
        };
        if !ok {
            return false;
        }
    } else {
        let ok = match alt.target {
            MatchTarget::Any => true,
            MatchTarget::Collection => matches!(segments.last(), Some(Segment::Literal(_))),
            MatchTarget::Item => matches!(segments.last(), Some(Segment::Param(_))),
        };
        if !ok {
            return false;
        }
    }
    if !alt.actions.is_empty() {
        let wanted = wanted_actions(alt);
        let in_path = segments
            .iter()
            .flat_map(literal_parts)
            .flat_map(words)
            .any(|w| wanted.contains(&w));
        if !(in_path || in_operation_id(op, &wanted)) {
            return false;
        }
    }
    responses_ok(op, alt)
}

fn wanted_actions(alt: &CapabilityMatch) -> Vec<String> {
    alt.actions.iter().map(|a| a.to_ascii_lowercase()).collect()
}

fn in_operation_id(op: &Operation, wanted: &[String]) -> bool {
    op.operation_id
        .as_deref()
        .is_some_and(|id| words(id).iter().any(|w| wanted.contains(w)))
}

/// One path segment, or one part of a custom-method segment, as an interviewer reads it.
#[derive(Debug)]
enum Token {
    /// `{id}`, or `me`: the caller stands in for an id.
    Param,
    /// Only a verb: `/shipments/create`, `/shipments/{id}/delete`.
    Verb(String),
    /// A noun phrase, maybe after a verb: `mobileDevices`, `createShipment`, `saved-searches`.
    Noun(Noun),
}

#[derive(Debug)]
struct Noun {
    /// The resource keys of the name as written and of its phrase without a verb or fillers
    /// (`getAllShipments` -> `shipment`).
    names: Vec<String>,
    /// The key of the last word of a compound (`mobileDevices` -> `device`), unless that word
    /// says nothing alone (`test-results`).
    head: Option<String>,
    /// The leading CRUD verb, if any.
    verb: Option<String>,
    /// The last word is singular: `getShipment` reads one shipment, `getShipments` a list.
    singular: bool,
}

/// Where an operation's path ends, relative to a resource.
#[derive(Debug, PartialEq)]
enum Shape {
    Collection,
    Item,
    Deeper,
}

/// Words that open a noun phrase without being part of it: `getAllShipments`, `listMyLinks`.
const FILLERS: &[&str] = &[
    "a", "an", "the", "all", "my", "one", "new", "your", "their", "its", "each", "every",
];

/// Last words that say nothing alone, so a compound ending in one names only itself:
/// `test-results`, `inboxItems`, `order-entries`.
const GENERIC_HEADS: &[&str] = &["result", "item", "entry", "record", "detail", "info", "data", "datum"];

/// Words after which a name qualifies its noun instead of naming it: `getShipmentById`,
/// `listOrdersForCustomer`, `codes_of_conduct`.
const CONNECTIVES: &[&str] = &["by", "for", "of", "with", "from"];

/// Words that end a summary's noun phrase.
const SUMMARY_STOPS: &[&str] = &[
    "by", "for", "of", "with", "from", "to", "in", "on", "at", "as", "and", "or", "that", "which", "so", "into",
];

/// The noun phrase of `ws` after an optional verb: fillers dropped, cut at a connective.
fn phrase(ws: &[String], stops: &[&str]) -> Vec<String> {
    let start = ws
        .iter()
        .position(|w| !FILLERS.contains(&w.as_str()))
        .unwrap_or(ws.len());
    ws[start..]
        .iter()
        .take_while(|w| !stops.contains(&w.as_str()))
        .cloned()
        .collect()
}

/// A verb and the words of its noun phrase, as a token. `whole` is the name as written, whose
/// plain key is kept too.
fn token(verb: Option<String>, phrase: &[String], whole: Option<&str>) -> Token {
    let mut names: Vec<String> = whole.map(resource_key).into_iter().collect();
    let Some(last) = phrase.last() else {
        return match verb {
            Some(v) => Token::Verb(v),
            None => Token::Noun(Noun {
                names,
                head: None,
                verb: None,
                singular: false,
            }),
        };
    };
    let key = resource_key(&phrase.join("-"));
    if !names.contains(&key) {
        names.push(key);
    }
    let head = singular(last);
    Token::Noun(Noun {
        names,
        head: (phrase.len() > 1 && !GENERIC_HEADS.contains(&head.as_str())).then_some(head),
        verb,
        singular: !is_plural_word(last),
    })
}

/// `createShipment`, `mobile-devices`, `getShipmentById`, `me`.
fn read_name(name: &str) -> Token {
    if name.eq_ignore_ascii_case("me") {
        return Token::Param;
    }
    let ws = words(name);
    match ws.split_first() {
        Some((first, rest)) if verb_reading(first).is_some() => {
            token(Some(first.clone()), &phrase(rest, CONNECTIVES), Some(name))
        }
        _ => token(None, &phrase(&ws, CONNECTIVES), Some(name)),
    }
}

/// An operationId that starts with a CRUD verb: `getShipmentById` names a shipment.
fn read_operation_id(id: &str) -> Option<Token> {
    let ws = words(id);
    let (first, rest) = ws.split_first()?;
    verb_reading(first)?;
    Some(token(Some(first.clone()), &phrase(rest, CONNECTIVES), None))
}

/// A summary that starts with a CRUD verb, read up to the end of its noun phrase: "Get a
/// shipment by id" names a shipment, "List a user's devices" devices.
fn read_summary(summary: &str) -> Option<Token> {
    let mut parts = summary.split_whitespace();
    let verb = parts
        .next()?
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    verb_reading(&verb)?;
    let mut ws: Vec<String> = Vec::new();
    for part in parts {
        let lower = part.to_lowercase().replace('\u{2019}', "'");
        let ends = lower.ends_with([',', '.', ';', ':', ')']) || lower.starts_with('(');
        let core = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        if SUMMARY_STOPS.contains(&core) {
            break;
        }
        if core.ends_with("'s") || core.ends_with("s'") {
            // "a user's devices": the possessor is not the head noun
            ws.clear();
        } else if !(ws.is_empty() && FILLERS.contains(&core)) {
            ws.extend(words(core));
        }
        if ends {
            break;
        }
    }
    Some(token(Some(verb), &phrase(&ws, SUMMARY_STOPS), None))
}

/// A segment with parameters inside it (`{code}:disable`, `links:search`), part by part in
/// order; `None` for a parameter.
fn mixed_parts(s: &str) -> Vec<Option<&str>> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_param = false;
    for (i, c) in s.char_indices() {
        if matches!(c, '{' | '}' | ':' | '.') {
            if !in_param && i > start {
                parts.push(Some(&s[start..i]));
            }
            if c == '{' {
                in_param = true;
            } else if c == '}' {
                in_param = false;
                parts.push(None);
            }
            start = i + 1;
        }
    }
    if !in_param && start < s.len() {
        parts.push(Some(&s[start..]));
    }
    parts
}

fn path_tokens(segments: &[Segment]) -> Vec<Token> {
    let mut out = Vec::new();
    for seg in segments {
        match seg {
            Segment::Param(_) => out.push(Token::Param),
            Segment::Literal(s) => out.push(read_name(s)),
            Segment::Mixed(s) => out.extend(mixed_parts(s).into_iter().map(|p| p.map_or(Token::Param, read_name))),
        }
    }
    out
}

fn is_verb(t: &Token) -> bool {
    matches!(t, Token::Verb(_))
}

fn verb_of(t: &Token) -> Option<&str> {
    match t {
        Token::Verb(v) => Some(v),
        Token::Noun(n) => n.verb.as_deref(),
        Token::Param => None,
    }
}

fn reads_one(verb: Option<&str>) -> bool {
    verb.and_then(verb_reading).is_some_and(|r| r.one)
}

/// The shape of the path after the resource at `i`: verb segments say nothing about it, and a
/// singular noun after a verb for one item (`GET /getShipment?id=`) reads as the item.
fn shape_after(tokens: &[Token], i: usize) -> Shape {
    let Token::Noun(noun) = &tokens[i] else {
        return Shape::Deeper;
    };
    let after = &tokens[i + 1..];
    let rest: Vec<&Token> = after.iter().filter(|t| !is_verb(t)).collect();
    let verb = noun.verb.as_deref().or_else(|| after.iter().find_map(verb_of));
    match rest.as_slice() {
        [] if noun.singular && reads_one(verb) => Shape::Item,
        [] => Shape::Collection,
        [Token::Param] => Shape::Item,
        _ => Shape::Deeper,
    }
}

/// The shape of the whole path, for a resource named elsewhere than in the path (`noun`) or for
/// an alternative without resources.
fn shape_of_end(tokens: &[Token], noun: Option<&Noun>) -> Shape {
    match tokens.iter().rev().find(|t| !is_verb(t)) {
        Some(Token::Param) => Shape::Item,
        _ if noun.is_some_and(|n| n.singular && reads_one(n.verb.as_deref())) => Shape::Item,
        _ => Shape::Collection,
    }
}

fn fits(target: MatchTarget, shape: Shape) -> bool {
    match target {
        MatchTarget::Any => true,
        MatchTarget::Collection => shape == Shape::Collection,
        MatchTarget::Item => shape == Shape::Item,
    }
}

/// Whether `noun` names one of `keys`: as written, or by its last word unless the exercise lists
/// the whole compound as a resource of its own (`reverse-geocodes` is no geocode).
fn names(noun: &Noun, keys: &[String], alt: &CapabilityMatch) -> bool {
    if noun.names.iter().any(|k| keys.contains(k)) {
        return true;
    }
    noun.head.as_ref().is_some_and(|h| keys.contains(h))
        && !alt
            .exercise_resources
            .iter()
            .any(|r| noun.names.contains(&resource_key(r)))
}

fn names_token(token: &Token, keys: &[String], alt: &CapabilityMatch) -> bool {
    matches!(token, Token::Noun(n) if names(n, keys, alt))
}

fn names_a_listed_resource(tokens: &[Token], alt: &CapabilityMatch) -> bool {
    if alt.exercise_resources.is_empty() {
        return false;
    }
    let listed: Vec<String> = alt.exercise_resources.iter().map(|r| resource_key(r)).collect();
    tokens.iter().any(|t| names_token(t, &listed, alt))
}

/// What the operation's name says when its path names none of the resources: its operationId
/// or summary read like a verb path (`createShipment`, "Get a shipment"), or, when they and the
/// path say what is done but not to what (`POST /v1/create`), its tags.
fn named_elsewhere(op: &Operation, tokens: &[Token]) -> Vec<Noun> {
    let mut found = Vec::new();
    let mut verb = tokens.iter().rev().find_map(verb_of).map(str::to_string);
    let mut has_noun = tokens.iter().any(|t| matches!(t, Token::Noun(_)));
    let id = op.operation_id.as_deref().and_then(read_operation_id);
    let summary = op.summary.as_deref().and_then(read_summary);
    for t in [id, summary].into_iter().flatten() {
        match t {
            Token::Noun(n) => {
                has_noun = true;
                found.push(n);
            }
            Token::Verb(v) => {
                verb.get_or_insert(v);
            }
            Token::Param => {}
        }
    }
    if verb.is_some() && !has_noun {
        for tag in &op.tags {
            if let Token::Noun(mut n) = token(None, &phrase(&words(tag), CONNECTIVES), None) {
                n.verb.clone_from(&verb);
                found.push(n);
            }
        }
    }
    found
}

/// The interviewer's reading of a badly named path (see the module documentation).
fn reads_loosely(model: &Model, op: &Operation, alt: &CapabilityMatch) -> bool {
    let tokens = path_tokens(resource_segments(&model.paths[op.path_index]));
    let path_verb = tokens.iter().rev().find_map(verb_of).and_then(verb_reading);
    let method_ok = method_is(op, alt)
        || path_verb.is_some_and(|r| {
            alt.methods
                .iter()
                .any(|m| r.methods.iter().any(|v| m.eq_ignore_ascii_case(v)))
        });
    if !method_ok {
        return false;
    }
    let shape_ok = if alt.resources.is_empty() {
        fits(alt.target, shape_of_end(&tokens, None))
    } else {
        let keys = keys(alt);
        match tokens.iter().rposition(|t| names_token(t, &keys, alt)) {
            Some(i) => fits(alt.target, shape_after(&tokens, i)),
            // a path that names another resource of the exercise is about that one, whatever
            // its summary says ("Save a search" on `/saved-searches` is no search)
            None if names_a_listed_resource(&tokens, alt) => false,
            None => named_elsewhere(op, &tokens)
                .iter()
                .any(|n| names(n, &keys, alt) && fits(alt.target, shape_of_end(&tokens, Some(n)))),
        }
    };
    if !shape_ok {
        return false;
    }
    if !alt.actions.is_empty() {
        let wanted = wanted_actions(alt);
        let segments = &model.paths[op.path_index].segments;
        let in_path = segments
            .iter()
            .flat_map(literal_parts)
            .flat_map(words)
            .any(|w| wanted.contains(&w));
        let in_summary = op
            .summary
            .as_deref()
            .and_then(|s| s.split_whitespace().next())
            .is_some_and(|w| wanted.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()));
        if !(in_path || in_operation_id(op, &wanted) || in_summary) {
            return false;
        }
    }
    responses_ok(op, alt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::testing::model_from_str;

    fn alt(methods: &[&str], resources: &[&str], target: MatchTarget) -> CapabilityMatch {
        CapabilityMatch {
            methods: methods.iter().map(|s| s.to_string()).collect(),
            resources: resources.iter().map(|s| s.to_string()).collect(),
            target,
            actions: Vec::new(),
            responses: Vec::new(),
            events: None,
            exercise_resources: Default::default(),
        }
    }

    fn doc(paths: &str) -> Model<'static> {
        model_from_str(&format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n{paths}"
        ))
    }

    fn labels(model: &Model, a: &CapabilityMatch) -> Vec<String> {
        model
            .operations
            .iter()
            .filter(|op| matches(model, op, a))
            .map(|op| op.label())
            .collect()
    }

    #[test]
    fn plurals_and_casings_match_the_same_noun() {
        let model = doc(
            "  /v1/short_links: { post: { responses: { '201': { description: ok } } } }\n\
             \x20 /v1/shortLinks: { post: { responses: { '201': { description: ok } } } }\n\
             \x20 /v1/short-links: { post: { responses: { '201': { description: ok } } } }\n\
             \x20 /v1/short-link: { post: { responses: { '201': { description: ok } } } }\n\
             \x20 /v1/links: { post: { responses: { '201': { description: ok } } } }\n",
        );
        let a = alt(&["POST"], &["short-link"], MatchTarget::Collection);
        assert_eq!(
            labels(&model, &a),
            [
                "POST /v1/short_links",
                "POST /v1/shortLinks",
                "POST /v1/short-links",
                "POST /v1/short-link"
            ]
        );
        let b = alt(&["post"], &["analytic", "policy"], MatchTarget::Any);
        let model = doc(
            "  /v1/analytics: { post: { responses: { '201': { description: ok } } } }\n\
             \x20 /v1/policies: { post: { responses: { '201': { description: ok } } } }\n",
        );
        assert_eq!(labels(&model, &b).len(), 2);
    }

    #[test]
    fn item_collection_and_deeper_targets() {
        let model = doc("  /v1/links: { get: { responses: { '200': { description: ok } } } }\n\
             \x20 /v1/links/{code}: { get: { responses: { '200': { description: ok } } } }\n\
             \x20 /v1/links/{code}/clicks: { get: { responses: { '200': { description: ok } } } }\n");
        let get = |t| labels(&model, &alt(&["GET"], &["link"], t));
        assert_eq!(get(MatchTarget::Collection), ["GET /v1/links"]);
        assert_eq!(get(MatchTarget::Item), ["GET /v1/links/{code}"]);
        assert_eq!(get(MatchTarget::Any).len(), 3);
        // the last matching segment decides: `/links/{code}/clicks` is a collection of clicks
        assert_eq!(
            labels(&model, &alt(&["GET"], &["click"], MatchTarget::Collection)),
            ["GET /v1/links/{code}/clicks"]
        );
    }

    #[test]
    fn actions_in_segments_custom_methods_or_operation_ids() {
        let model = doc(
            "  /v1/links/{code}/revoke: { post: { responses: { '200': { description: ok } } } }\n\
             \x20 /v1/links/{code}:disable: { post: { responses: { '200': { description: ok } } } }\n\
             \x20 /v1/links/{code}: { patch: { operationId: deactivateLink, responses: { '200': { description: ok } } } }\n\
             \x20 /v1/links: { post: { responses: { '201': { description: ok } } } }\n",
        );
        let mut a = alt(&["POST", "PATCH"], &["link"], MatchTarget::Any);
        a.actions = vec!["revoke".into(), "disable".into(), "deactivate".into()];
        assert_eq!(
            labels(&model, &a),
            [
                "POST /v1/links/{code}/revoke",
                "POST /v1/links/{code}:disable",
                "PATCH /v1/links/{code}"
            ]
        );
    }

    #[test]
    fn responses_match_exact_codes_and_ranges() {
        let model = doc("  /r/{code}: { get: { responses: { '302': { description: go } } } }\n\
             \x20 /s/{code}: { get: { responses: { '3XX': { description: go } } } }\n\
             \x20 /v1/links/{code}: { get: { responses: { '200': { description: ok } } } }\n");
        let mut a = alt(&["GET"], &[], MatchTarget::Any);
        a.responses = vec!["301".into(), "302".into()];
        assert_eq!(labels(&model, &a), ["GET /r/{code}", "GET /s/{code}"]);
    }

    fn op(method: &str, extra: &str) -> String {
        format!("{{ {method}: {{ {extra}responses: {{ '200': {{ description: ok }} }} }} }}")
    }

    #[test]
    fn a_verb_path_reads_as_its_method_and_noun() {
        let model = doc(&format!(
            "  /v1/createShipment: {}\n  /v1/getShipment/{{id}}: {}\n  /v1/getShipment: {}\n\
             \x20 /v1/listShipments: {}\n  /v1/shipments/{{id}}/delete: {}\n  /v1/removeShipment: {}\n\
             \x20 /v1/getShipment/{{id}}/labels: {}\n",
            op("post", ""),
            op("get", ""),
            op(
                "get",
                "parameters: [ { name: id, in: query, required: true, schema: { type: string } } ], "
            ),
            op("get", ""),
            op("post", ""),
            op("post", ""),
            op("get", ""),
        ));
        let get = |methods: &[&str], t| labels(&model, &alt(methods, &["shipment"], t));
        assert_eq!(get(&["POST"], MatchTarget::Collection), ["POST /v1/createShipment"]);
        assert_eq!(
            get(&["GET"], MatchTarget::Item),
            ["GET /v1/getShipment/{id}", "GET /v1/getShipment"]
        );
        assert_eq!(get(&["GET"], MatchTarget::Collection), ["GET /v1/listShipments"]);
        // the verb says the method when the HTTP method does not
        assert_eq!(
            get(&["DELETE"], MatchTarget::Item),
            ["POST /v1/shipments/{id}/delete", "POST /v1/removeShipment"]
        );
        // a plainly named operation wins: the verb path is not read when a plain path exists
        let model = doc(&format!(
            "  /v1/shipments: {}\n  /v1/createShipment: {}\n",
            op("post", ""),
            op("post", "")
        ));
        assert_eq!(
            labels(&model, &alt(&["POST"], &["shipment"], MatchTarget::Collection)),
            ["POST /v1/shipments"]
        );
    }

    #[test]
    fn the_last_word_of_a_camel_case_segment_names_the_resource() {
        let model = doc(&format!(
            "  /v1/accountSettings/{{id}}: {}\n  /v1/accountSettings: {}\n",
            op("put", ""),
            op("get", "")
        ));
        let a = alt(&["PUT", "PATCH"], &["preference", "setting"], MatchTarget::Any);
        assert_eq!(labels(&model, &a), ["PUT /v1/accountSettings/{id}"]);
        let a = alt(&["GET"], &["setting"], MatchTarget::Item);
        assert!(labels(&model, &a).is_empty());
        assert_eq!(
            labels(&model, &alt(&["GET"], &["setting"], MatchTarget::Collection)),
            ["GET /v1/accountSettings"]
        );
    }

    #[test]
    fn a_camel_case_collection_nested_under_an_item() {
        let model = doc(&format!(
            "  /v1/users/{{id}}/mobileDevices: {}\n  /v1/users/{{id}}/mobileDevices/{{device_id}}: {}\n",
            op("post", ""),
            op("delete", "")
        ));
        assert_eq!(
            labels(
                &model,
                &alt(&["POST", "PUT"], &["device", "push-token"], MatchTarget::Collection)
            ),
            ["POST /v1/users/{id}/mobileDevices"]
        );
        assert_eq!(
            labels(&model, &alt(&["DELETE"], &["device"], MatchTarget::Item)),
            ["DELETE /v1/users/{id}/mobileDevices/{device_id}"]
        );
        // a last word that says nothing alone names nothing: test results are no contest results
        let model = doc(&format!("  /v1/submissions/{{id}}/test-results: {}\n", op("get", "")));
        assert!(labels(&model, &alt(&["GET"], &["result", "standing"], MatchTarget::Any)).is_empty());
        let model = doc(&format!(
            "  /v1/users/{{id}}/mobileDevices: {}\n  /v1/users/{{id}}/mobileDevices/{{device_id}}: {}\n",
            op("post", ""),
            op("delete", "")
        ));
        // the user is the parent, not the resource of these operations
        assert!(labels(&model, &alt(&["POST"], &["user"], MatchTarget::Collection)).is_empty());
    }

    #[test]
    fn a_compound_kebab_segment_under_me_is_the_callers_collection() {
        let model = doc(&format!(
            "  /v1/users/me/saved-searches: {}\n  /v1/users/me: {}\n",
            op("get", ""),
            op("get", "")
        ));
        // "list my saved searches", with `search` as the noun the exercise lists
        assert_eq!(
            labels(&model, &alt(&["GET"], &["search"], MatchTarget::Collection)),
            ["GET /v1/users/me/saved-searches"]
        );
        // ... unless the exercise lists the whole compound as a resource of its own
        let mut search = alt(&["GET"], &["search"], MatchTarget::Collection);
        search.exercise_resources = ["search".to_string(), "saved-search".to_string()].into();
        assert!(labels(&model, &search).is_empty());
        // `me` stands for the caller's id: `/users/me` reads one user
        assert_eq!(
            labels(&model, &alt(&["GET"], &["user", "account"], MatchTarget::Item)),
            ["GET /v1/users/me"]
        );
    }

    #[test]
    fn operation_ids_summaries_and_tags_name_the_resource_a_path_does_not() {
        let model = doc(&format!(
            "  /v1/rpc/{{id}}: {}\n  /v1/rpc: {}\n  /v1/do: {}\n  /v1/create: {}\n",
            op("get", "operationId: getShipmentById, "),
            op("post", "summary: Create a new shipment for an order, "),
            op("post", "operationId: doIt, tags: [Shipments], "),
            op("post", "tags: [Shipments], "),
        ));
        assert_eq!(
            labels(&model, &alt(&["GET"], &["shipment"], MatchTarget::Item)),
            ["GET /v1/rpc/{id}"]
        );
        // a tag names the resource only of an operation that says what it does but not to what
        assert_eq!(
            labels(&model, &alt(&["POST"], &["shipment"], MatchTarget::Collection)),
            ["POST /v1/rpc", "POST /v1/create"]
        );
        // "Get a link's clicks" is about clicks, not about reading a link
        let model = doc(&format!(
            "  /v1/r/{{code}}: {}\n",
            op("get", "summary: \"Get a link's clicks\", tags: [Links], ")
        ));
        assert!(labels(&model, &alt(&["GET"], &["link"], MatchTarget::Item)).is_empty());
        assert_eq!(labels(&model, &alt(&["GET"], &["click"], MatchTarget::Item)).len(), 1);
    }

    #[test]
    fn an_event_form_is_met_by_words_of_the_channel_operation_or_messages() {
        use crate::grading::testing::event_model_from_str;
        use serde_json::json;
        let events = event_model_from_str(
            r#"
asyncapi: 3.0.0
info: { title: t, version: "1" }
channels:
  driverEvents:
    address: /v1/drivers/{driver_id}/events
    messages:
      locationReport: { name: location.report, payload: { type: object } }
  backlog:
    address: /v1/backlog
    messages:
      backlogChanged: { payload: { type: object } }
operations:
  sendLocationReport:
    action: send
    channel: { $ref: '#/channels/driverEvents' }
  receiveBacklog:
    action: receive
    channel: { $ref: '#/channels/backlog' }
"#,
        );
        let form = |v: serde_json::Value| -> CapabilityMatch { serde_json::from_value(v).unwrap() };
        let met = |f: &CapabilityMatch| -> Vec<&str> {
            events
                .operations
                .iter()
                .filter(|op| matches_event(&events, op, f))
                .map(|op| op.key.as_str())
                .collect()
        };
        assert_eq!(
            met(&form(json!({ "events": { "names": ["location-report"] } }))),
            ["sendLocationReport"]
        );
        // plurals made singular; the channel's address counts
        assert_eq!(
            met(&form(json!({ "events": { "names": ["driver"] } }))),
            ["sendLocationReport"]
        );
        // whole words only: `ack` is not in `backlog`
        assert!(met(&form(json!({ "events": { "names": ["ack"] } }))).is_empty());
        // the action, when given, must be the operation's
        assert!(met(&form(
            json!({ "events": { "action": "receive", "names": ["location"] } })
        ))
        .is_empty());
        assert_eq!(
            met(&form(json!({ "events": { "action": "receive" } }))),
            ["receiveBacklog"]
        );
        // a REST form is never met in the event document, nor an event form by a REST operation
        assert!(met(&alt(&["GET"], &["backlog"], MatchTarget::Any)).is_empty());
        let model = model_from_str("openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /v1/backlog:\n    get: { responses: { '200': { description: ok } } }\n");
        assert!(find(&model, &[form(json!({ "events": { "names": ["backlog"] } }))]).is_none());
    }
}

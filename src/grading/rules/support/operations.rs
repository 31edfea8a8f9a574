//! What an operation does: creates, moves money, mentions a word; its query parameters.
use crate::grading::model::{Method, Model, Operation, ParamLocation, Parameter};

use super::paths::{is_action_path, is_item_path, last_literal, literal_parts};
use super::plurals::is_plural_segment;
use super::words::words;

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

/// Whether any literal segment of the path, or the operationId, uses one of `vocab`.
pub fn mentions(model: &Model, op: &Operation, vocab: &[&str]) -> bool {
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
    if op.method != Method::Post {
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
    if op.method != Method::Post || !mentions(model, op, CHARGING) {
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

pub fn query_params<'o, 'd>(op: &'o Operation<'d>) -> impl Iterator<Item = &'o Parameter<'d>> {
    op.params_in(ParamLocation::Query)
}

/// The `type` of a parameter's schema, `None` without one.
pub fn param_types<'m, 'd>(model: &'m Model<'d>, p: &Parameter) -> &'m [&'d str] {
    match p.schema {
        Some(id) => &model.schema(id).types,
        None => &[],
    }
}

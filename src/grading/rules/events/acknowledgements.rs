//! `events/acknowledgements`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::events::model::{EventModel, EventOperation};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::events::parties::{is_keepalive, message_words, names_ack, operation_text, Parties, Way};
use crate::grading::rules::support::doc_violation;
use crate::grading::rules::support::events::{RESUME_KEYS, RESUME_PARTS};
use crate::grading::rules::support::words;

pub struct Acknowledgements;

pub static META: RuleMeta = RuleMeta {
    id: "events/acknowledgements",
    dimension: Dimension::Events,
    default_severity: Severity::Warning,
    summary: "Where a client must confirm, the design says how: an ack message, a reply, or an ack id.",
    checks: "Two kinds of place. The document is one when it says delivery is at-least-once or that \
             deliveries are redelivered until acknowledged: it passes when an acknowledgement is declared (a \
             message or operation named `ack`/`nack`, a `reply` on an operation that is not a heartbeat, a field \
             such as `ack_id` or `delivery_tag`, or a description saying how a client acknowledges). Where \
             nothing is redelivered, a resume point the client sends on reconnect (`last_event_id`, \
             `after_seq`), or a statement that no acknowledgement is needed, also passes. Each operation by \
             which a client sends a command (a message named as an order to the service: `message.send`, \
             `move.make`, `placeOrder`; on an operation the service sends, a name that starts with such a verb, \
             like `sendMessage`, is a client's command put on the wrong side and counts too) is one place \
             too: it passes when the operation has a `reply`, a message the service sends reports the \
             command's outcome (`move.accepted`, `order.rejected`, an ack), a field correlates results with \
             requests (`correlationId`, `request_id`, `client_message_id`), or its \
             description says how the client learns the outcome. Typing, presence and heartbeats are left \
             alone. Which side sends is read from the document's stated point of view, else as the \
             service's; a document that only speaks to a broker has no client commands.",
    why: "\"At-least-once\" is only a promise if the sender knows what arrived: without an ack the service \
          either redelivers forever or drops silently. And a client that sends `move.make` over a socket \
          must learn whether the move was applied or refused, and match the answer to its request; \
          interviewers ask \"how does the sender know?\" of every message that matters.",
    fix: "Declare the acknowledgement: an `ack` message (with the id or sequence it confirms) or an \
          AsyncAPI `reply` on the operation, with what happens when it does not arrive in time. For a \
          command, reply with its outcome (`move.accepted` / `move.rejected`) carrying the request's id.",
    example_bad: "# operations written from the client's point of view\noperations:\n  makeMove:\n    action: send\n    messages: [{ $ref: '#/components/messages/moveMake' }]\n",
    example_good: "# operations written from the client's point of view\noperations:\n  makeMove:\n    action: send\n    messages: [{ $ref: '#/components/messages/moveMake' }]\n    reply:\n      messages: [{ $ref: '#/components/messages/moveResult' }]\n",
};

/// Verbs that make a message's name an order to the service: the service must apply it, and the
/// sender needs to know that it did.
const COMMAND_VERBS: &[&str] = &[
    "send", "post", "create", "make", "place", "submit", "update", "edit", "delete", "remove", "join", "leave",
    "cancel", "set", "publish", "buy", "sell", "book", "accept", "reject", "decline", "transfer", "pay", "bid", "vote",
    "rename", "invite", "kick", "ban", "assign", "claim", "resign",
];

/// Words of a message name that report a command's outcome.
const OUTCOME_WORDS: &[&str] = &[
    "accepted",
    "rejected",
    "result",
    "results",
    "failed",
    "failure",
    "error",
    "confirmed",
    "confirmation",
    "applied",
    "succeeded",
    "success",
    "response",
    "reply",
    "receipt",
];

/// Fields that tie a result to the request it answers.
const CORRELATION_KEYS: &[&str] = &[
    "correlationid",
    "requestid",
    "clientmessageid",
    "clientrequestid",
    "clientmsgid",
    "commandid",
    "clientcommandid",
    "reqid",
    "nonce",
];

/// Fields that carry an acknowledgement's handle.
const ACK_KEYS: &[&str] = &[
    "ackid",
    "ackids",
    "acktoken",
    "deliverytag",
    "receipthandle",
    "acknowledgementid",
    "ackdeadline",
    "ackdeadlineseconds",
    "ackdeadlineat",
];

/// What a description says when it tells how a client acknowledges.
const ACK_MECHANISM: &[&str] = &[
    "ack id",
    "ack_id",
    "delivery tag",
    "delivery_tag",
    "receipt handle",
    "acknowledge with",
    "acknowledges with",
    "acknowledged with",
    "acknowledge by",
    "acknowledges by",
    "acknowledged by",
    "is the acknowledgement",
    "as the acknowledgement",
    "as an acknowledgement",
    "to acknowledge",
    "replies with",
    "reply with",
];

/// What a document says when the service redelivers until acknowledged.
const REDELIVERY: &[&str] = &[
    "redeliver",
    "re-deliver",
    "delivered again",
    "until acknowledged",
    "until it is acknowledged",
    "until they are acknowledged",
    "until acked",
    "ack deadline",
    "ack_deadline",
    "visibility timeout",
    "retried until",
    "retries until",
    "resent until",
];

/// What a document says when it needs no acknowledgement (state carried whole, a cursor).
const NO_ACK_NEEDED: &[&str] = &[
    "no acknowledgement",
    "no acknowledgment",
    "no ack",
    "without acknowledg",
    "need not be acknowledged",
    "are not acknowledged",
];

/// What a description says when it tells the client how it learns a command's outcome.
const OUTCOME_SAID: &[&str] = &[
    "acknowledg",
    " ack",
    "confirm",
    "reply",
    "replies",
    "respond",
    "response",
    "answered",
    "rejected",
    "accepted",
    "result",
];

impl Rule for Acknowledgements {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        let prose = model.prose.replace(['-', '_'], " ");
        let redelivered = REDELIVERY.iter().any(|w| model.prose.contains(w));
        if redelivered || prose.contains("at least once") {
            let resumable = model.has_key(RESUME_KEYS, RESUME_PARTS)
                || ["resume", "replay", "last event id"].iter().any(|w| prose.contains(w));
            let needless = NO_ACK_NEEDED.iter().any(|w| model.prose.contains(w));
            if ack_declared(model) || (!redelivered && (resumable || needless)) {
                out.pass();
            } else if redelivered {
                out.fail(doc_violation(
                    model.info_pointer.clone(),
                    "deliveries are redelivered until acknowledged, but no acknowledgement is declared: no ack \
                     message, reply or ack id"
                        .to_string(),
                    None,
                ));
            } else {
                out.fail(doc_violation(
                    model.info_pointer.clone(),
                    "delivery is at-least-once, but nothing tells the service what a client received: no \
                     acknowledgement, reply or resume point"
                        .to_string(),
                    None,
                ));
            }
        }
        let parties = Parties::of(model);
        for op in &model.operations {
            let Some(command) = command_of(model, &parties, op) else {
                continue;
            };
            if op.reply.is_some() || outcome_known(model, &parties, op, &command) {
                out.pass();
            } else {
                out.fail(doc_violation(
                    op.pointer.clone(),
                    format!(
                        "operation `{}` sends the command `{command}`, but nothing tells the client whether it was \
                         applied: no reply, acknowledgement or result event tied to it",
                        op.key
                    ),
                    None,
                ));
            }
        }
    }
}

/// Whether the document declares an acknowledgement anywhere.
fn ack_declared(model: &EventModel<'_>) -> bool {
    let named = model.messages.iter().any(|m| names_ack(&message_words(m)))
        || model.operations.iter().any(|o| names_ack(&words(&o.key)));
    let replied = model
        .operations
        .iter()
        .any(|o| o.reply.is_some() && !o.messages.iter().all(|&i| is_keepalive(&model.messages[i])));
    named || replied || model.has_key(ACK_KEYS, &[]) || ACK_MECHANISM.iter().any(|w| model.prose.contains(w))
}

/// The first command a client sends with this operation, by its name on the wire. A message
/// named as an order (`message.send`, `sendMessage`) on an operation the client sends is one;
/// on an operation the service sends, only a name that starts with the verb is (`sendMessage`
/// pushed to clients is a command the design has put on the wrong side, not an event).
fn command_of(model: &EventModel<'_>, parties: &Parties, op: &EventOperation) -> Option<String> {
    let way = parties.way(op);
    if way == Way::Unknown {
        return None;
    }
    op.messages.iter().find_map(|&i| {
        let m = &model.messages[i];
        let w = words(m.label());
        let is_verb = |x: Option<&String>| x.is_some_and(|x| COMMAND_VERBS.contains(&x.as_str()));
        let named = is_verb(w.first()) || (way == Way::FromClient && is_verb(w.last()));
        let chatter = is_keepalive(m)
            || names_ack(&w)
            || w.iter()
                .any(|x| ["typing", "presence", "location", "position", "cursor"].contains(&x.as_str()));
        (named && !chatter).then(|| m.label().to_string())
    })
}

/// Whether the client learns a command's outcome: a description says so, a message the service
/// sends reports it for the same thing (`move.make` -> `move.rejected`), or a field ties results
/// to requests.
fn outcome_known(model: &EventModel<'_>, parties: &Parties, op: &EventOperation, command: &str) -> bool {
    let text = operation_text(model, op);
    if OUTCOME_SAID.iter().any(|w| text.contains(w)) {
        return true;
    }
    let nouns: Vec<String> = words(command)
        .into_iter()
        .filter(|w| !COMMAND_VERBS.contains(&w.as_str()))
        .collect();
    let reported = model.messages.iter().enumerate().any(|(i, m)| {
        let w = message_words(m);
        let outcome = w.iter().any(|x| OUTCOME_WORDS.contains(&x.as_str())) || names_ack(&w);
        // A client's own ack of the service's events (`move.ack`, a reply to what it receives)
        // answers nothing it sent.
        let from_service = model.operations_of(i).any(|o| parties.way(o) == Way::ToClient)
            || model
                .operations
                .iter()
                .any(|o| parties.way(o) == Way::FromClient && o.reply_messages.contains(&i));
        outcome && from_service && w.iter().any(|x| nouns.contains(x))
    });
    reported || model.has_key(CORRELATION_KEYS, &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    /// A chess client that makes moves over the socket, the document written from its side.
    const CLIENT_MOVES: &str = r#"
        asyncapi: 3.0.0
        info: { title: t, version: '1', description: "Operations are written from the client's point of view." }
        servers: { w: { host: w.example.com, protocol: wss } }
        channels:
          game:
            address: 'games/{gameId}'
            parameters: { gameId: {} }
            messages:
              moveMake: { name: move.make, payload: { properties: { uci: { type: string } } } }
              movePlayed: { name: move.played, payload: { properties: { uci: { type: string } } } }
        operations:
          makeMove:
            action: send
            channel: { $ref: '#/channels/game' }
            messages: [{ $ref: '#/channels/game/messages/moveMake' }]
          receiveMoves:
            action: receive
            channel: { $ref: '#/channels/game' }
            messages: [{ $ref: '#/channels/game/messages/movePlayed' }]
        "#;

    #[test]
    fn pass_and_fail_cases() {
        let replied = CLIENT_MOVES.replace(
            "messages: [{ $ref: '#/channels/game/messages/moveMake' }]",
            "messages: [{ $ref: '#/channels/game/messages/moveMake' }]\n            reply: { messages: [{ $ref: '#/channels/game/messages/movePlayed' }] }",
        );
        let service_side = CLIENT_MOVES.replace("the client's point of view", "the server's point of view");
        // the client's own ack of the moves it receives answers nothing it sent
        let own_ack = CLIENT_MOVES
            .replace(
                "movePlayed: { name: move.played",
                "moveAck: { name: move.ack }\n              movePlayed: { name: move.played",
            )
            .replace(
                "messages: [{ $ref: '#/channels/game/messages/movePlayed' }]",
                "messages: [{ $ref: '#/channels/game/messages/movePlayed' }]\n            reply: { messages: [{ $ref: '#/channels/game/messages/moveAck' }] }",
            );
        Tester::new(&Acknowledgements)
            .pass(&[
                // the command is answered by an AsyncAPI reply
                replied.as_str(),
                // redelivered until acked, with an ack message
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1', description: Unacknowledged deliveries are redelivered after 30 s. }
                channels:
                  d:
                    address: deliveries
                    messages:
                      delivered: { name: message.delivered }
                      ack: { name: messages.ack, payload: { properties: { ack_ids: { type: array } } } }
                "#,
                // at-least-once, repaired by the resume point the client sends
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1', description: Delivery is at-least-once; reconnect with `last_event_id`. }
                channels: { c: { address: c, messages: { m: { name: thing.changed } } } }
                "#,
            ])
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1', description: Deliveries are redelivered until acknowledged. }
                channels: { c: { address: c, messages: { m: { name: message.delivered } } } }
                "#,
                &["/info"],
            )
            .fail(CLIENT_MOVES, &["/operations/makeMove"])
            .places(1)
            .also(|out| {
                assert_eq!(
                    out.violations[0].message,
                    "operation `makeMove` sends the command `move.make`, but nothing tells the client whether it \
                     was applied: no reply, acknowledgement or result event tied to it"
                )
            })
            .fail(&own_ack, &["/operations/makeMove"])
            // the same command pushed by the service in a document written from its side
            .not_applicable(&[
                service_side.as_str(),
                // nothing to confirm: facts pushed to clients, no delivery promise
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                servers: { w: { host: w.example.com, protocol: wss } }
                channels: { c: { address: c, messages: { m: { name: price.changed } } } }
                operations: { pushPrices: { action: send, channel: { $ref: '#/channels/c' } } }
                "#,
                // a broker's applications: no client sends commands to a service
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                servers: { k: { host: k.example.com, protocol: kafka } }
                channels: { c: { address: c, messages: { m: { name: turnOn } } } }
                operations: { turnOn: { action: send, channel: { $ref: '#/channels/c' } } }
                "#,
            ])
            .test();
    }

    /// A service-side document that pushes `sendMessage` to clients has put a client's command
    /// on the wrong side; the command still needs an answer.
    #[test]
    fn a_command_on_a_catch_all_operation_is_judged() {
        let out = crate::grading::rules::testing::run(
            &Acknowledgements,
            include_str!("../../../../tests/fixtures/events/weak.yaml"),
        );
        assert_eq!(crate::grading::rules::testing::pointers(&out), ["/operations/events"]);
    }
}

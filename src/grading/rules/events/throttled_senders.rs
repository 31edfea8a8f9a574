//! `events/throttled-senders`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::events::model::{EventModel, EventOperation};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::events::parties::{is_keepalive, message_words, operation_text, Parties, Way};
use crate::grading::rules::support::doc_violation;
use crate::grading::rules::support::words;

pub struct ThrottledSenders;

pub static META: RuleMeta = RuleMeta {
    id: "events/throttled-senders",
    dimension: Dimension::Events,
    default_severity: Severity::Warning,
    summary: "Chatty events a client sends (typing, position, presence, cursor) are rate-limited, and the design says what happens beyond the limit.",
    checks: "Each operation by which a client sends chatty events is one place: its name or its messages' \
             names speak of typing, position, location, presence, cursors, the mouse or scrolling, or its \
             description calls it high-frequency or continuous. Heartbeats are not chatty. It passes when \
             the operation, its messages or its channel state a rate (throttled, debounced, coalesced, \
             \"at most one every 3 s\", \"20 a second\", an `x-rate-limit`) and what happens to a client \
             that sends faster (extra events dropped or rejected, the connection closed); debouncing and \
             coalescing say both. Which side sends is read from the document's stated point of view, else \
             as the service's; a document that only speaks to a broker has no client senders.",
    why: "A typing indicator sent on every keystroke, or a GPS fix every 100 ms, from a million clients is \
          the load that takes a real-time service down, and one buggy or hostile client can flood a room. \
          Interviewers ask \"how often may a client send this, and what do you do when it sends more?\"",
    fix: "State the limit on the operation (\"at most one typing event per 3 s per conversation\", or an \
          `x-rate-limit`) and what the service does with the excess: drop it, coalesce it to the latest, \
          or close the connection of a client that keeps exceeding it.",
    example_bad: "operations:\n  sendTypingStart:\n    action: send\n    summary: The user is typing.\n",
    example_good: "operations:\n  sendTypingStart:\n    action: send\n    summary: The user is typing.\n    description: Throttled to one per 3 s per conversation; extra events are dropped.\n",
};

/// Words of an operation's or a message's name that make it chatty: state that changes many
/// times a second while a person types, moves or looks around.
const CHATTY_WORDS: &[&str] = &[
    "typing",
    "position",
    "positions",
    "location",
    "locations",
    "presence",
    "cursor",
    "cursors",
    "mouse",
    "scroll",
    "viewport",
    "keystroke",
    "keystrokes",
    "keypress",
    "caret",
    "gps",
    "geolocation",
    "coordinates",
];

/// What a description says of an operation that is sent continuously.
const CHATTY_SAID: &[&str] = &[
    "high-frequency",
    "high frequency",
    "continuously",
    "on every keystroke",
    "as the user types",
    "times a second",
    "times per second",
];

/// What a text says when it states a rate.
const RATE_SAID: &[&str] = &[
    "throttl",
    "debounc",
    "coalesc",
    "rate limit",
    "rate-limit",
    "ratelimit",
    "x-rate",
    "at most",
    "no more than",
    "per second",
    "a second",
    "per minute",
    "a minute",
    "once every",
];

/// What a text says when it states what happens beyond the rate.
const EXCESS_SAID: &[&str] = &[
    "drop",
    "reject",
    "discard",
    "ignored",
    "close",
    "disconnect",
    "429",
    "error",
    "slow down",
    "coalesc",
    "debounc",
    "latest",
    "newest",
    "replace",
    "merged",
];

impl Rule for ThrottledSenders {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        let parties = Parties::of(model);
        for op in &model.operations {
            if parties.way(op) != Way::FromClient {
                continue;
            }
            let text = operation_text(model, op);
            let Some(what) = chatty(model, op, &text) else {
                continue;
            };
            let rate = RATE_SAID.iter().any(|w| text.contains(w)) || every_n(&text) || per_second(&text);
            let excess = EXCESS_SAID.iter().any(|w| text.contains(w));
            if rate && excess {
                out.pass();
            } else if rate {
                out.fail(doc_violation(
                    op.pointer.clone(),
                    format!(
                        "operation `{}` limits how often a client sends {what} events, but not what happens to a \
                         client that sends faster",
                        op.key
                    ),
                    Some(
                        "Say what the service does with the excess: drop it, coalesce it to the latest, or close \
                         the connection of a client that keeps exceeding the limit."
                            .to_string(),
                    ),
                ));
            } else {
                out.fail(doc_violation(
                    op.pointer.clone(),
                    format!(
                        "operation `{}` lets a client send {what} events as often as it likes: no rate limit, \
                         throttle or debounce is stated",
                        op.key
                    ),
                    None,
                ));
            }
        }
    }
}

/// The chatty word an operation is named by (or `high-frequency` when its description says
/// so); `None` for a heartbeat or an operation that is not chatty.
fn chatty(model: &EventModel<'_>, op: &EventOperation, text: &str) -> Option<String> {
    let messages: Vec<_> = op.messages.iter().map(|&i| &model.messages[i]).collect();
    if !messages.is_empty() && messages.iter().all(|m| is_keepalive(m)) {
        return None;
    }
    let mut names = words(&op.key);
    for m in &messages {
        names.extend(message_words(m));
    }
    if names
        .iter()
        .any(|w| ["heartbeat", "ping", "keepalive"].contains(&w.as_str()))
    {
        return None;
    }
    if let Some(w) = names.iter().find(|w| CHATTY_WORDS.contains(&w.as_str())) {
        return Some(w.clone());
    }
    CHATTY_SAID
        .iter()
        .any(|w| text.contains(w))
        .then(|| "high-frequency".to_string())
}

/// Whether a text states a period: "every 3 s", "every 250 ms", "every second".
fn every_n(text: &str) -> bool {
    text.match_indices("every ").any(|(at, w)| {
        let rest = &text[at + w.len()..];
        rest.starts_with(|c: char| c.is_ascii_digit()) || rest.starts_with("second") || rest.starts_with("minute")
    })
}

/// Whether a text states a count per second: "20/s", "5 / s".
fn per_second(text: &str) -> bool {
    text.match_indices("/s").any(|(at, _)| {
        let before = text[..at].trim_end();
        let after = text[at + 2..].chars().next();
        before.ends_with(|c: char| c.is_ascii_digit()) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::{Tester, GOOD_EVENTS};

    /// A chat client's typing indicator, the document written from the client's side.
    const TYPING: &str = r#"
        asyncapi: 3.0.0
        info: { title: t, version: '1', description: "Operations are written from the client's point of view." }
        servers: { w: { host: w.example.com, protocol: wss } }
        channels:
          socket:
            address: socket
            messages:
              typingStart: { name: typing.start }
              ping: { name: heartbeat.ping }
        operations:
          sendTypingStart:
            action: send
            channel: { $ref: '#/channels/socket' }
            messages: [{ $ref: '#/channels/socket/messages/typingStart' }]
            description: DESCRIPTION
          sendPing:
            action: send
            channel: { $ref: '#/channels/socket' }
            messages: [{ $ref: '#/channels/socket/messages/ping' }]
        "#;

    #[test]
    fn pass_and_fail_cases() {
        let throttled = TYPING.replace(
            "DESCRIPTION",
            "At most once every 3 s per conversation; extra frames are dropped.",
        );
        let debounced = TYPING.replace("DESCRIPTION", "Debounced by the client to one per 2 s.");
        let unlimited = TYPING.replace("DESCRIPTION", "Sent while the user types.");
        let no_excess = TYPING.replace("DESCRIPTION", "Sent at most once every 3 s.");
        // the same typing events pushed by the service, in a document written from its side
        let service_side = TYPING.replace("the client's point of view", "the server's point of view");
        // the socket's own heartbeat rate, said of the channel every message shares, is not the
        // typing events' limit
        let shared = unlimited.replace(
            "address: socket\n",
            "address: socket\n            description: Heartbeat every 25 s; idle sockets are closed.\n",
        );
        Tester::new(&ThrottledSenders)
            .pass(&[throttled.as_str(), debounced.as_str()])
            .fail(&unlimited, &["/operations/sendTypingStart"])
            .places(1)
            .also(|out| {
                assert_eq!(
                    out.violations[0].message,
                    "operation `sendTypingStart` lets a client send typing events as often as it likes: no rate \
                     limit, throttle or debounce is stated"
                )
            })
            .fail(&no_excess, &["/operations/sendTypingStart"])
            .fail(&shared, &["/operations/sendTypingStart"])
            .not_applicable(&[service_side.as_str(), GOOD_EVENTS])
            .test();
    }

    #[test]
    fn an_extension_states_the_rate() {
        let doc = TYPING.replace(
            "description: DESCRIPTION",
            "x-rate-limit: { max: 1, per: 3s, excess: dropped }",
        );
        let out = crate::grading::rules::testing::run(&ThrottledSenders, &doc);
        assert_eq!((out.places, out.violations.len()), (1, 0));
    }
}

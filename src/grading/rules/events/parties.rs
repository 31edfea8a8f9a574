//! Who sends what in an event document, and what is said about one operation or message: the
//! questions `events/acknowledgements` and `events/throttled-senders` ask of the same operations.
//!
//! AsyncAPI 3 writes `send` and `receive` from the point of view of the application the document
//! describes. Most public documents describe the service (`send` = pushed to clients); many
//! interview answers describe the client and say so ("operations are written from the client's
//! point of view"). A document that says which it is, is read so; one that does not is read as
//! describing the service, unless it only speaks broker protocols (Kafka, MQTT, AMQP...), where
//! every party is a client of the broker and no side is "the client".
use serde_json::Value;

use crate::grading::events::model::{Action, EventModel, EventOperation, Message};
use crate::grading::rules::support::words;

/// Which way an operation's messages travel between the service and its clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// A client sends them to the service.
    FromClient,
    /// The service sends them to its clients.
    ToClient,
    /// The document does not say, or has no client and service (a broker's applications).
    Unknown,
}

/// Protocols a broker speaks: applications on both ends are its clients.
const BROKER_PROTOCOLS: &[&str] = &[
    "kafka",
    "kafka-secure",
    "amqp",
    "amqps",
    "amqp1",
    "mqtt",
    "mqtts",
    "secure-mqtt",
    "mqtt5",
    "nats",
    "jms",
    "sns",
    "sqs",
    "pulsar",
    "redis",
    "googlepubsub",
    "solace",
    "ibmmq",
    "anypointmq",
    "mercure",
    "stomp",
    "stomps",
];

/// Words naming the client side in a "point of view" sentence.
const CLIENT_SIDE: &[&str] = &[
    "client",
    "app",
    "subscriber",
    "consumer",
    "user",
    "browser",
    "frontend",
    "front-end",
    "device",
    "player",
    "participant",
    "receiver",
];

/// Words naming the service side in a "point of view" sentence.
const SERVICE_SIDE: &[&str] = &[
    "server", "service", "backend", "back-end", "gateway", "broker", "sfu", "hub",
];

/// Whether the document's `send` operations are a client's: `Some(true)` when it says it is
/// written from a client's point of view, `Some(false)` from the service's, `None` when it says
/// neither.
pub fn client_point_of_view(model: &EventModel<'_>) -> Option<bool> {
    for marker in ["point of view", "perspective", "written from the"] {
        for (at, _) in model.prose.match_indices(marker) {
            let mut from = at.saturating_sub(40);
            while !model.prose.is_char_boundary(from) {
                from -= 1;
            }
            let to = (at + marker.len() + 24).min(model.prose.len());
            let to = (to..=model.prose.len())
                .find(|i| model.prose.is_char_boundary(*i))
                .unwrap_or(model.prose.len());
            let window = &model.prose[from..to];
            let side = |names: &[&str]| names.iter().any(|n| window.contains(n));
            match (side(CLIENT_SIDE), side(SERVICE_SIDE)) {
                (true, false) => return Some(true),
                (false, true) => return Some(false),
                _ => {}
            }
        }
    }
    None
}

/// Which way each operation of a document travels, read once per document.
#[derive(Debug, Clone, Copy)]
pub struct Parties {
    /// `send` is the client's (the document describes a client); `None` when there is no
    /// client and service to tell apart.
    client_sends: Option<bool>,
}

impl Parties {
    /// Reads the document's point of view (see the module's comment).
    pub fn of(model: &EventModel<'_>) -> Self {
        let stated = client_point_of_view(model);
        let brokered = !model.servers.is_empty()
            && model
                .servers
                .iter()
                .all(|s| BROKER_PROTOCOLS.contains(&s.protocol.as_str()));
        let client_sends = match stated {
            Some(client) => Some(client),
            None if brokered => None,
            None => Some(false),
        };
        Parties { client_sends }
    }

    /// Whether a client or the service sends an operation's messages.
    pub fn way(&self, op: &EventOperation) -> Way {
        match (self.client_sends, op.action) {
            (Some(client_sends), Some(action)) => {
                if (action == Action::Send) == client_sends {
                    Way::FromClient
                } else {
                    Way::ToClient
                }
            }
            _ => Way::Unknown,
        }
    }
}

/// What the object at `pointer` says of itself, lower-case: its summary, description and title,
/// and its `x-` extensions (names and values). A local `$ref` is followed once.
pub fn text_at(model: &EventModel<'_>, pointer: &str) -> String {
    let root = model.arena.root;
    let Some(mut v) = root.pointer(pointer) else {
        return String::new();
    };
    if let Some(target) = v.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
        if let Some(t) = root.pointer(target) {
            v = t;
        }
    }
    let Some(o) = v.as_object() else {
        return String::new();
    };
    let mut text = String::new();
    for (k, child) in o {
        let said = matches!(k.as_str(), "summary" | "description" | "title");
        if k.starts_with("x-") {
            text.push_str(k);
            text.push(' ');
            text.push_str(&flatten(child));
            text.push('\n');
        } else if let (true, Some(s)) = (said, child.as_str()) {
            text.push_str(s);
            text.push('\n');
        }
    }
    text.to_lowercase()
}

/// A value as one line of text: an extension's object (`{max: 1, per: 3s}`) with its keys.
fn flatten(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| format!("{k} {}", flatten(v)))
            .collect::<Vec<_>>()
            .join(" "),
        Value::Array(a) => a.iter().map(flatten).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

/// What is said about an operation: its own text and its messages', and its channel's when the
/// channel carries nothing else (a channel shared by every message of a socket describes the
/// socket, not this operation).
pub fn operation_text(model: &EventModel<'_>, op: &EventOperation) -> String {
    let mut text = text_at(model, &op.pointer);
    for &i in &op.messages {
        text.push_str(&text_at(model, &model.messages[i].pointer));
    }
    if let Some(c) = op.channel.map(|c| &model.channels[c]) {
        if c.messages.iter().all(|m| op.messages.contains(m)) {
            text.push_str(&c.description);
            text.push('\n');
        }
    }
    text
}

/// The words of a message's names: its `name` (or `messageId`) and the key it is defined under.
pub fn message_words(m: &Message<'_>) -> Vec<String> {
    let mut w = words(m.label());
    if m.name.is_some() {
        w.extend(words(&m.key));
    }
    w
}

/// Whether a message is a connection's keep-alive (a ping, a pong, a heartbeat).
pub fn is_keepalive(m: &Message<'_>) -> bool {
    message_words(m)
        .iter()
        .any(|w| ["ping", "pong", "heartbeat", "keepalive", "keep"].contains(&w.as_str()))
}

/// Words that name an acknowledgement.
pub const ACK_WORDS: &[&str] = &[
    "ack",
    "acks",
    "nack",
    "nacks",
    "acknowledge",
    "acknowledgement",
    "acknowledgment",
    "acknowledgements",
    "acknowledgments",
];

/// Whether a name's words say it is an acknowledgement (`events.ack`, `sendEventsAck`, `nack`).
pub fn names_ack(name_words: &[String]) -> bool {
    name_words.iter().any(|w| ACK_WORDS.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::testing::event_model_from_str;

    fn ways(doc: &str) -> Vec<Way> {
        let model = event_model_from_str(doc);
        let parties = Parties::of(&model);
        model.operations.iter().map(|o| parties.way(o)).collect()
    }

    #[test]
    fn a_stated_point_of_view_decides_which_way_send_goes() {
        let ops = "operations:\n  a: { action: send }\n  b: { action: receive }\n";
        let client = format!(
            "asyncapi: 3.0.0\ninfo: {{ title: t, version: '1', description: \"Operations are written from the client's point of view.\" }}\n{ops}"
        );
        assert_eq!(ways(&client), [Way::FromClient, Way::ToClient]);
        let service = format!("asyncapi: 3.0.0\ninfo: {{ title: t, version: '1' }}\nservers: {{ w: {{ host: h, protocol: wss }} }}\n{ops}");
        assert_eq!(ways(&service), [Way::ToClient, Way::FromClient]);
        let broker = format!("asyncapi: 3.0.0\ninfo: {{ title: t, version: '1' }}\nservers: {{ k: {{ host: h, protocol: kafka }} }}\n{ops}");
        assert_eq!(ways(&broker), [Way::Unknown, Way::Unknown]);
    }
}

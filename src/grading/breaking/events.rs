//! Changes between two versions of an event design (AsyncAPI 3.x), and which of them break an
//! existing client. A client built against OLD keeps working against NEW unless NEW
//!
//! - removes a channel, or moves it to another address (clients subscribe and send by address),
//! - removes an operation, flips its action, or moves it to another channel,
//! - stops carrying a message an operation carried (a consumer waits for it, a sender is refused),
//! - changes a message's payload or headers the way an HTTP API's bodies must not change: for
//!   what clients read no field removed or retyped; for what they write no new required field,
//!   no narrowed type, enum or bound; both when it cannot be told which side reads it,
//! - starts requiring credentials on an operation or a server that was open.
//!
//! Who reads what: AsyncAPI writes each operation from the point of view of the application the
//! document describes, the server (`send` is pushed to clients) or as often the client (`receive`
//! is pushed to it). A document that says which is read so (as the `events` rules read it);
//! otherwise the messages tell: the events named as facts (`message.created`, `DriverMoved`) are
//! what clients read, so the action that carries most of them is the clients' reading side.
//!
//! Additions (channels, operations, messages, optional fields) are listed as non-breaking changes.
//! Channels are matched by key, else by address (parameter names ignored); operations by key,
//! else by action and channel; messages by name, else by key.
use std::collections::HashSet;

use super::{nested, same_path, Change, Direction, Side};
use crate::grading::events::model::{Action, Channel, EventModel, EventOperation, Message};

/// Every change from `old` to `new`, breaking ones first, each group in document order.
pub fn compare_events(old: &EventModel, new: &EventModel) -> Vec<Change> {
    let mut out = Vec::new();
    let reading = match reading_side(old) {
        None => reading_side(new),
        known => known,
    };
    let channel_match: Vec<Option<usize>> = old.channels.iter().map(|c| find_channel(c, new)).collect();
    for (o, matched) in old.channels.iter().zip(&channel_match) {
        match matched.map(|i| &new.channels[i]) {
            None => out.push(Change {
                id: "channel-removed",
                breaking: true,
                operation: None,
                side: Side::Old,
                pointer: o.pointer.clone(),
                message: format!(
                    "channel {} was removed: clients subscribed to it hear nothing, and what they send there is lost",
                    channel_label(o)
                ),
            }),
            Some(n) => {
                if let (Some(a), Some(b)) = (&o.address, &n.address) {
                    if !same_path(a, b) {
                        out.push(Change {
                            id: "channel-address-changed",
                            breaking: true,
                            operation: None,
                            side: Side::New,
                            pointer: format!("{}/address", n.pointer),
                            message: format!(
                                "channel `{}` moved from `{a}` to `{b}`: clients subscribe and send by address",
                                n.key
                            ),
                        });
                    }
                }
            }
        }
    }
    for (i, n) in new.channels.iter().enumerate() {
        if !channel_match.contains(&Some(i)) {
            out.push(Change {
                id: "channel-added",
                breaking: false,
                operation: None,
                side: Side::New,
                pointer: n.pointer.clone(),
                message: format!("channel {} was added", channel_label(n)),
            });
        }
    }

    let mut matched_ops = HashSet::new();
    for o in &old.operations {
        let same_channel = |n: &EventOperation| match (o.channel, n.channel) {
            (Some(oc), Some(nc)) => channel_match[oc] == Some(nc),
            _ => false,
        };
        let found = new.operations.iter().position(|n| n.key == o.key).or_else(|| {
            new.operations
                .iter()
                .position(|n| n.action.is_some() && n.action == o.action && same_channel(n))
        });
        let Some(ni) = found else {
            out.push(Change {
                id: "operation-removed",
                breaking: true,
                operation: Some(op_label(o)),
                side: Side::Old,
                pointer: o.pointer.clone(),
                message: format!(
                    "operation `{}` was removed: {}",
                    o.key,
                    match read_by_clients(o.action, reading) {
                        Some(true) => "clients that wait for its messages never get them",
                        Some(false) => "clients that send its messages are refused",
                        None => "its clients lose it",
                    }
                ),
            });
            continue;
        };
        matched_ops.insert(ni);
        let n = &new.operations[ni];
        let pair = Pair {
            old,
            o,
            new,
            n,
            same_channel: same_channel(n),
            reading,
        };
        compare_operation(&pair, &mut out);
    }
    for (i, n) in new.operations.iter().enumerate() {
        if !matched_ops.contains(&i) {
            out.push(Change {
                id: "operation-added",
                breaking: false,
                operation: Some(op_label(n)),
                side: Side::New,
                pointer: n.pointer.clone(),
                message: format!("operation `{}` was added", n.key),
            });
        }
    }

    for o in old.servers.iter().filter(|s| !s.secured) {
        if let Some(n) = new.servers.iter().find(|n| n.name == o.name && n.secured) {
            out.push(Change {
                id: "security-added",
                breaking: true,
                operation: None,
                side: Side::New,
                pointer: n.pointer.clone(),
                message: format!(
                    "server `{}` now requires credentials: clients that connected without them are refused",
                    n.name
                ),
            });
        }
    }
    dedupe(&mut out);
    // Stable: breaking first, then the order found (old document order, then new).
    out.sort_by_key(|c| !c.breaking);
    out
}

/// The channel of `new` that is `c`: the same key, else the same address.
fn find_channel(c: &Channel, new: &EventModel) -> Option<usize> {
    new.channels.iter().position(|n| n.key == c.key).or_else(|| {
        let address = c.address.as_deref()?;
        new.channels
            .iter()
            .position(|n| n.address.as_deref().is_some_and(|a| same_path(a, address)))
    })
}

/// Which action clients read, when the messages tell: `Send` for a document written from the
/// server's point of view, `Receive` for one written from the client's.
fn reading_side(model: &EventModel) -> Option<Action> {
    match crate::grading::rules::events::parties::client_point_of_view(model) {
        Some(true) => return Some(Action::Receive),
        Some(false) => return Some(Action::Send),
        None => {}
    }
    let facts = |action: Action| {
        model
            .operations
            .iter()
            .filter(|o| o.action == Some(action))
            .flat_map(|o| o.messages.iter())
            .collect::<HashSet<_>>()
            .into_iter()
            .filter(|&&m| is_fact(model.messages[m].label()))
            .count()
    };
    let (sent, received) = (facts(Action::Send), facts(Action::Receive));
    match sent.cmp(&received) {
        std::cmp::Ordering::Greater => Some(Action::Send),
        std::cmp::Ordering::Less => Some(Action::Receive),
        std::cmp::Ordering::Equal => None,
    }
}

/// A name that says what happened: its last word in the past tense (`message.created`,
/// `DriverMoved`, `typing_started`), not a need or a feed.
fn is_fact(name: &str) -> bool {
    let word = name.rsplit(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or("");
    // The last word of camelCase or PascalCase starts at its last capital.
    let last = word
        .rfind(|c: char| c.is_ascii_uppercase())
        .map_or(word, |i| &word[i..])
        .to_ascii_lowercase();
    last.len() > 3 && last.ends_with("ed") && !last.ends_with("eed")
}

/// Whether clients read what an operation with this action carries: `None` when it cannot be
/// told (no action, or a document whose messages do not say which side reads).
fn read_by_clients(action: Option<Action>, reading: Option<Action>) -> Option<bool> {
    Some(action? == reading?)
}

/// An operation in the old and the new document.
struct Pair<'a, 'd> {
    old: &'a EventModel<'d>,
    o: &'a EventOperation,
    new: &'a EventModel<'d>,
    n: &'a EventOperation,
    /// Its channel is the same channel in both.
    same_channel: bool,
    /// Which action clients read ([`reading_side`]).
    reading: Option<Action>,
}

fn compare_operation(pair: &Pair<'_, '_>, out: &mut Vec<Change>) {
    let Pair {
        old,
        o,
        new,
        n,
        same_channel,
        reading,
    } = *pair;
    let label = op_label(n);
    let mut push = |id: &'static str, breaking: bool, side: Side, pointer: String, message: String| {
        out.push(Change {
            id,
            breaking,
            operation: Some(label.clone()),
            side,
            pointer,
            message,
        })
    };
    if o.action.is_some() && n.action.is_some() && o.action != n.action {
        push(
            "operation-action-changed",
            true,
            Side::New,
            format!("{}/action", n.pointer),
            format!(
                "operation `{}` now {} its messages instead of {} them: every client has it the wrong way round",
                n.key,
                action_word(n.action),
                action_word(o.action)
            ),
        );
        return;
    }
    if o.channel.is_some() && n.channel.is_some() && !same_channel {
        push(
            "operation-channel-changed",
            true,
            Side::New,
            format!("{}/channel", n.pointer),
            format!(
                "operation `{}` moved to another channel: its clients listen or send on the old one",
                n.key
            ),
        );
    }
    if !o.secured && n.secured {
        push(
            "security-added",
            true,
            Side::New,
            format!("{}/security", n.pointer),
            format!(
                "operation `{}` now requires credentials: clients that used it without them are refused",
                n.key
            ),
        );
    }
    // What clients read may not lose or retype fields; what they write may not demand more.
    let read = read_by_clients(n.action.or(o.action), reading);
    let directions: &[Direction] = match read {
        Some(true) => &[Direction::Response],
        Some(false) => &[Direction::Request],
        None => &[Direction::Response, Direction::Request],
    };
    for &mi in &o.messages {
        let om = &old.messages[mi];
        let Some(nm) = find_message(om, n, new) else {
            push(
                "message-removed",
                true,
                Side::Old,
                om.pointer.clone(),
                format!(
                    "operation `{}` no longer carries message `{}`: {}",
                    n.key,
                    om.label(),
                    match read {
                        Some(false) => "clients that send it are refused",
                        _ => "clients that wait for it never get it",
                    }
                ),
            );
            continue;
        };
        for (part, os, ns) in [("payload", om.payload, nm.payload), ("headers", om.headers, nm.headers)] {
            let (Some(os), Some(ns)) = (os, ns) else { continue };
            let what = format!("the {part} of message `{}`", nm.label());
            for &dir in directions {
                for (id, breaking, side, pointer, message) in nested(&old.arena, os, &new.arena, ns, dir, &what) {
                    push(id, breaking, side, pointer, format!("`{}`: {message}", n.key));
                }
            }
        }
    }
    for &mi in &n.messages {
        let nm = &new.messages[mi];
        if find_message(nm, o, old).is_none() {
            push(
                "message-added",
                false,
                Side::New,
                nm.pointer.clone(),
                format!("operation `{}` carries a new message `{}`", n.key, nm.label()),
            );
        }
    }
}

/// The message of operation `op` (in `model`) that is `m`: the same name, else the same key.
fn find_message<'m, 'd>(m: &Message<'_>, op: &EventOperation, model: &'m EventModel<'d>) -> Option<&'m Message<'d>> {
    let candidates = || op.messages.iter().map(|&i| &model.messages[i]);
    candidates()
        .find(|c| m.name.is_some() && c.name == m.name)
        .or_else(|| candidates().find(|c| c.key == m.key))
}

fn op_label(o: &EventOperation) -> String {
    match o.action {
        Some(a) => format!("{} {}", action_word(Some(a)), o.key),
        None => o.key.clone(),
    }
}

fn action_word(a: Option<Action>) -> &'static str {
    match a {
        Some(Action::Send) => "sends",
        Some(Action::Receive) => "receives",
        None => "carries",
    }
}

fn channel_label(c: &Channel) -> String {
    match &c.address {
        Some(a) if a != &c.key => format!("`{}` (`{a}`)", c.key),
        _ => format!("`{}`", c.key),
    }
}

/// A message shared by several operations is compared once per operation: one change per place.
fn dedupe(out: &mut Vec<Change>) {
    let mut seen = HashSet::new();
    out.retain(|c| seen.insert((c.id, c.side == Side::Old, c.pointer.clone(), c.breaking)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::events::model::build;
    use crate::grading::load::{load_any_text, Limits, Loaded};

    fn compare(old: &str, new: &str) -> Vec<Change> {
        let load = |t: &str| match load_any_text(t, &Limits::default()).unwrap() {
            Loaded::Events(d) => d,
            Loaded::OpenApi(_) => panic!("not an event document"),
        };
        let (o, n) = (load(old), load(new));
        compare_events(&build(&o), &build(&n))
    }

    fn ids(changes: &[Change]) -> Vec<(&'static str, bool)> {
        changes.iter().map(|c| (c.id, c.breaking)).collect()
    }

    const BASE: &str = r#"asyncapi: 3.0.0
info: { title: Chat, version: 1.0.0 }
servers:
  prod: { host: chat.example.com, protocol: wss, security: [{ $ref: '#/components/securitySchemes/token' }] }
channels:
  conversation:
    address: conversations/{conversation_id}
    parameters: { conversation_id: {} }
    messages:
      created: { $ref: '#/components/messages/created' }
      send: { $ref: '#/components/messages/send' }
operations:
  deliverMessage:
    action: send
    channel: { $ref: '#/channels/conversation' }
    messages: [{ $ref: '#/channels/conversation/messages/created' }]
  sendMessage:
    action: receive
    channel: { $ref: '#/channels/conversation' }
    messages: [{ $ref: '#/channels/conversation/messages/send' }]
components:
  securitySchemes:
    token: { type: httpApiKey, name: token, in: query }
  messages:
    created:
      name: message.created
      payload:
        type: object
        required: [id, text]
        properties:
          id: { type: string }
          text: { type: string }
          seq: { type: integer }
    send:
      name: message.send
      payload:
        type: object
        required: [text]
        properties:
          text: { type: string, maxLength: 4000 }
          client_message_id: { type: string }
"#;

    #[test]
    fn facts_are_told_from_commands() {
        for fact in [
            "message.created",
            "DriverMoved",
            "typing_started",
            "order.payment-captured",
        ] {
            assert!(is_fact(fact), "{fact}");
        }
        for other in [
            "message.send",
            "sendMessage",
            "heartbeat.ping",
            "feed",
            "needed.need",
            "red",
        ] {
            assert!(!is_fact(other), "{other}");
        }
    }

    #[test]
    fn the_point_of_view_decides_who_reads() {
        // The same design written from the client's point of view: `receive` is pushed to it.
        let client = BASE
            .replace(
                "  deliverMessage:\n    action: send",
                "  deliverMessage:\n    action: receive",
            )
            .replace(
                "  sendMessage:\n    action: receive",
                "  sendMessage:\n    action: send",
            );
        let dropped = client.replace("          seq: { type: integer }\n", "");
        assert_eq!(ids(&compare(&client, &dropped)), [("response-property-removed", true)]);
        let optional = client.replace(
            "          seq: { type: integer }\n",
            "          seq: { type: integer }\n          edited_at: { type: string }\n",
        );
        assert!(compare(&client, &optional).iter().all(|c| !c.breaking));
    }

    #[test]
    fn the_same_design_has_no_changes() {
        assert!(compare(BASE, BASE).is_empty());
    }

    #[test]
    fn a_field_dropped_from_an_event_breaks_its_consumers() {
        let new = BASE.replace("          seq: { type: integer }\n", "");
        let changes = compare(BASE, &new);
        assert_eq!(ids(&changes), [("response-property-removed", true)]);
        assert_eq!(changes[0].side, Side::Old);
        assert_eq!(
            changes[0].pointer,
            "/components/messages/created/payload/properties/seq"
        );
        assert!(changes[0].message.contains("message.created"), "{}", changes[0].message);
    }

    #[test]
    fn a_new_required_field_in_a_command_breaks_its_senders_and_an_optional_one_does_not() {
        let required = BASE.replace(
            "required: [text]\n        properties:\n          text: { type: string, maxLength: 4000 }\n",
            "required: [text, locale]\n        properties:\n          text: { type: string, maxLength: 4000 }\n          locale: { type: string }\n",
        );
        let found = ids(&compare(BASE, &required));
        assert!(found.contains(&("required-request-property-added", true)), "{found:?}");
        // The same field added to an event the application sends only adds to what clients read.
        let event = BASE.replace(
            "          seq: { type: integer }\n",
            "          seq: { type: integer }\n          edited_at: { type: string }\n",
        );
        assert!(compare(BASE, &event).iter().all(|c| !c.breaking));
    }

    #[test]
    fn a_moved_channel_a_flipped_action_and_a_removed_operation_break() {
        let moved = BASE.replace("address: conversations/{conversation_id}", "address: rooms/{room_id}");
        assert_eq!(ids(&compare(BASE, &moved)), [("channel-address-changed", true)]);
        // Another parameter name is the same address.
        let renamed = BASE.replace(
            "address: conversations/{conversation_id}",
            "address: conversations/{id}",
        );
        assert!(compare(BASE, &renamed).is_empty());
        let flipped = BASE.replace(
            "  deliverMessage:\n    action: send",
            "  deliverMessage:\n    action: receive",
        );
        assert_eq!(ids(&compare(BASE, &flipped)), [("operation-action-changed", true)]);
        let start = BASE.find("  sendMessage:").unwrap();
        let end = BASE.find("components:").unwrap();
        let removed = format!("{}{}", &BASE[..start], &BASE[end..]);
        let changes = compare(BASE, &removed);
        assert_eq!(ids(&changes), [("operation-removed", true)]);
        assert_eq!(changes[0].pointer, "/operations/sendMessage");
        assert_eq!(changes[0].side, Side::Old);
        // And back: an added operation is listed, not breaking.
        assert_eq!(ids(&compare(&removed, BASE)), [("operation-added", false)]);
    }

    #[test]
    fn a_message_an_operation_stops_carrying_breaks_and_credentials_on_an_open_server_break() {
        let dropped = BASE.replace(
            "    messages: [{ $ref: '#/channels/conversation/messages/created' }]\n",
            "    messages: [{ $ref: '#/channels/conversation/messages/send' }]\n",
        );
        let found = ids(&compare(BASE, &dropped));
        assert!(found.contains(&("message-removed", true)), "{found:?}");
        assert!(found.contains(&("message-added", false)), "{found:?}");
        let open = BASE.replace(", security: [{ $ref: '#/components/securitySchemes/token' }]", "");
        assert_eq!(ids(&compare(&open, BASE)), [("security-added", true)]);
        assert!(compare(BASE, &open).is_empty(), "dropping credentials breaks no one");
    }
}

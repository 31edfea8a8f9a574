//! `events/event-names`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::events::model::Action;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{casing, doc_violation, words, Casing, CRUD_VERBS};

pub struct EventNames;

pub static META: RuleMeta = RuleMeta {
    id: "events/event-names",
    dimension: Dimension::Events,
    default_severity: Severity::Warning,
    summary: "Events are named as facts in one style (`message.created`, `MessageCreated`), not commands.",
    checks: "Each message (its `name`, else its key) is one place. A message the application sends is a fact: \
             a name that starts with a command verb (`sendMessage`, `createOrder`) fails. A message only \
             received (a client's command) may be a command. Names are written in one style: dotted lower case \
             (`message.created`) or the casing most names use; a name in another style fails.",
    why: "An event says what happened, so any number of consumers can react to it; a command says what \
          someone should do, and couples the sender to one receiver. Interviewers read `sendMessage` next \
          to `MessageCreated` as a design that has not decided which of the two it publishes.",
    fix: "Name each event as a past-tense fact in one style: `message.created`, `message.edited`.",
    example_bad: "messages:\n  sendMessage: { name: sendMessage }\n  MessageCreated: { name: MessageCreated }\n",
    example_good: "messages:\n  messageCreated: { name: message.created }\n  messageEdited: { name: message.edited }\n",
};

/// `message.created`, `chat.message_created`: dotted lower case, a style of its own.
fn style(name: &str) -> &'static str {
    if name.contains('.') && !name.chars().any(|c| c.is_ascii_uppercase()) {
        "dotted lower case"
    } else if words(name).len() < 2 {
        "one word"
    } else {
        casing(name).map_or("mixed case", Casing::name)
    }
}

impl Rule for EventNames {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        let styles: Vec<&str> = model.messages.iter().map(|m| style(m.label())).collect();
        // The style most multi-word names use; ties go to the first seen.
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for &s in styles.iter().filter(|s| **s != "one word") {
            match counts.iter_mut().find(|(x, _)| *x == s) {
                Some((_, n)) => *n += 1,
                None => counts.push((s, 1)),
            }
        }
        let dominant = counts
            .into_iter()
            .fold(None, |best: Option<(&str, usize)>, (s, n)| match best {
                Some((_, b)) if n <= b => best,
                _ => Some((s, n)),
            });
        for (i, m) in model.messages.iter().enumerate() {
            let name = m.label();
            let sent = model.operations_of(i).any(|o| o.action == Some(Action::Send))
                || model.operations_of(i).next().is_none();
            let first = words(name).into_iter().next().unwrap_or_default();
            let command = sent && (CRUD_VERBS.contains(&first.as_str()) || first == "send");
            let off_style = dominant.is_some_and(|(d, _)| styles[i] != "one word" && styles[i] != d);
            if command {
                out.fail(doc_violation(
                    m.pointer.clone(),
                    format!("event `{name}` is named as a command (`{first}...`), not as what happened"),
                    None,
                ));
            } else if off_style {
                let (d, _) = dominant.unwrap_or(("", 0));
                out.fail(doc_violation(
                    m.pointer.clone(),
                    format!("event `{name}` is in {} where the others are in {d}", styles[i]),
                    Some(format!("Rename `{name}` in {d}, like the other events.")),
                ));
            } else {
                out.pass();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&EventNames)
            // a command received from clients is fine beside the facts the server sends
            .pass(&[r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  room:
                    address: rooms/{id}
                    messages:
                      sendMessage: { name: sendMessage }
                      messageCreated: { name: messageCreated }
                      messageDeleted: { name: messageDeleted }
                operations:
                  postMessage:
                    action: receive
                    channel: { $ref: '#/channels/room' }
                    messages: [{ $ref: '#/channels/room/messages/sendMessage' }]
                  pushEvents:
                    action: send
                    channel: { $ref: '#/channels/room' }
                    messages:
                      - { $ref: '#/channels/room/messages/messageCreated' }
                      - { $ref: '#/channels/room/messages/messageDeleted' }
                "#])
            .places(3)
            // a command the server publishes, and a name in another style
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  events:
                    address: events
                    messages:
                      sendMessage: { name: sendMessage }
                      created: { name: message.created }
                      edited: { name: message.edited }
                      deleted: { name: MessageDeleted }
                "#,
                &[
                    "/channels/events/messages/sendMessage",
                    "/channels/events/messages/deleted",
                ],
            )
            .places(4)
            .test();
    }
}

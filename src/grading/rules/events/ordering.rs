//! `events/ordering`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;
use crate::grading::rules::support::events::{fields_two_levels, is_ephemeral, is_sequence_field};

pub struct Ordering;

pub static META: RuleMeta = RuleMeta {
    id: "events/ordering",
    dimension: Dimension::Events,
    default_severity: Severity::Error,
    summary: "A stream within a scope (`rooms/{roomId}`) orders its events with a sequence key.",
    checks: "Each channel whose address names a scope (a `{parameter}`: a conversation, a game, a ride) and \
             carries events (heartbeats, typing indicators and acknowledgements aside) is one place. It \
             passes when its events carry a sequence key in their payload or headers (or one level down, in \
             the event's `data`): a field named or \
             ending in `seq`, `sequence`, `offset`, `position`, `revision` or `version` (`board_version`; \
             the envelope's `schema_version` does not order anything). Control messages beside them (a \
             client's report, a flow-control grant) need not repeat it.",
    why: "Events of one conversation or game arrive out of order across reconnects, retries and \
          partitions. With a per-scope sequence number the client orders them, spots a gap and asks for \
          what it missed; without it, a chat shows replies before questions. Interviewers probe this \
          on every real-time design.",
    fix: "Add a per-scope, monotonically increasing `seq` to every event of the channel (in the shared \
          envelope or its scope's schema).",
    example_bad: "address: rooms/{roomId}\nmessages:\n  messageCreated: { payload: { properties: { text: {} } } }\n",
    example_good: "address: rooms/{roomId}\nmessages:\n  messageCreated: { payload: { properties: { seq: { type: integer }, text: {} } } }\n",
};

impl Rule for Ordering {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        for c in model.channels.iter().filter(|c| c.is_scoped()) {
            let events: Vec<_> = c
                .messages
                .iter()
                .map(|&i| &model.messages[i])
                .filter(|m| !is_ephemeral(m))
                .collect();
            if events.is_empty() {
                continue;
            }
            let ordered = events
                .iter()
                .any(|m| fields_two_levels(model, m).iter().any(|f| is_sequence_field(f)));
            if ordered {
                out.pass();
            } else {
                let address = c.address.as_deref().unwrap_or(&c.key);
                let names: Vec<String> = events.iter().map(|m| format!("`{}`", m.label())).collect();
                out.fail(doc_violation(
                    c.pointer.clone(),
                    format!(
                        "channel `{address}` streams events within a scope, but none of {} carries a sequence key",
                        names.join(", ")
                    ),
                    None,
                ));
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
        Tester::new(&Ordering)
            // an unscoped channel has no stream to order
            .not_applicable(&[r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  c: { address: notifications, messages: { n: { payload: { type: object } } } }
                "#])
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  game:
                    address: games/{gameId}
                    parameters: { gameId: {} }
                    messages:
                      moved: { payload: { type: object, properties: { schema_version: { type: integer } } } }
                      ended: { payload: { type: object, properties: { winner: { type: string } } } }
                      typing: { payload: { type: object } }
                "#,
                &["/channels/game"],
            )
            .also(|out| assert!(out.violations[0].message.contains("none of `moved`, `ended` carries")))
            // one ordering key on the stream's events: `board_version` ends like a sequence
            .pass(&[r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  board:
                    address: boards/{boardId}
                    parameters: { boardId: {} }
                    messages:
                      changed: { payload: { type: object, properties: { board_version: { type: integer } } } }
                      report: { payload: { type: object, properties: { score: { type: integer } } } }
                "#])
            .test();
    }
}

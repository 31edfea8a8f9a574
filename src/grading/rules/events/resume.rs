//! `events/resume`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;
use crate::grading::rules::support::events::{RESUME_KEYS, RESUME_PARTS};

pub struct Resume;

pub static META: RuleMeta = RuleMeta {
    id: "events/resume",
    dimension: Dimension::Events,
    default_severity: Severity::Error,
    summary: "A client can resume after a disconnect: a resume point on connect, or a catch-up operation.",
    checks: "The document, when it has channels, is one place. It passes when a client can say where it \
             left off: a field, parameter or binding named `last_event_id`, `resume_from`, `since`, \
             `cursor`, `after`, `from_seq`, `after_seq`... anywhere in the document, an operation or message \
             whose name offers a catch-up (`resume`, `replay`, `catchUp`, `backfill`, `history`), or a \
             description that says how a client resumes or replays (`Last-Event-ID`).",
    why: "Mobile clients drop connections all the time. Without a resume point every reconnect either \
          loses the events sent meanwhile or reloads everything; interviewers ask \"what happens when \
          the phone goes through a tunnel?\" of every real-time design.",
    fix: "Accept a `last_event_id` (or the last `seq` per scope) when a client connects or subscribes, and \
          replay what it missed, or offer a catch-up operation.",
    example_bad: "channels:\n  room: { address: rooms/{roomId} }\n",
    example_good: "channels:\n  room:\n    address: rooms/{roomId}\n    bindings:\n      ws:\n        query:\n          properties:\n            last_event_id: { type: string, format: uuid }\n",
};

impl Rule for Resume {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        if model.channels.is_empty() {
            return;
        }
        // Said in prose (`reconnect with after_seq`, `Last-Event-ID`) counts: the field may live
        // in a protocol header the document has no place for.
        let said = ["resume", "replay", "last-event-id", "last event id"]
            .iter()
            .any(|w| model.prose.contains(w));
        if model.has_key(RESUME_KEYS, RESUME_PARTS) || said {
            out.pass();
        } else {
            out.fail(doc_violation(
                model.info_pointer.clone(),
                "nothing lets a client resume after a disconnect: no last event id, cursor or catch-up operation"
                    .to_string(),
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&Resume)
            .pass(&[r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  room: { address: 'rooms/{roomId}', parameters: { roomId: {} } }
                operations:
                  replayRoom: { action: receive, channel: { $ref: '#/channels/room' } }
                "#])
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  room: { address: 'rooms/{roomId}', parameters: { roomId: {} } }
                "#,
                &["/info"],
            )
            .test();
    }
}

//! `events/envelope`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;
use crate::grading::rules::support::events::{
    fields, has_any, is_ephemeral, ID_FIELDS, TIME_FIELDS, TYPE_FIELDS, VERSION_FIELDS,
};

pub struct Envelope;

pub static META: RuleMeta = RuleMeta {
    id: "events/envelope",
    dimension: Dimension::Events,
    default_severity: Severity::Error,
    summary: "Every event carries one envelope: an id, a type, a time and a schema version.",
    checks: "Each message with a payload or headers is one place (heartbeats, typing indicators and \
             acknowledgements are left alone). Its payload or headers (through `allOf`, so a shared \
             `Envelope` schema counts) declare an event id (`id`, `event_id`), a type (`type`, \
             `event_type`), a time (`time`, `occurred_at`, `timestamp`) and a schema version \
             (`schema_version`, `version`, `specversion`).",
    why: "Consumers route, deduplicate, order and upgrade events by their envelope. Without an id they \
          cannot drop a redelivery; without a type they parse blind; without a time they cannot reason \
          about late events; without a version a schema change breaks every consumer at once. \
          Interviewers expect one envelope shared by every event, CloudEvents-style.",
    fix: "Define one `Envelope` schema (id, type, occurred_at, schema_version) and compose every \
          payload from it with `allOf`.",
    example_bad: "payload:\n  type: object\n  properties:\n    text: { type: string }\n",
    example_good: "payload:\n  allOf:\n    - $ref: '#/components/schemas/Envelope'\n    - properties:\n        text: { type: string, maxLength: 4000 }\n",
};

impl Rule for Envelope {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        for m in &model.messages {
            if (m.payload.is_none() && m.headers.is_none()) || is_ephemeral(m) {
                continue;
            }
            let f = fields(model, m);
            let missing: Vec<&str> = [
                ("event id", ID_FIELDS),
                ("type", TYPE_FIELDS),
                ("time", TIME_FIELDS),
                ("schema version", VERSION_FIELDS),
            ]
            .into_iter()
            .filter(|(_, names)| !has_any(&f, names))
            .map(|(what, _)| what)
            .collect();
            if missing.is_empty() {
                out.pass();
            } else {
                out.fail(doc_violation(
                    m.pointer.clone(),
                    format!(
                        "event `{}` has no {} in its payload or headers",
                        m.label(),
                        missing.join(", ")
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
        Tester::new(&Envelope)
            // headers and payload together carry the envelope; a ping is left alone
            .pass(&[r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  c:
                    address: c
                    messages:
                      created:
                        headers:
                          type: object
                          properties: { event_id: { type: string }, event_type: { type: string } }
                        payload:
                          type: object
                          properties: { occurredAt: { type: string }, schemaVersion: { type: integer } }
                      ping:
                        payload: { type: object }
                "#])
            .places(1)
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  c:
                    address: c
                    messages:
                      created:
                        payload:
                          type: object
                          properties: { type: { type: string }, data: {} }
                "#,
                &["/channels/c/messages/created"],
            )
            .also(|out| {
                assert_eq!(
                    out.violations[0].message,
                    "event `created` has no event id, time, schema version in its payload or headers"
                )
            })
            .test();
    }
}

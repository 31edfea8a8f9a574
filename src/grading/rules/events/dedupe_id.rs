//! `events/dedupe-id`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;
use crate::grading::rules::support::events::{fields, has_any, is_ephemeral, ID_FIELDS};

pub struct DedupeId;

pub static META: RuleMeta = RuleMeta {
    id: "events/dedupe-id",
    dimension: Dimension::Events,
    default_severity: Severity::Warning,
    summary: "Delivery semantics are stated, and every event has an id consumers deduplicate by.",
    checks: "The document, when it has messages, is one place. It passes when a description or an `x-` \
             field states the delivery guarantee (at-least-once, at-most-once, exactly-once) and every \
             event (heartbeats and the like aside) carries an event id (`id`, `event_id`, `message_id`).",
    why: "Every real broker and socket layer redelivers. A design that says \"at-least-once, deduplicate \
          by `id`\" tells consumers exactly what to do; one that says nothing leaves each of them to \
          discover duplicates in production. Interviewers ask which guarantee you give and what the \
          consumer does about it.",
    fix: "State the guarantee (e.g. `x-delivery: at-least-once` or in `info.description`) and give every \
          event a unique `id`.",
    example_bad: "info:\n  description: Chat events.\n",
    example_good: "info:\n  description: Delivery is at-least-once; consumers deduplicate by `id`.\n",
};

impl Rule for DedupeId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        if model.messages.is_empty() {
            return;
        }
        let prose = model.prose.replace(['-', '_'], " ");
        let stated = ["at least once", "at most once", "exactly once", "x delivery"]
            .iter()
            .any(|s| prose.contains(s))
            || model.keys.iter().any(|k| k.starts_with("xdelivery"));
        let without_id: Vec<String> = model
            .messages
            .iter()
            .filter(|m| !is_ephemeral(m) && !has_any(&fields(model, m), ID_FIELDS))
            .map(|m| format!("`{}`", m.label()))
            .collect();
        let mut missing = Vec::new();
        if !stated {
            missing.push("the delivery guarantee is not stated".to_string());
        }
        if !without_id.is_empty() {
            let verb = if without_id.len() == 1 { "carries" } else { "carry" };
            missing.push(format!("{} {verb} no event id", without_id.join(", ")));
        }
        if missing.is_empty() {
            out.pass();
        } else {
            out.fail(doc_violation(
                model.info_pointer.clone(),
                format!("consumers cannot deduplicate: {}", missing.join("; ")),
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
        Tester::new(&DedupeId)
            .pass(&[r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1', x-delivery: at-least-once }
                channels:
                  c: { address: c, messages: { m: { payload: { properties: { id: { type: string } } } } } }
                "#])
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  c: { address: c, messages: { m: { payload: { properties: { text: { type: string } } } } } }
                "#,
                &["/info"],
            )
            .also(|out| {
                assert_eq!(
                    out.violations[0].message,
                    "consumers cannot deduplicate: the delivery guarantee is not stated; `m` carries no event id"
                )
            })
            .test();
    }
}

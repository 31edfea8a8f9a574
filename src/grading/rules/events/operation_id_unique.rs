//! `events/operation-id-unique`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::HashMap;

use crate::grading::events::model::normalise_key;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;

pub struct OperationIdUnique;

pub static META: RuleMeta = RuleMeta {
    id: "events/operation-id-unique",
    dimension: Dimension::Events,
    default_severity: Severity::Warning,
    summary: "Operation ids and message names are unique, ignoring case and separators.",
    checks: "Each operation (its key) and each named message is one place. An operation id that equals an \
             earlier one but for case and separators (`send_message`, `sendMessage`) fails, as does a \
             message `name` used by an earlier, different message of the same channel.",
    why: "Code generators turn operation ids into function names and message names into types: two that \
          differ only in case collide, and two messages with one name cannot be told apart on the wire.",
    fix: "Give each operation and each message a distinct name.",
    example_bad: "operations:\n  sendMessage: {}\n  send_message: {}\n",
    example_good: "operations:\n  sendMessage: {}\n  editMessage: {}\n",
};

impl Rule for OperationIdUnique {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        let mut seen: HashMap<String, &str> = HashMap::new();
        for op in &model.operations {
            match seen.get(&normalise_key(&op.key)) {
                Some(first) => out.fail(doc_violation(
                    op.pointer.clone(),
                    format!("operation id `{}` repeats `{first}` but for case or separators", op.key),
                    None,
                )),
                None => {
                    seen.insert(normalise_key(&op.key), &op.key);
                    out.pass();
                }
            }
        }
        // Within a channel a consumer tells messages apart by name; the same event delivered over
        // two channels (a stream and a push endpoint) may keep its name.
        for c in &model.channels {
            let mut names: HashMap<&str, &str> = HashMap::new();
            for m in c.messages.iter().map(|&i| &model.messages[i]) {
                let Some(name) = m.name.as_deref() else { continue };
                match names.get(name) {
                    Some(first) => out.fail(doc_violation(
                        m.pointer.clone(),
                        format!(
                            "message name `{name}` on channel `{}` is also the name of the message at `{first}`",
                            c.key
                        ),
                        None,
                    )),
                    None => {
                        names.insert(name, &m.pointer);
                        out.pass();
                    }
                }
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
        Tester::new(&OperationIdUnique)
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  c:
                    address: c
                    messages:
                      a: { name: message.created }
                      b: { name: message.created }
                operations:
                  sendMessage: { action: send, channel: { $ref: '#/channels/c' } }
                  send_message: { action: send, channel: { $ref: '#/channels/c' } }
                "#,
                &["/operations/send_message", "/channels/c/messages/b"],
            )
            .places(4)
            .test();
    }
}

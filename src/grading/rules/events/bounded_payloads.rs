//! `events/bounded-payloads`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::HashSet;

use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::security::bounded_strings::{bounded_pattern, FIXED_FORMATS};
use crate::grading::rules::support::doc_violation;

pub struct BoundedPayloads;

pub static META: RuleMeta = RuleMeta {
    id: "events/bounded-payloads",
    dimension: Dimension::Events,
    default_severity: Severity::Warning,
    summary: "Strings and arrays in message payloads and headers are bounded (`maxLength`, `maxItems`).",
    checks: "Every distinct string and array schema reachable from a message's payload or headers is one \
             place, reported where it is defined. A string is bounded by `maxLength`, an `enum`/`const`, a \
             fixed-size format (`uuid`, `date-time`...) or a pattern anchored at both ends with bounded \
             repetition; an array by `maxItems`.",
    why: "Every subscriber of a channel receives every message: one unbounded string or list in an event \
          is multiplied by the fan-out, and a sender can push megabytes to thousands of sockets. \
          Interviewers ask what stops a 10 MB chat message.",
    fix: "Add a `maxLength` to each string (e.g. 4000 for a chat message) and a `maxItems` to each array.",
    example_bad: "text:\n  type: string\n",
    example_good: "text:\n  type: string\n  maxLength: 4000\n",
};

impl Rule for BoundedPayloads {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        let arena = &model.arena;
        let mut seen = HashSet::new();
        let mut stack: Vec<usize> = model
            .messages
            .iter()
            .flat_map(|m| [m.payload, m.headers])
            .flatten()
            .rev()
            .collect();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let s = arena.schema(id);
            let mut next: Vec<usize> = s.properties.iter().map(|(_, p)| *p).collect();
            next.extend(s.items);
            next.extend(s.all_of.iter().chain(&s.one_of).chain(&s.any_of));
            next.extend(s.additional_properties);
            stack.extend(next.into_iter().rev());
            let what = if s.has_type("string") {
                let bounded = s.max_length.is_some()
                    || !s.enum_values.is_empty()
                    || s.raw.get("const").is_some()
                    || s.format.as_deref().is_some_and(|f| FIXED_FORMATS.contains(&f))
                    || s.pattern.as_deref().is_some_and(bounded_pattern);
                Some((bounded, "a string with no `maxLength`"))
            } else if s.has_type("array") {
                Some((s.max_items.is_some(), "an array with no `maxItems`"))
            } else {
                None
            };
            match what {
                Some((true, _)) => out.pass(),
                Some((false, problem)) => {
                    let name = s.pointer.rsplit('/').next().unwrap_or("");
                    out.fail(doc_violation(
                        s.pointer.clone(),
                        format!("payload field `{name}` is {problem}"),
                        None,
                    ))
                }
                None => {}
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
        Tester::new(&BoundedPayloads)
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  c:
                    address: c
                    messages:
                      m:
                        payload:
                          type: object
                          properties:
                            id: { type: string, format: uuid }
                            text: { type: string }
                            tags: { type: array, maxItems: 10, items: { type: string, maxLength: 20 } }
                            ids: { type: array, items: { $ref: '#/components/schemas/Id' } }
                components:
                  schemas:
                    Id: { type: string, pattern: '^[a-z0-9]{8}$' }
                "#,
                &[
                    "/channels/c/messages/m/payload/properties/text",
                    "/channels/c/messages/m/payload/properties/ids",
                ],
            )
            .places(6)
            .test();
    }
}

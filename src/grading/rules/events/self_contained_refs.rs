//! `events/self-contained-refs`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::documentation::self_contained_refs::bad_refs;

pub struct SelfContainedRefs;

pub static META: RuleMeta = RuleMeta {
    id: "events/self-contained-refs",
    dimension: Dimension::Events,
    default_severity: Severity::Error,
    summary: "Every `$ref` of the event document points inside it, at something that exists.",
    checks: "As `documentation/self-contained-refs` for OpenAPI: every `$ref` the event model follows (channels, \
             operations, messages, schemas, servers, security schemes) points inside the document and at \
             something that exists. A reference to a URL or a file is never fetched or read. Places: each such \
             reference only.",
    why: "The event document handed in is the design. A message or a payload defined in a file the \
          reader cannot see leaves a hole in the contract; a reference to nothing breaks every code \
          generator that reads it.",
    fix: "Bundle the referenced definitions into `components` and point at them with `#/components/...`.",
    example_bad: "messages:\n  m: { $ref: 'https://example.com/messages/m.yaml' }\n",
    example_good: "messages:\n  m: { $ref: '#/components/messages/m' }\n",
};

impl Rule for SelfContainedRefs {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        if let Some(model) = cx.events {
            bad_refs(&model.arena, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::{Tester, GOOD_EVENTS};

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&SelfContainedRefs)
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  a: { $ref: '#/channels/b' }
                  b: { $ref: '#/channels/a' }
                  c:
                    address: c
                    messages:
                      m: { $ref: 'https://example.com/m.yaml' }
                      n: { $ref: '#/components/messages/nope' }
                "#,
                // the URL first, then each reference that loops or points at nothing
                &[
                    "/channels/c/messages/m",
                    "/channels/a",
                    "/channels/b",
                    "/channels/c/messages/n",
                ],
            )
            // sound internal references are not counted
            .not_applicable(&[GOOD_EVENTS])
            .test();
    }
}

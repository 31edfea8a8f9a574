//! `events/examples-valid`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::documentation::examples_valid::{first_error, options};
use crate::grading::rules::support::doc_violation;
use crate::grading::rules::support::json_schema::{component_ref, components_resource, registry, translate_schema};

pub struct ExamplesValid;

pub static META: RuleMeta = RuleMeta {
    id: "events/examples-valid",
    dimension: Dimension::Events,
    default_severity: Severity::Error,
    summary: "Message examples are valid against their payload and headers schemas.",
    checks: "Each `payload` and `headers` of a message's `examples` is one place: it is valid against the \
             message's schema (JSON Schema 2020-12, as `documentation/examples-valid` checks OpenAPI \
             examples). Schemas that reference something outside the document are not judged.",
    why: "Consumers build their parsers from the examples first. An example that contradicts its \
          schema means one of the two is wrong, and every subscriber finds out in production.",
    fix: "Correct the example, or the schema, so that they agree.",
    example_bad: "payload: { type: object, required: [id] }\nexamples:\n  - payload: { text: hi }\n",
    example_good: "payload: { type: object, required: [id] }\nexamples:\n  - payload: { id: evt_1, text: hi }\n",
};

impl Rule for ExamplesValid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        let arena = &model.arena;
        for m in &model.messages {
            for e in &m.examples {
                let parts = [("payload", m.payload, e.payload), ("headers", m.headers, e.headers)];
                for (part, schema, example) in parts {
                    let (Some(id), Some(example)) = (schema, example) else {
                        continue;
                    };
                    let s = arena.schema(id);
                    let translated = match &s.name {
                        Some(name) => Some((component_ref(name, None), vec![name.clone()])),
                        None => translate_schema(s.raw),
                    };
                    let Some((schema, deps)) = translated else { continue };
                    let resource = components_resource(arena, deps);
                    let registry = registry(&resource);
                    let Ok(validator) = options(registry.as_ref()).build(&schema) else {
                        continue;
                    };
                    match first_error(&validator, example, "") {
                        None => out.pass(),
                        Some(err) => out.fail(doc_violation(
                            child(&e.pointer, part),
                            format!("example {part} of `{}` does not match its schema: {err}", m.label()),
                            None,
                        )),
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
        Tester::new(&ExamplesValid)
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  c:
                    address: c
                    messages:
                      m:
                        payload: { $ref: '#/components/schemas/Event' }
                        examples:
                          - payload: { id: e1, seq: 2 }
                          - payload: { seq: two }
                components:
                  schemas:
                    Event:
                      type: object
                      required: [seq]
                      properties: { id: { type: string }, seq: { type: integer } }
                "#,
                &["/channels/c/messages/m/examples/1/payload"],
            )
            .places(2)
            .test();
    }
}

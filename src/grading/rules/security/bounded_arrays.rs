//! `security/bounded-arrays`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity, Violation};

use crate::grading::rules::support::inputs::inputs;

pub struct BoundedArrays;

pub static META: RuleMeta = RuleMeta {
    id: "security/bounded-arrays",
    dimension: Dimension::Security,
    default_severity: Severity::Warning,
    summary: "Input arrays have `maxItems`.",
    checks: "Every array a client sends in a request body or parameter has `maxItems`. Each distinct schema is \
             one place.",
    why: "An uncapped array in a request lets one call hold a transaction, lock or worker for \
          minutes. Batch limits belong in the contract so clients can split work up front.",
    fix: "Add `maxItems` to every array in parameters and request bodies.",
    example_bad: "tags:\n  type: array\n  items: { type: string }\n",
    example_good: "tags:\n  type: array\n  maxItems: 20\n  items: { type: string, maxLength: 40 }\n",
};

impl Rule for BoundedArrays {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for input in inputs(model) {
            let s = model.schema(input.schema);
            if !s.has_type("array") {
                continue;
            }
            if s.max_items.is_some() {
                out.pass();
            } else {
                out.fail(Violation {
                    pointer: s.pointer.clone(),
                    operation: Some(model.operations[input.operation].label()),
                    message: format!("{} is an array with no `maxItems`", input.label),
                    fix: None,
                    ..Default::default()
                });
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
        Tester::new(&BoundedArrays)
            // flags uncapped arrays
            .fail(
                r#"
                paths:
                  /v1/links:
                    post:
                      requestBody:
                        content:
                          application/json:
                            schema:
                              type: object
                              properties:
                                tags: { type: array, items: { type: string } }
                                codes: { type: array, maxItems: 5, items: { type: string } }
                      responses: { "201": { description: ok } }
                "#,
                &["/paths/~1v1~1links/post/requestBody/content/application~1json/schema/properties/tags"],
            )
            .places(2)
            .test();
    }
}

//! `security/bounded-numbers`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity, Violation};

use crate::grading::rules::support::inputs::{inputs, Label};
use crate::grading::rules::support::{squash, PAGE_SIZE_NAMES};

pub struct BoundedNumbers;

pub static META: RuleMeta = RuleMeta {
    id: "security/bounded-numbers",
    dimension: Dimension::Security,
    default_severity: Severity::Warning,
    summary: "Input integers and numbers have a `maximum`.",
    checks: "Every integer or number a client sends has a `maximum` (or `exclusiveMaximum`, or an `enum`). Each \
             distinct schema is one place.",
    why: "An unbounded `limit` or `quantity` is how one request exhausts memory, overflows \
          arithmetic or bypasses business limits. Ranges in the contract make validation explicit.",
    fix: "Add `minimum` and `maximum` to every numeric input.",
    example_bad: "limit:\n  type: integer\n",
    example_good: "limit:\n  type: integer\n  minimum: 1\n  maximum: 100\n",
};

impl Rule for BoundedNumbers {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for input in inputs(model) {
            let s = model.schema(input.schema);
            if !(s.has_type("integer") || s.has_type("number")) {
                continue;
            }
            // a page size is judged by pagination/page-size; one missing maximum is one finding
            if let Label::Parameter(name) = input.label {
                if PAGE_SIZE_NAMES.contains(&squash(name).as_str()) {
                    continue;
                }
            }
            let bounded = s.maximum.is_some()
                || !s.enum_values.is_empty()
                || s.raw.get("exclusiveMaximum").is_some_and(|v| v.is_number())
                || s.raw.get("const").is_some();
            if bounded {
                out.pass();
            } else {
                out.fail(Violation {
                    pointer: s.pointer.clone(),
                    operation: Some(model.operations[input.operation].label()),
                    message: format!("{} is a number with no `maximum`", input.label),
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
        Tester::new(&BoundedNumbers)
            // flags unbounded numbers
            .fail(
                r#"
                paths:
                  /v1/links:
                    get:
                      parameters:
                        - { name: limit, in: query, schema: { type: integer, maximum: 100 } }
                        - { name: offset, in: query, schema: { type: integer } }
                        - { name: per_page, in: query, schema: { type: integer } }
                      responses: { "200": { description: ok, content: { application/json: { schema: { type: integer } } } } }
                "#,
                &["/paths/~1v1~1links/get/parameters/1/schema"],
            )
            .places(1)
            .test();
    }
}

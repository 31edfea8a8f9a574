//! `errors/rate-limit`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::op_violation;

pub struct RateLimit;

pub static META: RuleMeta = RuleMeta {
    id: "errors/rate-limit",
    dimension: Dimension::Errors,
    default_severity: Severity::Warning,
    summary: "Operations declare 429 with a `Retry-After` header.",
    checks: "Every operation declares `429 Too Many Requests`, and that response carries a `Retry-After` header \
             (or `RateLimit-Reset` / `X-RateLimit-Reset`).",
    why: "Every public API is rate limited. `429` plus `Retry-After` tells clients exactly when to \
          come back, which turns blind retry storms into orderly back-off.",
    fix: "Define `components.responses.TooManyRequests` with a `Retry-After` header and reference it \
          from every operation.",
    example_bad: "responses:\n  '200': {}\n",
    example_good: "responses:\n  '200': {}\n  '429':\n    description: Slow down\n    headers:\n      Retry-After: { schema: { type: integer } }\n",
};

impl Rule for RateLimit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        for op in &cx.model.operations {
            match op.response("429") {
                None => out.fail(op_violation(
                    op,
                    child(&op.pointer, "responses"),
                    format!("`{}` declares no 429 response", op.label()),
                    None,
                )),
                Some(r) => {
                    let retry = ["Retry-After", "RateLimit-Reset", "X-RateLimit-Reset", "RateLimit"]
                        .iter()
                        .any(|h| r.header(h).is_some());
                    if retry {
                        out.pass();
                    } else {
                        out.fail(op_violation(
                            op,
                            r.def_pointer.clone().unwrap_or_else(|| r.pointer.clone()),
                            format!("the 429 response of `{}` has no `Retry-After` header", op.label()),
                            Some("Add a `Retry-After` header (seconds) to the 429 response.".to_string()),
                        ));
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
        Tester::new(&RateLimit)
            // flags missing 429 and retry after
            .fail(
                r#"
                paths:
                  /v1/links:
                    get: { responses: { "200": { description: ok } } }
                    post: { responses: { "201": { description: ok }, "429": { $ref: '#/components/responses/Slow' } } }
                  /v1/users:
                    get: { responses: { "200": { description: ok }, "429": { $ref: '#/components/responses/TooMany' } } }
                components:
                  responses:
                    Slow: { description: slow down }
                    TooMany: { description: slow down, headers: { Retry-After: { schema: { type: integer } } } }
                "#,
                &["/paths/~1v1~1links/get/responses", "/components/responses/Slow"],
            )
            .places(3)
            .test();
    }
}

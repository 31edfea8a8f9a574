//! `errors/bad-request`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{declares, op_violation};

pub struct BadRequest;

pub static META: RuleMeta = RuleMeta {
    id: "errors/bad-request",
    dimension: Dimension::Errors,
    default_severity: Severity::Error,
    summary: "Operations with a request body declare 400 or 422.",
    checks: "An operation with a request body declares `400` or `422` (or `4XX`).",
    why: "Any body can be malformed or invalid. Declaring 400/422 with field-level details is what \
          makes an API debuggable for its clients, and interviewers look for validation errors.",
    fix: "Declare `400` for malformed requests and/or `422` for invalid values, with the shared \
          error body naming the fields.",
    example_bad: "post:\n  requestBody: {}\n  responses: { '201': {} }\n",
    example_good: "post:\n  requestBody: {}\n  responses: { '201': {}, '422': {} }\n",
};

impl Rule for BadRequest {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        for op in cx.model.operations.iter().filter(|op| op.request_body.is_some()) {
            if declares(op, "400") || declares(op, "422") {
                out.pass();
            } else {
                out.fail(op_violation(
                    op,
                    child(&op.pointer, "responses"),
                    format!("`{}` takes a request body but declares neither 400 nor 422", op.label()),
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
        Tester::new(&BadRequest)
            // flags bodies without validation errors
            .fail(
                r#"
                paths:
                  /v1/links:
                    post:
                      requestBody: { content: { application/json: { schema: { type: object } } } }
                      responses: { "201": { description: ok } }
                  /v1/users:
                    post:
                      requestBody: { content: { application/json: { schema: { type: object } } } }
                      responses: { "201": { description: ok }, "422": { description: invalid } }
                    get: { responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1v1~1links/post/responses"],
            )
            .places(2)
            .test();
    }
}

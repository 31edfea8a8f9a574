//! `errors/error-response-body`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::Method;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{error_responses, op_violation};

pub struct ErrorResponseBody;

pub static META: RuleMeta = RuleMeta {
    id: "errors/error-response-body",
    dimension: Dimension::Errors,
    default_severity: Severity::Warning,
    summary: "Error responses declare a body with a schema.",
    checks: "Every 4xx/5xx response declares a body with a schema (HEAD excepted, which never has one).",
    why: "A status code names the class of failure; only a body says which field was wrong or which \
          limit was hit. Errors without bodies leave clients and support engineers guessing.",
    fix: "Give every 4xx/5xx response content with the shared error schema (e.g. a `$ref` to \
          `components.responses.NotFound`).",
    example_bad: "'422':\n  description: Invalid\n",
    example_good: "'422':\n  description: Invalid\n  content:\n    application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } }\n",
};

impl Rule for ErrorResponseBody {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        for op in cx.model.operations.iter().filter(|op| op.method != Method::Head) {
            for r in error_responses(op) {
                if r.content.iter().any(|m| m.schema.is_some()) {
                    out.pass();
                } else {
                    out.fail(op_violation(
                        op,
                        r.pointer.clone(),
                        format!("the {} response of `{}` has no body schema", r.code, op.label()),
                        None,
                    ));
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
        Tester::new(&ErrorResponseBody)
            // flags empty errors
            .fail(
                r#"
                paths:
                  /v1/links/{code}:
                    get:
                      responses:
                        "200": { description: ok }
                        "404": { description: no }
                        "401": { description: no, content: { application/problem+json: { schema: { type: object } } } }
                "#,
                &["/paths/~1v1~1links~1{code}/get/responses/404"],
            )
            .places(2)
            .test();
    }
}

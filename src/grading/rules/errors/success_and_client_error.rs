//! `errors/success-and-client-error`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{self, op_violation};

pub struct SuccessAndClientError;

pub static META: RuleMeta = RuleMeta {
    id: "errors/success-and-client-error",
    dimension: Dimension::Errors,
    default_severity: Severity::Error,
    summary: "Every operation declares a 2xx (or redirect) and a 4xx response.",
    checks: "Every operation declares at least one success response (2xx, or 3xx for a redirect) and at least one \
             client-error response (4xx). `default` alone does not count: it says nothing about which failures a \
             client must handle. Health probes (`GET /healthz`, `/readyz`, ...) need no 4xx: there is nothing a \
             client can send them wrong.",
    why: "Failure cases are half of a contract. An operation documented with only a 200 tells \
          clients nothing about invalid input, missing resources or permissions, and tells the \
          interviewer the unhappy paths were not designed.",
    fix: "Declare the success status and every 4xx the operation can return (400/422, 401, 403, 404, 409, 429).",
    example_bad: "get:\n  responses:\n    '200': { description: OK }\n",
    example_good: "get:\n  responses:\n    '200': { description: OK }\n    '404': { description: Not found }\n",
};

impl Rule for SuccessAndClientError {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        for op in &cx.model.operations {
            if support::is_probe(&cx.model.paths[op.path_index]) {
                continue;
            }
            let ok = op.responses.iter().any(|r| matches!(r.class(), Some('2') | Some('3')));
            // A `default` response with a body describes every failure not listed: an error
            // contract, if a coarser one than explicit 4xx codes.
            let client = op.responses.iter().any(|r| r.class() == Some('4')) || support::default_error_contract(op);
            let missing = match (ok, client) {
                (true, true) => {
                    out.pass();
                    continue;
                }
                (false, false) => "neither a success (2xx) nor a client-error (4xx) response",
                (false, true) => "no success (2xx) response",
                (true, false) => "no client-error (4xx) response",
            };
            out.fail(op_violation(
                op,
                child(&op.pointer, "responses"),
                format!("`{}` declares {missing}", op.label()),
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
        Tester::new(&SuccessAndClientError)
            // a default error response is an error contract
            .fail(
                r#"
                paths:
                  /v1/charges:
                    get:
                      responses:
                        "200": { description: ok }
                        default: { description: error, content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } } }
                  /v1/refunds:
                    get:
                      responses:
                        "200": { description: ok }
                        default: { description: error }
                components:
                  schemas:
                    Error: { type: object, properties: { message: { type: string } } }
                "#,
                &["/paths/~1v1~1refunds/get/responses"],
            )
            .places(2)
            // flags missing classes
            .fail(
                r#"
                paths:
                  /v1/links:
                    get: { responses: { "200": { description: ok }, default: { description: err } } }
                    post: { responses: { "201": { description: ok }, "422": { description: bad } } }
                  /v1/r/{code}:
                    get: { responses: { "302": { description: go }, "4XX": { description: bad } } }
                "#,
                &["/paths/~1v1~1links/get/responses"],
            )
            .places(3)
            .also(|out| assert!(out.violations[0].message.contains("no client-error")))
            // health probes need no client error
            .fail(
                r#"
                paths:
                  /healthz:
                    get: { responses: { "200": { description: up } } }
                  /readyz:
                    get: { responses: { "200": { description: ready }, "503": { description: down } } }
                  /v1/health-checks:
                    get: { responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1v1~1health-checks/get/responses"],
            )
            .also(|out| assert_eq!(out.places, 1, "only the API resource is checked"))
            .test();
    }
}

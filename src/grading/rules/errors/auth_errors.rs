//! `errors/auth-errors`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{declares, op_violation, requires_scopes};

pub struct AuthErrors;

pub static META: RuleMeta = RuleMeta {
    id: "errors/auth-errors",
    dimension: Dimension::Errors,
    default_severity: Severity::Error,
    summary: "Secured operations declare 401, and 403 when scopes apply.",
    checks: "An operation that requires credentials declares `401`; when its security requirement has scopes, it \
             also declares `403`.",
    why: "401 means \"authenticate\" and 403 means \"you are known but not allowed\": clients react \
          differently (refresh a token vs ask for access). Interviewers check both are designed.",
    fix: "Declare `401` on every operation that needs credentials, and `403` where scopes or roles \
          can deny a valid caller.",
    example_bad: "get:\n  security: [ { bearerAuth: [] } ]\n  responses: { '200': {} }\n",
    example_good: "get:\n  security: [ { bearerAuth: [] } ]\n  responses: { '200': {}, '401': {}, '403': {} }\n",
};

impl Rule for AuthErrors {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for op in model.operations.iter().filter(|op| model.requires_auth(op)) {
            let need_403 = requires_scopes(model, op);
            let missing: Vec<&str> = [("401", true), ("403", need_403)]
                .into_iter()
                .filter(|(code, needed)| *needed && !declares(op, code))
                .map(|(code, _)| code)
                .collect();
            if missing.is_empty() {
                out.pass();
            } else {
                out.fail(op_violation(
                    op,
                    child(&op.pointer, "responses"),
                    format!(
                        "`{}` requires credentials but declares no {}",
                        op.label(),
                        missing.join(" or ")
                    ),
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
        Tester::new(&AuthErrors)
            // flags secured operations without 401 403
            .fail(
                r#"
                security: [ { bearerAuth: [] } ]
                paths:
                  /v1/links:
                    get: { responses: { "200": { description: ok } } }
                    post:
                      security: [ { oauth: [links.write] } ]
                      responses: { "201": { description: ok }, "401": { description: no } }
                  /v1/public:
                    get: { security: [], responses: { "200": { description: ok } } }
                  /v1/me:
                    get: { responses: { "200": { description: ok }, "401": { description: no } } }
                components:
                  securitySchemes:
                    bearerAuth: { type: http, scheme: bearer }
                    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: "https://x/token", scopes: { links.write: w } } } }
                "#,
                &["/paths/~1v1~1links/get/responses", "/paths/~1v1~1links/post/responses"],
            )
            .places(3)
            .also(|out| assert!(out.violations[1].message.ends_with("no 403")))
            .test();
    }
}

//! `errors/problem-json`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{error_responses, op_violation};

pub struct ProblemJson;

pub static META: RuleMeta = RuleMeta {
    id: "errors/problem-json",
    dimension: Dimension::Errors,
    default_severity: Severity::Warning,
    summary: "Error bodies use `application/problem+json` (RFC 9457).",
    checks: "Error responses (4xx/5xx) with a body use the `application/problem+json` media type (RFC 9457 \
             Problem Details). A warning: a consistent custom error shape is acceptable, the standard one is \
             better.",
    why: "Problem Details is the standard error format for HTTP APIs: clients, gateways and tooling \
          already understand `type`, `title`, `status` and `detail`. Using it signals familiarity \
          with the ecosystem instead of inventing a format.",
    fix: "Serve error bodies as `application/problem+json` with a schema holding `type`, `title`, \
          `status`, `detail` and `instance`.",
    example_bad: "'404':\n  content:\n    application/json: { schema: { $ref: '#/components/schemas/Error' } }\n",
    example_good:
        "'404':\n  content:\n    application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } }\n",
};

impl Rule for ProblemJson {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        for op in &cx.model.operations {
            for r in error_responses(op).filter(|r| !r.content.is_empty()) {
                let problem = r.content.iter().any(|m| {
                    let mt = m.media_type.to_ascii_lowercase();
                    mt.starts_with("application/problem+")
                });
                if problem {
                    out.pass();
                } else {
                    out.fail(op_violation(
                        op,
                        r.content[0].pointer.clone(),
                        format!(
                            "the {} response of `{}` is `{}`, not `application/problem+json`",
                            r.code,
                            op.label(),
                            r.content[0].media_type
                        ),
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
        Tester::new(&ProblemJson)
            // flags plain json errors
            .fail(
                r#"
                paths:
                  /v1/links/{code}:
                    get:
                      responses:
                        "200": { description: ok, content: { application/json: { schema: { type: object } } } }
                        "404": { description: no, content: { application/json: { schema: { type: object } } } }
                        "401": { description: no, content: { application/problem+json: { schema: { type: object } } } }
                        "403": { description: no }
                "#,
                &["/paths/~1v1~1links~1{code}/get/responses/404/content/application~1json"],
            )
            .places(2)
            .test();
    }
}

//! `security/operation-security`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::op_violation;

pub struct OperationSecurity;

pub static META: RuleMeta = RuleMeta {
    id: "security/operation-security",
    dimension: Dimension::Security,
    default_severity: Severity::Error,
    summary: "Every operation is secured; public ones say so with `security: []`.",
    checks: "Every operation has a security requirement, its own or the document's. A public operation says so \
             explicitly with `security: []`.",
    why: "An operation without a security requirement is ambiguous: public on purpose, or auth \
          forgotten? Explicit requirements make every access decision visible in review.",
    fix: "Declare a root `security` requirement and override public operations with `security: []`.",
    example_bad: "paths:\n  /v1/links:\n    get: {}\n",
    example_good: "security:\n  - bearerAuth: []\npaths:\n  /v1/redirects/{code}:\n    get:\n      security: []\n",
};

impl Rule for OperationSecurity {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for op in &model.operations {
            if model.effective_security(op).is_some() {
                out.pass();
            } else {
                out.fail(op_violation(
                    op,
                    op.pointer.clone(),
                    format!(
                        "`{}` has no security requirement, neither its own nor a root one",
                        op.label()
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
        Tester::new(&OperationSecurity)
            // flags unsecured operations
            .fail(
                r#"
                paths:
                  /v1/links:
                    get: { responses: { "200": { description: ok } } }
                    post: { security: [ { bearerAuth: [] } ], responses: { "201": { description: ok } } }
                  /v1/redirects/{code}:
                    get: { security: [], responses: { "302": { description: go } } }
                components:
                  securitySchemes:
                    bearerAuth: { type: http, scheme: bearer }
                "#,
                &["/paths/~1v1~1links/get"],
            )
            .places(3)
            .test();
    }
}

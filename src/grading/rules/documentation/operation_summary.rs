//! `documentation/operation-summary`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{non_empty, op_violation};

pub struct OperationSummary;

pub static META: RuleMeta = RuleMeta {
    id: "documentation/operation-summary",
    dimension: Dimension::Documentation,
    default_severity: Severity::Warning,
    summary: "Every operation has a summary.",
    checks: "Every operation has a `summary`.",
    why: "The summary is the one line docs, SDKs and changelogs show for an operation. Writing it \
          proves each call has a clear, single purpose.",
    fix: "Add a short imperative `summary` (\"Shorten a URL\", \"List my links\").",
    example_bad: "post:\n  operationId: createLink\n",
    example_good: "post:\n  operationId: createLink\n  summary: Shorten a URL\n",
};

impl Rule for OperationSummary {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        for op in &cx.model.operations {
            if non_empty(&op.summary) {
                out.pass();
            } else {
                out.fail(op_violation(
                    op,
                    op.pointer.clone(),
                    format!("`{}` has no summary", op.label()),
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
        Tester::new(&OperationSummary)
            // flags missing summaries
            .fail(
                r#"
                paths:
                  /v1/links:
                    get: { summary: List links, responses: { "200": { description: ok } } }
                    post: { summary: " ", responses: { "201": { description: ok } } }
                "#,
                &["/paths/~1v1~1links/post"],
            )
            .places(2)
            .test();
    }
}

//! `documentation/operation-description`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{non_empty, op_violation};

pub struct OperationDescription;

pub static META: RuleMeta = RuleMeta {
    id: "documentation/operation-description",
    dimension: Dimension::Documentation,
    default_severity: Severity::Info,
    summary: "Every operation has a description of its behaviour.",
    checks: "Every operation has a `description` beyond its summary.",
    why: "Behaviour lives in the description: side effects, ordering, idempotency, what each error \
          means. It shows the candidate thought past the happy path.",
    fix: "Add a `description` covering side effects, ordering, limits and notable errors.",
    example_bad: "get:\n  summary: List my links\n",
    example_good:
        "get:\n  summary: List my links\n  description: Newest first, cursor-paginated; deleted links are not listed.\n",
};

impl Rule for OperationDescription {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        for op in &cx.model.operations {
            let distinct = op.description.as_deref().map(str::trim) != op.summary.as_deref().map(str::trim);
            if non_empty(&op.description) && distinct {
                out.pass();
            } else {
                out.fail(op_violation(
                    op,
                    op.pointer.clone(),
                    format!("`{}` has no description beyond its summary", op.label()),
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
        Tester::new(&OperationDescription)
            // flags missing descriptions
            .fail(
                r#"
                paths:
                  /v1/links:
                    get: { summary: List links, description: Newest first., responses: { "200": { description: ok } } }
                    post: { summary: Create, description: Create, responses: { "201": { description: ok } } }
                "#,
                &["/paths/~1v1~1links/post"],
            )
            .places(2)
            .test();
    }
}

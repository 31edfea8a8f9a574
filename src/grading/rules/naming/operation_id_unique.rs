//! `naming/operation-id-unique`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::HashMap;

use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::op_violation;

pub struct OperationIdUnique;

pub static META: RuleMeta = RuleMeta {
    id: "naming/operation-id-unique",
    dimension: Dimension::Naming,
    default_severity: Severity::Error,
    summary: "Every operation has an operationId, and operationIds are unique.",
    checks: "Every operation has an `operationId`, and no two share one.",
    why: "operationIds become SDK method names and documentation anchors. Missing ones get \
          unreadable generated names; duplicates break client generation.",
    fix: "Give every operation a unique verb-noun operationId such as `createLink` or `listLinks`.",
    example_bad: "/v1/links:\n  get:\n    responses: {}\n",
    example_good: "/v1/links:\n  get:\n    operationId: listLinks\n    responses: {}\n",
};

impl Rule for OperationIdUnique {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let mut first: HashMap<&str, String> = HashMap::new();
        for op in &cx.model.operations {
            match op.operation_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => out.fail(op_violation(
                    op,
                    op.pointer.clone(),
                    format!("`{}` has no operationId", op.label()),
                    None,
                )),
                Some(id) => match first.get(id) {
                    Some(other) => out.fail(op_violation(
                        op,
                        child(&op.pointer, "operationId"),
                        format!("operationId `{id}` of `{}` is already used by `{other}`", op.label()),
                        Some("Rename one of them; ids must be unique across the document.".to_string()),
                    )),
                    None => {
                        first.insert(id, op.label());
                        out.pass();
                    }
                },
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
        Tester::new(&OperationIdUnique)
            // flags missing and duplicate ids
            .fail(
                r#"
                paths:
                  /v1/links:
                    get: { operationId: getLink, responses: { "200": { description: ok } } }
                    post: { responses: { "201": { description: ok } } }
                  /v1/links/{code}:
                    get: { operationId: getLink, responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1v1~1links/post", "/paths/~1v1~1links~1{code}/get/operationId"],
            )
            .places(3)
            // passes unique ids
            .pass(&[r#"
                paths:
                  /v1/links:
                    get: { operationId: listLinks, responses: { "200": { description: ok } } }
                    post: { operationId: createLink, responses: { "201": { description: ok } } }
                "#])
            .places(2)
            .test();
    }
}

//! `errors/not-found`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::{child, ParamLocation, Segment};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{declares, op_violation};

pub struct NotFound;

pub static META: RuleMeta = RuleMeta {
    id: "errors/not-found",
    dimension: Dimension::Errors,
    default_severity: Severity::Error,
    summary: "Operations with path parameters declare 404.",
    checks: "An operation whose path has a parameter (`/links/{code}`) declares `404`.",
    why: "Every id in a path can name something that does not exist or that the caller may not see. \
          Clients must be told that 404 is an expected answer, not an outage.",
    fix: "Declare a `404` response using the shared error schema.",
    example_bad: "/v1/links/{code}:\n  get:\n    responses: { '200': {} }\n",
    example_good: "/v1/links/{code}:\n  get:\n    responses: { '200': {}, '404': {} }\n",
};

impl Rule for NotFound {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for op in &model.operations {
            let has_param = op.params_in(ParamLocation::Path).next().is_some()
                || model.paths[op.path_index]
                    .segments
                    .iter()
                    .any(|s| matches!(s, Segment::Param(_)) || matches!(s, Segment::Mixed(m) if m.contains('{')));
            if !has_param {
                continue;
            }
            if declares(op, "404") {
                out.pass();
            } else {
                out.fail(op_violation(
                    op,
                    child(&op.pointer, "responses"),
                    format!("`{}` takes a path parameter but declares no 404", op.label()),
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
        Tester::new(&NotFound)
            // flags missing 404
            .fail(
                r#"
                paths:
                  /v1/links/{code}:
                    get: { responses: { "200": { description: ok } } }
                    delete: { responses: { "204": { description: ok }, "404": { description: no } } }
                  /v1/links:
                    get: { responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1v1~1links~1{code}/get/responses"],
            )
            .places(2)
            .test();
    }
}

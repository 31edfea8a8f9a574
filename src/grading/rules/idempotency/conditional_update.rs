//! `idempotency/conditional-update`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::{Method, ParamLocation};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{is_item_path, op_violation};

pub struct ConditionalUpdate;

pub static META: RuleMeta = RuleMeta {
    id: "idempotency/conditional-update",
    dimension: Dimension::Idempotency,
    default_severity: Severity::Warning,
    summary: "Item updates accept `If-Match` and answer 412 when the resource changed.",
    checks: "PUT and PATCH on an item accept `If-Match` (or `If-Unmodified-Since`) and declare `412 Precondition \
             Failed` (or `428 Precondition Required`).",
    why: "Without a precondition two concurrent editors overwrite each other and nobody notices. \
          ETag + If-Match + 412 is HTTP's optimistic locking, the expected answer to \"what if two \
          clients update at once?\".",
    fix: "Return `ETag` on GET, accept an `If-Match` header on PUT/PATCH, and declare a 412 response \
          for a stale ETag.",
    example_bad: "patch:\n  responses: { '200': {} }\n",
    example_good: "patch:\n  parameters:\n    - { name: If-Match, in: header, schema: { type: string } }\n  responses: { '200': {}, '412': {} }\n",
};

impl Rule for ConditionalUpdate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for op in &model.operations {
            if !matches!(op.method, Method::Put | Method::Patch) || !is_item_path(&model.paths[op.path_index]) {
                continue;
            }
            let precondition = op
                .params_in(ParamLocation::Header)
                .any(|p| p.name.eq_ignore_ascii_case("If-Match") || p.name.eq_ignore_ascii_case("If-Unmodified-Since"));
            let status = op.response("412").is_some() || op.response("428").is_some();
            let missing = match (precondition, status) {
                (true, true) => {
                    out.pass();
                    continue;
                }
                (false, false) => "accepts no `If-Match` header and declares no 412",
                (false, true) => "declares 412 but accepts no `If-Match` header",
                (true, false) => "accepts `If-Match` but declares no 412 response for a stale ETag",
            };
            out.fail(op_violation(
                op,
                op.pointer.clone(),
                format!("`{}` {missing}", op.label()),
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
        Tester::new(&ConditionalUpdate)
            // flags unconditional updates
            .fail(
                r#"
                paths:
                  /v1/links/{code}:
                    patch: { responses: { "200": { description: ok } } }
                    put:
                      parameters: [ { name: If-Match, in: header, schema: { type: string } } ]
                      responses: { "200": { description: ok }, "412": { description: stale } }
                  /v1/links:
                    post: { responses: { "201": { description: ok } } }
                "#,
                &["/paths/~1v1~1links~1{code}/patch"],
            )
            .places(2)
            .also(|out| assert!(out.violations[0].message.contains("no `If-Match`")))
            .test();
    }
}

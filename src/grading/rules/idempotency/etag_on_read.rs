//! `idempotency/etag-on-read`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::Method;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{is_item_path, op_violation, success_response};

pub struct EtagOnRead;

pub static META: RuleMeta = RuleMeta {
    id: "idempotency/etag-on-read",
    dimension: Dimension::Idempotency,
    default_severity: Severity::Warning,
    summary: "Reads of updatable items return an `ETag` header.",
    checks: "A GET on an item that can also be updated (PUT or PATCH on the same path) returns an `ETag` header \
             in its success response.",
    why: "Conditional updates need a validator the client got from a read; the ETag also lets caches \
          revalidate cheaply with `If-None-Match` and a 304.",
    fix: "Declare an `ETag` response header on the success response of the item GET.",
    example_bad: "get:\n  responses:\n    '200': { description: The link. }\n",
    example_good: "get:\n  responses:\n    '200':\n      description: The link.\n      headers:\n        ETag: { schema: { type: string } }\n",
};

impl Rule for EtagOnRead {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for op in model.operations.iter().filter(|op| op.method == Method::Get) {
            let path = &model.paths[op.path_index];
            let updatable = path
                .operations
                .iter()
                .any(|&oi| matches!(model.operations[oi].method, Method::Put | Method::Patch));
            if !updatable || !is_item_path(path) {
                continue;
            }
            let Some(ok) = success_response(op) else {
                continue;
            };
            if ok.header("ETag").is_some() {
                out.pass();
            } else {
                out.fail(op_violation(
                    op,
                    ok.pointer.clone(),
                    format!("the {} response of `{}` has no `ETag` header", ok.code, op.label()),
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
        Tester::new(&EtagOnRead)
            // flags reads without etag
            .fail(
                r#"
                paths:
                  /v1/links/{code}:
                    get: { responses: { "200": { description: ok } } }
                    patch: { responses: { "200": { description: ok } } }
                  /v1/users/{id}:
                    get: { responses: { "200": { description: ok, headers: { ETag: { schema: { type: string } } } } } }
                    put: { responses: { "200": { description: ok } } }
                  /v1/clicks/{id}:
                    get: { responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1v1~1links~1{code}/get/responses/200"],
            )
            .places(2)
            .test();
    }
}

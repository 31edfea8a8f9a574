//! `idempotency/put-on-item`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::Method;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{is_collection_get, is_creating_post, is_item_path, op_violation};

pub struct PutOnItem;

pub static META: RuleMeta = RuleMeta {
    id: "idempotency/put-on-item",
    dimension: Dimension::Idempotency,
    default_severity: Severity::Error,
    summary: "PUT replaces one resource: it targets an item path, not a collection.",
    checks: "PUT targets one resource (an item path such as `/links/{code}`, or a singleton such as \
             `/users/{id}/profile`), never a collection that is created into with POST or listed with GET.",
    why: "PUT is idempotent because it stores a full representation at a known URL. On a collection \
          it becomes a disguised create or a replace-everything, and retries stop being safe.",
    fix: "Create with `POST /collection`; replace one item with `PUT /collection/{id}` and the full \
          representation; change some fields with `PATCH /collection/{id}`.",
    example_bad: "/v1/links:\n  put: {}\n",
    example_good: "/v1/links/{code}:\n  put: {}\n",
};

impl Rule for PutOnItem {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for op in model.operations.iter().filter(|op| op.method == Method::Put) {
            let path = &model.paths[op.path_index];
            let collection = !is_item_path(path)
                && path.operations.iter().any(|&oi| {
                    let o = &model.operations[oi];
                    is_creating_post(model, o) || is_collection_get(model, o)
                });
            if collection {
                out.fail(op_violation(
                    op,
                    op.pointer.clone(),
                    format!(
                        "`{}` puts to a collection that is also listed or created into",
                        op.label()
                    ),
                    Some(format!(
                        "Move the PUT to an item path such as `{}/{{id}}`, or use POST to create.",
                        op.path.trim_end_matches('/')
                    )),
                ));
            } else {
                out.pass();
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
        Tester::new(&PutOnItem)
            // flags put on collections
            .fail(
                r#"
                paths:
                  /v1/links:
                    post: { responses: { "201": { description: ok } } }
                    put: { responses: { "200": { description: ok } } }
                  /v1/links/{code}:
                    put: { responses: { "200": { description: ok } } }
                  /v1/users/{id}/profile:
                    get: { responses: { "200": { description: ok, content: { application/json: { schema: { type: object } } } } } }
                    put: { responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1v1~1links/put"],
            )
            .places(3)
            .test();
    }
}

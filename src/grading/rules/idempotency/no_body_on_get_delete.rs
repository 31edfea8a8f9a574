//! `idempotency/no-body-on-get-delete`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::Method;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::op_violation;

pub struct NoBodyOnGetDelete;

pub static META: RuleMeta = RuleMeta {
    id: "idempotency/no-body-on-get-delete",
    dimension: Dimension::Idempotency,
    default_severity: Severity::Error,
    summary: "GET, HEAD and DELETE carry no request body.",
    checks: "GET, HEAD and DELETE operations declare no request body.",
    why: "A body on GET or DELETE has no defined meaning in HTTP: caches, proxies and many clients \
          drop it, and the request can no longer be cached or safely retried.",
    fix: "Send GET filters as query parameters (or a `POST .../search` for complex queries) and \
          identify the deleted resource by its path.",
    example_bad: "get:\n  requestBody:\n    content: { application/json: { schema: { type: object } } }\n",
    example_good: "get:\n  parameters:\n    - { name: status, in: query, schema: { type: string } }\n",
};

impl Rule for NoBodyOnGetDelete {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        for op in &cx.model.operations {
            if !matches!(op.method, Method::Get | Method::Head | Method::Delete) {
                continue;
            }
            match &op.request_body {
                None => out.pass(),
                // An optional body that can hold nothing (`properties: {}`), as generators emit
                // for every operation, asks nothing of the client: not a design choice to judge.
                Some(body)
                    if !body.required
                        && body
                            .content
                            .iter()
                            .all(|m| m.schema.is_none_or(|id| empty_object(cx.model, id))) => {}
                Some(body) => out.fail(op_violation(
                    op,
                    body.pointer.clone(),
                    format!("`{}` declares a request body", op.label()),
                    None,
                )),
            }
        }
    }
}

/// An object schema that can hold nothing: no properties and `additionalProperties: false`.
fn empty_object(model: &crate::grading::model::Model, id: crate::grading::model::SchemaId) -> bool {
    let s = model.schema(id);
    s.properties.is_empty()
        && s.all_of.is_empty()
        && s.one_of.is_empty()
        && s.any_of.is_empty()
        && s.raw.get("additionalProperties") == Some(&serde_json::Value::Bool(false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&NoBodyOnGetDelete)
            // an optional empty form body is a generator artefact
            .fail(
                r#"
                paths:
                  /v1/customers/{id}:
                    get:
                      requestBody:
                        content: { application/x-www-form-urlencoded: { schema: { type: object, properties: {}, additionalProperties: false } } }
                        required: false
                      responses: { "200": { description: ok } }
                    delete:
                      requestBody:
                        content: { application/json: { schema: { type: object, properties: { reason: { type: string } } } } }
                      responses: { "204": { description: gone } }
                "#,
                &["/paths/~1v1~1customers~1{id}/delete/requestBody"],
            )
            .places(1)
            // flags bodies on safe methods
            .fail(
                r#"
                paths:
                  /v1/links:
                    get:
                      requestBody: { content: { application/json: { schema: { type: object } } } }
                      responses: { "200": { description: ok } }
                    post:
                      requestBody: { content: { application/json: { schema: { type: object } } } }
                      responses: { "201": { description: ok } }
                  /v1/links/{code}:
                    delete: { responses: { "204": { description: ok } } }
                "#,
                &["/paths/~1v1~1links/get/requestBody"],
            )
            .places(2)
            .test();
    }
}

//! `idempotency/no-body-on-get-delete`
//!
//! **What it checks**: GET, HEAD and DELETE operations declare no request body.
//!
//! **Why it matters in an interview**: HTTP gives a body on these methods no defined meaning;
//! proxies, caches and client libraries drop it. A GET with a body cannot be cached or retried
//! safely, which defeats the point of a safe, idempotent method.
//!
//! **Example**: `GET /v1/links` with a `requestBody` fails; filters as query parameters pass.
//!
//! **How to fix**: move GET filters to query parameters (or use `POST /links:search` for complex
//! queries); identify what DELETE removes by its path.
use crate::grading::model::Method;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::op_violation;

pub struct NoBodyOnGetDelete;

pub static META: RuleMeta = RuleMeta {
    id: "idempotency/no-body-on-get-delete",
    dimension: Dimension::Idempotency,
    default_severity: Severity::Error,
    summary: "GET, HEAD and DELETE carry no request body.",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::{pointers, run};

    #[test]
    fn flags_bodies_on_safe_methods() {
        let out = run(
            &NoBodyOnGetDelete,
            r#"
openapi: 3.0.3
info: { title: t, version: "1" }
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
        );
        assert_eq!(out.places, 2);
        assert_eq!(pointers(&out), ["/paths/~1v1~1links/get/requestBody"]);
    }

    #[test]
    fn passes_a_well_designed_api() {
        crate::grading::rules::testing::assert_passes_good_api(&NoBodyOnGetDelete);
    }
}

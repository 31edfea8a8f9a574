//! `idempotency/idempotency-key`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::ParamLocation;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{is_charging_post, is_creating_post, op_violation, squash};

pub struct IdempotencyKey;

pub static META: RuleMeta = RuleMeta {
    id: "idempotency/idempotency-key",
    dimension: Dimension::Idempotency,
    default_severity: Severity::Error,
    summary: "Creating and charging POSTs accept an `Idempotency-Key` header.",
    checks: "Every POST that creates something (it answers 201, or posts to a collection) or moves money \
             (`/charges`, `/payments`, `/refunds`, `/orders`, ...) accepts an `Idempotency-Key` request header.",
    why: "A client that times out cannot know whether its POST landed. Without an idempotency key a \
          retry creates a duplicate, or charges a card twice. Interviewers expect the key, its \
          storage window and the replayed response.",
    fix: "Accept an `Idempotency-Key` header (client-generated UUID); store the key with the first \
          response and replay that response on a retry with the same key.",
    example_bad: "post:\n  operationId: createPayment\n  parameters: []\n",
    example_good: "post:\n  operationId: createPayment\n  parameters:\n    - name: Idempotency-Key\n      in: header\n      schema: { type: string, maxLength: 255 }\n",
};

impl Rule for IdempotencyKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for op in &model.operations {
            if !(is_creating_post(model, op) || is_charging_post(model, op)) {
                continue;
            }
            let has_key = op
                .params_in(ParamLocation::Header)
                .any(|p| squash(&p.name).contains("idempotency"));
            if has_key {
                out.pass();
            } else {
                out.fail(op_violation(
                    op,
                    op.pointer.clone(),
                    format!("`{}` is not idempotent and accepts no `Idempotency-Key` header", op.label()),
                    Some(format!(
                        "Add an `Idempotency-Key` header parameter to `{}` so a retried request returns the first result instead of running twice.",
                        op.label()
                    )),
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
        Tester::new(&IdempotencyKey)
            // flags creates and charges without a key
            .fail(
                r#"
                paths:
                  /v1/links:
                    post: { responses: { "201": { description: ok } } }
                  /v1/payments/{id}/capture:
                    post: { responses: { "200": { description: ok } } }
                  /v1/links:search:
                    post: { responses: { "200": { description: ok } } }
                  /v1/sessions:
                    post: { responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1v1~1links/post", "/paths/~1v1~1payments~1{id}~1capture/post"],
            )
            .places(2)
            // passes with the header
            .pass(&[r#"
                paths:
                  /v1/links:
                    post:
                      parameters:
                        - $ref: '#/components/parameters/IdempotencyKey'
                      responses: { "201": { description: ok } }
                components:
                  parameters:
                    IdempotencyKey: { name: Idempotency-Key, in: header, schema: { type: string } }
                "#])
            .places(1)
            .test();
    }
}

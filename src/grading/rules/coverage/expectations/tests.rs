//! The expectations rule on a payments exercise with one expectation per check.
use serde_json::Value;

use super::*;
use crate::grading::rules::testing::run_with;

fn exercise(expectations: Value) -> Exercise {
    serde_json::from_value(serde_json::json!({
        "id": "payments", "version": 1, "kind": "case-study", "title": "t", "summary": "s",
        "difficulty": "easy", "time_limit_minutes": 45, "prompt": "p",
        "capabilities": [
            { "id": "create-payment", "description": "Create a payment",
              "match": [ { "methods": ["POST"], "resources": ["payment"], "target": "collection" } ] },
            { "id": "list-payments", "description": "List payments",
              "match": [ { "methods": ["GET"], "resources": ["payment"], "target": "collection" } ] },
            { "id": "refund", "description": "Refund a payment",
              "match": [ { "methods": ["POST"], "resources": ["refund"] },
                         { "methods": ["POST"], "resources": ["payment"], "actions": ["refund"] } ] },
            { "id": "redirect", "description": "Redirect",
              "match": [ { "methods": ["GET"], "resources": ["r"] } ] }
        ],
        "expectations": expectations
    }))
    .unwrap()
}

fn expectation(id: &str, r#for: &[&str], check: Value) -> Value {
    serde_json::json!({ "id": id, "kind": "probe", "title": format!("{id} title"), "why": "because",
                        "fix": "do this", "for": r#for, "check": check })
}

const GOOD: &str = r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /v1/payments:
    post:
      parameters:
        - { name: Idempotency-Key, in: header, required: true, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Payment' }
      responses:
        "201": { description: ok, headers: { Location: { schema: { type: string } } } }
        "429": { description: slow down, headers: { Retry-After: { schema: { type: integer } } } }
    get:
      parameters:
        - { name: cursor, in: query, schema: { type: string } }
        - { name: limit, in: query, schema: { type: integer, maximum: 100 } }
      responses:
        "200": { description: ok }
  /v1/payments/{id}/refunds:
    post:
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: If-Match, in: header, schema: { type: string } }
      responses:
        "201": { description: ok }
        "412": { description: stale }
  /v1/r/{code}:
    get:
      security: []
      parameters:
        - { name: code, in: path, required: true, schema: { type: string } }
      responses:
        "302": { description: go, headers: { Location: { schema: { type: string } } } }
components:
  schemas:
    Payment:
      type: object
      properties:
        amount: { type: integer }
        currency: { type: string }
        payment_id: { type: string }
webhooks:
  payment.succeeded:
    post:
      parameters:
        - { name: Webhook-Signature, in: header, schema: { type: string } }
      responses: { "200": { description: ok } }
"#;

fn all_checks() -> Value {
    serde_json::json!([
        expectation(
            "created",
            &["create-payment"],
            serde_json::json!({ "status": { "codes": ["201"], "headers": ["Location"] } })
        ),
        expectation(
            "idem",
            &["create-payment"],
            serde_json::json!({ "request-header": { "names": ["Idempotency-Key"] } })
        ),
        expectation("throttle", &["create-payment"], serde_json::json!("throttling")),
        expectation("cursor", &["list-payments"], serde_json::json!("cursor-pagination")),
        expectation("precond", &["refund"], serde_json::json!("precondition")),
        expectation("public", &["redirect"], serde_json::json!({ "auth": "public" })),
        expectation("money", &[], serde_json::json!("money-minor-units")),
        expectation(
            "nouns",
            &[],
            serde_json::json!({ "no-action-segments": ["refund", "cancel"] })
        ),
        expectation("signed", &[], serde_json::json!({ "header-somewhere": ["signature"] })),
        expectation(
            "id-back",
            &["create-payment"],
            serde_json::json!({ "property": { "in": "request", "names": ["payment_id"] } })
        ),
    ])
}

fn failing(doc: &str) -> Vec<String> {
    let ex = exercise(all_checks());
    let out = run_with(&Expectations, doc, &serde_json::json!({}), Some(&ex));
    out.violations.iter().map(|v| v.item.clone().unwrap()).collect()
}

#[test]
fn every_check_passes_on_a_design_that_does_it() {
    let ex = exercise(all_checks());
    let out = run_with(&Expectations, GOOD, &serde_json::json!({}), Some(&ex));
    assert_eq!(out.places, 10);
    assert!(out.violations.is_empty(), "{:#?}", out.violations);
}

#[test]
fn each_check_fails_on_its_flaw_at_the_right_place() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "\"201\": { description: ok, headers: { Location: { schema: { type: string } } } }",
            "\"200\": { description: ok }",
            "created",
        ),
        (
            "- { name: Idempotency-Key, in: header, required: true, schema: { type: string } }",
            "",
            "idem",
        ),
        (
            "headers: { Retry-After: { schema: { type: integer } } }",
            "",
            "throttle",
        ),
        ("name: cursor, in: query", "name: offset, in: query", "cursor"),
        ("name: If-Match, in: header", "name: X-Trace, in: header", "precond"),
        ("      security: []\n", "", "public"),
        ("amount: { type: integer }", "amount: { type: number }", "money"),
        ("/v1/payments/{id}/refunds:", "/v1/payments/{id}/refund:", "nouns"),
        ("Webhook-Signature", "Webhook-Id", "signed"),
        ("payment_id: { type: string }", "reference: { type: string }", "id-back"),
    ];
    for (from, to, expect) in cases {
        assert!(GOOD.contains(from), "{from}");
        let doc = GOOD.replace(from, to);
        // Public needs a root requirement to be meaningful.
        let doc = if *expect == "public" {
            doc.replace("paths:\n", "security: [ { bearer: [] } ]\npaths:\n")
        } else {
            doc
        };
        assert_eq!(failing(&doc), [expect.to_string()], "{expect}");
    }
}

#[test]
fn a_custom_method_is_not_an_action_segment() {
    let doc = GOOD.replace("/v1/payments/{id}/refunds:", "/v1/payments/{id}:refund:");
    assert!(!failing(&doc).contains(&"nouns".to_string()));
}

#[test]
fn failures_carry_the_exercise_why_fix_and_pointer() {
    let ex = exercise(all_checks());
    let doc = GOOD.replace("amount: { type: integer }", "amount: { type: number }");
    let out = run_with(&Expectations, &doc, &serde_json::json!({}), Some(&ex));
    let v = &out.violations[0];
    assert_eq!(v.pointer, "/components/schemas/Payment/properties/amount");
    assert_eq!(v.why.as_deref(), Some("because"));
    assert_eq!(v.fix.as_deref(), Some("do this"));
    assert!(
        v.message
            .starts_with("interviewer's probe `money`: money title: `amount` is a floating-point number"),
        "{}",
        v.message
    );
}

#[test]
fn judged_any_needs_one_passing_operation_per_capability() {
    let mut any = expectation(
        "idem-any",
        &["create-payment"],
        serde_json::json!({ "request-header": { "names": ["Idempotency-Key"] } }),
    );
    any["judged"] = serde_json::json!("any");
    let every = expectation(
        "idem-every",
        &["create-payment"],
        serde_json::json!({ "request-header": { "names": ["Idempotency-Key"] } }),
    );
    let ex = exercise(serde_json::json!([any, every]));
    // A /v2 create without the header beside the /v1 one that has it.
    let doc = GOOD.replace(
        "paths:\n",
        "paths:\n  /v2/payments:\n    post: { responses: { \"201\": { description: ok } } }\n",
    );
    let out = run_with(&Expectations, &doc, &serde_json::json!({}), Some(&ex));
    let failed: Vec<_> = out.violations.iter().map(|v| v.item.clone().unwrap()).collect();
    assert_eq!(failed, ["idem-every"]);
    let none = doc.replace(
        "- { name: Idempotency-Key, in: header, required: true, schema: { type: string } }",
        "",
    );
    let out = run_with(&Expectations, &none, &serde_json::json!({}), Some(&ex));
    assert_eq!(out.violations.len(), 2);
}

#[test]
fn uncovered_capabilities_are_not_judged() {
    let ex = exercise(serde_json::json!([expectation(
        "precond",
        &["refund"],
        serde_json::json!("precondition")
    )]));
    let doc = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\n";
    let out = run_with(&Expectations, doc, &serde_json::json!({}), Some(&ex));
    assert_eq!(out.places, 0);
}

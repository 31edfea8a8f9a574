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

/// The reasons one expectation fails on `doc`, one per failing expectation (at most one).
fn reasons(expectation: Value, doc: &str) -> Vec<String> {
    let ex = exercise(serde_json::json!([expectation]));
    let out = run_with(&Expectations, doc, &serde_json::json!({}), Some(&ex));
    assert_eq!(out.places, 1, "the expectation is judged");
    out.violations.iter().map(|v| v.message.clone()).collect()
}

/// A refund endpoint: `params` are its parameters, `body` the properties of its request body,
/// `responses` its responses; `extra` is appended under `components` (after `schemas`).
fn refund_design(path: &str, params: &str, body: &str, responses: &str, extra: &str) -> String {
    format!(
        r#"
openapi: 3.0.3
info: {{ title: t, version: "1" }}
paths:
  {path}:
    post:
      parameters:
        - {{ name: id, in: path, required: true, schema: {{ type: string }} }}
{params}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                amount: {{ type: integer }}
{body}
      responses:
        "201": {{ description: ok }}
{responses}
components:
  schemas: {{}}
{extra}
"#
    )
}

/// A precondition is a header (`If-Match` answered 412) or the version the client expects, named
/// in the body, the query or the path and answered 409: every form a strong design uses.
#[test]
fn a_precondition_is_a_header_or_the_version_a_write_names() {
    let precondition = || expectation("precond", &["refund"], serde_json::json!("precondition"));
    let refunds = "/v1/payments/{id}/refunds";
    let conflict = r#"        "409": { description: stale }"#;
    let cases: &[(&str, String)] = &[
        (
            "If-Match, 412",
            refund_design(
                refunds,
                "        - { name: If-Match, in: header, required: true, schema: { type: string } }",
                "",
                r#"        "412": { description: stale }"#,
                "",
            ),
        ),
        (
            "If-Unmodified-Since, 428",
            refund_design(
                refunds,
                "        - { name: If-Unmodified-Since, in: header, schema: { type: string } }",
                "",
                r#"        "428": { description: precondition required }"#,
                "",
            ),
        ),
        ("version", refund_design(refunds, "", "                version: { type: integer }", conflict, "")),
        ("expected_version", refund_design(refunds, "", "                expected_version: { type: integer }", conflict, "")),
        ("expected_seq", refund_design(refunds, "", "                expected_seq: { type: integer }", conflict, "")),
        ("expectedPly", refund_design(refunds, "", "                expectedPly: { type: integer }", conflict, "")),
        ("expected_status", refund_design(refunds, "", "                expected_status: { type: string }", conflict, "")),
        ("sequence_number", refund_design(refunds, "", "                sequence_number: { type: integer }", conflict, "")),
        ("last_seq", refund_design(refunds, "", "                last_seq: { type: integer }", conflict, "")),
        ("move_number", refund_design(refunds, "", "                move_number: { type: integer }", conflict, "")),
        ("if_match", refund_design(refunds, "", "                if_match: { type: string }", conflict, "")),
        (
            "a version nested in the body",
            refund_design(
                refunds,
                "",
                "                payment: { type: object, properties: { id: { type: string }, version: { type: integer } } }",
                conflict,
                "",
            ),
        ),
        (
            "a sequence number in the query",
            refund_design(
                refunds,
                "        - { name: expected_sequence, in: query, schema: { type: integer } }",
                "",
                conflict,
                "",
            ),
        ),
        (
            "a sequence number in the path",
            refund_design(
                "/v1/payments/{id}/refunds/{seq}",
                "        - { name: seq, in: path, required: true, schema: { type: integer } }",
                "",
                conflict,
                "",
            ),
        ),
        (
            "409 through a $ref",
            refund_design(
                refunds,
                "",
                "                version: { type: integer }",
                "        \"409\": { $ref: '#/components/responses/Conflict' }",
                "  responses:\n    Conflict: { description: stale }",
            ),
        ),
        (
            "409 in a 4XX range",
            refund_design(
                refunds,
                "",
                "                version: { type: integer }",
                "        \"4XX\": { description: stale or invalid }",
                "",
            ),
        ),
    ];
    let refused: Vec<(&str, Vec<String>)> = cases
        .iter()
        .map(|(form, doc)| (*form, reasons(precondition(), doc)))
        .filter(|(_, r)| !r.is_empty())
        .collect();
    assert!(refused.is_empty(), "forms refused: {refused:#?}");

    // Not a precondition: a version the server sets (readOnly), a number that is no version,
    // nothing that answers a stale write.
    let stale = [
        (
            "a readOnly version",
            refund_design(
                refunds,
                "",
                "                version: { type: integer, readOnly: true }",
                conflict,
                "",
            ),
            "takes neither",
        ),
        (
            "a phone number",
            refund_design(
                refunds,
                "",
                "                phone_number: { type: string }",
                conflict,
                "",
            ),
            "takes neither",
        ),
        (
            "no status for a stale write",
            refund_design(refunds, "", "                expected_seq: { type: integer }", "", ""),
            "declares no 409, 412 or 428",
        ),
    ];
    let accepted: Vec<(&str, Vec<String>)> = stale
        .iter()
        .map(|(form, doc, why)| (*form, reasons(precondition(), doc), why))
        .filter(|(_, r, why)| !(r.len() == 1 && r[0].contains(*why)))
        .map(|(form, r, _)| (form, r))
        .collect();
    assert!(accepted.is_empty(), "no precondition, yet: {accepted:#?}");
}

/// Deduplication in either form: an `Idempotency-Key` header or a client-generated key in the
/// body, judged operation by operation, so a design may use each where it fits.
#[test]
fn one_of_accepts_any_form_on_each_operation() {
    let dedup = || {
        expectation(
            "dedup",
            &["create-payment", "refund"],
            serde_json::json!({ "one-of": [
                { "request-header": { "names": ["Idempotency-Key"] } },
                { "property": { "in": "request", "names": ["client_*_id", "request_id", "idempotency_key"] } }
            ] }),
        )
    };
    // The create takes the header; the refund names a client-generated id in its body.
    let body_key = refund_design(
        "/v1/payments/{id}/refunds",
        "",
        "                client_refund_id: { type: string, format: uuid }",
        "",
        "",
    )
    .replace(
        "paths:\n",
        "paths:\n  /v1/payments:\n    post:\n      parameters:\n        - { name: Idempotency-Key, in: header, schema: { type: string } }\n      responses: { \"201\": { description: ok } }\n",
    );
    assert_eq!(reasons(dedup(), &body_key), Vec::<String>::new());
    let request_id = body_key.replace("client_refund_id", "requestId");
    assert_eq!(reasons(dedup(), &request_id), Vec::<String>::new());

    // Neither form on the refund: the finding names both.
    let neither = body_key.replace("client_refund_id", "reason");
    let r = reasons(dedup(), &neither);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(
        r[0].contains("takes no Idempotency-Key header") && r[0].contains("has no client_*_id or request_id"),
        "{}",
        r[0]
    );
    // `client_*_id` needs both ends: `client_name` is no key.
    let name = body_key.replace("client_refund_id", "client_name");
    assert_eq!(reasons(dedup(), &name).len(), 1);
}

#[test]
fn one_of_a_rule_judges_each_operation_on_its_own_findings() {
    // The create is keyed by the rule's header; the refund is no creating POST for the rule
    // unless it answers 201, which it does, so it needs the body key.
    let dedup = expectation(
        "dedup",
        &["create-payment", "refund"],
        serde_json::json!({ "one-of": [
            { "rule": "idempotency/idempotency-key" },
            { "property": { "in": "request", "names": ["client_*_id"] } }
        ] }),
    );
    let r = reasons(dedup.clone(), GOOD);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].contains("POST /v1/payments/{id}/refunds"), "{}", r[0]);
    let doc = GOOD.replace(
        "        - { name: If-Match, in: header, schema: { type: string } }\n",
        "        - { name: If-Match, in: header, schema: { type: string } }\n      requestBody:\n        content:\n          application/json:\n            schema: { type: object, properties: { client_refund_id: { type: string } } }\n",
    );
    assert_eq!(reasons(dedup, &doc), Vec::<String>::new());
}

#[test]
fn query_param_finds_a_query_parameter_spelled_any_way() {
    let bounded = || {
        expectation(
            "filter",
            &["list-payments"],
            serde_json::json!({ "query-param": { "names": ["created_after", "since"] } }),
        )
    };
    let with = GOOD.replace("name: cursor, in: query", "name: createdAfter, in: query");
    assert_eq!(reasons(bounded(), &with), Vec::<String>::new());
    let r = reasons(bounded(), GOOD);
    assert!(
        r.len() == 1 && r[0].contains("`GET /v1/payments` takes no created_after or since query parameter"),
        "{r:?}"
    );
    // A header of that name is no query parameter.
    let header = GOOD.replace("name: cursor, in: query", "name: since, in: header");
    assert_eq!(reasons(bounded(), &header).len(), 1);
}

#[test]
fn not_fails_where_its_check_passes() {
    let no_offset = || {
        expectation(
            "no-offset",
            &["list-payments"],
            serde_json::json!({ "not": { "query-param": { "names": ["offset", "page"] } } }),
        )
    };
    assert_eq!(reasons(no_offset(), GOOD), Vec::<String>::new());
    let r = reasons(
        no_offset(),
        &GOOD.replace("name: cursor, in: query", "name: offset, in: query"),
    );
    assert!(
        r.len() == 1
            && r[0].contains(
                "`GET /v1/payments` takes a offset or page query parameter, which the interviewer does not expect"
            ),
        "{r:?}"
    );
    // A whole-document check: no header anywhere names an API version.
    let no_version_header = || {
        expectation(
            "no-version-header",
            &[],
            serde_json::json!({ "not": { "header-somewhere": ["api-version"] } }),
        )
    };
    assert_eq!(reasons(no_version_header(), GOOD), Vec::<String>::new());
    let r = reasons(
        no_version_header(),
        &GOOD.replace("name: Webhook-Signature", "name: Api-Version"),
    );
    assert!(
        r.len() == 1 && r[0].contains("the design declares a header named api-version"),
        "{r:?}"
    );
}

#[test]
fn property_in_error_reads_every_error_body() {
    let current = || {
        expectation(
            "stale-says-current",
            &["refund"],
            serde_json::json!({ "property": { "in": "error", "names": ["current_version", "current"] } }),
        )
    };
    let schema = "\n          content:\n            application/problem+json:\n              schema: { type: object, properties: { type: { type: string }, current_version: { type: integer } } }";
    let doc = GOOD.replace(
        r#""412": { description: stale }"#,
        &format!("\"412\":\n          description: stale{schema}"),
    );
    assert_eq!(reasons(current(), &doc), Vec::<String>::new());
    // In a success body it is not an error's.
    let r = reasons(current(), GOOD);
    assert!(
        r.len() == 1 && r[0].contains("no error response of `POST /v1/payments/{id}/refunds` has a current_version"),
        "{r:?}"
    );
    // A `default` beside an explicit success is an error response too.
    let default = GOOD.replace(
        r#""412": { description: stale }"#,
        &format!("default:\n          description: any error{schema}"),
    );
    assert_eq!(reasons(current(), &default), Vec::<String>::new());
}

#[test]
fn a_for_entry_can_judge_only_some_methods_of_a_capability() {
    let mut ex = exercise(serde_json::json!([]));
    ex.capabilities.push(
        serde_json::from_value(serde_json::json!({
            "id": "manage-payment", "description": "Read, change or delete a payment",
            "match": [ { "methods": ["GET", "PATCH", "DELETE"], "resources": ["payment"], "target": "item" } ]
        }))
        .unwrap(),
    );
    ex.expectations = serde_json::from_value(serde_json::json!([expectation(
        "patch-precond",
        &[],
        serde_json::json!("precondition")
    )]))
    .unwrap();
    ex.expectations[0].capabilities =
        serde_json::from_value(serde_json::json!([{ "capability": "manage-payment", "methods": ["PATCH"] }])).unwrap();
    let item = "  /v1/payments/{id}:\n    parameters:\n      - { name: id, in: path, required: true, schema: { type: string } }\n    get:\n      responses: { \"200\": { description: ok } }\n    patch:\n      parameters:\n        - { name: If-Match, in: header, required: true, schema: { type: string } }\n      responses: { \"200\": { description: ok }, \"412\": { description: stale } }\n";
    let doc = GOOD.replace("paths:\n", &format!("paths:\n{item}"));
    // The GET, which takes no If-Match, is not judged.
    let out = run_with(&Expectations, &doc, &serde_json::json!({}), Some(&ex));
    assert_eq!((out.places, out.violations.len()), (1, 0), "{:#?}", out.violations);
    // Without the filter, it is.
    ex.expectations[0].capabilities = serde_json::from_value(serde_json::json!(["manage-payment"])).unwrap();
    let out = run_with(&Expectations, &doc, &serde_json::json!({}), Some(&ex));
    assert_eq!(out.violations.len(), 1);
    assert_eq!(out.violations[0].operation.as_deref(), Some("GET /v1/payments/{id}"));
    // Filtered to a method the design does not offer: not judged at all.
    ex.expectations[0].capabilities =
        serde_json::from_value(serde_json::json!([{ "capability": "manage-payment", "methods": ["DELETE"] }])).unwrap();
    let out = run_with(&Expectations, &doc, &serde_json::json!({}), Some(&ex));
    assert_eq!(out.places, 0);
}

#[test]
fn a_name_pattern_matches_any_spelling_and_whole_words_for_a_star() {
    use super::operation::name_matches;
    for (pattern, name, expected) in [
        ("request_id", "requestId", true),
        ("request_id", "request-id", true),
        ("request_id", "request_ids", false),
        ("client_*_id", "client_message_id", true),
        ("client_*_id", "clientMessageId", true),
        ("client_*_id", "client_id", false),
        ("client_*_id", "client_x_id", true),
        ("client_*_id", "client_name", false),
        ("client_*_id", "message_client_id", false),
        ("*_key", "dedupe_key", true),
        ("*_key", "_key", false),
        ("*", "anything", true),
        // A `*` takes whole words: a short suffix is no plural's last letters.
        ("*_ms", "white_clock_ms", true),
        ("*_ms", "items", false),
        ("*_s", "steps", false),
        ("*-Checksum-*", "X-Amz-Checksum-Sha256", true),
        ("a_*_b_*_c", "a_x_y_b_z_c", true),
        ("a_*_b_*_c", "a_x_c_y_b", false),
    ] {
        assert_eq!(name_matches(pattern, name), expected, "{pattern} ~ {name}");
    }
}

/// A search: `params` are its query parameters, `body` the properties of a POST search's body.
fn search_design(method: &str, params: &str, body: &str, response: &str) -> String {
    let body = if body.is_empty() {
        String::new()
    } else {
        format!(
            "      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n{body}\n"
        )
    };
    format!(
        r#"
openapi: 3.0.3
info: {{ title: t, version: "1" }}
paths:
  /v1/payments:
    {method}:
      parameters:
        - {{ name: q, in: query, schema: {{ type: string }} }}
{params}
{body}      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {response}
"#
    )
}

#[test]
fn bounded_results_wants_a_maximum_on_the_page_size_or_the_list() {
    let bounded = || expectation("bounded", &["list-payments"], serde_json::json!("bounded-results"));
    let list = "{ type: object, properties: { data: { type: array, items: { type: object } } } }";
    let ok = [
        search_design(
            "get",
            "        - { name: limit, in: query, schema: { type: integer, maximum: 100 } }",
            "",
            list,
        ),
        search_design(
            "get",
            "        - { name: maxResults, in: query, schema: { type: integer, maximum: 50 } }",
            "",
            list,
        ),
        search_design("get", "", "", "{ type: array, maxItems: 20, items: { type: object } }"),
    ];
    for doc in &ok {
        assert_eq!(reasons(bounded(), doc), Vec::<String>::new(), "{doc}");
    }
    let unbounded = search_design(
        "get",
        "        - { name: limit, in: query, schema: { type: integer } }",
        "",
        list,
    );
    let r = reasons(bounded(), &unbounded);
    assert!(
        r.len() == 1 && r[0].contains("takes `limit` without a `maximum`"),
        "{r:?}"
    );
    let r = reasons(bounded(), &search_design("get", "", "", list));
    assert!(
        r.len() == 1 && r[0].contains("takes no page size or result limit"),
        "{r:?}"
    );
    // A filter with a maximum is no bound on the results.
    let filter = search_design(
        "get",
        "        - { name: max_amount, in: query, schema: { type: integer, maximum: 100000 } }",
        "",
        list,
    );
    assert_eq!(reasons(bounded(), &filter).len(), 1);

    // A POST search (`{ query, page_size }`) or a pull (`max_messages`) bounds it in the body.
    let mut post = exercise(serde_json::json!([]));
    post.capabilities[1].alternatives[0].methods = vec!["POST".to_string()];
    post.expectations = serde_json::from_value(serde_json::json!([bounded()])).unwrap();
    for (body, passes) in [
        ("                page_size: { type: integer, maximum: 100 }", true),
        ("                max_messages: { type: integer, maximum: 1000 }", true),
        ("                page_size: { type: integer }", false),
    ] {
        let doc = search_design("post", "", body, list);
        let out = run_with(&Expectations, &doc, &serde_json::json!({}), Some(&post));
        assert_eq!((out.places, out.violations.is_empty()), (1, passes), "{body}");
    }
}

#[test]
fn async_accepted_wants_202_and_something_to_follow() {
    let accepted = || expectation("slow", &["create-payment"], serde_json::json!("async-accepted"));
    let design = |response: &str, extra: &str| {
        format!(
            r#"
openapi: 3.0.3
info: {{ title: t, version: "1" }}
paths:
  /v1/payments:
    post:
{extra}
      responses:
{response}
"#
        )
    };
    let ok = [
        (
            "Location",
            design(
                "        \"202\": { description: accepted, headers: { Location: { schema: { type: string } } } }",
                "",
            ),
        ),
        (
            "a job in the body",
            design(
                "        \"202\":\n          description: accepted\n          content:\n            application/json:\n              schema: { type: object, properties: { job_id: { type: string }, state: { type: string } } }",
                "",
            ),
        ),
        (
            "a callback URL",
            design(
                "        \"202\": { description: accepted }",
                "      requestBody:\n        content:\n          application/json:\n            schema: { type: object, properties: { callback_url: { type: string, format: uri } } }",
            ),
        ),
        (
            "callbacks",
            design(
                "        \"202\": { description: accepted }",
                "      callbacks:\n        done:\n          '{$request.body#/notify}':\n            post: { responses: { \"200\": { description: ok } } }",
            ),
        ),
    ];
    for (form, doc) in &ok {
        assert_eq!(reasons(accepted(), doc), Vec::<String>::new(), "{form}");
    }
    let r = reasons(accepted(), &design("        \"202\": { description: accepted }", ""));
    assert!(
        r.len() == 1 && r[0].contains("answers 202 but gives nothing to follow"),
        "{r:?}"
    );
    let r = reasons(
        accepted(),
        &design(
            "        \"201\": { description: created, headers: { Location: { schema: { type: string } } } }",
            "",
        ),
    );
    assert!(
        r.len() == 1 && r[0].contains("answers 201; slow work should answer 202 Accepted"),
        "{r:?}"
    );
}

#[test]
fn judged_anywhere_needs_one_passing_operation_among_all_capabilities() {
    // The create takes the key, the refund does not: one capability in two passes.
    let key = serde_json::json!({ "request-header": { "names": ["Idempotency-Key"] } });
    let judged = |how: &str| {
        let mut e = expectation(how, &["create-payment", "refund"], key.clone());
        e["judged"] = serde_json::json!(how);
        e
    };
    let ex = exercise(serde_json::json!([judged("every"), judged("any"), judged("anywhere")]));
    let out = run_with(&Expectations, GOOD, &serde_json::json!({}), Some(&ex));
    let failed: Vec<_> = out.violations.iter().map(|v| v.item.clone().unwrap()).collect();
    assert_eq!(failed, ["every", "any"]);
    let none = GOOD.replace(
        "- { name: Idempotency-Key, in: header, required: true, schema: { type: string } }",
        "",
    );
    let out = run_with(&Expectations, &none, &serde_json::json!({}), Some(&ex));
    assert_eq!(out.violations.len(), 3);
}

/// Runs the rule on an API beside an event document, as a pair is graded.
fn run_pair(ex: &Exercise, api: &str, events: Option<&str>) -> Outcome {
    use crate::grading::testing::{event_model_from_str, model_from_str};
    let model = model_from_str(api);
    let events = events.map(event_model_from_str);
    let cx = Ctx {
        model: &model,
        events: events.as_ref(),
        options: &NO_OPTIONS,
        exercise: Some(ex),
        rules: crate::grading::rules::by_id,
    };
    let mut out = Outcome::default();
    Expectations.check(&cx, &mut out);
    out
}

/// A socket with no heartbeat, no ping and no idle timeout.
const SILENT_SOCKET: &str = r#"
asyncapi: 3.0.0
info: { title: t, version: "1", description: Chat events. }
servers:
  prod: { host: chat.example.com, protocol: wss }
channels:
  room:
    address: rooms/{roomId}
    parameters: { roomId: { description: The room. } }
    messages:
      messageCreated:
        payload: { type: object, properties: { seq: { type: integer } } }
operations:
  receiveRoomEvents:
    action: receive
    channel: { $ref: '#/channels/room' }
"#;

#[test]
fn an_event_rule_judges_the_event_document_and_is_unjudged_without_one() {
    use crate::grading::rules::testing::GOOD_EVENTS;
    let ex = exercise(serde_json::json!([
        expectation("heartbeat", &[], serde_json::json!({ "rule": "events/heartbeat" })),
        expectation("cursor", &["list-payments"], serde_json::json!("cursor-pagination")),
    ]));
    // A design over REST alone is graded as before: the event probe is not judged.
    let out = run_pair(&ex, GOOD, None);
    assert_eq!((out.places, out.violations.len()), (1, 0));
    let out = run_pair(&ex, GOOD, Some(GOOD_EVENTS));
    assert_eq!((out.places, out.violations.len()), (2, 0), "{:#?}", out.violations);
    let out = run_pair(&ex, GOOD, Some(SILENT_SOCKET));
    assert_eq!(out.places, 2);
    let v = &out.violations[0];
    assert_eq!(v.item.as_deref(), Some("heartbeat"));
    assert_eq!(v.document, Some("events"), "the finding points into the event document");
    assert!(v.message.contains("events/heartbeat: no heartbeat"), "{}", v.message);
}

#[test]
fn an_event_rule_inside_one_of_per_operation_is_one_form_among_others() {
    // An idempotency key over REST or a dedupe id in the event design: without an event document
    // the REST form decides.
    let ex = exercise(serde_json::json!([expectation(
        "dedupe",
        &["create-payment"],
        serde_json::json!({ "one-of": [
            { "request-header": { "names": ["Idempotency-Key"] } },
            { "rule": "events/heartbeat" }
        ] })
    )]));
    let without_key = GOOD.replace("Idempotency-Key", "X-Trace");
    assert!(run_pair(&ex, GOOD, None).violations.is_empty());
    let out = run_pair(&ex, &without_key, None);
    assert!(
        out.violations[0].message.contains("no event document was submitted"),
        "{}",
        out.violations[0].message
    );
    assert!(
        run_pair(&ex, &without_key, Some(crate::grading::rules::testing::GOOD_EVENTS))
            .violations
            .is_empty()
    );
    assert_eq!(run_pair(&ex, &without_key, Some(SILENT_SOCKET)).violations.len(), 1);
}

#[test]
fn a_capability_met_only_in_the_event_document_leaves_its_expectations_unjudged() {
    let mut ex = exercise(serde_json::json!([expectation(
        "cursor",
        &["list-payments"],
        serde_json::json!("cursor-pagination")
    )]));
    ex.capabilities[1]
        .alternatives
        .push(serde_json::from_value(serde_json::json!({ "events": { "names": ["message"] } })).unwrap());
    let doc = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\n";
    let out = run_pair(&ex, doc, Some(SILENT_SOCKET));
    assert_eq!((out.places, out.violations.len()), (0, 0));
}

//! `coverage/expectations`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::BTreeSet;

use serde_json::Value;

use crate::grading::{breaking, resolve};
use crate::grading::exercise::{AuthRequirement, BodySide, Check, Exercise, Expectation, Judged};
use crate::grading::model::{Model, Operation, ParamLocation, SchemaId, Segment};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity, Violation, NO_OPTIONS};
use crate::grading::rules::support::{
    declares, is_json, position_param, query_params, reachable_schemas, squash, words, Scheme, OFFSET_NAMES, PAGE_NAMES,
};

use crate::grading::rules::support::matching::matches;

pub struct Expectations;

pub static META: RuleMeta = RuleMeta {
    id: "coverage/expectations",
    dimension: Dimension::Coverage,
    default_severity: Severity::Error,
    summary: "The exercise's expectations (the interviewer's probes and a mock's tasks) are met.",
    checks: "With an exercise, each of its expectations — the points of \"What the interviewer will probe\" that \
             a document can show, and a mock's tasks — is met. An expectation is data in the exercise file: what, \
             why it matters in that interview, how to fix it, the capabilities whose operations are judged, and \
             one check from a small vocabulary (status codes and headers, request headers, preconditions, \
             authentication, throttling, cursors, properties, money in minor units, action segments, headers \
             anywhere, another rule, breaking changes against a mock's starter). One place per expectation; an \
             expectation whose capabilities are not covered is not judged (the missing capability is charged \
             already).",
    why: "The interviewer probes a few points on purpose; covering every requirement but getting those \
          wrong reads as a design learned by rote.",
    fix: "Follow the exercise's fix given with the finding.",
    example_bad: "# payments: money-minor-units\ncomponents:\n  schemas:\n    Payment:\n      properties:\n        amount: { type: number, description: In euros }\n",
    example_good: "components:\n  schemas:\n    Payment:\n      properties:\n        amount: { type: integer, description: In minor units (cents) }\n        currency: { type: string, pattern: '^[A-Z]{3}$' }\n",
};

impl Rule for Expectations {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(exercise) = cx.exercise else { return };
        let mut starter: Option<Option<Vec<breaking::Change>>> = None;
        for e in &exercise.expectations {
            let judged = judged_operations(cx.model, exercise, e);
            if !e.capabilities.is_empty() && judged.is_empty() {
                continue;
            }
            let failure = match &e.check {
                Check::NoBreakingChanges => {
                    let changes = starter.get_or_insert_with(|| starter_changes(cx.model, exercise));
                    match changes {
                        // The starter itself cannot be read: nothing to compare with.
                        None => continue,
                        Some(changes) => breaking_failure(changes),
                    }
                }
                check if check.per_operation() => {
                    let mut failures = judged.iter().filter_map(|op| {
                        operation_failure(cx.model, op, check).map(|reason| Failure {
                            pointer: op.pointer.clone(),
                            operation: Some(op.label()),
                            reason,
                        })
                    });
                    match e.judged {
                        Judged::Every => failures.next(),
                        // For each capability, one passing operation is enough (`/v1` keeps the
                        // old shape beside `/v2`); a capability all of whose operations fail fails.
                        Judged::Any => {
                            drop(failures);
                            capability_groups(cx.model, exercise, e).into_iter().find_map(|ops| {
                                let fails: Vec<Failure> = ops
                                    .iter()
                                    .filter_map(|op| {
                                        operation_failure(cx.model, op, check).map(|reason| Failure {
                                            pointer: op.pointer.clone(),
                                            operation: Some(op.label()),
                                            reason,
                                        })
                                    })
                                    .collect();
                                (fails.len() == ops.len()).then(|| fails.into_iter().next()).flatten()
                            })
                        }
                    }
                }
                check => document_failure(cx.model, &judged, e.capabilities.is_empty(), check),
            };
            match failure {
                None => out.pass(),
                Some(f) => out.fail(Violation {
                    pointer: f.pointer,
                    operation: f.operation,
                    message: format!("{} `{}`: {}: {}", kind_word(e), e.id, e.title, f.reason),
                    fix: Some(e.fix.clone()),
                    why: Some(e.why.clone()),
                    item: Some(e.id.clone()),
                }),
            }
        }
    }
}

fn kind_word(e: &Expectation) -> &'static str {
    match e.kind {
        crate::grading::exercise::ExpectationKind::Probe => "interviewer's probe",
        crate::grading::exercise::ExpectationKind::Task => "task",
    }
}

struct Failure {
    pointer: String,
    operation: Option<String>,
    reason: String,
}

/// The operations of the capabilities named in `for`, in document order.
fn judged_operations<'m, 'd>(model: &'m Model<'d>, exercise: &Exercise, e: &Expectation) -> Vec<&'m Operation<'d>> {
    if e.capabilities.is_empty() {
        return model.operations.iter().collect();
    }
    let alternatives: Vec<_> = exercise
        .capabilities
        .iter()
        .filter(|c| e.capabilities.contains(&c.id))
        .flat_map(|c| c.alternatives.iter())
        .collect();
    model
        .operations
        .iter()
        .filter(|op| alternatives.iter().any(|alt| matches(model, op, alt)))
        .collect()
}

/// The operations of each capability of `for` that has any, capability by capability.
fn capability_groups<'m, 'd>(
    model: &'m Model<'d>,
    exercise: &Exercise,
    e: &Expectation,
) -> Vec<Vec<&'m Operation<'d>>> {
    exercise
        .capabilities
        .iter()
        .filter(|c| e.capabilities.contains(&c.id))
        .map(|c| {
            model
                .operations
                .iter()
                .filter(|op| c.alternatives.iter().any(|alt| matches(model, op, alt)))
                .collect::<Vec<_>>()
        })
        .filter(|ops| !ops.is_empty())
        .collect()
}

/// Why one operation fails a per-operation check, or `None` when it passes.
fn operation_failure(model: &Model, op: &Operation, check: &Check) -> Option<String> {
    match check {
        Check::Status { codes, headers } => {
            if !codes.iter().any(|c| declares(op, c)) {
                return Some(format!(
                    "`{}` answers {}; expected {}",
                    op.label(),
                    declared_codes(op),
                    codes.join(" or ")
                ));
            }
            if headers.is_empty() {
                return None;
            }
            let with_headers = op
                .responses
                .iter()
                .filter(|r| codes.iter().any(|c| code_matches(&r.code, c)))
                .any(|r| headers.iter().all(|h| r.header(h).is_some()));
            (!with_headers).then(|| {
                format!(
                    "`{}` answers {} without the {} header{}",
                    op.label(),
                    codes
                        .iter()
                        .filter(|c| declares(op, c))
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("/"),
                    headers.join(", "),
                    if headers.len() > 1 { "s" } else { "" }
                )
            })
        }
        Check::RequestHeader { names } => {
            let ok = op
                .params_in(ParamLocation::Header)
                .any(|p| names.iter().any(|n| n.eq_ignore_ascii_case(&p.name)));
            (!ok).then(|| format!("`{}` takes no {} header", op.label(), names.join(" or ")))
        }
        Check::Precondition => {
            let header = op
                .params_in(ParamLocation::Header)
                .any(|p| p.name.eq_ignore_ascii_case("If-Match") || p.name.eq_ignore_ascii_case("If-Unmodified-Since"));
            let field = query_params(op).any(|p| is_version_name(&p.name))
                || body_property_names(model, op, BodySide::Request)
                    .iter()
                    .any(|n| is_version_name(n));
            if !(header || field) {
                return Some(format!(
                    "`{}` takes neither an If-Match header nor a version field, so two writers overwrite each other",
                    op.label()
                ));
            }
            (!["409", "412", "428"].iter().any(|c| declares(op, c)))
                .then(|| format!("`{}` declares no 409, 412 or 428 for a stale write", op.label()))
        }
        Check::Auth(AuthRequirement::Required) => {
            (!model.requires_auth(op)).then(|| format!("`{}` can be called without credentials", op.label()))
        }
        Check::Auth(AuthRequirement::Public) => match model.effective_security(op) {
            Some(reqs) if !reqs.is_empty() && reqs.iter().all(|r| !r.schemes.is_empty()) => Some(format!(
                "`{}` requires credentials; mark it public with `security: []`",
                op.label()
            )),
            _ => None,
        },
        Check::Throttling => {
            let Some(r429) = op.response("429") else {
                return Some(format!("`{}` does not declare 429 Too Many Requests", op.label()));
            };
            let rate_header = |name: &str| {
                let n = name.to_ascii_lowercase();
                n.starts_with("ratelimit") || n.starts_with("x-ratelimit") || n.starts_with("x-rate-limit")
            };
            let ok = r429.header("Retry-After").is_some()
                || op
                    .responses
                    .iter()
                    .any(|r| r.headers.iter().any(|h| rate_header(&h.name)));
            (!ok).then(|| {
                format!(
                    "`{}` declares 429 but neither Retry-After nor rate-limit headers, so a client cannot tell when to come back",
                    op.label()
                )
            })
        }
        Check::CursorPagination => {
            let positional = query_params(op).find(|p| {
                let n = squash(&p.name);
                PAGE_NAMES.contains(&n.as_str()) || OFFSET_NAMES.contains(&n.as_str())
            });
            if let Some(p) = positional {
                return Some(format!(
                    "`{}` pages by `{}`, which skips or repeats items while new ones arrive",
                    op.label(),
                    p.name
                ));
            }
            match position_param(model, op) {
                Some((_, Scheme::Cursor)) => None,
                _ => Some(format!("`{}` takes no cursor parameter", op.label())),
            }
        }
        Check::Property { r#in, names } => {
            let found = body_property_names(model, op, *r#in);
            let wanted: Vec<String> = names.iter().map(|n| squash(n)).collect();
            (!found.iter().any(|n| wanted.contains(&squash(n)))).then(|| {
                let side = match r#in {
                    BodySide::Request => "request body",
                    BodySide::Response => "success response",
                };
                format!("the {side} of `{}` has no {} field", op.label(), names.join(" or "))
            })
        }
        _ => None,
    }
}

/// `"201"` matches `201` and `2XX`.
fn code_matches(declared: &str, wanted: &str) -> bool {
    declared == wanted
        || (declared.len() == 3
            && declared[1..].eq_ignore_ascii_case("xx")
            && declared.as_bytes()[0] == wanted.as_bytes()[0])
}

fn declared_codes(op: &Operation) -> String {
    if op.responses.is_empty() {
        return "nothing".to_string();
    }
    op.responses
        .iter()
        .map(|r| r.code.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_version_name(name: &str) -> bool {
    let n = squash(name);
    matches!(n.as_str(), "etag" | "ifmatch" | "revision" | "rev") || n.ends_with("version")
}

/// Property names, at any depth, of the JSON request body or of every 2xx JSON response body.
fn body_property_names<'d>(model: &Model<'d>, op: &Operation<'d>, side: BodySide) -> Vec<&'d str> {
    let roots: Vec<SchemaId> = match side {
        BodySide::Request => op
            .request_body
            .iter()
            .flat_map(|b| b.content.iter())
            .filter(|m| is_json(&m.media_type) || m.media_type.contains("form"))
            .filter_map(|m| m.schema)
            .collect(),
        BodySide::Response => op
            .responses
            .iter()
            .filter(|r| r.class() == Some('2'))
            .flat_map(|r| r.content.iter())
            .filter_map(|m| m.schema)
            .collect(),
    };
    let mut seen = Vec::new();
    reachable_schemas(model, roots, &mut seen)
        .into_iter()
        .flat_map(|id| model.schema(id).properties.iter().map(|(n, _)| *n))
        .collect()
}

/// Checks that read the whole document, or only the judged operations' part of it.
fn document_failure(model: &Model, judged: &[&Operation], whole: bool, check: &Check) -> Option<Failure> {
    match check {
        Check::MoneyMinorUnits => money_failure(model, judged, whole),
        Check::NoActionSegments(verbs) => {
            let paths: BTreeSet<usize> = judged.iter().map(|op| op.path_index).collect();
            paths.into_iter().find_map(|i| {
                let path = &model.paths[i];
                let verb = path.segments.iter().find_map(|seg| action_word(seg, verbs))?;
                Some(Failure {
                    pointer: path.pointer.clone(),
                    operation: None,
                    reason: format!(
                        "`{}` uses the verb `{verb}` as a path segment; model it as a resource (`{}s`) or a custom method (`:{verb}`)",
                        path.template,
                        verb
                    ),
                })
            })
        }
        Check::HeaderSomewhere(fragments) => {
            let mut found = false;
            walk_headers(model.root, 0, &mut |name| {
                let n = name.to_ascii_lowercase();
                found |= fragments.iter().any(|f| n.contains(f.as_str()));
            });
            (!found).then(|| Failure {
                pointer: String::new(),
                operation: None,
                reason: format!("no header anywhere in the document names {}", fragments.join(" or ")),
            })
        }
        Check::Rule(id) => {
            let rule = crate::grading::rules::by_id(id)?;
            // The expectation names the rule as the catalogue defines it: default options.
            let cx = Ctx {
                model,
                options: &NO_OPTIONS,
                exercise: None,
            };
            let mut out = Outcome::default();
            rule.check(&cx, &mut out);
            let v = out.violations.into_iter().find(|v| {
                whole
                    || judged.iter().any(|op| {
                        v.operation.as_deref() == Some(op.label().as_str()) || v.pointer.starts_with(&op.pointer)
                    })
            })?;
            Some(Failure {
                pointer: v.pointer,
                operation: v.operation,
                reason: format!("{id}: {}", v.message),
            })
        }
        _ => None,
    }
}

/// A verb among `verbs` used as a literal path segment. A custom method (`{id}:refund`) is fine.
fn action_word(seg: &Segment, verbs: &[String]) -> Option<String> {
    let text = match seg {
        Segment::Literal(s) => s.as_str(),
        Segment::Mixed(s) => s.split(':').next().unwrap_or(""),
        Segment::Param(_) => return None,
    };
    let literal: String = {
        let mut depth = 0;
        text.chars()
            .filter(|c| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => return depth == 0,
                }
                false
            })
            .collect()
    };
    words(&literal).into_iter().find(|w| verbs.iter().any(|v| v == w))
}

/// Names of money amounts, compared squashed (`unit_price` -> `unitprice`) and by last word.
const MONEY_WORDS: &[&str] = &[
    "amount", "price", "fee", "cost", "fare", "balance", "subtotal", "tax", "tip", "payout",
];

fn is_money_name(name: &str) -> bool {
    let w = words(name);
    let Some(last) = w.last() else { return false };
    MONEY_WORDS.contains(&last.as_str()) || last == "cents"
}

fn money_failure(model: &Model, judged: &[&Operation], whole: bool) -> Option<Failure> {
    let ids: Vec<SchemaId> = if whole {
        (0..model.schemas.len()).collect()
    } else {
        let roots: Vec<SchemaId> = judged
            .iter()
            .flat_map(|op| {
                let req = op.request_body.iter().flat_map(|b| b.content.iter());
                let res = op.responses.iter().flat_map(|r| r.content.iter());
                req.chain(res).filter_map(|m| m.schema).collect::<Vec<_>>()
            })
            .collect();
        let mut seen = Vec::new();
        reachable_schemas(model, roots, &mut seen)
    };
    let mut has_currency = false;
    let mut float: Option<(String, String)> = None;
    for &id in &ids {
        for (name, pid) in &model.schema(id).properties {
            let lower = name.to_ascii_lowercase();
            if lower.ends_with("currency") || lower.ends_with("currency_code") || lower.ends_with("currencycode") {
                has_currency = true;
            }
            if float.is_none() && is_money_name(name) {
                let p = model.schema(*pid);
                if p.has_type("number") && !p.has_type("integer") {
                    float = Some((p.pointer.clone(), (*name).to_string()));
                }
            }
        }
    }
    if let Some((pointer, name)) = float {
        return Some(Failure {
            pointer,
            operation: None,
            reason: format!("`{name}` is a floating-point number; money must be exact"),
        });
    }
    let any_money = ids
        .iter()
        .any(|&id| model.schema(id).properties.iter().any(|(n, _)| is_money_name(n)));
    (any_money && !has_currency).then(|| Failure {
        pointer: "/components/schemas".to_string(),
        operation: None,
        reason: "amounts carry no currency, so `1000` could be euros or yen".to_string(),
    })
}

/// Calls `f` with the name of every header declared anywhere: parameters `in: header` and the
/// keys of `headers` maps, including inside callbacks, webhooks and components. Depth-bounded.
fn walk_headers(v: &Value, depth: usize, f: &mut impl FnMut(&str)) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(map) => {
            if map.get("in").and_then(Value::as_str) == Some("header") {
                if let Some(name) = map.get("name").and_then(Value::as_str) {
                    f(name);
                }
            }
            for (k, child) in map {
                if k == "headers" {
                    if let Value::Object(h) = child {
                        for name in h.keys() {
                            f(name);
                        }
                    }
                }
                walk_headers(child, depth + 1, f);
            }
        }
        Value::Array(items) => {
            for child in items {
                walk_headers(child, depth + 1, f);
            }
        }
        _ => {}
    }
}

/// Breaking changes from the mock's starter (parsed by the catalogue) to the submission; `None`
/// when the exercise carries no starter or its starter could not be read.
fn starter_changes(model: &Model, exercise: &Exercise) -> Option<Vec<breaking::Change>> {
    let starter = exercise.starter_document.as_deref()?;
    Some(breaking::compare(&resolve::build(starter), model))
}

fn breaking_failure(changes: &[breaking::Change]) -> Option<Failure> {
    let broken: Vec<&breaking::Change> = changes.iter().filter(|c| c.breaking).collect();
    let first = broken.first()?;
    let more = if broken.len() > 1 {
        format!(" (and {} more: `apidojo breaking` lists them)", broken.len() - 1)
    } else {
        String::new()
    };
    Some(Failure {
        pointer: first.pointer.clone(),
        operation: first.operation.clone(),
        reason: format!(
            "{} breaking change{} against the starter: {}{more}",
            broken.len(),
            if broken.len() == 1 { "" } else { "s" },
            first.message
        ),
    })
}

#[cfg(test)]
mod tests {
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
}

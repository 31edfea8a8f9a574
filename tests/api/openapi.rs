//! The service's own OpenAPI description (`GET /v1/openapi.json`): served as written, graded by
//! the service's own grader, and in step with the routes the app really serves.
use std::collections::BTreeSet;

use apidojo::api::openapi::YAML;
use apidojo::grading::{self, Limits, Report};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{Backend, Reply, TestApp};

/// The lowest overall score the description may get from the default rubric. Measured: 93.3.
/// What keeps it below 100 is listed in `KNOWN_ERRORS` and in the warnings printed on failure.
const SCORE_FLOOR: f64 = 95.0;

/// Error findings that describe the implementation as it is, not a mistake in the description.
/// Each one goes away when the handler changes (and the description with it); the test then
/// asks for the entry to be removed, so this list only ever shrinks.
const KNOWN_ERRORS: &[(&str, &str)] = &[];

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options", "trace"];

fn embedded() -> Value {
    grading::load::parse_yaml(YAML, &Limits::default()).expect("src/api/openapi.yaml is valid YAML")
}

fn grade(bytes: &[u8]) -> Report {
    crate::common::grade_default(bytes).unwrap_or_else(|e| panic!("not gradable: {e}"))
}

fn findings_text(report: &Report) -> String {
    report
        .findings
        .iter()
        .map(|f| {
            format!(
                "  {:?} {} [{}] {} (line {})",
                f.severity,
                f.rule,
                f.operation.as_deref().unwrap_or("-"),
                f.message,
                f.line
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every (METHOD, path) the description documents.
fn documented_operations(doc: &Value) -> BTreeSet<(String, String)> {
    let paths = doc["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|m| item.get(**m).is_some())
                .map(|m| (m.to_ascii_uppercase(), path.clone()))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_document_is_the_embedded_openapi_3_description() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let r = app.anonymous().get("/v1/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let served = r.json();
    assert!(
        served["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "not OpenAPI 3: {}",
        served["openapi"]
    );
    assert_eq!(
        served,
        embedded(),
        "the served document differs from src/api/openapi.yaml"
    );
    assert_eq!(&served, apidojo::api::openapi::document());

    // Content negotiation, as documented: JSON only.
    let r = Reply::from(
        app.request(Method::GET, "/v1/openapi.json")
            .header("accept", "text/html")
            .send()
            .await
            .unwrap(),
    )
    .await;
    r.problem(StatusCode::NOT_ACCEPTABLE);
    let r = Reply::from(
        app.request(Method::GET, "/v1/openapi.json")
            .header("accept", "text/html, */*;q=0.5")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = Reply::from(app.request(Method::POST, "/v1/openapi.json").send().await.unwrap()).await;
    r.problem(StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.header("allow"), Some("GET"));
}

#[test]
fn the_description_passes_its_own_grader() {
    let report = grade(YAML.as_bytes());
    let all = findings_text(&report);
    assert!(
        report.score >= SCORE_FLOOR,
        "score {} is below the floor {SCORE_FLOOR}; findings:\n{all}",
        report.score
    );
    assert_eq!(report.rubric, "api-design-core");
    assert!(report.openapi_version.starts_with("3."), "{}", report.openapi_version);

    let errors: BTreeSet<(String, String)> = report
        .findings
        .iter()
        .filter(|f| f.severity == grading::rule::Severity::Error)
        .map(|f| (f.rule.to_owned(), f.operation.clone().unwrap_or_default()))
        .collect();
    let known: BTreeSet<(String, String)> = KNOWN_ERRORS
        .iter()
        .map(|(rule, op)| ((*rule).to_owned(), (*op).to_owned()))
        .collect();
    let new: Vec<_> = errors.difference(&known).collect();
    assert!(new.is_empty(), "new error findings {new:?}; all findings:\n{all}");
    let gone: Vec<_> = known.difference(&errors).collect();
    assert!(
        gone.is_empty(),
        "fixed, remove them from KNOWN_ERRORS: {gone:?}; all findings:\n{all}"
    );

    // Documentation, security, naming and versioning have nothing to forgive.
    for d in &report.dimensions {
        if matches!(d.id.id(), "naming" | "versioning" | "security" | "documentation") {
            assert_eq!(
                d.score,
                Some(100.0),
                "{} scored {:?}; findings:\n{all}",
                d.id.id(),
                d.score
            );
        }
    }

    // The served form (JSON) grades the same as the written one (YAML).
    let json = serde_json::to_vec(&embedded()).unwrap();
    let served = grade(&json);
    assert_eq!(served.score, report.score);
    let key = |r: &Report| -> Vec<(String, String, String)> {
        let mut v: Vec<_> = r
            .findings
            .iter()
            .map(|f| (f.rule.to_owned(), f.pointer.clone(), f.message.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(key(&served), key(&report));
}

/// The routes the app serves, from the table its own route declarations produce.
fn served_routes() -> BTreeSet<(String, String)> {
    apidojo::api::table().into_iter().map(|e| (e.method, e.path)).collect()
}

#[test]
fn every_served_route_is_documented_and_nothing_else() {
    let served = served_routes();
    assert!(
        served.contains(&("GET".to_owned(), "/healthz".to_owned())),
        "{served:?}"
    );
    assert!(
        served.contains(&("GET".to_owned(), "/v1/openapi.json".to_owned())),
        "{served:?}"
    );
    let documented = documented_operations(&embedded());
    let undocumented: Vec<_> = served.difference(&documented).collect();
    assert!(undocumented.is_empty(), "served but not documented: {undocumented:?}");
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(unserved.is_empty(), "documented but not served: {unserved:?}");
}

/// Whether an operation is public: `security: []` on it, or no root requirement.
fn is_public(doc: &Value, op: &Value) -> bool {
    let security = op.get("security").or_else(|| doc.get("security"));
    match security.and_then(Value::as_array) {
        None => true,
        Some(reqs) => reqs.is_empty() || reqs.iter().any(|r| r.as_object().is_some_and(|o| o.is_empty())),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_operation_is_served_with_the_documented_security() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let walker = app.as_candidate("walker@example.com").await;
    let doc = embedded();
    let ops = documented_operations(&doc);
    assert!(ops.len() >= 35, "{ops:?}");
    for (method, template) in &ops {
        let op = &doc["paths"][template][method.to_ascii_lowercase()];
        // Every path parameter gets a fresh UUID: nothing exists, but the route must.
        let path: String = template
            .split('/')
            .map(|seg| {
                if seg.starts_with('{') {
                    uuid::Uuid::new_v4().to_string()
                } else {
                    seg.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let m = Method::from_bytes(method.as_bytes()).unwrap();
        let r = app.anonymous().send(m, &path, None).await;
        let label = format!("{method} {template} (as {path})");
        assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{label}: {}", r.body);
        assert!(
            !(r.status == StatusCode::NOT_FOUND && r.body.contains("no route matches")),
            "{label} is documented but not served: {}",
            r.body
        );
        let code = r.status.as_u16().to_string();
        assert!(
            op["responses"].get(&code).is_some(),
            "{label} answered {code}, which it does not document: {}",
            r.body
        );
        if is_public(&doc, op) {
            assert_ne!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "{label} is documented as public: {}",
                r.body
            );
        } else {
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{label} needs a token: {}", r.body);
            assert_eq!(
                r.header("www-authenticate"),
                Some("Bearer realm=\"apidojo\""),
                "{label}"
            );
        }

        // Signed in, with no body and ids that exist nowhere: still a documented status.
        let m = Method::from_bytes(method.as_bytes()).unwrap();
        let r = walker.send(m, &path, None).await;
        let code = r.status.as_u16().to_string();
        assert!(
            op["responses"].get(&code).is_some(),
            "{label} answered a candidate {code}, which it does not document: {}",
            r.body
        );
    }
}

/// The service answers 400 for a bad query string (cursor, limit, filters) or a malformed
/// `Idempotency-Key`: every operation that takes either says so in its description.
#[test]
fn every_operation_that_reads_a_query_or_a_key_declares_400() {
    let doc = embedded();
    let params = &doc["components"]["parameters"];
    let resolve = |p: &Value| match p.get("$ref").and_then(Value::as_str) {
        Some(r) => params[r.rsplit('/').next().unwrap()].clone(),
        None => p.clone(),
    };
    let mut missing = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for m in METHODS {
            let Some(op) = item.get(*m) else { continue };
            let all: Vec<Value> = item
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .chain(op.get("parameters").and_then(Value::as_array))
                .flatten()
                .map(resolve)
                .collect();
            let reads = all.iter().any(|p| {
                p["in"] == "query"
                    || p["name"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case("idempotency-key"))
            });
            if reads && op["responses"].get("400").is_none() {
                missing.push(format!("{} {path}", m.to_uppercase()));
            }
        }
    }
    assert!(missing.is_empty(), "declare 400 on: {missing:?}");
}

/// Every served path answers a method it does not declare with 405, and its `Allow` lists
/// exactly the methods the route table declares for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_served_path_names_its_methods_in_allow() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let mut by_path: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for (method, path) in served_routes() {
        by_path.entry(path).or_default().insert(method);
    }
    for (template, methods) in &by_path {
        let path = template
            .split('/')
            .map(|s| {
                if s.starts_with('{') {
                    uuid::Uuid::new_v4().to_string()
                } else {
                    s.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let r = app.anonymous().send(Method::OPTIONS, &path, None).await;
        assert_eq!(
            r.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "OPTIONS {template}: {}",
            r.body
        );
        let allow: BTreeSet<String> = r
            .header("allow")
            .unwrap_or_default()
            .split(", ")
            .map(str::to_owned)
            .collect();
        assert_eq!(&allow, methods, "Allow of {template}");
    }
}

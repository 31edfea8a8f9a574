use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_backends;

async fn healthz_and_readyz_answer(app: TestApp) {
    let visitor = app.anonymous();
    let r = visitor.get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "ok");
    let r = visitor.get("/readyz").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "ready");
}

on_both_backends!(healthz_and_readyz_answer,);

async fn metrics_are_served_on_their_own_listener_only(app: TestApp) {
    // Off by default: no listener, and the public one has no /metrics.
    assert!(app.metrics.is_none());
    let app = app.restart_with(|s| s.metrics_bind = Some("127.0.0.1:0".parse().unwrap()));
    let scrape_url = format!("{}/metrics", app.metrics.as_deref().expect("a metrics listener"));
    let public = app.anonymous().get("/metrics").await;
    assert_eq!(
        public.status,
        StatusCode::NOT_FOUND,
        "the public listener serves no metrics"
    );

    let candidate = app.as_candidate("metrics@example.com").await;
    let doc = serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}});
    let graded = candidate.post("/v1/grade", &doc).await;
    assert_eq!(graded.status, StatusCode::OK, "{}", graded.body);
    let wrong = app.log_in("metrics@example.com", "not the password at all").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let r = app.client.get(&scrape_url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = r.text().await.unwrap();
    let value = |prefix: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(prefix).map(|v| v.trim().parse::<f64>().unwrap()))
            .unwrap_or_else(|| panic!("no series {prefix} in:\n{text}"))
    };
    // Requests by route template, method and status, with their durations.
    assert_eq!(
        value("apidojo_http_requests_total{method=\"POST\",route=\"/v1/grade\",status=\"200\"}"),
        1.0
    );
    assert_eq!(
        value("apidojo_http_requests_total{method=\"POST\",route=\"/v1/sessions\",status=\"401\"}"),
        1.0
    );
    assert!(value("apidojo_http_request_duration_seconds_count{method=\"POST\",route=\"/v1/grade\"}") >= 1.0);
    // The grading: how many, how long, how big.
    assert_eq!(value("apidojo_gradings_total{outcome=\"graded\"}"), 1.0);
    assert_eq!(value("apidojo_grading_duration_seconds_count"), 1.0);
    assert_eq!(value("apidojo_grading_document_size_bytes_count"), 1.0);
    assert_eq!(value("apidojo_login_failures_total"), 1.0);
    assert!(value("apidojo_db_pool_wait_seconds_count") >= 1.0);
    assert!(value("apidojo_db_pool_connections{state=\"idle\"}") >= 0.0);
    // A path no route matches is counted under one label, whatever it was.
    let _ = app.anonymous().get("/no/such/path/123").await;
    let text = app.client.get(&scrape_url).send().await.unwrap().text().await.unwrap();
    assert!(text.contains("route=\"unmatched\",status=\"404\"}"), "{text}");
    assert!(!text.contains("/no/such/path"), "{text}");
}

on_both_backends!(metrics_are_served_on_their_own_listener_only,);

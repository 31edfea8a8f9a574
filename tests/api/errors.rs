use reqwest::{Method, StatusCode};

use crate::helpers::{Reply, TestApp};
use crate::on_both_backends;

async fn raw_post(app: &TestApp, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
    Reply::from(
        app.request(Method::POST, path)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn head_is_served_wherever_get_is_and_trace_is_405(app: TestApp) {
    for path in ["/v1/exercises", "/healthz", "/"] {
        let get = app.request(Method::GET, path).send().await.unwrap();
        let head = app.request(Method::HEAD, path).send().await.unwrap();
        assert_eq!(head.status(), StatusCode::OK, "HEAD {path}");
        assert_eq!(
            head.headers().get("content-type"),
            get.headers().get("content-type"),
            "HEAD {path}"
        );
        assert!(head.bytes().await.unwrap().is_empty(), "HEAD {path} has no body");
    }
    let head_on_post_only = app.request(Method::HEAD, "/v1/cohorts/join").send().await.unwrap();
    assert_eq!(head_on_post_only.status(), StatusCode::METHOD_NOT_ALLOWED);
    let trace = app.anonymous().send(Method::TRACE, "/v1/exercises", None).await;
    trace.problem(StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        trace.header("allow").is_some_and(|a| a.contains("GET")),
        "{:?}",
        trace.header("allow")
    );
}

async fn a_body_that_never_arrives_is_408_not_a_held_connection(app: TestApp) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = app.restart_with(|s| s.body_timeout = std::time::Duration::from_secs(1));
    let addr = app.base.trim_start_matches("http://").to_owned();
    for head in [
        // Promises 1 000 bytes, sends 10.
        "POST /v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"email\":",
        // A chunked body whose end never comes.
        "POST /v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n",
    ] {
        let mut socket = tokio::net::TcpStream::connect(&addr).await.unwrap();
        socket.write_all(head.as_bytes()).await.unwrap();
        let started = std::time::Instant::now();
        let mut reply = Vec::new();
        let read = tokio::time::timeout(std::time::Duration::from_secs(10), async {
            let mut buf = [0u8; 4096];
            while !String::from_utf8_lossy(&reply).contains("seconds;") {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => reply.extend_from_slice(&buf[..n]),
                }
            }
        })
        .await;
        assert!(read.is_ok(), "no answer: the server held the request open");
        let reply = String::from_utf8_lossy(&reply);
        assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
        assert!(reply.contains("did not arrive within 1 seconds"), "{reply}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
    // A body sent at once is unaffected.
    assert_eq!(app.register("steady@example.com").await["email"], "steady@example.com");
}

async fn malformed_json_is_400_naming_the_position(app: TestApp) {
    let r = raw_post(
        &app,
        "/v1/accounts",
        "application/json",
        br#"{"email": "a@b.co", "#.to_vec(),
    )
    .await;
    let detail = r.problem(StatusCode::BAD_REQUEST);
    assert!(
        detail.contains("malformed JSON") && detail.contains("line 1"),
        "{detail}"
    );
}

async fn wrong_field_types_and_unknown_fields_are_422(app: TestApp) {
    let r = raw_post(
        &app,
        "/v1/accounts",
        "application/json",
        br#"{"email": 5, "display_name": "x", "password": "0123456789"}"#.to_vec(),
    )
    .await;
    // In the API's words: which field, and what it allows; never the deserialiser's vocabulary.
    assert_eq!(
        r.problem(StatusCode::UNPROCESSABLE_ENTITY),
        "/email: must be text, not a number"
    );
    assert_eq!(r.json()["errors"][0]["pointer"], "/email");
    let r = raw_post(
        &app,
        "/v1/accounts",
        "application/json",
        br#"{"email": "a@b.co", "display_name": "x", "password": "0123456789", "role": "admin"}"#.to_vec(),
    )
    .await;
    let detail = r.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        detail.starts_with("/role: is not a field here; the fields are: email, display_name, password"),
        "{detail}"
    );
    let r = raw_post(
        &app,
        "/v1/accounts",
        "application/json",
        br#"{"email": "a@b.co", "password": "0123456789"}"#.to_vec(),
    )
    .await;
    assert_eq!(
        r.problem(StatusCode::UNPROCESSABLE_ENTITY),
        "/display_name: is required"
    );
    let r = raw_post(&app, "/v1/accounts", "application/json", br#"[]"#.to_vec()).await;
    assert_eq!(
        r.problem(StatusCode::UNPROCESSABLE_ENTITY),
        "the body must be an object, not a list"
    );
}

async fn bad_query_values_are_400_naming_the_parameter_and_what_it_allows(app: TestApp) {
    let candidate = app.as_candidate("query@example.com").await;
    for (query, expected) in [
        ("/v1/attempts?limit=ten", "limit must be a whole number"),
        ("/v1/attempts?limit=-3", "limit must be a whole number"),
        (
            "/v1/exercises?kind=quiz",
            "kind must be one of: case-study, mock, checklist",
        ),
    ] {
        let r = candidate.get(query).await;
        let detail = r.problem(StatusCode::BAD_REQUEST);
        assert_eq!(detail, expected, "{query}");
    }
    let long = format!("/v1/exercises?tag={}", "t".repeat(65));
    let detail = app.anonymous().get(&long).await.problem(StatusCode::BAD_REQUEST);
    assert_eq!(detail, "tag must be at most 64 characters");
}

async fn wrong_content_type_is_415(app: TestApp) {
    let r = raw_post(&app, "/v1/accounts", "text/plain", b"email=a@b.co".to_vec()).await;
    assert!(
        r.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE)
            .contains("application/json"),
        "{}",
        r.body
    );
}

async fn oversized_body_is_413(app: TestApp) {
    let huge = format!(
        r#"{{"email": "a@b.co", "display_name": "{}", "password": "0123456789"}}"#,
        "x".repeat(300 * 1024)
    );
    let r = raw_post(&app, "/v1/accounts", "application/json", huge.into_bytes()).await;
    r.problem(StatusCode::PAYLOAD_TOO_LARGE);
}

/// A request that takes no body is answered as if it had none when it carries one: the body is
/// never read (the connection closes after the answer), and a method the route does not take is
/// still 405.
async fn a_body_where_none_is_taken_is_never_read(app: TestApp) {
    for (method, status) in [
        (Method::GET, StatusCode::OK),
        (Method::DELETE, StatusCode::METHOD_NOT_ALLOWED),
    ] {
        let r = Reply::from(
            app.anonymous()
                .request(method.clone(), "/healthz")
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, status, "{method}: {}", r.body);
        assert_eq!(r.header("connection"), Some("close"), "{method}");
    }
}

async fn unknown_route_is_404_problem(app: TestApp) {
    let visitor = app.anonymous();
    let r = visitor.get("/v1/nothing-here").await;
    assert!(
        r.problem(StatusCode::NOT_FOUND).contains("/v1/nothing-here"),
        "{}",
        r.body
    );
    // `/` is the landing page now; any other unknown path is still a 404 problem.
    visitor.get("/no-such-page").await.problem(StatusCode::NOT_FOUND);
}

async fn wrong_method_is_405_with_allow(app: TestApp) {
    let visitor = app.anonymous();
    let r = visitor.get("/v1/sessions").await;
    let detail = r.problem(StatusCode::METHOD_NOT_ALLOWED);
    assert!(detail.contains("GET") && detail.contains("POST"), "{detail}");
    assert_eq!(r.header("allow"), Some("POST"));
    let r = visitor.delete("/v1/me").await;
    r.problem(StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.header("allow"), Some("GET"));
}

async fn every_response_carries_a_request_id(app: TestApp) {
    let visitor = app.anonymous();
    let ok = visitor.get("/healthz").await;
    let err = visitor.get("/v1/me").await;
    let a = ok.header("x-request-id").expect("x-request-id on success");
    let b = err.header("x-request-id").expect("x-request-id on error");
    assert_ne!(a, b);
}

on_both_backends!(
    head_is_served_wherever_get_is_and_trace_is_405,
    a_body_that_never_arrives_is_408_not_a_held_connection,
    malformed_json_is_400_naming_the_position,
    wrong_field_types_and_unknown_fields_are_422,
    bad_query_values_are_400_naming_the_parameter_and_what_it_allows,
    wrong_content_type_is_415,
    oversized_body_is_413,
    a_body_where_none_is_taken_is_never_read,
    unknown_route_is_404_problem,
    wrong_method_is_405_with_allow,
    every_response_carries_a_request_id,
);

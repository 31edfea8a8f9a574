//! `Idempotency-Key` on every creating POST, not only submissions.
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{Client, Reply, TestApp, PASSWORD};
use crate::on_both_backends;

async fn post(client: &Client<'_>, path: &str, body: &Value, key: &str) -> Reply {
    Reply::from(
        client
            .request(Method::POST, path)
            .header("idempotency-key", key)
            .json(body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn a_retried_create_answers_the_first_response(app: TestApp) {
    let candidate = app.as_candidate("idem@example.com").await;
    let body = json!({"exercise_id": "url-shortener"});
    let first = post(&candidate, "/v1/attempts", &body, "k-1").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.header("idempotent-replayed"), None);
    let again = post(&candidate, "/v1/attempts", &body, "k-1").await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(again.json()["id"], first.json()["id"]);
    let mine = candidate.get("/v1/attempts").await.json();
    assert_eq!(mine["data"].as_array().unwrap().len(), 1, "one attempt stored: {mine}");

    let other = post(&candidate, "/v1/attempts", &json!({"exercise_id": "payments"}), "k-1").await;
    assert!(other
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .contains("different request"));
}

async fn a_claim_abandoned_by_a_crash_is_taken_over_once_its_lease_has_passed(app: TestApp) {
    use apidojo::db::idempotency::{Record, IN_FLIGHT};
    use apidojo::db::schema::idempotency_records::dsl;
    use diesel::prelude::*;
    use sha2::{Digest, Sha256};

    let candidate = app.as_candidate("lease@example.com").await;
    let body = json!({"exercise_id": "url-shortener"});
    // What a request that was claimed and then lost with its server leaves behind.
    let mut sha = Sha256::new();
    sha.update(b"POST\0/v1/attempts\0\0");
    sha.update(serde_json::to_vec(&body).unwrap());
    let claim = |key: &str, age: chrono::Duration| Record {
        scope: format!("user:{}", candidate.id()),
        idem_key: key.to_owned(),
        request_sha256: apidojo::hashing::hex(&sha.clone().finalize()),
        status: IN_FLIGHT,
        location: None,
        content_type: None,
        body: None,
        created_at: apidojo::db::now() - age,
        claim_id: "the crashed request".to_owned(),
    };
    for (key, age) in [
        ("recent", chrono::Duration::seconds(5)),
        ("abandoned", chrono::Duration::minutes(2)),
    ] {
        diesel::insert_into(dsl::idempotency_records)
            .values(&claim(key, age))
            .execute(&mut app.conn())
            .unwrap();
    }

    // Within the lease the first request may still finish: retry later.
    let r = post(&candidate, "/v1/attempts", &body, "recent").await;
    assert!(r.problem(StatusCode::CONFLICT).contains("still being handled"));
    // Past it nothing is handling the key, and nothing was created under it: it is free again.
    let first = post(&candidate, "/v1/attempts", &body, "abandoned").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.header("idempotent-replayed"), None);
    let again = post(&candidate, "/v1/attempts", &body, "abandoned").await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json()["id"], first.json()["id"]);
}

async fn a_failed_request_releases_its_key(app: TestApp) {
    let candidate = app.as_candidate("oops@example.com").await;
    let bad = post(&candidate, "/v1/attempts", &json!({"exercise_id": "nope"}), "k-2").await;
    bad.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let fixed = post(&candidate, "/v1/attempts", &json!({"exercise_id": "nope"}), "k-2").await;
    fixed.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let good = post(&candidate, "/v1/attempts", &json!({"exercise_id": "chess"}), "k-2").await;
    assert_eq!(good.status, StatusCode::CREATED, "{}", good.body);
}

async fn keys_belong_to_their_user(app: TestApp) {
    let a = app.as_candidate("a@example.com").await;
    let b = app.as_candidate("b@example.com").await;
    let body = json!({"exercise_id": "chess"});
    let ra = post(&a, "/v1/attempts", &body, "shared").await;
    let rb = post(&b, "/v1/attempts", &body, "shared").await;
    assert_eq!((ra.status, rb.status), (StatusCode::CREATED, StatusCode::CREATED));
    assert_ne!(ra.json()["id"], rb.json()["id"]);
    assert_eq!(rb.header("idempotent-replayed"), None);
}

async fn a_retried_registration_is_replayed_not_a_conflict(app: TestApp) {
    let visitor = app.anonymous();
    let body = json!({"email": "retry@example.com", "display_name": "R", "password": PASSWORD});
    let first = post(&visitor, "/v1/accounts", &body, "reg-1").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = post(&visitor, "/v1/accounts", &body, "reg-1").await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(again.json()["id"], first.json()["id"]);
    // Without the key, the same registration is the usual conflict.
    visitor.post("/v1/accounts", &body).await.problem(StatusCode::CONFLICT);
    let bad_key = post(&visitor, "/v1/accounts", &body, &"x".repeat(300)).await;
    bad_key.problem(StatusCode::BAD_REQUEST);
}

async fn logging_in_with_a_key_is_never_recorded_or_replayed(app: TestApp) {
    app.as_candidate("login@example.com").await;
    let visitor = app.anonymous();
    let body = json!({"email": "login@example.com", "password": PASSWORD});
    let first = post(&visitor, "/v1/sessions", &body, "login-1").await;
    let again = post(&visitor, "/v1/sessions", &body, "login-1").await;
    assert_eq!(
        (first.status, again.status),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        first.body,
        again.body
    );
    let (a, b) = (
        first.json()["access_token"].clone(),
        again.json()["access_token"].clone(),
    );
    assert!(
        a.is_string() && a != b,
        "each log-in issues its own token, none is replayed"
    );
    // No reply holding a token is kept in the database.
    use apidojo::db::schema::idempotency_records::dsl;
    use diesel::prelude::*;
    let stored: i64 = dsl::idempotency_records.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(stored, 0);
}

/// Regression: the stored reply was given back before the request was authenticated, so a
/// logged-out token still got its earlier keyed responses, and an anonymous caller learnt from a
/// 422 that a key had been used.
async fn a_reply_is_replayed_only_to_a_signed_in_owner(app: TestApp) {
    let candidate = app.as_candidate("gone@example.com").await;
    let body = json!({"exercise_id": "url-shortener"});
    let first = post(&candidate, "/v1/attempts", &body, "k-out").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let out = candidate
        .request(Method::DELETE, "/v1/sessions/current")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let again = post(&candidate, "/v1/attempts", &body, "k-out").await;
    again.problem(StatusCode::UNAUTHORIZED);
    assert_eq!(again.header("idempotent-replayed"), None);
    let stranger = post(
        &app.anonymous(),
        "/v1/attempts",
        &json!({"exercise_id": "payments"}),
        "k-out",
    )
    .await;
    stranger.problem(StatusCode::UNAUTHORIZED);
}

/// The log-in answer holds a credential: no cache may keep it (RFC 6749, section 5.1).
async fn the_token_answer_is_never_cached(app: TestApp) {
    app.as_candidate("cache@example.com").await;
    let r = app
        .anonymous()
        .post(
            "/v1/sessions",
            &json!({"email": "cache@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(r.header("pragma"), Some("no-cache"));
}

on_both_backends!(
    a_retried_create_answers_the_first_response,
    a_claim_abandoned_by_a_crash_is_taken_over_once_its_lease_has_passed,
    a_failed_request_releases_its_key,
    keys_belong_to_their_user,
    a_retried_registration_is_replayed_not_a_conflict,
    logging_in_with_a_key_is_never_recorded_or_replayed,
    a_reply_is_replayed_only_to_a_signed_in_owner,
    the_token_answer_is_never_cached,
);

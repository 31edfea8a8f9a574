use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, PASSWORD};
use crate::on_both_backends;

async fn register_returns_201_with_location_and_no_secret(app: TestApp) {
    let r = app
        .anonymous()
        .post(
            "/v1/accounts",
            &json!({"email": "Ada@Example.com", "display_name": " Ada ", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    let id = v["id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "ids are UUIDs: {id}");
    assert_eq!(v["email"], "ada@example.com");
    assert_eq!(v["display_name"], "Ada");
    assert_eq!(v["role"], "candidate");
    assert!(v.get("password").is_none() && v.get("password_hash").is_none(), "{v}");
    assert!(!r.body.contains("argon2"), "{}", r.body);
    assert_eq!(r.header("location"), Some(format!("/v1/accounts/{id}").as_str()));

    let ada = app.log_in_as("ada@example.com").await;
    let own = ada.get(&format!("/v1/accounts/{id}")).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert_eq!(own.json()["id"], id);
}

async fn emails_are_unique_regardless_of_case(app: TestApp) {
    app.register("grace@example.com").await;
    let r = app
        .anonymous()
        .post(
            "/v1/accounts",
            &json!({"email": "GRACE@example.COM", "display_name": "G", "password": PASSWORD}),
        )
        .await;
    let detail = r.problem(StatusCode::CONFLICT);
    assert!(detail.contains("already exists"), "{detail}");
}

async fn invalid_fields_are_all_reported_with_pointers(app: TestApp) {
    let r = app
        .anonymous()
        .post(
            "/v1/accounts",
            &json!({"email": "not-an-email", "display_name": "", "password": "short"}),
        )
        .await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let v = r.json();
    let pointers: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers, ["/email", "/display_name", "/password"], "{v}");
    assert!(v["detail"].as_str().unwrap().contains("at least 10 characters"), "{v}");
}

async fn a_password_of_exactly_ten_characters_is_accepted(app: TestApp) {
    let r = app
        .anonymous()
        .post(
            "/v1/accounts",
            &json!({"email": "ten@example.com", "display_name": "T", "password": "Tq8#vL2m!x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .anonymous()
        .post(
            "/v1/accounts",
            &json!({"email": "nine@example.com", "display_name": "N", "password": "Tq8#vL2m!"}),
        )
        .await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY);
}

async fn guessable_passwords_are_refused_with_the_reason(app: TestApp) {
    for (password, expected) in [
        ("password1234", "too easy to guess"),
        ("1234567890", "too easy to guess"),
        ("            ", "only spaces"),
        ("grace.hopper@example.com", "your email address or your name"),
    ] {
        let r = app
            .anonymous()
            .post(
                "/v1/accounts",
                &json!({"email": "grace.hopper@example.com", "display_name": "Grace", "password": password}),
            )
            .await;
        r.problem(StatusCode::UNPROCESSABLE_ENTITY);
        let v = r.json();
        assert_eq!(v["errors"][0]["pointer"], "/password", "{v}");
        let detail = v["errors"][0]["detail"].as_str().unwrap();
        assert!(detail.contains(expected), "{password:?}: {detail}");
    }
    // The same policy when the password is changed.
    let changer = app.as_candidate("changer@example.com").await;
    let body = json!({"current_password": PASSWORD, "new_password": "qwertyuiop"});
    let r = changer.put("/v1/me/password", &body).await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["pointer"], "/new_password", "{}", r.body);
}

async fn me_returns_the_signed_in_account(app: TestApp) {
    let me = app.as_candidate("me@example.com").await;
    let r = me.get("/v1/me").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["id"], me.account["id"]);
    assert_eq!(r.json()["email"], "me@example.com");
}

async fn another_account_is_not_found_not_forbidden(app: TestApp) {
    let one = app.as_candidate("one@example.com").await;
    let other = app.register("two@example.com").await;
    let r = one
        .get(&format!("/v1/accounts/{}", other["id"].as_str().unwrap()))
        .await;
    r.problem(StatusCode::NOT_FOUND);
}

on_both_backends!(
    register_returns_201_with_location_and_no_secret,
    emails_are_unique_regardless_of_case,
    invalid_fields_are_all_reported_with_pointers,
    a_password_of_exactly_ten_characters_is_accepted,
    guessable_passwords_are_refused_with_the_reason,
    me_returns_the_signed_in_account,
    another_account_is_not_found_not_forbidden,
);

//! What the pages need from the JSON API: log-out and password changes that end sessions on the
//! server, server-side drafts, the session cookie with its CSRF token, and the pages' headers.
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, PASSWORD};
use crate::on_both_backends;
use crate::practice::start;

async fn log_out_ends_that_token_on_the_server_and_no_other(app: TestApp) {
    let (_, first) = app.candidate("out@example.com").await;
    let second = app.log_in("out@example.com", PASSWORD).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .send(Method::DELETE, "/v1/sessions/current", Some(&first), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let detail = app.get("/v1/me", Some(&first)).await.problem(StatusCode::UNAUTHORIZED);
    assert!(detail.contains("session has ended"), "{detail}");
    // Logging out twice with the same token: it is already refused.
    app.send(Method::DELETE, "/v1/sessions/current", Some(&first), None)
        .await
        .problem(StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/v1/me", Some(&second)).await.status, StatusCode::OK);
    app.send(Method::GET, "/v1/sessions/current", Some(&second), None)
        .await
        .problem(StatusCode::METHOD_NOT_ALLOWED);
}

async fn password_change_needs_the_old_one_and_ends_other_sessions(app: TestApp) {
    let (_, here) = app.candidate("pw@example.com").await;
    let elsewhere = app.log_in("pw@example.com", PASSWORD).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let wrong = app
        .send(
            Method::PUT,
            "/v1/me/password",
            Some(&here),
            Some(&json!({"current_password": "not my password", "new_password": "a brand new passphrase"})),
        )
        .await;
    assert!(wrong.problem(StatusCode::FORBIDDEN).contains("current password"));
    let short = app
        .send(
            Method::PUT,
            "/v1/me/password",
            Some(&here),
            Some(&json!({"current_password": PASSWORD, "new_password": "short"})),
        )
        .await;
    short.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(short.json()["errors"][0]["pointer"], "/new_password");
    // Nothing changed so far: both sessions still work.
    assert_eq!(app.get("/v1/me", Some(&elsewhere)).await.status, StatusCode::OK);

    let ok = app
        .send(
            Method::PUT,
            "/v1/me/password",
            Some(&here),
            Some(&json!({"current_password": PASSWORD, "new_password": "a brand new passphrase"})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.body);
    assert_eq!(
        app.get("/v1/me", Some(&here)).await.status,
        StatusCode::OK,
        "the session that changed it stays"
    );
    app.get("/v1/me", Some(&elsewhere))
        .await
        .problem(StatusCode::UNAUTHORIZED);
    app.log_in("pw@example.com", PASSWORD)
        .await
        .problem(StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.log_in("pw@example.com", "a brand new passphrase").await.status,
        StatusCode::OK
    );
}

async fn drafts_are_kept_per_attempt_for_its_candidate_only(app: TestApp) {
    let (_, token) = app.candidate("draft@example.com").await;
    let (_, other) = app.candidate("nosy@example.com").await;
    let attempt = start(&app, &token, "url-shortener").await;
    let id = attempt["id"].as_str().unwrap();
    let path = format!("/v1/attempts/{id}/draft");
    app.get(&path, Some(&token)).await.problem(StatusCode::NOT_FOUND);

    let text = "openapi: 3.0.3\ninfo:\n  title: <script>alert(1)</script>\n";
    let r = app
        .send(Method::PUT, &path, Some(&token), Some(&json!({"content": text})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["content"], text);
    let r = app
        .send(
            Method::PUT,
            &path,
            Some(&token),
            Some(&json!({"content": format!("{text}# more\n")})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let got = app.get(&path, Some(&token)).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.json()["content"], format!("{text}# more\n"), "the newest save wins");
    assert_eq!(got.json()["attempt_id"], id);

    app.get(&path, Some(&other)).await.problem(StatusCode::NOT_FOUND);
    app.send(Method::PUT, &path, Some(&other), Some(&json!({"content": "x"})))
        .await
        .problem(StatusCode::NOT_FOUND);
    app.send(Method::PUT, &path, Some(&token), Some(&json!({"text": "x"})))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY);
    app.get(&path, None).await.problem(StatusCode::UNAUTHORIZED);
    app.send(Method::DELETE, &path, Some(&token), None)
        .await
        .problem(StatusCode::METHOD_NOT_ALLOWED);
}

async fn the_session_cookie_signs_in_but_changes_need_the_csrf_token(app: TestApp) {
    let (_, token) = app.candidate("cookie@example.com").await;
    let cookie = format!("apidojo_session={token}");
    let me = app
        .request(Method::GET, "/v1/me", None)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK, "a GET needs only the cookie");

    let attempt = start(&app, &token, "url-shortener").await;
    let path = format!("/v1/attempts/{}/draft", attempt["id"].as_str().unwrap());
    let body = json!({"content": "x"});
    let bare = app
        .request(Method::PUT, &path, None)
        .header("cookie", &cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), StatusCode::FORBIDDEN, "no CSRF token");
    let forged = app
        .request(Method::PUT, &path, None)
        .header("cookie", &cookie)
        .header("x-csrf-token", "0".repeat(64))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN, "a wrong CSRF token");

    // The page carries the session's token in a meta tag.
    let page = app
        .request(Method::GET, "/exercises", None)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    let csrf = html
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let cross = app
        .request(Method::PUT, &path, None)
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN, "another site's Origin");
    let ok = app
        .request(Method::PUT, &path, None)
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .header("origin", &app.base)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
}

async fn pages_are_html_with_a_strict_policy(app: TestApp) {
    let r = app.get("/", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.starts_with("default-src 'none'; script-src 'self';"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(r.body.contains("<title>"), "every page has a title");
    // The catalogue is readable without an account, and never shows answers.
    let ex = app.get("/exercises/url-shortener", None).await;
    assert_eq!(ex.status, StatusCode::OK);
    assert!(ex.body.contains("Log in to start"));
    let page = app
        .request(Method::GET, "/no-such-page", None)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let missing = app.get("/exercises/no-such-thing", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.header("content-type").unwrap().starts_with("text/html"),
        "an error page, not JSON"
    );
    // A page that needs an account sends the visitor to log in and back.
    let r = app.client.get(app.url("/attempts")).send().await.unwrap();
    assert!(r.url().path().starts_with("/login"), "{}", r.url());
}

async fn the_log_in_form_sets_a_strict_cookie_and_log_out_clears_it(app: TestApp) {
    app.register("form@example.com").await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = no_redirects
        .post(app.url("/login"))
        .form(&[
            ("email", "form@example.com"),
            ("password", PASSWORD),
            ("next", "/attempts"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/attempts");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("apidojo_session="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing: {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http here: {cookie}");
    let token = cookie
        .trim_start_matches("apidojo_session=")
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    // Somewhere else may not log anyone in here, nor send them elsewhere afterwards.
    let evil = no_redirects
        .post(app.url("/login"))
        .header("origin", "https://evil.example")
        .form(&[("email", "form@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), StatusCode::FORBIDDEN);
    let away = no_redirects
        .post(app.url("/login"))
        .form(&[
            ("email", "form@example.com"),
            ("password", PASSWORD),
            ("next", "//evil.example/x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(away.headers()["location"], "/");
    let wrong = no_redirects
        .post(app.url("/login"))
        .form(&[("email", "form@example.com"), ("password", "not it at all")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong
        .text()
        .await
        .unwrap()
        .contains("the email or the password is wrong"));

    // Log-out without the form's CSRF token is refused; with it, the session ends.
    let cookie_header = format!("apidojo_session={token}");
    let bare = no_redirects
        .post(app.url("/logout"))
        .header("cookie", &cookie_header)
        .form(&[("csrf", "nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), StatusCode::FORBIDDEN);
    let page = no_redirects
        .get(app.url("/account"))
        .header("cookie", &cookie_header)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let out = no_redirects
        .post(app.url("/logout"))
        .header("cookie", &cookie_header)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let cleared = out.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cleared.starts_with("apidojo_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    app.get("/v1/me", Some(&token)).await.problem(StatusCode::UNAUTHORIZED);
}

on_both_backends!(
    log_out_ends_that_token_on_the_server_and_no_other,
    password_change_needs_the_old_one_and_ends_other_sessions,
    drafts_are_kept_per_attempt_for_its_candidate_only,
    the_session_cookie_signs_in_but_changes_need_the_csrf_token,
    pages_are_html_with_a_strict_policy,
    the_log_in_form_sets_a_strict_cookie_and_log_out_clears_it,
);

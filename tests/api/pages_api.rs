//! What the pages need from the JSON API: log-out and password changes that end sessions on the
//! server, server-side drafts, the session cookie with its CSRF token, and the pages' headers.
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, PASSWORD};
use crate::on_both_backends;
use crate::practice::start;

async fn log_out_ends_that_token_on_the_server_and_no_other(app: TestApp) {
    let first = app.as_candidate("out@example.com").await;
    let second = first.another_session().await;
    let r = first.delete("/v1/sessions/current").await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let detail = first.get("/v1/me").await.problem(StatusCode::UNAUTHORIZED);
    assert!(detail.contains("session has ended"), "{detail}");
    // Logging out twice with the same token: it is already refused.
    first
        .delete("/v1/sessions/current")
        .await
        .problem(StatusCode::UNAUTHORIZED);
    assert_eq!(second.get("/v1/me").await.status, StatusCode::OK);
    second
        .get("/v1/sessions/current")
        .await
        .problem(StatusCode::METHOD_NOT_ALLOWED);
}

async fn password_change_needs_the_old_one_and_ends_other_sessions(app: TestApp) {
    let here = app.as_candidate("pw@example.com").await;
    let elsewhere = here.another_session().await;
    let wrong = here
        .put(
            "/v1/me/password",
            &json!({"current_password": "not my password", "new_password": "a brand new passphrase"}),
        )
        .await;
    assert!(wrong.problem(StatusCode::FORBIDDEN).contains("current password"));
    let short = here
        .put(
            "/v1/me/password",
            &json!({"current_password": PASSWORD, "new_password": "short"}),
        )
        .await;
    short.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(short.json()["errors"][0]["pointer"], "/new_password");
    // Nothing changed so far: both sessions still work.
    assert_eq!(elsewhere.get("/v1/me").await.status, StatusCode::OK);

    let ok = here
        .put(
            "/v1/me/password",
            &json!({"current_password": PASSWORD, "new_password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.body);
    assert_eq!(
        here.get("/v1/me").await.status,
        StatusCode::OK,
        "the session that changed it stays"
    );
    elsewhere.get("/v1/me").await.problem(StatusCode::UNAUTHORIZED);
    app.log_in("pw@example.com", PASSWORD)
        .await
        .problem(StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.log_in("pw@example.com", "a brand new passphrase").await.status,
        StatusCode::OK
    );
}

/// A draft is the candidate's work: a whole document (well over the 64 KiB a browser's
/// keepalive takes) and a checklist's answers come back in a second tab (another session) and
/// after the server restarts.
async fn drafts_survive_a_second_tab_and_a_restart(app: TestApp) {
    let candidate = app.as_candidate("keep@example.com").await;
    let doc = start(&candidate, "url-shortener").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let quiz = start(&candidate, "idempotency-keys").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let big = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n{}",
        "# a long design note, kept as a comment\n".repeat(7000)
    );
    assert!(big.len() > 250_000, "over the ordinary JSON body limit too");
    let answers = r#"{"answers":{"unsafe-failure":"a"}}"#;
    for (id, content) in [(&doc, big.as_str()), (&quiz, answers)] {
        let r = candidate
            .put(&format!("/v1/attempts/{id}/draft"), &json!({ "content": content }))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let second_tab = app.log_in_as("keep@example.com").await;
    let token = second_tab.token().to_owned();
    for (id, content) in [(&doc, big.as_str()), (&quiz, answers)] {
        let got = second_tab.get(&format!("/v1/attempts/{id}/draft")).await;
        assert_eq!(got.json()["content"], content, "in a second tab");
    }
    let app = app.restart_with(|_| {});
    let after = app.with_token(&token);
    for (id, content) in [(&doc, big.as_str()), (&quiz, answers)] {
        let got = after.get(&format!("/v1/attempts/{id}/draft")).await;
        assert_eq!(got.status, StatusCode::OK, "{}", got.body);
        assert_eq!(got.json()["content"], content, "after a restart");
    }
}

async fn drafts_are_kept_per_attempt_for_its_candidate_only(app: TestApp) {
    let candidate = app.as_candidate("draft@example.com").await;
    let other = app.as_candidate("nosy@example.com").await;
    let attempt = start(&candidate, "url-shortener").await;
    let id = attempt["id"].as_str().unwrap();
    let path = format!("/v1/attempts/{id}/draft");
    candidate.get(&path).await.problem(StatusCode::NOT_FOUND);

    let text = "openapi: 3.0.3\ninfo:\n  title: <script>alert(1)</script>\n";
    let r = candidate.put(&path, &json!({"content": text})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["content"], text);
    let r = candidate
        .put(&path, &json!({"content": format!("{text}# more\n")}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let got = candidate.get(&path).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.json()["content"], format!("{text}# more\n"), "the newest save wins");
    assert_eq!(got.json()["attempt_id"], id);

    other.get(&path).await.problem(StatusCode::NOT_FOUND);
    other
        .put(&path, &json!({"content": "x"}))
        .await
        .problem(StatusCode::NOT_FOUND);
    candidate
        .put(&path, &json!({"text": "x"}))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY);
    app.anonymous().get(&path).await.problem(StatusCode::UNAUTHORIZED);
    candidate.delete(&path).await.problem(StatusCode::METHOD_NOT_ALLOWED);
}

async fn the_session_cookie_signs_in_but_changes_need_the_csrf_token(app: TestApp) {
    let candidate = app.as_candidate("cookie@example.com").await;
    let cookie = format!("apidojo_session={}", candidate.token());
    let me = app
        .request(Method::GET, "/v1/me")
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK, "a GET needs only the cookie");

    let attempt = start(&candidate, "url-shortener").await;
    let path = format!("/v1/attempts/{}/draft", attempt["id"].as_str().unwrap());
    let body = json!({"content": "x"});
    let bare = app
        .request(Method::PUT, &path)
        .header("cookie", &cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), StatusCode::FORBIDDEN, "no CSRF token");
    let forged = app
        .request(Method::PUT, &path)
        .header("cookie", &cookie)
        .header("x-csrf-token", "0".repeat(64))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN, "a wrong CSRF token");

    // The page carries the session's token in a meta tag.
    let page = app
        .request(Method::GET, "/exercises")
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
        .request(Method::PUT, &path)
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN, "another site's Origin");
    let ok = app
        .request(Method::PUT, &path)
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
    let visitor = app.anonymous();
    let r = visitor.get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.starts_with("default-src 'none'; script-src 'self';"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert!(r.body.contains("<title>"), "every page has a title");
    // The catalogue is readable without an account, and never shows answers.
    let ex = visitor.get("/exercises/url-shortener").await;
    assert_eq!(ex.status, StatusCode::OK);
    assert!(ex.body.contains("Log in to start"));
    let page = app
        .request(Method::GET, "/no-such-page")
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let missing = visitor.get("/exercises/no-such-thing").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // An error page does not know who is looking: it offers the way to one's work, not a log-in
    // a signed-in viewer does not need.
    assert!(!missing.body.contains("href=\"/login\""), "{}", missing.body);
    assert!(missing.body.contains("href=\"/attempts\""), "{}", missing.body);
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
    let site = app.url("");
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = no_redirects
        .post(app.url("/login"))
        .header("origin", &site)
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
        .header("origin", &site)
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
        .header("origin", &site)
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
        .header("origin", &site)
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
        .header("origin", &site)
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
    app.with_token(&token)
        .get("/v1/me")
        .await
        .problem(StatusCode::UNAUTHORIZED);
}

/// Regression: `next` was kept whenever it started with one slash, so `/%09/host` (a tab, which
/// browsers drop) sent the user to another site after logging in, and CR/LF answered 500 after
/// the session had been created.
async fn log_in_sends_you_back_only_to_this_site(app: TestApp) {
    app.register("next@example.com").await;
    let site = app.url("");
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let long = format!("/{}", "a".repeat(5000));
    for (next, expected) in [
        ("/attempts?x=1", "/attempts?x=1"),
        ("/\t/evil.example", "/"),
        ("/\r\n/evil.example", "/"),
        ("/x\r\nSet-Cookie: stolen=1", "/"),
        ("/\\evil.example", "/"),
        ("//evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),
        (long.as_str(), "/"),
        ("/\u{202e}elpmaxe.live", "/"),
    ] {
        for form in ["/login", "/signup"] {
            let email = format!("n{}@example.com", uuid::Uuid::new_v4().simple());
            let fields: Vec<(&str, &str)> = if form == "/login" {
                vec![("email", "next@example.com"), ("password", PASSWORD), ("next", next)]
            } else {
                vec![
                    ("email", email.as_str()),
                    ("display_name", "Next Person"),
                    ("password", PASSWORD),
                    ("next", next),
                ]
            };
            let r = no_redirects
                .post(app.url(form))
                .header("origin", &site)
                .form(&fields)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{form} {next:?}");
            let to = r.headers()["location"].to_str().unwrap();
            let expected = if form == "/signup" && expected == "/" {
                "/exercises"
            } else {
                expected
            };
            assert_eq!(to, expected, "{form} {next:?}");
        }
    }
}

/// A form post must say it comes from this site: `Origin`, or `Referer` when a browser left the
/// origin out. A post that names neither (not how a browser sends this site's forms) is refused.
async fn forms_must_come_from_this_site(app: TestApp) {
    app.register("where@example.com").await;
    let site = app.url("");
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let log_in = |extra: Option<(&'static str, String)>| {
        let mut rb = no_redirects
            .post(app.url("/login"))
            .form(&[("email", "where@example.com"), ("password", PASSWORD)]);
        if let Some((name, value)) = extra {
            rb = rb.header(name, value);
        }
        rb.send()
    };
    assert_eq!(log_in(None).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(
        log_in(Some(("referer", "https://evil.example/login".into())))
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        log_in(Some(("origin", "null".into()))).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        log_in(Some(("referer", format!("{site}/login"))))
            .await
            .unwrap()
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        log_in(Some(("origin", site.clone()))).await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
}

/// The catalogue page never answers an edited address with an error: a repeated filter counts
/// once, an empty result offers the way back, cards do not repeat their kind as a tag, and the
/// list is in a reading order (case studies, mocks, checklists; easiest first).
async fn the_catalogue_reads_its_filters_leniently(app: TestApp) {
    let visitor = app.anonymous();
    let r = visitor.get("/exercises?kind=mock&kind=checklist&unknown=1").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.contains("Add pagination"), "the first kind counts");
    assert!(
        !r.body.contains("href=\"/exercises?tag=mock\""),
        "the kind is not repeated as a tag"
    );
    let none = visitor.get("/exercises?kind=mock&difficulty=hard&tag=chat").await;
    assert!(none.body.contains("No exercise matches these filters"), "{}", none.body);
    assert!(
        none.body.contains("href=\"/exercises\">Show every exercise"),
        "{}",
        none.body
    );
    let all = visitor.get("/exercises").await.body;
    let first_mock = all.find("class=\"tag kind\">mock").unwrap();
    let last_case_study = all.rfind("class=\"tag kind\">case-study").unwrap();
    assert!(last_case_study < first_mock, "case studies come before mocks");
}

/// Pages, styles, scripts and JSON go compressed to a client that asks, and plain to one that
/// does not.
async fn answers_are_compressed_when_the_client_asks(app: TestApp) {
    for path in ["/exercises", "/v1/exercises"] {
        let zipped = app
            .client
            .get(app.url(path))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(zipped.status(), StatusCode::OK, "{path}");
        assert_eq!(
            zipped.headers().get("content-encoding").map(|v| v.to_str().unwrap()),
            Some("gzip"),
            "{path}"
        );
        let plain = app.client.get(app.url(path)).send().await.unwrap();
        assert!(plain.headers().get("content-encoding").is_none(), "{path}");
    }
}

/// The `src="..."` of every script a page loads.
fn scripts(html: &str) -> Vec<String> {
    html.split("<script src=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// What `path` weighs on the wire when the client takes brotli or gzip.
async fn compressed_size(app: &TestApp, path: &str) -> usize {
    let r = app
        .client
        .get(app.url(path))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    assert!(r.headers().get("content-encoding").is_some(), "{path} is compressed");
    r.bytes().await.unwrap().len()
}

async fn only_the_attempt_page_loads_the_editor_and_it_stays_light(app: TestApp) {
    let candidate = app.as_candidate("editor@example.com").await;
    let cookie = format!("apidojo_session={}", candidate.token());
    let page = |path: String| {
        let cookie = cookie.clone();
        let app = &app;
        async move {
            let r = app
                .request(Method::GET, &path)
                .header("cookie", cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            let csp = r.headers()["content-security-policy"].to_str().unwrap().to_owned();
            (csp, r.text().await.unwrap())
        }
    };
    let attempt = start(&candidate, "url-shortener").await;
    let (csp, html) = page(format!("/attempts/{}", attempt["id"].as_str().unwrap())).await;
    let loaded = scripts(&html);
    let editor = loaded
        .iter()
        .find(|s| s.ends_with("/editor.js"))
        .unwrap_or_else(|| panic!("the attempt page loads the editor: {loaded:?}"));
    // The editor's styles are allowed by a nonce only the page's own script tag carries, fresh
    // for every response; scripts still come only from this site.
    let nonce = html
        .split("nonce=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the editor's script carries the nonce");
    assert_eq!(nonce.len(), 32, "{nonce}");
    assert!(csp.contains(&format!("style-src 'self' 'nonce-{nonce}';")), "{csp}");
    assert!(csp.starts_with("default-src 'none'; script-src 'self';"), "{csp}");
    let (again, _) = page(format!("/attempts/{}", attempt["id"].as_str().unwrap())).await;
    assert_ne!(again, csp, "a new nonce for every response");
    // The page's CSS and JS together stay under 200 KB on the wire.
    let style = html
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the page's style sheet");
    let mut total = compressed_size(&app, style).await;
    for s in &loaded {
        total += compressed_size(&app, s).await;
    }
    assert!(
        total < 200_000,
        "the attempt page's CSS and JS weigh {total} bytes compressed"
    );
    // The licences of the bundled packages are served beside it.
    let licences = editor.replace("/editor.js", "/editor-licenses.txt");
    let r = app.client.get(app.url(&licences)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("@codemirror/view"));

    // No other page loads it, a checklist's attempt included.
    let checklist = start(&candidate, "api-versioning").await;
    for path in [
        "/".to_owned(),
        "/exercises".to_owned(),
        "/exercises/url-shortener".to_owned(),
        "/attempts".to_owned(),
        "/progress".to_owned(),
        "/account".to_owned(),
        format!("/attempts/{}", checklist["id"].as_str().unwrap()),
    ] {
        let (csp, html) = page(path.clone()).await;
        assert!(
            !scripts(&html).iter().any(|s| s.contains("editor")),
            "{path} loads the editor"
        );
        assert!(!csp.contains("nonce"), "{path}: {csp}");
    }
}

on_both_backends!(
    only_the_attempt_page_loads_the_editor_and_it_stays_light,
    log_out_ends_that_token_on_the_server_and_no_other,
    password_change_needs_the_old_one_and_ends_other_sessions,
    drafts_are_kept_per_attempt_for_its_candidate_only,
    drafts_survive_a_second_tab_and_a_restart,
    the_session_cookie_signs_in_but_changes_need_the_csrf_token,
    pages_are_html_with_a_strict_policy,
    the_log_in_form_sets_a_strict_cookie_and_log_out_clears_it,
    log_in_sends_you_back_only_to_this_site,
    forms_must_come_from_this_site,
    answers_are_compressed_when_the_client_asks,
    the_catalogue_reads_its_filters_leniently,
);

//! Cohorts, the review queue, reviews with overrides, deadline extensions, the dashboard, and who
//! may do what.
use apidojo::db::users::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;
use crate::practice::{start, submit};

const WEAK: &str = "openapi: 3.0.3\ninfo:\n  title: Links\n  version: '1'\npaths:\n  /getLinks:\n    get:\n      responses:\n        '200':\n          description: all\n";

/// A coach with a cohort and one member who has submitted once.
struct Scene {
    cohort: String,
    code: String,
    coach: String,
    member_id: String,
    member: String,
    attempt: String,
    submission: String,
}

async fn scene(app: &TestApp) -> Scene {
    let (_, coach) = app.user_with_role("coach@example.com", Role::Coach).await;
    let r = app
        .post_json("/v1/cohorts", &json!({"name": "Spring cohort"}), Some(&coach))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let c = r.json();
    let code = c["invite"]["code"].as_str().unwrap().to_owned();
    let (member_account, member) = app.candidate("member@example.com").await;
    let j = app
        .post_json("/v1/cohorts/join", &json!({"code": code}), Some(&member))
        .await;
    assert_eq!(j.status, StatusCode::CREATED, "{}", j.body);
    let attempt = start(app, &member, "url-shortener").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let s = submit(app, &member, &attempt, WEAK, "application/yaml", None).await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
    Scene {
        cohort: c["id"].as_str().unwrap().to_owned(),
        code,
        coach,
        member_id: member_account["id"].as_str().unwrap().to_owned(),
        member,
        attempt,
        submission: s.json()["id"].as_str().unwrap().to_owned(),
    }
}

fn dim<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap()
}

async fn invite_codes_expire_can_be_revoked_and_regenerated(app: TestApp) {
    let s = scene(&app).await;
    assert_eq!(s.code.len(), 23, "five groups of four-plus-dash: {}", s.code);
    let members = app
        .get(&format!("/v1/cohorts/{}/members", s.cohort), Some(&s.coach))
        .await
        .json();
    assert_eq!(members["data"][0]["user_id"], s.member_id.as_str());
    assert_eq!(
        app.get(&format!("/v1/cohorts/{}", s.cohort), Some(&s.member))
            .await
            .status,
        StatusCode::OK
    );

    // Typed back loosely: lower case, no dashes.
    let (_, second) = app.candidate("second@example.com").await;
    let loose = s.code.replace('-', "").to_lowercase();
    assert_eq!(
        app.post_json("/v1/cohorts/join", &json!({"code": loose}), Some(&second))
            .await
            .status,
        StatusCode::CREATED
    );

    // A body that is there must be valid: nothing is made with silent defaults.
    let invites = format!("/v1/cohorts/{}/invites", s.cohort);
    for (bad, says) in [
        ("not json", "JSON object"),
        ("[]", "JSON object"),
        (r#"{"expires_in_hours": -5}"#, "/expires_in_hours"),
        (r#"{"hours": 5}"#, "/hours"),
    ] {
        let r = crate::helpers::Reply::from(
            app.request(Method::POST, &invites, Some(&s.coach))
                .header("content-type", "application/json")
                .body(bad)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert!(
            r.problem(StatusCode::UNPROCESSABLE_ENTITY).contains(says),
            "{bad}: {}",
            r.body
        );
    }
    let fresh = app
        .post_json(
            &format!("/v1/cohorts/{}/invites", s.cohort),
            &json!({"expires_in_hours": 2}),
            Some(&s.coach),
        )
        .await;
    assert_eq!(fresh.status, StatusCode::CREATED, "{}", fresh.body);
    let fresh = fresh.json();
    let (_, third) = app.candidate("third@example.com").await;
    let old = app
        .post_json("/v1/cohorts/join", &json!({"code": s.code}), Some(&third))
        .await;
    assert!(
        old.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("revoked"),
        "{}",
        old.body
    );
    let listed = app
        .get(&format!("/v1/cohorts/{}/invites", s.cohort), Some(&s.coach))
        .await;
    assert!(
        !listed.body.contains(fresh["code"].as_str().unwrap()),
        "codes are shown once"
    );
    let actives: Vec<bool> = listed.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["active"].as_bool().unwrap())
        .collect();
    assert_eq!(actives, [true, false]);

    app.expire_invites(&s.cohort);
    let expired = app
        .post_json("/v1/cohorts/join", &json!({"code": fresh["code"]}), Some(&third))
        .await;
    assert!(
        expired.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("expired"),
        "{}",
        expired.body
    );

    let newest = app
        .post_json(&format!("/v1/cohorts/{}/invites", s.cohort), &json!({}), Some(&s.coach))
        .await
        .json();
    let r = app
        .send(
            Method::DELETE,
            &format!("/v1/cohorts/{}/invites/{}", s.cohort, newest["id"].as_str().unwrap()),
            Some(&s.coach),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let revoked = app
        .post_json("/v1/cohorts/join", &json!({"code": newest["code"]}), Some(&third))
        .await;
    assert!(revoked.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("revoked"));
    let unknown = app
        .post_json(
            "/v1/cohorts/join",
            &json!({"code": "AAAAA-AAAAA-AAAAA-AAAAA"}),
            Some(&third),
        )
        .await;
    unknown.problem(StatusCode::UNPROCESSABLE_ENTITY);

    // Only coaches run cohorts; only candidates join them.
    app.post_json("/v1/cohorts", &json!({"name": "mine"}), Some(&s.member))
        .await
        .problem(StatusCode::FORBIDDEN);
    app.post_json("/v1/cohorts/join", &json!({"code": s.code}), Some(&s.coach))
        .await
        .problem(StatusCode::FORBIDDEN);
}

async fn review_queue_lists_unreviewed_work_oldest_first(app: TestApp) {
    let s = scene(&app).await;
    let (_, other) = app.candidate("other@example.com").await;
    app.post_json("/v1/cohorts/join", &json!({"code": s.code}), Some(&other))
        .await;
    let other_attempt = start(&app, &other, "payments").await["id"].as_str().unwrap().to_owned();
    let second = submit(&app, &other, &other_attempt, WEAK, "application/yaml", None)
        .await
        .json();
    let (_, outsider) = app.candidate("outsider@example.com").await;
    let out_attempt = start(&app, &outsider, "url-shortener").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    submit(&app, &outsider, &out_attempt, WEAK, "application/yaml", None).await;

    let q = app
        .get(&format!("/v1/cohorts/{}/review-queue", s.cohort), Some(&s.coach))
        .await;
    assert_eq!(q.status, StatusCode::OK, "{}", q.body);
    let q = q.json();
    let ids: Vec<&str> = q["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["submission_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [s.submission.as_str(), second["id"].as_str().unwrap()],
        "members only, oldest first"
    );
    let lowest = q["data"][0]["lowest_dimensions"].as_array().unwrap();
    assert_eq!(lowest.len(), 2);
    assert!(lowest[0]["score"].as_f64() <= lowest[1]["score"].as_f64());

    let only = app
        .get(
            &format!("/v1/cohorts/{}/review-queue?exercise=payments", s.cohort),
            Some(&s.coach),
        )
        .await
        .json();
    assert_eq!(only["data"].as_array().unwrap().len(), 1);
    assert_eq!(only["data"][0]["exercise_id"], "payments");
    let paged = app
        .get(
            &format!("/v1/cohorts/{}/review-queue?limit=1", s.cohort),
            Some(&s.coach),
        )
        .await
        .json();
    let next = paged["next_cursor"].as_str().expect("a second page");
    let page2 = app
        .get(
            &format!("/v1/cohorts/{}/review-queue?limit=1&cursor={next}", s.cohort),
            Some(&s.coach),
        )
        .await
        .json();
    assert_eq!(page2["data"][0]["submission_id"], second["id"]);

    let r = app
        .post_json(
            &format!("/v1/submissions/{}/reviews", s.submission),
            &json!({"comment": "Looks **fine**."}),
            Some(&s.coach),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let q = app
        .get(&format!("/v1/cohorts/{}/review-queue", s.cohort), Some(&s.coach))
        .await
        .json();
    let ids: Vec<&str> = q["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["submission_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [second["id"].as_str().unwrap()], "reviewed work leaves the queue");
}

async fn overrides_change_the_effective_score_and_keep_the_auto_one(app: TestApp) {
    let s = scene(&app).await;
    let before = app
        .get(&format!("/v1/submissions/{}", s.submission), Some(&s.member))
        .await
        .json();
    let auto_naming = dim(&before["effective"], "naming")["auto"].as_f64().unwrap();
    let body = json!({"comment": "Nouns, please.", "overrides": [{"dimension": "naming", "score": 95.0, "reason": "verb was in a legacy path the prompt required"}]});
    let r = app
        .post_json(
            &format!("/v1/submissions/{}/reviews", s.submission),
            &body,
            Some(&s.coach),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    assert_eq!(dim(&created["effective"], "naming")["effective"], 95.0);
    assert_eq!(dim(&created["effective"], "naming")["auto"], auto_naming);

    // The candidate sees the review, the effective score and the untouched grader report.
    let after = app
        .get(&format!("/v1/submissions/{}", s.submission), Some(&s.member))
        .await
        .json();
    assert_eq!(after["score"], before["score"], "the grader's score is kept");
    assert_eq!(after["report"], before["report"]);
    assert_eq!(dim(&after["effective"], "naming")["overridden"], true);
    assert!(after["effective"]["score"].as_f64().unwrap() > after["score"].as_f64().unwrap());
    let reviews = app
        .get(&format!("/v1/submissions/{}/reviews", s.submission), Some(&s.member))
        .await
        .json();
    assert_eq!(reviews["data"][0]["comment"], "Nouns, please.");
    assert_eq!(
        reviews["data"][0]["overrides"][0]["reason"],
        "verb was in a legacy path the prompt required"
    );

    // A second override appends; the audit keeps both changes with old and new values.
    let body = json!({"comment": "On reflection.", "overrides": [{"dimension": "naming", "score": 80.0, "reason": "second look"}]});
    assert_eq!(
        app.post_json(
            &format!("/v1/submissions/{}/reviews", s.submission),
            &body,
            Some(&s.coach)
        )
        .await
        .status,
        StatusCode::CREATED
    );
    for token in [&s.member, &s.coach] {
        let audit = app
            .get(&format!("/v1/submissions/{}/audit", s.submission), Some(token))
            .await
            .json();
        let changes: Vec<(Value, Value, Value)> = audit["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["action"] == "score_override")
            .map(|e| (e["old_value"].clone(), e["new_value"].clone(), e["reason"].clone()))
            .collect();
        assert_eq!(
            changes,
            [
                (
                    json!(auto_naming.to_string()),
                    json!("95"),
                    json!("verb was in a legacy path the prompt required")
                ),
                (json!("95"), json!("80"), json!("second look")),
            ]
        );
    }
    let now = app
        .get(&format!("/v1/submissions/{}", s.submission), Some(&s.member))
        .await
        .json();
    assert_eq!(dim(&now["effective"], "naming")["effective"], 80.0);
    // The candidate's progress shows the same effective score the coach sees.
    let progress = app.get("/v1/me/progress", Some(&s.member)).await.json();
    let naming = progress["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "naming")
        .unwrap()
        .clone();
    assert_eq!(naming["latest"], 80.0, "{naming}");

    let url = format!("/v1/submissions/{}/reviews", s.submission);
    let no_reason = app
        .post_json(
            &url,
            &json!({"comment": "x", "overrides": [{"dimension": "naming", "score": 50.0, "reason": " "}]}),
            Some(&s.coach),
        )
        .await;
    assert!(no_reason
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .contains("/overrides/0/reason"));
    let bad = app
        .post_json(
            &url,
            &json!({"comment": "x", "overrides": [{"dimension": "style", "score": 150.0, "reason": "r"}]}),
            Some(&s.coach),
        )
        .await;
    let detail = bad.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        detail.contains("/overrides/0/dimension") && detail.contains("/overrides/0/score"),
        "{detail}"
    );
}

async fn a_deadline_extension_moves_the_late_flag(app: TestApp) {
    let s = scene(&app).await;
    app.move_deadline(&s.attempt, chrono::Duration::hours(-2));
    let late = submit(&app, &s.member, &s.attempt, WEAK, "application/yaml", None)
        .await
        .json();
    assert_eq!(late["late"], true);
    let r = app
        .post_json(
            &format!("/v1/attempts/{}/extensions", s.attempt),
            &json!({"minutes": 180, "reason": "power cut"}),
            Some(&s.coach),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["expired"], false);
    let now = app
        .get(
            &format!("/v1/submissions/{}", late["id"].as_str().unwrap()),
            Some(&s.member),
        )
        .await
        .json();
    assert_eq!(now["late"], false, "lateness follows the extended deadline");
    let audit = app
        .get(&format!("/v1/attempts/{}/audit", s.attempt), Some(&s.member))
        .await
        .json();
    let e = &audit["data"][0];
    assert_eq!(e["action"], "deadline_extension");
    assert_eq!(e["reason"], "power cut");
    assert!(e["old_value"].as_str().unwrap() < e["new_value"].as_str().unwrap());
    // Every timestamp the API writes is RFC 3339 in UTC with `Z`, audit values included.
    for v in [&e["old_value"], &e["new_value"], &e["created_at"]] {
        assert!(v.as_str().unwrap().ends_with('Z'), "{v}");
    }
    let bad = app
        .post_json(
            &format!("/v1/attempts/{}/extensions", s.attempt),
            &json!({"minutes": 0, "reason": ""}),
            Some(&s.coach),
        )
        .await;
    let detail = bad.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(detail.contains("/minutes") && detail.contains("/reason"), "{detail}");
}

async fn the_dashboard_exports_effective_scores_as_csv(app: TestApp) {
    let s = scene(&app).await;
    let better = WEAK.replace("/getLinks:", "/v1/links:");
    submit(&app, &s.member, &s.attempt, &better, "application/yaml", None).await;
    let body =
        json!({"comment": "ok", "overrides": [{"dimension": "errors", "score": 99.0, "reason": "discussed aloud"}]});
    app.post_json(
        &format!("/v1/submissions/{}/reviews", s.submission),
        &body,
        Some(&s.coach),
    )
    .await;

    let d = app
        .get(&format!("/v1/cohorts/{}/scores", s.cohort), Some(&s.coach))
        .await
        .json();
    let ex = &d["members"][0]["exercises"][0];
    assert_eq!(d["members"][0]["user_id"], s.member_id.as_str());
    assert_eq!(ex["exercise_id"], "url-shortener");
    assert_eq!(ex["submissions"], 2);
    assert_eq!(
        ex["dimensions"]["errors"]["best"], 99.0,
        "the override counts as the best errors score"
    );
    assert!(
        ex["dimensions"]["errors"]["latest"].as_f64().unwrap() < 99.0,
        "the latest submission has no override"
    );
    assert!(ex["overall"]["best"].as_f64() >= ex["overall"]["latest"].as_f64());

    for (path, accept) in [
        (format!("/v1/cohorts/{}/scores", s.cohort), "text/csv"),
        (format!("/v1/cohorts/{}/scores?format=csv", s.cohort), "*/*"),
    ] {
        let r = crate::helpers::Reply::from(
            app.request(Method::GET, &path, Some(&s.coach))
                .header("accept", accept)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.header("content-type").unwrap().starts_with("text/csv"));
        let mut rdr = csv::Reader::from_reader(r.body.as_bytes());
        assert_eq!(
            rdr.headers().unwrap().iter().collect::<Vec<_>>(),
            [
                "user_id",
                "email",
                "display_name",
                "exercise_id",
                "submissions",
                "dimension",
                "latest",
                "best"
            ]
        );
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        let errors = rows.iter().find(|r| &r[5] == "errors").unwrap();
        assert_eq!(
            (&errors[1], &errors[3], &errors[7]),
            ("member@example.com", "url-shortener", "99")
        );
        assert!(rows.iter().any(|r| &r[5] == "overall"));
        assert_eq!(rows.len(), 1 + 8, "overall plus eight dimensions: {rows:?}");
    }
}

async fn a_demoted_coach_loses_their_cohorts_at_once(app: TestApp) {
    let s = scene(&app).await;
    let members = format!("/v1/cohorts/{}/members", s.cohort);
    assert_eq!(app.get(&members, Some(&s.coach)).await.status, StatusCode::OK);
    apidojo::db::users::User::set_role(&mut app.conn(), "coach@example.com", Role::Candidate).unwrap();
    let fresh = app.log_in("coach@example.com", crate::helpers::PASSWORD).await.json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    for token in [&s.coach, &fresh] {
        app.get(&members, Some(token)).await.problem(StatusCode::NOT_FOUND);
        app.get(&format!("/v1/cohorts/{}/scores", s.cohort), Some(token))
            .await
            .problem(StatusCode::NOT_FOUND);
        app.get(&format!("/v1/cohorts/{}/review-queue", s.cohort), Some(token))
            .await
            .problem(StatusCode::NOT_FOUND);
        app.post_json(&format!("/v1/cohorts/{}/invites", s.cohort), &json!({}), Some(token))
            .await
            .problem(StatusCode::NOT_FOUND);
        app.send(
            Method::DELETE,
            &format!("/v1/cohorts/{}/members/{}", s.cohort, s.member_id),
            Some(token),
            None,
        )
        .await
        .problem(StatusCode::NOT_FOUND);
    }
    // The member is still in the cohort.
    assert_eq!(
        app.get(&format!("/v1/cohorts/{}", s.cohort), Some(&s.member))
            .await
            .status,
        StatusCode::OK
    );
}

async fn who_may_do_what(app: TestApp) {
    let s = scene(&app).await;
    let (_, other) = app.candidate("nosy@example.com").await;
    let (_, other_coach) = app.user_with_role("rival@example.com", Role::Coach).await;
    app.post_json("/v1/cohorts", &json!({"name": "rival cohort"}), Some(&other_coach))
        .await;
    let (_, admin) = app.user_with_role("root@example.com", Role::Admin).await;

    let cohort = format!("/v1/cohorts/{}", s.cohort);
    let reads_for_coach_and_admin = [
        format!("{cohort}/members"),
        format!("{cohort}/review-queue"),
        format!("{cohort}/scores"),
        format!("{cohort}/invites"),
    ];
    for path in &reads_for_coach_and_admin {
        assert_eq!(
            app.get(path, Some(&s.coach)).await.status,
            StatusCode::OK,
            "coach {path}"
        );
        assert_eq!(app.get(path, Some(&admin)).await.status, StatusCode::OK, "admin {path}");
        for token in [&s.member, &other, &other_coach] {
            app.get(path, Some(token)).await.problem(StatusCode::NOT_FOUND);
        }
    }
    for token in [&s.coach, &s.member, &admin] {
        assert_eq!(app.get(&cohort, Some(token)).await.status, StatusCode::OK);
    }
    for token in [&other, &other_coach] {
        app.get(&cohort, Some(token)).await.problem(StatusCode::NOT_FOUND);
        app.post_json(&format!("{cohort}/invites"), &json!({}), Some(token))
            .await
            .problem(StatusCode::NOT_FOUND);
    }
    let rival_list = app.get("/v1/cohorts", Some(&other_coach)).await.json();
    assert!(rival_list["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["id"] != s.cohort.as_str()));

    let work = [
        format!("/v1/attempts/{}", s.attempt),
        format!("/v1/attempts/{}/submissions", s.attempt),
        format!("/v1/attempts/{}/audit", s.attempt),
        format!("/v1/submissions/{}", s.submission),
        format!("/v1/submissions/{}/reviews", s.submission),
        format!("/v1/submissions/{}/audit", s.submission),
    ];
    for path in &work {
        for token in [&s.member, &s.coach, &admin] {
            assert_eq!(app.get(path, Some(token)).await.status, StatusCode::OK, "{path}");
        }
        for token in [&other, &other_coach] {
            app.get(path, Some(token)).await.problem(StatusCode::NOT_FOUND);
        }
    }

    let review = json!({"comment": "c"});
    let reviews = format!("/v1/submissions/{}/reviews", s.submission);
    let extend = json!({"minutes": 5, "reason": "r"});
    let extensions = format!("/v1/attempts/{}/extensions", s.attempt);
    app.post_json(&reviews, &review, Some(&s.member))
        .await
        .problem(StatusCode::FORBIDDEN);
    app.post_json(&extensions, &extend, Some(&s.member))
        .await
        .problem(StatusCode::FORBIDDEN);
    for token in [&other, &other_coach] {
        app.post_json(&reviews, &review, Some(token))
            .await
            .problem(StatusCode::NOT_FOUND);
        app.post_json(&extensions, &extend, Some(token))
            .await
            .problem(StatusCode::NOT_FOUND);
    }
    for token in [&s.coach, &admin] {
        assert_eq!(
            app.post_json(&reviews, &review, Some(token)).await.status,
            StatusCode::CREATED
        );
        assert_eq!(
            app.post_json(&extensions, &extend, Some(token)).await.status,
            StatusCode::CREATED
        );
    }

    // Roles change only through an admin.
    let role = json!({"role": "coach"});
    let me = format!("/v1/accounts/{}", s.member_id);
    app.send(Method::PATCH, &me, Some(&s.member), Some(&role))
        .await
        .problem(StatusCode::FORBIDDEN);
    app.send(Method::PATCH, &me, Some(&s.coach), Some(&role))
        .await
        .problem(StatusCode::NOT_FOUND);
    let r = app
        .send(Method::PATCH, &me, Some(&admin), Some(&json!({"role": "candidate"})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Leaving ends the coach's view from then on.
    let r = app
        .send(
            Method::DELETE,
            &format!("{cohort}/members/{}", s.member_id),
            Some(&s.member),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    app.get(&format!("/v1/submissions/{}", s.submission), Some(&s.coach))
        .await
        .problem(StatusCode::NOT_FOUND);
    let q = app.get(&format!("{cohort}/review-queue"), Some(&s.coach)).await.json();
    assert!(q["data"].as_array().unwrap().is_empty(), "{q}");
    app.get(&cohort, Some(&s.member)).await.problem(StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/v1/submissions/{}", s.submission), Some(&admin))
            .await
            .status,
        StatusCode::OK
    );
}

async fn a_review_carries_comments_anchored_to_lines(app: TestApp) {
    let s = scene(&app).await;
    let path = format!("/v1/submissions/{}/reviews", s.submission);
    let lines = WEAK.lines().count() as i64;
    let bad = app
        .post_json(
            &path,
            &json!({"comment": "ok", "line_comments": [
        {"line": 0, "comment": "x"}, {"line": lines + 1, "comment": "x"}, {"line": 2, "comment": " "}]}),
            Some(&s.coach),
        )
        .await;
    bad.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let pointers: Vec<String> = bad.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        pointers,
        [
            "/line_comments/0/line",
            "/line_comments/1/line",
            "/line_comments/2/comment"
        ]
    );

    let r = app
        .post_json(
            &path,
            &json!({"comment": "Mostly fine.", "line_comments": [
        {"line": 6, "comment": "Use a plural noun: /links"}, {"line": 1, "comment": "3.1 would be newer"}]}),
            Some(&s.coach),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["line_comments"][0]["line"], 1, "ordered by line");
    let list = app.get(&path, Some(&s.member)).await.json();
    let lc = &list["data"][0]["line_comments"];
    assert_eq!(lc.as_array().unwrap().len(), 2, "{list}");
    assert_eq!(lc[1], json!({"line": 6, "comment": "Use a plural noun: /links"}));
    let _ = &s.attempt;
}

async fn the_queue_by_attempt_has_one_row_per_attempt(app: TestApp) {
    let s = scene(&app).await;
    let path = format!("/v1/cohorts/{}/queued-attempts", s.cohort);
    // A resubmission and a replayed upload of the same attempt do not add rows.
    let again = submit(&app, &s.member, &s.attempt, WEAK, "application/yaml", Some("k1")).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    let replay = submit(&app, &s.member, &s.attempt, WEAK, "application/yaml", Some("k1")).await;
    assert_eq!(replay.json()["id"], again.json()["id"]);
    let other = start(&app, &s.member, "chess").await["id"].as_str().unwrap().to_owned();
    submit(&app, &s.member, &other, WEAK, "application/yaml", None).await;

    let q = app.get(&path, Some(&s.coach)).await;
    assert_eq!(q.status, StatusCode::OK, "{}", q.body);
    let rows = q.json()["data"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["attempt_id"], s.attempt.as_str());
    assert_eq!(rows[0]["submission_id"], again.json()["id"], "the latest submission");
    assert_eq!(rows[0]["submissions"], 2);
    assert_eq!(rows[0]["display_name"], "Test User");
    assert_eq!(rows[0]["reviewed"], false);
    assert!(rows[0]["waiting_seconds"].as_i64().unwrap() >= 0);

    let filtered = app.get(&format!("{path}?exercise=chess"), Some(&s.coach)).await.json();
    assert_eq!(filtered["data"].as_array().unwrap().len(), 1);
    let paged = app.get(&format!("{path}?limit=1"), Some(&s.coach)).await.json();
    let next = paged["next_cursor"].as_str().unwrap().to_owned();
    let second = app
        .get(&format!("{path}?limit=1&cursor={next}"), Some(&s.coach))
        .await
        .json();
    assert_eq!(second["data"][0]["attempt_id"], other.as_str());

    // Reviewing the latest submission moves the attempt out of the waiting list.
    let latest = rows[0]["submission_id"].as_str().unwrap();
    let r = app
        .post_json(
            &format!("/v1/submissions/{latest}/reviews"),
            &json!({"comment": "ok"}),
            Some(&s.coach),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let waiting = app.get(&path, Some(&s.coach)).await.json();
    assert_eq!(waiting["data"].as_array().unwrap().len(), 1);
    let reviewed = app.get(&format!("{path}?state=reviewed"), Some(&s.coach)).await.json();
    assert_eq!(reviewed["data"][0]["reviewed"], true);
    app.get(&format!("{path}?state=maybe"), Some(&s.coach))
        .await
        .problem(StatusCode::BAD_REQUEST);
    app.get(&path, Some(&s.member)).await.problem(StatusCode::NOT_FOUND);
}

on_both_backends!(
    invite_codes_expire_can_be_revoked_and_regenerated,
    review_queue_lists_unreviewed_work_oldest_first,
    overrides_change_the_effective_score_and_keep_the_auto_one,
    a_deadline_extension_moves_the_late_flag,
    the_dashboard_exports_effective_scores_as_csv,
    a_demoted_coach_loses_their_cohorts_at_once,
    who_may_do_what,
    a_review_carries_comments_anchored_to_lines,
    the_queue_by_attempt_has_one_row_per_attempt,
);

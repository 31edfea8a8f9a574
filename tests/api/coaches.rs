//! Cohorts, the review queue, reviews with overrides, deadline extensions, the dashboard, and who
//! may do what.
use apidojo::db::users::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::WEAK_SPEC as WEAK;
use crate::helpers::{Client, TestApp};
use crate::on_both_backends;
use crate::practice::{start, submit};

/// A coach with a cohort and one member who has submitted once.
struct Scene<'a> {
    cohort: String,
    code: String,
    coach: Client<'a>,
    member: Client<'a>,
    attempt: String,
    submission: String,
}

async fn scene(app: &TestApp) -> Scene<'_> {
    let coach = app.as_coach("coach@example.com").await;
    let r = coach.post("/v1/cohorts", &json!({"name": "Spring cohort"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let c = r.json();
    let code = c["invite"]["code"].as_str().unwrap().to_owned();
    let member = app.as_candidate("member@example.com").await;
    let j = member.post("/v1/cohorts/join", &json!({"code": code})).await;
    assert_eq!(j.status, StatusCode::CREATED, "{}", j.body);
    let attempt = start(&member, "url-shortener").await["id"].as_str().unwrap().to_owned();
    let s = submit(&member, &attempt, WEAK, "application/yaml", None).await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
    Scene {
        cohort: c["id"].as_str().unwrap().to_owned(),
        code,
        coach,
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
    let members = s.coach.get(&format!("/v1/cohorts/{}/members", s.cohort)).await.json();
    assert_eq!(members["data"][0]["user_id"], s.member.id());
    assert_eq!(
        s.member.get(&format!("/v1/cohorts/{}", s.cohort)).await.status,
        StatusCode::OK
    );

    // Typed back loosely: lower case, no dashes.
    let second = app.as_candidate("second@example.com").await;
    let loose = s.code.replace('-', "").to_lowercase();
    assert_eq!(
        second.post("/v1/cohorts/join", &json!({"code": loose})).await.status,
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
            s.coach
                .request(Method::POST, &invites)
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
    let fresh = s
        .coach
        .post(
            &format!("/v1/cohorts/{}/invites", s.cohort),
            &json!({"expires_in_hours": 2}),
        )
        .await;
    assert_eq!(fresh.status, StatusCode::CREATED, "{}", fresh.body);
    let fresh = fresh.json();
    let third = app.as_candidate("third@example.com").await;
    let old = third.post("/v1/cohorts/join", &json!({"code": s.code})).await;
    assert!(
        old.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("revoked"),
        "{}",
        old.body
    );
    let listed = s.coach.get(&format!("/v1/cohorts/{}/invites", s.cohort)).await;
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
    let expired = third.post("/v1/cohorts/join", &json!({"code": fresh["code"]})).await;
    assert!(
        expired.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("expired"),
        "{}",
        expired.body
    );

    let newest = s
        .coach
        .post(&format!("/v1/cohorts/{}/invites", s.cohort), &json!({}))
        .await
        .json();
    let r = s
        .coach
        .delete(&format!(
            "/v1/cohorts/{}/invites/{}",
            s.cohort,
            newest["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let revoked = third.post("/v1/cohorts/join", &json!({"code": newest["code"]})).await;
    assert!(revoked.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("revoked"));
    let unknown = third
        .post("/v1/cohorts/join", &json!({"code": "AAAAA-AAAAA-AAAAA-AAAAA"}))
        .await;
    unknown.problem(StatusCode::UNPROCESSABLE_ENTITY);

    // Only coaches run cohorts; only candidates join them.
    s.member
        .post("/v1/cohorts", &json!({"name": "mine"}))
        .await
        .problem(StatusCode::FORBIDDEN);
    s.coach
        .post("/v1/cohorts/join", &json!({"code": s.code}))
        .await
        .problem(StatusCode::FORBIDDEN);
}

async fn review_queue_lists_unreviewed_work_oldest_first(app: TestApp) {
    let s = scene(&app).await;
    let other = app.as_candidate("other@example.com").await;
    other.post("/v1/cohorts/join", &json!({"code": s.code})).await;
    let other_attempt = start(&other, "payments").await["id"].as_str().unwrap().to_owned();
    let second = submit(&other, &other_attempt, WEAK, "application/yaml", None)
        .await
        .json();
    let outsider = app.as_candidate("outsider@example.com").await;
    let out_attempt = start(&outsider, "url-shortener").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    submit(&outsider, &out_attempt, WEAK, "application/yaml", None).await;

    let q = s.coach.get(&format!("/v1/cohorts/{}/review-queue", s.cohort)).await;
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

    let only = s
        .coach
        .get(&format!("/v1/cohorts/{}/review-queue?exercise=payments", s.cohort))
        .await
        .json();
    assert_eq!(only["data"].as_array().unwrap().len(), 1);
    assert_eq!(only["data"][0]["exercise_id"], "payments");
    let paged = s
        .coach
        .get(&format!("/v1/cohorts/{}/review-queue?limit=1", s.cohort))
        .await
        .json();
    let next = paged["next_cursor"].as_str().expect("a second page");
    let page2 = s
        .coach
        .get(&format!("/v1/cohorts/{}/review-queue?limit=1&cursor={next}", s.cohort))
        .await
        .json();
    assert_eq!(page2["data"][0]["submission_id"], second["id"]);

    let r = s
        .coach
        .post(
            &format!("/v1/submissions/{}/reviews", s.submission),
            &json!({"comment": "Looks **fine**."}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let q = s
        .coach
        .get(&format!("/v1/cohorts/{}/review-queue", s.cohort))
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
    let before = s.member.get(&format!("/v1/submissions/{}", s.submission)).await.json();
    let auto_naming = dim(&before["effective"], "naming")["auto"].as_f64().unwrap();
    let body = json!({"comment": "Nouns, please.", "overrides": [{"dimension": "naming", "score": 95.0, "reason": "verb was in a legacy path the prompt required"}]});
    let r = s
        .coach
        .post(&format!("/v1/submissions/{}/reviews", s.submission), &body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    assert_eq!(dim(&created["effective"], "naming")["effective"], 95.0);
    assert_eq!(dim(&created["effective"], "naming")["auto"], auto_naming);

    // The candidate sees the review, the effective score and the untouched grader report.
    let after = s.member.get(&format!("/v1/submissions/{}", s.submission)).await.json();
    assert_eq!(after["score"], before["score"], "the grader's score is kept");
    assert_eq!(after["report"], before["report"]);
    assert_eq!(dim(&after["effective"], "naming")["overridden"], true);
    assert!(after["effective"]["score"].as_f64().unwrap() > after["score"].as_f64().unwrap());
    let reviews = s
        .member
        .get(&format!("/v1/submissions/{}/reviews", s.submission))
        .await
        .json();
    assert_eq!(reviews["data"][0]["comment"], "Nouns, please.");
    assert_eq!(reviews["data"][0]["comment_html"], "<p>Nouns, please.</p>\n");
    assert_eq!(
        reviews["data"][0]["overrides"][0]["reason"],
        "verb was in a legacy path the prompt required"
    );

    // A second override appends; the audit keeps both changes with old and new values.
    let body = json!({"comment": "On reflection.", "overrides": [{"dimension": "naming", "score": 80.0, "reason": "second look"}]});
    assert_eq!(
        s.coach
            .post(&format!("/v1/submissions/{}/reviews", s.submission), &body)
            .await
            .status,
        StatusCode::CREATED
    );
    for who in [&s.member, &s.coach] {
        let audit = who.get(&format!("/v1/submissions/{}/audit", s.submission)).await.json();
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
    let now = s.member.get(&format!("/v1/submissions/{}", s.submission)).await.json();
    assert_eq!(dim(&now["effective"], "naming")["effective"], 80.0);
    // The candidate's progress shows the same effective score the coach sees.
    let progress = s.member.get("/v1/me/progress").await.json();
    let naming = progress["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "naming")
        .unwrap()
        .clone();
    assert_eq!(naming["latest"], 80.0, "{naming}");

    let url = format!("/v1/submissions/{}/reviews", s.submission);
    let no_reason = s
        .coach
        .post(
            &url,
            &json!({"comment": "x", "overrides": [{"dimension": "naming", "score": 50.0, "reason": " "}]}),
        )
        .await;
    assert!(no_reason
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .contains("/overrides/0/reason"));
    let bad = s
        .coach
        .post(
            &url,
            &json!({"comment": "x", "overrides": [{"dimension": "style", "score": 150.0, "reason": "r"}]}),
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
    let late = submit(&s.member, &s.attempt, WEAK, "application/yaml", None)
        .await
        .json();
    assert_eq!(late["late"], true);
    let r = s
        .coach
        .post(
            &format!("/v1/attempts/{}/extensions", s.attempt),
            &json!({"minutes": 180, "reason": "power cut"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["expired"], false);
    let now = s
        .member
        .get(&format!("/v1/submissions/{}", late["id"].as_str().unwrap()))
        .await
        .json();
    assert_eq!(now["late"], false, "lateness follows the extended deadline");
    let audit = s.member.get(&format!("/v1/attempts/{}/audit", s.attempt)).await.json();
    let e = &audit["data"][0];
    assert_eq!(e["action"], "deadline_extension");
    assert_eq!(e["reason"], "power cut");
    assert!(e["old_value"].as_str().unwrap() < e["new_value"].as_str().unwrap());
    // Every timestamp the API writes is RFC 3339 in UTC with `Z`, audit values included.
    for v in [&e["old_value"], &e["new_value"], &e["created_at"]] {
        assert!(v.as_str().unwrap().ends_with('Z'), "{v}");
    }
    let bad = s
        .coach
        .post(
            &format!("/v1/attempts/{}/extensions", s.attempt),
            &json!({"minutes": 0, "reason": ""}),
        )
        .await;
    let detail = bad.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(detail.contains("/minutes") && detail.contains("/reason"), "{detail}");
}

async fn the_dashboard_exports_effective_scores_as_csv(app: TestApp) {
    let s = scene(&app).await;
    let better = WEAK.replace("/getLinks:", "/v1/links:");
    submit(&s.member, &s.attempt, &better, "application/yaml", None).await;
    let body =
        json!({"comment": "ok", "overrides": [{"dimension": "errors", "score": 99.0, "reason": "discussed aloud"}]});
    s.coach
        .post(&format!("/v1/submissions/{}/reviews", s.submission), &body)
        .await;

    let d = s.coach.get(&format!("/v1/cohorts/{}/scores", s.cohort)).await.json();
    let ex = &d["members"][0]["exercises"][0];
    assert_eq!(d["members"][0]["user_id"], s.member.id());
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
            s.coach
                .request(Method::GET, &path)
                .header("accept", accept)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.header("content-type").unwrap().starts_with("text/csv"));
        // Saved under the cohort's name and the day, not "scores".
        let today = chrono::Utc::now().date_naive().format("%Y-%m-%d");
        assert_eq!(
            r.header("content-disposition"),
            Some(format!("attachment; filename=\"spring-cohort-scores-{today}.csv\"").as_str())
        );
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
    assert_eq!(s.coach.get(&members).await.status, StatusCode::OK);
    apidojo::db::users::User::set_role(&mut app.conn(), "coach@example.com", Role::Candidate).unwrap();
    let fresh = s.coach.another_session().await;
    for who in [&s.coach, &fresh] {
        who.get(&members).await.problem(StatusCode::NOT_FOUND);
        who.get(&format!("/v1/cohorts/{}/scores", s.cohort))
            .await
            .problem(StatusCode::NOT_FOUND);
        who.get(&format!("/v1/cohorts/{}/review-queue", s.cohort))
            .await
            .problem(StatusCode::NOT_FOUND);
        who.post(&format!("/v1/cohorts/{}/invites", s.cohort), &json!({}))
            .await
            .problem(StatusCode::NOT_FOUND);
        who.delete(&format!("/v1/cohorts/{}/members/{}", s.cohort, s.member.id()))
            .await
            .problem(StatusCode::NOT_FOUND);
    }
    // The member is still in the cohort.
    assert_eq!(
        s.member.get(&format!("/v1/cohorts/{}", s.cohort)).await.status,
        StatusCode::OK
    );
}

async fn who_may_do_what(app: TestApp) {
    let s = scene(&app).await;
    let other = app.as_candidate("nosy@example.com").await;
    let other_coach = app.as_coach("rival@example.com").await;
    other_coach.post("/v1/cohorts", &json!({"name": "rival cohort"})).await;
    let admin = app.as_admin("root@example.com").await;

    let cohort = format!("/v1/cohorts/{}", s.cohort);
    let reads_for_coach_and_admin = [
        format!("{cohort}/members"),
        format!("{cohort}/review-queue"),
        format!("{cohort}/scores"),
        format!("{cohort}/invites"),
    ];
    for path in &reads_for_coach_and_admin {
        assert_eq!(s.coach.get(path).await.status, StatusCode::OK, "coach {path}");
        assert_eq!(admin.get(path).await.status, StatusCode::OK, "admin {path}");
        for who in [&s.member, &other, &other_coach] {
            who.get(path).await.problem(StatusCode::NOT_FOUND);
        }
    }
    for who in [&s.coach, &s.member, &admin] {
        assert_eq!(who.get(&cohort).await.status, StatusCode::OK);
    }
    for who in [&other, &other_coach] {
        who.get(&cohort).await.problem(StatusCode::NOT_FOUND);
        who.post(&format!("{cohort}/invites"), &json!({}))
            .await
            .problem(StatusCode::NOT_FOUND);
    }
    let rival_list = other_coach.get("/v1/cohorts").await.json();
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
        for who in [&s.member, &s.coach, &admin] {
            assert_eq!(who.get(path).await.status, StatusCode::OK, "{path}");
        }
        for who in [&other, &other_coach] {
            who.get(path).await.problem(StatusCode::NOT_FOUND);
        }
    }

    let review = json!({"comment": "c"});
    let reviews = format!("/v1/submissions/{}/reviews", s.submission);
    let extend = json!({"minutes": 5, "reason": "r"});
    let extensions = format!("/v1/attempts/{}/extensions", s.attempt);
    s.member.post(&reviews, &review).await.problem(StatusCode::FORBIDDEN);
    s.member.post(&extensions, &extend).await.problem(StatusCode::FORBIDDEN);
    for who in [&other, &other_coach] {
        who.post(&reviews, &review).await.problem(StatusCode::NOT_FOUND);
        who.post(&extensions, &extend).await.problem(StatusCode::NOT_FOUND);
    }
    for who in [&s.coach, &admin] {
        assert_eq!(who.post(&reviews, &review).await.status, StatusCode::CREATED);
        assert_eq!(who.post(&extensions, &extend).await.status, StatusCode::CREATED);
    }

    // Roles change only through an admin.
    let role = json!({"role": "coach"});
    let me = format!("/v1/accounts/{}", s.member.id());
    s.member.patch(&me, &role).await.problem(StatusCode::FORBIDDEN);
    s.coach.patch(&me, &role).await.problem(StatusCode::NOT_FOUND);
    let r = admin.patch(&me, &json!({"role": "candidate"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Leaving ends the coach's view from then on.
    let r = s.member.delete(&format!("{cohort}/members/{}", s.member.id())).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    s.coach
        .get(&format!("/v1/submissions/{}", s.submission))
        .await
        .problem(StatusCode::NOT_FOUND);
    let q = s.coach.get(&format!("{cohort}/review-queue")).await.json();
    assert!(q["data"].as_array().unwrap().is_empty(), "{q}");
    s.member.get(&cohort).await.problem(StatusCode::NOT_FOUND);
    assert_eq!(
        admin.get(&format!("/v1/submissions/{}", s.submission)).await.status,
        StatusCode::OK
    );
}

async fn a_review_carries_comments_anchored_to_lines(app: TestApp) {
    let s = scene(&app).await;
    let path = format!("/v1/submissions/{}/reviews", s.submission);
    let lines = WEAK.lines().count() as i64;
    let bad = s
        .coach
        .post(
            &path,
            &json!({"comment": "ok", "line_comments": [
        {"line": 0, "comment": "x"}, {"line": lines + 1, "comment": "x"}, {"line": 2, "comment": " "}]}),
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

    let r = s
        .coach
        .post(
            &path,
            &json!({"comment": "Mostly fine.", "line_comments": [
        {"line": 6, "comment": "Use a plural noun: /links"}, {"line": 1, "comment": "3.1 would be newer"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["line_comments"][0]["line"], 1, "ordered by line");
    let list = s.member.get(&path).await.json();
    let lc = &list["data"][0]["line_comments"];
    assert_eq!(lc.as_array().unwrap().len(), 2, "{list}");
    assert_eq!(
        lc[1],
        json!({"document": "api", "line": 6, "comment": "Use a plural noun: /links"})
    );
    let _ = &s.attempt;
}

/// Regression: a NUL character in a JSON string answered 500 on PostgreSQL, whose text cannot hold
/// one. Every text field refuses it as bad input naming the field, and so do URLs and forms.
async fn a_nul_character_is_refused_in_every_text_field(app: TestApp) {
    let s = scene(&app).await;
    let nul = |text: &str| format!("{text}\u{0}!");
    let refused = |r: crate::helpers::Reply, pointer: &str| {
        let detail = r.problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body.contains(&format!("\"pointer\":\"{pointer}\"")) && r.body.contains("NUL"),
            "{pointer}: {detail} {}",
            r.body
        );
    };
    let visitor = app.anonymous();
    for field in ["email", "display_name", "password"] {
        let mut body =
            json!({"email": "nul@example.com", "display_name": "Nul", "password": "a long passphrase of mine"});
        body[field] = json!(nul(body[field].as_str().unwrap()));
        refused(visitor.post("/v1/accounts", &body).await, &format!("/{field}"));
    }
    for field in ["email", "password"] {
        let mut body = json!({"email": "member@example.com", "password": "whatever it is"});
        body[field] = json!(nul(body[field].as_str().unwrap()));
        refused(visitor.post("/v1/sessions", &body).await, &format!("/{field}"));
    }
    let m = &s.member;
    refused(
        m.post("/v1/attempts", &json!({"exercise_id": nul("chess")})).await,
        "/exercise_id",
    );
    refused(
        m.put(
            &format!("/v1/attempts/{}/draft", s.attempt),
            &json!({"content": nul("openapi")}),
        )
        .await,
        "/content",
    );
    refused(
        m.post("/v1/cohorts/join", &json!({"code": nul(&s.code)})).await,
        "/code",
    );
    let c = &s.coach;
    refused(c.post("/v1/cohorts", &json!({"name": nul("Autumn")})).await, "/name");
    let review = format!("/v1/submissions/{}/reviews", s.submission);
    refused(c.post(&review, &json!({"comment": nul("fine")})).await, "/comment");
    refused(
        c.post(
            &review,
            &json!({"comment": "fine", "line_comments": [{"line": 1, "comment": nul("here")}]}),
        )
        .await,
        "/line_comments/0/comment",
    );
    refused(
        c.post(
            &review,
            &json!({"comment": "fine", "overrides": [{"dimension": "naming", "score": 50, "reason": nul("why")}]}),
        )
        .await,
        "/overrides/0/reason",
    );
    refused(
        c.post(
            &format!("/v1/attempts/{}/extensions", s.attempt),
            &json!({"minutes": 10, "reason": nul("ill")}),
        )
        .await,
        "/reason",
    );
    // In a URL: a path id (nothing has it: 404), a filter, a cursor (400).
    let r = c.get("/v1/attempts/a%00b").await;
    assert!(r.problem(StatusCode::NOT_FOUND).contains("NUL"), "{}", r.body);
    for path in [
        format!("/v1/cohorts/{}/review-queue?exercise=x%00", s.cohort),
        "/v1/exercises?cursor=%00".to_owned(),
    ] {
        let r = c.get(&path).await;
        assert!(r.problem(StatusCode::BAD_REQUEST).contains("NUL"), "{path}: {}", r.body);
    }
    // In a form of the pages.
    let form = app
        .client
        .post(app.url("/login"))
        .header("origin", app.url(""))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=member%00%40example.com&password=whatever")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// A submission made after reading the model answer is marked in the coach's queue and does not
/// count in the cohort's scores.
async fn work_after_the_model_answer_is_marked_and_not_counted(app: TestApp) {
    let s = scene(&app).await;
    let own = s.coach.get(&format!("/v1/submissions/{}", s.submission)).await.json()["score"].clone();
    let m = &s.member;
    let ended = m
        .patch(&format!("/v1/attempts/{}", s.attempt), &json!({"ended": true}))
        .await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
    assert_eq!(
        m.get(&format!("/v1/attempts/{}/model-answer", s.attempt)).await.status,
        StatusCode::OK
    );
    let strong = include_str!("../../exercises/model-answers/url-shortener.yaml");
    let copied = submit(m, &s.attempt, strong, "application/yaml", None).await;
    assert_eq!(copied.json()["after_model_answer"], json!(true), "{}", copied.body);

    let queue = s
        .coach
        .get(&format!("/v1/cohorts/{}/queued-attempts?state=all", s.cohort))
        .await
        .json();
    assert_eq!(queue["data"][0]["after_model_answer"], json!(true), "{queue}");
    let scores = s.coach.get(&format!("/v1/cohorts/{}/scores", s.cohort)).await.json();
    let overall = &scores["members"][0]["exercises"][0]["overall"];
    assert_eq!(overall["latest"], own, "{scores}");
    assert_eq!(overall["best"], own, "{scores}");
    assert_eq!(
        scores["members"][0]["exercises"][0]["submissions"],
        json!(1),
        "{scores}"
    );
}

async fn the_queue_by_attempt_has_one_row_per_attempt(app: TestApp) {
    let s = scene(&app).await;
    let path = format!("/v1/cohorts/{}/queued-attempts", s.cohort);
    // A resubmission and a replayed upload of the same attempt do not add rows.
    let again = submit(&s.member, &s.attempt, WEAK, "application/yaml", Some("k1")).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    let replay = submit(&s.member, &s.attempt, WEAK, "application/yaml", Some("k1")).await;
    assert_eq!(replay.json()["id"], again.json()["id"]);
    let other = start(&s.member, "chess").await["id"].as_str().unwrap().to_owned();
    submit(&s.member, &other, WEAK, "application/yaml", None).await;

    let q = s.coach.get(&path).await;
    assert_eq!(q.status, StatusCode::OK, "{}", q.body);
    let rows = q.json()["data"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["attempt_id"], s.attempt.as_str());
    assert_eq!(rows[0]["submission_id"], again.json()["id"], "the latest submission");
    assert_eq!(rows[0]["submissions"], 2);
    assert_eq!(rows[0]["display_name"], "Test User");
    assert_eq!(rows[0]["reviewed"], false);
    assert!(rows[0]["waiting_seconds"].as_i64().unwrap() >= 0);

    let filtered = s.coach.get(&format!("{path}?exercise=chess")).await.json();
    assert_eq!(filtered["data"].as_array().unwrap().len(), 1);
    let paged = s.coach.get(&format!("{path}?limit=1")).await.json();
    let next = paged["next_cursor"].as_str().unwrap().to_owned();
    let second = s.coach.get(&format!("{path}?limit=1&cursor={next}")).await.json();
    assert_eq!(second["data"][0]["attempt_id"], other.as_str());

    // Reviewing the latest submission moves the attempt out of the waiting list.
    let latest = rows[0]["submission_id"].as_str().unwrap();
    let r = s
        .coach
        .post(&format!("/v1/submissions/{latest}/reviews"), &json!({"comment": "ok"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let waiting = s.coach.get(&path).await.json();
    assert_eq!(waiting["data"].as_array().unwrap().len(), 1);
    let reviewed = s.coach.get(&format!("{path}?state=reviewed")).await.json();
    assert_eq!(reviewed["data"][0]["reviewed"], true);
    s.coach
        .get(&format!("{path}?state=maybe"))
        .await
        .problem(StatusCode::BAD_REQUEST);
    s.member.get(&path).await.problem(StatusCode::NOT_FOUND);
}

on_both_backends!(
    a_nul_character_is_refused_in_every_text_field,
    work_after_the_model_answer_is_marked_and_not_counted,
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

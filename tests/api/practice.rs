//! Exercises, timed attempts and graded submissions, end to end.
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::{STRONG_SPEC as STRONG, WEAK_SPEC as WEAK};
use crate::helpers::{Client, Reply, TestApp};
use crate::on_both_backends;

/// WEAK with the verb gone from the path: one cause fixed.
fn improved() -> String {
    WEAK.replace("/getLinks:", "/v1/links:")
}

pub async fn submit(candidate: &Client<'_>, attempt: &str, body: &str, content_type: &str, key: Option<&str>) -> Reply {
    let mut rb = candidate
        .request(Method::POST, &format!("/v1/attempts/{attempt}/submissions"))
        .header("content-type", content_type)
        .body(body.to_owned());
    if let Some(k) = key {
        rb = rb.header("idempotency-key", k);
    }
    Reply::from(rb.send().await.unwrap()).await
}

pub async fn start(candidate: &Client<'_>, exercise: &str) -> Value {
    let r = candidate
        .post("/v1/attempts", &json!({ "exercise_id": exercise }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()
}

fn finding<'a>(report: &'a Value, rule: &str) -> Option<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule)
}

async fn exercises_list_paginates_and_filters(app: TestApp) {
    // The catalogue is public: the same list with or without an account.
    let visitor = app.anonymous();
    let anonymous = visitor.get("/v1/exercises?limit=7").await;
    assert_eq!(anonymous.status, StatusCode::OK, "{}", anonymous.body);
    assert!(anonymous.body.find("model_answer").is_none(), "{}", anonymous.body);
    assert_eq!(visitor.get("/v1/exercises/url-shortener").await.status, StatusCode::OK);
    let candidate = app.as_candidate("cat@example.com").await;
    let mut seen: Vec<String> = Vec::new();
    let mut path = "/v1/exercises?limit=7".to_owned();
    loop {
        let r = candidate.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = r.json();
        let ids: Vec<String> = v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect();
        assert!(ids.len() <= 7);
        seen.extend(ids);
        match v["next_cursor"].as_str() {
            Some(c) => path = format!("/v1/exercises?limit=7&cursor={c}"),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "pages neither overlap nor skip");
    for id in [
        "url-shortener",
        "payments",
        "chess",
        "price-tracker",
        "idempotency-keys",
    ] {
        assert!(seen.iter().any(|s| s == id), "{id} missing from {seen:?}");
    }
    let v = candidate.get("/v1/exercises?kind=checklist&limit=100").await.json();
    let kinds: Vec<&str> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.len() >= 5 && kinds.iter().all(|k| *k == "checklist"), "{kinds:?}");
    candidate
        .get("/v1/exercises?kind=quiz")
        .await
        .problem(StatusCode::BAD_REQUEST);
    candidate
        .get("/v1/exercises?cursor=!!!")
        .await
        .problem(StatusCode::BAD_REQUEST);
}

async fn an_exercise_never_gives_away_its_answers(app: TestApp) {
    let candidate = app.as_candidate("peek@example.com").await;
    let r = candidate.get("/v1/exercises/url-shortener").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert!(v["prompt"].as_str().unwrap().len() > 200);
    assert!(!v["capabilities"].as_array().unwrap().is_empty());
    assert!(v["capabilities"][0].get("match").is_none(), "{v}");
    assert!(v.get("model_answer").is_none(), "{v}");
    let quiz = candidate.get("/v1/exercises/idempotency-keys").await.json();
    let item = &quiz["items"][0];
    assert!(item["question"].is_string() && item["options"].is_array(), "{quiz}");
    assert!(
        item.get("answer").is_none() && item.get("explanation").is_none(),
        "{quiz}"
    );
    candidate
        .get("/v1/exercises/no-such-thing")
        .await
        .problem(StatusCode::NOT_FOUND);
}

async fn an_attempt_gets_a_server_side_deadline(app: TestApp) {
    let candidate = app.as_candidate("timer@example.com").await;
    let r = candidate
        .post(
            "/v1/attempts",
            &json!({ "exercise_id": "url-shortener", "deadline_at": "2099-01-01T00:00:00Z" }),
        )
        .await;
    r.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let r = candidate
        .post("/v1/attempts", &json!({ "exercise_id": "url-shortener" }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let a = r.json();
    assert_eq!(
        r.header("location").unwrap(),
        format!("/v1/attempts/{}", a["id"].as_str().unwrap())
    );
    let limit = candidate.get("/v1/exercises/url-shortener").await.json()["time_limit_minutes"]
        .as_i64()
        .unwrap();
    let started = chrono::DateTime::parse_from_rfc3339(a["started_at"].as_str().unwrap()).unwrap();
    let deadline = chrono::DateTime::parse_from_rfc3339(a["deadline_at"].as_str().unwrap()).unwrap();
    assert_eq!((deadline - started).num_minutes(), limit);
    assert_eq!(a["user_id"], candidate.account["id"]);
    assert_eq!(a["expired"], false);
    let listed = candidate.get("/v1/attempts").await.json();
    assert_eq!(listed["data"][0]["id"], a["id"]);
    candidate
        .post("/v1/attempts", &json!({ "exercise_id": "nope" }))
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY);
}

async fn strong_and_weak_documents_are_graded_and_stored(app: TestApp) {
    let candidate = app.as_candidate("grade@example.com").await;
    let attempt = start(&candidate, "url-shortener").await;
    let id = attempt["id"].as_str().unwrap();

    let strong = submit(&candidate, id, STRONG, "application/yaml", None).await;
    assert_eq!(strong.status, StatusCode::CREATED, "{}", strong.body);
    let s = strong.json();
    assert!(
        s["score"].as_f64().unwrap() >= 90.0,
        "model answer scored {}",
        s["score"]
    );
    assert_eq!(s["report"]["exercise"], "url-shortener");
    assert_eq!(s["late"], false);
    assert_eq!(s["rubric"], "api-design-core");

    let weak = submit(&candidate, id, WEAK, "application/yaml", None).await;
    assert_eq!(weak.status, StatusCode::CREATED, "{}", weak.body);
    let w = weak.json();
    assert!(w["score"].as_f64().unwrap() < 50.0, "weak answer scored {}", w["score"]);
    let verb = finding(&w["report"], "naming/no-verbs-in-paths").expect("the verb in /getLinks is found");
    assert_eq!(verb["pointer"], "/paths/~1getLinks");
    assert_eq!(verb["line"], 6);
    let coverage = w["report"]["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "coverage")
        .unwrap();
    assert!(coverage["score"].as_f64().unwrap() < 50.0, "{coverage}");

    // Read back: the stored report and the raw content.
    let read = candidate.get(weak.header("location").unwrap()).await;
    assert_eq!(read.status, StatusCode::OK);
    let r = read.json();
    assert_eq!(r["content"], WEAK);
    assert_eq!(r["report"], w["report"]);
    assert_eq!(r["content_sha256"].as_str().unwrap().len(), 64);

    let list = candidate.get(&format!("/v1/attempts/{id}/submissions")).await.json();
    let ids: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [w["id"].as_str().unwrap(), s["id"].as_str().unwrap()],
        "newest first"
    );
}

async fn idempotency_key_replays_and_refuses_reuse(app: TestApp) {
    let candidate = app.as_candidate("retry@example.com").await;
    let attempt = start(&candidate, "url-shortener").await;
    let id = attempt["id"].as_str().unwrap();
    let first = submit(&candidate, id, WEAK, "application/yaml", Some("key-1")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = submit(&candidate, id, WEAK, "application/yaml", Some("key-1")).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json()["id"], first.json()["id"]);
    let list = candidate.get(&format!("/v1/attempts/{id}/submissions")).await.json();
    assert_eq!(list["data"].as_array().unwrap().len(), 1, "one stored row: {list}");

    let other = submit(&candidate, id, &improved(), "application/yaml", Some("key-1")).await;
    assert!(
        other
            .problem(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("Idempotency-Key"),
        "{}",
        other.body
    );
    let list = candidate.get(&format!("/v1/attempts/{id}/submissions")).await.json();
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
}

async fn a_refused_document_is_422_and_nothing_is_stored(app: TestApp) {
    let candidate = app.as_candidate("junk@example.com").await;
    let attempt = start(&candidate, "url-shortener").await;
    let id = attempt["id"].as_str().unwrap();
    let r = submit(&candidate, id, "- just\n- a list\n", "application/yaml", None).await;
    assert!(
        r.problem(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("could not be graded"),
        "{}",
        r.body
    );
    let r = submit(
        &candidate,
        id,
        "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n",
        "application/yaml",
        None,
    )
    .await;
    assert!(
        r.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("2.0"),
        "{}",
        r.body
    );
    let r = submit(&candidate, id, WEAK, "text/plain", None).await;
    r.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // YAML declared as JSON is refused, not stored under the wrong type.
    let r = submit(&candidate, id, WEAK, "application/json", None).await;
    assert!(
        r.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE)
            .contains("application/yaml"),
        "{}",
        r.body
    );
    let list = candidate.get(&format!("/v1/attempts/{id}/submissions")).await.json();
    assert_eq!(list["data"].as_array().unwrap().len(), 0, "{list}");
}

/// Regression: the handler checked UTF-8 itself and answered without a place, hiding the
/// grader's message that says where the first bad byte is.
async fn a_document_that_is_not_utf8_is_refused_with_its_place(app: TestApp) {
    let candidate = app.as_candidate("bytes@example.com").await;
    let attempt = start(&candidate, "url-shortener").await;
    let id = attempt["id"].as_str().unwrap();
    // "café" written in Latin-1: the é is one byte that UTF-8 does not allow there.
    let mut body = b"openapi: 3.0.3\ninfo:\n  title: caf".to_vec();
    body.push(0xE9);
    body.extend_from_slice(b"\n  version: '1'\npaths: {}\n");
    let r = Reply::from(
        candidate
            .request(Method::POST, &format!("/v1/attempts/{id}/submissions"))
            .header("content-type", "application/yaml")
            .body(body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let detail = r.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        detail.contains("not UTF-8") && detail.contains("line 3") && detail.contains("column 13"),
        "{detail}"
    );
    let list = candidate.get(&format!("/v1/attempts/{id}/submissions")).await.json();
    assert_eq!(list["data"].as_array().unwrap().len(), 0, "{list}");
}

async fn submissions_after_the_deadline_are_graded_but_late(app: TestApp) {
    let candidate = app.as_candidate("late@example.com").await;
    let attempt = start(&candidate, "url-shortener").await;
    let id = attempt["id"].as_str().unwrap();
    let on_time = submit(&candidate, id, WEAK, "application/yaml", None).await.json();
    assert_eq!(on_time["late"], false);
    app.move_deadline(id, chrono::Duration::hours(-1));
    let late = submit(&candidate, id, WEAK, "application/yaml", None).await;
    assert_eq!(late.status, StatusCode::CREATED, "{}", late.body);
    assert_eq!(late.json()["late"], true);
    assert!(late.json()["score"].as_f64().is_some());
    let a = candidate.get(&format!("/v1/attempts/{id}")).await.json();
    assert_eq!(a["expired"], true);
    assert_eq!(a["seconds_remaining"], 0);
}

async fn diff_and_progress_show_what_changed(app: TestApp) {
    let candidate = app.as_candidate("progress@example.com").await;
    let attempt = start(&candidate, "url-shortener").await;
    let id = attempt["id"].as_str().unwrap();
    let before = submit(&candidate, id, WEAK, "application/yaml", None).await.json();
    let after = submit(&candidate, id, &improved(), "application/yaml", None)
        .await
        .json();
    let r = candidate
        .get(&format!(
            "/v1/submissions/{}/diff?against={}",
            after["id"].as_str().unwrap(),
            before["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let d = r.json();
    let fixed: Vec<(&str, &str)> = d["fixed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["pointer"].as_str().unwrap()))
        .collect();
    assert!(
        fixed.contains(&("naming/no-verbs-in-paths", "/paths/~1getLinks")),
        "{fixed:?}"
    );
    let naming = d["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "naming")
        .unwrap();
    assert!(naming["change"].as_f64().unwrap() > 0.0, "{naming}");
    assert!(d["score_change"].as_f64().unwrap() > 0.0, "{d}");
    // Findings already read (or gone) come without the why and fix; what to fix next comes along.
    assert!(
        d["unchanged"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f.get("why").is_none() && f.get("fix").is_none()),
        "{d}"
    );
    assert!(
        d["new"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["why"].is_string() && f["fix"].is_string()),
        "{d}"
    );
    assert!(d["fix_first"].as_array().is_some_and(|a| !a.is_empty()), "{d}");
    let p = candidate.get("/v1/me/progress").await.json();
    let naming = p["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "naming")
        .unwrap();
    assert_eq!(naming["points"].as_array().unwrap().len(), 2);
    assert_eq!(
        naming["latest"],
        after["report"]["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == "naming")
            .unwrap()["score"]
    );
    assert!(naming["best"].as_f64() >= naming["latest"].as_f64());
    assert!(p["weakest"].is_string(), "{p}");

    // A finding that lists further places (`also_at`) is compared place by place: each of its
    // places is an entry of its own. Three unbounded query strings are one rolled-up finding.
    let params = "    get:\n      parameters:\n        - { name: q, in: query, schema: { type: string } }\n        - { name: tag, in: query, schema: { type: string } }\n        - { name: owner, in: query, schema: { type: string } }\n";
    let third = submit(
        &candidate,
        id,
        &improved().replacen("    get:\n", params, 1),
        "application/yaml",
        None,
    )
    .await
    .json();
    let rolled: Vec<&Value> = third["report"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["also_at"].as_array().is_some_and(|a| a.len() == 2))
        .collect();
    assert!(!rolled.is_empty(), "{third}");
    let d = candidate
        .get(&format!(
            "/v1/submissions/{}/diff?against={}",
            third["id"].as_str().unwrap(),
            after["id"].as_str().unwrap()
        ))
        .await
        .json();
    let new: Vec<(&str, &str)> = d["new"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|f| assert!(f.get("also_at").is_none(), "{f}"))
        .map(|f| (f["rule"].as_str().unwrap(), f["pointer"].as_str().unwrap()))
        .collect();
    for f in rolled {
        let rule = f["rule"].as_str().unwrap();
        assert!(new.contains(&(rule, f["pointer"].as_str().unwrap())), "{new:?}");
        for p in f["also_at"].as_array().unwrap() {
            assert!(new.contains(&(rule, p["pointer"].as_str().unwrap())), "{new:?}");
        }
    }
}

/// Regression: the model answer opened with the first submission, so pasting it in and
/// resubmitting scored 100 mid-attempt and counted as the candidate's own result.
async fn the_model_answer_opens_only_when_the_attempt_is_finished(app: TestApp) {
    let candidate = app.as_candidate("model@example.com").await;
    let attempt = start(&candidate, "url-shortener").await;
    let id = attempt["id"].as_str().unwrap();
    assert_eq!(attempt["finished"], json!(false));
    let model = format!("/v1/attempts/{id}/model-answer");
    candidate.get(&model).await.problem(StatusCode::CONFLICT);
    let own = submit(&candidate, id, WEAK, "application/yaml", None).await;
    assert_eq!(own.json()["after_model_answer"], json!(false));
    // A submission does not open it: the attempt still runs.
    let refused = candidate.get(&model).await;
    assert!(
        refused.problem(StatusCode::CONFLICT).contains("finished"),
        "{}",
        refused.body
    );

    // Only the candidate ends it, and only to end it.
    let bob = app.as_candidate("bob@example.com").await;
    bob.patch(&format!("/v1/attempts/{id}"), &json!({"ended": true}))
        .await
        .problem(StatusCode::NOT_FOUND);
    let resume = candidate
        .patch(&format!("/v1/attempts/{id}"), &json!({"ended": false}))
        .await;
    assert!(resume.body.contains("/ended"), "{}", resume.body);
    resume.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let ended = candidate
        .patch(&format!("/v1/attempts/{id}"), &json!({"ended": true}))
        .await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
    let ended = ended.json();
    assert_eq!(ended["finished"], json!(true));
    assert!(ended["ended_at"].is_string(), "{ended}");
    let again = candidate
        .patch(&format!("/v1/attempts/{id}"), &json!({"ended": true}))
        .await
        .json();
    assert_eq!(again["ended_at"], ended["ended_at"], "ending twice changes nothing");

    let r = candidate.get(&model).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, STRONG);
    // As described: YAML text whose parsed value matches the documented response schema.
    assert_eq!(r.header("content-type"), Some("application/yaml"));
    let described = &apidojo::api::openapi::document()["paths"]["/v1/attempts/{attempt_id}/model-answer"]["get"]
        ["responses"]["200"]["content"]["application/yaml"]["schema"];
    let parsed = apidojo::grading::load::parse_yaml(&r.body, &apidojo::grading::Limits::default()).unwrap();
    assert!(
        jsonschema::is_valid(described, &parsed),
        "the model answer does not match its description {described}"
    );

    // What is submitted after reading it is marked, everywhere, and is not the candidate's own
    // result: progress keeps only the first submission.
    let copied = submit(&candidate, id, STRONG, "application/yaml", None).await;
    assert_eq!(copied.status, StatusCode::CREATED, "{}", copied.body);
    let copied = copied.json();
    assert_eq!(copied["after_model_answer"], json!(true));
    let read = candidate
        .get(&format!("/v1/submissions/{}", copied["id"].as_str().unwrap()))
        .await
        .json();
    assert_eq!(read["after_model_answer"], json!(true));
    let listed = candidate.get(&format!("/v1/attempts/{id}/submissions")).await.json();
    let marks: Vec<&Value> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["after_model_answer"])
        .collect();
    assert_eq!(marks, [&json!(true), &json!(false)], "newest first: {listed}");
    let progress = candidate.get("/v1/me/progress").await.json();
    let naming = progress["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "naming")
        .unwrap();
    assert_eq!(naming["points"].as_array().unwrap().len(), 1, "{naming}");
    assert_eq!(naming["points"][0]["submission_id"], own.json()["id"]);

    // Past its deadline an attempt is finished too, without being ended.
    let late = start(&bob, "url-shortener").await;
    let late_id = late["id"].as_str().unwrap();
    bob.get(&format!("/v1/attempts/{late_id}/model-answer"))
        .await
        .problem(StatusCode::CONFLICT);
    app.move_deadline(late_id, -chrono::Duration::hours(2));
    assert_eq!(
        bob.get(&format!("/v1/attempts/{late_id}/model-answer")).await.status,
        StatusCode::OK
    );
}

async fn checklist_answers_are_graded_per_item(app: TestApp) {
    let candidate = app.as_candidate("quiz@example.com").await;
    let attempt = start(&candidate, "idempotency-keys").await;
    let id = attempt["id"].as_str().unwrap();
    let answers = json!({"answers": {"idempotent-methods": ["a", "c", "d"], "unsafe-failure": "a"}}).to_string();
    let r = submit(&candidate, id, &answers, "application/json", None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    let items = v["report"]["items"].as_array().unwrap();
    assert_eq!(items[0]["correct"], true);
    assert_eq!(items[1]["correct"], false);
    assert!(items[1]["explanation"].as_str().unwrap().len() > 20);
    // Items left unanswered keep their answer key to themselves.
    assert!(
        items[2..]
            .iter()
            .all(|i| i.get("expected").is_none() && i.get("explanation").is_none()),
        "{v}"
    );
    // So does grading outside an attempt, however many items it answers.
    let stateless = Reply::from(
        candidate
            .request(Method::POST, "/v1/grade?exercise=idempotency-keys")
            .header("content-type", "application/json")
            .body(answers.clone())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(stateless.status, StatusCode::OK, "{}", stateless.body);
    assert!(
        !stateless.body.contains("\"expected\"") && !stateless.body.contains("\"explanation\""),
        "{}",
        stateless.body
    );
    let n = items.len() as f64;
    assert_eq!(v["score"].as_f64().unwrap(), (1000.0 / n).round() / 10.0);
    let bad = submit(
        &candidate,
        id,
        r#"{"answers": {"unsafe-failure": "zz"}}"#,
        "application/json",
        None,
    )
    .await;
    assert!(
        bad.problem(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("/answers/unsafe-failure"),
        "{}",
        bad.body
    );
    submit(&candidate, id, "answers: {}", "application/yaml", None)
        .await
        .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

async fn other_candidates_work_is_not_found(app: TestApp) {
    let alice = app.as_candidate("alice@example.com").await;
    let bob = app.as_candidate("bob@example.com").await;
    let attempt = start(&alice, "url-shortener").await;
    let aid = attempt["id"].as_str().unwrap();
    let sub = submit(&alice, aid, WEAK, "application/yaml", None).await.json();
    let sid = sub["id"].as_str().unwrap();
    let mine = start(&bob, "url-shortener").await;
    let bob_sub = submit(&bob, mine["id"].as_str().unwrap(), WEAK, "application/yaml", None)
        .await
        .json();

    bob.get(&format!("/v1/attempts/{aid}"))
        .await
        .problem(StatusCode::NOT_FOUND);
    bob.get(&format!("/v1/attempts/{aid}/submissions"))
        .await
        .problem(StatusCode::NOT_FOUND);
    bob.get(&format!("/v1/attempts/{aid}/model-answer"))
        .await
        .problem(StatusCode::NOT_FOUND);
    submit(&bob, aid, WEAK, "application/yaml", None)
        .await
        .problem(StatusCode::NOT_FOUND);
    bob.get(&format!("/v1/submissions/{sid}"))
        .await
        .problem(StatusCode::NOT_FOUND);
    bob.get(&format!(
        "/v1/submissions/{sid}/diff?against={}",
        bob_sub["id"].as_str().unwrap()
    ))
    .await
    .problem(StatusCode::NOT_FOUND);
    bob.get(&format!(
        "/v1/submissions/{}/diff?against={sid}",
        bob_sub["id"].as_str().unwrap()
    ))
    .await
    .problem(StatusCode::NOT_FOUND);
    let listed = bob.get("/v1/attempts").await.json();
    assert!(listed["data"].as_array().unwrap().iter().all(|a| a["id"] != aid));
    let progress = bob.get("/v1/me/progress").await.json();
    let naming = progress["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "naming")
        .unwrap();
    assert_eq!(
        naming["points"].as_array().unwrap().len(),
        1,
        "only bob's own submission"
    );
    // Unknown ids look exactly like other people's.
    let unknown = uuid::Uuid::new_v4();
    bob.get(&format!("/v1/attempts/{unknown}"))
        .await
        .problem(StatusCode::NOT_FOUND);
    bob.get(&format!("/v1/submissions/{unknown}"))
        .await
        .problem(StatusCode::NOT_FOUND);
}

mod limited {
    use super::*;

    async fn stateless_grading_is_rate_limited_per_user(app: TestApp) {
        let app = app.restart_with(|s| s.grade_per_minute = 2);
        let candidate = app.as_candidate("quick@example.com").await;
        let other = app.as_candidate("other@example.com").await;
        async fn grade(who: &Client<'_>) -> Reply {
            Reply::from(
                who.request(Method::POST, "/v1/grade?exercise=url-shortener")
                    .header("content-type", "application/yaml")
                    .body(WEAK)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
        let r = grade(&candidate).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(finding(&r.json(), "naming/no-verbs-in-paths").is_some());
        assert_eq!(grade(&candidate).await.status, StatusCode::OK);
        let r = grade(&candidate).await;
        r.problem(StatusCode::TOO_MANY_REQUESTS);
        assert!(r.header("retry-after").is_some());
        assert_eq!(grade(&other).await.status, StatusCode::OK, "other users are unaffected");
    }

    async fn oversized_documents_are_413_before_grading(app: TestApp) {
        let app = app.restart_with(|s| s.max_document_bytes = 1024);
        let candidate = app.as_candidate("big@example.com").await;
        let attempt = start(&candidate, "url-shortener").await;
        let r = submit(
            &candidate,
            attempt["id"].as_str().unwrap(),
            STRONG,
            "application/yaml",
            None,
        )
        .await;
        assert!(
            r.problem(StatusCode::PAYLOAD_TOO_LARGE).contains("1024 bytes"),
            "{}",
            r.body
        );
    }

    on_both_backends!(
        stateless_grading_is_rate_limited_per_user,
        oversized_documents_are_413_before_grading
    );
}

/// An AsyncAPI 3.0 document sent alone is graded on the events rules: the `events` dimension, its
/// findings naming the event document, the AsyncAPI version; an AsyncAPI 2 document is refused.
async fn an_event_document_is_graded_on_its_own(app: TestApp) {
    let candidate = app.as_candidate("events@example.com").await;
    let send = |body: &'static str| {
        candidate
            .request(Method::POST, "/v1/grade")
            .header("content-type", "application/yaml")
            .body(body)
            .send()
    };
    let r = Reply::from(send(include_str!("../fixtures/events/weak.yaml")).await.unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let report = r.json();
    assert_eq!(report["asyncapi_version"], "3.0.0");
    let events = report["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "events")
        .unwrap();
    assert!(events["score"].as_f64().unwrap() < 20.0, "{events}");
    let resume = finding(&report, "events/resume").expect("no resume point is found");
    assert_eq!(
        (resume["document"].as_str(), resume["dimension"].as_str()),
        (Some("events"), Some("events"))
    );
    let v2 = Reply::from(send(include_str!("../fixtures/events/v2.yaml")).await.unwrap()).await;
    assert!(v2
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .contains("convert the document to AsyncAPI 3.0"));
}

on_both_backends!(
    exercises_list_paginates_and_filters,
    an_event_document_is_graded_on_its_own,
    an_exercise_never_gives_away_its_answers,
    an_attempt_gets_a_server_side_deadline,
    strong_and_weak_documents_are_graded_and_stored,
    idempotency_key_replays_and_refuses_reuse,
    a_refused_document_is_422_and_nothing_is_stored,
    a_document_that_is_not_utf8_is_refused_with_its_place,
    submissions_after_the_deadline_are_graded_but_late,
    diff_and_progress_show_what_changed,
    the_model_answer_opens_only_when_the_attempt_is_finished,
    checklist_answers_are_graded_per_item,
    other_candidates_work_is_not_found,
);

//! Real-time case studies: two documents (the API and its AsyncAPI event document) drafted,
//! submitted, graded and reviewed together, end to end.
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{Client, Reply, TestApp};
use crate::on_both_backends;
use crate::practice::{start, submit};

const DESIGN: &str = "application/vnd.apidojo.design+json";

fn file(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn api_answer() -> String {
    file("exercises/model-answers/chat-messenger.yaml")
}

fn events_answer() -> String {
    file("exercises/model-answers/events/chat-messenger.yaml")
}

fn weak_events() -> String {
    file("tests/fixtures/events/weak.yaml")
}

fn design(api: &str, events: &str) -> String {
    json!({ "openapi": api, "asyncapi": events }).to_string()
}

async fn submit_design(candidate: &Client<'_>, attempt: &str, body: &str, key: Option<&str>) -> Reply {
    submit(candidate, attempt, body, DESIGN, key).await
}

fn findings_in<'a>(report: &'a Value, document: Option<&str>) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["document"].as_str() == document)
        .collect()
}

fn pointers(r: &Reply) -> Vec<String> {
    r.json()["errors"]
        .as_array()
        .map(|a| a.iter().map(|e| e["pointer"].as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

async fn a_real_time_case_study_takes_both_documents(app: TestApp) {
    let candidate = app.as_candidate("rt@example.com").await;
    let chat = candidate.get("/v1/exercises/chat-messenger").await.json();
    assert_eq!(chat["takes_event_document"], true, "{chat}");
    let short = candidate.get("/v1/exercises/url-shortener").await.json();
    assert_eq!(short["takes_event_document"], false, "{short}");

    let attempt = start(&candidate, "chat-messenger").await["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Drafts keep both documents.
    let draft = format!("/v1/attempts/{attempt}/draft");
    let saved = candidate
        .put(
            &draft,
            &json!({ "content": "openapi: 3.0.3\n", "events_content": "asyncapi: 3.0.0\n" }),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let back = candidate.get(&draft).await.json();
    assert_eq!(back["content"], "openapi: 3.0.3\n");
    assert_eq!(back["events_content"], "asyncapi: 3.0.0\n");

    // The pair: the model answer's API beside a weak event design. One report covers both, and
    // each finding in the event document says so, with its line there.
    let weak = submit_design(&candidate, &attempt, &design(&api_answer(), &weak_events()), None).await;
    assert_eq!(weak.status, StatusCode::CREATED, "{}", weak.body);
    let weak_id = weak.json()["id"].as_str().unwrap().to_owned();
    let report = &weak.json()["report"];
    let in_events = findings_in(report, Some("events"));
    assert!(!in_events.is_empty(), "{report}");
    // The events rules, and the interviewer's probes of the event design.
    assert!(
        in_events.iter().all(|f| {
            let rule = f["rule"].as_str().unwrap();
            rule.starts_with("events/") || rule == "coverage/expectations"
        }),
        "{report}"
    );
    assert!(
        in_events.iter().any(|f| f["rule"] == "coverage/expectations"),
        "the chat probes of the event design are missed: {report}"
    );
    assert!(in_events.iter().all(|f| f["line"].as_u64().unwrap() >= 1));
    assert!(
        in_events.iter().any(|f| f["rule"] == "events/envelope"),
        "a catch-all channel with untyped data has no envelope: {report}"
    );
    let events_dim = report["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "events")
        .unwrap();
    let weak_events_score = events_dim["score"].as_f64().unwrap();
    assert!(weak_events_score < 50.0, "{events_dim}");

    // The stored submission gives both documents back as they were sent.
    let stored = candidate.get(&format!("/v1/submissions/{weak_id}")).await.json();
    assert_eq!(stored["content"], api_answer());
    assert_eq!(stored["events_content"], weak_events());
    assert_eq!(stored["content_type"], "application/yaml");

    // The model answer's pair scores higher, and its event document has nothing to fix.
    let good = submit_design(&candidate, &attempt, &design(&api_answer(), &events_answer()), None).await;
    assert_eq!(good.status, StatusCode::CREATED, "{}", good.body);
    let good_report = &good.json()["report"];
    assert!(findings_in(good_report, Some("events")).is_empty(), "{good_report}");
    assert!(
        good.json()["score"].as_f64().unwrap() > weak.json()["score"].as_f64().unwrap(),
        "{} vs {}",
        good.json()["score"],
        weak.json()["score"]
    );

    // An event document that cannot be read: 422 naming the field, in the API's words.
    let broken = submit_design(
        &candidate,
        &attempt,
        &design(&api_answer(), "asyncapi: 3.0.0\nchannels: [\n"),
        None,
    )
    .await;
    let detail = broken.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(pointers(&broken), ["/asyncapi"], "{}", broken.body);
    assert!(detail.contains("event document") && detail.contains("line"), "{detail}");
    // An OpenAPI document where the events go.
    let swapped = submit_design(&candidate, &attempt, &design(&api_answer(), &api_answer()), None).await;
    swapped.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(pointers(&swapped), ["/asyncapi"], "{}", swapped.body);
    // Neither document.
    let empty = submit_design(&candidate, &attempt, &design("", "  \n"), None).await;
    empty.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(pointers(&empty), ["/openapi"], "{}", empty.body);
    // A field the body does not have.
    let unknown = submit_design(
        &candidate,
        &attempt,
        &json!({"openapi": "x", "graphql": "y"}).to_string(),
        None,
    )
    .await;
    let detail = unknown.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(detail.contains("graphql"), "{detail}");

    // The event document alone is graded too.
    let alone = submit_design(
        &candidate,
        &attempt,
        &json!({ "asyncapi": events_answer() }).to_string(),
        None,
    )
    .await;
    assert_eq!(alone.status, StatusCode::CREATED, "{}", alone.body);
    assert_eq!(alone.json()["report"]["asyncapi_version"], "3.0.0");

    // A retry with the same key replays; the same key with another event document is refused.
    let body = design(&api_answer(), &events_answer());
    let first = submit_design(&candidate, &attempt, &body, Some("pair-1")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = submit_design(&candidate, &attempt, &body, Some("pair-1")).await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json()["id"], first.json()["id"]);
    let other = submit_design(
        &candidate,
        &attempt,
        &design(&api_answer(), &weak_events()),
        Some("pair-1"),
    )
    .await;
    other.problem(StatusCode::UNPROCESSABLE_ENTITY);

    // Stateless grading takes the pair too.
    let graded = candidate
        .request(Method::POST, "/v1/grade?exercise=chat-messenger")
        .header("content-type", DESIGN)
        .body(design(&api_answer(), &weak_events()))
        .send()
        .await
        .unwrap();
    let graded = Reply::from(graded).await;
    assert_eq!(graded.status, StatusCode::OK, "{}", graded.body);
    assert!(!findings_in(&graded.json(), Some("events")).is_empty());

    // The event half of the model answer opens with the attempt's end.
    let model = format!("/v1/attempts/{attempt}/model-answer/events");
    candidate.get(&model).await.problem(StatusCode::CONFLICT);
    let ended = candidate
        .patch(&format!("/v1/attempts/{attempt}"), &json!({ "ended": true }))
        .await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
    let text = candidate.get(&model).await;
    assert_eq!(text.status, StatusCode::OK, "{}", text.body);
    assert!(
        text.body.starts_with("asyncapi:") || text.body.contains("\nasyncapi: 3"),
        "{}",
        text.body
    );
}

async fn an_exercise_without_events_refuses_an_event_document(app: TestApp) {
    let candidate = app.as_candidate("rest@example.com").await;
    let attempt = start(&candidate, "url-shortener").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let draft = candidate
        .put(
            &format!("/v1/attempts/{attempt}/draft"),
            &json!({ "content": "openapi: 3.0.3\n", "events_content": "asyncapi: 3.0.0\n" }),
        )
        .await;
    draft.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(pointers(&draft), ["/events_content"]);
    let s = submit_design(
        &candidate,
        &attempt,
        &design("openapi: 3.0.3\n", &events_answer()),
        None,
    )
    .await;
    let detail = s.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(pointers(&s), ["/asyncapi"]);
    assert!(detail.contains("takes no event document"), "{detail}");
    // Without an event document the two-document body is the API document alone.
    let api = file("exercises/model-answers/url-shortener.yaml");
    let alone = submit_design(&candidate, &attempt, &json!({ "openapi": api }).to_string(), None).await;
    assert_eq!(alone.status, StatusCode::CREATED, "{}", alone.body);
    let model = candidate
        .patch(&format!("/v1/attempts/{attempt}"), &json!({ "ended": true }))
        .await;
    assert_eq!(model.status, StatusCode::OK);
    candidate
        .get(&format!("/v1/attempts/{attempt}/model-answer/events"))
        .await
        .problem(StatusCode::NOT_FOUND);
}

async fn a_coach_comments_on_lines_of_the_event_document(app: TestApp) {
    let coach = app.as_coach("rt-coach@example.com").await;
    let cohort = coach.post("/v1/cohorts", &json!({"name": "Real time"})).await.json();
    let code = cohort["invite"]["code"].as_str().unwrap();
    let member = app.as_candidate("rt-member@example.com").await;
    assert_eq!(
        member.post("/v1/cohorts/join", &json!({"code": code})).await.status,
        StatusCode::CREATED
    );
    let attempt = start(&member, "chat-messenger").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let s = submit_design(&member, &attempt, &design(&api_answer(), &weak_events()), None).await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
    let id = s.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/v1/submissions/{id}/reviews");
    let events_lines = weak_events().lines().count();

    let bad = coach
        .post(
            &path,
            &json!({"comment": "ok", "line_comments": [
                {"document": "events", "line": events_lines + 1, "comment": "x"},
                {"document": "graphql", "line": 1, "comment": "x"}]}),
        )
        .await;
    bad.problem(StatusCode::UNPROCESSABLE_ENTITY);

    let r = coach
        .post(
            &path,
            &json!({"comment": "The API is solid; the events are not.", "line_comments": [
                {"document": "events", "line": 10, "comment": "One catch-all channel: name the events."},
                {"line": 3, "comment": "Good title."}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let list = member.get(&path).await.json();
    let lc = list["data"][0]["line_comments"].as_array().unwrap().clone();
    assert!(
        lc.contains(&json!({"document": "events", "line": 10, "comment": "One catch-all channel: name the events."})),
        "{list}"
    );
    assert!(
        lc.contains(&json!({"document": "api", "line": 3, "comment": "Good title."})),
        "{list}"
    );

    // A submission without an event document has no event lines to comment on.
    let rest = start(&member, "url-shortener").await["id"].as_str().unwrap().to_owned();
    let one = submit(&member, &rest, crate::common::WEAK_SPEC, "application/yaml", None).await;
    let one_id = one.json()["id"].as_str().unwrap().to_owned();
    let none = coach
        .post(
            &format!("/v1/submissions/{one_id}/reviews"),
            &json!({"comment": "ok", "line_comments": [{"document": "events", "line": 1, "comment": "x"}]}),
        )
        .await;
    none.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(pointers(&none), ["/line_comments/0/document"]);
}

on_both_backends!(
    a_real_time_case_study_takes_both_documents,
    an_exercise_without_events_refuses_an_event_document,
    a_coach_comments_on_lines_of_the_event_document,
);

//! The question bank and its drills, end to end: answers never leak, reviews are graded and
//! scheduled, a question answered is not due again today, a graded submission's mistakes and a
//! case study's follow-ups bring questions due, and a coach sees the cohort's drills.
use std::collections::BTreeSet;

use apidojo::catalog::{Catalog, QuestionKind};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::WEAK_SPEC as WEAK;
use crate::helpers::{Client, TestApp};
use crate::on_both_backends;
use crate::practice::{start, submit};

/// Every explanation and model answer of the bank: none may appear where no answer is due.
fn secrets() -> Vec<String> {
    let catalog = Catalog::builtin();
    catalog
        .questions()
        .all()
        .iter()
        .flat_map(|q| {
            let mut s = vec![q.explanation.trim().to_owned()];
            if q.kind == QuestionKind::Flashcard {
                s.push(q.answer_text().trim().to_owned());
            }
            s
        })
        .collect()
}

fn assert_no_answers(body: &str, secrets: &[String]) {
    let v: Value = serde_json::from_str(body).unwrap();
    for key in ["answer", "right_answer", "model_answer", "explanation"] {
        assert!(!has_key(&v, key), "`{key}` in {body:.300}");
    }
    // Serialised strings escape newlines: compare the JSON text of each secret.
    for s in secrets {
        let as_json = serde_json::to_string(s).unwrap();
        let inner = &as_json[1..as_json.len() - 1];
        assert!(!body.contains(inner), "an answer leaked: {s:.80}");
    }
}

fn has_key(v: &Value, key: &str) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, x)| k == key || has_key(x, key)),
        Value::Array(a) => a.iter().any(|x| has_key(x, key)),
        _ => false,
    }
}

/// The first question of the bank of a kind, with its id and right answer.
fn first_of(kind: QuestionKind) -> (String, Vec<String>) {
    let catalog = Catalog::builtin();
    let q = catalog.questions().all().iter().find(|q| q.kind == kind).unwrap();
    (q.id.clone(), q.answer_ids().iter().map(|s| s.to_string()).collect())
}

fn due_ids(due: &Value) -> Vec<String> {
    due["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["question"]["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn the_bank_is_public_filtered_paginated_and_never_answers(app: TestApp) {
    let secrets = secrets();
    let anyone = app.anonymous();
    let mut seen = BTreeSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/questions?limit=100&cursor={c}"),
            None => "/v1/questions?limit=100".to_owned(),
        };
        let r = anyone.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_no_answers(&r.body, &secrets);
        let page = r.json();
        for q in page["data"].as_array().unwrap() {
            assert!(
                seen.insert(q["id"].as_str().unwrap().to_owned()),
                "a question served twice"
            );
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), Catalog::builtin().questions().len());
    assert!(seen.len() >= 150);

    let senior_security = anyone
        .get("/v1/questions?part=security&difficulty=senior&limit=100")
        .await
        .json();
    let items = senior_security["data"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items
        .iter()
        .all(|q| q["part"] == "security" && q["difficulty"] == "senior"));
    let flashcards = anyone.get("/v1/questions?kind=flashcard&limit=5").await.json();
    assert!(flashcards["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|q| q["kind"] == "flashcard" && q["options"] == json!([])));

    let bad = anyone.get("/v1/questions?part=networking").await;
    let detail = bad.problem(StatusCode::BAD_REQUEST);
    assert!(detail.starts_with("part must be one of: foundations,"), "{detail}");
    let bad = anyone.get("/v1/questions?difficulty=expert").await;
    assert!(bad
        .problem(StatusCode::BAD_REQUEST)
        .contains("warm-up, junior, mid, senior"));

    let (id, _) = first_of(QuestionKind::Single);
    let one = anyone.get(&format!("/v1/questions/{id}")).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_no_answers(&one.body, &secrets);
    anyone
        .get("/v1/questions/no-such-question")
        .await
        .problem(StatusCode::NOT_FOUND);
}

async fn answers_are_graded_scheduled_and_not_due_again_today(app: TestApp) {
    let secrets = secrets();
    let candidate = app.as_candidate("drill@example.com").await;
    let due = candidate.get("/v1/drills/due").await;
    assert_eq!(due.status, StatusCode::OK, "{}", due.body);
    assert_no_answers(&due.body, &secrets);
    let d = due.json();
    // A newcomer's queue: the first ten questions of the outline, all new.
    assert_eq!(
        (d["new"].as_u64(), d["new_per_day"].as_u64(), d["nudged"].as_u64()),
        (Some(10), Some(10), Some(0))
    );
    assert!(d["data"].as_array().unwrap().iter().all(|i| i["reason"] == "new"));

    // Its explanation is not the candidate's before an answer.
    let (single, right) = first_of(QuestionKind::Single);
    candidate
        .get(&format!("/v1/questions/{single}/explanation"))
        .await
        .problem(StatusCode::NOT_FOUND);

    // A wrong answer: again, back tomorrow, with the right answer and why.
    let wrong = ["a", "b", "c", "d"].into_iter().find(|o| *o != right[0]).unwrap();
    let r = candidate
        .post("/v1/drills/reviews", &json!({ "question_id": single, "answer": wrong }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let review = r.json();
    assert_eq!(
        (review["rating"].as_str(), review["correct"].as_bool()),
        (Some("again"), Some(false))
    );
    assert_eq!(review["right_answer"], json!(right));
    assert!(review["explanation"].as_str().unwrap().len() > 20);
    assert_eq!(review["interval_days"], 1);
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(1)).to_string();
    assert_eq!(review["next_due_at"], format!("{tomorrow}T00:00:00Z"));
    assert_eq!(
        r.header("location"),
        Some(format!("/v1/drills/reviews/{}", review["id"].as_str().unwrap()).as_str())
    );
    // Now the explanation is the candidate's.
    assert_eq!(
        candidate
            .get(&format!("/v1/questions/{single}/explanation"))
            .await
            .status,
        StatusCode::OK
    );

    // The right answer on another question: good, later than again.
    let (other, other_right) = {
        let catalog = Catalog::builtin();
        let q = catalog
            .questions()
            .all()
            .iter()
            .find(|q| q.kind == QuestionKind::Single && q.id != single)
            .unwrap();
        (q.id.clone(), q.answer_ids()[0].to_owned())
    };
    let good = candidate
        .post(
            "/v1/drills/reviews",
            &json!({ "question_id": other, "answer": [other_right] }),
        )
        .await
        .json();
    assert_eq!(
        (good["rating"].as_str(), good["correct"].as_bool()),
        (Some("good"), Some(true))
    );
    assert!(
        good["next_due_at"].as_str().unwrap() > review["next_due_at"].as_str().unwrap(),
        "{good} {review}"
    );

    // Neither is due again today; the new allowance counts them.
    let d = candidate.get("/v1/drills/due").await.json();
    let ids = due_ids(&d);
    assert!(!ids.contains(&single) && !ids.contains(&other), "{ids:?}");
    assert_eq!(
        (d["new_today"].as_u64(), d["new"].as_u64(), d["reviewed_today"].as_u64()),
        (Some(2), Some(8), Some(2))
    );

    // A day later (the log moved a day into the past), the "again" is due for review and the
    // "good" (two days) is not.
    {
        use apidojo::db::schema::drill_reviews::dsl;
        use diesel::prelude::*;
        let mut conn = app.conn();
        let rows: Vec<(String, chrono::NaiveDateTime)> = dsl::drill_reviews
            .select((dsl::id, dsl::reviewed_at))
            .load(&mut conn)
            .unwrap();
        for (id, at) in rows {
            diesel::update(dsl::drill_reviews.find(id))
                .set(dsl::reviewed_at.eq(at - chrono::Duration::days(1)))
                .execute(&mut conn)
                .unwrap();
        }
    }
    let d = candidate.get("/v1/drills/due").await.json();
    let first = &d["data"][0];
    assert_eq!(
        (first["question"]["id"].as_str(), first["reason"].as_str()),
        (Some(single.as_str()), Some("review"))
    );
    assert!(!due_ids(&d).contains(&other), "good, a day later, is not due yet");

    // The log reads back, newest first.
    let log = candidate.get("/v1/drills/reviews").await.json();
    let logged: Vec<&str> = log["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["question_id"].as_str().unwrap())
        .collect();
    assert_eq!(logged, [other.as_str(), single.as_str()]);
    assert_eq!(log["data"][1]["answered"], json!([wrong]));
}

async fn flashcards_are_revealed_then_rated(app: TestApp) {
    let candidate = app.as_candidate("cards@example.com").await;
    let (card, _) = first_of(QuestionKind::Flashcard);
    // A flashcard is not answered.
    let r = candidate
        .post("/v1/drills/reviews", &json!({ "question_id": card, "answer": "a" }))
        .await;
    assert!(r.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("flashcard"));
    let revealed = candidate
        .post("/v1/drills/reveals", &json!({ "question_id": card }))
        .await;
    assert_eq!(revealed.status, StatusCode::CREATED, "{}", revealed.body);
    assert_eq!(
        revealed.header("location"),
        Some(format!("/v1/questions/{card}/explanation").as_str())
    );
    let expected = Catalog::builtin().questions().get(&card).unwrap().answer_text();
    assert_eq!(revealed.json()["model_answer"], expected);
    let rated = candidate
        .post("/v1/drills/reviews", &json!({ "question_id": card, "rating": "easy" }))
        .await;
    assert_eq!(rated.status, StatusCode::CREATED, "{}", rated.body);
    let rated = rated.json();
    assert_eq!(rated["rating"], "easy");
    assert!(rated["interval_days"].as_u64().unwrap() >= 8, "{rated}");
    assert!(rated.get("correct").is_none());

    // Bad reviews name the field and what it allows.
    let (single, _) = first_of(QuestionKind::Single);
    let cases = [
        (json!({ "question_id": card }), "rating or answer is required"),
        (
            json!({ "question_id": card, "rating": "good", "answer": "a" }),
            "not both",
        ),
        (
            json!({ "question_id": "nope", "rating": "good" }),
            "question_id: there is no question",
        ),
        (
            json!({ "question_id": single, "answer": "z" }),
            "\"z\" is not an option",
        ),
        (
            json!({ "question_id": single, "answer": ["a", "b"] }),
            "takes one option",
        ),
        (json!({ "question_id": single, "answer": 3 }), "answer: an option id"),
        (json!({ "question_id": single, "answer": null }), "answer: an option id"),
    ];
    for (body, says) in cases {
        let r = candidate.post("/v1/drills/reviews", &body).await;
        let detail = r.problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(detail.contains(says), "{body}: {detail}");
    }
    let r = candidate
        .post(
            "/v1/drills/reviews",
            &json!({ "question_id": card, "rating": "perfect" }),
        )
        .await;
    let detail = r.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        detail.contains("again") && detail.contains("easy") && !detail.contains("Rating"),
        "{detail}"
    );
    let r = candidate
        .post("/v1/drills/reveals", &json!({ "question_id": single }))
        .await;
    assert!(r
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .contains("answered, not revealed"));

    // New per day: bounded, and the queue follows it.
    let r = candidate
        .put("/v1/drills/settings", &json!({ "new_per_day": 51 }))
        .await;
    assert!(r.problem(StatusCode::UNPROCESSABLE_ENTITY).contains("between 0 and 50"));
    assert_eq!(
        candidate
            .put("/v1/drills/settings", &json!({ "new_per_day": 3 }))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(candidate.get("/v1/drills/settings").await.json()["new_per_day"], 3);
    let d = candidate.get("/v1/drills/due").await.json();
    assert_eq!((d["new_today"].as_u64(), d["new"].as_u64()), (Some(1), Some(2)));

    // Anonymous callers have no drills.
    app.anonymous()
        .get("/v1/drills/due")
        .await
        .problem(StatusCode::UNAUTHORIZED);
}

async fn a_graded_submission_brings_what_it_missed_due(app: TestApp) {
    let secrets = secrets();
    let candidate = app.as_candidate("mistakes@example.com").await;
    let attempt = start(&candidate, "url-shortener").await;
    let s = submit(
        &candidate,
        attempt["id"].as_str().unwrap(),
        WEAK,
        "application/yaml",
        None,
    )
    .await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
    let s = s.json();
    let lost: Vec<String> = s["report"]["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["score"].as_f64().is_some_and(|x| x < 100.0))
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(lost.contains(&"pagination".to_owned()), "{lost:?}");

    let due = candidate.get("/v1/drills/due").await;
    assert_no_answers(&due.body, &secrets);
    let d = due.json();
    let catalog = Catalog::builtin();
    let nudged: Vec<&Value> = d["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["reason"] == "nudged")
        .collect();
    assert!(nudged.len() >= 6, "{}", d["data"]);
    assert_eq!(d["nudged"].as_u64(), Some(nudged.len() as u64));
    // The nudged come first, each training something the design lost points on.
    assert!(d["data"][0]["reason"] == "nudged");
    let mut pagination = 0;
    for item in &nudged {
        let q = catalog
            .questions()
            .get(item["question"]["id"].as_str().unwrap())
            .unwrap();
        for because in item["because"].as_array().unwrap() {
            let because = because.as_str().unwrap();
            match because.split_once(':').unwrap() {
                ("dimension", dim) => {
                    assert!(
                        lost.iter().any(|l| l == dim) && q.trains.iter().any(|t| t == dim),
                        "{because} {:?}",
                        q.trains
                    );
                    pagination += usize::from(dim == "pagination");
                }
                ("rule", rule) => assert!(
                    q.trains.iter().any(|t| t == rule) && lost.iter().any(|l| rule.starts_with(&format!("{l}/")))
                ),
                ("follow-up", probe) => {
                    assert!(q.probes.iter().any(|p| p == probe) && probe.starts_with("url-shortener/"))
                }
                other => panic!("unknown reason {other:?}"),
            }
        }
        pagination += usize::from(
            item["because"]
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b.as_str().unwrap().starts_with("rule:pagination/")),
        );
    }
    assert!(pagination >= 1, "no pagination question came due: {nudged:?}");
    let reasons = d["reasons"].as_array().unwrap();
    assert!(
        reasons
            .iter()
            .any(|r| r["message"].as_str().unwrap().starts_with("Your last design ")
                && r["message"].as_str().unwrap().contains("pagination")),
        "{reasons:?}"
    );

    // The interviewer's follow-ups on this case study: on its probes, and due too.
    let submission_id = s["id"].as_str().unwrap();
    let f = candidate
        .get(&format!("/v1/submissions/{submission_id}/follow-ups"))
        .await;
    assert_eq!(f.status, StatusCode::OK, "{}", f.body);
    assert_no_answers(&f.body, &secrets);
    let f = f.json();
    let follow: Vec<&str> = f["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert!((2..=3).contains(&follow.len()), "{follow:?}");
    for id in &follow {
        let q = catalog.questions().get(id).unwrap();
        assert!(q.probes.iter().any(|p| p.starts_with("url-shortener/")), "{id}");
        assert!(due_ids(&d).iter().any(|d| d == id), "{id} is not due");
    }
    // Somebody else's submission is not found.
    let other = app.as_candidate("other@example.com").await;
    other
        .get(&format!("/v1/submissions/{submission_id}/follow-ups"))
        .await
        .problem(StatusCode::NOT_FOUND);

    // Answering a nudged question settles it until its schedule says otherwise.
    let first = d["data"][0]["question"].clone();
    let body = if first["kind"] == "flashcard" {
        json!({ "question_id": first["id"], "rating": "good" })
    } else {
        let q = catalog.questions().get(first["id"].as_str().unwrap()).unwrap();
        json!({ "question_id": first["id"], "answer": q.answer_ids() })
    };
    assert_eq!(
        candidate.post("/v1/drills/reviews", &body).await.status,
        StatusCode::CREATED
    );
    assert!(!due_ids(&candidate.get("/v1/drills/due").await.json()).contains(&first["id"].as_str().unwrap().to_owned()));
}

async fn stats_and_a_cohorts_drills(app: TestApp) {
    let coach = app.as_coach("coach@example.com").await;
    let cohort = coach.post("/v1/cohorts", &json!({ "name": "December" })).await.json();
    let code = cohort["invite"]["code"].as_str().unwrap().to_owned();
    let member: Client = app.as_candidate("member@example.com").await;
    assert_eq!(
        member.post("/v1/cohorts/join", &json!({ "code": code })).await.status,
        StatusCode::CREATED
    );
    let (card, _) = first_of(QuestionKind::Flashcard);
    for rating in ["good"] {
        member
            .post("/v1/drills/reviews", &json!({ "question_id": card, "rating": rating }))
            .await;
    }
    let stats = member.get("/v1/drills/stats").await.json();
    assert_eq!(
        (stats["reviews"].as_u64(), stats["streak_days"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(stats["retention"], Value::Null);
    let parts = stats["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 12);
    let part = Catalog::builtin().questions().get(&card).unwrap().part.id();
    let p = parts.iter().find(|p| p["part"] == part).unwrap();
    assert_eq!((p["reviews"].as_u64(), p["streak_days"].as_u64()), (Some(1), Some(1)));

    let cohort_id = cohort["id"].as_str().unwrap();
    let drills = coach.get(&format!("/v1/cohorts/{cohort_id}/drills")).await;
    assert_eq!(drills.status, StatusCode::OK, "{}", drills.body);
    let drills = drills.json();
    let m = &drills["members"][0];
    assert_eq!(
        (m["email"].as_str(), m["reviews_last_7_days"].as_u64()),
        (Some("member@example.com"), Some(1))
    );
    // Not the member's to read, nor another coach's.
    member
        .get(&format!("/v1/cohorts/{cohort_id}/drills"))
        .await
        .problem(StatusCode::NOT_FOUND);
    let stranger = app.as_coach("stranger@example.com").await;
    stranger
        .get(&format!("/v1/cohorts/{cohort_id}/drills"))
        .await
        .problem(StatusCode::NOT_FOUND);
}

async fn a_review_replays_under_its_idempotency_key(app: TestApp) {
    let candidate = app.as_candidate("replay@example.com").await;
    let (card, _) = first_of(QuestionKind::Flashcard);
    let send = || {
        candidate
            .request(reqwest::Method::POST, "/v1/drills/reviews")
            .header("idempotency-key", "review-1")
            .json(&json!({ "question_id": card, "rating": "hard" }))
            .send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let second: Value = send().await.unwrap().json().await.unwrap();
    assert_eq!(first["id"], second["id"]);
    let log = candidate.get("/v1/drills/reviews").await.json();
    assert_eq!(log["data"].as_array().unwrap().len(), 1, "one review logged");
}

on_both_backends!(
    the_bank_is_public_filtered_paginated_and_never_answers,
    answers_are_graded_scheduled_and_not_due_again_today,
    flashcards_are_revealed_then_rated,
    a_graded_submission_brings_what_it_missed_due,
    stats_and_a_cohorts_drills,
    a_review_replays_under_its_idempotency_key,
);

//! The question bank and drills.
//!
//! - `GET /v1/questions` (public; filter by part, topic, difficulty, kind; cursor-paginated) and
//!   `GET /v1/questions/{id}`: never an answer. `GET /v1/questions/{id}/explanation`: the answer
//!   and why, once the caller has answered, rated or revealed the question.
//! - `GET /v1/drills/due`: today's queue. `POST /v1/drills/reviews` logs a review, rated
//!   (`{question_id, rating}`) or answered (`{question_id, answer}`, graded into a rating), and
//!   answers when the question comes back; `GET` lists the log. `POST /v1/drills/reveals` shows
//!   a flashcard's model answer. `GET`/`PUT /v1/drills/settings`, `GET /v1/drills/stats`.
//! - `GET /v1/submissions/{id}/follow-ups`: a case study's interviewer follow-up questions.
use std::str::FromStr;

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::body::ApiJson;
use super::idempotency::{self, Idempotent};
use super::pagination::{key_cursor, time_cursor, Page, PageQuery};
use super::query::ApiQuery;
use super::routes::{Resource, Routes};
use crate::auth::AuthUser;
use crate::catalog::{Difficulty, Part, Question, QuestionKind};
use crate::drill::Rating;
use crate::error::AppError;
use crate::service::drills::{self, LoggedReview, QuestionView, ReviewInput};
use crate::state::AppState;

pub fn routes(routes: &mut Routes) {
    routes
        .add(Resource::new("/questions").get(list_questions))
        .add(Resource::new("/questions/{question_id}").get(get_question))
        .add(Resource::new("/questions/{question_id}/explanation").get(explanation))
        .add(Resource::new("/drills/due").get(due))
        .add(
            Resource::new("/drills/reviews")
                .idempotent()
                .post(post_review)
                .get(list_reviews),
        )
        .add(Resource::new("/drills/reviews/{review_id}").get(get_review))
        .add(Resource::new("/drills/reveals").idempotent().post(reveal))
        .add(Resource::new("/drills/settings").get(get_settings).put(put_settings))
        .add(Resource::new("/drills/stats").get(stats))
        .add(Resource::new("/submissions/{submission_id}/follow-ups").get(follow_ups));
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionsQuery {
    part: Option<String>,
    topic: Option<String>,
    difficulty: Option<String>,
    kind: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// A filter's value read as one of its allowed values; a 400 listing them otherwise.
fn one_of<T: FromStr>(
    name: &str,
    value: Option<&str>,
    allowed: impl FnOnce() -> String,
) -> Result<Option<T>, AppError> {
    value
        .map(|v| T::from_str(v).map_err(|_| AppError::bad_request(format!("{name} must be one of: {}", allowed()))))
        .transpose()
}

/// The bank is public: anyone may read the questions (never the answers) before signing up.
async fn list_questions(state: web::Data<AppState>, query: ApiQuery<QuestionsQuery>) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = page.limit()?;
    let after = page.key_cursor()?;
    let part: Option<Part> = one_of("part", q.part.as_deref(), Part::ids)?;
    let difficulty: Option<Difficulty> = one_of("difficulty", q.difficulty.as_deref(), Difficulty::ids)?;
    let kind = q
        .kind
        .as_deref()
        .map(|k| match k {
            "flashcard" => Ok(QuestionKind::Flashcard),
            "single" => Ok(QuestionKind::Single),
            "multi" => Ok(QuestionKind::Multi),
            "order" => Ok(QuestionKind::Order),
            _ => Err(AppError::bad_request(
                "kind must be one of: flashcard, single, multi, order",
            )),
        })
        .transpose()?;
    let bank = state.catalog.questions();
    // The bank is in memory, in outline order: the cursor is the last id served.
    let start = match after.as_deref() {
        Some(id) => bank.position(id).map(|p| p + 1).ok_or_else(|| {
            AppError::bad_request("the cursor is not valid; pass back the next_cursor of a previous page unchanged")
        })?,
        None => 0,
    };
    let rows: Vec<&Question> = bank.all()[start..]
        .iter()
        .filter(|x| part.is_none_or(|p| x.part == p))
        .filter(|x| difficulty.is_none_or(|d| x.difficulty == d))
        .filter(|x| kind.is_none_or(|k| x.kind == k))
        .filter(|x| q.topic.as_deref().is_none_or(|t| x.topic == t))
        .take(limit as usize + 1)
        .collect();
    let page = Page::from_rows(rows, limit, |x| key_cursor(&x.id), |x| QuestionView::of(bank, x));
    Ok(HttpResponse::Ok().json(page))
}

async fn get_question(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let bank = state.catalog.questions();
    let q = bank
        .get(&path)
        .ok_or_else(|| AppError::not_found(format!("no question {}", path.as_str())))?;
    Ok(HttpResponse::Ok().json(QuestionView::of(bank, q)))
}

async fn explanation(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    if state.catalog.questions().get(&id).is_none() {
        return Err(AppError::not_found(format!("no question {id}")));
    }
    match drills::explained_if_seen(&state, &auth, &id).await? {
        Some(e) => Ok(HttpResponse::Ok().json(e)),
        // Not yet the caller's to read: absent, as anything one may not see (the question itself
        // is public, so nothing leaks).
        None => Err(AppError::not_found(format!(
            "no explanation of question {id} yet: answer it (POST /v1/drills/reviews) or reveal it (POST /v1/drills/reveals) first"
        ))),
    }
}

async fn due(state: web::Data<AppState>, auth: AuthUser) -> Result<HttpResponse, AppError> {
    let queue = drills::due(&state, &auth).await?;
    Ok(HttpResponse::Ok().json(queue))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PostReview {
    question_id: String,
    /// Absent, or a rating: `null` is neither, and refused like any other wrong value.
    #[serde(default, deserialize_with = "present")]
    rating: Option<Rating>,
    #[serde(default, deserialize_with = "present")]
    answer: Option<serde_json::Value>,
}

/// A field that may be left out but, when given, is read as its type (so `null` is refused by
/// a type that does not take it, and reaches the service as a value that it refuses).
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

async fn post_review(
    state: web::Data<AppState>,
    auth: AuthUser,
    idempotent: Idempotent,
    body: ApiJson<PostReview>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let prepared = drills::prepare_review(
        &state,
        &auth,
        ReviewInput {
            question_id: body.question_id,
            rating: body.rating,
            answer: body.answer,
        },
    )?;
    idempotency::create(&state, idempotent, move |conn| {
        let location = format!("/v1/drills/reviews/{}", prepared.id());
        Ok((location, prepared.store(conn)?))
    })
    .await
}

async fn list_reviews(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let rows = drills::my_reviews(&state, &auth, cursor, i64::from(limit) + 1).await?;
    let page = Page::from_rows(
        rows,
        limit,
        |r| time_cursor(r.reviewed_at, &r.id),
        |r| LoggedReview::of(&r),
    );
    Ok(HttpResponse::Ok().json(page))
}

async fn get_review(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let row = drills::my_review(&state, &auth, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(LoggedReview::of(&row)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PostReveal {
    question_id: String,
}

async fn reveal(
    state: web::Data<AppState>,
    auth: AuthUser,
    idempotent: Idempotent,
    body: ApiJson<PostReveal>,
) -> Result<HttpResponse, AppError> {
    let prepared = drills::prepare_reveal(&state, &auth, &body.question_id)?;
    idempotency::create(&state, idempotent, move |conn| {
        let revealed = prepared.store(conn)?;
        Ok((format!("/v1/questions/{}/explanation", revealed.question_id), revealed))
    })
    .await
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    new_per_day: u32,
}

async fn get_settings(state: web::Data<AppState>, auth: AuthUser) -> Result<HttpResponse, AppError> {
    let stats = drills::stats(&state, auth.id()).await?;
    Ok(HttpResponse::Ok().json(Settings {
        new_per_day: stats.new_per_day,
    }))
}

async fn put_settings(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: ApiJson<Settings>,
) -> Result<HttpResponse, AppError> {
    let n = drills::set_new_per_day(&state, &auth, body.new_per_day).await?;
    Ok(HttpResponse::Ok().json(Settings { new_per_day: n }))
}

async fn stats(state: web::Data<AppState>, auth: AuthUser) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(drills::stats(&state, auth.id()).await?))
}

async fn follow_ups(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (submission, _) = crate::service::submissions::visible_submission(&state, &auth, path.into_inner()).await?;
    let questions = drills::follow_ups_of(&state, &submission);
    let (submission_id, exercise_id) = (submission.id, submission.exercise_id);
    let bank = state.catalog.questions();
    let questions: Vec<QuestionView> = questions.into_iter().map(|q| QuestionView::of(bank, q)).collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "submission_id": submission_id,
        "exercise_id": exercise_id,
        "questions": questions,
    })))
}

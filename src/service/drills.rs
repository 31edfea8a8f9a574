//! Drills over the question bank: today's queue, reviews (rated, or answered and graded),
//! flashcards revealed, the new-per-day setting, statistics per part, the questions a graded
//! submission's mistakes bring due, and a case study's interviewer follow-ups.
//!
//! The rule both faces keep: an answer or explanation is sent only for a question the caller
//! has answered, rated or revealed.
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::Value;

use crate::auth::AuthUser;
use crate::catalog::{Part, Question, QuestionBank, QuestionKind};
use crate::db::drills::{self as store, DrillLog, Nudge, ReviewRow};
use crate::drill::{self, Due, Log, Rating, Review, Scheduler, Stats};
use crate::error::AppError;
use crate::grading::exercise::{Exercise, ExerciseKind, ExpectationKind};
use crate::state::AppState;

/// Questions of one dimension a graded submission brings due, at most.
pub const MISTAKE_QUESTIONS_PER_DIMENSION: usize = 6;

/// Questions one graded submission brings due for its mistakes, at most: the dimensions that
/// lost the most points first. A day's drill, not the whole bank.
pub const MISTAKE_QUESTIONS: usize = 12;

/// Follow-up questions after a case study.
pub const FOLLOW_UPS: usize = 3;

/// A question as anyone may see it: never its answer or explanation.
#[derive(Debug, Serialize)]
pub struct QuestionView<'a> {
    pub id: &'a str,
    pub part: Part,
    pub part_title: &'a str,
    pub topic: &'a str,
    pub difficulty: crate::catalog::Difficulty,
    pub kind: QuestionKind,
    pub question: &'a str,
    pub options: Vec<OptionView<'a>>,
    pub trains: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct OptionView<'a> {
    pub id: &'a str,
    pub text: &'a str,
}

impl<'a> QuestionView<'a> {
    pub fn of(bank: &'a QuestionBank, q: &'a Question) -> Self {
        QuestionView {
            id: &q.id,
            part: q.part,
            part_title: bank.title(q.part),
            topic: &q.topic,
            difficulty: q.difficulty,
            kind: q.kind,
            question: &q.question,
            options: q
                .options
                .iter()
                .map(|o| OptionView {
                    id: &o.id,
                    text: &o.text,
                })
                .collect(),
            trains: &q.trains,
        }
    }
}

/// The right answer and why, for a question the caller has answered, rated or revealed.
#[derive(Debug, Serialize)]
pub struct Explained {
    /// The right options' ids (empty for a flashcard).
    pub right_answer: Vec<String>,
    /// A flashcard's model answer, or the right options' texts.
    pub model_answer: String,
    pub explanation: String,
}

impl Explained {
    fn of(q: &Question) -> Self {
        Explained {
            right_answer: q.answer_ids().into_iter().map(str::to_owned).collect(),
            model_answer: q.answer_text(),
            explanation: q.explanation.clone(),
        }
    }
}

fn question<'a>(bank: &'a QuestionBank, id: &str) -> Result<&'a Question, AppError> {
    bank.get(id).ok_or_else(|| {
        AppError::unprocessable(format!(
            "question_id: there is no question {id:?} in the bank; GET /v1/questions lists them"
        ))
    })
}

/// A candidate's log as the scheduler reads it.
struct UserLog {
    reviews: HashMap<String, Vec<Review>>,
    nudges: HashMap<String, Vec<(String, NaiveDateTime)>>,
    new_per_day: u32,
}

impl UserLog {
    fn from(log: DrillLog) -> Self {
        let mut reviews: HashMap<String, Vec<Review>> = HashMap::new();
        for r in log.reviews {
            if let Some(rating) = Rating::from_number(r.rating) {
                reviews.entry(r.question_id).or_default().push(Review {
                    rating,
                    at: r.reviewed_at,
                });
            }
        }
        let mut nudges: HashMap<String, Vec<(String, NaiveDateTime)>> = HashMap::new();
        for n in log.nudges {
            nudges.entry(n.question_id).or_default().push((n.reason, n.created_at));
        }
        let new_per_day = log
            .new_per_day
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or(drill::DEFAULT_NEW_PER_DAY);
        UserLog {
            reviews,
            nudges,
            new_per_day,
        }
    }

    fn as_log(&self) -> Log<'_> {
        Log {
            reviews: &self.reviews,
            nudges: &self.nudges,
            new_per_day: self.new_per_day,
        }
    }
}

async fn load_log(state: &AppState, user_id: &str) -> Result<UserLog, AppError> {
    let user = user_id.to_owned();
    let log = state
        .db(move |conn| DrillLog::of_user(conn, &user).map_err(AppError::from))
        .await?;
    Ok(UserLog::from(log))
}

/// Why some questions were brought due, grouped, in words a candidate reads at a glance.
#[derive(Debug, Serialize)]
pub struct DueReason {
    /// `dimension:pagination`, `rule:pagination/prefer-cursor`, `follow-up:chess/...`.
    pub because: String,
    pub questions: usize,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct DueEntry<'a> {
    pub question: QuestionView<'a>,
    #[serde(flatten)]
    pub due: Due,
}

#[derive(Debug, Serialize)]
pub struct DueQueue<'a> {
    /// The UTC day the queue is for.
    pub today: NaiveDate,
    pub data: Vec<DueEntry<'a>>,
    #[serde(flatten)]
    pub counts: drill::QueueCounts,
    pub reasons: Vec<DueReason>,
}

/// Today's queue of the caller.
pub async fn due<'a>(state: &'a AppState, auth: &AuthUser) -> Result<DueQueue<'a>, AppError> {
    let log = load_log(state, auth.id()).await?;
    let now = crate::db::now();
    let bank = state.catalog.questions();
    let q = drill::queue(&Scheduler::default(), bank, &log.as_log(), now);
    let reasons = reasons(state, &q.items);
    let data = q
        .items
        .into_iter()
        .filter_map(|item| {
            let question = bank.get(&item.question_id)?;
            Some(DueEntry {
                question: QuestionView::of(bank, question),
                due: item.due,
            })
        })
        .collect();
    Ok(DueQueue {
        today: now.date(),
        data,
        counts: q.counts,
        reasons,
    })
}

/// The reasons of the nudged items, one per dimension (its rules' nudges with it) and one per
/// case study followed up, each counting its questions.
fn reasons(state: &AppState, items: &[drill::DueItem]) -> Vec<DueReason> {
    let mut groups: Vec<(String, usize)> = Vec::new();
    for item in items {
        let Due::Nudged { because } = &item.due else {
            continue;
        };
        let mut keys: Vec<String> = because.iter().map(|b| reason_group(b)).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            match groups.iter_mut().find(|(g, _)| *g == key) {
                Some((_, n)) => *n += 1,
                None => groups.push((key, 1)),
            }
        }
    }
    groups
        .into_iter()
        .map(|(because, n)| DueReason {
            message: reason_message(state, &because, n),
            because,
            questions: n,
        })
        .collect()
}

/// `rule:pagination/page-size` and `dimension:pagination` are one reason, `dimension:pagination`;
/// `follow-up:chess/clock-authority` is `follow-up:chess`.
fn reason_group(because: &str) -> String {
    match because.split_once(':') {
        Some(("rule", rule)) => format!("dimension:{}", rule.split('/').next().unwrap_or(rule)),
        Some(("follow-up", probe)) => format!("follow-up:{}", probe.split('/').next().unwrap_or(probe)),
        _ => because.to_owned(),
    }
}

/// "Your last design lost points on pagination: 6 pagination questions are due."
fn reason_message(state: &AppState, group: &str, n: usize) -> String {
    let due = |what: &str| {
        if n == 1 {
            format!("1 {what}question is due")
        } else {
            format!("{n} {what}questions are due")
        }
    };
    match group.split_once(':') {
        Some(("dimension", d)) => format!("Your last design lost points on {d}: {}.", due(&format!("{d} "))),
        Some(("follow-up", exercise)) => {
            let title = state.catalog.exercise(exercise).map_or(exercise, |e| e.title.as_str());
            format!("{title}: the interviewer follows up, {}.", due(""))
        }
        _ => format!("{}.", due("")),
    }
}

/// What a review sends: a rating, or an answer the server grades into one.
#[derive(Debug, Clone)]
pub struct ReviewInput {
    pub question_id: String,
    pub rating: Option<Rating>,
    pub answer: Option<Value>,
}

#[derive(Debug, Serialize)]
pub struct ReviewOutcome {
    pub id: String,
    pub question_id: String,
    pub rating: Rating,
    pub reviewed_at: chrono::DateTime<chrono::Utc>,
    /// For an answer: whether it was right, and the credit (0 to 1) it earned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correct: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit: Option<f64>,
    /// The option ids answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered: Option<Vec<String>>,
    #[serde(flatten)]
    pub explained: Explained,
    /// The start of the UTC day the question is due again.
    pub next_due_at: chrono::DateTime<chrono::Utc>,
    pub interval_days: u32,
    /// FSRS's memory of the question after this review.
    pub stability_days: f64,
    pub reviews: usize,
}

/// A review checked and graded, ready to be stored (by the face, inside its
/// `Idempotency-Key` transaction).
pub struct PreparedReview {
    row: ReviewRow,
    credit: Option<f64>,
    answered: Option<Vec<String>>,
    explained: Explained,
}

impl PreparedReview {
    pub fn id(&self) -> &str {
        &self.row.id
    }

    /// Stores the review and replays the question's schedule with it: the outcome sent back.
    pub fn store(self, conn: &mut crate::db::DbConn) -> Result<ReviewOutcome, AppError> {
        let row = self.row;
        row.insert(conn)?;
        let history: Vec<Review> = ReviewRow::of_question(conn, &row.user_id, &row.question_id)?
            .into_iter()
            .filter_map(|r| {
                Rating::from_number(r.rating).map(|rating| Review {
                    rating,
                    at: r.reviewed_at,
                })
            })
            .collect();
        let card = Scheduler::default()
            .replay(&history)
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("a review just stored is missing")))?;
        let rating = Rating::from_number(row.rating).unwrap_or(Rating::Again);
        Ok(ReviewOutcome {
            id: row.id,
            question_id: row.question_id,
            rating,
            reviewed_at: row.reviewed_at.and_utc(),
            correct: row.correct,
            credit: self.credit,
            answered: self.answered,
            explained: self.explained,
            next_due_at: card.due_at().and_utc(),
            interval_days: card.interval_days,
            stability_days: f64::from((card.stability * 100.0).round() / 100.0),
            reviews: card.reviews,
        })
    }
}

/// Checks a review and grades its answer, if it has one, into a rating (all right: good; half
/// or more: hard; less: again).
pub fn prepare_review(state: &AppState, auth: &AuthUser, input: ReviewInput) -> Result<PreparedReview, AppError> {
    let q = question(state.catalog.questions(), &input.question_id)?;
    let (rating, graded) = match (input.rating, &input.answer) {
        (Some(_), Some(_)) => {
            return Err(AppError::unprocessable(
                "send either rating (again, hard, good, easy) or answer, not both",
            ))
        }
        (None, None) => return Err(AppError::unprocessable(
            "rating or answer is required: a rating (again, hard, good, easy), or answer with the option ids chosen",
        )),
        (Some(r), None) => (r, None),
        (None, Some(answer)) => {
            let (credit, given) = grade_answer(q, answer)?;
            (Rating::from_credit(credit), Some((credit, given)))
        }
    };
    let row = ReviewRow {
        id: uuid::Uuid::new_v4().to_string(),
        user_id: auth.id().to_owned(),
        question_id: q.id.clone(),
        rating: rating.number(),
        answer: graded
            .as_ref()
            .map(|(_, given)| serde_json::to_string(given).unwrap_or_default()),
        correct: graded.as_ref().map(|(credit, _)| *credit >= 1.0),
        reviewed_at: crate::db::now(),
    };
    state.metrics.drill_reviews.inc();
    Ok(PreparedReview {
        row,
        credit: graded.as_ref().map(|(c, _)| *c),
        answered: graded.map(|(_, given)| given),
        explained: Explained::of(q),
    })
}

/// The credit of an answer and the option ids it gave; a 422 naming what is wrong with it.
fn grade_answer(q: &Question, answer: &Value) -> Result<(f64, Vec<String>), AppError> {
    let Some(item_type) = q.kind.item_type() else {
        return Err(AppError::unprocessable(format!(
            "answer: question {} is a flashcard, which is not graded: reveal its answer (POST /v1/drills/reveals) and send a rating",
            q.id
        )));
    };
    let ids: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
    let given: Vec<String> = match answer {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| AppError::unprocessable("answer: a list of option ids (strings)"))?,
        _ => return Err(AppError::unprocessable("answer: an option id, or a list of option ids")),
    };
    if given.is_empty() {
        return Err(AppError::unprocessable("answer: choose at least one option"));
    }
    if let Some(bad) = given.iter().find(|g| !ids.contains(&g.as_str())) {
        return Err(AppError::unprocessable(format!(
            "answer: {bad:?} is not an option of question {}; its options are {}",
            q.id,
            ids.join(", ")
        )));
    }
    let mut seen = given.clone();
    seen.sort();
    seen.dedup();
    if seen.len() != given.len() {
        return Err(AppError::unprocessable("answer: each option id at most once"));
    }
    if q.kind == QuestionKind::Single && given.len() != 1 {
        return Err(AppError::unprocessable(format!(
            "answer: question {} takes one option",
            q.id
        )));
    }
    let given_refs: Vec<&str> = given.iter().map(String::as_str).collect();
    let credit = crate::grading::checklist::credit(item_type, &q.answer_ids(), &given_refs);
    Ok((credit, given))
}

#[derive(Debug, Serialize)]
pub struct Revealed {
    pub question_id: String,
    pub revealed_at: chrono::DateTime<chrono::Utc>,
    #[serde(flatten)]
    pub explained: Explained,
}

/// A reveal checked, ready to be stored (by the face, inside its `Idempotency-Key`
/// transaction).
pub struct PreparedReveal {
    user_id: String,
    question_id: String,
    at: NaiveDateTime,
    explained: Explained,
}

impl PreparedReveal {
    pub fn store(self, conn: &mut crate::db::DbConn) -> Result<Revealed, AppError> {
        store::reveal(conn, &self.user_id, &self.question_id, self.at)?;
        Ok(Revealed {
            question_id: self.question_id,
            revealed_at: self.at.and_utc(),
            explained: self.explained,
        })
    }
}

/// Shows a flashcard's model answer (the drill page's Space): recorded, so the answer is sent
/// only once asked for. Only flashcards are revealed; the other kinds are answered.
pub fn prepare_reveal(state: &AppState, auth: &AuthUser, question_id: &str) -> Result<PreparedReveal, AppError> {
    let q = question(state.catalog.questions(), question_id)?;
    if q.kind != QuestionKind::Flashcard {
        return Err(AppError::unprocessable(format!(
            "question_id: question {} is answered, not revealed: send its answer to POST /v1/drills/reviews",
            q.id
        )));
    }
    Ok(PreparedReveal {
        user_id: auth.id().to_owned(),
        question_id: q.id.clone(),
        at: crate::db::now(),
        explained: Explained::of(q),
    })
}

/// The answer and explanation of a question, only if the caller has answered, rated or
/// revealed it; `None` otherwise.
pub async fn explained_if_seen(
    state: &AppState,
    auth: &AuthUser,
    question_id: &str,
) -> Result<Option<Explained>, AppError> {
    let q = question(state.catalog.questions(), question_id)?;
    let (user, qid) = (auth.id().to_owned(), q.id.clone());
    let seen = state
        .db(move |conn| store::has_seen(conn, &user, &qid).map_err(AppError::from))
        .await?;
    Ok(seen.then(|| Explained::of(q)))
}

/// Sets the new questions a day of the caller's queue.
pub async fn set_new_per_day(state: &AppState, auth: &AuthUser, n: u32) -> Result<u32, AppError> {
    if n > drill::MAX_NEW_PER_DAY {
        return Err(AppError::unprocessable(format!(
            "new_per_day must be between 0 and {}, not {n}",
            drill::MAX_NEW_PER_DAY
        )));
    }
    let user = auth.id().to_owned();
    let value = i32::try_from(n).unwrap_or(i32::MAX);
    state
        .db(move |conn| store::set_new_per_day(conn, &user, value, crate::db::now()).map_err(AppError::from))
        .await?;
    Ok(n)
}

#[derive(Debug, Serialize)]
pub struct PartStats {
    pub part: Part,
    pub title: String,
    /// Questions in this part of the bank.
    pub questions_in_bank: usize,
    #[serde(flatten)]
    pub stats: Stats,
}

#[derive(Debug, Serialize)]
pub struct DrillStats {
    #[serde(flatten)]
    pub overall: Stats,
    pub due_today: usize,
    pub new_per_day: u32,
    pub parts: Vec<PartStats>,
}

/// Retention and streaks, overall and per part, and what is due today.
pub async fn stats(state: &AppState, user_id: &str) -> Result<DrillStats, AppError> {
    let log = load_log(state, user_id).await?;
    Ok(stats_of(state, &log, crate::db::now()))
}

fn stats_of(state: &AppState, log: &UserLog, now: NaiveDateTime) -> DrillStats {
    let bank = state.catalog.questions();
    let today = now.date();
    let overall = drill::stats(log.reviews.values().map(Vec::as_slice), today);
    let by_part = drill::stats_by_part(bank, &log.reviews, today);
    let parts = Part::all()
        .iter()
        .map(|part| PartStats {
            part: *part,
            title: bank.title(*part).to_owned(),
            questions_in_bank: bank.all().iter().filter(|q| q.part == *part).count(),
            stats: by_part
                .iter()
                .find(|(p, _)| p == part)
                .map(|(_, s)| s.clone())
                .unwrap_or_default(),
        })
        .collect();
    let due_today = drill::queue(&Scheduler::default(), bank, &log.as_log(), now)
        .items
        .len();
    DrillStats {
        overall,
        due_today,
        new_per_day: log.new_per_day,
        parts,
    }
}

/// Each member's drill statistics (a coach's view of a cohort).
pub async fn stats_of_users(state: &AppState, users: Vec<String>) -> Result<Vec<(String, DrillStats)>, AppError> {
    let logs = state
        .db(move |conn| {
            users
                .into_iter()
                .map(|u| DrillLog::of_user(conn, &u).map(|log| (u, log)))
                .collect::<Result<Vec<_>, _>>()
                .map_err(AppError::from)
        })
        .await?;
    let now = crate::db::now();
    Ok(logs
        .into_iter()
        .map(|(u, log)| (u, stats_of(state, &UserLog::from(log), now)))
        .collect())
}

/// What a graded submission brings due: questions training the dimensions it lost points on
/// (the rules that found something first), and after a case study its interviewer's
/// follow-ups. Stored as nudges; returns them. A checklist brings nothing.
pub fn nudges_for(
    bank: &QuestionBank,
    exercise: &Exercise,
    user_id: &str,
    submission_id: &str,
    report: &Value,
    at: NaiveDateTime,
) -> Vec<Nudge> {
    if exercise.kind == ExerciseKind::Checklist {
        return Vec::new();
    }
    let lost = lost_points(report);
    let mut chosen = drill::questions_for_mistakes(bank, &lost, MISTAKE_QUESTIONS_PER_DIMENSION, MISTAKE_QUESTIONS);
    if exercise.kind == ExerciseKind::CaseStudy {
        for (q, reason) in follow_ups(bank, exercise, report) {
            if !chosen.iter().any(|(c, _)| c.id == q.id) {
                chosen.push((q, reason));
            }
        }
    }
    chosen
        .into_iter()
        .map(|(q, reason)| Nudge {
            id: uuid::Uuid::new_v4().to_string(),
            user_id: user_id.to_owned(),
            question_id: q.id.clone(),
            reason,
            submission_id: Some(submission_id.to_owned()),
            created_at: at,
        })
        .collect()
}

/// The dimensions of a report scored below 100, those that cost the most points first, each
/// with the rules that found something there.
fn lost_points(report: &Value) -> Vec<(String, Vec<String>)> {
    let findings = report["findings"].as_array().map(Vec::as_slice).unwrap_or_default();
    let mut lost: Vec<(f64, String, Vec<String>)> = report["dimensions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| {
            let score = d["score"].as_f64().filter(|s| *s < 100.0)?;
            let id = d["id"].as_str()?;
            let cost = (100.0 - score) * d["weight"].as_f64().unwrap_or(1.0);
            let mut rules: Vec<String> = findings
                .iter()
                .filter(|f| f["dimension"] == id)
                .filter_map(|f| f["rule"].as_str().map(str::to_owned))
                .collect();
            rules.dedup();
            Some((cost, id.to_owned(), rules))
        })
        .collect();
    lost.sort_by(|a, b| b.0.total_cmp(&a.0));
    lost.into_iter().map(|(_, id, rules)| (id, rules)).collect()
}

/// A case study's follow-up questions: on its probes, the missed ones first.
pub fn follow_ups<'a>(bank: &'a QuestionBank, exercise: &Exercise, report: &Value) -> Vec<(&'a Question, String)> {
    let missed: Vec<&str> = report["deductions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["kind"] == "failed-probe")
        .filter_map(|d| d["id"].as_str())
        .collect();
    let probes: Vec<(String, bool)> = exercise
        .expectations
        .iter()
        .filter(|e| e.kind == ExpectationKind::Probe)
        .map(|e| (format!("{}/{}", exercise.id, e.id), !missed.contains(&e.id.as_str())))
        .collect();
    drill::follow_ups(bank, &probes, FOLLOW_UPS)
}

/// Records what a graded submission brings due; a failure is logged, never the submission's.
pub async fn after_submission(state: &AppState, submission: &crate::db::submissions::Submission) {
    let Some(exercise) = state.catalog.exercise(&submission.exercise_id) else {
        return;
    };
    let report: Value = serde_json::from_str(&submission.report).unwrap_or(Value::Null);
    let nudges = nudges_for(
        state.catalog.questions(),
        exercise,
        &submission.user_id,
        &submission.id,
        &report,
        submission.submitted_at,
    );
    if nudges.is_empty() {
        return;
    }
    let result = state
        .db(move |conn| Nudge::insert_all(conn, &nudges).map_err(AppError::from))
        .await;
    if let Err(e) = result {
        tracing::warn!(submission_id = %submission.id, error = %e, "the drills this submission brings due were not recorded");
    }
}

/// The interviewer's follow-up questions after a submission (the caller found it visible):
/// none for a submission to anything but a case study.
pub fn follow_ups_of<'a>(state: &'a AppState, submission: &crate::db::submissions::Submission) -> Vec<&'a Question> {
    match state.catalog.exercise(&submission.exercise_id) {
        Some(exercise) if exercise.kind == ExerciseKind::CaseStudy => {
            let report: Value = serde_json::from_str(&submission.report).unwrap_or(Value::Null);
            follow_ups(state.catalog.questions(), exercise, &report)
                .into_iter()
                .map(|(q, _)| q)
                .collect()
        }
        _ => Vec::new(),
    }
}

/// One member's drills, as their coach sees them.
#[derive(Debug, Serialize)]
pub struct MemberDrills {
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    /// Reviews in the last seven days.
    pub reviews_last_7_days: usize,
    #[serde(flatten)]
    pub stats: DrillStats,
}

/// The drill activity of every current member of a cohort the viewer runs; 404 otherwise.
pub async fn cohort_activity(
    state: &AppState,
    auth: &AuthUser,
    cohort_id: String,
) -> Result<Vec<MemberDrills>, AppError> {
    let viewer = auth.clone();
    let now = crate::db::now();
    let week_ago = now - chrono::Duration::days(7);
    let members = state
        .db(move |conn| {
            let cohort = crate::service::access::coached_cohort(conn, &viewer, &cohort_id)?;
            let members = crate::db::cohorts::Cohort::members(conn, &cohort.id, None, i64::MAX)?;
            members
                .into_iter()
                .map(|m| DrillLog::of_user(conn, &m.user_id).map(|log| (m, log)))
                .collect::<Result<Vec<_>, _>>()
                .map_err(AppError::from)
        })
        .await?;
    Ok(members
        .into_iter()
        .map(|(m, log)| {
            let recent = log.reviews.iter().filter(|r| r.reviewed_at >= week_ago).count();
            MemberDrills {
                user_id: m.user_id,
                display_name: m.display_name,
                email: m.email,
                reviews_last_7_days: recent,
                stats: stats_of(state, &UserLog::from(log), now),
            }
        })
        .collect())
}

/// A review in the log, as its candidate reads it back.
#[derive(Debug, Serialize)]
pub struct LoggedReview {
    pub id: String,
    pub question_id: String,
    pub rating: Rating,
    /// The option ids answered, when the rating was graded from an answer.
    pub answered: Option<Vec<String>>,
    pub correct: Option<bool>,
    pub reviewed_at: chrono::DateTime<chrono::Utc>,
}

impl LoggedReview {
    pub fn of(r: &ReviewRow) -> Self {
        LoggedReview {
            id: r.id.clone(),
            question_id: r.question_id.clone(),
            rating: Rating::from_number(r.rating).unwrap_or(Rating::Again),
            answered: r.answer.as_deref().and_then(|a| serde_json::from_str(a).ok()),
            correct: r.correct,
            reviewed_at: r.reviewed_at.and_utc(),
        }
    }
}

/// The caller's review log, newest first, after `cursor`.
pub async fn my_reviews(
    state: &AppState,
    auth: &AuthUser,
    cursor: Option<crate::db::Cursor>,
    fetch: i64,
) -> Result<Vec<ReviewRow>, AppError> {
    let user = auth.id().to_owned();
    state
        .db(move |conn| ReviewRow::page(conn, &user, cursor.as_ref(), fetch).map_err(AppError::from))
        .await
}

/// One of the caller's reviews, or 404.
pub async fn my_review(state: &AppState, auth: &AuthUser, id: String) -> Result<ReviewRow, AppError> {
    let user = auth.id().to_owned();
    state
        .db(move |conn| {
            ReviewRow::find(conn, &user, &id)?.ok_or_else(|| AppError::not_found(format!("no review {id}")))
        })
        .await
}

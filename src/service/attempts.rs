//! Timed attempts: starting one (the server sets the deadline from the exercise's time limit),
//! reading the ones a viewer may see, the model answer once something was submitted, and the
//! draft the candidate is typing, kept on the server.
use std::collections::BTreeMap;

use crate::auth::AuthUser;
use crate::db::attempts::Attempt;
use crate::db::drafts::Draft;
use crate::db::submissions::{Submission, SubmissionSummary};
use crate::db::Cursor;
use crate::error::{AppError, FieldError, OrNotFound};
use crate::service::access::can_view_work;
use crate::state::AppState;

/// A new attempt of `exercise_id` for the user, its deadline set; not stored yet (the caller
/// stores it, under its `Idempotency-Key` when it has one).
pub fn new_attempt(state: &AppState, user: &AuthUser, exercise_id: &str) -> Result<Attempt, AppError> {
    let exercise = state
        .catalog
        .exercise(exercise_id)
        .ok_or_else(|| AppError::Unprocessable {
            detail: format!("no exercise {exercise_id:?}; list them with GET /v1/exercises"),
            errors: vec![FieldError {
                pointer: "/exercise_id".into(),
                detail: "unknown exercise".into(),
            }],
        })?;
    Ok(Attempt::start(
        user.id(),
        &exercise.id,
        i32::try_from(exercise.version).unwrap_or(i32::MAX),
        exercise.time_limit_minutes,
    ))
}

/// The user's own attempts, newest first, `fetch` at most, after `cursor`.
pub async fn my_attempts(
    state: &AppState,
    user: &AuthUser,
    cursor: Option<Cursor>,
    fetch: i64,
) -> Result<Vec<Attempt>, AppError> {
    let user = user.id().to_owned();
    state
        .db(move |conn| Attempt::list_for_user(conn, &user, cursor.as_ref(), fetch).map_err(AppError::from))
        .await
}

/// Loads an attempt the viewer may see, or 404.
pub async fn visible_attempt(state: &AppState, auth: &AuthUser, id: String) -> Result<Attempt, AppError> {
    let viewer = auth.clone();
    state
        .db(move |conn| {
            let not_found = || format!("no attempt {id}");
            let attempt = Attempt::find(conn, &id).or_not_found(not_found)?;
            if can_view_work(conn, &viewer, &attempt.user_id)? {
                Ok(attempt)
            } else {
                Err(AppError::not_found(not_found()))
            }
        })
        .await
}

/// An attempt of the signed-in candidate themself (a coach may read the work, never write it).
pub async fn own_attempt(state: &AppState, auth: &AuthUser, id: String) -> Result<Attempt, AppError> {
    let attempt = visible_attempt(state, auth, id).await?;
    if attempt.user_id != auth.id() {
        return Err(AppError::not_found(format!("no attempt {}", attempt.id)));
    }
    Ok(attempt)
}

/// The exercise's model answer (YAML), once the attempt is finished: ended by its candidate or
/// past its deadline; 409 while it runs. The first time the candidate is shown it is kept: what
/// they submit afterwards is marked as made after seeing the answer.
pub async fn model_answer(state: &AppState, auth: &AuthUser, id: String) -> Result<String, AppError> {
    model_answer_document(state, auth, id, ModelAnswer::Api).await
}

/// Which half of a model answer: the API (OpenAPI), or the events (AsyncAPI) of a real-time
/// case study.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ModelAnswer {
    Api,
    Events,
}

/// The event half of the model answer of a real-time case study, as [`model_answer`] shows the
/// API half; 404 for an exercise without one.
pub async fn events_model_answer(state: &AppState, auth: &AuthUser, id: String) -> Result<String, AppError> {
    model_answer_document(state, auth, id, ModelAnswer::Events).await
}

async fn model_answer_document(
    state: &AppState,
    auth: &AuthUser,
    id: String,
    half: ModelAnswer,
) -> Result<String, AppError> {
    let attempt = visible_attempt(state, auth, id).await?;
    let now = crate::db::now();
    if !attempt.finished(now) {
        return Err(AppError::conflict(format!(
            "the model answer opens once the attempt is finished: when its candidate ends it, or at the deadline ({} UTC)",
            attempt.deadline_at.format("%Y-%m-%d %H:%M")
        )));
    }
    let exercise = state.catalog.exercise(&attempt.exercise_id).ok_or_else(|| {
        AppError::not_found(format!(
            "exercise {} is no longer in the catalogue",
            attempt.exercise_id
        ))
    })?;
    let (path, missing) = match half {
        ModelAnswer::Api => (&exercise.model_answer, "no model answer"),
        ModelAnswer::Events => (&exercise.events_model_answer, "no event document in its model answer"),
    };
    let text = path
        .as_deref()
        .and_then(|p| state.catalog.document(p))
        .ok_or_else(|| AppError::not_found(format!("exercise {} has {missing}", exercise.id)))?;
    if attempt.user_id == auth.id() && attempt.model_answer_shown_at.is_none() {
        let id = attempt.id.clone();
        state
            .db(move |conn| Attempt::model_answer_shown(conn, &id, now).map_err(AppError::from))
            .await?;
    }
    Ok(text.to_owned())
}

/// Ends one of my attempts before its deadline (ending it again changes nothing): the model
/// answer opens, and what is submitted after it is shown is marked so.
pub async fn end(state: &AppState, auth: &AuthUser, id: String) -> Result<Attempt, AppError> {
    let attempt = own_attempt(state, auth, id).await?;
    state
        .db(move |conn| Attempt::end(conn, &attempt.id, crate::db::now()).map_err(AppError::from))
        .await
}

/// The saved draft of an attempt, if any (the caller has checked the attempt is the viewer's).
pub async fn load_draft(state: &AppState, attempt_id: &str) -> Result<Option<Draft>, AppError> {
    let id = attempt_id.to_owned();
    state
        .db(move |conn| Draft::find(conn, &id).map_err(AppError::from))
        .await
}

/// The saved draft of one of my attempts, or 404.
pub async fn my_draft(state: &AppState, auth: &AuthUser, attempt_id: String) -> Result<Draft, AppError> {
    let attempt = own_attempt(state, auth, attempt_id).await?;
    load_draft(state, &attempt.id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("attempt {} has no saved draft yet", attempt.id)))
}

/// Saves the draft of one of my attempts (the document, and the event document beside it for a
/// case study that takes one), replacing the previous one. Saving stays open after the deadline:
/// the work is the candidate's, and a late submission is marked late, not refused.
pub async fn save_draft(
    state: &AppState,
    auth: &AuthUser,
    attempt_id: String,
    content: String,
    events_content: Option<String>,
) -> Result<Draft, AppError> {
    let attempt = own_attempt(state, auth, attempt_id).await?;
    let mut errors = Vec::new();
    for (pointer, text) in [
        ("/content", Some(&content)),
        ("/events_content", events_content.as_ref()),
    ] {
        if text.is_some_and(|t| t.len() > state.limits.max_bytes) {
            errors.push(FieldError {
                pointer: pointer.into(),
                detail: format!("must be at most {} bytes", state.limits.max_bytes),
            });
        }
    }
    if events_content.is_some() {
        let takes = state
            .catalog
            .exercise(&attempt.exercise_id)
            .is_some_and(|e| e.takes_event_document());
        if !takes {
            errors.push(FieldError {
                pointer: "/events_content".into(),
                detail: "this exercise takes no event document: leave it out".into(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors));
    }
    let draft = Draft {
        attempt_id: attempt.id,
        content,
        updated_at: crate::db::now(),
        events_content,
    };
    let saved = draft.clone();
    state.db(move |conn| saved.save(conn).map_err(AppError::from)).await?;
    Ok(draft)
}

/// Starts an attempt of `exercise_id` for the user and stores it.
pub async fn start(state: &AppState, user: &AuthUser, exercise_id: &str) -> Result<Attempt, AppError> {
    let attempt = new_attempt(state, user, exercise_id)?;
    let stored = attempt.clone();
    state
        .db(move |conn| stored.insert(conn).map_err(AppError::from))
        .await?;
    state.metrics.attempts_started.inc();
    Ok(attempt)
}

/// One of my attempts as listed: how many submissions it has, and the effective score (after
/// overrides) of the latest.
pub struct AttemptSummary {
    pub attempt: Attempt,
    pub submissions: usize,
    pub latest_score: Option<f64>,
    /// The latest submission was made after the model answer was shown.
    pub latest_after_model_answer: bool,
}

/// My newest attempts, at most `most`, each with its submissions counted and latest score.
pub async fn my_attempt_summaries(
    state: &AppState,
    user: &AuthUser,
    most: i64,
) -> Result<Vec<AttemptSummary>, AppError> {
    let id = user.id().to_owned();
    let (list, subs, scores, overrides) = state
        .db(move |conn| {
            let list = Attempt::list_for_user(conn, &id, None, most)?;
            let subs = Submission::list_for_users(conn, std::slice::from_ref(&id))?;
            let ids: Vec<String> = subs.iter().map(|s| s.id.clone()).collect();
            let scores = Submission::scores_for(conn, &ids)?;
            let overrides = crate::db::reviews::Override::for_submissions(conn, &ids)?;
            Ok::<_, AppError>((list, subs, scores, overrides))
        })
        .await?;
    // Per attempt: how many submissions, and the latest one (they come oldest first).
    let mut latest: BTreeMap<&str, (usize, &SubmissionSummary)> = BTreeMap::new();
    for s in &subs {
        let e = latest.entry(s.attempt_id.as_str()).or_insert((0, s));
        e.0 += 1;
        e.1 = s;
    }
    let effective_of = |s: &SubmissionSummary| {
        let dims: Vec<_> = scores.iter().filter(|d| d.submission_id == s.id).cloned().collect();
        let own: Vec<_> = overrides.iter().filter(|o| o.submission_id == s.id).cloned().collect();
        crate::db::reviews::effective(s.score, &dims, &own).score
    };
    Ok(list
        .into_iter()
        .map(|attempt| {
            let found = latest.get(attempt.id.as_str());
            AttemptSummary {
                submissions: found.map_or(0, |(n, _)| *n),
                latest_score: found.map(|(_, s)| effective_of(s)),
                latest_after_model_answer: found.is_some_and(|(_, s)| s.after_model_answer),
                attempt,
            }
        })
        .collect())
}

/// What the candidate's attempt page shows besides the exercise.
pub struct AttemptDesk {
    pub attempt: Attempt,
    pub draft: Option<Draft>,
    /// The newest submission's id, and the one before it.
    pub latest: Option<String>,
    pub previous: Option<String>,
    pub submissions: i64,
}

/// One of my attempts with its draft and submissions; a coach gets 404 (and reads the work from
/// the review queue).
pub async fn attempt_desk(state: &AppState, auth: &AuthUser, id: String) -> Result<AttemptDesk, AppError> {
    let attempt = visible_attempt(state, auth, id).await?;
    if attempt.user_id != auth.id() {
        return Err(AppError::not_found(format!(
            "no attempt {}; a coach reads work from the review queue",
            attempt.id
        )));
    }
    let draft = load_draft(state, &attempt.id).await?;
    let attempt_id = attempt.id.clone();
    let (newest, submissions) = state
        .db(move |conn| {
            let newest = Submission::list_for_attempt(conn, &attempt_id, None, 2)?;
            let count = Submission::count_for_attempt(conn, &attempt_id)?;
            Ok::<_, AppError>((newest, count))
        })
        .await?;
    Ok(AttemptDesk {
        attempt,
        draft,
        latest: newest.first().map(|s| s.id.clone()),
        previous: newest.get(1).map(|s| s.id.clone()),
        submissions,
    })
}

//! The review queues of a cohort: members' submissions not yet reviewed, and one row per
//! attempt for its latest submission (effective score, waiting time, reviewed or not).
use crate::auth::AuthUser;
use crate::db::cohorts::Cohort;
use crate::db::reviews::{effective, Override};
use crate::db::submissions::{DimensionScore, Submission, SubmissionSummary};
use crate::db::{Cursor, DbConn};
use crate::error::AppError;
use crate::service::access::coached_cohort;
use crate::state::AppState;

/// Members' submissions that the cohort's coach has not reviewed, oldest first, with every
/// dimension score of those submissions.
pub async fn review_queue(
    state: &AppState,
    auth: &AuthUser,
    cohort_id: String,
    exercise: Option<String>,
    cursor: Option<Cursor>,
    fetch: i64,
) -> Result<(Vec<SubmissionSummary>, Vec<DimensionScore>), AppError> {
    let auth = auth.clone();
    state
        .db(move |conn| {
            let cohort = coached_cohort(conn, &auth, &cohort_id)?;
            let rows = Submission::review_queue(
                conn,
                &cohort.id,
                &cohort.coach_id,
                exercise.as_deref(),
                cursor.as_ref(),
                fetch,
            )?;
            let ids: Vec<String> = rows.iter().map(|s| s.id.clone()).collect();
            let scores = Submission::scores_for(conn, &ids)?;
            Ok((rows, scores))
        })
        .await
}

/// One attempt in the queue, with its latest submission.
#[derive(serde::Serialize)]
pub struct QueuedAttempt {
    pub attempt_id: String,
    pub submission_id: String,
    pub user_id: String,
    pub display_name: String,
    pub exercise_id: String,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    /// Seconds since the latest submission.
    pub waiting_seconds: i64,
    /// The effective score of the latest submission (after overrides).
    pub score: f64,
    pub submissions: usize,
    pub reviewed: bool,
    /// The latest submission was made after the candidate was shown the model answer.
    pub after_model_answer: bool,
}

/// Which attempts the per-attempt queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueState {
    /// Not reviewed since their latest submission (the default).
    Waiting,
    Reviewed,
    All,
}

impl QueueState {
    /// `waiting`, `reviewed` or `all`.
    pub fn from_name(name: &str) -> Option<QueueState> {
        match name {
            "waiting" => Some(QueueState::Waiting),
            "reviewed" => Some(QueueState::Reviewed),
            "all" => Some(QueueState::All),
            _ => None,
        }
    }
}

/// The per-attempt queue of a cohort the viewer coaches, oldest first, filtered by exercise and
/// state.
pub fn load_attempt_queue(
    conn: &mut DbConn,
    auth: &AuthUser,
    cohort_id: &str,
    exercise: Option<&str>,
    state: QueueState,
) -> Result<Vec<QueuedAttempt>, AppError> {
    let cohort = coached_cohort(conn, auth, cohort_id)?;
    let rows = Submission::attempt_queue(conn, &cohort.id)?;
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| exercise.is_none_or(|e| r.latest.exercise_id == e))
        .filter(|r| match state {
            QueueState::Reviewed => r.reviewed,
            QueueState::All => true,
            QueueState::Waiting => !r.reviewed,
        })
        .collect();
    let ids: Vec<String> = rows.iter().map(|r| r.latest.id.clone()).collect();
    let scores = Submission::scores_for(conn, &ids)?;
    let overrides = Override::for_submissions(conn, &ids)?;
    let members = Cohort::members(conn, &cohort.id, None, i64::MAX)?;
    let now = crate::db::now();
    Ok(rows
        .into_iter()
        .map(|r| {
            let s = r.latest;
            let dims: Vec<DimensionScore> = scores.iter().filter(|d| d.submission_id == s.id).cloned().collect();
            let own: Vec<Override> = overrides.iter().filter(|o| o.submission_id == s.id).cloned().collect();
            QueuedAttempt {
                display_name: members
                    .iter()
                    .find(|m| m.user_id == s.user_id)
                    .map(|m| m.display_name.clone())
                    .unwrap_or_default(),
                score: effective(s.score, &dims, &own).score,
                waiting_seconds: (now - s.submitted_at).num_seconds().max(0),
                attempt_id: s.attempt_id,
                submission_id: s.id,
                user_id: s.user_id,
                exercise_id: s.exercise_id,
                submitted_at: s.submitted_at.and_utc(),
                submissions: r.submissions,
                reviewed: r.reviewed,
                after_model_answer: s.after_model_answer,
            }
        })
        .collect())
}

/// [`load_attempt_queue`] on a pooled connection.
pub async fn attempt_queue(
    state: &AppState,
    auth: &AuthUser,
    cohort_id: String,
    exercise: Option<String>,
    which: QueueState,
) -> Result<Vec<QueuedAttempt>, AppError> {
    let auth = auth.clone();
    state
        .db(move |conn| load_attempt_queue(conn, &auth, &cohort_id, exercise.as_deref(), which))
        .await
}

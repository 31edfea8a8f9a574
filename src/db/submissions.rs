//! Graded submissions: the raw content, its hash, the report and its per-dimension scores.
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::schema::{cohort_members, reviews, submission_scores, submissions};
use super::Cursor;
use super::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = submissions)]
pub struct Submission {
    pub id: String,
    pub attempt_id: String,
    pub user_id: String,
    pub exercise_id: String,
    pub exercise_version: i32,
    pub rubric_id: Option<String>,
    pub rubric_version: Option<i32>,
    pub content_type: String,
    pub content: String,
    pub content_sha256: String,
    pub report: String,
    pub score: f64,
    pub level: Option<String>,
    pub idempotency_key: Option<String>,
    pub submitted_at: NaiveDateTime,
    /// Made after the candidate was shown the model answer: not the candidate's own result.
    pub after_model_answer: bool,
    /// The event document (AsyncAPI) submitted beside `content`, for a case study that takes one.
    pub events_content: Option<String>,
}

/// A submission without its (possibly large) content and report: for lists.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = submissions)]
pub struct SubmissionSummary {
    pub id: String,
    pub attempt_id: String,
    pub user_id: String,
    pub exercise_id: String,
    pub exercise_version: i32,
    pub score: f64,
    pub level: Option<String>,
    pub submitted_at: NaiveDateTime,
    pub after_model_answer: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = submission_scores)]
pub struct DimensionScore {
    pub submission_id: String,
    pub dimension: String,
    pub score: Option<f64>,
    pub weight: f64,
}

/// One dimension score of one submission, with when and for which exercise it was made.
#[derive(Debug, Clone, Queryable)]
pub struct HistoryRow {
    pub submission_id: String,
    pub exercise_id: String,
    pub submitted_at: NaiveDateTime,
    pub dimension: String,
    pub score: Option<f64>,
}

/// One attempt in a coach's queue: its latest submission, how many it had, whether the latest
/// has a review.
#[derive(Debug, Clone)]
pub struct AttemptQueueRow {
    pub latest: SubmissionSummary,
    pub submissions: usize,
    pub reviewed: bool,
}

#[derive(Debug)]
pub enum Stored {
    Created(Submission),
    /// The same Idempotency-Key was used before (possibly by a concurrent request).
    Existing(Submission),
}

impl Submission {
    /// Stores the submission and its dimension scores in one transaction. A concurrent request
    /// with the same Idempotency-Key loses the race on the unique index and gets the winner.
    pub fn store(conn: &mut DbConn, sub: &Submission, scores: &[DimensionScore]) -> QueryResult<Stored> {
        let result = conn.transaction(|conn| {
            diesel::insert_into(submissions::table).values(sub).execute(conn)?;
            for s in scores {
                diesel::insert_into(submission_scores::table).values(s).execute(conn)?;
            }
            Ok(())
        });
        match result {
            Ok(()) => Ok(Stored::Created(sub.clone())),
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) if sub.idempotency_key.is_some() => {
                let key = sub.idempotency_key.as_deref().unwrap_or_default();
                Submission::by_idempotency_key(conn, &sub.user_id, key)?
                    .map(Stored::Existing)
                    .ok_or(DieselError::NotFound)
            }
            Err(e) => Err(e),
        }
    }

    pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Submission> {
        submissions::table.find(id).select(Submission::as_select()).first(conn)
    }

    pub fn by_idempotency_key(conn: &mut DbConn, user_id: &str, key: &str) -> QueryResult<Option<Submission>> {
        submissions::table
            .filter(submissions::user_id.eq(user_id))
            .filter(submissions::idempotency_key.eq(key))
            .select(Submission::as_select())
            .first(conn)
            .optional()
    }

    /// An attempt's submissions, newest first.
    pub fn list_for_attempt(
        conn: &mut DbConn,
        attempt_id: &str,
        cursor: Option<&Cursor>,
        limit: i64,
    ) -> QueryResult<Vec<SubmissionSummary>> {
        let mut q = submissions::table
            .filter(submissions::attempt_id.eq(attempt_id))
            .select(SubmissionSummary::as_select())
            .order((submissions::submitted_at.desc(), submissions::id.desc()))
            .limit(limit)
            .into_boxed();
        if let Some((t, id)) = cursor {
            q = q.filter(
                submissions::submitted_at
                    .lt(*t)
                    .or(submissions::submitted_at.eq(*t).and(submissions::id.lt(id.clone()))),
            );
        }
        q.load(conn)
    }

    pub fn count_for_attempt(conn: &mut DbConn, attempt_id: &str) -> QueryResult<i64> {
        submissions::table
            .filter(submissions::attempt_id.eq(attempt_id))
            .count()
            .get_result(conn)
    }

    /// Every dimension score of one user's own results, oldest first, with the submission's
    /// exercise and time: the raw material of progress charts. What was submitted after the
    /// model answer was shown is left out.
    pub fn dimension_history(conn: &mut DbConn, user_id: &str) -> QueryResult<Vec<HistoryRow>> {
        submission_scores::table
            .inner_join(submissions::table)
            .filter(submissions::user_id.eq(user_id))
            .filter(submissions::after_model_answer.eq(false))
            .order((submissions::submitted_at.asc(), submissions::id.asc()))
            .select((
                submissions::id,
                submissions::exercise_id,
                submissions::submitted_at,
                submission_scores::dimension,
                submission_scores::score,
            ))
            .load(conn)
    }

    pub fn scores(conn: &mut DbConn, submission_id: &str) -> QueryResult<Vec<DimensionScore>> {
        submission_scores::table
            .filter(submission_scores::submission_id.eq(submission_id))
            .select(DimensionScore::as_select())
            .load(conn)
    }

    /// Every submission of some users, oldest first.
    pub fn list_for_users(conn: &mut DbConn, user_ids: &[String]) -> QueryResult<Vec<SubmissionSummary>> {
        submissions::table
            .filter(submissions::user_id.eq_any(user_ids))
            .order((submissions::submitted_at.asc(), submissions::id.asc()))
            .select(SubmissionSummary::as_select())
            .load(conn)
    }

    pub fn scores_for(conn: &mut DbConn, submission_ids: &[String]) -> QueryResult<Vec<DimensionScore>> {
        submission_scores::table
            .filter(submission_scores::submission_id.eq_any(submission_ids))
            .select(DimensionScore::as_select())
            .load(conn)
    }

    /// Submissions of a cohort's current members that `coach_id` has not reviewed, oldest first.
    pub fn review_queue(
        conn: &mut DbConn,
        cohort_id: &str,
        coach_id: &str,
        exercise_id: Option<&str>,
        after: Option<&Cursor>,
        limit: i64,
    ) -> QueryResult<Vec<SubmissionSummary>> {
        let members = cohort_members::table
            .filter(cohort_members::cohort_id.eq(cohort_id.to_owned()))
            .filter(cohort_members::left_at.is_null())
            .select(cohort_members::user_id);
        let reviewed = reviews::table
            .filter(reviews::reviewer_id.eq(coach_id.to_owned()))
            .select(reviews::submission_id);
        let mut q = submissions::table
            .filter(submissions::user_id.eq_any(members))
            .filter(diesel::dsl::not(submissions::id.eq_any(reviewed)))
            .order((submissions::submitted_at.asc(), submissions::id.asc()))
            .select(SubmissionSummary::as_select())
            .limit(limit)
            .into_boxed();
        if let Some(e) = exercise_id {
            q = q.filter(submissions::exercise_id.eq(e.to_owned()));
        }
        if let Some((t, id)) = after {
            q = q.filter(
                submissions::submitted_at
                    .gt(*t)
                    .or(submissions::submitted_at.eq(*t).and(submissions::id.gt(id.clone()))),
            );
        }
        q.load(conn)
    }

    /// The review queue by attempt: one row per attempt of the cohort's current members, for
    /// its latest submission (resubmissions and replays do not add rows), the longest-waiting
    /// first.
    pub fn attempt_queue(conn: &mut DbConn, cohort_id: &str) -> QueryResult<Vec<AttemptQueueRow>> {
        let members: Vec<String> = cohort_members::table
            .filter(cohort_members::cohort_id.eq(cohort_id.to_owned()))
            .filter(cohort_members::left_at.is_null())
            .select(cohort_members::user_id)
            .load(conn)?;
        let all = Submission::list_for_users(conn, &members)?;
        // Oldest first, so the last one seen of each attempt is its latest.
        let mut by_attempt: std::collections::HashMap<String, AttemptQueueRow> = std::collections::HashMap::new();
        for s in all {
            let row = by_attempt
                .entry(s.attempt_id.clone())
                .or_insert_with(|| AttemptQueueRow {
                    latest: s.clone(),
                    submissions: 0,
                    reviewed: false,
                });
            row.submissions += 1;
            row.latest = s;
        }
        let latest_ids: Vec<String> = by_attempt.values().map(|r| r.latest.id.clone()).collect();
        let reviewed: std::collections::HashSet<String> = reviews::table
            .filter(reviews::submission_id.eq_any(&latest_ids))
            .select(reviews::submission_id)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        let mut rows: Vec<AttemptQueueRow> = by_attempt
            .into_values()
            .map(|mut r| {
                r.reviewed = reviewed.contains(&r.latest.id);
                r
            })
            .collect();
        rows.sort_by(|a, b| {
            a.latest
                .submitted_at
                .cmp(&b.latest.submitted_at)
                .then_with(|| a.latest.id.cmp(&b.latest.id))
        });
        Ok(rows)
    }
}

//! Drills: the review log a question's schedule is recomputed from, the nudges that bring a
//! question due early, flashcards revealed, and a candidate's drill settings.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{drill_nudges, drill_reveals, drill_reviews, drill_settings};
use super::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = drill_reviews)]
pub struct ReviewRow {
    pub id: String,
    pub user_id: String,
    pub question_id: String,
    /// 1 again, 2 hard, 3 good, 4 easy.
    pub rating: i32,
    /// The option ids answered (a JSON array), for a graded question.
    pub answer: Option<String>,
    pub correct: Option<bool>,
    pub reviewed_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = drill_nudges)]
pub struct Nudge {
    pub id: String,
    pub user_id: String,
    pub question_id: String,
    /// `dimension:<id>`, `rule:<id>` or `follow-up:<exercise>/<probe>`.
    pub reason: String,
    pub submission_id: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Everything the schedule of one candidate is computed from.
pub struct DrillLog {
    /// Oldest first.
    pub reviews: Vec<ReviewRow>,
    /// Oldest first.
    pub nudges: Vec<Nudge>,
    pub new_per_day: Option<i32>,
}

impl DrillLog {
    pub fn of_user(conn: &mut DbConn, user_id: &str) -> QueryResult<DrillLog> {
        let reviews = drill_reviews::table
            .filter(drill_reviews::user_id.eq(user_id))
            .order((drill_reviews::reviewed_at.asc(), drill_reviews::id.asc()))
            .select(ReviewRow::as_select())
            .load(conn)?;
        let nudges = drill_nudges::table
            .filter(drill_nudges::user_id.eq(user_id))
            .order((drill_nudges::created_at.asc(), drill_nudges::id.asc()))
            .select(Nudge::as_select())
            .load(conn)?;
        let new_per_day = drill_settings::table
            .find(user_id)
            .select(drill_settings::new_per_day)
            .first(conn)
            .optional()?;
        Ok(DrillLog {
            reviews,
            nudges,
            new_per_day,
        })
    }
}

impl ReviewRow {
    pub fn insert(&self, conn: &mut DbConn) -> QueryResult<()> {
        diesel::insert_into(drill_reviews::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    /// One candidate's reviews of one question, oldest first.
    pub fn of_question(conn: &mut DbConn, user_id: &str, question_id: &str) -> QueryResult<Vec<ReviewRow>> {
        drill_reviews::table
            .filter(drill_reviews::user_id.eq(user_id))
            .filter(drill_reviews::question_id.eq(question_id))
            .order((drill_reviews::reviewed_at.asc(), drill_reviews::id.asc()))
            .select(ReviewRow::as_select())
            .load(conn)
    }

    /// One of a candidate's reviews.
    pub fn find(conn: &mut DbConn, user_id: &str, id: &str) -> QueryResult<Option<ReviewRow>> {
        drill_reviews::table
            .filter(drill_reviews::user_id.eq(user_id))
            .filter(drill_reviews::id.eq(id))
            .select(ReviewRow::as_select())
            .first(conn)
            .optional()
    }

    /// A candidate's reviews, newest first, after `cursor` (time, id).
    pub fn page(
        conn: &mut DbConn,
        user_id: &str,
        cursor: Option<&super::Cursor>,
        fetch: i64,
    ) -> QueryResult<Vec<ReviewRow>> {
        let mut q = drill_reviews::table
            .filter(drill_reviews::user_id.eq(user_id))
            .into_boxed();
        if let Some((t, id)) = cursor {
            q = q.filter(
                drill_reviews::reviewed_at
                    .lt(*t)
                    .or(drill_reviews::reviewed_at.eq(*t).and(drill_reviews::id.lt(id.clone()))),
            );
        }
        q.order((drill_reviews::reviewed_at.desc(), drill_reviews::id.desc()))
            .limit(fetch)
            .select(ReviewRow::as_select())
            .load(conn)
    }

    /// The reviews of several candidates since `since`, oldest first (a cohort's activity).
    pub fn of_users_since(conn: &mut DbConn, users: &[String], since: NaiveDateTime) -> QueryResult<Vec<ReviewRow>> {
        drill_reviews::table
            .filter(drill_reviews::user_id.eq_any(users))
            .filter(drill_reviews::reviewed_at.ge(since))
            .order((drill_reviews::reviewed_at.asc(), drill_reviews::id.asc()))
            .select(ReviewRow::as_select())
            .load(conn)
    }
}

impl Nudge {
    pub fn insert_all(conn: &mut DbConn, nudges: &[Nudge]) -> QueryResult<()> {
        for n in nudges {
            diesel::insert_into(drill_nudges::table).values(n).execute(conn)?;
        }
        Ok(())
    }

    /// The nudges one submission made.
    pub fn of_submission(conn: &mut DbConn, submission_id: &str) -> QueryResult<Vec<Nudge>> {
        drill_nudges::table
            .filter(drill_nudges::submission_id.eq(submission_id))
            .order(drill_nudges::id.asc())
            .select(Nudge::as_select())
            .load(conn)
    }
}

/// Whether the candidate has answered, rated or revealed a question: only then may its answer
/// and explanation be sent.
pub fn has_seen(conn: &mut DbConn, user_id: &str, question_id: &str) -> QueryResult<bool> {
    let reviewed = diesel::select(diesel::dsl::exists(
        drill_reviews::table
            .filter(drill_reviews::user_id.eq(user_id))
            .filter(drill_reviews::question_id.eq(question_id)),
    ))
    .get_result::<bool>(conn)?;
    if reviewed {
        return Ok(true);
    }
    diesel::select(diesel::dsl::exists(drill_reveals::table.find((user_id, question_id)))).get_result(conn)
}

/// Records that a flashcard's answer was shown (once; a second reveal keeps the first time).
pub fn reveal(conn: &mut DbConn, user_id: &str, question_id: &str, at: NaiveDateTime) -> QueryResult<()> {
    let exists = diesel::select(diesel::dsl::exists(drill_reveals::table.find((user_id, question_id))))
        .get_result::<bool>(conn)?;
    if exists {
        return Ok(());
    }
    match diesel::insert_into(drill_reveals::table)
        .values((
            drill_reveals::user_id.eq(user_id),
            drill_reveals::question_id.eq(question_id),
            drill_reveals::revealed_at.eq(at),
        ))
        .execute(conn)
    {
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(()),
        other => other.map(drop),
    }
}

/// Sets how many new questions a day the candidate's queue brings.
pub fn set_new_per_day(conn: &mut DbConn, user_id: &str, new_per_day: i32, at: NaiveDateTime) -> QueryResult<()> {
    let updated = diesel::update(drill_settings::table.find(user_id))
        .set((
            drill_settings::new_per_day.eq(new_per_day),
            drill_settings::updated_at.eq(at),
        ))
        .execute(conn)?;
    if updated > 0 {
        return Ok(());
    }
    let insert = diesel::insert_into(drill_settings::table)
        .values((
            drill_settings::user_id.eq(user_id),
            drill_settings::new_per_day.eq(new_per_day),
            drill_settings::updated_at.eq(at),
        ))
        .execute(conn);
    match insert {
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            diesel::update(drill_settings::table.find(user_id))
                .set((
                    drill_settings::new_per_day.eq(new_per_day),
                    drill_settings::updated_at.eq(at),
                ))
                .execute(conn)
                .map(drop)
        }
        other => other.map(drop),
    }
}

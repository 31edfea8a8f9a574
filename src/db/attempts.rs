//! Timed attempts: who started which exercise (and which version of it), when, and the deadline
//! the server set. The clock is always the server's.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::attempts;
use super::Cursor;
use super::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = attempts)]
pub struct Attempt {
    pub id: String,
    pub user_id: String,
    pub exercise_id: String,
    pub exercise_version: i32,
    pub started_at: NaiveDateTime,
    pub deadline_at: NaiveDateTime,
    /// When the candidate ended it before the deadline.
    pub ended_at: Option<NaiveDateTime>,
    /// When the candidate was first shown the model answer.
    pub model_answer_shown_at: Option<NaiveDateTime>,
}

impl Attempt {
    pub fn start(user_id: &str, exercise_id: &str, exercise_version: i32, minutes: u32) -> Attempt {
        let now = super::now();
        Attempt {
            id: uuid::Uuid::new_v4().to_string(),
            user_id: user_id.to_owned(),
            exercise_id: exercise_id.to_owned(),
            exercise_version,
            started_at: now,
            deadline_at: now + chrono::Duration::minutes(i64::from(minutes)),
            ended_at: None,
            model_answer_shown_at: None,
        }
    }

    /// Finished: ended by its candidate, or past its deadline. Only then is the model answer
    /// shown.
    pub fn finished(&self, now: NaiveDateTime) -> bool {
        self.ended_at.is_some() || now > self.deadline_at
    }

    /// Ends the attempt now, unless it was ended already; the attempt as it is afterwards.
    pub fn end(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<Attempt> {
        diesel::update(attempts::table.find(id).filter(attempts::ended_at.is_null()))
            .set(attempts::ended_at.eq(now))
            .execute(conn)?;
        Attempt::find(conn, id)
    }

    /// Records that the candidate was shown the model answer (the first time only).
    pub fn model_answer_shown(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<()> {
        diesel::update(
            attempts::table
                .find(id)
                .filter(attempts::model_answer_shown_at.is_null()),
        )
        .set(attempts::model_answer_shown_at.eq(now))
        .execute(conn)
        .map(drop)
    }

    pub fn insert(&self, conn: &mut DbConn) -> QueryResult<()> {
        diesel::insert_into(attempts::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Attempt> {
        attempts::table.find(id).select(Attempt::as_select()).first(conn)
    }

    /// One user's attempts, newest first, `limit` after `cursor`.
    pub fn list_for_user(
        conn: &mut DbConn,
        user_id: &str,
        cursor: Option<&Cursor>,
        limit: i64,
    ) -> QueryResult<Vec<Attempt>> {
        let mut q = attempts::table
            .filter(attempts::user_id.eq(user_id))
            .select(Attempt::as_select())
            .order((attempts::started_at.desc(), attempts::id.desc()))
            .limit(limit)
            .into_boxed();
        if let Some((t, id)) = cursor {
            q = q.filter(
                attempts::started_at
                    .lt(*t)
                    .or(attempts::started_at.eq(*t).and(attempts::id.lt(id.clone()))),
            );
        }
        q.load(conn)
    }

    /// Moves the deadline (coach extensions). Lateness is computed from the current deadline, so
    /// submissions already made follow it too.
    pub fn set_deadline(conn: &mut DbConn, id: &str, deadline: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(attempts::table.find(id))
            .set(attempts::deadline_at.eq(deadline))
            .execute(conn)
    }

    /// Moves the deadline and records who did it and why, atomically.
    pub fn extend(
        conn: &mut DbConn,
        id: &str,
        deadline: NaiveDateTime,
        audit: &super::audit::AuditEntry,
    ) -> QueryResult<()> {
        conn.transaction(|conn| {
            Attempt::set_deadline(conn, id, deadline)?;
            audit.insert(conn)
        })
    }
}

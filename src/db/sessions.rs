//! Log-in sessions. Every token (bearer or browser cookie) names one; a session that is revoked
//! (log-out, password change) or past its expiry no longer authenticates anyone.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::sessions;
use super::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

impl Session {
    pub fn new(user_id: &str, expires_at: NaiveDateTime) -> Session {
        Session {
            id: uuid::Uuid::new_v4().to_string(),
            user_id: user_id.to_owned(),
            created_at: super::now(),
            expires_at,
            revoked_at: None,
        }
    }

    /// Stores a new session, and forgets the user's sessions that have expired (a revoked one is
    /// kept until it expires: until then its token must keep being refused by name).
    pub fn insert(&self, conn: &mut DbConn) -> QueryResult<()> {
        conn.transaction(|conn| {
            diesel::delete(
                sessions::table
                    .filter(sessions::user_id.eq(&self.user_id))
                    .filter(sessions::expires_at.lt(self.created_at)),
            )
            .execute(conn)?;
            diesel::insert_into(sessions::table)
                .values(self)
                .execute(conn)
                .map(drop)
        })
    }

    /// The session when it belongs to `user_id`, is not revoked and has not expired.
    pub fn find_live(conn: &mut DbConn, id: &str, user_id: &str, now: NaiveDateTime) -> QueryResult<Option<Session>> {
        sessions::table
            .find(id)
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::expires_at.gt(now))
            .select(Session::as_select())
            .first(conn)
            .optional()
    }

    pub fn revoke(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(sessions::table.find(id).filter(sessions::revoked_at.is_null()))
            .set(sessions::revoked_at.eq(now))
            .execute(conn)
    }

    /// Revokes every live session of a user except `keep` (a password change keeps the session
    /// that made it); returns how many were revoked.
    pub fn revoke_others(conn: &mut DbConn, user_id: &str, keep: &str, now: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(
            sessions::table
                .filter(sessions::user_id.eq(user_id))
                .filter(sessions::id.ne(keep))
                .filter(sessions::revoked_at.is_null()),
        )
        .set(sessions::revoked_at.eq(now))
        .execute(conn)
    }
}

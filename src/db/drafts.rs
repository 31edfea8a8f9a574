//! Drafts: the document of an attempt as last saved by the candidate's editor, before (or
//! between) submissions. One row per attempt, replaced on every save.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::attempt_drafts;
use super::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = attempt_drafts)]
pub struct Draft {
    pub attempt_id: String,
    pub content: String,
    pub updated_at: NaiveDateTime,
    /// The event document being written beside `content`, for a case study that takes one.
    pub events_content: Option<String>,
}

impl Draft {
    pub fn find(conn: &mut DbConn, attempt_id: &str) -> QueryResult<Option<Draft>> {
        attempt_drafts::table
            .find(attempt_id)
            .select(Draft::as_select())
            .first(conn)
            .optional()
    }

    /// Inserts or replaces the draft. An update first, then an insert; an insert that loses a
    /// race with another save becomes an update (upserts do not go through the two-backend
    /// connection).
    pub fn save(&self, conn: &mut DbConn) -> QueryResult<()> {
        let update = |conn: &mut DbConn| {
            diesel::update(attempt_drafts::table.find(&self.attempt_id))
                .set((
                    attempt_drafts::content.eq(&self.content),
                    attempt_drafts::updated_at.eq(self.updated_at),
                    attempt_drafts::events_content.eq(&self.events_content),
                ))
                .execute(conn)
        };
        if update(conn)? > 0 {
            return Ok(());
        }
        match diesel::insert_into(attempt_drafts::table).values(self).execute(conn) {
            Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
                update(conn).map(drop)
            }
            other => other.map(drop),
        }
    }
}

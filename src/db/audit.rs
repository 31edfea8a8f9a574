//! The append-only audit trail: who changed what, from what to what, and why (score overrides,
//! deadline extensions, reviews). Used by attempts and reviews alike, so it lives apart from both.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::audit_entries;
use super::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = audit_entries)]
pub struct AuditEntry {
    pub id: String,
    pub subject_type: String,
    pub subject_id: String,
    pub actor_id: String,
    pub action: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: String,
    pub created_at: NaiveDateTime,
}

impl AuditEntry {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        subject_type: &str,
        subject_id: &str,
        actor_id: &str,
        action: &str,
        field: &str,
        old_value: Option<String>,
        new_value: Option<String>,
        reason: &str,
        at: NaiveDateTime,
    ) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            subject_type: subject_type.to_owned(),
            subject_id: subject_id.to_owned(),
            actor_id: actor_id.to_owned(),
            action: action.to_owned(),
            field: field.to_owned(),
            old_value,
            new_value,
            reason: reason.to_owned(),
            created_at: at,
        }
    }

    pub fn insert(&self, conn: &mut DbConn) -> QueryResult<()> {
        diesel::insert_into(audit_entries::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    /// Oldest first, `limit` after `cursor`.
    pub fn for_subject(
        conn: &mut DbConn,
        subject_type: &str,
        subject_id: &str,
        after: Option<&(NaiveDateTime, String)>,
        limit: i64,
    ) -> QueryResult<Vec<AuditEntry>> {
        let mut q = audit_entries::table
            .filter(audit_entries::subject_type.eq(subject_type.to_owned()))
            .filter(audit_entries::subject_id.eq(subject_id.to_owned()))
            .order((audit_entries::created_at.asc(), audit_entries::id.asc()))
            .select(AuditEntry::as_select())
            .limit(limit)
            .into_boxed();
        if let Some((t, id)) = after {
            q = q.filter(
                audit_entries::created_at
                    .gt(*t)
                    .or(audit_entries::created_at.eq(*t).and(audit_entries::id.gt(id.clone()))),
            );
        }
        q.load(conn)
    }
}

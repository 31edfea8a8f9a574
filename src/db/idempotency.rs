//! Stored responses of POST requests made with an `Idempotency-Key`.
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::schema::idempotency_records as rec;
use super::DbConn;

/// `status` of a record whose request is still being handled.
pub const IN_FLIGHT: i32 = 0;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = rec)]
pub struct Record {
    pub scope: String,
    pub idem_key: String,
    pub request_sha256: String,
    pub status: i32,
    pub location: Option<String>,
    pub content_type: Option<String>,
    pub body: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Claims `(scope, key)` for a new request, or returns the record already there.
pub fn claim(conn: &mut DbConn, new: &Record, expire_before: NaiveDateTime) -> QueryResult<Option<Record>> {
    diesel::delete(rec::table.filter(rec::created_at.lt(expire_before))).execute(conn)?;
    match diesel::insert_into(rec::table).values(new).execute(conn) {
        Ok(_) => Ok(None),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => rec::table
            .find((&new.scope, &new.idem_key))
            .select(Record::as_select())
            .first(conn)
            .optional(),
        Err(e) => Err(e),
    }
}

/// Stores the response of a claimed request.
pub fn complete(
    conn: &mut DbConn,
    scope: &str,
    key: &str,
    status: i32,
    location: Option<&str>,
    content_type: Option<&str>,
    body: &str,
) -> QueryResult<()> {
    diesel::update(rec::table.find((scope, key)))
        .set((
            rec::status.eq(status),
            rec::location.eq(location),
            rec::content_type.eq(content_type),
            rec::body.eq(body),
        ))
        .execute(conn)
        .map(drop)
}

/// Releases a claim whose request failed, so the client can retry with the same key.
pub fn release(conn: &mut DbConn, scope: &str, key: &str) -> QueryResult<()> {
    diesel::delete(rec::table.find((scope, key)).filter(rec::status.eq(IN_FLIGHT)))
        .execute(conn)
        .map(drop)
}

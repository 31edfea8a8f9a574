//! Stored responses of POST requests made with an `Idempotency-Key`.
//!
//! A request first *claims* its key (a row with status [`IN_FLIGHT`] and a fresh `claim_id`).
//! Creating handlers record their reply in the same transaction that creates the resource, so a
//! key is never left in flight once something was created under it; other requests' replies are
//! stored when they finish. A claim whose request is gone (its server crashed) is taken over once
//! its lease has passed.
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
    pub claim_id: String,
}

/// The reply to store for a claimed key.
#[derive(Debug, Clone)]
pub struct Reply<'a> {
    pub status: i32,
    pub location: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub body: &'a str,
}

/// Claims `(scope, key)` for a new request, or returns the record already there.
///
/// Records older than `expire_before` are forgotten. An in-flight claim made before
/// `abandoned_before` belongs to a request that is gone: nothing was created under it (a creation
/// records its reply in its own transaction), so the new request takes the claim over.
pub fn claim(
    conn: &mut DbConn,
    new: &Record,
    expire_before: NaiveDateTime,
    abandoned_before: NaiveDateTime,
) -> QueryResult<Option<Record>> {
    diesel::delete(rec::table.filter(rec::created_at.lt(expire_before))).execute(conn)?;
    match diesel::insert_into(rec::table).values(new).execute(conn) {
        Ok(_) => return Ok(None),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {}
        Err(e) => return Err(e),
    }
    let existing = find(conn, &new.scope, &new.idem_key)?;
    let Some(existing) = existing else {
        // Expired and deleted between the insert and the read: claim it afresh.
        return diesel::insert_into(rec::table).values(new).execute(conn).map(|_| None);
    };
    if existing.status != IN_FLIGHT || existing.created_at >= abandoned_before {
        return Ok(Some(existing));
    }
    let taken = diesel::update(
        rec::table
            .find((&new.scope, &new.idem_key))
            .filter(rec::status.eq(IN_FLIGHT))
            .filter(rec::claim_id.eq(&existing.claim_id)),
    )
    .set((
        rec::request_sha256.eq(&new.request_sha256),
        rec::created_at.eq(new.created_at),
        rec::claim_id.eq(&new.claim_id),
    ))
    .execute(conn)?;
    if taken == 1 {
        tracing::warn!(scope = %new.scope, "took over an Idempotency-Key whose request was abandoned");
        Ok(None)
    } else {
        // Someone else finished or took it over first.
        find(conn, &new.scope, &new.idem_key)
    }
}

fn find(conn: &mut DbConn, scope: &str, key: &str) -> QueryResult<Option<Record>> {
    rec::table
        .find((scope, key))
        .select(Record::as_select())
        .first(conn)
        .optional()
}

/// Stores the reply of a claimed request. False when the claim is no longer this request's (it
/// was taken over after its lease passed, or already completed).
pub fn complete(conn: &mut DbConn, scope: &str, key: &str, claim_id: &str, reply: &Reply<'_>) -> QueryResult<bool> {
    diesel::update(
        rec::table
            .find((scope, key))
            .filter(rec::status.eq(IN_FLIGHT))
            .filter(rec::claim_id.eq(claim_id)),
    )
    .set((
        rec::status.eq(reply.status),
        rec::location.eq(reply.location),
        rec::content_type.eq(reply.content_type),
        rec::body.eq(reply.body),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Releases a claim whose request failed, so the client can retry with the same key.
pub fn release(conn: &mut DbConn, scope: &str, key: &str, claim_id: &str) -> QueryResult<()> {
    diesel::delete(
        rec::table
            .find((scope, key))
            .filter(rec::status.eq(IN_FLIGHT))
            .filter(rec::claim_id.eq(claim_id)),
    )
    .execute(conn)
    .map(drop)
}

//! Sliding-window rate limiting per key, kept in the database so every instance counts alike.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::rate_events;
use super::DbConn;

/// Counts an event for `key` unless `limit` events already happened within `window`; in that
/// case returns the seconds until the oldest of them leaves the window. The count and the event
/// are one step (see [`super::lock_keys`]): requests racing each other cannot all pass.
pub fn hit(
    conn: &mut DbConn,
    key: &str,
    limit: i64,
    window: chrono::Duration,
    now: NaiveDateTime,
) -> QueryResult<Option<u64>> {
    conn.transaction(|conn| {
        super::lock_keys(conn, &[key])?;
        count_and_add(conn, key, limit, window, now)
    })
}

fn count_and_add(
    conn: &mut DbConn,
    key: &str,
    limit: i64,
    window: chrono::Duration,
    now: NaiveDateTime,
) -> QueryResult<Option<u64>> {
    let since = now - window;
    diesel::delete(
        rate_events::table
            .filter(rate_events::rate_key.eq(key))
            .filter(rate_events::at.le(since)),
    )
    .execute(conn)?;
    let recent = rate_events::table
        .filter(rate_events::rate_key.eq(key))
        .filter(rate_events::at.gt(since));
    let count: i64 = recent.count().get_result(conn)?;
    if count >= limit {
        let oldest: Option<NaiveDateTime> = recent.select(diesel::dsl::min(rate_events::at)).first(conn)?;
        let wait = (oldest.unwrap_or(now) + window - now).num_seconds().max(1) as u64;
        return Ok(Some(wait));
    }
    diesel::insert_into(rate_events::table)
        .values((
            rate_events::id.eq(uuid::Uuid::new_v4().to_string()),
            rate_events::rate_key.eq(key),
            rate_events::at.eq(now),
        ))
        .execute(conn)?;
    Ok(None)
}

//! Failed log-ins, kept in the database (not in process memory) so throttling holds across
//! several server instances and restarts.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::login_failures;
use super::DbConn;

/// Records a failure for each key; returns the ids of the rows, so a log-in that turns out to
/// succeed can [`forget`] what it recorded in advance.
pub fn record(conn: &mut DbConn, keys: &[&str], at: NaiveDateTime) -> QueryResult<Vec<String>> {
    let mut ids = Vec::with_capacity(keys.len());
    // One row per statement: multi-row inserts do not go through the two-backend connection.
    for key in keys {
        let id = uuid::Uuid::new_v4().to_string();
        diesel::insert_into(login_failures::table)
            .values((
                login_failures::id.eq(&id),
                login_failures::throttle_key.eq(*key),
                login_failures::failed_at.eq(at),
            ))
            .execute(conn)?;
        ids.push(id);
    }
    Ok(ids)
}

/// Removes failures recorded by [`record`].
pub fn forget(conn: &mut DbConn, ids: &[String]) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::id.eq_any(ids))).execute(conn)?;
    Ok(())
}

/// How many failures `key` has since `since`, and the oldest of them.
pub fn count_since(conn: &mut DbConn, key: &str, since: NaiveDateTime) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    let recent = login_failures::table
        .filter(login_failures::throttle_key.eq(key))
        .filter(login_failures::failed_at.gt(since));
    let count = recent.count().get_result(conn)?;
    let oldest = recent
        .select(diesel::dsl::min(login_failures::failed_at))
        .first::<Option<NaiveDateTime>>(conn)?;
    Ok((count, oldest))
}

/// A successful log-in forgives the account's failures; old rows of every key are pruned.
pub fn clear(conn: &mut DbConn, key: &str, older_than: NaiveDateTime) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::throttle_key.eq(key))).execute(conn)?;
    diesel::delete(login_failures::table.filter(login_failures::failed_at.lt(older_than))).execute(conn)?;
    Ok(())
}

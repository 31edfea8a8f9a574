//! Cohorts, their invite codes and their members.
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{cohort_invites, cohort_members, cohorts, users};
use super::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cohorts)]
pub struct Cohort {
    pub id: String,
    pub name: String,
    pub coach_id: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cohort_invites)]
pub struct Invite {
    pub id: String,
    pub cohort_id: String,
    pub code_sha256: String,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cohort_members)]
pub struct Membership {
    pub cohort_id: String,
    pub user_id: String,
    pub joined_at: NaiveDateTime,
    pub left_at: Option<NaiveDateTime>,
}

/// A current member with the account fields a coach sees.
#[derive(Debug, Clone, Queryable)]
pub struct MemberRow {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    pub joined_at: NaiveDateTime,
}

impl Cohort {
    /// A new cohort and its first invite, atomically.
    pub fn create_with_invite(conn: &mut DbConn, cohort: &Cohort, invite: &Invite) -> QueryResult<()> {
        conn.transaction(|conn| {
            diesel::insert_into(cohorts::table).values(cohort).execute(conn)?;
            diesel::insert_into(cohort_invites::table)
                .values(invite)
                .execute(conn)?;
            Ok(())
        })
    }

    pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Cohort> {
        cohorts::table.find(id).select(Cohort::as_select()).first(conn)
    }

    /// Cohorts a user coaches or currently belongs to (all of them for `everything`), newest first.
    pub fn list_visible(
        conn: &mut DbConn,
        user_id: &str,
        everything: bool,
        cursor: Option<&(NaiveDateTime, String)>,
        limit: i64,
    ) -> QueryResult<Vec<Cohort>> {
        let mut q = cohorts::table
            .select(Cohort::as_select())
            .order((cohorts::created_at.desc(), cohorts::id.desc()))
            .limit(limit)
            .into_boxed();
        if !everything {
            let member_of = cohort_members::table
                .filter(cohort_members::user_id.eq(user_id.to_owned()))
                .filter(cohort_members::left_at.is_null())
                .select(cohort_members::cohort_id);
            q = q.filter(
                cohorts::coach_id
                    .eq(user_id.to_owned())
                    .or(cohorts::id.eq_any(member_of)),
            );
        }
        if let Some((t, id)) = cursor {
            q = q.filter(
                cohorts::created_at
                    .lt(*t)
                    .or(cohorts::created_at.eq(*t).and(cohorts::id.lt(id.clone()))),
            );
        }
        q.load(conn)
    }

    /// Current members, in joining order.
    pub fn members(
        conn: &mut DbConn,
        cohort_id: &str,
        after: Option<&(NaiveDateTime, String)>,
        limit: i64,
    ) -> QueryResult<Vec<MemberRow>> {
        let mut q = cohort_members::table
            .inner_join(users::table)
            .filter(cohort_members::cohort_id.eq(cohort_id.to_owned()))
            .filter(cohort_members::left_at.is_null())
            .order((cohort_members::joined_at.asc(), cohort_members::user_id.asc()))
            .select((
                cohort_members::user_id,
                users::email,
                users::display_name,
                cohort_members::joined_at,
            ))
            .limit(limit)
            .into_boxed();
        if let Some((t, id)) = after {
            q = q.filter(
                cohort_members::joined_at.gt(*t).or(cohort_members::joined_at
                    .eq(*t)
                    .and(cohort_members::user_id.gt(id.clone()))),
            );
        }
        q.load(conn)
    }

    pub fn is_member(conn: &mut DbConn, cohort_id: &str, user_id: &str) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            cohort_members::table
                .filter(cohort_members::cohort_id.eq(cohort_id))
                .filter(cohort_members::user_id.eq(user_id))
                .filter(cohort_members::left_at.is_null()),
        ))
        .get_result(conn)
    }

    /// Joins, or rejoins after leaving (a new `joined_at`). Already a member: unchanged.
    pub fn join(conn: &mut DbConn, cohort_id: &str, user_id: &str, now: NaiveDateTime) -> QueryResult<Membership> {
        conn.transaction(|conn| {
            let existing: Option<Membership> = cohort_members::table
                .find((cohort_id, user_id))
                .select(Membership::as_select())
                .first(conn)
                .optional()?;
            match existing {
                Some(m) if m.left_at.is_none() => Ok(m),
                Some(_) => {
                    diesel::update(cohort_members::table.find((cohort_id, user_id)))
                        .set((
                            cohort_members::joined_at.eq(now),
                            cohort_members::left_at.eq(None::<NaiveDateTime>),
                        ))
                        .execute(conn)?;
                    Ok(Membership {
                        cohort_id: cohort_id.to_owned(),
                        user_id: user_id.to_owned(),
                        joined_at: now,
                        left_at: None,
                    })
                }
                None => {
                    let m = Membership {
                        cohort_id: cohort_id.to_owned(),
                        user_id: user_id.to_owned(),
                        joined_at: now,
                        left_at: None,
                    };
                    diesel::insert_into(cohort_members::table).values(&m).execute(conn)?;
                    Ok(m)
                }
            }
        })
    }

    /// Marks a current member as gone; returns whether there was one.
    pub fn leave(conn: &mut DbConn, cohort_id: &str, user_id: &str, now: NaiveDateTime) -> QueryResult<bool> {
        let n = diesel::update(
            cohort_members::table
                .filter(cohort_members::cohort_id.eq(cohort_id))
                .filter(cohort_members::user_id.eq(user_id))
                .filter(cohort_members::left_at.is_null()),
        )
        .set(cohort_members::left_at.eq(Some(now)))
        .execute(conn)?;
        Ok(n > 0)
    }

    /// Does `coach_id` coach a cohort `user_id` currently belongs to?
    pub fn coaches_member(conn: &mut DbConn, coach_id: &str, user_id: &str) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            cohort_members::table
                .inner_join(cohorts::table)
                .filter(cohorts::coach_id.eq(coach_id))
                .filter(cohort_members::user_id.eq(user_id))
                .filter(cohort_members::left_at.is_null()),
        ))
        .get_result(conn)
    }
}

impl Invite {
    /// Revokes every live invite of the cohort and stores `self` as the one valid code.
    pub fn replace_all(&self, conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<()> {
        conn.transaction(|conn| {
            diesel::update(
                cohort_invites::table
                    .filter(cohort_invites::cohort_id.eq(&self.cohort_id))
                    .filter(cohort_invites::revoked_at.is_null()),
            )
            .set(cohort_invites::revoked_at.eq(Some(now)))
            .execute(conn)?;
            diesel::insert_into(cohort_invites::table).values(self).execute(conn)?;
            Ok(())
        })
    }

    pub fn by_code_hash(conn: &mut DbConn, sha: &str) -> QueryResult<Option<Invite>> {
        cohort_invites::table
            .filter(cohort_invites::code_sha256.eq(sha))
            .select(Invite::as_select())
            .first(conn)
            .optional()
    }

    /// A cohort's invites, newest first, `limit` after `cursor`.
    pub fn list(
        conn: &mut DbConn,
        cohort_id: &str,
        cursor: Option<&(NaiveDateTime, String)>,
        limit: i64,
    ) -> QueryResult<Vec<Invite>> {
        let mut q = cohort_invites::table
            .filter(cohort_invites::cohort_id.eq(cohort_id.to_owned()))
            .order((cohort_invites::created_at.desc(), cohort_invites::id.desc()))
            .select(Invite::as_select())
            .limit(limit)
            .into_boxed();
        if let Some((t, id)) = cursor {
            q = q.filter(
                cohort_invites::created_at
                    .lt(*t)
                    .or(cohort_invites::created_at.eq(*t).and(cohort_invites::id.lt(id.clone()))),
            );
        }
        q.load(conn)
    }

    /// Revokes one invite of the cohort; false when there is no such live invite.
    pub fn revoke(conn: &mut DbConn, cohort_id: &str, invite_id: &str, now: NaiveDateTime) -> QueryResult<bool> {
        let n = diesel::update(
            cohort_invites::table
                .filter(cohort_invites::id.eq(invite_id))
                .filter(cohort_invites::cohort_id.eq(cohort_id))
                .filter(cohort_invites::revoked_at.is_null()),
        )
        .set(cohort_invites::revoked_at.eq(Some(now)))
        .execute(conn)?;
        Ok(n > 0)
    }
}

//! Membership: a candidate joins with an invite code; the coach lists members and removes one,
//! or a member leaves. Either way the coach stops seeing their work from then on.
use crate::auth::AuthUser;
use crate::db::cohorts::{Cohort, MemberRow, Membership};
use crate::db::users::Role;
use crate::db::{Cursor, DbConn};
use crate::error::{AppError, FieldError};
use crate::service::access::{coached_cohort, visible_cohort};
use crate::state::AppState;

use super::invites::code_hash;

/// Only candidates join cohorts.
pub fn require_candidate(auth: &AuthUser) -> Result<(), AppError> {
    if auth.role() != Role::Candidate {
        return Err(AppError::forbidden("only candidates join cohorts"));
    }
    Ok(())
}

/// Joins the cohort of an invite code, inside the caller's transaction: the cohort and the new
/// membership, or 422 naming why the code does not work.
pub fn join(conn: &mut DbConn, auth: &AuthUser, code: &str) -> Result<(Cohort, Membership), AppError> {
    let sha = code_hash(code);
    let now = crate::db::now();
    let invalid = |detail: &str| AppError::Unprocessable {
        detail: detail.to_owned(),
        errors: vec![FieldError {
            pointer: "/code".into(),
            detail: detail.to_owned(),
        }],
    };
    let invite = crate::db::cohorts::Invite::by_code_hash(conn, &sha)?
        .ok_or_else(|| invalid("no cohort has this invite code"))?;
    if invite.revoked_at.is_some() {
        return Err(invalid("this invite code was revoked; ask your coach for a new one"));
    }
    if invite.expires_at <= now {
        return Err(invalid("this invite code has expired; ask your coach for a new one"));
    }
    let cohort = Cohort::find(conn, &invite.cohort_id)?;
    let membership = Cohort::join(conn, &cohort.id, auth.id(), now)?;
    Ok((cohort, membership))
}

/// The current members of a cohort the viewer runs, in the order they joined, after `cursor`.
pub async fn members_of(
    state: &AppState,
    auth: &AuthUser,
    cohort_id: String,
    cursor: Option<Cursor>,
    fetch: i64,
) -> Result<Vec<MemberRow>, AppError> {
    let auth = auth.clone();
    state
        .db(move |conn| {
            let cohort = coached_cohort(conn, &auth, &cohort_id)?;
            Ok(Cohort::members(conn, &cohort.id, cursor.as_ref(), fetch)?)
        })
        .await
}

/// The coach removes a member, or a member leaves.
pub async fn remove(state: &AppState, auth: &AuthUser, cohort_id: String, user_id: String) -> Result<(), AppError> {
    let auth = auth.clone();
    state
        .db(move |conn| {
            let not_found = || AppError::not_found(format!("no member {user_id} in cohort {cohort_id}"));
            let cohort = if user_id == auth.id() {
                visible_cohort(conn, &auth, &cohort_id)?
            } else {
                coached_cohort(conn, &auth, &cohort_id)?
            };
            if Cohort::leave(conn, &cohort.id, &user_id, crate::db::now())? {
                Ok(())
            } else {
                Err(not_found())
            }
        })
        .await
}

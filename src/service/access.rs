//! Who may read whose work. A denied read is a 404 everywhere, so ids of other people's attempts,
//! submissions and cohorts never leak through a 403.
use crate::auth::AuthUser;
use crate::db::cohorts::Cohort;
use crate::db::users::Role;
use crate::db::DbConn;
use crate::error::{AppError, OrNotFound};

/// The owner, admins, and the coach of a cohort the owner currently belongs to may read a user's
/// attempts and submissions.
pub fn can_view_work(conn: &mut DbConn, viewer: &AuthUser, owner_id: &str) -> diesel::QueryResult<bool> {
    Ok(match viewer.role() {
        _ if viewer.id() == owner_id => true,
        Role::Admin => true,
        Role::Coach => Cohort::coaches_member(conn, viewer.id(), owner_id)?,
        Role::Candidate => false,
    })
}

/// May `viewer` act on another user's work as a coach (review, override, extend)?
pub fn can_coach_work(conn: &mut DbConn, viewer: &AuthUser, owner_id: &str) -> diesel::QueryResult<bool> {
    Ok(match viewer.role() {
        Role::Admin => true,
        Role::Coach => viewer.id() != owner_id && Cohort::coaches_member(conn, viewer.id(), owner_id)?,
        Role::Candidate => false,
    })
}

/// A cohort the viewer runs (its coach, while still a coach; or an admin); anyone else gets 404.
/// Owning a cohort is not enough: a coach demoted to candidate loses it at once.
pub fn coached_cohort(conn: &mut DbConn, viewer: &AuthUser, cohort_id: &str) -> Result<Cohort, AppError> {
    let not_found = || format!("no cohort {cohort_id}");
    let cohort = Cohort::find(conn, cohort_id).or_not_found(not_found)?;
    let runs_it = cohort.coach_id == viewer.id() && viewer.role() == Role::Coach;
    if runs_it || viewer.role() == Role::Admin {
        Ok(cohort)
    } else {
        Err(AppError::not_found(not_found()))
    }
}

/// A cohort the viewer runs or currently belongs to; anyone else gets 404.
pub fn visible_cohort(conn: &mut DbConn, viewer: &AuthUser, cohort_id: &str) -> Result<Cohort, AppError> {
    match coached_cohort(conn, viewer, cohort_id) {
        Err(AppError::NotFound(detail)) => {
            if Cohort::is_member(conn, cohort_id, viewer.id())? {
                Ok(Cohort::find(conn, cohort_id)?)
            } else {
                Err(AppError::NotFound(detail))
            }
        }
        other => other,
    }
}

//! Cohorts, run by a coach: creating one (with its first invite code), listing and reading them;
//! invite codes ([`invites`]), joining and leaving ([`members`]), the review queues
//! ([`queues`]) and the score dashboard ([`dashboard`]).
pub mod dashboard;
pub mod invites;
pub mod members;
pub mod queues;

use crate::auth::AuthUser;
use crate::db::cohorts::{Cohort, Invite};
use crate::db::users::Role;
use crate::db::{Cursor, DbConn};
use crate::error::{AppError, FieldError};
use crate::service::access::visible_cohort;
use crate::state::AppState;

/// Only coaches (and admins) run cohorts.
pub fn require_coach(auth: &AuthUser) -> Result<(), AppError> {
    match auth.role() {
        Role::Coach | Role::Admin => Ok(()),
        Role::Candidate => Err(AppError::forbidden("only coaches run cohorts")),
    }
}

/// A cohort about to be created, with its first invite and that invite's code (shown once).
pub struct NewCohort {
    pub cohort: Cohort,
    pub invite: Invite,
    pub code: String,
}

/// Checks a new cohort's name and invite lifetime; the cohort is not stored yet (the caller
/// stores it with [`store_cohort`], under its `Idempotency-Key` when it has one).
pub fn new_cohort(auth: &AuthUser, name: &str, invite_hours: Option<u32>) -> Result<NewCohort, AppError> {
    require_coach(auth)?;
    let name = name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid_fields(vec![FieldError {
            pointer: "/name".into(),
            detail: "must be 1 to 100 characters".into(),
        }]));
    }
    let hours = invites::invite_hours(invite_hours)?;
    let now = crate::db::now();
    let cohort = Cohort {
        id: uuid::Uuid::new_v4().to_string(),
        name,
        coach_id: auth.id().to_owned(),
        created_at: now,
    };
    let (invite, code) = invites::make_invite(&cohort.id, auth.id(), hours, now);
    Ok(NewCohort { cohort, invite, code })
}

/// Stores a new cohort with its first invite, inside the caller's transaction.
pub fn store_cohort(conn: &mut DbConn, new: &NewCohort) -> Result<(), AppError> {
    Ok(Cohort::create_with_invite(conn, &new.cohort, &new.invite)?)
}

/// The cohorts the viewer runs (every cohort, for an admin), after `cursor`.
pub async fn my_cohorts(
    state: &AppState,
    auth: &AuthUser,
    cursor: Option<Cursor>,
    fetch: i64,
) -> Result<Vec<Cohort>, AppError> {
    let user = auth.id().to_owned();
    let everything = auth.role() == Role::Admin;
    state
        .db(move |conn| Cohort::list_visible(conn, &user, everything, cursor.as_ref(), fetch).map_err(AppError::from))
        .await
}

/// A cohort the viewer runs or belongs to, or 404.
pub async fn cohort(state: &AppState, auth: &AuthUser, id: String) -> Result<Cohort, AppError> {
    let auth = auth.clone();
    state.db(move |conn| visible_cohort(conn, &auth, &id)).await
}

/// Everything the coach's cohort page shows at once.
pub struct CohortDesk {
    pub cohort: Cohort,
    pub members: Vec<crate::db::cohorts::MemberRow>,
    pub invites: Vec<Invite>,
    /// The whole per-attempt queue (for the exercise filter's choices).
    pub all_queued: Vec<queues::QueuedAttempt>,
    /// The queue in the state asked for.
    pub queue: Vec<queues::QueuedAttempt>,
    pub dashboard: dashboard::Dashboard,
}

/// The cohort page of a cohort the viewer runs, the queue in state `which`; or 404.
pub async fn cohort_desk(
    state: &AppState,
    auth: &AuthUser,
    cohort_id: String,
    which: queues::QueueState,
) -> Result<CohortDesk, AppError> {
    let auth = auth.clone();
    state
        .db(move |conn| {
            let cohort = crate::service::access::coached_cohort(conn, &auth, &cohort_id)?;
            let members = Cohort::members(conn, &cohort.id, None, i64::MAX)?;
            let invites = Invite::list(conn, &cohort.id, None, 50)?;
            let all_queued = queues::load_attempt_queue(conn, &auth, &cohort.id, None, queues::QueueState::All)?;
            let queue = queues::load_attempt_queue(conn, &auth, &cohort.id, None, which)?;
            let dashboard = dashboard::load_dashboard(conn, &auth, &cohort.id)?;
            Ok(CohortDesk {
                cohort,
                members,
                invites,
                all_queued,
                queue,
                dashboard,
            })
        })
        .await
}

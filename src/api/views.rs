//! Response shapes that more than one resource sends.
use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::attempts::Attempt;
use crate::db::cohorts::{Cohort, Invite};

#[derive(Debug, Serialize)]
pub struct AttemptView {
    pub id: String,
    pub user_id: String,
    pub exercise_id: String,
    pub exercise_version: i32,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub deadline_at: chrono::DateTime<chrono::Utc>,
    /// Seconds left before the deadline by the server's clock; 0 once it has passed.
    pub seconds_remaining: i64,
    pub expired: bool,
    /// When the candidate ended it, if they did before the deadline.
    pub ended_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Ended or past its deadline: the model answer can be read.
    pub finished: bool,
}

impl AttemptView {
    pub fn new(a: &Attempt, now: NaiveDateTime) -> Self {
        let remaining = (a.deadline_at - now).num_seconds().max(0);
        Self {
            id: a.id.clone(),
            user_id: a.user_id.clone(),
            exercise_id: a.exercise_id.clone(),
            exercise_version: a.exercise_version,
            started_at: a.started_at.and_utc(),
            deadline_at: a.deadline_at.and_utc(),
            seconds_remaining: remaining,
            expired: now > a.deadline_at,
            ended_at: a.ended_at.map(|t| t.and_utc()),
            finished: a.finished(now),
        }
    }
}

#[derive(Serialize)]
pub struct CohortView {
    pub id: String,
    pub name: String,
    pub coach_id: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<Cohort> for CohortView {
    fn from(c: Cohort) -> Self {
        Self {
            id: c.id,
            name: c.name,
            coach_id: c.coach_id,
            created_at: c.created_at.and_utc(),
        }
    }
}

/// An invite as listed: never the code itself, which is shown once, when it is made.
#[derive(Serialize)]
pub struct InviteView {
    pub id: String,
    pub cohort_id: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl InviteView {
    pub fn new(i: &Invite, code: Option<String>, now: NaiveDateTime) -> Self {
        Self {
            id: i.id.clone(),
            cohort_id: i.cohort_id.clone(),
            expires_at: i.expires_at.and_utc(),
            revoked_at: i.revoked_at.map(|t| t.and_utc()),
            active: i.revoked_at.is_none() && i.expires_at > now,
            code,
        }
    }
}

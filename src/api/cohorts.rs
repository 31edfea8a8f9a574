//! Cohorts, run by a coach: create (`POST /v1/cohorts`, with a first invite code), list, read;
//! invite codes (`POST /v1/cohorts/{id}/invites` regenerates, `DELETE .../invites/{invite_id}`
//! revokes); joining (`POST /v1/cohorts/join`); members (list, remove or leave); the review queue;
//! and the score dashboard, as JSON or CSV.
use super::idempotency::{self, Idempotent};
use std::collections::BTreeMap;

use actix_web::{http::header, web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::access::{coached_cohort, visible_cohort};
use super::pagination::{time_cursor, Page, PageQuery};
use super::routes::{Resource, Routes};
use crate::auth::AuthUser;
use crate::db::cohorts::{Cohort, Invite, MemberRow};
use crate::db::reviews::{effective, Override};
use crate::db::submissions::{DimensionScore, Submission, SubmissionSummary};
use crate::db::users::Role;
use crate::db::DbConn;
use crate::error::{AppError, FieldError};
use crate::state::AppState;

pub fn routes(routes: &mut Routes) {
    routes
        .add(Resource::new("/cohorts").idempotent().post(create).get(list))
        .add(Resource::new("/cohorts/join").idempotent().post(join))
        .add(Resource::new("/cohorts/{cohort_id}").get(get))
        .add(
            Resource::new("/cohorts/{cohort_id}/invites")
                .idempotent()
                .post(new_invite)
                .get(list_invites),
        )
        .add(Resource::new("/cohorts/{cohort_id}/invites/{invite_id}").delete(revoke_invite))
        .add(Resource::new("/cohorts/{cohort_id}/members").get(members))
        .add(Resource::new("/cohorts/{cohort_id}/members/{user_id}").delete(remove_member))
        .add(Resource::new("/cohorts/{cohort_id}/queued-attempts").get(queued_attempts))
        .add(Resource::new("/cohorts/{cohort_id}/review-queue").get(review_queue))
        .add(Resource::new("/cohorts/{cohort_id}/scores").get(scores));
}

#[derive(Serialize)]
struct CohortView {
    id: String,
    name: String,
    coach_id: String,
    created_at: chrono::DateTime<chrono::Utc>,
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
struct InviteView {
    id: String,
    cohort_id: String,
    expires_at: chrono::DateTime<chrono::Utc>,
    revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
}

impl InviteView {
    fn new(i: &Invite, code: Option<String>, now: NaiveDateTime) -> Self {
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

#[derive(Serialize)]
struct CreatedCohort {
    #[serde(flatten)]
    cohort: CohortView,
    invite: InviteView,
}

/// Crockford base32 without ambiguous letters; 20 characters carry 100 random bits.
const CODE_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn new_code() -> String {
    let mut rng = rand::rng();
    let raw: String = (0..20)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    raw.as_bytes()
        .chunks(5)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("-")
}

/// Case, dashes and spaces do not matter when a code is typed back.
fn code_hash(code: &str) -> String {
    let normalized: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    crate::hashing::sha256_hex(normalized.as_bytes())
}

pub const DEFAULT_INVITE_HOURS: u32 = 7 * 24;
pub const MAX_INVITE_HOURS: u32 = 90 * 24;

fn make_invite(cohort_id: &str, creator: &str, hours: u32, now: NaiveDateTime) -> (Invite, String) {
    let code = new_code();
    let invite = Invite {
        id: uuid::Uuid::new_v4().to_string(),
        cohort_id: cohort_id.to_owned(),
        code_sha256: code_hash(&code),
        expires_at: now + chrono::Duration::hours(i64::from(hours)),
        revoked_at: None,
        created_by: creator.to_owned(),
        created_at: now,
    };
    (invite, code)
}

fn invite_hours(requested: Option<u32>) -> Result<u32, AppError> {
    match requested {
        None => Ok(DEFAULT_INVITE_HOURS),
        Some(h) if (1..=MAX_INVITE_HOURS).contains(&h) => Ok(h),
        Some(_) => Err(AppError::invalid_fields(vec![FieldError {
            pointer: "/invite_expires_in_hours".into(),
            detail: format!("must be between 1 and {MAX_INVITE_HOURS}"),
        }])),
    }
}

fn require_coach(auth: &AuthUser) -> Result<(), AppError> {
    match auth.role() {
        Role::Coach | Role::Admin => Ok(()),
        Role::Candidate => Err(AppError::forbidden("only coaches run cohorts")),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewCohort {
    name: String,
    invite_expires_in_hours: Option<u32>,
}

async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    idempotent: Idempotent,
    body: crate::api::body::ApiJson<NewCohort>,
) -> Result<HttpResponse, AppError> {
    require_coach(&auth)?;
    let body = body.into_inner();
    let name = body.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid_fields(vec![FieldError {
            pointer: "/name".into(),
            detail: "must be 1 to 100 characters".into(),
        }]));
    }
    let hours = invite_hours(body.invite_expires_in_hours)?;
    let now = crate::db::now();
    let cohort = Cohort {
        id: uuid::Uuid::new_v4().to_string(),
        name,
        coach_id: auth.id().to_owned(),
        created_at: now,
    };
    let (invite, code) = make_invite(&cohort.id, auth.id(), hours, now);
    idempotency::create(&state, idempotent, move |conn| {
        Cohort::create_with_invite(conn, &cohort, &invite)?;
        Ok((
            format!("/v1/cohorts/{}", cohort.id),
            CreatedCohort {
                invite: InviteView::new(&invite, Some(code), now),
                cohort: cohort.into(),
            },
        ))
    })
    .await
}

async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: crate::api::query::ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let user = auth.id().to_owned();
    let everything = auth.role() == Role::Admin;
    let rows = state
        .db(move |conn| {
            Cohort::list_visible(conn, &user, everything, cursor.as_ref(), i64::from(limit) + 1).map_err(AppError::from)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(
        rows,
        limit,
        |c| time_cursor(c.created_at, &c.id),
        CohortView::from,
    )))
}

async fn get(state: web::Data<AppState>, auth: AuthUser, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let cohort = state.db(move |conn| visible_cohort(conn, &auth, &id)).await?;
    Ok(HttpResponse::Ok().json(CohortView::from(cohort)))
}

/// Regenerates the cohort's invite: every earlier code stops working.
async fn new_invite(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    idempotent: Idempotent,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let invalid = || {
        AppError::invalid_fields(vec![FieldError {
            pointer: "/expires_in_hours".into(),
            detail: format!("must be a whole number of hours from 1 to {MAX_INVITE_HOURS}"),
        }])
    };
    // No body means the default lifetime; a body that is there must say something valid.
    let requested = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        let value: serde_json::Value = serde_json::from_slice(&body).map_err(|_| {
            AppError::unprocessable(r#"the body must be empty or a JSON object such as {"expires_in_hours": 72}"#)
        })?;
        let Some(object) = value.as_object() else {
            return Err(AppError::unprocessable(
                r#"the body must be empty or a JSON object such as {"expires_in_hours": 72}"#,
            ));
        };
        if let Some(other) = object.keys().find(|k| *k != "expires_in_hours") {
            return Err(AppError::invalid_fields(vec![FieldError {
                pointer: format!("/{other}"),
                detail: "is not a field of an invite; the only one is expires_in_hours".into(),
            }]));
        }
        match object.get("expires_in_hours") {
            None | Some(serde_json::Value::Null) => None,
            Some(v) => Some(v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(invalid)?),
        }
    };
    let hours = invite_hours(requested).map_err(|_| invalid())?;
    let now = crate::db::now();
    let creator = auth.id().to_owned();
    idempotency::create(&state, idempotent, move |conn| {
        let cohort = coached_cohort(conn, &auth, &id)?;
        let (invite, code) = make_invite(&cohort.id, &creator, hours, now);
        invite.replace_all(conn, now)?;
        Ok((
            format!("/v1/cohorts/{}/invites/{}", invite.cohort_id, invite.id),
            InviteView::new(&invite, Some(code), now),
        ))
    })
    .await
}

async fn list_invites(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: crate::api::query::ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let invites = state
        .db(move |conn| {
            let cohort = coached_cohort(conn, &auth, &id)?;
            Ok(Invite::list(conn, &cohort.id, cursor.as_ref(), i64::from(limit) + 1)?)
        })
        .await?;
    let now = crate::db::now();
    let page = Page::from_rows(
        invites,
        limit,
        |i| time_cursor(i.created_at, &i.id),
        |i| InviteView::new(&i, None, now),
    );
    Ok(HttpResponse::Ok().json(page))
}

async fn revoke_invite(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (cohort_id, invite_id) = path.into_inner();
    state
        .db(move |conn| {
            let cohort = coached_cohort(conn, &auth, &cohort_id)?;
            if Invite::revoke(conn, &cohort.id, &invite_id, crate::db::now())? {
                Ok(())
            } else {
                Err(AppError::not_found(format!(
                    "no live invite {invite_id} in this cohort"
                )))
            }
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JoinRequest {
    code: String,
}

#[derive(Serialize)]
struct MembershipView {
    cohort: CohortView,
    user_id: String,
    joined_at: chrono::DateTime<chrono::Utc>,
}

async fn join(
    state: web::Data<AppState>,
    auth: AuthUser,
    idempotent: Idempotent,
    body: crate::api::body::ApiJson<JoinRequest>,
) -> Result<HttpResponse, AppError> {
    if auth.role() != Role::Candidate {
        return Err(AppError::forbidden("only candidates join cohorts"));
    }
    let sha = code_hash(&body.into_inner().code);
    let user = auth.id().to_owned();
    idempotency::create(&state, idempotent, move |conn| {
        let now = crate::db::now();
        let invalid = |detail: &str| AppError::Unprocessable {
            detail: detail.to_owned(),
            errors: vec![FieldError {
                pointer: "/code".into(),
                detail: detail.to_owned(),
            }],
        };
        let invite = Invite::by_code_hash(conn, &sha)?.ok_or_else(|| invalid("no cohort has this invite code"))?;
        if invite.revoked_at.is_some() {
            return Err(invalid("this invite code was revoked; ask your coach for a new one"));
        }
        if invite.expires_at <= now {
            return Err(invalid("this invite code has expired; ask your coach for a new one"));
        }
        let cohort = Cohort::find(conn, &invite.cohort_id)?;
        let membership = Cohort::join(conn, &cohort.id, &user, now)?;
        Ok((
            format!("/v1/cohorts/{}/members/{}", cohort.id, membership.user_id),
            MembershipView {
                cohort: cohort.into(),
                user_id: membership.user_id,
                joined_at: membership.joined_at.and_utc(),
            },
        ))
    })
    .await
}

#[derive(Serialize)]
struct MemberView {
    user_id: String,
    email: String,
    display_name: String,
    joined_at: chrono::DateTime<chrono::Utc>,
}

async fn members(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: crate::api::query::ApiQuery<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let limit = query.limit()?;
    let cursor = query.time_cursor()?;
    let rows = state
        .db(move |conn| {
            let cohort = coached_cohort(conn, &auth, &id)?;
            Ok(Cohort::members(
                conn,
                &cohort.id,
                cursor.as_ref(),
                i64::from(limit) + 1,
            )?)
        })
        .await?;
    let page = Page::from_rows(
        rows,
        limit,
        |m: &MemberRow| time_cursor(m.joined_at, &m.user_id),
        |m| MemberView {
            user_id: m.user_id,
            email: m.email,
            display_name: m.display_name,
            joined_at: m.joined_at.and_utc(),
        },
    );
    Ok(HttpResponse::Ok().json(page))
}

/// The coach removes a member, or a member leaves. Either way the coach stops seeing their work.
async fn remove_member(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (cohort_id, user_id) = path.into_inner();
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
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueueQuery {
    exercise: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

#[derive(Serialize)]
struct LowDimension {
    id: String,
    score: f64,
}

#[derive(Serialize)]
struct QueueItem {
    submission_id: String,
    attempt_id: String,
    user_id: String,
    exercise_id: String,
    submitted_at: chrono::DateTime<chrono::Utc>,
    score: f64,
    /// The two weakest dimensions: where to look first.
    lowest_dimensions: Vec<LowDimension>,
}

async fn review_queue(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: crate::api::query::ApiQuery<QueueQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let q = query.into_inner();
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = page.limit()?;
    let cursor = page.time_cursor()?;
    let (rows, scores) = state
        .db(move |conn| {
            let cohort = coached_cohort(conn, &auth, &id)?;
            let rows = Submission::review_queue(
                conn,
                &cohort.id,
                &cohort.coach_id,
                q.exercise.as_deref(),
                cursor.as_ref(),
                i64::from(limit) + 1,
            )?;
            let ids: Vec<String> = rows.iter().map(|s| s.id.clone()).collect();
            let scores = Submission::scores_for(conn, &ids)?;
            Ok((rows, scores))
        })
        .await?;
    let page = Page::from_rows(
        rows,
        limit,
        |s: &SubmissionSummary| time_cursor(s.submitted_at, &s.id),
        |s| {
            let mut dims: Vec<LowDimension> = scores
                .iter()
                .filter(|d| d.submission_id == s.id)
                .filter_map(|d| {
                    d.score.map(|score| LowDimension {
                        id: d.dimension.clone(),
                        score,
                    })
                })
                .collect();
            dims.sort_by(|a, b| a.score.total_cmp(&b.score).then_with(|| a.id.cmp(&b.id)));
            dims.truncate(2);
            QueueItem {
                submission_id: s.id,
                attempt_id: s.attempt_id,
                user_id: s.user_id,
                exercise_id: s.exercise_id,
                submitted_at: s.submitted_at.and_utc(),
                score: s.score,
                lowest_dimensions: dims,
            }
        },
    );
    Ok(HttpResponse::Ok().json(page))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttemptQueueQuery {
    exercise: Option<String>,
    state: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// One attempt in the queue, with its latest submission.
#[derive(Serialize)]
pub struct QueuedAttempt {
    pub attempt_id: String,
    pub submission_id: String,
    pub user_id: String,
    pub display_name: String,
    pub exercise_id: String,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    /// Seconds since the latest submission.
    pub waiting_seconds: i64,
    /// The effective score of the latest submission (after overrides).
    pub score: f64,
    pub submissions: usize,
    pub reviewed: bool,
}

/// The per-attempt queue of a cohort the viewer coaches, oldest first, filtered by exercise and
/// state (`waiting`, the default, `reviewed` or `all`).
pub fn load_attempt_queue(
    conn: &mut DbConn,
    auth: &AuthUser,
    cohort_id: &str,
    exercise: Option<&str>,
    state: &str,
) -> Result<Vec<QueuedAttempt>, AppError> {
    let cohort = coached_cohort(conn, auth, cohort_id)?;
    let rows = Submission::attempt_queue(conn, &cohort.id)?;
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| exercise.is_none_or(|e| r.latest.exercise_id == e))
        .filter(|r| match state {
            "reviewed" => r.reviewed,
            "all" => true,
            _ => !r.reviewed,
        })
        .collect();
    let ids: Vec<String> = rows.iter().map(|r| r.latest.id.clone()).collect();
    let scores = Submission::scores_for(conn, &ids)?;
    let overrides = Override::for_submissions(conn, &ids)?;
    let members = Cohort::members(conn, &cohort.id, None, i64::MAX)?;
    let now = crate::db::now();
    Ok(rows
        .into_iter()
        .map(|r| {
            let s = r.latest;
            let dims: Vec<DimensionScore> = scores.iter().filter(|d| d.submission_id == s.id).cloned().collect();
            let own: Vec<Override> = overrides.iter().filter(|o| o.submission_id == s.id).cloned().collect();
            QueuedAttempt {
                display_name: members
                    .iter()
                    .find(|m| m.user_id == s.user_id)
                    .map(|m| m.display_name.clone())
                    .unwrap_or_default(),
                score: effective(s.score, &dims, &own).score,
                waiting_seconds: (now - s.submitted_at).num_seconds().max(0),
                attempt_id: s.attempt_id,
                submission_id: s.id,
                user_id: s.user_id,
                exercise_id: s.exercise_id,
                submitted_at: s.submitted_at.and_utc(),
                submissions: r.submissions,
                reviewed: r.reviewed,
            }
        })
        .collect())
}

async fn queued_attempts(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: crate::api::query::ApiQuery<AttemptQueueQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let q = query.into_inner();
    let wanted = q.state.unwrap_or_else(|| "waiting".to_owned());
    if !matches!(wanted.as_str(), "waiting" | "reviewed" | "all") {
        return Err(AppError::bad_request(format!(
            "unknown state {wanted:?}: use waiting, reviewed or all"
        )));
    }
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = page.limit()?;
    let cursor = page.time_cursor()?;
    let exercise = q.exercise;
    let rows = state
        .db(move |conn| load_attempt_queue(conn, &auth, &id, exercise.as_deref(), &wanted))
        .await?;
    let rows: Vec<QueuedAttempt> = rows
        .into_iter()
        .filter(|r| {
            cursor.as_ref().is_none_or(|(t, id)| {
                let at = r.submitted_at.naive_utc();
                at > *t || (at == *t && r.submission_id.as_str() > id.as_str())
            })
        })
        .take(limit as usize + 1)
        .collect();
    let page = Page::from_rows(
        rows,
        limit,
        |r| time_cursor(r.submitted_at.naive_utc(), &r.submission_id),
        |r| r,
    );
    Ok(HttpResponse::Ok().json(page))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoresQuery {
    format: Option<String>,
}

/// Latest and best effective score of one (member, exercise) for one dimension, or `overall`.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct ScoreCell {
    pub latest: Option<f64>,
    pub best: Option<f64>,
}

#[derive(Serialize)]
pub struct ExerciseScores {
    pub exercise_id: String,
    pub submissions: usize,
    pub overall: ScoreCell,
    pub dimensions: BTreeMap<String, ScoreCell>,
}

#[derive(Serialize)]
pub struct MemberScores {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    pub exercises: Vec<ExerciseScores>,
}

#[derive(Serialize)]
pub struct Dashboard {
    pub cohort_id: String,
    pub members: Vec<MemberScores>,
}

fn push(cell: &mut ScoreCell, value: Option<f64>) {
    if let Some(v) = value {
        cell.latest = Some(v);
        cell.best = Some(cell.best.map_or(v, |b| b.max(v)));
    }
}

fn build_dashboard(
    cohort_id: String,
    members: Vec<MemberRow>,
    submissions: &[SubmissionSummary],
    scores: &[DimensionScore],
    overrides: &[Override],
) -> Dashboard {
    let mut by_sub: BTreeMap<&str, Vec<DimensionScore>> = BTreeMap::new();
    for s in scores {
        by_sub.entry(s.submission_id.as_str()).or_default().push(s.clone());
    }
    let members = members
        .into_iter()
        .map(|m| {
            let mut per_exercise: BTreeMap<String, ExerciseScores> = BTreeMap::new();
            // Oldest first, so the last value pushed is the latest.
            for s in submissions.iter().filter(|s| s.user_id == m.user_id) {
                let dims = by_sub.get(s.id.as_str()).cloned().unwrap_or_default();
                let own: Vec<Override> = overrides.iter().filter(|o| o.submission_id == s.id).cloned().collect();
                let eff = effective(s.score, &dims, &own);
                let entry = per_exercise
                    .entry(s.exercise_id.clone())
                    .or_insert_with(|| ExerciseScores {
                        exercise_id: s.exercise_id.clone(),
                        submissions: 0,
                        overall: ScoreCell {
                            latest: None,
                            best: None,
                        },
                        dimensions: BTreeMap::new(),
                    });
                entry.submissions += 1;
                push(&mut entry.overall, Some(eff.score));
                for d in eff.dimensions {
                    push(
                        entry.dimensions.entry(d.id).or_insert(ScoreCell {
                            latest: None,
                            best: None,
                        }),
                        d.effective,
                    );
                }
            }
            MemberScores {
                user_id: m.user_id,
                email: m.email,
                display_name: m.display_name,
                exercises: per_exercise.into_values().collect(),
            }
        })
        .collect();
    Dashboard { cohort_id, members }
}

/// Latest and best effective scores of every member of a cohort the viewer coaches.
pub fn load_dashboard(conn: &mut DbConn, auth: &AuthUser, cohort_id: &str) -> Result<Dashboard, AppError> {
    let cohort = coached_cohort(conn, auth, cohort_id)?;
    let members = Cohort::members(conn, &cohort.id, None, i64::MAX)?;
    let ids: Vec<String> = members.iter().map(|m| m.user_id.clone()).collect();
    let subs = Submission::list_for_users(conn, &ids)?;
    let sub_ids: Vec<String> = subs.iter().map(|s| s.id.clone()).collect();
    let scores = Submission::scores_for(conn, &sub_ids)?;
    let overrides = Override::for_submissions(conn, &sub_ids)?;
    Ok(build_dashboard(cohort.id, members, &subs, &scores, &overrides))
}

/// A cell a spreadsheet shows as text: one that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`, as OWASP advises
/// against CSV injection. Only what people typed goes through here; ids and numbers are ours.
fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{cell}")),
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

fn to_csv(d: &Dashboard) -> Result<String, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fmt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    w.write_record([
        "user_id",
        "email",
        "display_name",
        "exercise_id",
        "submissions",
        "dimension",
        "latest",
        "best",
    ])
    .map_err(AppError::internal)?;
    for m in &d.members {
        for e in &m.exercises {
            let rows =
                std::iter::once(("overall", &e.overall)).chain(e.dimensions.iter().map(|(k, v)| (k.as_str(), v)));
            for (dim, cell) in rows {
                w.write_record([
                    m.user_id.as_str(),
                    &spreadsheet_safe(&m.email),
                    &spreadsheet_safe(&m.display_name),
                    &e.exercise_id,
                    &e.submissions.to_string(),
                    dim,
                    &fmt(cell.latest),
                    &fmt(cell.best),
                ])
                .map_err(AppError::internal)?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    String::from_utf8(bytes).map_err(AppError::internal)
}

fn wants_csv(req: &HttpRequest, format: Option<&str>) -> Result<bool, AppError> {
    match format {
        Some("csv") => return Ok(true),
        Some("json") => return Ok(false),
        Some(other) => {
            return Err(AppError::bad_request(format!(
                "unknown format {other:?}: use json or csv"
            )))
        }
        None => {}
    }
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Ok(accept.split(',').any(|a| a.trim().starts_with("text/csv")))
}

async fn scores(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    path: web::Path<String>,
    query: crate::api::query::ApiQuery<ScoresQuery>,
) -> Result<HttpResponse, AppError> {
    let csv = wants_csv(&req, query.format.as_deref())?;
    let id = path.into_inner();
    let dashboard = state.db(move |conn| load_dashboard(conn, &auth, &id)).await?;
    if csv {
        Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .body(to_csv(&dashboard)?))
    } else {
        Ok(HttpResponse::Ok().json(dashboard))
    }
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_neutralised() {
        for evil in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tcmd",
            "\rcmd",
        ] {
            assert_eq!(spreadsheet_safe(evil), format!("'{evil}"), "{evil:?}");
        }
        for fine in ["Ada Lovelace", "ada@example.com", "", "1=1"] {
            assert_eq!(spreadsheet_safe(fine), fine);
        }
    }
}

//! Invite codes: 20 random characters, stored only as a hash and shown once, when made. A new
//! code replaces every earlier one of the cohort; a code can be revoked and expires.
use chrono::NaiveDateTime;
use rand::Rng;

use crate::auth::AuthUser;
use crate::db::cohorts::Invite;
use crate::db::{Cursor, DbConn};
use crate::error::{AppError, FieldError};
use crate::service::access::coached_cohort;
use crate::state::AppState;

pub const DEFAULT_INVITE_HOURS: u32 = 7 * 24;
pub const MAX_INVITE_HOURS: u32 = 90 * 24;

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
pub fn code_hash(code: &str) -> String {
    let normalized: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    crate::hashing::sha256_hex(normalized.as_bytes())
}

/// A new invite of a cohort and its code.
pub fn make_invite(cohort_id: &str, creator: &str, hours: u32, now: NaiveDateTime) -> (Invite, String) {
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

/// An invite's lifetime in hours: the default, or what was asked within the allowed range.
pub fn invite_hours(requested: Option<u32>) -> Result<u32, AppError> {
    match requested {
        None => Ok(DEFAULT_INVITE_HOURS),
        Some(h) if (1..=MAX_INVITE_HOURS).contains(&h) => Ok(h),
        Some(_) => Err(AppError::invalid_fields(vec![FieldError {
            pointer: "/invite_expires_in_hours".into(),
            detail: format!("must be between 1 and {MAX_INVITE_HOURS}"),
        }])),
    }
}

/// Regenerates the invite of a cohort the viewer runs, inside the caller's transaction: every
/// earlier code stops working. The new invite and its code.
pub fn regenerate(
    conn: &mut DbConn,
    auth: &AuthUser,
    cohort_id: &str,
    hours: u32,
    now: NaiveDateTime,
) -> Result<(Invite, String), AppError> {
    let cohort = coached_cohort(conn, auth, cohort_id)?;
    let (invite, code) = make_invite(&cohort.id, auth.id(), hours, now);
    invite.replace_all(conn, now)?;
    Ok((invite, code))
}

/// The invites of a cohort the viewer runs, newest first, after `cursor`.
pub async fn invites_of(
    state: &AppState,
    auth: &AuthUser,
    cohort_id: String,
    cursor: Option<Cursor>,
    fetch: i64,
) -> Result<Vec<Invite>, AppError> {
    let auth = auth.clone();
    state
        .db(move |conn| {
            let cohort = coached_cohort(conn, &auth, &cohort_id)?;
            Ok(Invite::list(conn, &cohort.id, cursor.as_ref(), fetch)?)
        })
        .await
}

/// Revokes a live invite of a cohort the viewer runs; 404 when there is none by that id.
pub async fn revoke(state: &AppState, auth: &AuthUser, cohort_id: String, invite_id: String) -> Result<(), AppError> {
    let auth = auth.clone();
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
        .await
}

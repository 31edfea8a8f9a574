//! Sessions: checking an email and password (throttled, equally slow for unknown accounts),
//! opening a session on the server with its signed token, finding the user and session of a
//! token, and logging out (the session ends on the server, so its token is refused at once).
use diesel::Connection;
use secrecy::SecretString;
use serde::Deserialize;

use crate::auth::jwt::Issued;
use crate::auth::{password, throttle, AuthUser, JwtKeys};
use crate::db::sessions::Session;
use crate::db::{login_failures, users::User};
use crate::error::AppError;
use crate::state::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    email: String,
    password: SecretString,
}

impl Credentials {
    pub fn new(email: String, password: SecretString) -> Self {
        Self { email, password }
    }
}

const BAD_CREDENTIALS: &str = "the email or the password is wrong";

/// Log-ins a minute, successful or not, for one account and for one client address.
const LOG_INS_PER_ACCOUNT: i64 = 20;
const LOG_INS_PER_ADDRESS: i64 = 120;

/// A session just opened: its id and its signed token.
pub struct Opened {
    pub session_id: String,
    pub issued: Issued,
}

/// Opens a session for `user_id` on the server and signs its token.
pub async fn open_session(state: &AppState, user_id: &str) -> Result<Opened, AppError> {
    let keys: &JwtKeys = &state.keys;
    let expires_at = keys.expiry().map_err(AppError::internal)?;
    let session = Session::new(user_id, expires_at.naive_utc());
    let issued = keys
        .issue(user_id, &session.id, expires_at)
        .map_err(AppError::internal)?;
    let session_id = session.id.clone();
    state
        .db(move |conn| session.insert(conn).map_err(AppError::from))
        .await?;
    Ok(Opened { session_id, issued })
}

/// Checks an email and password from the client at `address` (throttled per account and per
/// address, equally slow for unknown accounts): the account, or the error to answer.
pub async fn check_credentials(state: &AppState, address: &str, creds: Credentials) -> Result<User, AppError> {
    if creds.email.len() > 1024
        || secrecy::ExposeSecret::expose_secret(&creds.password).len() > 4 * password::MAX_PASSWORD_CHARS
    {
        return Err(AppError::unauthorized(BAD_CREDENTIALS));
    }
    let account_key = throttle::account_key(&creds.email);
    let address_key = throttle::address_key(address);
    let throttle_settings = state.settings.throttle;
    let window = chrono::Duration::from_std(throttle_settings.window).unwrap_or_else(|_| chrono::Duration::minutes(15));

    // Three steps, so no pooled connection waits on argon2: the throttle and the account lookup,
    // then the verification under a hashing permit, then the bookkeeping. A log-in counts as a
    // failure from the first step on, decided and recorded under a lock on its keys: parallel
    // wrong passwords cannot all slip in before the first failure is counted. A log-in that
    // succeeds takes its failure back.
    let limits = (throttle_settings, account_key.clone(), address_key.clone());
    let email = creds.email.clone();
    let (user, pending) = state
        .db(move |conn| {
            let (settings, account_key, address_key) = limits;
            let now = crate::db::now();
            conn.transaction(|conn| {
                crate::db::lock_keys(conn, &[&account_key, &address_key])?;
                if let Some(wait) = throttle::retry_after(conn, &settings, &account_key, &address_key, now)? {
                    return Err(AppError::too_many_requests(
                        format!("too many failed log-ins; try again in {wait} seconds"),
                        wait,
                    ));
                }
                // Every attempt counts here, successful or not: log-ins are slow by design and
                // must not be usable to tie up the server.
                for (key, limit) in [
                    (format!("login:{account_key}"), LOG_INS_PER_ACCOUNT),
                    (format!("login:{address_key}"), LOG_INS_PER_ADDRESS),
                ] {
                    if let Some(wait) = crate::db::rate::hit(conn, &key, limit, chrono::Duration::minutes(1), now)? {
                        return Err(AppError::too_many_requests(
                            format!("at most {limit} log-ins a minute; try again in {wait} seconds"),
                            wait,
                        ));
                    }
                }
                let pending = login_failures::record(conn, &[&account_key, &address_key], now)?;
                Ok((User::find_by_email(conn, &email)?, pending))
            })
        })
        .await?;
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let ok = state
        .hash(move || password::verify(&creds.password, hash.as_deref()))
        .await?;
    if !(ok && user.is_some()) {
        state.metrics.login_failures.inc();
    }
    state
        .db(move |conn| {
            let now = crate::db::now();
            match user {
                Some(user) if ok => {
                    login_failures::forget(conn, &pending)?;
                    login_failures::clear(conn, &account_key, now - window)?;
                    Ok(user)
                }
                _ => Err(AppError::unauthorized(BAD_CREDENTIALS)),
            }
        })
        .await
}

/// The user and session of a token, checked against the database: a role change, a deleted
/// account or a log-out takes effect at once rather than when the token expires.
pub async fn authenticate(state: &AppState, token: &str) -> Result<AuthUser, AppError> {
    let claims = state.keys.verify(token).map_err(AppError::unauthorized)?;
    let Some(sid) = claims.sid else {
        return Err(AppError::unauthorized("the token names no session; log in again"));
    };
    let found = state
        .db(move |conn| -> Result<Option<AuthUser>, AppError> {
            if Session::find_live(conn, &sid, &claims.sub, crate::db::now())?.is_none() {
                return Ok(None);
            }
            match User::find(conn, &claims.sub) {
                Ok(u) => Ok(Some(AuthUser(u, sid))),
                Err(diesel::result::Error::NotFound) => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    found.ok_or_else(|| AppError::unauthorized("this session has ended (logged out or password changed); log in again"))
}

/// Ends the session the user is signed in with.
pub async fn log_out(state: &AppState, auth: &AuthUser) -> Result<(), AppError> {
    let sid = auth.session_id().to_owned();
    state
        .db(move |conn| Session::revoke(conn, &sid, crate::db::now()).map_err(AppError::from))
        .await?;
    tracing::info!(user_id = %auth.id(), "logged out");
    Ok(())
}

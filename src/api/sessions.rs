//! Sessions: `POST /v1/sessions` exchanges email + password for a bearer token (one new row of
//! `sessions`); `DELETE /v1/sessions/current` logs out, revoking the session on the server so the
//! token stops working at once.
use actix_web::{web, HttpRequest, HttpResponse};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::routes::{Resource, Routes};
use crate::auth::{password, throttle, AuthUser, JwtKeys};
use crate::db::sessions::Session;
use crate::db::{login_failures, users::User};
use crate::error::AppError;
use crate::state::AppState;

pub fn routes(routes: &mut Routes) {
    routes
        .add(Resource::new("/sessions").post(log_in))
        .add(Resource::new("/sessions/current").delete(log_out));
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    email: String,
    password: SecretString,
}

#[derive(Serialize)]
pub struct SessionView {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub expires_in: i64,
}

const BAD_CREDENTIALS: &str = "the email or the password is wrong";

/// The address a request comes from, for throttling: the peer, unless the peer is a trusted
/// proxy; then the nearest address in `X-Forwarded-For` that is not itself a trusted proxy
/// (entries further left were written by the client and could be anything).
fn client_address(req: &HttpRequest, trusted: &[std::net::IpAddr]) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return "unknown".into();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for entry in forwarded.iter().rev() {
        match entry.parse::<std::net::IpAddr>() {
            Ok(a) if trusted.contains(&a) => continue,
            Ok(a) => return a.to_string(),
            // Not an address: what lies further left cannot be trusted either.
            Err(_) => break,
        }
    }
    peer.to_string()
}

/// A session just opened: its id and its signed token.
pub struct Opened {
    pub session_id: String,
    pub issued: crate::auth::jwt::Issued,
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

/// Checks an email and password (throttled, equally slow for unknown accounts): the account, or
/// the error to answer.
pub async fn check_credentials(state: &AppState, req: &HttpRequest, creds: Credentials) -> Result<User, AppError> {
    if creds.email.len() > 1024
        || secrecy::ExposeSecret::expose_secret(&creds.password).len() > 4 * password::MAX_PASSWORD_CHARS
    {
        return Err(AppError::unauthorized(BAD_CREDENTIALS));
    }
    let address = client_address(req, &state.settings.trusted_proxies);
    let account_key = throttle::account_key(&creds.email);
    let address_key = throttle::address_key(&address);
    let throttle_settings = state.settings.throttle;
    let window = chrono::Duration::from_std(throttle_settings.window).unwrap_or_else(|_| chrono::Duration::minutes(15));

    // Three steps, so no pooled connection waits on argon2: the throttle and the account lookup,
    // then the verification under a hashing permit, then the bookkeeping.
    let limits = (throttle_settings, account_key.clone(), address_key.clone());
    let email = creds.email.clone();
    let user = state
        .db(move |conn| {
            let (settings, account_key, address_key) = limits;
            let now = crate::db::now();
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
            Ok(User::find_by_email(conn, &email)?)
        })
        .await?;
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let ok = state
        .hash(move || password::verify(&creds.password, hash.as_deref()))
        .await?;
    state
        .db(move |conn| {
            let now = crate::db::now();
            match user {
                Some(user) if ok => {
                    login_failures::clear(conn, &account_key, now - window)?;
                    Ok(user)
                }
                _ => {
                    login_failures::record(conn, &[&account_key, &address_key], now)?;
                    Err(AppError::unauthorized(BAD_CREDENTIALS))
                }
            }
        })
        .await
}

/// Log-ins a minute, successful or not, for one account and for one client address.
const LOG_INS_PER_ACCOUNT: i64 = 20;
const LOG_INS_PER_ADDRESS: i64 = 120;

impl Credentials {
    pub fn new(email: String, password: SecretString) -> Self {
        Self { email, password }
    }
}

async fn log_in(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: crate::api::body::ApiJson<Credentials>,
) -> Result<HttpResponse, AppError> {
    let user = check_credentials(&state, &req, body.into_inner()).await?;
    let issued = open_session(&state, &user.id).await?.issued;
    let expires_in = (issued.expires_at - chrono::Utc::now()).num_seconds();
    Ok(HttpResponse::Ok().json(SessionView {
        access_token: issued.token,
        token_type: "Bearer",
        expires_at: issued.expires_at,
        expires_in,
    }))
}

/// Ends the session of the request's token on the server: the token is refused from now on.
async fn log_out(state: web::Data<AppState>, auth: AuthUser) -> Result<HttpResponse, AppError> {
    let sid = auth.session_id().to_owned();
    state
        .db(move |conn| Session::revoke(conn, &sid, crate::db::now()).map_err(AppError::from))
        .await?;
    tracing::info!(user_id = %auth.id(), "logged out");
    Ok(HttpResponse::NoContent().finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn address(peer: &str, forwarded: &[&str], trusted: &[&str]) -> String {
        let mut req = TestRequest::default().peer_addr(format!("{peer}:40000").parse().unwrap());
        for f in forwarded {
            req = req.append_header(("x-forwarded-for", *f));
        }
        let trusted: Vec<std::net::IpAddr> = trusted.iter().map(|t| t.parse().unwrap()).collect();
        client_address(&req.to_http_request(), &trusted)
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        // No trusted proxy: the header is the client's own word and is ignored.
        assert_eq!(address("203.0.113.9", &["198.51.100.1"], &[]), "203.0.113.9");
        assert_eq!(address("203.0.113.9", &["198.51.100.1"], &["10.0.0.2"]), "203.0.113.9");
        // Behind the proxy: the address the proxy appended, not what the client wrote before it.
        assert_eq!(
            address("10.0.0.2", &["1.1.1.1, 198.51.100.1"], &["10.0.0.2"]),
            "198.51.100.1"
        );
        // Two proxies, and the header split over two lines.
        assert_eq!(
            address(
                "10.0.0.2",
                &["1.1.1.1", "198.51.100.1, 10.0.0.3"],
                &["10.0.0.2", "10.0.0.3"]
            ),
            "198.51.100.1"
        );
        // Nothing usable: the proxy itself.
        assert_eq!(address("10.0.0.2", &[], &["10.0.0.2"]), "10.0.0.2");
        assert_eq!(address("10.0.0.2", &["1.1.1.1, garbage"], &["10.0.0.2"]), "10.0.0.2");
    }
}

//! Log-in throttling: too many failures for one account, or from one client address, within a
//! window answer 429 with `Retry-After` until the oldest failure leaves the window. Other accounts
//! and addresses are unaffected. State lives in the database, so every instance agrees.
use chrono::NaiveDateTime;

use crate::config::ThrottleSettings;
use crate::db::{login_failures, DbConn};

pub fn account_key(email: &str) -> String {
    format!("account:{}", crate::db::users::normalize_email(email))
}

pub fn address_key(addr: &str) -> String {
    format!("address:{addr}")
}

/// `Some(seconds)` to wait when either key is over its limit.
pub fn retry_after(
    conn: &mut DbConn,
    settings: &ThrottleSettings,
    account: &str,
    address: &str,
    now: NaiveDateTime,
) -> diesel::QueryResult<Option<u64>> {
    let window = chrono::Duration::from_std(settings.window).unwrap_or_else(|_| chrono::Duration::minutes(15));
    let since = now - window;
    let mut wait: Option<u64> = None;
    for (key, limit) in [(account, settings.per_account), (address, settings.per_address)] {
        let (count, oldest) = login_failures::count_since(conn, key, since)?;
        if count >= i64::from(limit) {
            let oldest = oldest.unwrap_or(now);
            let secs = (oldest + window - now).num_seconds().max(1) as u64;
            wait = Some(wait.map_or(secs, |w| w.max(secs)));
        }
    }
    Ok(wait)
}

//! Cursor pagination shared by every list: `?limit=&cursor=`, answered with
//! `{"data": [...], "next_cursor": "..." | null}`. Cursors are opaque to clients (base64url of the
//! last row's sort key), so the server can change what is inside without breaking anyone.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

impl PageQuery {
    pub fn limit(&self) -> Result<u32, AppError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            Some(n) => Err(AppError::bad_request(format!(
                "limit must be between 1 and {MAX_LIMIT}, not {n}"
            ))),
        }
    }

    /// The cursor as a plain string key (for lists ordered by a text id).
    pub fn key_cursor(&self) -> Result<Option<String>, AppError> {
        self.cursor.as_deref().map(decode).transpose()
    }

    /// The cursor as (time, id), for newest-first lists.
    pub fn time_cursor(&self) -> Result<Option<(NaiveDateTime, String)>, AppError> {
        let Some(raw) = self.key_cursor()? else {
            return Ok(None);
        };
        let (micros, id) = raw.split_once('|').ok_or_else(invalid)?;
        let micros: i64 = micros.parse().map_err(|_| invalid())?;
        let t = chrono::DateTime::from_timestamp_micros(micros)
            .ok_or_else(invalid)?
            .naive_utc();
        Ok(Some((t, id.to_owned())))
    }
}

fn invalid() -> AppError {
    AppError::bad_request("the cursor is not valid; pass back the next_cursor of a previous page unchanged")
}

fn decode(cursor: &str) -> Result<String, AppError> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    String::from_utf8(bytes).map_err(|_| invalid())
}

pub fn key_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

pub fn time_cursor(t: NaiveDateTime, id: &str) -> String {
    key_cursor(&format!("{}|{id}", t.and_utc().timestamp_micros()))
}

#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// `rows` was fetched with `limit + 1`: the extra row only says whether there is a next page.
    pub fn from_rows<R>(
        mut rows: Vec<R>,
        limit: u32,
        cursor_of: impl Fn(&R) -> String,
        view: impl Fn(R) -> T,
    ) -> Page<T> {
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let next_cursor = if more { rows.last().map(&cursor_of) } else { None };
        Page {
            data: rows.into_iter().map(view).collect(),
            next_cursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_cursors_round_trip_to_the_microsecond() {
        let t = chrono::DateTime::from_timestamp_micros(1_795_000_000_123_456)
            .unwrap()
            .naive_utc();
        let q = PageQuery {
            limit: None,
            cursor: Some(time_cursor(t, "abc")),
        };
        assert_eq!(q.time_cursor().unwrap(), Some((t, "abc".to_owned())));
    }

    #[test]
    fn garbage_cursors_and_limits_are_400() {
        let q = PageQuery {
            limit: Some(0),
            cursor: Some("%%%".into()),
        };
        assert!(matches!(q.limit(), Err(AppError::BadRequest(_))));
        assert!(matches!(q.time_cursor(), Err(AppError::BadRequest(_))));
    }
}

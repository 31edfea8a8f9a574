//! What a request presents about who sent it: the token of `Authorization: Bearer <token>` or
//! of the browser's session cookie, where the browser says it comes from (`Origin`), and the
//! client's address behind trusted proxies. Read here, checked against the database by
//! `service::sessions::authenticate`.
//!
//! A cookie is sent by the browser on its own, so a request authenticated by the cookie that
//! changes anything (not GET/HEAD) must also carry the session's CSRF token in `X-CSRF-Token`
//! and, when the browser says where it comes from (`Origin`), come from this very site.
use actix_web::{http::header, HttpRequest};

use crate::error::AppError;

/// Name of the browser session cookie. Its value is the same signed token a bearer client gets.
pub const SESSION_COOKIE: &str = "apidojo_session";
/// Header carrying the CSRF token on cookie-authenticated requests from scripts.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How the request proved who it is.
pub enum Credential {
    Bearer(String),
    Cookie(String),
}

/// The token of `Authorization: Bearer <token>` (the scheme in any case), `None` without the
/// header, 401 when the header is there but not of that form.
pub fn bearer_token(req: &HttpRequest) -> Result<Option<String>, AppError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| AppError::unauthorized("the Authorization header is not valid text"))?;
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(AppError::unauthorized(
            "the Authorization header must be of the form: Bearer <token>",
        ));
    }
    Ok(Some(token.trim().to_owned()))
}

pub fn credential(req: &HttpRequest) -> Result<Credential, AppError> {
    if let Some(token) = bearer_token(req)? {
        return Ok(Credential::Bearer(token));
    }
    if let Some(cookie) = req.cookie(SESSION_COOKIE).filter(|c| !c.value().is_empty()) {
        return Ok(Credential::Cookie(cookie.value().to_owned()));
    }
    Err(AppError::unauthorized(
        "this endpoint needs an Authorization: Bearer <token> header; get a token from POST /v1/sessions",
    ))
}

/// The token the request presents, from the bearer header or else the session cookie, unverified;
/// `None` when there is none (or the header is malformed, which the handler will refuse).
pub fn presented_token(req: &HttpRequest) -> Option<String> {
    match credential(req) {
        Ok(Credential::Bearer(t) | Credential::Cookie(t)) => Some(t),
        Err(_) => None,
    }
}

/// True when the request's `Origin` (if the browser sent one) is this site itself.
pub fn same_origin(req: &HttpRequest) -> bool {
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let conn = req.connection_info();
    let host = conn.host();
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(host))
}

/// True when a browser's form post says it comes from this site: by `Origin`, which browsers
/// send with every POST, or, when a privacy setting left it out, by `Referer`. A post that names
/// neither is refused: it does not come from a page of this site as a browser sends it.
pub fn from_this_site(req: &HttpRequest) -> bool {
    if req.headers().contains_key(header::ORIGIN) {
        return same_origin(req);
    }
    let Some(referer) = req.headers().get(header::REFERER).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Ok(url) = url::Url::parse(referer) else {
        return false;
    };
    let conn = req.connection_info();
    let authority = match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        (None, _) => return false,
    };
    authority.eq_ignore_ascii_case(conn.host())
}

/// The address a request comes from, for throttling: the peer, unless the peer is a trusted
/// proxy; then the nearest address in `X-Forwarded-For` that is not itself a trusted proxy
/// (entries further left were written by the client and could be anything).
pub fn client_address(req: &HttpRequest, trusted: &[std::net::IpAddr]) -> String {
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

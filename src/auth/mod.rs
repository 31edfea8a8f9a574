//! Authentication: argon2id passwords (hashed off the async workers), HS256 bearer tokens, the
//! extractor that turns a request into the signed-in user, and log-in throttling.
pub mod extractor;
pub mod jwt;
pub mod password;
pub mod throttle;

pub use extractor::AuthUser;
pub use jwt::JwtKeys;

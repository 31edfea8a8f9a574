//! Authentication: argon2id passwords (hashed off the async workers), HS256 bearer tokens, what a
//! request presents about who sent it, log-in throttling, and [`AuthUser`], the signed-in user.
//! Checking a token against the server's sessions is a domain operation
//! (`service::sessions::authenticate`); each face extracts the user its own way.
pub mod jwt;
pub mod password;
pub mod request;
pub mod throttle;

pub use jwt::JwtKeys;

use crate::db::users::{Role, User};

/// The signed-in user, and the id of the session the request came with.
#[derive(Debug, Clone)]
pub struct AuthUser(pub User, pub String);

impl AuthUser {
    pub fn id(&self) -> &str {
        &self.0.id
    }
    pub fn role(&self) -> Role {
        self.0.role()
    }
    /// The session of this request (what log-out revokes).
    pub fn session_id(&self) -> &str {
        &self.1
    }
}

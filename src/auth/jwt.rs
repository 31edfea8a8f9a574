//! HS256 bearer tokens. Only HS256 is accepted on the way in, so `alg: none` and algorithm
//! confusion are refused by construction.
use std::time::Duration;

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user's id.
    pub sub: String,
    pub iat: i64,
    pub exp: i64,
    /// The session (a row of `sessions`) the token belongs to: revoking it ends the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
    /// Key of the CSRF tokens of browser sessions, derived from the same secret.
    csrf_key: [u8; 32],
}

/// A freshly issued token.
pub struct Issued {
    pub token: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

impl JwtKeys {
    pub fn new(secret: &SecretString, ttl: Duration) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub", "iat"]);
        Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
            ttl,
            csrf_key: Sha256::new()
                .chain_update(b"apidojo csrf key\0")
                .chain_update(bytes)
                .finalize()
                .into(),
        }
    }

    /// When a token issued now would expire.
    pub fn expiry(&self) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
        Ok(chrono::Utc::now() + chrono::Duration::from_std(self.ttl)?)
    }

    /// A token for `user_id` in session `sid`, expiring at `expires_at` (see [`Self::expiry`]).
    pub fn issue(&self, user_id: &str, sid: &str, expires_at: chrono::DateTime<chrono::Utc>) -> anyhow::Result<Issued> {
        let now = chrono::Utc::now();
        let claims = Claims {
            sub: user_id.to_owned(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
            sid: Some(sid.to_owned()),
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok(Issued { token, expires_at })
    }

    /// The CSRF token of a browser session: a keyed hash of the session id, so it needs no
    /// storage and changes with every log-in.
    pub fn csrf_token(&self, sid: &str) -> String {
        let digest = Sha256::new()
            .chain_update(self.csrf_key)
            .chain_update(sid.as_bytes())
            .finalize();
        crate::hashing::hex(&digest)
    }

    /// The claims of a valid token, or a reason fit to show the client.
    pub fn verify(&self, token: &str) -> Result<Claims, &'static str> {
        use jsonwebtoken::errors::ErrorKind;
        decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => "the token has expired; log in again",
                ErrorKind::InvalidSignature => "the token's signature is not valid",
                ErrorKind::InvalidAlgorithm => "the token must be signed with HS256",
                _ => "the token is malformed",
            })
    }
}

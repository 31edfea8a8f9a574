//! argon2id password hashing. Both functions are CPU-heavy by design (tens of milliseconds):
//! call them through `web::block`, never on an async worker.
use std::sync::LazyLock;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use secrecy::{ExposeSecret, SecretString};

/// Shortest password accepted at registration.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest accepted: hashing cost grows with length, and nobody types more.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A hash of a password nobody knows. Log-ins for unknown emails are verified against it so they
/// take as long as log-ins with a wrong password, and response times do not reveal accounts.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash(&SecretString::from(
        "not a real password, only a timing decoy".to_owned(),
    ))
    .expect("hashing a constant cannot fail")
});

pub fn hash(password: &SecretString) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.expose_secret().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))
}

/// Verifies against `stored`, or against the dummy hash when there is no account (always false
/// then, but just as slow).
pub fn verify(password: &SecretString, stored: Option<&str>) -> bool {
    let (hash_str, real) = match stored {
        Some(h) => (h, true),
        None => (DUMMY_HASH.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(hash_str) else {
        return false;
    };
    let ok = Argon2::default()
        .verify_password(password.expose_secret().as_bytes(), &parsed)
        .is_ok();
    ok && real
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    #[test]
    fn hashes_are_argon2id_and_salted() {
        let a = hash(&secret("correct horse battery")).unwrap();
        let b = hash(&secret("correct horse battery")).unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "two hashes of one password must differ by salt");
    }

    #[test]
    fn verify_accepts_only_the_right_password() {
        let h = hash(&secret("correct horse battery")).unwrap();
        assert!(verify(&secret("correct horse battery"), Some(&h)));
        assert!(!verify(&secret("correct horse batterY"), Some(&h)));
    }

    #[test]
    fn unknown_account_never_verifies_even_with_the_decoy_password() {
        assert!(!verify(&secret("not a real password, only a timing decoy"), None));
    }
}

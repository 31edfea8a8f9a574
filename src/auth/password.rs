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

/// Why `password` may not be chosen, in the words shown to the person choosing it; `None` when
/// it is acceptable. In line with NIST SP 800-63B: a length range and no composition rules, but no
/// password that is all whitespace, the account's own email or name, or among the guesses an
/// attacker tries first (common passwords, names, keyboard walks, sequences, dates).
/// `personal` holds the account's email and display name.
pub fn weakness(password: &str, personal: &[&str]) -> Option<String> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_CHARS {
        return Some(format!("must be at least {MIN_PASSWORD_CHARS} characters"));
    }
    if len > MAX_PASSWORD_CHARS {
        return Some(format!("must be at most {MAX_PASSWORD_CHARS} characters"));
    }
    if password.trim().is_empty() {
        return Some("must not be only spaces".into());
    }
    let folded = password.trim().to_lowercase();
    let mut hints: Vec<&str> = Vec::new();
    for p in personal.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        hints.push(p);
        if let Some((local, _)) = p.split_once('@') {
            hints.push(local);
        }
    }
    if hints.iter().any(|h| h.to_lowercase() == folded) {
        return Some("must not be your email address or your name".into());
    }
    let estimate = zxcvbn::zxcvbn(password, &hints);
    if estimate.score() >= zxcvbn::Score::Two {
        return None;
    }
    let why = estimate
        .feedback()
        .and_then(zxcvbn::feedback::Feedback::warning)
        .map(|w| w.to_string().trim_end_matches('.').to_lowercase());
    Some(match why {
        Some(why) => format!("is too easy to guess ({why}); a few unrelated words make a strong password"),
        None => "is too easy to guess; a few unrelated words make a strong password".into(),
    })
}

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
    fn guessable_passwords_are_refused_and_passphrases_accepted() {
        let me = ["ada.lovelace@example.com", "Ada Lovelace"];
        for weak in [
            "password123",
            "1234567890",
            "qwertyuiop",
            "iloveyou12",
            "          ",
            "ada.lovelace@example.com",
            "ADA LOVELACE",
            "ada.lovelace",
        ] {
            assert!(weakness(weak, &me).is_some(), "{weak:?} should be refused");
        }
        for strong in ["correct horse battery staple", "plum-orbit-lantern-42", "Tq8#vL2m!xR9"] {
            assert_eq!(weakness(strong, &me), None, "{strong:?} should be accepted");
        }
        assert_eq!(
            weakness("short", &me).as_deref(),
            Some("must be at least 10 characters")
        );
        let common = weakness("password123", &me).unwrap();
        assert!(common.starts_with("is too easy to guess"), "{common}");
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

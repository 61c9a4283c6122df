//! Password hashing: argon2id with 46 MiB of memory and one pass (OWASP's minimum for argon2id).
//! Hashing is deliberately slow, so callers run it on a blocking thread.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};

pub const MEMORY_KIB: u32 = 46 * 1024;
pub const ITERATIONS: u32 = 1;
pub const PARALLELISM: u32 = 1;

/// A stored password hash (PHC string). Deliberately not `Serialize`: it never leaves the server.
#[derive(Clone)]
pub struct PasswordHashString(pub String);

impl std::fmt::Debug for PasswordHashString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHashString(…)")
    }
}

fn hasher() -> Result<Argon2<'static>, argon2::Error> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub fn hash_password(password: &str) -> Result<PasswordHashString, String> {
    let salt = SaltString::generate(&mut OsRng);
    let hash =
        hasher().map_err(|e| e.to_string())?.hash_password(password.as_bytes(), &salt).map_err(|e| e.to_string())?;
    Ok(PasswordHashString(hash.to_string()))
}

/// True when `password` matches. The parameters stored in the hash are the ones checked against.
pub fn verify_password(password: &str, stored: &PasswordHashString) -> bool {
    let Ok(parsed) = PasswordHash::new(&stored.0) else {
        return false;
    };
    match hasher() {
        Ok(h) => h.verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Spends the same time as a real check, for unknown user names, so that timing does not tell
/// which accounts exist.
pub fn burn_verification_time(password: &str) {
    static DUMMY: std::sync::OnceLock<Option<PasswordHashString>> = std::sync::OnceLock::new();
    if let Some(dummy) = DUMMY.get_or_init(|| hash_password("akuntabel-dummy-password").ok()) {
        let _ = verify_password(password, dummy);
    }
}

/// The lowest zxcvbn score (0–4) a new password must reach: 3 is "safely unguessable" (about
/// 10^10 guesses), beyond an offline attack on one hash of ours for years.
pub const MIN_SCORE: u8 = 3;

/// Why a new password is too easy to guess, or `None`. zxcvbn (Dropbox's estimator) scores it
/// against common and breached passwords, names, dates, keyboard patterns and repeats, and against
/// `user_inputs` (the user's own name and user name, the Pemda's name). Takes a few milliseconds.
pub fn weakness(password: &str, user_inputs: &[&str]) -> Option<crate::domain::Msg> {
    let estimate = zxcvbn::zxcvbn(password, user_inputs);
    if u8::from(estimate.score()) >= MIN_SCORE {
        return None;
    }
    let warning = estimate.feedback().and_then(|f| f.warning()).map(|w| format!(" ({w})")).unwrap_or_default();
    Some(crate::domain::Msg::new(
        "kata sandi ini mudah ditebak: hindari kata umum, nama, tanggal, urutan papan ketik dan kata sandi yang pernah bocor; \
         rangkaikan beberapa kata yang tidak berhubungan",
        format!(
            "this password is easy to guess{warning}: avoid common words, names, dates, keyboard runs and leaked passwords; \
             string together several unrelated words"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("rahasia-sekali-123").unwrap();
        assert!(hash.0.starts_with("$argon2id$v=19$m=47104,t=1,p=1$"));
        assert!(verify_password("rahasia-sekali-123", &hash));
        assert!(!verify_password("rahasia-sekali-124", &hash));
        assert!(!verify_password("x", &PasswordHashString("not a hash".into())));
    }

    #[test]
    fn common_and_personal_passwords_are_weak_and_a_passphrase_is_not() {
        assert!(weakness("password1234", &[]).is_some());
        assert!(weakness("qwertyuiop12", &[]).is_some());
        assert!(weakness("kepala.disdik2026", &["kepala.disdik"]).is_some(), "the user name plus a year");
        assert!(weakness("pempek kapal selam 1987 biru", &[]).is_none());
    }
}

//! Password hashing: argon2id with 46 MiB of memory and one pass (OWASP's minimum for argon2id).
//! Hashing is deliberately slow, so callers run it on a blocking thread; at most one hash per core
//! runs at a time (the rest wait their turn), so that a burst of logins — or of bad guesses —
//! cannot make the server take 46 MiB per request at once.

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

/// Which turns a [`Gate`] gives first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// Ordinary work: an administrator setting a password, a login from an address with no recent
    /// failures.
    First,
    /// Login attempts from an address that has failed recently: they wait while any ordinary turn
    /// waits, so that 50 guessers cannot queue the office's own logins behind theirs.
    Last,
}

/// Lets at most `limit` closures run at once; the others block until a turn is free, those of
/// [`Lane::First`] before those of [`Lane::Last`].
pub struct Gate {
    limit: usize,
    /// Turns running, and callers of the first lane waiting.
    state: std::sync::Mutex<(usize, usize)>,
    freed: std::sync::Condvar,
}

impl Gate {
    pub const fn new(limit: usize) -> Self {
        Gate { limit, state: std::sync::Mutex::new((0, 0)), freed: std::sync::Condvar::new() }
    }

    pub fn run<T>(&self, lane: Lane, f: impl FnOnce() -> T) -> T {
        let limit = self.limit.max(1);
        {
            let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if lane == Lane::First {
                state.1 += 1;
            }
            while state.0 >= limit || (lane == Lane::Last && state.1 > 0) {
                state = self.freed.wait(state).unwrap_or_else(std::sync::PoisonError::into_inner);
            }
            if lane == Lane::First {
                state.1 -= 1;
            }
            state.0 += 1;
        }
        // Gives the turn back even when `f` panics.
        struct Turn<'a>(&'a Gate);
        impl Drop for Turn<'_> {
            fn drop(&mut self) {
                let mut state = self.0.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                state.0 -= 1;
                // Every waiter looks again: which one may go depends on its lane.
                self.0.freed.notify_all();
            }
        }
        let _turn = Turn(self);
        f()
    }

    /// Callers waiting for a turn in the first lane (for tests).
    pub fn waiting_first(&self) -> usize {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner).1
    }
}

/// The gate every hash and check goes through: one turn per core.
fn hashing_gate() -> &'static Gate {
    static GATE: std::sync::OnceLock<Gate> = std::sync::OnceLock::new();
    GATE.get_or_init(|| Gate::new(std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)))
}

pub fn hash_password(password: &str) -> Result<PasswordHashString, String> {
    let salt = SaltString::generate(&mut OsRng);
    let hash = hashing_gate().run(Lane::First, || {
        hasher()
            .map_err(|e| e.to_string())?
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| e.to_string())
    })?;
    Ok(PasswordHashString(hash))
}

/// True when `password` matches. The parameters stored in the hash are the ones checked against.
pub fn verify_password(password: &str, stored: &PasswordHashString) -> bool {
    verify_password_in(Lane::First, password, stored)
}

/// [`verify_password`], waiting for its turn in `lane`.
pub fn verify_password_in(lane: Lane, password: &str, stored: &PasswordHashString) -> bool {
    let Ok(parsed) = PasswordHash::new(&stored.0) else {
        return false;
    };
    hashing_gate().run(lane, || match hasher() {
        Ok(h) => h.verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    })
}

/// Spends the same time as a real check, for unknown user names, so that timing does not tell
/// which accounts exist.
pub fn burn_verification_time(lane: Lane, password: &str) {
    static DUMMY: std::sync::OnceLock<Option<PasswordHashString>> = std::sync::OnceLock::new();
    if let Some(dummy) = DUMMY.get_or_init(|| hash_password("akuntabel-dummy-password").ok()) {
        let _ = verify_password_in(lane, password, dummy);
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
    fn no_more_than_the_gates_limit_of_hashes_run_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let gate = Gate::new(2);
        let (now, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
        // Each turn waits for a second one to be running too: two at once is reached for certain.
        let pair = std::sync::Barrier::new(2);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    gate.run(Lane::First, || {
                        let running = now.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(running, Ordering::SeqCst);
                        pair.wait();
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        now.fetch_sub(1, Ordering::SeqCst);
                    })
                });
            }
        });
        assert_eq!(peak.load(Ordering::SeqCst), 2, "eight logins at once hash two at a time");
        assert_eq!(gate.run(Lane::First, || 7), 7, "every turn was given back");
    }

    #[test]
    fn a_login_from_a_clean_address_goes_before_the_guesses_waiting_in_the_last_lane() {
        use std::sync::mpsc;
        let gate = Gate::new(1);
        let order = std::sync::Mutex::new(Vec::new());
        let (hold, release) = mpsc::channel::<()>();
        std::thread::scope(|scope| {
            let (gate, order) = (&gate, &order);
            let (started_tx, started) = mpsc::channel();
            scope.spawn(move || {
                gate.run(Lane::First, || {
                    started_tx.send(()).unwrap();
                    release.recv().unwrap();
                })
            });
            started.recv().unwrap();
            let guesses: Vec<_> = (0..3)
                .map(|_| scope.spawn(move || gate.run(Lane::Last, || order.lock().unwrap().push("tebakan"))))
                .collect();
            // However far the guesses got, none can pass before the held turn is given back, and
            // by then the office's login waits in the first lane.
            let office = scope.spawn(move || gate.run(Lane::First, || order.lock().unwrap().push("kantor")));
            while gate.waiting_first() == 0 {
                std::thread::yield_now();
            }
            hold.send(()).unwrap();
            office.join().unwrap();
            for guess in guesses {
                guess.join().unwrap();
            }
        });
        assert_eq!(order.into_inner().unwrap(), ["kantor", "tebakan", "tebakan", "tebakan"]);
    }

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

//! Sessions, login throttling and security events. Everything lives in the database, so two server
//! processes behind one load balancer see the same sessions and the same failure counts.

use super::config::Config;
use super::db::{DbConn, DbError, now};
use super::password::{Lane, PasswordHashString, burn_verification_time, verify_password_in};
use super::schema::{role_grants, security_events, sessions, users};
use crate::domain::roles::{Grant, Grants, Role};
use crate::error::{AppError, Refusal};
use crate::with_conn;
use base64::Engine;
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "akuntabel_sesi";

/// Write `last_seen_at` at most this often; the idle timeout is measured in minutes anyway.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// The secret in the session cookie. Not `Serialize`; only its SHA-256 is stored.
pub struct SessionToken(String);

impl SessionToken {
    fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        SessionToken(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The logged-in user of one request.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub session_id: i64,
    pub user_id: i64,
    pub username: String,
    pub nama: String,
    pub grants: Grants,
    /// An administrator set the password: the user must choose their own before anything else.
    pub must_change_password: bool,
}

/// What the security log records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecurityEvent {
    LoginSucceeded,
    LoginFailed,
    LoginThrottled,
    AccessRefused,
    Logout,
    PasswordChanged,
}

impl SecurityEvent {
    pub fn code(self) -> &'static str {
        match self {
            SecurityEvent::LoginSucceeded => "login_ok",
            SecurityEvent::LoginFailed => "login_failed",
            SecurityEvent::LoginThrottled => "login_throttled",
            SecurityEvent::AccessRefused => "access_refused",
            SecurityEvent::Logout => "logout",
            SecurityEvent::PasswordChanged => "password_changed",
        }
    }
}

/// Appends to `security_events` and writes the same line to the log.
pub fn record_event(
    conn: &mut DbConn,
    event: SecurityEvent,
    username: &str,
    user_id: Option<i64>,
    client_ip: &str,
    reason: &str,
) -> Result<(), DbError> {
    log_event(event, username, user_id, client_ip, reason);
    with_conn!(conn, |c| diesel::insert_into(security_events::table)
        .values((
            security_events::at.eq(now()),
            security_events::kind.eq(event.code()),
            security_events::username.eq(username),
            security_events::user_id.eq(user_id),
            security_events::client_ip.eq(client_ip),
            security_events::reason.eq(reason),
        ))
        .execute(c))?;
    Ok(())
}

/// How many `event`s were recorded after `since` (failed logins of the last day, on the dashboard).
pub fn count_events_since(conn: &mut DbConn, event: SecurityEvent, since: i64) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| security_events::table
        .filter(security_events::kind.eq(event.code()))
        .filter(security_events::at.gt(since))
        .count()
        .get_result(c))?)
}

/// How many sessions were used after `since` (those not yet idle).
pub fn count_sessions_seen_since(conn: &mut DbConn, since: i64) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| sessions::table.filter(sessions::last_seen_at.gt(since)).count().get_result(c))?)
}

fn log_event(event: SecurityEvent, username: &str, user_id: Option<i64>, client_ip: &str, reason: &str) {
    match event {
        SecurityEvent::LoginSucceeded | SecurityEvent::Logout | SecurityEvent::PasswordChanged => {
            tracing::info!(event = event.code(), user.name = username, user.id = ?user_id, client.ip = client_ip, reason, "security event")
        }
        _ => {
            tracing::warn!(event = event.code(), user.name = username, user.id = ?user_id, client.ip = client_ip, reason, "security event")
        }
    }
}

pub fn load_grants(conn: &mut DbConn, user_id: i64) -> Result<Grants, DbError> {
    let rows: Vec<(i64, Option<i64>)> = with_conn!(conn, |c| role_grants::table
        .filter(role_grants::user_id.eq(user_id))
        .order(role_grants::id)
        .select((role_grants::role, role_grants::pd_id))
        .load(c))?;
    Ok(Grants(
        rows.into_iter().filter_map(|(role, pd_id)| Role::from_i64(role).map(|role| Grant { role, pd_id })).collect(),
    ))
}

/// The longest user name stored or logged for a login attempt (real ones are at most 40).
pub const MAX_USERNAME_CHARS: usize = 64;
/// Longer passwords are not hashed at all (argon2 would still read all of them).
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// The longest delay a much-attacked account imposes on each attempt.
const MAX_DELAY_SECONDS: u64 = 16;

/// A user name as typed, made fit to store and log: trimmed, lower case, no control characters,
/// at most [`MAX_USERNAME_CHARS`].
pub fn typed_username(raw: &str) -> String {
    raw.trim().chars().filter(|c| !c.is_control()).take(MAX_USERNAME_CHARS).collect::<String>().to_lowercase()
}

/// Counts of failed logins within the window, since the account's last successful login.
struct Failures {
    /// For this account from this address.
    pair: i64,
    /// For this account from any address.
    account: i64,
    /// From this address for any account.
    address: i64,
}

fn failures(conn: &mut DbConn, username: &str, client_ip: &str, window_start: i64) -> Result<Failures, DbError> {
    use security_events as e;
    let last_ok: Option<i64> = with_conn!(conn, |c| e::table
        .filter(e::username.eq(username))
        .filter(e::kind.eq(SecurityEvent::LoginSucceeded.code()))
        .select(diesel::dsl::max(e::at))
        .first(c))?;
    let since = window_start.max(last_ok.map_or(window_start, |t| t + 1));
    let failed = SecurityEvent::LoginFailed.code();
    let account: i64 = with_conn!(conn, |c| e::table
        .filter(e::username.eq(username))
        .filter(e::kind.eq(failed))
        .filter(e::at.ge(since))
        .count()
        .get_result(c))?;
    let pair: i64 = with_conn!(conn, |c| e::table
        .filter(e::username.eq(username))
        .filter(e::client_ip.eq(client_ip))
        .filter(e::kind.eq(failed))
        .filter(e::at.ge(since))
        .count()
        .get_result(c))?;
    let address: i64 = with_conn!(conn, |c| e::table
        .filter(e::client_ip.eq(client_ip))
        .filter(e::kind.eq(failed))
        .filter(e::at.ge(window_start))
        .count()
        .get_result(c))?;
    Ok(Failures { pair, account, address })
}

/// The delay before checking the password of an account with `failures` recent failures: none
/// up to the limit, then 1, 2, 4, … seconds, at most [`MAX_DELAY_SECONDS`]. The right password
/// still gets in — later — so an attacker who knows a user name cannot lock its owner out.
pub fn account_delay(failures: i64, limit: i64) -> std::time::Duration {
    let over = failures - limit;
    if over < 0 {
        return std::time::Duration::ZERO;
    }
    let seconds = 1_u64.checked_shl(u32::try_from(over).unwrap_or(u32::MAX)).unwrap_or(u64::MAX);
    std::time::Duration::from_secs(seconds.min(MAX_DELAY_SECONDS))
}

/// The account a login attempt names.
struct Account {
    id: i64,
    nama: String,
    hash: PasswordHashString,
    active: bool,
    must_change: bool,
}

/// A login attempt between its two database steps: counted as a failure from the moment it
/// begins (so that parallel guesses cannot get past the limit), turned into a success if the
/// password is right.
pub struct LoginAttempt {
    event_id: i64,
    pub username: String,
    client_ip: String,
    user: Option<Account>,
    /// Wait this long before checking the password (see [`account_delay`]).
    pub delay: std::time::Duration,
    /// Failures of this account including this attempt, for the owner's notice.
    account_failures: i64,
    /// The address failed recently (for any account): its password check waits in the last lane.
    suspect: bool,
}

/// Step one of a login, in one write transaction: refuses the attempt when this address has
/// failed too often for this account (or for any account), otherwise records it as a failure
/// until proven otherwise and loads the account. No password work happens here.
pub fn begin_login(
    conn: &mut DbConn,
    config: &Config,
    username: &str,
    client_ip: &str,
) -> Result<LoginAttempt, AppError> {
    let username = typed_username(username);
    // The refusal is committed with its record; hence the nested result.
    conn.write_tx(|conn| -> Result<Result<LoginAttempt, AppError>, AppError> {
        let window_start = now() - config.login_window_minutes * 60;
        let f = failures(conn, &username, client_ip, window_start)?;
        let limit = config.login_max_failures_per_account;
        if f.pair >= limit || f.address >= config.login_max_failures_per_ip {
            let reason = if f.pair >= limit {
                format!("{} failed logins for this account from this address", f.pair)
            } else {
                format!("{} failed logins from this address", f.address)
            };
            record_event(conn, SecurityEvent::LoginThrottled, &username, None, client_ip, &reason)?;
            return Ok(Err(AppError::Throttled { minutes: config.login_window_minutes }));
        }
        let user: Option<(i64, String, String, bool, bool)> = with_conn!(conn, |c| users::table
            .filter(users::username.eq(&username))
            .select((users::id, users::nama, users::password_hash, users::active, users::must_change_password))
            .first(c)
            .optional())?;
        let event_id: i64 = with_conn!(conn, |c| diesel::insert_into(security_events::table)
            .values((
                security_events::at.eq(now()),
                security_events::kind.eq(SecurityEvent::LoginFailed.code()),
                security_events::username.eq(&username),
                security_events::user_id.eq(user.as_ref().map(|u| u.0)),
                security_events::client_ip.eq(client_ip),
                security_events::reason.eq("checking"),
            ))
            .returning(security_events::id)
            .get_result(c))?;
        Ok(Ok(LoginAttempt {
            event_id,
            username: username.clone(),
            client_ip: client_ip.to_owned(),
            user: user.map(|(id, nama, hash, active, must_change)| Account {
                id,
                nama,
                hash: PasswordHashString(hash),
                active,
                must_change,
            }),
            delay: account_delay(f.account, limit),
            account_failures: f.account + 1,
            suspect: f.address > 0,
        }))
    })?
}

impl LoginAttempt {
    /// Step two: the password check (argon2, about 50 ms of one core). Blocking; holds no
    /// database connection. Unknown users take as long as known ones.
    pub fn password_matches(&self, password: &str) -> bool {
        let lane = if self.suspect { Lane::Last } else { Lane::First };
        match &self.user {
            Some(account) if password.len() <= MAX_PASSWORD_BYTES => verify_password_in(lane, password, &account.hash),
            _ => {
                burn_verification_time(lane, password.get(..MAX_PASSWORD_BYTES).unwrap_or(""));
                false
            }
        }
    }
}

/// Turns the provisional record that [`begin_login`] wrote ("checking") into the attempt's
/// outcome, and logs it.
fn settle_event(
    conn: &mut DbConn,
    event_id: i64,
    event: SecurityEvent,
    username: &str,
    user_id: Option<i64>,
    client_ip: &str,
    reason: &str,
) -> Result<(), DbError> {
    log_event(event, username, user_id, client_ip, reason);
    with_conn!(conn, |c| diesel::update(security_events::table.filter(security_events::id.eq(event_id)))
        .set((
            security_events::kind.eq(event.code()),
            security_events::reason.eq(reason),
            security_events::at.eq(now())
        ))
        .execute(c))?;
    Ok(())
}

/// Step three, in one write transaction: the attempt's outcome. A right password for an active
/// account opens a session; anything else stays a failure, and the owner of an existing account
/// finds a notice in the inbox when its failures reach the limit.
pub fn finish_login(
    conn: &mut DbConn,
    config: &Config,
    attempt: LoginAttempt,
    password_matches: bool,
) -> Result<(SessionUser, SessionToken), AppError> {
    let LoginAttempt { event_id, username, client_ip, user, account_failures, .. } = attempt;
    // A failure is committed with its record; hence the nested result.
    conn.write_tx(|conn| -> Result<Result<(SessionUser, SessionToken), AppError>, AppError> {
        let outcome = |conn: &mut DbConn, event: SecurityEvent, reason: &str| {
            settle_event(conn, event_id, event, &username, user.as_ref().map(|u| u.id), &client_ip, reason)
        };
        let Some(Account { id: user_id, nama, active, must_change, .. }) = &user else {
            outcome(conn, SecurityEvent::LoginFailed, "unknown user")?;
            return Ok(Err(AppError::InvalidCredentials));
        };
        if !password_matches {
            outcome(conn, SecurityEvent::LoginFailed, "wrong password")?;
            if account_failures == config.login_max_failures_per_account {
                warn_owner(conn, *user_id, account_failures, config.login_window_minutes, &client_ip)?;
            }
            return Ok(Err(AppError::InvalidCredentials));
        }
        if !active {
            // Checked after the password so that the answer does not reveal deactivated accounts
            // to someone who does not know the password.
            outcome(conn, SecurityEvent::LoginFailed, "user deactivated")?;
            return Ok(Err(AppError::conflict(
                Refusal::AccountInactive,
                "Akun ini sudah dinonaktifkan; hubungi admin",
                "This account has been deactivated; contact the administrator",
            )));
        }
        let token = SessionToken::generate();
        let at = now();
        let session_id: i64 = with_conn!(conn, |c| diesel::insert_into(sessions::table)
            .values((
                sessions::token_hash.eq(token_hash(token.expose())),
                sessions::user_id.eq(user_id),
                sessions::created_at.eq(at),
                sessions::last_seen_at.eq(at),
                sessions::client_ip.eq(&client_ip),
            ))
            .returning(sessions::id)
            .get_result(c))?;
        outcome(conn, SecurityEvent::LoginSucceeded, "")?;
        let grants = load_grants(conn, *user_id)?;
        Ok(Ok((
            SessionUser {
                session_id,
                user_id: *user_id,
                username: username.clone(),
                nama: nama.clone(),
                grants,
                must_change_password: *must_change,
            },
            token,
        )))
    })?
}

/// Sets the user's own new password, after [`begin_login`] and [`LoginAttempt::password_matches`]
/// checked the current one (so that a wrong current password counts toward the same throttle as a
/// wrong login). In one write transaction: the attempt's outcome, the new hash, the end of every
/// other session of the user, and the audit entry. A wrong current password is answered as a form
/// error on the field `current`.
pub fn finish_password_change(
    conn: &mut DbConn,
    attempt: LoginAttempt,
    current_matches: bool,
    user: &SessionUser,
    new_hash: Option<&PasswordHashString>,
) -> Result<(), AppError> {
    let LoginAttempt { event_id, client_ip, user: account, .. } = attempt;
    conn.write_tx(|conn| -> Result<Result<(), AppError>, AppError> {
        let settle = |conn: &mut DbConn, event: SecurityEvent, reason: &str| {
            settle_event(conn, event_id, event, &user.username, Some(user.user_id), &client_ip, reason)
        };
        let (Some(hash), Some(verified)) = (new_hash.filter(|_| current_matches), account.as_ref()) else {
            settle(conn, SecurityEvent::LoginFailed, "wrong current password")?;
            let mut errors = crate::domain::FieldErrors::new();
            errors
                .add("current", crate::domain::Msg::new("kata sandi sekarang salah", "the current password is wrong"));
            return Ok(Err(AppError::Validation(errors)));
        };
        // The password is replaced only if it is still the one just checked and this session still
        // exists: of two changes made at the same moment (two tabs, or the owner and someone who
        // knows the old password) the first wins and ends the other's session; the second must not
        // then replace the owner's new password.
        let this_session = sessions::table.filter(sessions::id.eq(user.session_id));
        let replaced = with_conn!(conn, |c| diesel::update(
            users::table
                .filter(users::id.eq(user.user_id))
                .filter(users::password_hash.eq(&verified.hash.0))
                .filter(diesel::dsl::exists(this_session))
        )
        .set((users::password_hash.eq(&hash.0), users::must_change_password.eq(false), users::updated_at.eq(now())))
        .execute(c))?;
        if replaced == 0 {
            settle(conn, SecurityEvent::AccessRefused, "password changed meanwhile by another request")?;
            return Ok(Err(AppError::conflict(
                Refusal::ChangedMeanwhile,
                "Kata sandi akun ini baru saja diganti dari sesi lain; masuk lagi dengan kata sandi yang baru",
                "This account's password was changed just now from another session; log in again with the new password",
            )));
        }
        let ended = with_conn!(conn, |c| diesel::delete(
            sessions::table.filter(sessions::user_id.eq(user.user_id)).filter(sessions::id.ne(user.session_id))
        )
        .execute(c))?;
        settle(conn, SecurityEvent::PasswordChanged, &format!("{ended} other session(s) ended"))?;
        super::audit::append(
            conn,
            Some(user.user_id),
            "pengguna",
            Some(user.user_id),
            "kata sandi diganti sendiri",
            serde_json::json!({ "sesi_lain_diakhiri": ended }),
        )?;
        Ok(Ok(()))
    })?
}

/// Tells the owner of an account, in the inbox, that someone keeps failing to log in to it.
fn warn_owner(conn: &mut DbConn, user_id: i64, failures: i64, minutes: i64, client_ip: &str) -> Result<(), DbError> {
    let msg = crate::domain::Msg::new(
        format!(
            "Ada {failures} percobaan masuk yang gagal ke akun Anda dalam {minutes} menit terakhir (terakhir dari alamat {client_ip}). Bila itu bukan Anda, ganti kata sandi Anda dan beri tahu admin"
        ),
        format!(
            "There were {failures} failed attempts to log in to your account in the last {minutes} minutes (the last from address {client_ip}). If that was not you, change your password and tell the administrator"
        ),
    );
    super::repo::notifications::notify(conn, &[user_id], None, "gagal_masuk", &msg)
}

/// How many times this process has looked a session cookie up in the database: a page request
/// should cost one, however many of its data loads need the user (`request::KnownSession`).
pub static SESSION_LOOKUPS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// `(session id, created, last seen, user id, user name, name, active, must change password)`.
type SessionRow = (i64, i64, i64, i64, String, String, bool, bool);

/// The user of a session cookie, or `None` when the session is unknown, idle too long, too old,
/// or its user was deactivated. Expired sessions are deleted on sight.
pub fn find_session(conn: &mut DbConn, config: &Config, token: &str) -> Result<Option<SessionUser>, DbError> {
    SESSION_LOOKUPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let hash = token_hash(token);
    let row: Option<SessionRow> = with_conn!(conn, |c| sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(&hash))
        .select((
            sessions::id,
            sessions::created_at,
            sessions::last_seen_at,
            users::id,
            users::username,
            users::nama,
            users::active,
            users::must_change_password,
        ))
        .first(c)
        .optional())?;
    let Some((session_id, created_at, last_seen_at, user_id, username, nama, active, must_change_password)) = row
    else {
        return Ok(None);
    };
    let at = now();
    let idle_expired = at - last_seen_at > config.session_idle_minutes * 60;
    let too_old = at - created_at > config.session_max_hours * 3600;
    if idle_expired || too_old || !active {
        with_conn!(conn, |c| diesel::delete(sessions::table.filter(sessions::id.eq(session_id))).execute(c))?;
        return Ok(None);
    }
    if at - last_seen_at >= TOUCH_EVERY_SECONDS {
        with_conn!(conn, |c| diesel::update(sessions::table.filter(sessions::id.eq(session_id)))
            .set(sessions::last_seen_at.eq(at))
            .execute(c))?;
    }
    let grants = load_grants(conn, user_id)?;
    Ok(Some(SessionUser { session_id, user_id, username, nama, grants, must_change_password }))
}

pub fn delete_session(conn: &mut DbConn, session_id: i64) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::delete(sessions::table.filter(sessions::id.eq(session_id))).execute(c))?;
    Ok(())
}

/// Ends every session of a user (deactivation, password reset).
pub fn delete_user_sessions(conn: &mut DbConn, user_id: i64) -> Result<usize, DbError> {
    Ok(with_conn!(conn, |c| diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(c))?)
}

/// The session cookie's name: with `Secure` (an https public URL) it carries the `__Host-`
/// prefix, which makes browsers refuse it unless it was set over https by this very host for the
/// whole site — no sibling subdomain or plain-http page can plant or overwrite it. A plain-http
/// local install keeps the bare name (browsers refuse `__Host-` without `Secure`).
pub fn session_cookie_name(config: &Config) -> &'static str {
    if config.cookie_secure { SECURE_SESSION_COOKIE } else { SESSION_COOKIE }
}

pub const SECURE_SESSION_COOKIE: &str = "__Host-akuntabel_sesi";

/// The session token a request carries, if any.
pub fn session_token(config: &Config, headers: &http::HeaderMap) -> Option<String> {
    super::request::cookie_value(headers, session_cookie_name(config))
}

/// `Set-Cookie` value for a new session.
pub fn session_cookie(config: &Config, token: &SessionToken) -> String {
    let secure = if config.cookie_secure { "; Secure" } else { "" };
    format!(
        "{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        session_cookie_name(config),
        token.expose(),
        config.session_max_hours * 3600
    )
}

/// `Set-Cookie` value that removes the session cookie.
pub fn cleared_session_cookie(config: &Config) -> String {
    let secure = if config.cookie_secure { "; Secure" } else { "" };
    format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}", session_cookie_name(config))
}

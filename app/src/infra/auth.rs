//! Sessions, login throttling and security events. Everything lives in the database, so two server
//! processes behind one load balancer see the same sessions and the same failure counts.

use super::config::Config;
use super::db::{DbConn, DbError, now};
use super::password::{PasswordHashString, burn_verification_time, verify_password};
use super::schema::{role_grants, security_events, sessions, users};
use crate::domain::roles::{Grant, Grants, Role};
use crate::error::AppError;
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
}

/// What the security log records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecurityEvent {
    LoginSucceeded,
    LoginFailed,
    LoginThrottled,
    AccessRefused,
    Logout,
}

impl SecurityEvent {
    pub fn code(self) -> &'static str {
        match self {
            SecurityEvent::LoginSucceeded => "login_ok",
            SecurityEvent::LoginFailed => "login_failed",
            SecurityEvent::LoginThrottled => "login_throttled",
            SecurityEvent::AccessRefused => "access_refused",
            SecurityEvent::Logout => "logout",
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
    match event {
        SecurityEvent::LoginSucceeded | SecurityEvent::Logout => {
            tracing::info!(event = event.code(), user.name = username, user.id = ?user_id, client.ip = client_ip, reason, "security event")
        }
        _ => {
            tracing::warn!(event = event.code(), user.name = username, user.id = ?user_id, client.ip = client_ip, reason, "security event")
        }
    }
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

/// Failed logins since the later of the window start and the last successful login.
fn recent_failures(conn: &mut DbConn, column_is_username: bool, value: &str, since: i64) -> Result<i64, DbError> {
    let count = if column_is_username {
        let last_ok: Option<i64> = with_conn!(conn, |c| security_events::table
            .filter(security_events::username.eq(value))
            .filter(security_events::kind.eq(SecurityEvent::LoginSucceeded.code()))
            .select(diesel::dsl::max(security_events::at))
            .first(c))?;
        let since = since.max(last_ok.map(|t| t + 1).unwrap_or(since));
        with_conn!(conn, |c| security_events::table
            .filter(security_events::username.eq(value))
            .filter(security_events::kind.eq(SecurityEvent::LoginFailed.code()))
            .filter(security_events::at.ge(since))
            .count()
            .get_result(c))?
    } else {
        with_conn!(conn, |c| security_events::table
            .filter(security_events::client_ip.eq(value))
            .filter(security_events::kind.eq(SecurityEvent::LoginFailed.code()))
            .filter(security_events::at.ge(since))
            .count()
            .get_result(c))?
    };
    Ok(count)
}

/// Checks a user name and password and opens a session. Blocking (argon2): call it from
/// [`super::db::Db::run`].
pub fn login(
    conn: &mut DbConn,
    config: &Config,
    username: &str,
    password: &str,
    client_ip: &str,
) -> Result<(SessionUser, SessionToken), AppError> {
    let username = username.trim().to_lowercase();
    let window_start = now() - config.login_window_minutes * 60;
    let by_account = recent_failures(conn, true, &username, window_start)?;
    let by_address = recent_failures(conn, false, client_ip, window_start)?;
    if by_account >= config.login_max_failures_per_account || by_address >= config.login_max_failures_per_ip {
        let reason = if by_account >= config.login_max_failures_per_account {
            format!("{by_account} failed logins for this account")
        } else {
            format!("{by_address} failed logins from this address")
        };
        record_event(conn, SecurityEvent::LoginThrottled, &username, None, client_ip, &reason)?;
        return Err(AppError::Throttled { minutes: config.login_window_minutes });
    }

    let found: Option<(i64, String, String, bool)> = with_conn!(conn, |c| users::table
        .filter(users::username.eq(&username))
        .select((users::id, users::nama, users::password_hash, users::active))
        .first(c)
        .optional())?;
    let Some((user_id, nama, hash, active)) = found else {
        burn_verification_time(password);
        record_event(conn, SecurityEvent::LoginFailed, &username, None, client_ip, "unknown user")?;
        return Err(AppError::InvalidCredentials);
    };
    if !verify_password(password, &PasswordHashString(hash)) {
        record_event(conn, SecurityEvent::LoginFailed, &username, Some(user_id), client_ip, "wrong password")?;
        return Err(AppError::InvalidCredentials);
    }
    if !active {
        // Checked after the password so that the answer does not reveal deactivated accounts
        // to someone who does not know the password.
        record_event(conn, SecurityEvent::LoginFailed, &username, Some(user_id), client_ip, "user deactivated")?;
        return Err(AppError::conflict(
            "Akun ini sudah dinonaktifkan; hubungi admin",
            "This account has been deactivated; contact the administrator",
        ));
    }

    let token = SessionToken::generate();
    let at = now();
    let session_id: i64 = with_conn!(conn, |c| diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash(token.expose())),
            sessions::user_id.eq(user_id),
            sessions::created_at.eq(at),
            sessions::last_seen_at.eq(at),
            sessions::client_ip.eq(client_ip),
        ))
        .returning(sessions::id)
        .get_result(c))?;
    record_event(conn, SecurityEvent::LoginSucceeded, &username, Some(user_id), client_ip, "")?;
    let grants = load_grants(conn, user_id)?;
    Ok((SessionUser { session_id, user_id, username, nama, grants }, token))
}

/// The user of a session cookie, or `None` when the session is unknown, idle too long, too old,
/// or its user was deactivated. Expired sessions are deleted on sight.
pub fn find_session(conn: &mut DbConn, config: &Config, token: &str) -> Result<Option<SessionUser>, DbError> {
    let hash = token_hash(token);
    let row: Option<(i64, i64, i64, i64, String, String, bool)> = with_conn!(conn, |c| sessions::table
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
        ))
        .first(c)
        .optional())?;
    let Some((session_id, created_at, last_seen_at, user_id, username, nama, active)) = row else {
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
    Ok(Some(SessionUser { session_id, user_id, username, nama, grants }))
}

pub fn delete_session(conn: &mut DbConn, session_id: i64) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::delete(sessions::table.filter(sessions::id.eq(session_id))).execute(c))?;
    Ok(())
}

/// Ends every session of a user (deactivation, password reset).
pub fn delete_user_sessions(conn: &mut DbConn, user_id: i64) -> Result<usize, DbError> {
    Ok(with_conn!(conn, |c| diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(c))?)
}

/// `Set-Cookie` value for a new session.
pub fn session_cookie(config: &Config, token: &SessionToken) -> String {
    let secure = if config.cookie_secure { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        token.expose(),
        config.session_max_hours * 3600
    )
}

/// `Set-Cookie` value that removes the session cookie.
pub fn cleared_session_cookie(config: &Config) -> String {
    let secure = if config.cookie_secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

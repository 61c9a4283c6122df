//! What a server function knows about its request: the application state, the logged-in user,
//! the client address. Every server function starts with one of the `require*` checks.

use super::AppState;
use super::auth::{self, SecurityEvent, SessionUser};
use crate::domain::roles::Permission;
use crate::error::AppError;
use axum::extract::ConnectInfo;
use http::HeaderMap;
use http::request::Parts;
use leptos::prelude::use_context;
use std::net::SocketAddr;

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState is missing from the request context");
        AppError::Internal
    })
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The client's address. With no proxy (`trusted_proxies = 0`) it is the socket's peer. Behind
/// `n` proxies it is the `n`-th `X-Forwarded-For` entry from the right: each proxy appends the
/// address it saw, so the entries to the left of those are whatever the client wrote itself and
/// are never believed. `unknown` when there is no peer (in-process tests).
pub fn client_ip(parts: &Parts, trusted_proxies: usize) -> String {
    let peer = || {
        parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_else(|| "unknown".to_owned())
    };
    if trusted_proxies == 0 {
        return peer();
    }
    let entries: Vec<&str> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    entries
        .len()
        .checked_sub(trusted_proxies)
        .and_then(|i| entries[i].parse::<std::net::IpAddr>().ok())
        .map(|ip| ip.to_string())
        .unwrap_or_else(peer)
}

pub fn current_client_ip(state: &AppState) -> String {
    use_context::<Parts>().map(|p| client_ip(&p, state.config.trusted_proxies)).unwrap_or_else(|| "unknown".into())
}

/// Sets the HTTP status of a page's response (a server function's refusal gets the status of its
/// `AppError` at the edge, in the server's router).
pub fn set_status(status: u16) {
    if let (Some(response), Ok(code)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(status))
    {
        response.set_status(code);
    }
}

pub fn append_header(name: http::HeaderName, value: &str) {
    if let (Some(response), Ok(value)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(value))
    {
        response.append_header(name, value);
    }
}

/// The session of a page request, looked up once by the router before the page renders, so that
/// the page's own data loads (which call [`current_user`] in-process) do not look it up again.
#[derive(Clone, Debug)]
pub struct KnownSession(pub Option<SessionUser>);

/// The logged-in user, or `None`.
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    let state = app_state()?;
    let parts = use_context::<Parts>();
    if let Some(KnownSession(known)) = parts.as_ref().and_then(|p| p.extensions.get::<KnownSession>()) {
        return Ok(known.clone());
    }
    let Some(token) = parts.and_then(|p| auth::session_token(&state.config, &p.headers)) else {
        return Ok(None);
    };
    let config = state.config.clone();
    state.db.run(move |conn| Ok::<_, AppError>(auth::find_session(conn, &config, &token)?)).await
}

/// The logged-in user, or `Unauthenticated` (HTTP 401); a user whose password was set by an
/// administrator is refused everything until they choose their own (`password_change_required`).
pub async fn require_login() -> Result<SessionUser, AppError> {
    let user = require_session().await?;
    if user.must_change_password {
        return Err(AppError::conflict(
            crate::error::Refusal::PasswordChangeRequired,
            "Ganti dahulu kata sandi yang diberikan admin dengan kata sandi Anda sendiri",
            "First replace the password the administrator gave you with your own",
        ));
    }
    Ok(user)
}

/// The logged-in user, even one who must still change the password (the password page).
pub async fn require_session() -> Result<SessionUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthenticated)
}

/// The logged-in user holding `permission`; anything else is refused and logged.
pub async fn require(permission: Permission) -> Result<SessionUser, AppError> {
    let user = require_login().await?;
    if user.grants.allows(permission) {
        Ok(user)
    } else {
        Err(refuse(&user, &format!("missing permission {permission:?}")).await)
    }
}

/// The logged-in user, who must be allowed to see `pd_id`.
pub async fn require_pd(pd_id: i64) -> Result<SessionUser, AppError> {
    let user = require_login().await?;
    if user.grants.can_see_pd(pd_id) {
        Ok(user)
    } else {
        Err(refuse(&user, &format!("perangkat_daerah {pd_id} is outside the user's grants")).await)
    }
}

/// Logs a refused access (security log and `security_events`) and returns `Forbidden` (HTTP 403).
pub async fn refuse(user: &SessionUser, reason: &str) -> AppError {
    let Ok(state) = app_state() else {
        return AppError::Forbidden;
    };
    let ip = current_client_ip(&state);
    let (username, user_id, reason) = (user.username.clone(), user.user_id, reason.to_owned());
    let logged = state
        .db
        .run(move |conn| auth::record_event(conn, SecurityEvent::AccessRefused, &username, Some(user_id), &ip, &reason))
        .await;
    if let Err(e) = logged {
        tracing::error!(error = %e, "could not record a refused access");
    }
    AppError::Forbidden
}

/// Passes `result` through, except that a `Forbidden` from the store is logged as a refused
/// access (with `reason`) like every other refusal.
pub async fn log_if_forbidden<T>(user: &SessionUser, reason: &str, result: Result<T, AppError>) -> Result<T, AppError> {
    match result {
        Err(AppError::Forbidden) => Err(refuse(user, reason).await),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::client_ip;

    fn parts(forwarded: &[&str]) -> http::request::Parts {
        let mut request = http::Request::builder();
        for value in forwarded {
            request = request.header("x-forwarded-for", *value);
        }
        let mut parts = request.body(()).unwrap_or_default().into_parts().0;
        parts.extensions.insert(axum::extract::ConnectInfo(std::net::SocketAddr::from(([10, 0, 0, 1], 40000))));
        parts
    }

    #[test]
    fn without_a_proxy_the_forwarded_header_is_ignored() {
        assert_eq!(client_ip(&parts(&["203.0.113.9"]), 0), "10.0.0.1");
    }

    #[test]
    fn behind_one_proxy_the_address_it_appended_counts_not_what_the_client_wrote() {
        assert_eq!(client_ip(&parts(&["1.2.3.4, 203.0.113.9"]), 1), "203.0.113.9");
        assert_eq!(client_ip(&parts(&["1.2.3.4", "203.0.113.9"]), 1), "203.0.113.9", "over several header lines");
    }

    #[test]
    fn behind_two_proxies_the_second_entry_from_the_right_is_the_client() {
        assert_eq!(client_ip(&parts(&["9.9.9.9, 203.0.113.9, 198.51.100.7"]), 2), "203.0.113.9");
    }

    #[test]
    fn a_missing_or_malformed_entry_falls_back_to_the_peer() {
        assert_eq!(client_ip(&parts(&[]), 1), "10.0.0.1");
        assert_eq!(client_ip(&parts(&["203.0.113.9"]), 2), "10.0.0.1");
        assert_eq!(client_ip(&parts(&["bukan-alamat"]), 1), "10.0.0.1");
    }
}

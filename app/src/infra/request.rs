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

/// The client's address: the socket peer, or the first `X-Forwarded-For` entry behind a trusted
/// proxy. `unknown` when neither is there (in-process tests).
pub fn client_ip(parts: &Parts, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(forwarded) = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(first) = forwarded.split(',').next().map(str::trim).filter(|s| !s.is_empty())
    {
        return first.to_owned();
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

pub fn current_client_ip(state: &AppState) -> String {
    use_context::<Parts>().map(|p| client_ip(&p, state.config.trust_proxy)).unwrap_or_else(|| "unknown".into())
}

/// Sets the HTTP status of the response that carries a server function's result.
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

/// The logged-in user, or `None`.
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    let state = app_state()?;
    let Some(token) = use_context::<Parts>().and_then(|p| cookie_value(&p.headers, auth::SESSION_COOKIE)) else {
        return Ok(None);
    };
    let config = state.config.clone();
    state.db.run(move |conn| Ok::<_, AppError>(auth::find_session(conn, &config, &token)?)).await
}

/// The logged-in user, or `Unauthenticated` (HTTP 401).
pub async fn require_login() -> Result<SessionUser, AppError> {
    match current_user().await? {
        Some(user) => Ok(user),
        None => {
            set_status(401);
            Err(AppError::Unauthenticated)
        }
    }
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
    set_status(403);
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

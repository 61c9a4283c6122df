//! Logging in and out, and who is logged in.

use super::types::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
fn to_current(
    conn: &mut crate::infra::db::DbConn,
    user: &crate::infra::auth::SessionUser,
) -> Result<CurrentUser, AppError> {
    use crate::infra::schema::perangkat_daerah;
    use diesel::prelude::*;
    let ids: Vec<i64> = user.grants.0.iter().filter_map(|g| g.pd_id).collect();
    let pds: Vec<(i64, String)> = crate::with_conn!(conn, |c| perangkat_daerah::table
        .filter(crate::infra::sql::id_in(perangkat_daerah::id, &ids))
        .select((perangkat_daerah::id, perangkat_daerah::singkatan))
        .order(perangkat_daerah::id)
        .load(c))?;
    Ok(CurrentUser {
        user_id: user.user_id,
        username: user.username.clone(),
        nama: user.nama.clone(),
        grants: user.grants.clone(),
        pds,
        unread: crate::service::inbox::unread_count(conn, user.user_id)?,
        must_change_password: user.must_change_password,
    })
}

/// The page user of a page request: the session its cookie names, and the user as the frame
/// shows it. The router's middleware calls this once before a page renders (see `ui::PageUser`
/// and `infra::request::KnownSession`).
#[cfg(feature = "ssr")]
pub async fn page_user(
    state: &crate::infra::AppState,
    headers: &http::HeaderMap,
) -> Result<Option<(crate::infra::auth::SessionUser, CurrentUser)>, AppError> {
    use crate::infra::auth;
    let Some(token) = auth::session_token(&state.config, headers) else {
        return Ok(None);
    };
    let config = state.config.clone();
    state
        .db
        .run(move |conn| match auth::find_session(conn, &config, &token)? {
            Some(user) => {
                let shown = to_current(conn, &user)?;
                Ok(Some((user, shown)))
            }
            None => Ok(None),
        })
        .await
}

/// Checks the password, opens a session and sets its cookie. Three steps, so that the slow
/// password check holds no database connection: the throttle decision and the attempt's record
/// (one transaction), the check itself (on a blocking thread, after the account's delay), and the
/// outcome with the new session (one transaction).
#[server(endpoint = "login", input = Json)]
pub async fn login(username: String, password: String) -> Result<CurrentUser, AppError> {
    use crate::infra::db::DbError;
    use crate::infra::{auth, request};
    let state = request::app_state()?;
    let ip = request::current_client_ip(&state);
    let config = state.config.clone();
    let attempt = state.db.run(move |conn| auth::begin_login(conn, &config, &username, &ip)).await?;
    if !attempt.delay.is_zero() {
        tokio::time::sleep(attempt.delay).await;
    }
    let (attempt, matches) = tokio::task::spawn_blocking(move || {
        let matches = attempt.password_matches(&password);
        (attempt, matches)
    })
    .await
    .map_err(|e| AppError::from(DbError::Task(e.to_string())))?;
    let config = state.config.clone();
    let (user, cookie) = state
        .db
        .run(move |conn| {
            let (user, token) = auth::finish_login(conn, &config, attempt, matches)?;
            Ok::<_, AppError>((to_current(conn, &user)?, auth::session_cookie(&config, &token)))
        })
        .await?;
    request::append_header(http::header::SET_COOKIE, &cookie);
    Ok(user)
}

/// Ends the session on the server and clears the cookie.
#[server(endpoint = "logout", input = Json)]
pub async fn logout() -> Result<(), AppError> {
    use crate::infra::{auth, request};
    let state = request::app_state()?;
    let cleared = auth::cleared_session_cookie(&state.config);
    if let Some(user) = request::current_user().await? {
        let ip = request::current_client_ip(&state);
        state
            .db
            .run(move |conn| {
                auth::delete_session(conn, user.session_id)?;
                auth::record_event(conn, auth::SecurityEvent::Logout, &user.username, Some(user.user_id), &ip, "")?;
                Ok::<_, AppError>(())
            })
            .await?;
    }
    request::append_header(http::header::SET_COOKIE, &cleared);
    Ok(())
}

/// The logged-in user, or `None` for a visitor.
#[server(endpoint = "whoami", input = Json)]
pub async fn whoami() -> Result<Option<CurrentUser>, AppError> {
    let state = crate::infra::request::app_state()?;
    let headers = use_context::<http::request::Parts>().map(|p| p.headers).unwrap_or_default();
    Ok(page_user(&state, &headers).await?.map(|(_, shown)| shown))
}

/// Why `password` would be refused as a new password, or `None` — the form asks while the user
/// types, with the same rules the change itself applies.
#[server(endpoint = "password_strength", input = Json)]
pub async fn password_strength(password: String) -> Result<Option<crate::domain::Msg>, AppError> {
    let user = crate::infra::request::require_session().await?;
    let inputs = password_inputs(&user).await;
    Ok(new_password_problem(&user.username, &password, inputs).await?.map(|(_, msg)| msg))
}

/// The words a new password must not lean on: the user's own names and the Pemda's.
#[cfg(feature = "ssr")]
async fn password_inputs(user: &crate::infra::auth::SessionUser) -> Vec<String> {
    let mut inputs = vec![user.username.clone(), user.nama.clone(), "akuntabel".to_owned(), "sakip".to_owned()];
    if let Ok(state) = crate::infra::request::app_state()
        && let Ok(pemda) = state.db.run(crate::service::master::get_pemda).await
    {
        inputs.push(pemda.data.nama);
        inputs.push(pemda.data.kota_ttd);
    }
    inputs
}

/// The first rule a new password breaks (`(field, message)`), or `None`: the length and user-name
/// rules of the form, then zxcvbn's estimate (on a blocking thread: it takes milliseconds).
#[cfg(feature = "ssr")]
async fn new_password_problem(
    username: &str,
    password: &str,
    inputs: Vec<String>,
) -> Result<Option<(&'static str, crate::domain::Msg)>, AppError> {
    if let Some(msg) = crate::domain::master::validate_password(username, password) {
        return Ok(Some(("new", msg)));
    }
    let password = password.to_owned();
    let weakness = tokio::task::spawn_blocking(move || {
        let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
        crate::infra::password::weakness(&password, &inputs)
    })
    .await
    .map_err(|e| AppError::from(crate::infra::db::DbError::Task(e.to_string())))?;
    Ok(weakness.map(|msg| ("new", msg)))
}

/// The user's own new password, in place of the current one (which must be given). Every other
/// session of the user ends; this one goes on. Also how a password set by an administrator is
/// replaced.
#[server(endpoint = "change_password", input = Json)]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    use crate::infra::db::DbError;
    use crate::infra::{auth, password, request};
    let user = request::require_session().await?;
    let inputs = password_inputs(&user).await;
    if let Some((field, msg)) = new_password_problem(&user.username, &new, inputs).await? {
        let mut errors = crate::domain::FieldErrors::new();
        errors.add(field, msg);
        return Err(AppError::Validation(errors));
    }
    if new == current {
        let mut errors = crate::domain::FieldErrors::new();
        errors.add(
            "new",
            crate::domain::Msg::new("kata sandi baru sama dengan yang sekarang", "the new password is the current one"),
        );
        return Err(AppError::Validation(errors));
    }
    let state = request::app_state()?;
    let ip = request::current_client_ip(&state);
    let config = state.config.clone();
    let username = user.username.clone();
    let attempt = state.db.run(move |conn| auth::begin_login(conn, &config, &username, &ip)).await?;
    if !attempt.delay.is_zero() {
        tokio::time::sleep(attempt.delay).await;
    }
    let (attempt, matches, hash) = tokio::task::spawn_blocking(move || {
        let matches = attempt.password_matches(&current);
        let hash = if matches { password::hash_password(&new).ok() } else { None };
        (attempt, matches, hash)
    })
    .await
    .map_err(|e| AppError::from(DbError::Task(e.to_string())))?;
    if matches && hash.is_none() {
        tracing::error!("password hashing failed");
        return Err(AppError::Internal);
    }
    state.db.run(move |conn| auth::finish_password_change(conn, attempt, matches, &user, hash.as_ref())).await
}

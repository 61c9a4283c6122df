//! File routes outside server functions: the Pemda logo (upload from a plain form, download).
//! Both go through the same session and permission checks as server functions.

use crate::security::see_other;
use akuntabel_app::domain::roles::Permission;
use akuntabel_app::error::AppError;
use akuntabel_app::infra::AppState;
use akuntabel_app::infra::auth::{self, SecurityEvent, SessionUser};
use akuntabel_app::infra::files;
use akuntabel_app::infra::request::client_ip;
use akuntabel_app::service::master;
use axum::body::Body;
use axum::extract::{Multipart, Request, State};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};

pub const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;

/// The user of the request's session cookie (file routes are plain axum handlers, outside the
/// server-function context).
pub async fn session_user(state: &AppState, parts: &http::request::Parts) -> Result<Option<SessionUser>, AppError> {
    let Some(token) = auth::session_token(&state.config, &parts.headers) else {
        return Ok(None);
    };
    let config = state.config.clone();
    state.db.run(move |conn| Ok::<_, AppError>(auth::find_session(conn, &config, &token)?)).await
}

async fn refuse(state: &AppState, parts: &http::request::Parts, user: &SessionUser, reason: &'static str) {
    let (ip, name, id) = (client_ip(parts, state.config.trusted_proxies), user.username.clone(), user.user_id);
    let _ = state
        .db
        .run(move |conn| auth::record_event(conn, SecurityEvent::AccessRefused, &name, Some(id), &ip, reason))
        .await;
}

/// `GET /berkas/logo`: the logo, for logged-in users.
pub async fn get_logo(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    match session_user(&state, &parts).await {
        Ok(Some(_)) => {}
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    let found = state
        .db
        .run(move |conn| {
            let profile = master::get_pemda(conn)?;
            match profile.logo_sha256 {
                Some(sha) => Ok::<_, AppError>(files::mime_of(conn, &sha)?.map(|mime| (sha, mime))),
                None => Ok(None),
            }
        })
        .await;
    let found = match found {
        Ok(Some((sha, mime))) => state.files.get_verified(&sha).await.map(|bytes| bytes.map(|b| (b, mime))),
        Ok(None) => Ok(None),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    match found {
        Ok(Some((bytes, mime))) => Response::builder()
            .header(header::CONTENT_TYPE, mime)
            .header(header::CACHE_CONTROL, "private, max-age=3600")
            .header(header::CONTENT_DISPOSITION, "inline; filename=\"logo\"")
            .body(Body::from(bytes))
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `POST /berkas/logo` (multipart, field `logo`): replaces the Pemda logo, then returns to the
/// profile page with `?logo=<outcome>` so the page can say what happened.
pub async fn upload_logo(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let user = match session_user(&state, &parts).await {
        Ok(Some(user)) => user,
        Ok(None) => return see_other("/masuk"),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if !user.grants.allows(Permission::ManageMasterData) {
        refuse(&state, &parts, &user, "logo upload without ManageMasterData").await;
        return StatusCode::FORBIDDEN.into_response();
    }
    let request = Request::from_parts(parts, body);
    let Ok(mut multipart) = Multipart::from_request(request, &state).await else {
        return see_other("/admin/pemda?logo=kosong");
    };
    let mut bytes = Vec::new();
    while let Ok(Some(mut field)) = multipart.next_field().await {
        if field.name() != Some("logo") {
            continue;
        }
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > MAX_LOGO_BYTES {
                        return see_other("/admin/pemda?logo=besar");
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(_) => return see_other("/admin/pemda?logo=besar"),
            }
        }
    }
    if bytes.is_empty() {
        return see_other("/admin/pemda?logo=kosong");
    }
    let Some(mime) = files::sniff_image(&bytes) else {
        return see_other("/admin/pemda?logo=tipe");
    };
    let size = bytes.len() as i64;
    let sha = match state.files.put_bytes(bytes).await {
        Ok(sha) => sha,
        Err(error) => {
            tracing::error!(%error, "storing the logo failed");
            return see_other("/admin/pemda?logo=gagal");
        }
    };
    let saved = state
        .db
        .run(move |conn| {
            files::record(conn, &sha, size, mime)?;
            master::set_pemda_logo(conn, user.user_id, &sha)
        })
        .await;
    match saved {
        Ok(()) => see_other("/admin/pemda?logo=ok"),
        Err(AppError::Conflict(..)) => see_other("/admin/pemda?logo=profil"),
        Err(_) => see_other("/admin/pemda?logo=gagal"),
    }
}

use axum::extract::FromRequest;

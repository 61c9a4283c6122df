//! The one route table: pages and server functions (from leptos), file routes, health, and the
//! security layer around all of them.

use crate::render::{RenderPool, on_render_thread};
use crate::{files, security, uploads};
use akuntabel_app::error::AppError;
use akuntabel_app::infra::AppState;
use akuntabel_app::infra::request::KnownSession;
use akuntabel_app::ui::PageUserLookup;
use akuntabel_app::{App, shell};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{Method, StatusCode};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};

/// The router, with render threads made from the configuration.
pub fn build(state: AppState) -> Router {
    let pool = RenderPool::from_config(&state.config);
    build_with(state, pool)
}

/// The router over the given render threads (`serve` shares them with the watchdog).
pub fn build_with(state: AppState, pool: RenderPool) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let options = state.leptos_options.clone();
    // Pages, server functions and the site's assets: rendered on the render threads, with the
    // page user looked up before rendering starts.
    let leptos = Router::new()
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(from_fn_with_state(pool, on_render_thread))
        .layer(from_fn_with_state(state.clone(), attach_page_user))
        .layer(axum::middleware::from_fn(refusal_status));
    Router::new()
        .route(
            "/berkas/logo",
            get(files::get_logo)
                .post(files::upload_logo)
                .layer(DefaultBodyLimit::max(files::MAX_LOGO_BYTES + 64 * 1024)),
        )
        .route(
            "/berkas/dokumen/{id}",
            axum::routing::post(uploads::upload).layer(DefaultBodyLimit::max(
                usize::try_from(state.config.max_upload_bytes).unwrap_or(usize::MAX).saturating_add(1024 * 1024),
            )),
        )
        .route("/berkas/dokumen/{id}/{sha256}", get(uploads::download))
        .route("/healthz", get(health))
        .nest_service("/pkg", bundle_files(&state))
        .merge(leptos)
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::guard))
        .with_state(state)
}

/// Where the browser bundle lies under the site root: `pkg/<hash>`, the folder of one build that
/// `scripts/build` names in `pkg/bundle`, or plain `pkg` (a cargo-leptos build).
pub fn bundle_dir(site_root: &std::path::Path) -> String {
    std::fs::read_to_string(site_root.join("pkg").join("bundle"))
        .ok()
        .map(|text| text.trim().to_owned())
        .filter(|hash| !hash.is_empty() && hash.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(|hash| format!("{UNHASHED_BUNDLE_DIR}/{hash}"))
        .unwrap_or_else(|| UNHASHED_BUNDLE_DIR.to_owned())
}

const UNHASHED_BUNDLE_DIR: &str = "pkg";

/// `/pkg/*`: the browser bundle, sent precompressed (brotli or gzip, as the browser accepts) and,
/// in a build's content-hashed folder, kept by browsers for a year — a new build has a new folder,
/// and the pages themselves are never cached.
fn bundle_files(state: &AppState) -> Router {
    let files =
        tower_http::services::ServeDir::new(state.config.site_root.join("pkg")).precompressed_br().precompressed_gzip();
    let hashed = state.leptos_options.site_pkg_dir.as_ref() != UNHASHED_BUNDLE_DIR;
    Router::new().fallback_service(files).layer(axum::middleware::map_response(
        move |mut response: Response| async move {
            if response.status().is_success() {
                let cache = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
                response.headers_mut().insert(http::header::CACHE_CONTROL, http::HeaderValue::from_static(cache));
            }
            response
        },
    ))
}

/// Looks up the session of a page request before it renders (`ui::PageUser`): the frame then
/// renders synchronously, and the browser gets the same user inside the page.
async fn attach_page_user(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let page = matches!(*request.method(), Method::GET | Method::HEAD)
        && !path.starts_with("/pkg/")
        && !path.starts_with("/api/")
        && !path.contains('.');
    if page {
        let user = match akuntabel_app::api::session::page_user(&state, request.headers()).await {
            Ok(Some((session, shown))) => {
                request.extensions_mut().insert(KnownSession(Some(session)));
                Ok(Some(shown))
            }
            Ok(None) => {
                request.extensions_mut().insert(KnownSession(None));
                Ok(None)
            }
            Err(error) => {
                tracing::error!(%error, "could not read the session of a page request");
                Err(error)
            }
        };
        request.extensions_mut().insert(PageUserLookup(user));
    }
    next.run(request).await
}

/// The largest server-function error body read to find its status (an `AppError` is a short
/// JSON object; field errors of a large form stay far below this).
const MAX_ERROR_BODY: usize = 256 * 1024;

/// Gives a server function's refusal the HTTP status of its [`AppError`] (401, 403, 404, 409,
/// 422, 429; 500 only for a real failure), in one place for every function: leptos answers every
/// `Err` with 500 and marks it with the `serverfnerror` header, so proxies, logs and monitoring
/// would see the app as broken whenever a user is refused.
async fn refusal_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if !response.headers().contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ERROR_BODY).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "could not read a server function's error answer");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match serde_json::from_slice::<AppError>(&bytes) {
        Ok(error) => parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        Err(_) => {
            tracing::error!(body = %String::from_utf8_lossy(&bytes), "a server function answered an error that is not an AppError")
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// `GET /healthz`: 200 when the database answers.
async fn health(State(state): State<AppState>) -> (StatusCode, &'static str) {
    use akuntabel_app::infra::db::DbError;
    let answer = state
        .db
        .run(|conn| {
            use diesel::connection::SimpleConnection;
            akuntabel_app::with_conn!(conn, |c| c.batch_execute("SELECT 1")).map_err(DbError::from)
        })
        .await;
    match answer {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

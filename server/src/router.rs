//! The one route table: pages and server functions (from leptos), file routes, health, and the
//! security layer around all of them.

use crate::{files, security, uploads};
use akuntabel_app::infra::AppState;
use akuntabel_app::{App, shell};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::routing::get;
use http::StatusCode;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};

pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let options = state.leptos_options.clone();
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
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::guard))
        .with_state(state)
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

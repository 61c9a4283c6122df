//! Server-only infrastructure: configuration, the database, sessions, the audit trail, files.
//! Compiled only with the `ssr` feature; nothing here reaches the wasm bundle.

pub mod audit;
pub mod auth;
pub mod config;
pub mod db;
pub mod files;
pub mod mail;
pub mod password;
pub mod repo;
pub mod request;
pub mod schema;
pub mod sql;

use leptos::config::LeptosOptions;
use std::sync::Arc;

/// What every request handler and server function can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    pub config: Arc<config::Config>,
    pub files: files::FileStore,
    pub leptos_options: LeptosOptions,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

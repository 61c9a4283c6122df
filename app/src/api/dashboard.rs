//! The figures on each role's dashboard.

use super::types::Dashboard;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "get_dashboard", input = Json)]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    use crate::infra::request;
    let user = request::require_login().await?;
    let state = request::app_state()?;
    let idle_limit = state.config.session_idle_minutes * 60;
    state.db.run(move |conn| crate::service::dashboard::figures(conn, &user, idle_limit)).await
}

/// The capaian of a year so far, per PD the user may see (from the approved Rencana Aksi).
#[server(endpoint = "get_capaian", input = Json)]
pub async fn get_capaian(tahun: i32) -> Result<Vec<super::types::CapaianPdRow>, AppError> {
    use crate::infra::request;
    let user = request::require_login().await?;
    let state = request::app_state()?;
    state.db.run(move |conn| crate::service::renaksi::summary(conn, &user.grants, tahun)).await
}

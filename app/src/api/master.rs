//! Master data: the Pemda profile, Perangkat Daerah, officials, users and roles, periods, and the
//! audit trail of their changes.

use super::types::{AuditRow, OfficialRow, PdRow, PemdaProfile, PeriodRow, UserRow};
use crate::domain::master::{OfficialInput, PdInput, PemdaInput, PeriodInput, UserInput};
use crate::domain::roles::Role;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{
    domain::{master as rules, roles::Permission},
    infra::request,
    service::{master as store, users},
};

#[server(endpoint = "get_pemda", input = Json)]
pub async fn get_pemda() -> Result<PemdaProfile, AppError> {
    request::require_login().await?;
    let state = request::app_state()?;
    state.db.run(|conn| Ok::<_, AppError>(store::get_pemda(conn)?)).await
}

#[server(endpoint = "save_pemda", input = Json)]
pub async fn save_pemda(input: PemdaInput) -> Result<(), AppError> {
    let user = request::require(Permission::ManageMasterData).await?;
    let clean = rules::validate_pemda(&input)?;
    let state = request::app_state()?;
    state.db.run(move |conn| store::save_pemda(conn, user.user_id, &clean)).await
}

/// How the Pemda computes capaian (saved, or the defaults).
#[server(endpoint = "get_capaian_settings", input = Json)]
pub async fn get_capaian_settings() -> Result<crate::domain::model::CapaianSettings, AppError> {
    request::require_login().await?;
    let state = request::app_state()?;
    state.db.run(crate::service::renaksi::settings).await
}

#[server(endpoint = "save_capaian_settings", input = Json)]
pub async fn save_capaian_settings(input: crate::domain::model::CapaianSettingsInput) -> Result<(), AppError> {
    let user = request::require(Permission::ManageMasterData).await?;
    let state = request::app_state()?;
    state.db.run(move |conn| crate::service::renaksi::save_settings(conn, user.user_id, &input)).await
}

/// Perangkat Daerah the user may see (all of them for Pemda-wide roles, one's own for PD roles).
#[server(endpoint = "list_pd", input = Json)]
pub async fn list_pd(include_inactive: bool) -> Result<Vec<PdRow>, AppError> {
    let user = request::require_login().await?;
    let visibility = user.grants.pd_visibility();
    let state = request::app_state()?;
    state.db.run(move |conn| Ok::<_, AppError>(store::list_pd(conn, &visibility, include_inactive)?)).await
}

#[server(endpoint = "get_pd", input = Json)]
pub async fn get_pd(id: i64) -> Result<PdRow, AppError> {
    request::require_pd(id).await?;
    let state = request::app_state()?;
    state.db.run(move |conn| store::get_pd(conn, id)?.ok_or(AppError::NotFound)).await
}

/// Creates a PD (`id: None`) or changes one; returns its id.
#[server(endpoint = "save_pd", input = Json)]
pub async fn save_pd(id: Option<i64>, input: PdInput) -> Result<i64, AppError> {
    let user = request::require(Permission::ManageMasterData).await?;
    let clean = rules::validate_pd(&input)?;
    let state = request::app_state()?;
    state
        .db
        .run(move |conn| match id {
            None => store::create_pd(conn, user.user_id, &clean),
            Some(id) => store::update_pd(conn, user.user_id, id, &clean).map(|()| id),
        })
        .await
}

#[server(endpoint = "set_pd_active", input = Json)]
pub async fn set_pd_active(id: i64, active: bool) -> Result<(), AppError> {
    let user = request::require(Permission::ManageMasterData).await?;
    let state = request::app_state()?;
    state.db.run(move |conn| store::set_pd_active(conn, user.user_id, id, active)).await
}

/// Officials the user may see, optionally of one PD.
#[server(endpoint = "list_officials", input = Json)]
pub async fn list_officials(pd_id: Option<i64>, include_inactive: bool) -> Result<Vec<OfficialRow>, AppError> {
    let user = match pd_id {
        Some(pd) => request::require_pd(pd).await?,
        None => request::require_login().await?,
    };
    let visibility = user.grants.pd_visibility();
    let state = request::app_state()?;
    state
        .db
        .run(move |conn| Ok::<_, AppError>(store::list_officials(conn, &visibility, pd_id, include_inactive)?))
        .await
}

#[server(endpoint = "save_official", input = Json)]
pub async fn save_official(id: Option<i64>, input: OfficialInput) -> Result<i64, AppError> {
    let user = request::require(Permission::ManageMasterData).await?;
    let clean = rules::validate_official(&input)?;
    let state = request::app_state()?;
    state
        .db
        .run(move |conn| match id {
            None => store::create_official(conn, user.user_id, &clean),
            Some(id) => store::update_official(conn, user.user_id, id, &clean).map(|()| id),
        })
        .await
}

#[server(endpoint = "set_official_active", input = Json)]
pub async fn set_official_active(id: i64, active: bool) -> Result<(), AppError> {
    let user = request::require(Permission::ManageMasterData).await?;
    let state = request::app_state()?;
    state.db.run(move |conn| store::set_official_active(conn, user.user_id, id, active)).await
}

#[server(endpoint = "list_users", input = Json)]
pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
    request::require(Permission::ManageUsers).await?;
    let state = request::app_state()?;
    state.db.run(|conn| Ok::<_, AppError>(users::list_users(conn)?)).await
}

/// Creates a user (password required) or changes one (a non-empty password resets it and ends
/// the user's sessions).
#[server(endpoint = "save_user", input = Json)]
pub async fn save_user(id: Option<i64>, input: UserInput) -> Result<i64, AppError> {
    let user = request::require(Permission::ManageUsers).await?;
    let clean = rules::validate_user(&input, id.is_none())?;
    let state = request::app_state()?;
    // Hashed before a database connection is taken: argon2 is the slow part.
    let hash = if clean.password.is_empty() {
        None
    } else {
        let password = clean.password.clone();
        let hashed = tokio::task::spawn_blocking(move || crate::infra::password::hash_password(&password))
            .await
            .map_err(|e| AppError::from(crate::infra::db::DbError::Task(e.to_string())))?;
        Some(hashed.map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })?)
    };
    state
        .db
        .run(move |conn| {
            let email = Some(clean.email.as_str()).filter(|e| !e.is_empty());
            match id {
                None => {
                    let hash = hash.ok_or(AppError::Internal)?;
                    users::create_user(conn, Some(user.user_id), &clean.username, &clean.nama, email, &hash.0, true)
                }
                Some(id) => users::update_user(
                    conn,
                    user.user_id,
                    id,
                    &clean.username,
                    &clean.nama,
                    email,
                    hash.as_ref().map(|h| h.0.as_str()),
                )
                .map(|()| id),
            }
        })
        .await
}

#[server(endpoint = "set_user_active", input = Json)]
pub async fn set_user_active(id: i64, active: bool) -> Result<(), AppError> {
    let user = request::require(Permission::ManageUsers).await?;
    if id == user.user_id && !active {
        return Err(AppError::conflict(
            crate::error::Refusal::OwnAccount,
            "Anda tidak dapat menonaktifkan akun sendiri",
            "You cannot deactivate your own account",
        ));
    }
    let state = request::app_state()?;
    state.db.run(move |conn| users::set_user_active(conn, user.user_id, id, active)).await
}

#[server(endpoint = "grant_role", input = Json)]
pub async fn grant_role(user_id: i64, role: Role, pd_id: Option<i64>) -> Result<i64, AppError> {
    let user = request::require(Permission::ManageUsers).await?;
    let grant = crate::domain::roles::Grant { role, pd_id };
    if let Err(msg) = grant.check() {
        let mut errors = crate::domain::FieldErrors::new();
        errors.add("pd_id", msg);
        return Err(AppError::Validation(errors));
    }
    let state = request::app_state()?;
    state.db.run(move |conn| users::add_grant(conn, Some(user.user_id), user_id, grant)).await
}

#[server(endpoint = "revoke_role", input = Json)]
pub async fn revoke_role(grant_id: i64) -> Result<(), AppError> {
    let user = request::require(Permission::ManageUsers).await?;
    let state = request::app_state()?;
    state.db.run(move |conn| users::remove_grant(conn, user.user_id, grant_id)).await
}

#[server(endpoint = "list_periods", input = Json)]
pub async fn list_periods() -> Result<Vec<PeriodRow>, AppError> {
    request::require_login().await?;
    let state = request::app_state()?;
    state.db.run(|conn| Ok::<_, AppError>(store::list_periods(conn)?)).await
}

#[server(endpoint = "save_period", input = Json)]
pub async fn save_period(id: Option<i64>, input: PeriodInput) -> Result<i64, AppError> {
    let user = request::require(Permission::ManageMasterData).await?;
    let clean = rules::validate_period(&input)?;
    let state = request::app_state()?;
    state
        .db
        .run(move |conn| match id {
            None => store::create_period(conn, user.user_id, &clean),
            Some(id) => store::update_period(conn, user.user_id, id, &clean).map(|()| id),
        })
        .await
}

#[server(endpoint = "set_period_active", input = Json)]
pub async fn set_period_active(id: i64, active: bool) -> Result<(), AppError> {
    let user = request::require(Permission::ManageMasterData).await?;
    let state = request::app_state()?;
    state.db.run(move |conn| store::set_period_active(conn, user.user_id, id, active)).await
}

/// The newest audit entries, 100 at a time; `before_id` pages back.
#[server(endpoint = "list_audit", input = Json)]
pub async fn list_audit(before_id: Option<i64>) -> Result<Vec<AuditRow>, AppError> {
    request::require(Permission::ViewAuditLog).await?;
    let state = request::app_state()?;
    state.db.run(move |conn| Ok::<_, AppError>(store::list_audit(conn, 100, before_id)?)).await
}

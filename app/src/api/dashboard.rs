//! The figures on each role's dashboard.

use super::types::Dashboard;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "get_dashboard", input = Json)]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    use crate::domain::master::Eselon;
    use crate::domain::roles::{PdVisibility, Permission};
    use crate::infra::db::now;
    use crate::infra::request;
    use crate::infra::schema::{security_events, sessions, users};
    use crate::service::master as store;
    use crate::with_conn;
    use diesel::prelude::*;

    let user = request::require_login().await?;
    let state = request::app_state()?;
    let idle_limit = state.config.session_idle_minutes * 60;
    state
        .db
        .run(move |conn| {
            let visibility = user.grants.pd_visibility();
            let pds = store::list_pd(conn, &visibility, false)?;
            let officials = store::list_officials(conn, &visibility, None, false)?;
            let mut per_eselon: Vec<(String, i64)> = Vec::new();
            for eselon in Eselon::VARIANTS {
                let count = officials.iter().filter(|o| o.eselon == eselon).count() as i64;
                if count > 0 {
                    per_eselon.push((eselon.label().to_owned(), count));
                }
            }
            let is_admin = user.grants.allows(Permission::ManageUsers);
            let (pengguna_aktif, sesi_aktif, login_gagal) = if is_admin {
                let at = now();
                let users_active: i64 =
                    with_conn!(conn, |c| users::table.filter(users::active.eq(true)).count().get_result(c))?;
                let sessions_active: i64 = with_conn!(conn, |c| sessions::table
                    .filter(sessions::last_seen_at.gt(at - idle_limit))
                    .count()
                    .get_result(c))?;
                let failures: i64 = with_conn!(conn, |c| security_events::table
                    .filter(security_events::kind.eq("login_failed"))
                    .filter(security_events::at.gt(at - 86_400))
                    .count()
                    .get_result(c))?;
                (Some(users_active), Some(sessions_active), Some(failures))
            } else {
                (None, None, None)
            };
            let audit = if user.grants.allows(Permission::ViewAuditLog) {
                store::list_audit(conn, 5, None)?
            } else {
                Vec::new()
            };
            let pd_saya = match &visibility {
                PdVisibility::All => Vec::new(),
                PdVisibility::Only(_) => pds.clone(),
            };
            Ok::<_, AppError>(Dashboard {
                pemda_nama: store::get_pemda(conn)?.data.nama,
                pd_aktif: pds.len() as i64,
                pejabat_aktif: officials.len() as i64,
                pejabat_per_eselon: per_eselon,
                pengguna_aktif,
                sesi_aktif,
                login_gagal_24_jam: login_gagal,
                periode_aktif: store::list_periods(conn)?.into_iter().find(|p| p.active),
                pd_tanpa_kepala: pds.iter().filter(|p| p.kepala_id.is_none()).count() as i64,
                pd_saya,
                audit_terakhir: audit,
            })
        })
        .await
}

/// The capaian of a year so far, per PD the user may see (from the approved Rencana Aksi).
#[server(endpoint = "get_capaian", input = Json)]
pub async fn get_capaian(tahun: i32) -> Result<Vec<super::types::CapaianPdRow>, AppError> {
    use crate::infra::request;
    let user = request::require_login().await?;
    let state = request::app_state()?;
    state.db.run(move |conn| crate::service::renaksi::summary(conn, &user.grants, tahun)).await
}

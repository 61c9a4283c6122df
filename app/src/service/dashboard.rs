//! The figures on each role's dashboard: the PDs and officials the user may see, and for an
//! admin the accounts, the sessions in use and the failed logins of the last day; the latest
//! audit entries for those who may read the trail.

use super::master as store;
use crate::api::types::Dashboard;
use crate::domain::master::Eselon;
use crate::domain::roles::{PdVisibility, Permission};
use crate::error::AppError;
use crate::infra::auth::{self, SecurityEvent, SessionUser};
use crate::infra::db::{DbConn, now};
use crate::infra::repo::users;

/// The dashboard of `user`; a session idle for `idle_limit` seconds no longer counts as in use.
pub fn figures(conn: &mut DbConn, user: &SessionUser, idle_limit: i64) -> Result<Dashboard, AppError> {
    let visibility = user.grants.pd_visibility();
    let pds = store::list_pd(conn, &visibility, false)?;
    let officials = store::list_officials(conn, &visibility, None, false)?;
    let pejabat_per_eselon = Eselon::VARIANTS
        .into_iter()
        .map(|eselon| (eselon.label().to_owned(), officials.iter().filter(|o| o.eselon == eselon).count() as i64))
        .filter(|(_, count)| *count > 0)
        .collect();
    let at = now();
    let admin = user.grants.allows(Permission::ManageUsers);
    let (pengguna_aktif, sesi_aktif, login_gagal_24_jam) = if admin {
        (
            Some(users::count_active(conn)?),
            Some(auth::count_sessions_seen_since(conn, at - idle_limit)?),
            Some(auth::count_events_since(conn, SecurityEvent::LoginFailed, at - 86_400)?),
        )
    } else {
        (None, None, None)
    };
    let audit_terakhir =
        if user.grants.allows(Permission::ViewAuditLog) { store::list_audit(conn, 5, None)? } else { Vec::new() };
    let pd_saya = match &visibility {
        PdVisibility::All => Vec::new(),
        PdVisibility::Only(_) => pds.clone(),
    };
    Ok(Dashboard {
        pemda_nama: store::get_pemda(conn)?.data.nama,
        pd_aktif: pds.len() as i64,
        pejabat_aktif: officials.len() as i64,
        pejabat_per_eselon,
        pengguna_aktif,
        sesi_aktif,
        login_gagal_24_jam,
        periode_aktif: store::list_periods(conn)?.into_iter().find(|p| p.active),
        pd_tanpa_kepala: pds.iter().filter(|p| p.kepala_id.is_none()).count() as i64,
        pd_saya,
        audit_terakhir,
    })
}

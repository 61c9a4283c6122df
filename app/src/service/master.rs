//! Master data: the Pemda profile, Perangkat Daerah, officials, periods, and the audit trail of
//! their changes (users and their roles are [`super::users`]). The server functions check the
//! permission and validate the input (`domain::master`); these check what needs the database
//! (unique codes and NIPs, a head who belongs to the PD, periods that do not overlap), store the
//! change in one write transaction with its audit entry, and build the DTOs.

use super::field_error;
use crate::api::types::{AuditRow, OfficialRow, PdRow, PemdaProfile, PeriodRow};
use crate::domain::Msg;
use crate::domain::master::{ActingStatus, Eselon, OfficialInput, PdInput, PemdaInput, PeriodInput, periods_overlap};
use crate::domain::roles::PdVisibility;
use crate::error::{AppError, Refusal};
use crate::infra::audit;
use crate::infra::db::{DbConn, DbError, now};
use crate::infra::repo::agencies::{self, AgencyRecord, AgencyValues};
use crate::infra::repo::audit_log;
use crate::infra::repo::names::{official_names, official_standing};
use crate::infra::repo::officials::{self, OfficialInPd, OfficialValues};
use crate::infra::repo::pemda::{self, PemdaValues};
use crate::infra::repo::periods::{self, Period, PeriodValues};
use serde_json::json;

/// The refusal of a PD that does not exist or is inactive, on the form's `pd_id`.
pub(super) fn check_pd_active(conn: &mut DbConn, pd_id: i64) -> Result<(), AppError> {
    if agencies::is_active(conn, pd_id)? != Some(true) {
        return Err(field_error(
            "pd_id",
            Msg::new("Perangkat Daerah tidak ada atau nonaktif", "the agency does not exist or is inactive"),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------- Pemda

pub fn get_pemda(conn: &mut DbConn) -> Result<PemdaProfile, DbError> {
    Ok(match pemda::get(conn)? {
        Some(p) => PemdaProfile {
            data: PemdaInput {
                nama: p.nama,
                jabatan_kepala_daerah: p.jabatan_kepala_daerah,
                kota_ttd: p.kota_ttd,
                alamat: p.alamat,
                telepon: p.telepon,
                email: p.email,
                laman: p.laman,
            },
            logo_sha256: p.logo_sha256,
            configured: true,
        },
        None => PemdaProfile::default(),
    })
}

pub fn save_pemda(conn: &mut DbConn, actor: i64, input: &PemdaInput) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let before = get_pemda(conn)?;
        let values = PemdaValues {
            nama: &input.nama,
            jabatan_kepala_daerah: &input.jabatan_kepala_daerah,
            kota_ttd: &input.kota_ttd,
            alamat: &input.alamat,
            telepon: &input.telepon,
            email: &input.email,
            laman: &input.laman,
            updated_at: now(),
        };
        if before.configured {
            pemda::update(conn, &values)?;
            audit::append(conn, Some(actor), "pemda", Some(1), "diubah", audit::changes(&before.data, input))?;
        } else {
            pemda::insert(conn, &values)?;
            audit::append(conn, Some(actor), "pemda", Some(1), "dibuat", audit::snapshot(input))?;
        }
        Ok(())
    })
}

pub fn set_pemda_logo(conn: &mut DbConn, actor: i64, sha256: &str) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let before = get_pemda(conn)?;
        if !before.configured {
            return Err(AppError::conflict(
                Refusal::PemdaNotConfigured,
                "Simpan profil Pemda terlebih dahulu, lalu unggah logonya",
                "Save the Pemda profile first, then upload its logo",
            ));
        }
        pemda::set_logo(conn, sha256, now())?;
        audit::append(
            conn,
            Some(actor),
            "pemda",
            Some(1),
            "logo diganti",
            json!({ "logo": { "lama": before.logo_sha256, "baru": sha256 } }),
        )?;
        Ok(())
    })
}

// ---------------------------------------------------------------- Perangkat Daerah

/// The rows with each PD's head and its number of active officials, in two queries.
fn pd_rows(conn: &mut DbConn, rows: Vec<AgencyRecord>) -> Result<Vec<PdRow>, DbError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let counts = officials::active_counts(conn, &ids)?;
    let kepala_ids: Vec<i64> = rows.iter().filter_map(|r| r.kepala_id).collect();
    let heads = official_names(conn, &kepala_ids)?;
    Ok(rows
        .into_iter()
        .map(|r| PdRow {
            kepala: r.kepala_id.and_then(|k| heads.get(&k).cloned()),
            jumlah_pejabat: counts.get(&r.id).copied().unwrap_or(0),
            id: r.id,
            kode: r.kode,
            nama: r.nama,
            singkatan: r.singkatan,
            kepala_id: r.kepala_id,
            active: r.active,
        })
        .collect())
}

pub fn list_pd(conn: &mut DbConn, visibility: &PdVisibility, include_inactive: bool) -> Result<Vec<PdRow>, DbError> {
    let rows = agencies::list(conn, visibility, include_inactive)?;
    pd_rows(conn, rows)
}

pub fn get_pd(conn: &mut DbConn, id: i64) -> Result<Option<PdRow>, DbError> {
    let rows = agencies::get(conn, id)?.into_iter().collect();
    Ok(pd_rows(conn, rows)?.into_iter().next())
}

fn check_pd_unique(conn: &mut DbConn, input: &PdInput, except: Option<i64>) -> Result<(), AppError> {
    match agencies::holder_of_code(conn, &input.kode, except)? {
        Some(nama) => Err(field_error(
            "kode",
            Msg::new(format!("kode ini sudah dipakai oleh {nama}"), format!("this code is already used by {nama}")),
        )),
        None => Ok(()),
    }
}

fn check_kepala(conn: &mut DbConn, pd_id: Option<i64>, kepala_id: Option<i64>) -> Result<(), AppError> {
    let Some(kepala_id) = kepala_id else { return Ok(()) };
    match official_standing(conn, kepala_id)? {
        Some(o) if o.active && pd_id.is_some() && o.pd_id == pd_id => Ok(()),
        _ => Err(field_error(
            "kepala_id",
            Msg::new(
                "kepala harus pejabat aktif dari Perangkat Daerah ini",
                "the head must be an active official of this agency",
            ),
        )),
    }
}

fn agency_values(input: &PdInput) -> AgencyValues<'_> {
    AgencyValues {
        kode: &input.kode,
        nama: &input.nama,
        singkatan: &input.singkatan,
        kepala_id: input.kepala_id,
        updated_at: now(),
    }
}

pub fn create_pd(conn: &mut DbConn, actor: i64, input: &PdInput) -> Result<i64, AppError> {
    conn.write_tx(|conn| {
        check_pd_unique(conn, input, None)?;
        check_kepala(conn, None, input.kepala_id)?;
        let id = agencies::insert(conn, &agency_values(input))?;
        audit::append(conn, Some(actor), "perangkat_daerah", Some(id), "dibuat", audit::snapshot(input))?;
        Ok(id)
    })
}

pub fn update_pd(conn: &mut DbConn, actor: i64, id: i64, input: &PdInput) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let before = get_pd(conn, id)?.ok_or(AppError::NotFound)?;
        check_pd_unique(conn, input, Some(id))?;
        check_kepala(conn, Some(id), input.kepala_id)?;
        agencies::update(conn, id, &agency_values(input))?;
        audit::append(
            conn,
            Some(actor),
            "perangkat_daerah",
            Some(id),
            "diubah",
            audit::changes(&before.input(), input),
        )?;
        Ok(())
    })
}

pub fn set_pd_active(conn: &mut DbConn, actor: i64, id: i64, active: bool) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        if agencies::set_active(conn, id, active, now())? == 0 {
            return Err(AppError::NotFound);
        }
        let action = if active { "diaktifkan" } else { "dinonaktifkan" };
        audit::append(conn, Some(actor), "perangkat_daerah", Some(id), action, json!({}))?;
        Ok(())
    })
}

// ---------------------------------------------------------------- Officials

fn official_row((o, pd_singkatan): OfficialInPd) -> OfficialRow {
    OfficialRow {
        id: o.id,
        gelar_depan: o.gelar_depan,
        nama: o.nama,
        gelar_belakang: o.gelar_belakang,
        nip: o.nip,
        golongan: o.golongan,
        jabatan: o.jabatan,
        eselon: Eselon::from_i64(o.eselon).unwrap_or(Eselon::Pelaksana),
        pd_id: o.pd_id,
        pd_singkatan,
        status: ActingStatus::from_i64(o.status).unwrap_or_default(),
        active: o.active,
    }
}

/// Officials the user may see: with `PdVisibility::Only`, those of the user's PDs plus nobody
/// else (pejabat negara are visible to Pemda-wide roles only).
pub fn list_officials(
    conn: &mut DbConn,
    visibility: &PdVisibility,
    pd_filter: Option<i64>,
    include_inactive: bool,
) -> Result<Vec<OfficialRow>, DbError> {
    Ok(officials::list(conn, visibility, pd_filter, include_inactive)?.into_iter().map(official_row).collect())
}

pub fn get_official(conn: &mut DbConn, id: i64) -> Result<Option<OfficialRow>, DbError> {
    Ok(officials::get(conn, id)?.map(official_row))
}

fn check_official(conn: &mut DbConn, input: &OfficialInput, except: Option<i64>) -> Result<(), AppError> {
    if !input.nip.is_empty()
        && let Some(nama) = officials::holder_of_nip(conn, &input.nip, except)?
    {
        return Err(field_error(
            "nip",
            Msg::new(
                format!("NIP ini sudah tercatat atas nama {nama}"),
                format!("this NIP is already recorded for {nama}"),
            ),
        ));
    }
    if let Some(pd_id) = input.pd_id {
        check_pd_active(conn, pd_id)?;
    }
    Ok(())
}

fn official_values(input: &OfficialInput) -> OfficialValues<'_> {
    OfficialValues {
        gelar_depan: &input.gelar_depan,
        nama: &input.nama,
        gelar_belakang: &input.gelar_belakang,
        nip: (!input.nip.is_empty()).then_some(input.nip.as_str()),
        golongan: &input.golongan,
        jabatan: &input.jabatan,
        eselon: input.eselon.as_i64(),
        pd_id: input.pd_id,
        status: input.status.as_i64(),
        updated_at: now(),
    }
}

pub fn create_official(conn: &mut DbConn, actor: i64, input: &OfficialInput) -> Result<i64, AppError> {
    conn.write_tx(|conn| {
        check_official(conn, input, None)?;
        let id = officials::insert(conn, &official_values(input))?;
        audit::append(conn, Some(actor), "pejabat", Some(id), "dibuat", audit::snapshot(input))?;
        Ok(id)
    })
}

pub fn update_official(conn: &mut DbConn, actor: i64, id: i64, input: &OfficialInput) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let before = get_official(conn, id)?.ok_or(AppError::NotFound)?;
        check_official(conn, input, Some(id))?;
        officials::update(conn, id, &official_values(input))?;
        if before.pd_id != input.pd_id {
            // Someone who moves away cannot stay the head of the PD they left.
            agencies::clear_head(conn, id)?;
        }
        let mut old = before.input();
        old.nip = before.nip.clone().unwrap_or_default();
        audit::append(conn, Some(actor), "pejabat", Some(id), "diubah", audit::changes(&old, input))?;
        Ok(())
    })
}

pub fn set_official_active(conn: &mut DbConn, actor: i64, id: i64, active: bool) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        if officials::set_active(conn, id, active, now())? == 0 {
            return Err(AppError::NotFound);
        }
        if !active {
            agencies::clear_head(conn, id)?;
        }
        let action = if active { "diaktifkan" } else { "dinonaktifkan" };
        audit::append(conn, Some(actor), "pejabat", Some(id), action, json!({}))?;
        Ok(())
    })
}

// ---------------------------------------------------------------- Periods

fn period_row(p: Period) -> PeriodRow {
    PeriodRow {
        id: p.id,
        nama: p.nama,
        tahun_awal: p.tahun_awal as i32,
        tahun_akhir: p.tahun_akhir as i32,
        active: p.active,
    }
}

pub fn list_periods(conn: &mut DbConn) -> Result<Vec<PeriodRow>, DbError> {
    Ok(periods::list(conn)?.into_iter().map(period_row).collect())
}

fn check_period_overlap(conn: &mut DbConn, input: &PeriodInput, except: Option<i64>) -> Result<(), AppError> {
    for other in list_periods(conn)? {
        if Some(other.id) != except
            && other.active
            && periods_overlap((input.tahun_awal, input.tahun_akhir), (other.tahun_awal, other.tahun_akhir))
        {
            return Err(field_error(
                "tahun_awal",
                Msg::new(
                    format!("tumpang tindih dengan periode {}", other.nama),
                    format!("overlaps the period {}", other.nama),
                ),
            ));
        }
    }
    Ok(())
}

fn period_values(input: &PeriodInput, at: i64) -> PeriodValues<'_> {
    PeriodValues {
        nama: &input.nama,
        tahun_awal: i64::from(input.tahun_awal),
        tahun_akhir: i64::from(input.tahun_akhir),
        updated_at: at,
    }
}

/// Stores the period's values and keeps `fiscal_years` equal to its years.
fn store_period(conn: &mut DbConn, id: Option<i64>, input: &PeriodInput) -> Result<i64, DbError> {
    let at = now();
    let values = period_values(input, at);
    let id = match id {
        None => periods::insert(conn, &values)?,
        Some(id) => {
            periods::update(conn, id, &values)?;
            id
        }
    };
    periods::sync_fiscal_years(conn, id, values.tahun_awal, values.tahun_akhir, at)?;
    Ok(id)
}

pub fn create_period(conn: &mut DbConn, actor: i64, input: &PeriodInput) -> Result<i64, AppError> {
    conn.write_tx(|conn| {
        check_period_overlap(conn, input, None)?;
        let id = store_period(conn, None, input)?;
        audit::append(conn, Some(actor), "periode", Some(id), "dibuat", audit::snapshot(input))?;
        Ok(id)
    })
}

pub fn update_period(conn: &mut DbConn, actor: i64, id: i64, input: &PeriodInput) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let before = list_periods(conn)?.into_iter().find(|p| p.id == id).ok_or(AppError::NotFound)?;
        check_period_overlap(conn, input, Some(id))?;
        store_period(conn, Some(id), input)?;
        let old = PeriodInput { nama: before.nama, tahun_awal: before.tahun_awal, tahun_akhir: before.tahun_akhir };
        audit::append(conn, Some(actor), "periode", Some(id), "diubah", audit::changes(&old, input))?;
        Ok(())
    })
}

pub fn set_period_active(conn: &mut DbConn, actor: i64, id: i64, active: bool) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let period = list_periods(conn)?.into_iter().find(|p| p.id == id).ok_or(AppError::NotFound)?;
        if active {
            let input = PeriodInput {
                nama: period.nama.clone(),
                tahun_awal: period.tahun_awal,
                tahun_akhir: period.tahun_akhir,
            };
            check_period_overlap(conn, &input, Some(id))?;
        }
        periods::set_active(conn, id, active, now())?;
        let action = if active { "diaktifkan" } else { "dinonaktifkan" };
        audit::append(conn, Some(actor), "periode", Some(id), action, json!({}))?;
        Ok(())
    })
}

// ---------------------------------------------------------------- Audit trail

/// The newest entries, at most 500 a page, older than `before_id` when given.
pub fn list_audit(conn: &mut DbConn, limit: i64, before_id: Option<i64>) -> Result<Vec<AuditRow>, DbError> {
    Ok(audit_log::newest(conn, limit.clamp(1, 500), before_id)?
        .into_iter()
        .map(|(e, user)| AuditRow {
            id: e.id,
            at: e.at,
            user,
            entity: e.entity,
            entity_id: e.entity_id,
            action: e.action,
            detail: e.detail,
        })
        .collect())
}

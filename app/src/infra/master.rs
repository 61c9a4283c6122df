//! Storage of master data. Every write runs in one transaction together with its audit entry.

use super::audit;
use super::auth::delete_user_sessions;
use super::db::{DbConn, DbError, now};
use super::schema::{audit_log, fiscal_years, officials, pemda, perangkat_daerah, periods, role_grants, users};
use super::sql::id_in;
use crate::api::types::{AuditRow, GrantRow, OfficialRow, PdRow, PemdaProfile, PeriodRow, UserRow};
use crate::domain::master::{ActingStatus, Eselon, OfficialInput, PdInput, PemdaInput, PeriodInput, periods_overlap};
use crate::domain::roles::{Grant, PdVisibility, Role};
use crate::domain::{FieldErrors, Msg};
use crate::error::{AppError, Refusal};
use crate::with_conn;
use diesel::prelude::*;
use serde_json::json;

fn field_error(field: &str, id: impl Into<String>, en: impl Into<String>) -> AppError {
    let mut errors = FieldErrors::new();
    errors.add(field, Msg::new(id, en));
    AppError::Validation(errors)
}

// ---------------------------------------------------------------- Pemda

type PemdaTuple = (String, String, String, String, String, String, String, Option<String>);

pub fn get_pemda(conn: &mut DbConn) -> Result<PemdaProfile, DbError> {
    let row: Option<PemdaTuple> = with_conn!(conn, |c| pemda::table
        .select((
            pemda::nama,
            pemda::jabatan_kepala_daerah,
            pemda::kota_ttd,
            pemda::alamat,
            pemda::telepon,
            pemda::email,
            pemda::laman,
            pemda::logo_sha256,
        ))
        .first(c)
        .optional())?;
    Ok(match row {
        Some((nama, jabatan_kepala_daerah, kota_ttd, alamat, telepon, email, laman, logo_sha256)) => PemdaProfile {
            data: PemdaInput { nama, jabatan_kepala_daerah, kota_ttd, alamat, telepon, email, laman },
            logo_sha256,
            configured: true,
        },
        None => PemdaProfile::default(),
    })
}

pub fn save_pemda(conn: &mut DbConn, actor: i64, input: &PemdaInput) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let before = get_pemda(conn)?;
        let values = (
            pemda::nama.eq(&input.nama),
            pemda::jabatan_kepala_daerah.eq(&input.jabatan_kepala_daerah),
            pemda::kota_ttd.eq(&input.kota_ttd),
            pemda::alamat.eq(&input.alamat),
            pemda::telepon.eq(&input.telepon),
            pemda::email.eq(&input.email),
            pemda::laman.eq(&input.laman),
            pemda::updated_at.eq(now()),
        );
        if before.configured {
            with_conn!(conn, |c| diesel::update(pemda::table.filter(pemda::id.eq(1))).set(values).execute(c))?;
            audit::append(conn, Some(actor), "pemda", Some(1), "diubah", audit::changes(&before.data, input))?;
        } else {
            with_conn!(conn, |c| diesel::insert_into(pemda::table).values((pemda::id.eq(1_i64), values)).execute(c))?;
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
        with_conn!(conn, |c| diesel::update(pemda::table.filter(pemda::id.eq(1)))
            .set((pemda::logo_sha256.eq(sha256), pemda::updated_at.eq(now())))
            .execute(c))?;
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

type PdTuple = (i64, String, String, String, Option<i64>, bool);

fn pd_rows(conn: &mut DbConn, rows: Vec<PdTuple>) -> Result<Vec<PdRow>, DbError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let counts: Vec<(Option<i64>, i64)> = with_conn!(conn, |c| officials::table
        .filter(id_in(officials::pd_id.assume_not_null(), &ids))
        .filter(officials::active.eq(true))
        .group_by(officials::pd_id)
        .select((officials::pd_id, diesel::dsl::count_star()))
        .load(c))?;
    let kepala_ids: Vec<i64> = rows.iter().filter_map(|r| r.4).collect();
    let heads: Vec<(i64, String, String, String)> = with_conn!(conn, |c| officials::table
        .filter(id_in(officials::id, &kepala_ids))
        .select((officials::id, officials::gelar_depan, officials::nama, officials::gelar_belakang))
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|(id, kode, nama, singkatan, kepala_id, active)| PdRow {
            kepala: kepala_id.and_then(|k| {
                heads.iter().find(|h| h.0 == k).map(|h| crate::domain::master::full_name(&h.1, &h.2, &h.3))
            }),
            jumlah_pejabat: counts.iter().find(|c| c.0 == Some(id)).map(|c| c.1).unwrap_or(0),
            id,
            kode,
            nama,
            singkatan,
            kepala_id,
            active,
        })
        .collect())
}

pub fn list_pd(conn: &mut DbConn, visibility: &PdVisibility, include_inactive: bool) -> Result<Vec<PdRow>, DbError> {
    let rows: Vec<PdTuple> = with_conn!(conn, |c| {
        let mut query = perangkat_daerah::table
            .select((
                perangkat_daerah::id,
                perangkat_daerah::kode,
                perangkat_daerah::nama,
                perangkat_daerah::singkatan,
                perangkat_daerah::kepala_id,
                perangkat_daerah::active,
            ))
            .order(perangkat_daerah::kode)
            .into_boxed();
        if !include_inactive {
            query = query.filter(perangkat_daerah::active.eq(true));
        }
        if let PdVisibility::Only(ids) = visibility {
            query = query.filter(id_in(perangkat_daerah::id, ids));
        }
        query.load(c)
    })?;
    pd_rows(conn, rows)
}

pub fn get_pd(conn: &mut DbConn, id: i64) -> Result<Option<PdRow>, DbError> {
    let rows: Vec<PdTuple> = with_conn!(conn, |c| perangkat_daerah::table
        .filter(perangkat_daerah::id.eq(id))
        .select((
            perangkat_daerah::id,
            perangkat_daerah::kode,
            perangkat_daerah::nama,
            perangkat_daerah::singkatan,
            perangkat_daerah::kepala_id,
            perangkat_daerah::active,
        ))
        .load(c))?;
    Ok(pd_rows(conn, rows)?.into_iter().next())
}

fn check_pd_unique(conn: &mut DbConn, input: &PdInput, except: Option<i64>) -> Result<(), AppError> {
    let other: Option<(i64, String)> = with_conn!(conn, |c| perangkat_daerah::table
        .filter(perangkat_daerah::kode.eq(&input.kode))
        .filter(perangkat_daerah::id.ne(except.unwrap_or(-1)))
        .select((perangkat_daerah::id, perangkat_daerah::nama))
        .first(c)
        .optional())?;
    match other {
        Some((_, nama)) => Err(field_error(
            "kode",
            format!("kode ini sudah dipakai oleh {nama}"),
            format!("this code is already used by {nama}"),
        )),
        None => Ok(()),
    }
}

fn check_kepala(conn: &mut DbConn, pd_id: Option<i64>, kepala_id: Option<i64>) -> Result<(), AppError> {
    let Some(kepala_id) = kepala_id else { return Ok(()) };
    let official: Option<(Option<i64>, bool)> = with_conn!(conn, |c| officials::table
        .filter(officials::id.eq(kepala_id))
        .select((officials::pd_id, officials::active))
        .first(c)
        .optional())?;
    match official {
        Some((official_pd, true)) if pd_id.is_some() && official_pd == pd_id => Ok(()),
        _ => Err(field_error(
            "kepala_id",
            "kepala harus pejabat aktif dari Perangkat Daerah ini",
            "the head must be an active official of this agency",
        )),
    }
}

pub fn create_pd(conn: &mut DbConn, actor: i64, input: &PdInput) -> Result<i64, AppError> {
    conn.write_tx(|conn| {
        check_pd_unique(conn, input, None)?;
        check_kepala(conn, None, input.kepala_id)?;
        let at = now();
        let id: i64 = with_conn!(conn, |c| diesel::insert_into(perangkat_daerah::table)
            .values((
                perangkat_daerah::kode.eq(&input.kode),
                perangkat_daerah::nama.eq(&input.nama),
                perangkat_daerah::singkatan.eq(&input.singkatan),
                perangkat_daerah::kepala_id.eq(input.kepala_id),
                perangkat_daerah::active.eq(true),
                perangkat_daerah::created_at.eq(at),
                perangkat_daerah::updated_at.eq(at),
            ))
            .returning(perangkat_daerah::id)
            .get_result(c))?;
        audit::append(conn, Some(actor), "perangkat_daerah", Some(id), "dibuat", audit::snapshot(input))?;
        Ok(id)
    })
}

pub fn update_pd(conn: &mut DbConn, actor: i64, id: i64, input: &PdInput) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let before = get_pd(conn, id)?.ok_or(AppError::NotFound)?;
        check_pd_unique(conn, input, Some(id))?;
        check_kepala(conn, Some(id), input.kepala_id)?;
        with_conn!(conn, |c| diesel::update(perangkat_daerah::table.filter(perangkat_daerah::id.eq(id)))
            .set((
                perangkat_daerah::kode.eq(&input.kode),
                perangkat_daerah::nama.eq(&input.nama),
                perangkat_daerah::singkatan.eq(&input.singkatan),
                perangkat_daerah::kepala_id.eq(input.kepala_id),
                perangkat_daerah::updated_at.eq(now()),
            ))
            .execute(c))?;
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
        let changed =
            with_conn!(conn, |c| diesel::update(perangkat_daerah::table.filter(perangkat_daerah::id.eq(id)))
                .set((perangkat_daerah::active.eq(active), perangkat_daerah::updated_at.eq(now())))
                .execute(c))?;
        if changed == 0 {
            return Err(AppError::NotFound);
        }
        let action = if active { "diaktifkan" } else { "dinonaktifkan" };
        audit::append(conn, Some(actor), "perangkat_daerah", Some(id), action, json!({}))?;
        Ok(())
    })
}

// ---------------------------------------------------------------- Officials

type OfficialTuple =
    (i64, String, String, String, Option<String>, String, String, i64, Option<i64>, i64, bool, Option<String>);

fn official_row(t: OfficialTuple) -> OfficialRow {
    let (id, gelar_depan, nama, gelar_belakang, nip, golongan, jabatan, eselon, pd_id, status, active, pd_singkatan) =
        t;
    OfficialRow {
        id,
        gelar_depan,
        nama,
        gelar_belakang,
        nip,
        golongan,
        jabatan,
        eselon: Eselon::from_i64(eselon).unwrap_or(Eselon::Pelaksana),
        pd_id,
        pd_singkatan,
        status: ActingStatus::from_i64(status).unwrap_or_default(),
        active,
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
    let rows: Vec<OfficialTuple> = with_conn!(conn, |c| {
        let mut query = officials::table
            .left_join(perangkat_daerah::table)
            .select((
                officials::id,
                officials::gelar_depan,
                officials::nama,
                officials::gelar_belakang,
                officials::nip,
                officials::golongan,
                officials::jabatan,
                officials::eselon,
                officials::pd_id,
                officials::status,
                officials::active,
                perangkat_daerah::singkatan.nullable(),
            ))
            .order((officials::eselon, officials::nama))
            .into_boxed();
        if !include_inactive {
            query = query.filter(officials::active.eq(true));
        }
        if let Some(pd) = pd_filter {
            query = query.filter(officials::pd_id.eq(pd));
        }
        if let PdVisibility::Only(ids) = visibility {
            query = query.filter(id_in(officials::pd_id.assume_not_null(), ids));
        }
        query.load(c)
    })?;
    Ok(rows.into_iter().map(official_row).collect())
}

pub fn get_official(conn: &mut DbConn, id: i64) -> Result<Option<OfficialRow>, DbError> {
    let row: Option<OfficialTuple> = with_conn!(conn, |c| officials::table
        .left_join(perangkat_daerah::table)
        .filter(officials::id.eq(id))
        .select((
            officials::id,
            officials::gelar_depan,
            officials::nama,
            officials::gelar_belakang,
            officials::nip,
            officials::golongan,
            officials::jabatan,
            officials::eselon,
            officials::pd_id,
            officials::status,
            officials::active,
            perangkat_daerah::singkatan.nullable(),
        ))
        .first(c)
        .optional())?;
    Ok(row.map(official_row))
}

fn check_official(conn: &mut DbConn, input: &OfficialInput, except: Option<i64>) -> Result<(), AppError> {
    if !input.nip.is_empty() {
        let other: Option<String> = with_conn!(conn, |c| officials::table
            .filter(officials::nip.eq(&input.nip))
            .filter(officials::id.ne(except.unwrap_or(-1)))
            .select(officials::nama)
            .first(c)
            .optional())?;
        if let Some(nama) = other {
            return Err(field_error(
                "nip",
                format!("NIP ini sudah tercatat atas nama {nama}"),
                format!("this NIP is already recorded for {nama}"),
            ));
        }
    }
    if let Some(pd_id) = input.pd_id {
        let active: Option<bool> = with_conn!(conn, |c| perangkat_daerah::table
            .filter(perangkat_daerah::id.eq(pd_id))
            .select(perangkat_daerah::active)
            .first(c)
            .optional())?;
        if active != Some(true) {
            return Err(field_error(
                "pd_id",
                "Perangkat Daerah tidak ada atau nonaktif",
                "the agency does not exist or is inactive",
            ));
        }
    }
    Ok(())
}

fn nip_value(input: &OfficialInput) -> Option<&str> {
    (!input.nip.is_empty()).then_some(input.nip.as_str())
}

pub fn create_official(conn: &mut DbConn, actor: i64, input: &OfficialInput) -> Result<i64, AppError> {
    conn.write_tx(|conn| {
        check_official(conn, input, None)?;
        let at = now();
        let id: i64 = with_conn!(conn, |c| diesel::insert_into(officials::table)
            .values((
                officials::gelar_depan.eq(&input.gelar_depan),
                officials::nama.eq(&input.nama),
                officials::gelar_belakang.eq(&input.gelar_belakang),
                officials::nip.eq(nip_value(input)),
                officials::golongan.eq(&input.golongan),
                officials::jabatan.eq(&input.jabatan),
                officials::eselon.eq(input.eselon.as_i64()),
                officials::pd_id.eq(input.pd_id),
                officials::status.eq(input.status.as_i64()),
                officials::active.eq(true),
                officials::created_at.eq(at),
                officials::updated_at.eq(at),
            ))
            .returning(officials::id)
            .get_result(c))?;
        audit::append(conn, Some(actor), "pejabat", Some(id), "dibuat", audit::snapshot(input))?;
        Ok(id)
    })
}

pub fn update_official(conn: &mut DbConn, actor: i64, id: i64, input: &OfficialInput) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let before = get_official(conn, id)?.ok_or(AppError::NotFound)?;
        check_official(conn, input, Some(id))?;
        with_conn!(conn, |c| diesel::update(officials::table.filter(officials::id.eq(id)))
            .set((
                officials::gelar_depan.eq(&input.gelar_depan),
                officials::nama.eq(&input.nama),
                officials::gelar_belakang.eq(&input.gelar_belakang),
                officials::nip.eq(nip_value(input)),
                officials::golongan.eq(&input.golongan),
                officials::jabatan.eq(&input.jabatan),
                officials::eselon.eq(input.eselon.as_i64()),
                officials::pd_id.eq(input.pd_id),
                officials::status.eq(input.status.as_i64()),
                officials::updated_at.eq(now()),
            ))
            .execute(c))?;
        if before.pd_id != input.pd_id {
            // Someone who moves away cannot stay the head of the PD they left.
            with_conn!(conn, |c| diesel::update(perangkat_daerah::table.filter(perangkat_daerah::kepala_id.eq(id)))
                .set(perangkat_daerah::kepala_id.eq(None::<i64>))
                .execute(c))?;
        }
        let mut old = before.input();
        old.nip = before.nip.clone().unwrap_or_default();
        audit::append(conn, Some(actor), "pejabat", Some(id), "diubah", audit::changes(&old, input))?;
        Ok(())
    })
}

pub fn set_official_active(conn: &mut DbConn, actor: i64, id: i64, active: bool) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let changed = with_conn!(conn, |c| diesel::update(officials::table.filter(officials::id.eq(id)))
            .set((officials::active.eq(active), officials::updated_at.eq(now())))
            .execute(c))?;
        if changed == 0 {
            return Err(AppError::NotFound);
        }
        if !active {
            with_conn!(conn, |c| diesel::update(perangkat_daerah::table.filter(perangkat_daerah::kepala_id.eq(id)))
                .set(perangkat_daerah::kepala_id.eq(None::<i64>))
                .execute(c))?;
        }
        let action = if active { "diaktifkan" } else { "dinonaktifkan" };
        audit::append(conn, Some(actor), "pejabat", Some(id), action, json!({}))?;
        Ok(())
    })
}

// ---------------------------------------------------------------- Users and grants

/// `(grant id, user id, role, pd id, pd singkatan)`
type GrantTuple = (i64, i64, i64, Option<i64>, Option<String>);

pub fn list_users(conn: &mut DbConn) -> Result<Vec<UserRow>, DbError> {
    let rows: Vec<(i64, String, String, Option<String>, bool)> = with_conn!(conn, |c| users::table
        .select((users::id, users::username, users::nama, users::email, users::active))
        .order(users::username)
        .load(c))?;
    let grants: Vec<GrantTuple> = with_conn!(conn, |c| role_grants::table
        .left_join(perangkat_daerah::table)
        .select((
            role_grants::id,
            role_grants::user_id,
            role_grants::role,
            role_grants::pd_id,
            perangkat_daerah::singkatan.nullable(),
        ))
        .order(role_grants::id)
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|(id, username, nama, email, active)| UserRow {
            grants: grants
                .iter()
                .filter(|g| g.1 == id)
                .filter_map(|g| {
                    Role::from_i64(g.2).map(|role| GrantRow { id: g.0, role, pd_id: g.3, pd_singkatan: g.4.clone() })
                })
                .collect(),
            id,
            username,
            nama,
            email,
            active,
        })
        .collect())
}

fn check_username_free(conn: &mut DbConn, username: &str, except: Option<i64>) -> Result<(), AppError> {
    let taken: i64 = with_conn!(conn, |c| users::table
        .filter(users::username.eq(username))
        .filter(users::id.ne(except.unwrap_or(-1)))
        .count()
        .get_result(c))?;
    if taken > 0 {
        return Err(field_error("username", "nama pengguna ini sudah dipakai", "this user name is taken"));
    }
    Ok(())
}

pub fn create_user(
    conn: &mut DbConn,
    actor: Option<i64>,
    username: &str,
    nama: &str,
    email: Option<&str>,
    password_hash: &str,
    must_change_password: bool,
) -> Result<i64, AppError> {
    conn.write_tx(|conn| {
        check_username_free(conn, username, None)?;
        let at = now();
        let id: i64 = with_conn!(conn, |c| diesel::insert_into(users::table)
            .values((
                users::username.eq(username),
                users::nama.eq(nama),
                users::email.eq(email),
                users::password_hash.eq(password_hash),
                users::must_change_password.eq(must_change_password),
                users::active.eq(true),
                users::created_at.eq(at),
                users::updated_at.eq(at),
            ))
            .returning(users::id)
            .get_result(c))?;
        audit::append(
            conn,
            actor,
            "pengguna",
            Some(id),
            "dibuat",
            json!({ "username": username, "nama": nama, "email": email }),
        )?;
        Ok(id)
    })
}

/// Changes name and user name, and the password when a new hash is given: an administrator's
/// reset, which ends the user's sessions and makes them choose their own password at next login.
pub fn update_user(
    conn: &mut DbConn,
    actor: i64,
    id: i64,
    username: &str,
    nama: &str,
    email: Option<&str>,
    new_password_hash: Option<&str>,
) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let before: (String, String, Option<String>) = with_conn!(conn, |c| users::table
            .filter(users::id.eq(id))
            .select((users::username, users::nama, users::email))
            .first(c))?;
        check_username_free(conn, username, Some(id))?;
        with_conn!(conn, |c| diesel::update(users::table.filter(users::id.eq(id)))
            .set((
                users::username.eq(username),
                users::nama.eq(nama),
                users::email.eq(email),
                users::updated_at.eq(now()),
            ))
            .execute(c))?;
        let mut detail = audit::changes(
            &json!({ "username": before.0, "nama": before.1, "email": before.2 }),
            &json!({ "username": username, "nama": nama, "email": email }),
        );
        if let Some(hash) = new_password_hash {
            with_conn!(conn, |c| diesel::update(users::table.filter(users::id.eq(id)))
                .set((users::password_hash.eq(hash), users::must_change_password.eq(true)))
                .execute(c))?;
            delete_user_sessions(conn, id)?;
            if let Some(map) = detail.as_object_mut() {
                map.insert("kata_sandi".into(), json!("diganti"));
            }
        }
        audit::append(conn, Some(actor), "pengguna", Some(id), "diubah", detail)?;
        Ok(())
    })
}

pub fn set_user_active(conn: &mut DbConn, actor: i64, id: i64, active: bool) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        if !active && is_admin(conn, id)? && active_admins(conn)? <= 1 {
            return Err(last_admin());
        }
        let changed = with_conn!(conn, |c| diesel::update(users::table.filter(users::id.eq(id)))
            .set((users::active.eq(active), users::updated_at.eq(now())))
            .execute(c))?;
        if changed == 0 {
            return Err(AppError::NotFound);
        }
        if !active {
            delete_user_sessions(conn, id)?;
        }
        let action = if active { "diaktifkan" } else { "dinonaktifkan" };
        audit::append(conn, Some(actor), "pengguna", Some(id), action, json!({}))?;
        Ok(())
    })
}

pub fn add_grant(conn: &mut DbConn, actor: Option<i64>, user_id: i64, grant: Grant) -> Result<i64, AppError> {
    conn.write_tx(|conn| {
        let user_exists: i64 = with_conn!(conn, |c| users::table.filter(users::id.eq(user_id)).count().get_result(c))?;
        if user_exists == 0 {
            return Err(AppError::NotFound);
        }
        if let Some(pd_id) = grant.pd_id {
            let active: Option<bool> = with_conn!(conn, |c| perangkat_daerah::table
                .filter(perangkat_daerah::id.eq(pd_id))
                .select(perangkat_daerah::active)
                .first(c)
                .optional())?;
            if active != Some(true) {
                return Err(field_error(
                    "pd_id",
                    "Perangkat Daerah tidak ada atau nonaktif",
                    "the agency does not exist or is inactive",
                ));
            }
        }
        let existing: Vec<(i64, Option<i64>)> = with_conn!(conn, |c| role_grants::table
            .filter(role_grants::user_id.eq(user_id))
            .filter(role_grants::role.eq(grant.role.as_i64()))
            .select((role_grants::id, role_grants::pd_id))
            .load(c))?;
        if existing.iter().any(|(_, pd)| *pd == grant.pd_id) {
            return Err(AppError::conflict(
                Refusal::Duplicate,
                "Pengguna sudah memegang peran ini",
                "The user already holds this role",
            ));
        }
        let id: i64 = with_conn!(conn, |c| diesel::insert_into(role_grants::table)
            .values((
                role_grants::user_id.eq(user_id),
                role_grants::role.eq(grant.role.as_i64()),
                role_grants::pd_id.eq(grant.pd_id),
                role_grants::created_at.eq(now()),
            ))
            .returning(role_grants::id)
            .get_result(c))?;
        audit::append(
            conn,
            actor,
            "pengguna",
            Some(user_id),
            "peran diberikan",
            json!({ "peran": grant.role.code(), "pd_id": grant.pd_id }),
        )?;
        Ok(id)
    })
}

/// Active users holding the admin role. Read inside the write transaction, so two admins
/// revoking each other at the same moment cannot both succeed.
fn active_admins(conn: &mut DbConn) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| role_grants::table
        .inner_join(users::table)
        .filter(role_grants::role.eq(Role::Admin.as_i64()))
        .filter(users::active.eq(true))
        .count()
        .get_result(c))?)
}

fn is_admin(conn: &mut DbConn, user_id: i64) -> Result<bool, DbError> {
    let n: i64 = with_conn!(conn, |c| role_grants::table
        .filter(role_grants::user_id.eq(user_id))
        .filter(role_grants::role.eq(Role::Admin.as_i64()))
        .count()
        .get_result(c))?;
    Ok(n > 0)
}

fn last_admin() -> AppError {
    AppError::conflict(
        Refusal::LastAdmin,
        "Admin terakhir tidak dapat kehilangan perannya atau dinonaktifkan",
        "The last administrator cannot lose the role or be deactivated",
    )
}

pub fn remove_grant(conn: &mut DbConn, actor: i64, grant_id: i64) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let grant: (i64, i64, Option<i64>) = with_conn!(conn, |c| role_grants::table
            .filter(role_grants::id.eq(grant_id))
            .select((role_grants::user_id, role_grants::role, role_grants::pd_id))
            .first(c))?;
        if grant.1 == Role::Admin.as_i64() && active_admins(conn)? <= 1 {
            return Err(last_admin());
        }
        with_conn!(conn, |c| diesel::delete(role_grants::table.filter(role_grants::id.eq(grant_id))).execute(c))?;
        let role = Role::from_i64(grant.1).map(Role::code).unwrap_or("?");
        audit::append(
            conn,
            Some(actor),
            "pengguna",
            Some(grant.0),
            "peran dicabut",
            json!({ "peran": role, "pd_id": grant.2 }),
        )?;
        Ok(())
    })
}

// ---------------------------------------------------------------- Periods

pub fn list_periods(conn: &mut DbConn) -> Result<Vec<PeriodRow>, DbError> {
    let rows: Vec<(i64, String, i64, i64, bool)> = with_conn!(conn, |c| periods::table
        .select((periods::id, periods::nama, periods::tahun_awal, periods::tahun_akhir, periods::active))
        .order(periods::tahun_awal.desc())
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|(id, nama, a, b, active)| PeriodRow { id, nama, tahun_awal: a as i32, tahun_akhir: b as i32, active })
        .collect())
}

fn check_period_overlap(conn: &mut DbConn, input: &PeriodInput, except: Option<i64>) -> Result<(), AppError> {
    for other in list_periods(conn)? {
        if Some(other.id) != except
            && other.active
            && periods_overlap((input.tahun_awal, input.tahun_akhir), (other.tahun_awal, other.tahun_akhir))
        {
            return Err(field_error(
                "tahun_awal",
                format!("tumpang tindih dengan periode {}", other.nama),
                format!("overlaps the period {}", other.nama),
            ));
        }
    }
    Ok(())
}

/// Keeps `fiscal_years` equal to the years of the period.
fn sync_fiscal_years(conn: &mut DbConn, period_id: i64, input: &PeriodInput) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::delete(fiscal_years::table.filter(fiscal_years::period_id.eq(period_id)).filter(
        fiscal_years::tahun.lt(i64::from(input.tahun_awal)).or(fiscal_years::tahun.gt(i64::from(input.tahun_akhir)))
    ))
    .execute(c))?;
    for tahun in input.tahun_awal..=input.tahun_akhir {
        let exists: i64 = with_conn!(conn, |c| fiscal_years::table
            .filter(fiscal_years::tahun.eq(i64::from(tahun)))
            .count()
            .get_result(c))?;
        if exists == 0 {
            with_conn!(conn, |c| diesel::insert_into(fiscal_years::table)
                .values((
                    fiscal_years::period_id.eq(period_id),
                    fiscal_years::tahun.eq(i64::from(tahun)),
                    fiscal_years::created_at.eq(now()),
                ))
                .execute(c))?;
        }
    }
    Ok(())
}

pub fn create_period(conn: &mut DbConn, actor: i64, input: &PeriodInput) -> Result<i64, AppError> {
    conn.write_tx(|conn| {
        check_period_overlap(conn, input, None)?;
        let at = now();
        let id: i64 = with_conn!(conn, |c| diesel::insert_into(periods::table)
            .values((
                periods::nama.eq(&input.nama),
                periods::tahun_awal.eq(i64::from(input.tahun_awal)),
                periods::tahun_akhir.eq(i64::from(input.tahun_akhir)),
                periods::active.eq(true),
                periods::created_at.eq(at),
                periods::updated_at.eq(at),
            ))
            .returning(periods::id)
            .get_result(c))?;
        sync_fiscal_years(conn, id, input)?;
        audit::append(conn, Some(actor), "periode", Some(id), "dibuat", audit::snapshot(input))?;
        Ok(id)
    })
}

pub fn update_period(conn: &mut DbConn, actor: i64, id: i64, input: &PeriodInput) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let before = list_periods(conn)?.into_iter().find(|p| p.id == id).ok_or(AppError::NotFound)?;
        check_period_overlap(conn, input, Some(id))?;
        with_conn!(conn, |c| diesel::update(periods::table.filter(periods::id.eq(id)))
            .set((
                periods::nama.eq(&input.nama),
                periods::tahun_awal.eq(i64::from(input.tahun_awal)),
                periods::tahun_akhir.eq(i64::from(input.tahun_akhir)),
                periods::updated_at.eq(now()),
            ))
            .execute(c))?;
        sync_fiscal_years(conn, id, input)?;
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
        with_conn!(conn, |c| diesel::update(periods::table.filter(periods::id.eq(id)))
            .set((periods::active.eq(active), periods::updated_at.eq(now())))
            .execute(c))?;
        let action = if active { "diaktifkan" } else { "dinonaktifkan" };
        audit::append(conn, Some(actor), "periode", Some(id), action, json!({}))?;
        Ok(())
    })
}

// ---------------------------------------------------------------- Audit trail

/// `(id, at, username, entity, entity id, action, detail)`
type AuditTuple = (i64, i64, Option<String>, String, Option<i64>, String, String);

pub fn list_audit(conn: &mut DbConn, limit: i64, before_id: Option<i64>) -> Result<Vec<AuditRow>, DbError> {
    let rows: Vec<AuditTuple> = with_conn!(conn, |c| {
        let mut query = audit_log::table
            .left_join(users::table)
            .select((
                audit_log::id,
                audit_log::at,
                users::username.nullable(),
                audit_log::entity,
                audit_log::entity_id,
                audit_log::action,
                audit_log::detail,
            ))
            .order(audit_log::id.desc())
            .limit(limit.clamp(1, 500))
            .into_boxed();
        if let Some(before) = before_id {
            query = query.filter(audit_log::id.lt(before));
        }
        query.load(c)
    })?;
    Ok(rows
        .into_iter()
        .map(|(id, at, user, entity, entity_id, action, detail)| AuditRow {
            id,
            at,
            user,
            entity,
            entity_id,
            action,
            detail,
        })
        .collect())
}

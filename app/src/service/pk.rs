//! The Perjanjian Kinerja's own rules where they need other records: the parties checked against
//! the echelon chain, one PK per official per year, and each indicator's link to the upper PK
//! (the pihak kedua's PK of the same year). The rules themselves are `domain::model::pk`'s.

use super::{field_error, master};
use crate::api::types::{DocLink, NewDocument, OfficialRow, PkChain};
use crate::domain::Msg;
use crate::domain::access;
use crate::domain::documents::DocumentType;
use crate::domain::master::Eselon;
use crate::domain::model::{Content, Pihak, PkContent, PkLevel, check_pihak_kedua};
use crate::domain::roles::PdVisibility;
use crate::error::AppError;
use crate::infra::auth::SessionUser;
use crate::infra::db::DbConn;
use crate::infra::repo::documents::{self as docs, Doc};
use crate::infra::repo::names::{OfficialStanding, official_names, official_standing, official_titles};

fn pihak(o: &OfficialStanding) -> Result<Pihak, AppError> {
    Ok(Pihak { eselon: Eselon::from_i64(o.eselon).ok_or(AppError::Internal)?, pd_id: o.pd_id })
}

/// The empty content of a new PK, headed for its official's level, once the parties fit the
/// echelon chain and the official has no PK for that year yet.
pub fn check_new(conn: &mut DbConn, new: &NewDocument) -> Result<Content, AppError> {
    let (Some(official_id), Some(tahun)) = (new.official_id, new.tahun) else {
        return Ok(Content::empty_for(new.doc_type));
    };
    let official =
        official_standing(conn, official_id)?.filter(|o| o.active && o.pd_id == new.pd_id).ok_or_else(|| {
            field_error("official_id", Msg::new("pejabat bukan dari PD ini", "the official is not of this agency"))
        })?;
    let kedua =
        match new.pihak_kedua_id {
            Some(id) => Some(official_standing(conn, id)?.filter(|o| o.active).ok_or_else(|| {
                field_error("pihak_kedua_id", Msg::new("pejabat tidak ditemukan", "no such official"))
            })?),
            None => None,
        };
    let pertama = pihak(&official)?;
    check_pihak_kedua(pertama, kedua.as_ref().map(pihak).transpose()?).map_err(|m| field_error("pihak_kedua_id", m))?;
    if docs::pk_of_official(conn, official_id, i64::from(tahun))?.is_some() {
        return Err(field_error(
            "official_id",
            Msg::new(
                format!(
                    "pejabat ini sudah mempunyai PK tahun {tahun}; perubahan dibuat sebagai PK Perubahan pada PK itu"
                ),
                format!("this official already has a PK for {tahun}; changes are made as a revised PK on that one"),
            ),
        ));
    }
    Ok(Content::Pk(PkContent::new(PkLevel::of(pertama.eselon))))
}

/// Checks `successor`, who takes over the PK `doc` in a PK Perubahan for a change of official:
/// an active official of the same PD at the same level, whose pair with the PK's pihak kedua fits
/// the echelon chain, and who has no PK of their own that year. Errors keyed `official_id`.
pub fn check_successor(conn: &mut DbConn, doc: &Doc, successor: i64) -> Result<(), AppError> {
    let refuse = |id: &str, en: &str| field_error("official_id", Msg::new(id, en));
    let Content::Pk(pk) = &doc.content else {
        return Err(refuse("pejabat baru hanya untuk PK", "a new official is for a PK only"));
    };
    if doc.official_id == Some(successor) {
        return Err(refuse(
            "pilih pejabat lain: ini pejabat PK sebelumnya",
            "choose another official: this is the PK's present official",
        ));
    }
    let official = official_standing(conn, successor)?
        .filter(|o| o.active && o.pd_id == doc.pd_id)
        .ok_or_else(|| refuse("pejabat bukan pejabat aktif PD ini", "not an active official of this agency"))?;
    let pertama = pihak(&official)?;
    if PkLevel::of(pertama.eselon) != pk.level {
        return Err(refuse(
            "pejabat baru harus setingkat dengan jabatan PK ini",
            "the new official must hold a post of this PK's level",
        ));
    }
    let kedua = match doc.pihak_kedua_id {
        Some(id) => official_standing(conn, id)?.map(|o| pihak(&o)).transpose()?,
        None => None,
    };
    check_pihak_kedua(pertama, kedua).map_err(|m| field_error("official_id", m))?;
    if let Some(tahun) = doc.tahun
        && let Some(own) = docs::pk_of_official(conn, successor, tahun)?
    {
        return Err(field_error(
            "official_id",
            Msg::new(
                format!("pejabat ini sudah mempunyai PK tahun {tahun} (dokumen #{})", own.id),
                format!("this official already has a PK for {tahun} (document #{})", own.id),
            ),
        ));
    }
    Ok(())
}

/// Who may take over the PK `doc` in a PK Perubahan for a change of official
/// ([`check_successor`]), as `(id, "name — post")`, for the kabag's reopening form.
pub fn successors(conn: &mut DbConn, doc: &Doc) -> Result<Vec<(i64, String)>, AppError> {
    let Content::Pk(pk) = &doc.content else { return Ok(Vec::new()) };
    let Some(pd) = doc.pd_id else { return Ok(Vec::new()) };
    let same_level: Vec<OfficialRow> = master::list_officials(conn, &PdVisibility::All, Some(pd), false)?
        .into_iter()
        .filter(|o| PkLevel::of(o.eselon) == pk.level)
        .collect();
    let mut found = Vec::new();
    for o in same_level {
        if check_successor(conn, doc, o.id).is_ok() {
            found.push((o.id, format!("{} — {}", o.full_name(), o.jabatan_display())));
        }
    }
    Ok(found)
}

/// The upper PK of a PK: its pihak kedua's PK of the same year.
pub fn upper(conn: &mut DbConn, doc: &Doc) -> Result<Option<Doc>, AppError> {
    upper_in(conn, doc.pihak_kedua_id, doc.tahun)
}

/// The PK of `pihak_kedua` in `tahun`: the upper PK of a PK agreed with them that year.
pub fn upper_in(conn: &mut DbConn, pihak_kedua: Option<i64>, tahun: Option<i64>) -> Result<Option<Doc>, AppError> {
    match (pihak_kedua, tahun) {
        (Some(kedua), Some(tahun)) => docs::pk_of_official(conn, kedua, tahun),
        _ => Ok(None),
    }
}

/// The chain a PK page shows: both parties, the upper PK and the PKs one level below that serve
/// this one. (The upper PK's indicators, the link column's choices, are `links::serves`'.)
pub fn chain(conn: &mut DbConn, doc: &Doc) -> Result<Option<PkChain>, AppError> {
    let Content::Pk(pk) = &doc.content else { return Ok(None) };
    let ids: Vec<i64> = doc.official_id.into_iter().chain(doc.pihak_kedua_id).collect();
    let names = official_names(conn, &ids)?;
    let titles = official_titles(conn, &ids)?;
    let title = |id: Option<i64>| id.and_then(|i| titles.get(&i).cloned());
    let name = |id: Option<i64>| id.and_then(|i| names.get(&i).cloned());
    let upper = upper(conn, doc)?.map(|u| DocLink { document_id: u.id, judul: u.judul, choices: Vec::new() });
    let lower = match (doc.official_id, doc.tahun) {
        (Some(official), Some(tahun)) => docs::pks_under(conn, official, tahun)?
            .into_iter()
            .map(|d| DocLink { document_id: d.id, judul: d.judul, choices: Vec::new() })
            .collect(),
        _ => Vec::new(),
    };
    let rencana_aksi = match (doc.official_id, doc.tahun) {
        (Some(official), Some(tahun)) => docs::of_official(conn, DocumentType::RencanaAksi, official, tahun)?,
        _ => None,
    };
    let rencana_aksi = rencana_aksi.map(|id| docs::load(conn, id)).transpose()?.map(|d| DocLink {
        document_id: d.id,
        judul: d.judul,
        choices: Vec::new(),
    });
    Ok(Some(PkChain {
        level: pk.level,
        pihak_pertama: name(doc.official_id),
        pihak_pertama_jabatan: title(doc.official_id),
        pihak_kedua: name(doc.pihak_kedua_id),
        pihak_kedua_jabatan: title(doc.pihak_kedua_id),
        upper,
        lower,
        official_id: doc.official_id,
        rencana_aksi,
    }))
}

/// The officials who may be the pihak kedua of `official_id`'s PK, for the new-PK form: those the
/// echelon chain allows, the Bupati included (whom a PD's users do not otherwise list). Asked by
/// whoever may create that official's PK.
pub fn candidates(conn: &mut DbConn, user: &SessionUser, official_id: i64) -> Result<Vec<OfficialRow>, AppError> {
    let official = official_standing(conn, official_id)?.ok_or(AppError::NotFound)?;
    if !access::is_owner(&user.grants, official.pd_id) {
        return Err(AppError::Forbidden);
    }
    let pertama = pihak(&official)?;
    let all = master::list_officials(conn, &PdVisibility::All, None, false)?;
    Ok(all
        .into_iter()
        .filter(|o| o.id != official_id)
        .filter(|o| check_pihak_kedua(pertama, Some(Pihak { eselon: o.eselon, pd_id: o.pd_id })).is_ok())
        .collect())
}

//! The Rencana Aksi beyond its plan: a new one made from its official's PK of the year, and the
//! realisation entered period by period once the plan is approved — without reopening the review
//! of its targets. Capaian itself is the domain's (`RencanaAksiContent::capaian`), computed the
//! same way on the page and on the server.

use super::{authorise, conflict, field_error, name_of, relation};
use crate::api::types::{CapaianPdRow, NewDocument, RealisasiRow, RenaksiView};
use crate::domain::Msg;
use crate::domain::access::{Capability, DocumentRelation};
use crate::domain::documents::DocumentType;
use crate::domain::model::{
    CapaianSettings, CapaianSettingsInput, CapaianSummary, Content, NodeKey, Realisasi, RealisasiInput,
    RencanaAksiContent, Target,
};
use crate::domain::roles::Grants;
use crate::error::{AppError, Refusal};
use crate::infra::audit;
use crate::infra::auth::SessionUser;
use crate::infra::db::{DbConn, now};
use crate::infra::repo::documents::{self as docs, Doc};
use crate::infra::repo::{names, pengaturan, realisasi};
use serde_json::json;
use std::collections::BTreeMap;

/// The content of a new Rencana Aksi: made from the PK of its official and year (which must
/// exist and belong to the same PD), one per PK.
pub fn check_new(conn: &mut DbConn, new: &NewDocument) -> Result<Content, AppError> {
    let (Some(official), Some(tahun)) = (new.official_id, new.tahun) else {
        return Ok(Content::empty_for(new.doc_type));
    };
    let pk = docs::pk_of_official(conn, official, tahun.into())?.ok_or_else(|| {
        field_error(
            "official_id",
            Msg::new(
                format!("pejabat ini belum mempunyai PK tahun {tahun}; rencana aksi dibuat dari PK-nya"),
                format!("this official has no PK for {tahun} yet; an action plan is made from the PK"),
            ),
        )
    })?;
    if pk.pd_id != new.pd_id {
        return Err(field_error(
            "official_id",
            Msg::new("pejabat bukan dari PD ini", "the official is not of this agency"),
        ));
    }
    if let Some(existing) = docs::of_official(conn, DocumentType::RencanaAksi, official, tahun.into())? {
        return Err(field_error(
            "official_id",
            Msg::new(
                format!("rencana aksi PK ini sudah ada (dokumen #{existing})"),
                format!("this PK's action plan already exists (document #{existing})"),
            ),
        ));
    }
    let Content::Pk(content) = &pk.content else { return Err(AppError::Internal) };
    let pembagian = match new.pembagian {
        Some(p) => p,
        None => settings(conn)?.pembagian,
    };
    let mut plan = RencanaAksiContent::from_pk(tahun, pembagian, pk.id, content);
    let iku = super::links::plan_for(conn, DocumentType::Iku, new.pd_id, None, Some(tahun.into()))?;
    if let Some(Content::Iku(iku)) = iku.map(|d| d.content) {
        plan.take_from_iku(&iku);
    }
    Ok(Content::RencanaAksi(plan))
}

/// Every realisation entry of a document, oldest first, as the capaian engine reads them, with
/// who entered each and when.
fn entries(conn: &mut DbConn, document_id: i64) -> Result<Vec<(Realisasi, i64, i64)>, AppError> {
    Ok(realisasi::of_document(conn, document_id)?
        .into_iter()
        .map(|e| {
            let entry = Realisasi {
                node: NodeKey::new(e.node),
                period: usize::try_from(e.periode).unwrap_or(usize::MAX),
                nilai: e.nilai.as_deref().and_then(|v| serde_json::from_str(v).ok()),
                anggaran: e.anggaran,
                catatan: e.catatan,
            };
            (entry, e.created_by, e.created_at)
        })
        .collect())
}

/// The realisation part of a Rencana Aksi's page: every entry, the settings capaian is computed
/// by, and whether this user may enter realisation now.
pub fn view(
    conn: &mut DbConn,
    user: &SessionUser,
    doc: &Doc,
    relation: &DocumentRelation,
) -> Result<Option<RenaksiView>, AppError> {
    if !matches!(doc.content, Content::RencanaAksi(_)) {
        return Ok(None);
    }
    let entries = entries(conn, doc.id)?;
    let mut people: Vec<i64> = entries.iter().map(|e| e.1).collect();
    people.sort_unstable();
    people.dedup();
    let names = names::user_names(conn, &people)?;
    let entries =
        entries.into_iter().map(|(entry, by, at)| RealisasiRow { entry, oleh: name_of(&names, by), at }).collect();
    let may = crate::domain::access::may(user.user_id, &user.grants, relation, Capability::RecordRealisation);
    Ok(Some(RenaksiView { entries, settings: settings(conn)?, can_record: may && doc.state.targets_agreed() }))
}

/// Records what one row of a Rencana Aksi reported for one period: the parts of `input` given
/// replace what the period had (empty text clears a part; a value cleared is "not reported"
/// again). Only the owner, once the plan is approved; the value of the kind of the row's
/// targets, the budget in whole rupiah. A change that changes nothing is not recorded.
pub fn record(
    conn: &mut DbConn,
    user: &SessionUser,
    id: i64,
    node: &NodeKey,
    period: usize,
    input: &RealisasiInput,
) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let doc = docs::load(conn, id)?;
        authorise(user, &relation(conn, user, &doc)?, Capability::RecordRealisation)?;
        let Content::RencanaAksi(plan) = &doc.content else {
            return Err(field_error(
                "id",
                Msg::new("realisasi hanya dicatat pada rencana aksi", "realisation is entered on an action plan only"),
            ));
        };
        if !doc.state.targets_agreed() {
            return Err(conflict(
                Refusal::WrongState,
                Msg::new(
                    "realisasi dicatat setelah rencana aksi disetujui",
                    "realisation is entered once the action plan is approved",
                ),
            ));
        }
        if !plan.rows.iter().any(|r| &r.key == node) {
            return Err(AppError::NotFound);
        }
        let so_far: Vec<Realisasi> = entries(conn, id)?.into_iter().map(|e| e.0).collect();
        let Some(entry) = plan.entry(&so_far, node, period, input)? else { return Ok(()) };
        let stored = entry.nilai.as_ref().map(serde_json::to_string).transpose().map_err(|_| AppError::Internal)?;
        realisasi::append(
            conn,
            &realisasi::NewEntry {
                document_id: id,
                node: node.as_str(),
                periode: period as i64,
                nilai: stored.as_deref(),
                catatan: &entry.catatan,
                created_by: user.user_id,
                created_at: now(),
                anggaran: entry.anggaran,
            },
        )?;
        let periode = plan.pembagian.name(period).id;
        audit::append_for_document(
            conn,
            user.user_id,
            id,
            "realisasi dicatat",
            json!({
                "baris": node.as_str(),
                "periode": periode,
                "nilai": entry.nilai.as_ref().map(Target::text),
                "anggaran": entry.anggaran,
                "catatan": entry.catatan,
            }),
        )?;
        Ok(())
    })
}

/// The capaian of a year so far, one row per PD the user may see: every indicator of its
/// approved Rencana Aksi documents of that year, summed up (`CapaianSummary`). PDs without an
/// approved plan are left out.
pub fn summary(conn: &mut DbConn, grants: &Grants, tahun: i32) -> Result<Vec<CapaianPdRow>, AppError> {
    let ids = docs::visible_ids(conn, &grants.pd_visibility(), Some(tahun), None)?;
    let plans: Vec<Doc> = docs::load_many(conn, &ids)?
        .into_iter()
        .filter(|d| d.tahun == Some(i64::from(tahun)) && d.state.targets_agreed())
        .filter(|d| matches!(d.content, Content::RencanaAksi(_)))
        .collect();
    let settings = settings(conn)?;
    let mut by_pd: BTreeMap<Option<i64>, CapaianSummary> = BTreeMap::new();
    for doc in &plans {
        let Content::RencanaAksi(plan) = &doc.content else { continue };
        let entries: Vec<Realisasi> = entries(conn, doc.id)?.into_iter().map(|e| e.0).collect();
        by_pd.entry(doc.pd_id).or_default().add(&plan.capaian(&entries, &settings));
    }
    let pd_ids: Vec<i64> = by_pd.keys().flatten().copied().collect();
    let names = names::pd_abbreviations(conn, &pd_ids)?;
    let mut rows: Vec<CapaianPdRow> = by_pd
        .into_iter()
        .map(|(pd_id, summary)| CapaianPdRow {
            pd_id,
            pd: pd_id.and_then(|id| names.get(&id).cloned()).unwrap_or_else(|| "Pemda".into()),
            summary,
        })
        .collect();
    rows.sort_by(|a, b| a.pd.cmp(&b.pd));
    Ok(rows)
}

/// The Pemda's capaian settings: those saved, or the defaults of SAKIP reference §5.
pub fn settings(conn: &mut DbConn) -> Result<CapaianSettings, AppError> {
    Ok(pengaturan::get(conn)?.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default())
}

/// Saves the Pemda's capaian settings (checked: four rising thresholds), with the change in the
/// audit trail. Capaian everywhere follows at once: it is computed, never stored.
pub fn save_settings(conn: &mut DbConn, actor: i64, input: &CapaianSettingsInput) -> Result<(), AppError> {
    let new = CapaianSettings::from_input(input)?;
    conn.write_tx(|conn| {
        let before = settings(conn)?;
        let json = serde_json::to_string(&new).map_err(|_| AppError::Internal)?;
        pengaturan::put(conn, &json, actor, now())?;
        audit::append(
            conn,
            Some(actor),
            "pengaturan_capaian",
            Some(1),
            "diubah",
            audit::changes(&before.input(), input),
        )?;
        Ok(())
    })
}

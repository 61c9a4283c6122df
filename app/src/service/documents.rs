//! Writing a document and moving it through the workflow: create, save the working copy, attach
//! and remove files, download a file, and the workflow actions.

use super::{authorise, changed_meanwhile, conflict, field_error, relation};
use crate::api::types::NewDocument;
use crate::domain::Msg;
use crate::domain::access::{self, Capability, DocumentRelation};
use crate::domain::documents::DocumentType;
use crate::domain::format::date_of_timestamp;
use crate::domain::model::{Content, IkuContent, PkContent, PkLevel, RenstraContent, RktContent, RpjmdContent, links};
use crate::domain::perubahan::{AlasanPerubahan, Perubahan, PerubahanInput};
use crate::domain::roles::{Grants, Role};
use crate::domain::workflow::{self, Action, State};
use crate::error::{AppError, Refusal};
use crate::infra::audit;
use crate::infra::auth::{self, SessionUser};
use crate::infra::db::{DbConn, DbError, now};
use crate::infra::repo::documents::{self as docs, Doc};
use crate::infra::repo::events::{self, NewEvent};
use crate::infra::repo::files::{self, NewDocumentFile};
use crate::infra::repo::names::users_with_role;
use crate::infra::repo::notifications::notify;
use crate::infra::repo::periods;
use crate::infra::repo::perubahan::{self, NewRevision};
use crate::infra::repo::rounds::{self, NewAssignment, NewRound};
use crate::infra::repo::versions::{self, NewDocumentVersion};
use serde_json::json;
use sha2::{Digest, Sha256};

/// A new document's content: a PK's level comes from its official (the pair checked against the
/// echelon chain, one PK per official a year), a five-year plan's years from its period.
fn initial_content(conn: &mut DbConn, new: &NewDocument) -> Result<Content, AppError> {
    // One structured plan per owner and period: a revision is a new version of that one.
    let first_year = |conn: &mut DbConn, period_id: i64| -> Result<i32, AppError> {
        let period = periods::get(conn, period_id)?
            .ok_or_else(|| field_error("period_id", Msg::new("periode tidak ditemukan", "no such period")))?;
        if let Some(existing) = docs::plan_of_period(conn, new.doc_type, new.pd_id, period_id)? {
            let jenis = new.doc_type.label();
            return Err(field_error(
                "period_id",
                Msg::new(
                    format!(
                        "{} periode ini sudah ada (dokumen #{existing}); revisinya dibuat sebagai versi baru dokumen itu",
                        jenis.id
                    ),
                    format!(
                        "this period already has its {} (document #{existing}); a revision is a new version of that one",
                        jenis.en
                    ),
                ),
            ));
        }
        Ok(period.tahun_awal as i32)
    };
    match (new.doc_type, new.period_id) {
        (DocumentType::Iku, Some(period_id)) => {
            let tahun_awal = first_year(conn, period_id)?;
            let renstra = super::links::plan_for(conn, DocumentType::Renstra, new.pd_id, Some(period_id), None)?;
            Ok(Content::Iku(match renstra.as_ref().and_then(|r| r.content.plan_tree().map(|t| (r.id, t))) {
                Some((id, (_, nodes))) => IkuContent::from_renstra(tahun_awal, id, nodes),
                None => IkuContent::new(tahun_awal),
            }))
        }
        (DocumentType::Rpjmd, Some(period_id)) => Ok(Content::Rpjmd(RpjmdContent::new(first_year(conn, period_id)?))),
        (DocumentType::Renstra, Some(period_id)) => {
            Ok(Content::Renstra(RenstraContent::new(first_year(conn, period_id)?)))
        }
        (DocumentType::RenjaRkt, _) => new_rkt(conn, new),
        (DocumentType::RencanaAksi, _) => super::renaksi::check_new(conn, new),
        _ => {
            let content = super::pk::check_new(conn, new)?;
            started_from_plan(conn, new, content)
        }
    }
}

/// A PD's RKT of a year, one a year, started from the Renstra's targets and pagu of that year
/// where the PD has a Renstra for the year's period.
fn new_rkt(conn: &mut DbConn, new: &NewDocument) -> Result<Content, AppError> {
    let (Some(pd), Some(tahun)) = (new.pd_id, new.tahun) else { return Ok(Content::empty_for(new.doc_type)) };
    if let Some(existing) = docs::yearly_of(conn, new.doc_type, pd, tahun.into())? {
        return Err(field_error(
            "tahun",
            Msg::new(
                format!("RKT tahun {tahun} PD ini sudah ada (dokumen #{existing}); ubah dokumen itu"),
                format!("this agency's RKT for {tahun} already exists (document #{existing}); change that one"),
            ),
        ));
    }
    let renstra = super::links::plan_for(conn, DocumentType::Renstra, Some(pd), None, Some(tahun.into()))?;
    let started = renstra.as_ref().and_then(|r| r.content.plan_tree()).and_then(|(tahun_awal, nodes)| {
        let year = usize::try_from(tahun - tahun_awal).ok()?;
        Some(RktContent::from_renstra(tahun, year, nodes))
    });
    Ok(Content::Rkt(started.unwrap_or_else(|| RktContent::new(tahun))))
}

/// A new PK started from the plan of its year where there is one: the Bupati's from the RPJMD
/// (each row linked to its indicator), a Kepala PD's from the PD's Renstra (rows and programs;
/// its links go to the Bupati's PK, chosen by the planner).
fn started_from_plan(conn: &mut DbConn, new: &NewDocument, content: Content) -> Result<Content, AppError> {
    let (Content::Pk(pk), Some(tahun)) = (&content, new.tahun) else { return Ok(content) };
    let plan = match pk.level {
        PkLevel::KepalaDaerah => super::links::plan_for(conn, DocumentType::Rpjmd, None, None, Some(tahun.into()))?,
        PkLevel::EselonII => super::links::plan_for(conn, DocumentType::Renstra, new.pd_id, None, Some(tahun.into()))?,
        _ => None,
    };
    let Some(plan) = plan else { return Ok(content) };
    let Some((tahun_awal, nodes)) = plan.content.plan_tree() else { return Ok(content) };
    let Ok(year) = usize::try_from(tahun - tahun_awal) else { return Ok(content) };
    let link_to = (pk.level == PkLevel::KepalaDaerah).then_some(plan.id);
    Ok(Content::Pk(PkContent::from_plan(pk.level, year, nodes, link_to)))
}

pub fn create(conn: &mut DbConn, user: &SessionUser, new: &NewDocument) -> Result<i64, AppError> {
    create_filled(conn, user, new, |_, content| Ok(content), json!({}))
}

/// Creates a document whose first content `fill` makes from the type's initial one, inside the
/// same transaction (a copy is whole or not made at all); `origin` goes into the audit entry.
fn create_filled(
    conn: &mut DbConn,
    user: &SessionUser,
    new: &NewDocument,
    fill: impl FnOnce(&mut DbConn, Content) -> Result<Content, AppError>,
    origin: serde_json::Value,
) -> Result<i64, AppError> {
    authorise(user, &DocumentRelation::new_draft(new.pd_id), Capability::Create)?;
    crate::domain::documents::validate_new(
        new.doc_type,
        new.pd_id,
        new.tahun,
        new.period_id,
        new.official_id,
        &new.judul,
    )?;
    let judul = new.judul.trim();
    if !new.doc_type.needs_pihak_kedua() && new.pihak_kedua_id.is_some() {
        return Err(field_error(
            "pihak_kedua_id",
            Msg::new("pihak kedua hanya untuk PK", "a second party belongs to a PK only"),
        ));
    }
    conn.write_tx(|conn| {
        // Inside the write transaction: of two PKs created at once for one official, the second
        // sees the first.
        let content = initial_content(conn, new)?;
        let content = fill(conn, content)?;
        content.validate()?;
        let at = now();
        let id = docs::insert(
            conn,
            &docs::NewDocument {
                doc_type: new.doc_type.esr_id(),
                pd_id: new.pd_id,
                tahun: new.tahun.map(i64::from),
                period_id: new.period_id,
                official_id: new.official_id,
                pihak_kedua_id: new.pihak_kedua_id,
                judul,
                state: State::Draft.as_i64(),
                content: content.canonical_json(),
                revision: 1,
                line: 1,
                created_by: user.user_id,
                created_at: at,
                updated_at: at,
            },
        )?;
        audit::append_for_document(
            conn,
            user.user_id,
            id,
            "dibuat",
            json!({ "jenis": new.doc_type.esr_id(), "judul": judul, "pd_id": new.pd_id, "asal": origin }),
        )?;
        Ok(id)
    })
}

/// Starts next year's PK, RKT or Rencana Aksi from this one. A PK: for the same official and
/// pihak kedua (checked again against the echelon chain, one PK per official a year), with its
/// rows and budget; each link moves to the place of the same name in next year's target (the
/// pihak kedua's PK of the next year, or the RPJMD), and is left empty where there is none, for
/// the planner to choose. An RKT: the same tree, targets and pagu, one RKT per PD a year. A
/// Rencana Aksi: made from the official's PK of next year (which must exist), each indicator
/// keeping this year's way of working (`RencanaAksiContent::carried_into`).
pub fn copy_forward(conn: &mut DbConn, user: &SessionUser, id: i64) -> Result<i64, AppError> {
    let source = docs::load(conn, id)?;
    authorise(user, &relation(conn, user, &source)?, Capability::Read)?;
    let copies = matches!(source.content, Content::Pk(_) | Content::Rkt(_) | Content::RencanaAksi(_));
    let tahun = source.tahun.filter(|_| copies);
    let Some(tahun) = tahun else {
        return Err(field_error(
            "id",
            Msg::new(
                "hanya PK, RKT dan rencana aksi yang dapat disalin ke tahun berikutnya",
                "only a PK, an RKT or an action plan can be copied to the next year",
            ),
        ));
    };
    let next = tahun + 1;
    let new = NewDocument {
        doc_type: source.doc_type,
        pd_id: source.pd_id,
        tahun: i32::try_from(next).ok(),
        period_id: None,
        official_id: source.official_id,
        pihak_kedua_id: source.pihak_kedua_id,
        judul: crate::domain::documents::next_year_title(&source.judul, tahun),
        pembagian: match &source.content {
            Content::RencanaAksi(plan) => Some(plan.pembagian),
            _ => None,
        },
    };
    let fill = |conn: &mut DbConn, fresh: Content| match (&source.content, fresh) {
        (Content::Pk(pk), Content::Pk(fresh)) => {
            let kind = pk.link_kind();
            let old = super::links::target_of(conn, &source)?;
            let new = super::links::target_in_year(conn, &source, next)?;
            let outline = |d: &Option<Doc>| d.as_ref().map(|d| (d.id, d.content.outline()));
            let (old, new) = (outline(&old), outline(&new));
            let (old, new) =
                (old.as_ref().map(|(id, o)| (*id, o.as_slice())), new.as_ref().map(|(id, o)| (*id, o.as_slice())));
            Ok(Content::Pk(pk.carried_forward(fresh.level, |acuan| links::moved(kind, acuan, old, new))))
        }
        (Content::Rkt(rkt), Content::Rkt(_)) => Ok(Content::Rkt(rkt.carried_forward())),
        (Content::RencanaAksi(plan), Content::RencanaAksi(fresh)) => Ok(Content::RencanaAksi(plan.carried_into(fresh))),
        (_, fresh) => Ok(fresh),
    };
    create_filled(conn, user, &new, fill, json!({ "disalin_dari": id }))
}

/// Saves the working copy. `revision` is the revision the user loaded; a stale save is refused
/// and changes nothing, so the user can copy what they typed and reload.
pub fn save_working(
    conn: &mut DbConn,
    user: &SessionUser,
    id: i64,
    revision: i64,
    judul: &str,
    new_content: &Content,
) -> Result<i64, AppError> {
    new_content.validate()?;
    conn.write_tx(|conn| {
        let doc = docs::load(conn, id)?;
        authorise(user, &relation(conn, user, &doc)?, Capability::EditDraft)?;
        if !doc.state.editable_by_owner() {
            return Err(conflict(
                Refusal::NotEditable,
                Msg::new(
                    "Dokumen sedang diproses dan tidak dapat diubah sekarang",
                    "The document is being processed and cannot be changed now",
                ),
            ));
        }
        if std::mem::discriminant(&doc.content) != std::mem::discriminant(new_content) {
            return Err(field_error(
                "content",
                Msg::new("isi tidak sesuai jenis dokumen", "content does not fit the document type"),
            ));
        }
        let mut new_content = new_content.clone();
        new_content.keep_fixed(&doc.content);
        super::links::check_content(conn, &doc, &new_content, false)?;
        let next = stale_checked_update(conn, &doc, revision, judul.trim(), &new_content)?;
        audit::append_for_document(conn, user.user_id, id, "draf disimpan", json!({ "revisi": next }))?;
        Ok(next)
    })
}

/// Writes the working copy if it is still at `revision`; an empty `judul` keeps the title.
pub(super) fn stale_checked_update(
    conn: &mut DbConn,
    doc: &Doc,
    revision: i64,
    judul: &str,
    new_content: &Content,
) -> Result<i64, AppError> {
    let judul = if judul.is_empty() { doc.judul.as_str() } else { judul };
    if docs::update_working(conn, doc.id, revision, judul, new_content)? == 0 {
        return Err(conflict(
            Refusal::StaleRevision,
            Msg::new(
                "Dokumen ini sudah diubah orang lain sejak Anda membukanya. Isian Anda belum disimpan dan masih ada di layar; muat ulang dokumen, lalu terapkan lagi perubahan Anda",
                "Someone else changed this document since you opened it. Your input was not saved and is still on screen; reload the document and apply your changes again",
            ),
        ));
    }
    Ok(revision + 1)
}

fn not_editable_now() -> AppError {
    conflict(
        Refusal::NotEditable,
        Msg::new("Dokumen tidak dapat diubah sekarang", "The document cannot be changed now"),
    )
}

pub fn attach_file(
    conn: &mut DbConn,
    user: &SessionUser,
    id: i64,
    sha256: &str,
    file_name: &str,
    size: i64,
    mime: &str,
) -> Result<i64, AppError> {
    conn.write_tx(|conn| {
        let doc = docs::load(conn, id)?;
        authorise(user, &relation(conn, user, &doc)?, Capability::EditDraft)?;
        if !doc.state.editable_by_owner() {
            return Err(not_editable_now());
        }
        let file_id = files::insert(
            conn,
            &NewDocumentFile {
                document_id: id,
                sha256,
                file_name,
                size_bytes: size,
                mime,
                uploaded_by: user.user_id,
                uploaded_at: now(),
            },
        )?;
        docs::bump_revision(conn, id)?;
        audit::append_for_document(
            conn,
            user.user_id,
            id,
            "berkas dilampirkan",
            json!({ "berkas": file_name, "sha256": sha256 }),
        )?;
        Ok(file_id)
    })
}

pub fn remove_file(conn: &mut DbConn, user: &SessionUser, file_id: i64) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let file = files::find_current(conn, file_id)?;
        let doc = docs::load(conn, file.document_id)?;
        authorise(user, &relation(conn, user, &doc)?, Capability::EditDraft)?;
        if !doc.state.editable_by_owner() {
            return Err(not_editable_now());
        }
        files::mark_removed(conn, file_id)?;
        docs::bump_revision(conn, doc.id)?;
        audit::append_for_document(conn, user.user_id, doc.id, "berkas dilepas", json!({ "berkas": file.file_name }))?;
        Ok(())
    })
}

/// Whether `user` may attach files to the document, and whether its state allows it now: asked
/// before an upload is read, so that a refused upload is not stored first.
pub fn upload_standing(conn: &mut DbConn, user: &SessionUser, id: i64) -> Result<(bool, bool), AppError> {
    let doc = docs::load(conn, id)?;
    let may_edit = access::may(user.user_id, &user.grants, &relation(conn, user, &doc)?, Capability::EditDraft);
    Ok((may_edit, doc.state.editable_by_owner()))
}

/// Whether this file belongs to a document the user may read; `(file_name, mime)` when it does.
pub fn file_for_download(
    conn: &mut DbConn,
    grants: &Grants,
    doc_id: i64,
    sha256: &str,
) -> Result<Option<(String, String)>, AppError> {
    let doc = docs::load(conn, doc_id)?;
    if !access::can_read(grants, doc.pd_id) {
        return Err(AppError::Forbidden);
    }
    Ok(files::find_by_hash(conn, doc_id, sha256)?.map(|f| (f.file_name, f.mime)))
}

/// Freezes the working copy as the next version; refused when there is nothing to review.
fn freeze_version(conn: &mut DbConn, user_id: i64, doc: &Doc) -> Result<(i64, i64), AppError> {
    let files = files::current_of(conn, doc.id)?;
    doc.content.ready_to_submit(files.len()).map_err(|m| conflict(Refusal::EmptySubmission, m))?;
    super::links::check_content(conn, doc, &doc.content, true)?;
    let files_json = json!(
        files
            .iter()
            .map(|f| json!({ "name": f.file_name, "sha256": f.sha256, "size": f.size_bytes, "mime": f.mime }))
            .collect::<Vec<_>>()
    )
    .to_string();
    let content = doc.content.canonical_json();
    let sha = hex::encode(Sha256::digest(format!("{content}\n{files_json}").as_bytes()));
    let number = versions::last_number(conn, doc.id)? + 1;
    let id = versions::insert(
        conn,
        &NewDocumentVersion {
            document_id: doc.id,
            number,
            line: doc.line,
            content: &content,
            files: &files_json,
            sha256: &sha,
            created_by: user_id,
            created_at: now(),
        },
    )?;
    Ok((id, number))
}

/// The users who write the document: its PD's planners and heads, or the kabag for the Pemda's.
fn owners(conn: &mut DbConn, doc: &Doc) -> Result<Vec<i64>, DbError> {
    match doc.pd_id {
        Some(pd) => {
            let mut ids = users_with_role(conn, Role::PerencanaPd, Some(pd))?;
            ids.extend(users_with_role(conn, Role::KepalaPd, Some(pd))?);
            ids.sort_unstable();
            ids.dedup();
            Ok(ids)
        }
        None => users_with_role(conn, Role::KabagOrganisasi, None),
    }
}

/// Whether a user takes part in writing the document: holds a role in its PD (or, for a document
/// of the Pemda, is the kabag who keeps it), or submitted it. Such a user does not review it.
fn is_party_to(conn: &mut DbConn, user_id: i64, doc: &Doc) -> Result<bool, DbError> {
    let grants = auth::load_grants(conn, user_id)?;
    Ok(access::is_owner(&grants, doc.pd_id) || events::submitter(conn, doc.id)? == Some(user_id))
}

/// Performs one workflow action. `assignee` is the reviewer for [`Action::Assign`].
pub fn transition(
    conn: &mut DbConn,
    user: &SessionUser,
    id: i64,
    action: Action,
    note: &str,
    assignee: Option<i64>,
) -> Result<State, AppError> {
    transition_with(conn, user, id, action, note, assignee, None)
}

/// [`transition`], with the revision a [`Action::Reopen`] starts: its reason, its date and, for a
/// PK whose official changed, the new official (none: "other", decided today).
pub fn transition_with(
    conn: &mut DbConn,
    user: &SessionUser,
    id: i64,
    action: Action,
    note: &str,
    assignee: Option<i64>,
    revision: Option<&PerubahanInput>,
) -> Result<State, AppError> {
    conn.write_tx(|conn| {
        let doc = docs::load(conn, id)?;
        let relation = relation(conn, user, &doc)?;
        authorise(user, &relation, Capability::Read)?;
        let next = workflow::decide(doc.state, action, &relation.workflow_context(&user.grants, note))
            .map_err(refused_action)?;
        let at = now();
        let label = format!("\u{201c}{}\u{201d}", doc.judul);
        let mut version_id = None;
        match action {
            Action::Submit => {
                let resubmission = doc.state == State::ChangesRequested;
                let (vid, number) = freeze_version(conn, user.user_id, &doc)?;
                version_id = Some(vid);
                let msg = Msg::new(
                    format!("{label} diajukan (versi {number})"),
                    format!("{label} was submitted (version {number})"),
                );
                if resubmission {
                    let reviewers = rounds::active_reviewers(conn, id)?;
                    notify(conn, &reviewers, Some(id), "diajukan_ulang", &msg)?;
                } else {
                    let kabag = users_with_role(conn, Role::KabagOrganisasi, None)?;
                    notify(conn, &kabag, Some(id), "diajukan", &msg)?;
                }
            }
            Action::Assign => {
                let reviewer = assignee.ok_or_else(|| field_error("assignee", Msg::new("pilih reviewer", "choose a reviewer")))?;
                let is_reviewer = users_with_role(conn, Role::Reviewer, None)?.contains(&reviewer);
                if !is_reviewer {
                    return Err(field_error("assignee", Msg::new("pengguna ini bukan reviewer", "this user is not a reviewer")));
                }
                if is_party_to(conn, reviewer, &doc)? {
                    return Err(field_error(
                        "assignee",
                        Msg::new(
                            "reviewer ini ikut menyusun atau mengajukan dokumen ini; pilih reviewer lain",
                            "this reviewer helped write or submit this document; choose another reviewer",
                        ),
                    ));
                }
                if rounds::is_assigned(conn, id, reviewer)? {
                    return Err(conflict(Refusal::AlreadyAssigned, Msg::new("Reviewer ini sudah ditugaskan", "This reviewer is already assigned")));
                }
                rounds::assign(
                    conn,
                    &NewAssignment { document_id: id, reviewer_id: reviewer, assigned_by: user.user_id, assigned_at: at, active: true },
                )?;
                if doc.dispositioned_at.is_none() {
                    docs::set_dispositioned_at(conn, id, Some(at))?;
                }
                let msg = Msg::new(format!("Anda ditugaskan mereviu {label}"), format!("You were assigned to review {label}"));
                notify(conn, &[reviewer], Some(id), "disposisi", &msg)?;
            }
            Action::StartReview => {
                let vid = versions::latest_id(conn, id)?.ok_or(AppError::Internal)?;
                let number = rounds::count_of(conn, id)? + 1;
                rounds::open(
                    conn,
                    &NewRound { document_id: id, number, version_id: vid, reviewer_id: user.user_id, opened_at: at },
                )?;
                version_id = Some(vid);
            }
            Action::RequestChanges | Action::Approve => {
                rounds::close(conn, id, at, action)?;
                if action == Action::RequestChanges {
                    let msg = Msg::new(format!("{label} perlu diperbaiki"), format!("{label} needs changes"));
                    let recipients = owners(conn, &doc)?;
                    notify(conn, &recipients, Some(id), "perlu_perbaikan", &msg)?;
                } else {
                    let msg = Msg::new(format!("{label} disetujui"), format!("{label} was approved"));
                    let mut recipients = users_with_role(conn, Role::KabagOrganisasi, None)?;
                    recipients.extend(users_with_role(conn, Role::Pimpinan, None)?);
                    recipients.sort_unstable();
                    recipients.dedup();
                    notify(conn, &recipients, Some(id), "disetujui", &msg)?;
                }
            }
            Action::Reopen => {
                // A new version line — a revision with its reason and date; every earlier
                // (signed) version stays as it was.
                let today = date_of_timestamp(at);
                let revision = match revision {
                    Some(input) => input.check(doc.doc_type, today)?,
                    None => Perubahan { alasan: AlasanPerubahan::Lainnya, tanggal: today, official_id: None },
                };
                if let Some(successor) = revision.official_id {
                    super::pk::check_successor(conn, &doc, successor)?;
                    docs::set_official(conn, id, successor)?;
                    // The PK's action plan follows it to the new official (one plan per PK), and
                    // the PKs below it now agree with the new official: the chain holds.
                    if let (Some(before), Some(tahun)) = (doc.official_id, doc.tahun) {
                        if let Some(plan) = docs::of_official(conn, DocumentType::RencanaAksi, before, tahun)? {
                            docs::set_official(conn, plan, successor)?;
                        }
                        for lower in docs::pks_under(conn, before, tahun)? {
                            docs::set_pihak_kedua(conn, lower.id, successor)?;
                        }
                    }
                }
                perubahan::append(
                    conn,
                    &NewRevision {
                        document_id: id,
                        line: doc.line + 1,
                        alasan: revision.alasan.as_i64(),
                        tanggal: &revision.tanggal.iso(),
                        keterangan: note.trim(),
                        official_before: revision.official_id.and(doc.official_id),
                        official_after: revision.official_id,
                        created_by: user.user_id,
                        created_at: at,
                    },
                )?;
                docs::start_new_line(conn, id)?;
                rounds::end_assignments(conn, id)?;
                docs::set_dispositioned_at(conn, id, None)?;
                let recipients = owners(conn, &doc)?;
                let msg = Msg::new(format!("{label} dibuka kembali: {note}"), format!("{label} was reopened: {note}"));
                notify(conn, &recipients, Some(id), "dibuka_kembali", &msg)?;
            }
            Action::Withdraw | Action::ForwardForSignature => {}
        }
        // Conditional on the state decided from, so that even a writer outside the write lock
        // could not move the document twice.
        if docs::move_state(conn, id, doc.state, next, at)? == 0 {
            return Err(changed_meanwhile());
        }
        events::append(
            conn,
            &NewEvent {
                document_id: id,
                at,
                user_id: user.user_id,
                action: action.as_i64(),
                from_state: doc.state.as_i64(),
                to_state: next.as_i64(),
                note: note.trim(),
                version_id,
                assignee_id: assignee.filter(|_| action == Action::Assign),
            },
        )?;
        audit::append_for_document(conn, user.user_id, id, &action.label().id,
            json!({ "dari": doc.state.label().id, "ke": next.label().id, "catatan": note.trim(), "versi_id": version_id, "reviewer_id": assignee }),
        )?;
        Ok(next)
    })
}

fn refused_action(error: workflow::WorkflowError) -> AppError {
    use workflow::WorkflowError;
    match error {
        WorkflowError::NotAllowed => AppError::Forbidden,
        WorkflowError::NotInThisState => conflict(Refusal::WrongState, error.msg()),
        WorkflowError::OpenThreads(_) => conflict(Refusal::OpenThreads, error.msg()),
        WorkflowError::ReasonRequired => field_error("note", error.msg()),
        WorkflowError::OwnSubmission => conflict(Refusal::OwnWork, error.msg()),
    }
}

//! Storage of documents and their review. Every change runs in one write transaction with its
//! workflow event, its audit entry (hash-chained) and its notifications.

use super::audit;
use super::auth::SessionUser;
use super::db::{DbConn, DbError, now};
use super::schema::{
    assignments, comment_threads, comments, deadlines, document_files, document_versions, documents, fiscal_years,
    notifications, officials, perangkat_daerah, review_rounds, role_grants, suggestions, users, workflow_events,
};
use super::sql::id_in;
use crate::api::types::{
    CommentRow, CompletenessRow, DeadlineRow, DeadlineSettings, DocumentDetail, DocumentRow, EventRow, FileRow,
    InboxItem, NewDocument, OverdueRow, RoundRow, SuggestionRow, ThreadView, VersionRow,
};
use crate::domain::documents::DocumentType;
use crate::domain::format::{CivilDate, date_of_timestamp};
use crate::domain::master::full_name;
use crate::domain::model::{self, Anchor, Content, ContentDiff, SetFieldError};
use crate::domain::review::{self, SuggestionState, ThreadState};
use crate::domain::roles::{Grants, PdVisibility, Permission, Role};
use crate::domain::workflow::{self, Action, Context, State};
use crate::domain::{FieldErrors, Msg};
use crate::error::{AppError, Refusal};
use crate::with_conn;
use diesel::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

type DocTuple =
    (i64, i64, Option<i64>, Option<i64>, Option<i64>, Option<i64>, String, i64, String, i64, i64, i64, Option<i64>);

/// A document as stored.
#[derive(Clone, Debug)]
pub struct Doc {
    pub id: i64,
    pub doc_type: DocumentType,
    pub pd_id: Option<i64>,
    pub tahun: Option<i64>,
    pub period_id: Option<i64>,
    pub official_id: Option<i64>,
    pub judul: String,
    pub state: State,
    pub content: Content,
    pub revision: i64,
    pub line: i64,
    pub updated_at: i64,
    pub dispositioned_at: Option<i64>,
}

fn conflict(refusal: Refusal, msg: Msg) -> AppError {
    AppError::Conflict(refusal, msg)
}

fn field_error(field: &str, msg: Msg) -> AppError {
    let mut errors = FieldErrors::new();
    errors.add(field, msg);
    AppError::Validation(errors)
}

macro_rules! doc_columns {
    () => {
        (
            documents::id,
            documents::doc_type,
            documents::pd_id,
            documents::tahun,
            documents::period_id,
            documents::official_id,
            documents::judul,
            documents::state,
            documents::content,
            documents::revision,
            documents::line,
            documents::updated_at,
            documents::dispositioned_at,
        )
    };
}

fn to_doc(t: DocTuple) -> Result<Doc, AppError> {
    Ok(Doc {
        id: t.0,
        doc_type: DocumentType::from_esr_id(t.1).ok_or(AppError::Internal)?,
        pd_id: t.2,
        tahun: t.3,
        period_id: t.4,
        official_id: t.5,
        judul: t.6,
        state: State::from_i64(t.7).ok_or(AppError::Internal)?,
        content: serde_json::from_str(&t.8).map_err(|_| AppError::Internal)?,
        revision: t.9,
        line: t.10,
        updated_at: t.11,
        dispositioned_at: t.12,
    })
}

pub fn load(conn: &mut DbConn, id: i64) -> Result<Doc, AppError> {
    let t: DocTuple =
        with_conn!(conn, |c| documents::table.filter(documents::id.eq(id)).select(doc_columns!()).first(c))?;
    to_doc(t)
}

/// Several documents in one query, in the order of `ids`.
fn load_many(conn: &mut DbConn, ids: &[i64]) -> Result<Vec<Doc>, AppError> {
    let tuples: Vec<DocTuple> =
        with_conn!(conn, |c| documents::table.filter(id_in(documents::id, ids)).select(doc_columns!()).load(c))?;
    let mut found = tuples.into_iter().map(to_doc).collect::<Result<Vec<_>, _>>()?;
    let position: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    found.sort_by_key(|d| position.get(&d.id).copied().unwrap_or(usize::MAX));
    Ok(found)
}

/// Whether the user writes this document: the PD's planner or head, or Bagian Organisasi for a
/// document of the Pemda itself.
pub fn is_owner(grants: &Grants, pd_id: Option<i64>) -> bool {
    match pd_id {
        Some(pd) => grants.0.iter().any(|g| g.role.is_pd_scoped() && g.pd_id == Some(pd)),
        None => grants.has_role(Role::KabagOrganisasi),
    }
}

/// Whether the user may read this document at all.
pub fn can_read(grants: &Grants, pd_id: Option<i64>) -> bool {
    match pd_id {
        Some(pd) => grants.can_see_pd(pd),
        None => grants.allows(Permission::ViewAllPd),
    }
}

pub fn is_assigned(conn: &mut DbConn, document_id: i64, user_id: i64) -> Result<bool, DbError> {
    let n: i64 = with_conn!(conn, |c| assignments::table
        .filter(assignments::document_id.eq(document_id))
        .filter(assignments::reviewer_id.eq(user_id))
        .filter(assignments::active.eq(true))
        .count()
        .get_result(c))?;
    Ok(n > 0)
}

pub fn open_threads(conn: &mut DbConn, document_id: i64) -> Result<usize, DbError> {
    let n: i64 = with_conn!(conn, |c| comment_threads::table
        .filter(comment_threads::document_id.eq(document_id))
        .filter(comment_threads::state.ne(ThreadState::Resolved.as_i64()))
        .count()
        .get_result(c))?;
    Ok(n as usize)
}

fn context(conn: &mut DbConn, user: &SessionUser, doc: &Doc, note: &str) -> Result<Context, DbError> {
    Ok(Context {
        roles: user.grants.0.iter().map(|g| g.role).collect(),
        is_owner: is_owner(&user.grants, doc.pd_id),
        is_assigned_reviewer: is_assigned(conn, doc.id, user.user_id)?,
        open_threads: open_threads(conn, doc.id)?,
        note: note.to_owned(),
        submitted_it: submitter(conn, doc.id)? == Some(user.user_id),
    })
}

/// Who submitted the document last (the version now under way), if anyone has.
fn submitter(conn: &mut DbConn, document_id: i64) -> Result<Option<i64>, DbError> {
    Ok(with_conn!(conn, |c| workflow_events::table
        .filter(workflow_events::document_id.eq(document_id))
        .filter(workflow_events::action.eq(Action::Submit.as_i64()))
        .order(workflow_events::id.desc())
        .select(workflow_events::user_id)
        .first(c)
        .optional())?)
}

/// Whether a user takes part in writing the document: holds a role in its PD (or, for a document
/// of the Pemda, is the kabag who keeps it), or submitted it. Such a user does not review it.
fn is_party_to(conn: &mut DbConn, user_id: i64, doc: &Doc) -> Result<bool, DbError> {
    let grants = super::auth::load_grants(conn, user_id)?;
    Ok(is_owner(&grants, doc.pd_id) || submitter(conn, doc.id)? == Some(user_id))
}

// ---------------------------------------------------------------- Creating and editing

pub fn create(conn: &mut DbConn, user: &SessionUser, new: &NewDocument) -> Result<i64, AppError> {
    crate::domain::documents::validate_new(
        new.doc_type,
        new.pd_id,
        new.tahun,
        new.period_id,
        new.official_id,
        &new.judul,
    )?;
    let judul = new.judul.trim();
    if let (Some(official), Some(pd)) = (new.official_id, new.pd_id) {
        let official_pd: Option<Option<i64>> = with_conn!(conn, |c| officials::table
            .filter(officials::id.eq(official))
            .select(officials::pd_id)
            .first(c)
            .optional())?;
        if official_pd != Some(Some(pd)) {
            return Err(field_error(
                "official_id",
                Msg::new("pejabat bukan dari PD ini", "the official is not of this agency"),
            ));
        }
    }
    let content = Content::empty_for(new.doc_type);
    conn.write_tx(|conn| {
        let at = now();
        let id: i64 = with_conn!(conn, |c| diesel::insert_into(documents::table)
            .values((
                documents::doc_type.eq(new.doc_type.esr_id()),
                documents::pd_id.eq(new.pd_id),
                documents::tahun.eq(new.tahun.map(i64::from)),
                documents::period_id.eq(new.period_id),
                documents::official_id.eq(new.official_id),
                documents::judul.eq(judul),
                documents::state.eq(State::Draft.as_i64()),
                documents::content.eq(content.canonical_json()),
                documents::revision.eq(1_i64),
                documents::line.eq(1_i64),
                documents::created_by.eq(user.user_id),
                documents::created_at.eq(at),
                documents::updated_at.eq(at),
            ))
            .returning(documents::id)
            .get_result(c))?;
        audit::append(
            conn,
            Some(user.user_id),
            "dokumen",
            Some(id),
            "dibuat",
            json!({ "jenis": new.doc_type.esr_id(), "judul": judul, "pd_id": new.pd_id }),
        )?;
        Ok(id)
    })
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
        let doc = load(conn, id)?;
        if !is_owner(&user.grants, doc.pd_id) {
            return Err(AppError::Forbidden);
        }
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
        let next = stale_checked_update(conn, &doc, revision, judul.trim(), new_content)?;
        audit::append(conn, Some(user.user_id), "dokumen", Some(id), "draf disimpan", json!({ "revisi": next }))?;
        Ok(next)
    })
}

fn stale_checked_update(
    conn: &mut DbConn,
    doc: &Doc,
    revision: i64,
    judul: &str,
    new_content: &Content,
) -> Result<i64, AppError> {
    let judul = if judul.is_empty() { doc.judul.as_str() } else { judul };
    let updated = with_conn!(conn, |c| diesel::update(
        documents::table.filter(documents::id.eq(doc.id)).filter(documents::revision.eq(revision))
    )
    .set((
        documents::judul.eq(judul),
        documents::content.eq(new_content.canonical_json()),
        documents::revision.eq(revision + 1),
        documents::updated_at.eq(now()),
    ))
    .execute(c))?;
    if updated == 0 {
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
        let doc = load(conn, id)?;
        if !is_owner(&user.grants, doc.pd_id) {
            return Err(AppError::Forbidden);
        }
        if !doc.state.editable_by_owner() {
            return Err(conflict(
                Refusal::NotEditable,
                Msg::new("Dokumen tidak dapat diubah sekarang", "The document cannot be changed now"),
            ));
        }
        let file_id: i64 = with_conn!(conn, |c| diesel::insert_into(document_files::table)
            .values((
                document_files::document_id.eq(id),
                document_files::sha256.eq(sha256),
                document_files::file_name.eq(file_name),
                document_files::size_bytes.eq(size),
                document_files::mime.eq(mime),
                document_files::uploaded_by.eq(user.user_id),
                document_files::uploaded_at.eq(now()),
            ))
            .returning(document_files::id)
            .get_result(c))?;
        with_conn!(conn, |c| diesel::update(documents::table.filter(documents::id.eq(id)))
            .set((documents::revision.eq(documents::revision + 1), documents::updated_at.eq(now())))
            .execute(c))?;
        audit::append(
            conn,
            Some(user.user_id),
            "dokumen",
            Some(id),
            "berkas dilampirkan",
            json!({ "berkas": file_name, "sha256": sha256 }),
        )?;
        Ok(file_id)
    })
}

pub fn remove_file(conn: &mut DbConn, user: &SessionUser, file_id: i64) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let (doc_id, name): (i64, String) = with_conn!(conn, |c| document_files::table
            .filter(document_files::id.eq(file_id))
            .filter(document_files::removed_at.is_null())
            .select((document_files::document_id, document_files::file_name))
            .first(c))?;
        let doc = load(conn, doc_id)?;
        if !is_owner(&user.grants, doc.pd_id) {
            return Err(AppError::Forbidden);
        }
        if !doc.state.editable_by_owner() {
            return Err(conflict(
                Refusal::NotEditable,
                Msg::new("Dokumen tidak dapat diubah sekarang", "The document cannot be changed now"),
            ));
        }
        with_conn!(conn, |c| diesel::update(document_files::table.filter(document_files::id.eq(file_id)))
            .set(document_files::removed_at.eq(now()))
            .execute(c))?;
        with_conn!(conn, |c| diesel::update(documents::table.filter(documents::id.eq(doc_id)))
            .set((documents::revision.eq(documents::revision + 1), documents::updated_at.eq(now())))
            .execute(c))?;
        audit::append(conn, Some(user.user_id), "dokumen", Some(doc_id), "berkas dilepas", json!({ "berkas": name }))?;
        Ok(())
    })
}

/// `(name, sha256)` of the working copy's files, by name.
fn working_files(conn: &mut DbConn, doc_id: i64) -> Result<Vec<(String, String, i64, String)>, DbError> {
    Ok(with_conn!(conn, |c| document_files::table
        .filter(document_files::document_id.eq(doc_id))
        .filter(document_files::removed_at.is_null())
        .order((document_files::file_name, document_files::id))
        .select((document_files::file_name, document_files::sha256, document_files::size_bytes, document_files::mime))
        .load(c))?)
}

/// Whether this file belongs to a document the user may read; `(file_name, mime)` when it does.
pub fn file_for_download(
    conn: &mut DbConn,
    grants: &Grants,
    doc_id: i64,
    sha256: &str,
) -> Result<Option<(String, String)>, AppError> {
    let doc = load(conn, doc_id)?;
    if !can_read(grants, doc.pd_id) {
        return Err(AppError::Forbidden);
    }
    let found: Option<(String, String)> = with_conn!(conn, |c| document_files::table
        .filter(document_files::document_id.eq(doc_id))
        .filter(document_files::sha256.eq(sha256))
        .select((document_files::file_name, document_files::mime))
        .first(c)
        .optional())?;
    Ok(found)
}

// ---------------------------------------------------------------- The workflow

/// Freezes the working copy as the next version; refused when there is nothing to review.
fn freeze_version(conn: &mut DbConn, user_id: i64, doc: &Doc) -> Result<(i64, i64), AppError> {
    let files = working_files(conn, doc.id)?;
    doc.content.ready_to_submit(files.len()).map_err(|m| conflict(Refusal::EmptySubmission, m))?;
    let files_json = json!(
        files
            .iter()
            .map(|(n, s, size, m)| json!({ "name": n, "sha256": s, "size": size, "mime": m }))
            .collect::<Vec<_>>()
    )
    .to_string();
    let content = doc.content.canonical_json();
    let sha = hex::encode(Sha256::digest(format!("{content}\n{files_json}").as_bytes()));
    let number: i64 = with_conn!(conn, |c| document_versions::table
        .filter(document_versions::document_id.eq(doc.id))
        .select(diesel::dsl::max(document_versions::number))
        .first::<Option<i64>>(c))?
    .unwrap_or(0)
        + 1;
    let id: i64 = with_conn!(conn, |c| diesel::insert_into(document_versions::table)
        .values((
            document_versions::document_id.eq(doc.id),
            document_versions::number.eq(number),
            document_versions::line.eq(doc.line),
            document_versions::content.eq(&content),
            document_versions::files.eq(&files_json),
            document_versions::sha256.eq(&sha),
            document_versions::created_by.eq(user_id),
            document_versions::created_at.eq(now()),
        ))
        .returning(document_versions::id)
        .get_result(c))?;
    Ok((id, number))
}

fn latest_version(conn: &mut DbConn, doc_id: i64) -> Result<Option<(i64, i64)>, DbError> {
    Ok(with_conn!(conn, |c| document_versions::table
        .filter(document_versions::document_id.eq(doc_id))
        .order(document_versions::number.desc())
        .select((document_versions::id, document_versions::number))
        .first(c)
        .optional())?)
}

fn users_with_role(conn: &mut DbConn, role: Role, pd_id: Option<i64>) -> Result<Vec<i64>, DbError> {
    let mut ids: Vec<i64> = with_conn!(conn, |c| {
        let mut q = role_grants::table
            .inner_join(users::table)
            .filter(role_grants::role.eq(role.as_i64()))
            .filter(users::active.eq(true))
            .select(role_grants::user_id)
            .into_boxed();
        if let Some(pd) = pd_id {
            q = q.filter(role_grants::pd_id.eq(pd));
        }
        q.load(c)
    })?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Puts a message in each recipient's inbox (and the mail queue), about a document or, with
/// `None`, about the account itself.
pub fn notify(
    conn: &mut DbConn,
    recipients: &[i64],
    doc_id: Option<i64>,
    kind: &str,
    msg: &Msg,
) -> Result<(), DbError> {
    let at = now();
    for user in recipients {
        with_conn!(conn, |c| diesel::insert_into(notifications::table)
            .values((
                notifications::user_id.eq(user),
                notifications::document_id.eq(doc_id),
                notifications::kind.eq(kind),
                notifications::message_id.eq(&msg.id),
                notifications::message_en.eq(&msg.en),
                notifications::created_at.eq(at),
            ))
            .execute(c))?;
    }
    Ok(())
}

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

fn active_reviewers(conn: &mut DbConn, doc_id: i64) -> Result<Vec<i64>, DbError> {
    Ok(with_conn!(conn, |c| assignments::table
        .filter(assignments::document_id.eq(doc_id))
        .filter(assignments::active.eq(true))
        .select(assignments::reviewer_id)
        .load(c))?)
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
    conn.write_tx(|conn| {
        let doc = load(conn, id)?;
        if !can_read(&user.grants, doc.pd_id) {
            return Err(AppError::Forbidden);
        }
        let ctx = context(conn, user, &doc, note)?;
        let next = match workflow::decide(doc.state, action, &ctx) {
            Ok(next) => next,
            Err(e) => return Err(refused_action(e)),
        };
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
                    let reviewers = active_reviewers(conn, id)?;
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
                if is_assigned(conn, id, reviewer)? {
                    return Err(conflict(Refusal::AlreadyAssigned, Msg::new("Reviewer ini sudah ditugaskan", "This reviewer is already assigned")));
                }
                with_conn!(conn, |c| diesel::insert_into(assignments::table)
                    .values((
                        assignments::document_id.eq(id),
                        assignments::reviewer_id.eq(reviewer),
                        assignments::assigned_by.eq(user.user_id),
                        assignments::assigned_at.eq(at),
                        assignments::active.eq(true),
                    ))
                    .execute(c))?;
                if doc.dispositioned_at.is_none() {
                    with_conn!(conn, |c| diesel::update(documents::table.filter(documents::id.eq(id)))
                        .set(documents::dispositioned_at.eq(Some(at)))
                        .execute(c))?;
                }
                let msg = Msg::new(format!("Anda ditugaskan mereviu {label}"), format!("You were assigned to review {label}"));
                notify(conn, &[reviewer], Some(id), "disposisi", &msg)?;
            }
            Action::StartReview => {
                let (vid, _) = latest_version(conn, id)?.ok_or(AppError::Internal)?;
                let rounds: i64 = with_conn!(conn, |c| review_rounds::table
                    .filter(review_rounds::document_id.eq(id))
                    .count()
                    .get_result(c))?;
                with_conn!(conn, |c| diesel::insert_into(review_rounds::table)
                    .values((
                        review_rounds::document_id.eq(id),
                        review_rounds::number.eq(rounds + 1),
                        review_rounds::version_id.eq(vid),
                        review_rounds::reviewer_id.eq(user.user_id),
                        review_rounds::opened_at.eq(at),
                    ))
                    .execute(c))?;
                version_id = Some(vid);
            }
            Action::RequestChanges | Action::Approve => {
                with_conn!(conn, |c| diesel::update(
                    review_rounds::table.filter(review_rounds::document_id.eq(id)).filter(review_rounds::closed_at.is_null())
                )
                .set((review_rounds::closed_at.eq(Some(at)), review_rounds::outcome.eq(Some(action.as_i64()))))
                .execute(c))?;
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
                // A new version line; every earlier (signed) version stays as it was.
                with_conn!(conn, |c| diesel::update(documents::table.filter(documents::id.eq(id)))
                    .set(documents::line.eq(documents::line + 1))
                    .execute(c))?;
                with_conn!(conn, |c| diesel::update(assignments::table.filter(assignments::document_id.eq(id)))
                    .set(assignments::active.eq(false))
                    .execute(c))?;
                with_conn!(conn, |c| diesel::update(documents::table.filter(documents::id.eq(id)))
                    .set(documents::dispositioned_at.eq(None::<i64>))
                    .execute(c))?;
                let recipients = owners(conn, &doc)?;
                let msg = Msg::new(format!("{label} dibuka kembali: {note}"), format!("{label} was reopened: {note}"));
                notify(conn, &recipients, Some(id), "dibuka_kembali", &msg)?;
            }
            Action::Withdraw | Action::ForwardForSignature => {}
        }
        // Conditional on the state decided from, so that even a writer outside the write lock
        // could not move the document twice.
        let moved = with_conn!(conn, |c| diesel::update(
            documents::table.filter(documents::id.eq(id)).filter(documents::state.eq(doc.state.as_i64()))
        )
        .set((documents::state.eq(next.as_i64()), documents::updated_at.eq(at)))
        .execute(c))?;
        if moved == 0 {
            return Err(changed_meanwhile());
        }
        with_conn!(conn, |c| diesel::insert_into(workflow_events::table)
            .values((
                workflow_events::document_id.eq(id),
                workflow_events::at.eq(at),
                workflow_events::user_id.eq(user.user_id),
                workflow_events::action.eq(action.as_i64()),
                workflow_events::from_state.eq(doc.state.as_i64()),
                workflow_events::to_state.eq(next.as_i64()),
                workflow_events::note.eq(note.trim()),
                workflow_events::version_id.eq(version_id),
                workflow_events::assignee_id.eq(assignee.filter(|_| action == Action::Assign)),
            ))
            .execute(c))?;
        audit::append(
            conn,
            Some(user.user_id),
            "dokumen",
            Some(id),
            &action.label().id,
            json!({ "dari": doc.state.label().id, "ke": next.label().id, "catatan": note.trim(), "versi_id": version_id, "reviewer_id": assignee }),
        )?;
        Ok(next)
    })
}

/// The loser of two changes made at the same moment.
fn changed_meanwhile() -> AppError {
    conflict(
        Refusal::ChangedMeanwhile,
        Msg::new(
            "Data ini baru saja diubah orang lain; muat ulang halaman untuk melihat keadaannya sekarang",
            "Someone else changed this just now; reload the page to see where it stands",
        ),
    )
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

// ---------------------------------------------------------------- Threads and suggestions

fn open_round(conn: &mut DbConn, doc_id: i64) -> Result<Option<(i64, i64)>, DbError> {
    Ok(with_conn!(conn, |c| review_rounds::table
        .filter(review_rounds::document_id.eq(doc_id))
        .filter(review_rounds::closed_at.is_null())
        .select((review_rounds::id, review_rounds::version_id))
        .first(c)
        .optional())?)
}

fn version_content(conn: &mut DbConn, version_id: i64) -> Result<(Content, Vec<(String, String)>), AppError> {
    let (content, files): (String, String) = with_conn!(conn, |c| document_versions::table
        .filter(document_versions::id.eq(version_id))
        .select((document_versions::content, document_versions::files))
        .first(c))?;
    let content: Content = serde_json::from_str(&content).map_err(|_| AppError::Internal)?;
    let files: Vec<serde_json::Value> = serde_json::from_str(&files).map_err(|_| AppError::Internal)?;
    let files = files
        .iter()
        .map(|f| {
            (f["name"].as_str().unwrap_or_default().to_owned(), f["sha256"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    Ok((content, files))
}

/// A reviewer's comment on a place of the version under review, optionally with a new value for
/// that field.
pub fn add_thread(
    conn: &mut DbConn,
    user: &SessionUser,
    doc_id: i64,
    anchor: &Anchor,
    body: &str,
    proposed: Option<&str>,
) -> Result<i64, AppError> {
    let body = review::sanitize_comment(body).map_err(|m| field_error("body", m))?;
    conn.write_tx(|conn| {
        let doc = load(conn, doc_id)?;
        if !can_read(&user.grants, doc.pd_id) || !is_assigned(conn, doc_id, user.user_id)? {
            return Err(AppError::Forbidden);
        }
        let (round_id, version_id) = open_round(conn, doc_id)?.ok_or_else(|| {
            conflict(
                Refusal::NoOpenRound,
                Msg::new(
                    "Catatan hanya dapat ditulis dalam putaran reviu yang terbuka",
                    "Comments can be written only during an open review round",
                ),
            )
        })?;
        let (content, files) = version_content(conn, version_id)?;
        let shas: Vec<String> = files.into_iter().map(|f| f.1).collect();
        if !anchor.exists_in(&content, &shas) {
            return Err(field_error(
                "anchor",
                Msg::new(
                    "tempat ini tidak ada dalam versi yang direviu",
                    "this place is not in the version under review",
                ),
            ));
        }
        if proposed.is_some() {
            model::suggestible(&content, anchor).map_err(|m| field_error("proposed", m))?;
        }
        let at = now();
        let thread_id: i64 = with_conn!(conn, |c| diesel::insert_into(comment_threads::table)
            .values((
                comment_threads::document_id.eq(doc_id),
                comment_threads::round_id.eq(round_id),
                comment_threads::version_id.eq(version_id),
                comment_threads::anchor.eq(anchor.encode()),
                comment_threads::state.eq(ThreadState::Open.as_i64()),
                comment_threads::created_by.eq(user.user_id),
                comment_threads::created_at.eq(at),
            ))
            .returning(comment_threads::id)
            .get_result(c))?;
        insert_comment(conn, thread_id, user.user_id, &body)?;
        if let Some(value) = proposed {
            with_conn!(conn, |c| diesel::insert_into(suggestions::table)
                .values((
                    suggestions::thread_id.eq(thread_id),
                    suggestions::anchor.eq(anchor.encode()),
                    suggestions::proposed.eq(value.trim()),
                    suggestions::state.eq(SuggestionState::Pending.as_i64()),
                    suggestions::reason.eq(""),
                ))
                .execute(c))?;
        }
        audit::append(
            conn,
            Some(user.user_id),
            "dokumen",
            Some(doc_id),
            "catatan ditulis",
            json!({ "thread_id": thread_id, "tempat": anchor.encode(), "usulan": proposed }),
        )?;
        Ok(thread_id)
    })
}

fn insert_comment(conn: &mut DbConn, thread_id: i64, author: i64, body: &str) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::insert_into(comments::table)
        .values((
            comments::thread_id.eq(thread_id),
            comments::author_id.eq(author),
            comments::body.eq(body),
            comments::created_at.eq(now()),
        ))
        .execute(c))?;
    Ok(())
}

fn thread_doc(conn: &mut DbConn, thread_id: i64) -> Result<(i64, i64, ThreadState), AppError> {
    let (doc_id, version_id, state): (i64, i64, i64) = with_conn!(conn, |c| comment_threads::table
        .filter(comment_threads::id.eq(thread_id))
        .select((comment_threads::document_id, comment_threads::version_id, comment_threads::state))
        .first(c))?;
    Ok((doc_id, version_id, ThreadState::from_i64(state).ok_or(AppError::Internal)?))
}

pub fn reply(conn: &mut DbConn, user: &SessionUser, thread_id: i64, body: &str) -> Result<(), AppError> {
    let body = review::sanitize_comment(body).map_err(|m| field_error("body", m))?;
    conn.write_tx(|conn| {
        let (doc_id, _, _) = thread_doc(conn, thread_id)?;
        let doc = load(conn, doc_id)?;
        let allowed = is_owner(&user.grants, doc.pd_id) || is_assigned(conn, doc_id, user.user_id)?;
        if !allowed || !can_read(&user.grants, doc.pd_id) {
            return Err(AppError::Forbidden);
        }
        insert_comment(conn, thread_id, user.user_id, &body)?;
        audit::append(
            conn,
            Some(user.user_id),
            "dokumen",
            Some(doc_id),
            "catatan dibalas",
            json!({ "thread_id": thread_id }),
        )?;
        Ok(())
    })
}

/// The PD says a thread is fixed, pointing at the version (by number) that fixes it.
pub fn mark_fixed(conn: &mut DbConn, user: &SessionUser, thread_id: i64, version_number: i64) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let (doc_id, thread_version, state) = thread_doc(conn, thread_id)?;
        let doc = load(conn, doc_id)?;
        if !is_owner(&user.grants, doc.pd_id) {
            return Err(AppError::Forbidden);
        }
        if state == ThreadState::Resolved {
            return Err(thread_resolved());
        }
        let thread_number: i64 = with_conn!(conn, |c| document_versions::table
            .filter(document_versions::id.eq(thread_version))
            .select(document_versions::number)
            .first(c))?;
        let fixing: Option<i64> = with_conn!(conn, |c| document_versions::table
            .filter(document_versions::document_id.eq(doc_id))
            .filter(document_versions::number.eq(version_number))
            .select(document_versions::id)
            .first(c)
            .optional())?;
        let Some(fixing) = fixing.filter(|_| version_number > thread_number) else {
            return Err(field_error(
                "version",
                Msg::new(
                    "tunjuk versi yang lebih baru dari versi yang dicatat",
                    "point at a version newer than the one commented on",
                ),
            ));
        };
        with_conn!(conn, |c| diesel::update(comment_threads::table.filter(comment_threads::id.eq(thread_id)))
            .set((
                comment_threads::state.eq(ThreadState::Fixed.as_i64()),
                comment_threads::fixed_in_version_id.eq(Some(fixing))
            ))
            .execute(c))?;
        audit::append(
            conn,
            Some(user.user_id),
            "dokumen",
            Some(doc_id),
            "catatan diperbaiki",
            json!({ "thread_id": thread_id, "versi": version_number }),
        )?;
        Ok(())
    })
}

/// The reviewer who opened a thread resolves it, or the kabag (who leads the review); once
/// resolved, it stays resolved.
pub fn resolve(conn: &mut DbConn, user: &SessionUser, thread_id: i64) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let (doc_id, _, state) = thread_doc(conn, thread_id)?;
        let opened_by: i64 = with_conn!(conn, |c| comment_threads::table
            .filter(comment_threads::id.eq(thread_id))
            .select(comment_threads::created_by)
            .first(c))?;
        let doc = load(conn, doc_id)?;
        if !can_read(&user.grants, doc.pd_id) || !may_resolve(user, opened_by) {
            return Err(AppError::Forbidden);
        }
        if state == ThreadState::Resolved {
            return Err(thread_resolved());
        }
        let resolved = with_conn!(conn, |c| diesel::update(
            comment_threads::table
                .filter(comment_threads::id.eq(thread_id))
                .filter(comment_threads::state.ne(ThreadState::Resolved.as_i64()))
        )
        .set((
            comment_threads::state.eq(ThreadState::Resolved.as_i64()),
            comment_threads::resolved_by.eq(Some(user.user_id)),
            comment_threads::resolved_at.eq(Some(now())),
        ))
        .execute(c))?;
        if resolved == 0 {
            return Err(thread_resolved());
        }
        audit::append(
            conn,
            Some(user.user_id),
            "dokumen",
            Some(doc_id),
            "catatan diselesaikan",
            json!({ "thread_id": thread_id }),
        )?;
        Ok(())
    })
}

/// Separation of duties: a thread is closed by the reviewer who opened it, or by the kabag who
/// leads the review — never by the PD it was written to.
fn may_resolve(user: &SessionUser, opened_by: i64) -> bool {
    (opened_by == user.user_id && user.grants.has_role(Role::Reviewer)) || user.grants.has_role(Role::KabagOrganisasi)
}

fn thread_resolved() -> AppError {
    conflict(Refusal::ThreadResolved, Msg::new("Catatan ini sudah selesai", "This comment is already resolved"))
}

/// The PD accepts a suggested value (applied to the working copy) or rejects it with a reason.
pub fn decide_suggestion(
    conn: &mut DbConn,
    user: &SessionUser,
    suggestion_id: i64,
    accept: bool,
    reason: &str,
) -> Result<(), AppError> {
    if !accept && reason.trim().is_empty() {
        return Err(field_error(
            "reason",
            Msg::new("alasan penolakan wajib diisi", "a reason for rejecting is required"),
        ));
    }
    conn.write_tx(|conn| {
        let (thread_id, anchor, proposed, state): (i64, String, String, i64) =
            with_conn!(conn, |c| suggestions::table
                .filter(suggestions::id.eq(suggestion_id))
                .select((suggestions::thread_id, suggestions::anchor, suggestions::proposed, suggestions::state))
                .first(c))?;
        let (doc_id, _, _) = thread_doc(conn, thread_id)?;
        let doc = load(conn, doc_id)?;
        if !is_owner(&user.grants, doc.pd_id) {
            return Err(AppError::Forbidden);
        }
        if state != SuggestionState::Pending.as_i64() {
            return Err(conflict(
                Refusal::SuggestionDecided,
                Msg::new("Usulan ini sudah diputuskan", "This suggestion was already decided"),
            ));
        }
        if accept {
            if !doc.state.editable_by_owner() {
                return Err(conflict(
                    Refusal::NotEditable,
                    Msg::new(
                        "Usulan diterapkan ke draf; tunggu sampai dokumen dikembalikan untuk perbaikan",
                        "Suggestions apply to the draft; wait until the document is returned for changes",
                    ),
                ));
            }
            let anchor = Anchor::decode(&anchor).ok_or(AppError::Internal)?;
            let mut content = doc.content.clone();
            match model::apply_suggestion(&mut content, &anchor, &proposed) {
                Ok(()) => {}
                Err(SetFieldError::Invalid(msg)) => return Err(field_error("proposed", msg)),
                Err(SetFieldError::NodeGone | SetFieldError::NotEditable) => {
                    return Err(conflict(
                        Refusal::RowGone,
                        Msg::new(
                            "Baris yang diusulkan sudah tidak ada di draf",
                            "The row the suggestion is for is no longer in the draft",
                        ),
                    ));
                }
            }
            stale_checked_update(conn, &doc, doc.revision, &doc.judul, &content)?;
        }
        let new_state = if accept { SuggestionState::Accepted } else { SuggestionState::Rejected };
        let decided = with_conn!(conn, |c| diesel::update(
            suggestions::table
                .filter(suggestions::id.eq(suggestion_id))
                .filter(suggestions::state.eq(SuggestionState::Pending.as_i64()))
        )
        .set((
            suggestions::state.eq(new_state.as_i64()),
            suggestions::reason.eq(reason.trim()),
            suggestions::decided_by.eq(Some(user.user_id)),
            suggestions::decided_at.eq(Some(now())),
        ))
        .execute(c))?;
        if decided == 0 {
            return Err(changed_meanwhile());
        }
        let action = if accept { "usulan diterima" } else { "usulan ditolak" };
        audit::append(
            conn,
            Some(user.user_id),
            "dokumen",
            Some(doc_id),
            action,
            json!({ "usulan_id": suggestion_id, "tempat": anchor, "nilai": proposed, "alasan": reason.trim() }),
        )?;
        Ok(())
    })
}

// ---------------------------------------------------------------- Deadlines

pub fn set_deadline(
    conn: &mut DbConn,
    actor: i64,
    tahun: i32,
    doc_type: DocumentType,
    due: CivilDate,
) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        with_conn!(conn, |c| diesel::delete(
            deadlines::table
                .filter(deadlines::tahun.eq(i64::from(tahun)))
                .filter(deadlines::doc_type.eq(doc_type.esr_id()))
        )
        .execute(c))?;
        with_conn!(conn, |c| diesel::insert_into(deadlines::table)
            .values((
                deadlines::tahun.eq(i64::from(tahun)),
                deadlines::doc_type.eq(doc_type.esr_id()),
                deadlines::due_date.eq(due.iso()),
                deadlines::set_by.eq(actor),
                deadlines::set_at.eq(now()),
            ))
            .execute(c))?;
        audit::append(
            conn,
            Some(actor),
            "tenggat",
            None,
            "ditetapkan",
            json!({ "tahun": tahun, "jenis": doc_type.esr_id(), "tanggal": due.iso() }),
        )?;
        Ok(())
    })
}

pub fn set_dpa_date(conn: &mut DbConn, actor: i64, tahun: i32, date: CivilDate) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let changed =
            with_conn!(conn, |c| diesel::update(fiscal_years::table.filter(fiscal_years::tahun.eq(i64::from(tahun))))
                .set(fiscal_years::tanggal_dpa.eq(Some(date.iso())))
                .execute(c))?;
        if changed == 0 {
            return Err(field_error(
                "tahun",
                Msg::new("tahun ini tidak ada dalam periode mana pun", "this year is in no period"),
            ));
        }
        audit::append(
            conn,
            Some(actor),
            "tahun_anggaran",
            None,
            "tanggal DPA ditetapkan",
            json!({ "tahun": tahun, "tanggal": date.iso() }),
        )?;
        Ok(())
    })
}

/// The deadline settings of one fiscal year: the DPA date and, per document type, the date the
/// admin set (or `None`) beside the regulation's defaults for a PD and for the Pemda.
pub fn deadline_settings(conn: &mut DbConn, tahun: i32) -> Result<DeadlineSettings, DbError> {
    let dpa: Option<Option<String>> = with_conn!(conn, |c| fiscal_years::table
        .filter(fiscal_years::tahun.eq(i64::from(tahun)))
        .select(fiscal_years::tanggal_dpa)
        .first(c)
        .optional())?;
    let year_known = dpa.is_some();
    let dpa = dpa.flatten().as_deref().and_then(CivilDate::parse_iso);
    let set: Vec<(i64, String)> = with_conn!(conn, |c| deadlines::table
        .filter(deadlines::tahun.eq(i64::from(tahun)))
        .select((deadlines::doc_type, deadlines::due_date))
        .load(c))?;
    let rows = DocumentType::VARIANTS
        .iter()
        .filter(|t| !t.is_five_year())
        .map(|t| DeadlineRow {
            doc_type: *t,
            set: set.iter().find(|(d, _)| *d == t.esr_id()).and_then(|(_, date)| CivilDate::parse_iso(date)),
            default_pd: review::default_due_date(*t, tahun, false, dpa),
            default_pemda: review::default_due_date(*t, tahun, true, dpa),
        })
        .collect();
    Ok(DeadlineSettings { tahun, year_known, tanggal_dpa: dpa, rows })
}

/// The deadlines and DPA dates of some fiscal years, read once for a whole list.
struct DueDates {
    explicit: HashMap<(i64, i64), CivilDate>,
    dpa: HashMap<i64, CivilDate>,
}

impl DueDates {
    fn load(conn: &mut DbConn, mut years: Vec<i64>) -> Result<DueDates, DbError> {
        years.sort_unstable();
        years.dedup();
        let explicit: Vec<(i64, i64, String)> = with_conn!(conn, |c| deadlines::table
            .filter(id_in(deadlines::tahun, &years))
            .select((deadlines::tahun, deadlines::doc_type, deadlines::due_date))
            .load(c))?;
        let dpa: Vec<(i64, Option<String>)> = with_conn!(conn, |c| fiscal_years::table
            .filter(id_in(fiscal_years::tahun, &years))
            .select((fiscal_years::tahun, fiscal_years::tanggal_dpa))
            .load(c))?;
        Ok(DueDates {
            explicit: explicit
                .into_iter()
                .filter_map(|(t, ty, d)| CivilDate::parse_iso(&d).map(|d| ((t, ty), d)))
                .collect(),
            dpa: dpa
                .into_iter()
                .filter_map(|(t, d)| d.as_deref().and_then(CivilDate::parse_iso).map(|d| (t, d)))
                .collect(),
        })
    }

    fn of(&self, doc: &Doc) -> Option<CivilDate> {
        let tahun = doc.tahun?;
        if let Some(date) = self.explicit.get(&(tahun, doc.doc_type.esr_id())) {
            return Some(*date);
        }
        review::default_due_date(doc.doc_type, tahun as i32, doc.pd_id.is_none(), self.dpa.get(&tahun).copied())
    }
}

// ---------------------------------------------------------------- Reading

fn user_names(conn: &mut DbConn, ids: &[i64]) -> Result<Vec<(i64, String)>, DbError> {
    Ok(with_conn!(conn, |c| users::table.filter(id_in(users::id, ids)).select((users::id, users::nama)).load(c))?)
}

fn name_of(names: &[(i64, String)], id: i64) -> String {
    names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()).unwrap_or_else(|| format!("#{id}"))
}

fn to_row(conn: &mut DbConn, doc: &Doc) -> Result<DocumentRow, AppError> {
    to_rows(conn, std::slice::from_ref(doc))?.pop().ok_or(AppError::Internal)
}

/// The list rows of several documents, with a fixed number of queries however many there are.
fn to_rows(conn: &mut DbConn, docs: &[Doc]) -> Result<Vec<DocumentRow>, AppError> {
    let ids: Vec<i64> = docs.iter().map(|d| d.id).collect();
    let mut pd_ids: Vec<i64> = docs.iter().filter_map(|d| d.pd_id).collect();
    pd_ids.sort_unstable();
    pd_ids.dedup();
    let pds: HashMap<i64, String> = with_conn!(conn, |c| perangkat_daerah::table
        .filter(id_in(perangkat_daerah::id, &pd_ids))
        .select((perangkat_daerah::id, perangkat_daerah::singkatan))
        .load::<(i64, String)>(c))?
    .into_iter()
    .collect();
    let mut official_ids: Vec<i64> = docs.iter().filter_map(|d| d.official_id).collect();
    official_ids.sort_unstable();
    official_ids.dedup();
    let officials: HashMap<i64, String> = with_conn!(conn, |c| officials::table
        .filter(id_in(officials::id, &official_ids))
        .select((officials::id, officials::gelar_depan, officials::nama, officials::gelar_belakang))
        .load::<(i64, String, String, String)>(c))?
    .into_iter()
    .map(|(id, a, b, c)| (id, full_name(&a, &b, &c)))
    .collect();
    let assigned: Vec<(i64, i64)> = with_conn!(conn, |c| assignments::table
        .filter(id_in(assignments::document_id, &ids))
        .filter(assignments::active.eq(true))
        .order(assignments::id)
        .select((assignments::document_id, assignments::reviewer_id))
        .load(c))?;
    let mut reviewers_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for (doc, reviewer) in &assigned {
        reviewers_of.entry(*doc).or_default().push(*reviewer);
    }
    let mut reviewer_ids: Vec<i64> = assigned.iter().map(|a| a.1).collect();
    reviewer_ids.sort_unstable();
    reviewer_ids.dedup();
    let names = user_names(conn, &reviewer_ids)?;
    let due_dates = DueDates::load(conn, docs.iter().filter_map(|d| d.tahun).collect())?;
    let today = date_of_timestamp(now());
    Ok(docs
        .iter()
        .map(|doc| {
            let in_service = matches!(doc.state, State::Submitted | State::InReview | State::ChangesRequested);
            let due = due_dates.of(doc);
            // The due date matters until the document is approved.
            let due_open =
                !matches!(doc.state, State::Approved | State::AwaitingSignature | State::Signed | State::Distributed);
            let service_due = doc
                .dispositioned_at
                .filter(|_| in_service)
                .map(|at| review::add_months(date_of_timestamp(at), review::SERVICE_MONTHS));
            DocumentRow {
                id: doc.id,
                doc_type: doc.doc_type,
                pd_id: doc.pd_id,
                pd_singkatan: doc.pd_id.and_then(|pd| pds.get(&pd).cloned()),
                tahun: doc.tahun.map(|t| t as i32),
                official: doc.official_id.and_then(|o| officials.get(&o).cloned()),
                judul: doc.judul.clone(),
                state: doc.state,
                revision: doc.revision,
                updated_at: doc.updated_at,
                due,
                due_days_left: due.filter(|_| due_open).map(|d| review::days_left(today, d)),
                service_due,
                service_days_left: service_due.map(|d| review::days_left(today, d)),
                reviewers: reviewers_of
                    .get(&doc.id)
                    .map(|ids| ids.iter().map(|id| name_of(&names, *id)).collect())
                    .unwrap_or_default(),
            }
        })
        .collect())
}

/// Documents the user may see, newest first; optionally of one year or PD.
pub fn list(
    conn: &mut DbConn,
    grants: &Grants,
    tahun: Option<i32>,
    pd_filter: Option<i64>,
) -> Result<Vec<DocumentRow>, AppError> {
    let ids: Vec<i64> = with_conn!(conn, |c| {
        let mut q = documents::table.select(documents::id).order(documents::updated_at.desc()).into_boxed();
        if let Some(t) = tahun {
            q = q.filter(documents::tahun.eq(i64::from(t)).or(documents::tahun.is_null()));
        }
        if let Some(pd) = pd_filter {
            q = q.filter(documents::pd_id.eq(pd));
        }
        match grants.pd_visibility() {
            PdVisibility::All => {}
            PdVisibility::Only(pds) => q = q.filter(id_in(documents::pd_id.assume_not_null(), &pds)),
        }
        q.load(c)
    })?;
    let docs = load_many(conn, &ids)?;
    to_rows(conn, &docs)
}

/// The user's overdue list, longest late first. Those who see every PD get every late
/// document; a reviewer (and nobody else) gets the documents assigned to them; a PD's users get
/// their PD's.
pub fn overdue(conn: &mut DbConn, user: &SessionUser) -> Result<Vec<OverdueRow>, AppError> {
    let only_reviewer = user.grants.0.iter().all(|g| g.role == Role::Reviewer);
    let rows = if only_reviewer && !user.grants.0.is_empty() {
        assigned_rows(conn, user.user_id, &State::VARIANTS)?
    } else {
        list(conn, &user.grants, None, None)?
    };
    let mut late: Vec<OverdueRow> = rows
        .into_iter()
        .filter_map(|row| {
            let lateness = review::lateness(row.due_days_left, row.service_days_left)?;
            let waiting_on = row.state.waiting_on(!row.reviewers.is_empty(), row.pd_id.is_none());
            Some(OverdueRow { row, lateness, waiting_on })
        })
        .collect();
    late.sort_by_key(|o| (std::cmp::Reverse(o.lateness.days()), o.row.id));
    Ok(late)
}

/// A reviewer's queue: documents assigned to them that wait for or are in review.
pub fn review_queue(conn: &mut DbConn, reviewer: i64) -> Result<Vec<DocumentRow>, AppError> {
    assigned_rows(conn, reviewer, &[State::Submitted, State::InReview])
}

/// The rows of the documents actively assigned to a reviewer in one of `states`, oldest change
/// first.
fn assigned_rows(conn: &mut DbConn, reviewer: i64, states: &[State]) -> Result<Vec<DocumentRow>, AppError> {
    let states: Vec<i64> = states.iter().map(|s| s.as_i64()).collect();
    let ids: Vec<i64> = with_conn!(conn, |c| assignments::table
        .inner_join(documents::table)
        .filter(assignments::reviewer_id.eq(reviewer))
        .filter(assignments::active.eq(true))
        .filter(id_in(documents::state, &states))
        .order(documents::updated_at)
        .select(documents::id)
        .load(c))?;
    let docs = load_many(conn, &ids)?;
    to_rows(conn, &docs)
}

/// PD × document type for one fiscal year (five-year types count when their period covers it).
pub fn completeness(conn: &mut DbConn, tahun: i32, types: &[DocumentType]) -> Result<Vec<CompletenessRow>, AppError> {
    let pds: Vec<(i64, String, String)> = with_conn!(conn, |c| perangkat_daerah::table
        .filter(perangkat_daerah::active.eq(true))
        .order(perangkat_daerah::kode)
        .select((perangkat_daerah::id, perangkat_daerah::singkatan, perangkat_daerah::nama))
        .load(c))?;
    let docs: Vec<(Option<i64>, i64, i64, i64)> = with_conn!(conn, |c| documents::table
        .filter(documents::tahun.eq(i64::from(tahun)).or(documents::tahun.is_null()))
        .select((documents::pd_id, documents::doc_type, documents::state, documents::updated_at))
        .order(documents::updated_at)
        .load(c))?;
    Ok(pds
        .into_iter()
        .map(|(pd_id, singkatan, nama)| CompletenessRow {
            cells: types
                .iter()
                .map(|t| {
                    // The least advanced document of the type decides the cell.
                    let state = docs
                        .iter()
                        .filter(|d| d.0 == Some(pd_id) && d.1 == t.esr_id())
                        .filter_map(|d| State::from_i64(d.2))
                        .min();
                    (*t, state)
                })
                .collect(),
            pd_id,
            singkatan,
            nama,
        })
        .collect())
}

type ThreadTuple = (i64, i64, i64, String, i64, Option<i64>, i64);
/// `(at, user, action, from, to, note, version id, assignee)`
type EventTuple = (i64, i64, i64, i64, i64, String, Option<i64>, Option<i64>);
/// `(id, number, version id, reviewer, opened, closed, outcome)`
type RoundTuple = (i64, i64, i64, i64, i64, Option<i64>, Option<i64>);
/// `(id, document, kind, message id, message en, created, read)`
type InboxTuple = (i64, Option<i64>, String, String, String, i64, Option<i64>);

pub fn detail(conn: &mut DbConn, user: &SessionUser, id: i64) -> Result<DocumentDetail, AppError> {
    let doc = load(conn, id)?;
    if !can_read(&user.grants, doc.pd_id) {
        return Err(AppError::Forbidden);
    }
    let row = to_row(conn, &doc)?;
    let files: Vec<(i64, String, String, i64, String, i64)> = with_conn!(conn, |c| document_files::table
        .filter(document_files::document_id.eq(id))
        .filter(document_files::removed_at.is_null())
        .order(document_files::file_name)
        .select((
            document_files::id,
            document_files::sha256,
            document_files::file_name,
            document_files::size_bytes,
            document_files::mime,
            document_files::uploaded_at,
        ))
        .load(c))?;
    let versions: Vec<(i64, i64, i64, String, i64, i64)> = with_conn!(conn, |c| document_versions::table
        .filter(document_versions::document_id.eq(id))
        .order(document_versions::number)
        .select((
            document_versions::id,
            document_versions::number,
            document_versions::line,
            document_versions::sha256,
            document_versions::created_by,
            document_versions::created_at,
        ))
        .load(c))?;
    let events: Vec<EventTuple> = with_conn!(conn, |c| workflow_events::table
        .filter(workflow_events::document_id.eq(id))
        .order(workflow_events::id)
        .select((
            workflow_events::at,
            workflow_events::user_id,
            workflow_events::action,
            workflow_events::from_state,
            workflow_events::to_state,
            workflow_events::note,
            workflow_events::version_id,
            workflow_events::assignee_id,
        ))
        .load(c))?;
    let rounds: Vec<RoundTuple> = with_conn!(conn, |c| review_rounds::table
        .filter(review_rounds::document_id.eq(id))
        .order(review_rounds::number)
        .select((
            review_rounds::id,
            review_rounds::number,
            review_rounds::version_id,
            review_rounds::reviewer_id,
            review_rounds::opened_at,
            review_rounds::closed_at,
            review_rounds::outcome,
        ))
        .load(c))?;
    let threads: Vec<ThreadTuple> = with_conn!(conn, |c| comment_threads::table
        .filter(comment_threads::document_id.eq(id))
        .order(comment_threads::id)
        .select((
            comment_threads::id,
            comment_threads::round_id,
            comment_threads::version_id,
            comment_threads::anchor,
            comment_threads::state,
            comment_threads::fixed_in_version_id,
            comment_threads::created_by,
        ))
        .load(c))?;
    let thread_ids: Vec<i64> = threads.iter().map(|t| t.0).collect();
    let all_comments: Vec<(i64, i64, String, i64)> = with_conn!(conn, |c| comments::table
        .filter(id_in(comments::thread_id, &thread_ids))
        .order(comments::id)
        .select((comments::thread_id, comments::author_id, comments::body, comments::created_at))
        .load(c))?;
    let all_suggestions: Vec<(i64, i64, String, String, i64, String)> = with_conn!(conn, |c| suggestions::table
        .filter(id_in(suggestions::thread_id, &thread_ids))
        .select((
            suggestions::id,
            suggestions::thread_id,
            suggestions::anchor,
            suggestions::proposed,
            suggestions::state,
            suggestions::reason
        ))
        .load(c))?;

    let mut people: Vec<i64> = versions.iter().map(|v| v.4).chain(events.iter().map(|e| e.1)).collect();
    people.extend(events.iter().filter_map(|e| e.7));
    people.extend(rounds.iter().map(|r| r.3));
    people.extend(all_comments.iter().map(|c| c.1));
    people.sort_unstable();
    people.dedup();
    let names = user_names(conn, &people)?;
    let number_of = |vid: i64| versions.iter().find(|v| v.0 == vid).map(|v| v.1).unwrap_or(0);

    // The diff a reviewer needs: from the version of the last closed round to the newest version.
    let last_reviewed = rounds.iter().rev().find(|r| r.5.is_some()).map(|r| r.2);
    let newest = versions.last().map(|v| v.0);
    let diff: Option<(i64, i64, ContentDiff)> = match (last_reviewed, newest) {
        (Some(old), Some(new)) if old != new => {
            let (a, af) = version_content(conn, old)?;
            let (b, bf) = version_content(conn, new)?;
            Some((number_of(old), number_of(new), model::diff(&a, &af, &b, &bf)))
        }
        _ => None,
    };
    // One diff per distinct version that threads were written on, against the newest version.
    let mut diffs_to_newest: Vec<(i64, ContentDiff)> = Vec::new();
    if let Some(new) = newest {
        let newest_content = version_content(conn, new)?;
        for version_id in threads.iter().map(|t| t.2) {
            if version_id != new && !diffs_to_newest.iter().any(|(v, _)| *v == version_id) {
                let (a, af) = version_content(conn, version_id)?;
                diffs_to_newest.push((version_id, model::diff(&a, &af, &newest_content.0, &newest_content.1)));
            }
        }
    }
    let mut thread_views = Vec::new();
    for (tid, round_id, version_id, anchor, state, fixed_in, opened_by) in threads {
        let state = ThreadState::from_i64(state).unwrap_or(ThreadState::Open);
        let anchor = Anchor::decode(&anchor).ok_or(AppError::Internal)?;
        let anchor_changed =
            diffs_to_newest.iter().find(|(v, _)| *v == version_id).is_some_and(|(_, diff)| diff.touches(&anchor));
        thread_views.push(ThreadView {
            id: tid,
            round: rounds.iter().find(|r| r.0 == round_id).map(|r| r.1).unwrap_or(0),
            anchor: anchor.clone(),
            state,
            can_resolve: state != ThreadState::Resolved && may_resolve(user, opened_by),
            version: number_of(version_id),
            fixed_in_version: fixed_in.map(number_of),
            anchor_changed,
            comments: all_comments
                .iter()
                .filter(|c| c.0 == tid)
                .map(|c| CommentRow { author: name_of(&names, c.1), body: c.2.clone(), created_at: c.3 })
                .collect(),
            suggestion: all_suggestions.iter().find(|s| s.1 == tid).map(|s| SuggestionRow {
                id: s.0,
                anchor: Anchor::decode(&s.2).unwrap_or_else(|| anchor.clone()),
                proposed: s.3.clone(),
                state: SuggestionState::from_i64(s.4).unwrap_or(SuggestionState::Pending),
                reason: s.5.clone(),
            }),
        });
    }
    let ctx = context(conn, user, &doc, "")?;
    let owner = ctx.is_owner;
    let assigned = ctx.is_assigned_reviewer;
    let in_round = open_round(conn, id)?.is_some();
    Ok(DocumentDetail {
        row,
        content: doc.content.clone(),
        files: files
            .into_iter()
            .map(|(id, sha256, file_name, size_bytes, mime, uploaded_at)| FileRow {
                id,
                sha256,
                file_name,
                size_bytes,
                mime,
                uploaded_at,
            })
            .collect(),
        versions: versions
            .iter()
            .map(|v| VersionRow {
                id: v.0,
                number: v.1,
                line: v.2,
                sha256: v.3.clone(),
                created_by: name_of(&names, v.4),
                created_at: v.5,
            })
            .collect(),
        events: events
            .iter()
            .filter_map(|e| {
                Some(EventRow {
                    at: e.0,
                    user: name_of(&names, e.1),
                    action: Action::from_i64(e.2)?,
                    from: State::from_i64(e.3)?,
                    to: State::from_i64(e.4)?,
                    note: e.5.clone(),
                    version: e.6.map(number_of),
                    assignee: e.7.map(|a| name_of(&names, a)),
                })
            })
            .collect(),
        rounds: rounds
            .iter()
            .map(|r| RoundRow {
                id: r.0,
                number: r.1,
                version: number_of(r.2),
                reviewer: name_of(&names, r.3),
                opened_at: r.4,
                closed_at: r.5,
                outcome: r.6.and_then(Action::from_i64),
            })
            .collect(),
        threads: thread_views,
        diff,
        allowed_actions: workflow::allowed_actions(doc.state, &ctx),
        can_edit: owner && doc.state.editable_by_owner(),
        can_comment: assigned && in_round,
        is_owner: owner,
    })
}

/// Active users holding the reviewer role, by name.
pub fn reviewers(conn: &mut DbConn) -> Result<Vec<(i64, String)>, DbError> {
    let ids = users_with_role(conn, Role::Reviewer, None)?;
    let mut names = user_names(conn, &ids)?;
    names.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(names)
}

// ---------------------------------------------------------------- Inbox

pub fn inbox(conn: &mut DbConn, user_id: i64, limit: i64) -> Result<Vec<InboxItem>, DbError> {
    let rows: Vec<InboxTuple> = with_conn!(conn, |c| notifications::table
        .filter(notifications::user_id.eq(user_id))
        .order(notifications::id.desc())
        .limit(limit)
        .select((
            notifications::id,
            notifications::document_id,
            notifications::kind,
            notifications::message_id,
            notifications::message_en,
            notifications::created_at,
            notifications::read_at,
        ))
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|(id, document_id, kind, message_id, message_en, created_at, read_at)| InboxItem {
            id,
            document_id,
            kind,
            message_id,
            message_en,
            created_at,
            read: read_at.is_some(),
        })
        .collect())
}

pub fn unread_count(conn: &mut DbConn, user_id: i64) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(c))?)
}

/// Marks one notification (or, with `None`, all of them) read.
pub fn mark_read(conn: &mut DbConn, user_id: i64, id: Option<i64>) -> Result<(), DbError> {
    with_conn!(conn, |c| {
        let mut q = diesel::update(notifications::table)
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null())
            .into_boxed();
        if let Some(id) = id {
            q = q.filter(notifications::id.eq(id));
        }
        q.set(notifications::read_at.eq(Some(now()))).execute(c)
    })?;
    Ok(())
}

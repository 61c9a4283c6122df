//! Documents and their review: create, edit the working copy, move through the workflow,
//! comment, suggest, read the boards and the inbox. Each function checks the login (or a
//! permission) and hands over to `service`, which authorises through `domain::access`.

use super::types::{
    CompletenessRow, DeadlineSettings, DocumentDetail, DocumentRow, InboxItem, NewDocument, OfficialRow, OverdueRow,
};
use crate::domain::documents::DocumentType;
use crate::domain::format::CivilDate;
use crate::domain::model::{Anchor, Content};
use crate::domain::workflow::{Action, State};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::{
    domain::roles::Permission,
    infra::request,
    service::{self, boards, detail, documents, inbox, reviews},
};

#[server(endpoint = "create_document", input = Json)]
pub async fn create_document(input: NewDocument) -> Result<i64, AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    // The service takes the user; the refusal log needs it afterwards.
    let refused = user.clone();
    let result = state.db.run(move |conn| documents::create(conn, &user, &input)).await;
    request::log_if_forbidden(&refused, "create_document outside the user's PD", result).await
}

/// Starts next year's PK from this one; returns the new document.
#[server(endpoint = "copy_document_forward", input = Json)]
pub async fn copy_document_forward(id: i64) -> Result<i64, AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    let refused = user.clone();
    let result = state.db.run(move |conn| documents::copy_forward(conn, &user, id)).await;
    request::log_if_forbidden(&refused, "copy_document_forward of another PD's document", result).await
}

/// Records what one row and period of a Rencana Aksi reported: the parts of `input` given
/// replace what the period had (empty text clears a part).
#[server(endpoint = "record_realisation", input = Json)]
pub async fn record_realisation(
    document_id: i64,
    node: crate::domain::model::NodeKey,
    period: usize,
    input: crate::domain::model::RealisasiInput,
) -> Result<(), AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    let refused = user.clone();
    let result = state
        .db
        .run(move |conn| crate::service::renaksi::record(conn, &user, document_id, &node, period, &input))
        .await;
    request::log_if_forbidden(&refused, "record_realisation on another PD's document", result).await
}

/// The documents the user may see, optionally of one fiscal year and one PD.
#[server(endpoint = "list_documents", input = Json)]
pub async fn list_documents(tahun: Option<i32>, pd_id: Option<i64>) -> Result<Vec<DocumentRow>, AppError> {
    let user = match pd_id {
        Some(pd) => request::require_pd(pd).await?,
        None => request::require_login().await?,
    };
    let state = request::app_state()?;
    state.db.run(move |conn| boards::list(conn, &user.grants, tahun, pd_id)).await
}

/// A document's page: its working copy, or with `versi` the frozen version of that number, read
/// only (an earlier line's version stays readable after a revision).
#[server(endpoint = "get_document", input = Json)]
pub async fn get_document(id: i64, versi: Option<i64>) -> Result<DocumentDetail, AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    // The service takes the user; the refusal log needs it afterwards.
    let refused = user.clone();
    let result = state
        .db
        .run(move |conn| match versi {
            Some(number) => detail::of_version(conn, &user, id, number),
            None => detail::detail(conn, &user, id),
        })
        .await;
    request::log_if_forbidden(&refused, &format!("document {id} outside the user's PD"), result).await
}

/// Saves the working copy loaded at `revision`; returns the new revision.
#[server(endpoint = "save_document", input = Json)]
pub async fn save_document(id: i64, revision: i64, judul: String, content: Content) -> Result<i64, AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    // The service takes the user; the refusal log needs it afterwards.
    let refused = user.clone();
    let result = state.db.run(move |conn| documents::save_working(conn, &user, id, revision, &judul, &content)).await;
    request::log_if_forbidden(&refused, &format!("save_document {id}: not an owner"), result).await
}

#[server(endpoint = "remove_document_file", input = Json)]
pub async fn remove_document_file(file_id: i64) -> Result<(), AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    // The service takes the user; the refusal log needs it afterwards.
    let refused = user.clone();
    let result = state.db.run(move |conn| documents::remove_file(conn, &user, file_id)).await;
    request::log_if_forbidden(&refused, "remove_document_file: not an owner", result).await
}

/// One workflow action (`assignee` names the reviewer of a disposition; `perubahan`, for a
/// reopening, the revision it starts: its reason, date and, for a PK whose official changed, the
/// new official).
#[server(endpoint = "act_on_document", input = Json)]
pub async fn act_on_document(
    id: i64,
    action: Action,
    note: String,
    assignee: Option<i64>,
    perubahan: Option<crate::domain::perubahan::PerubahanInput>,
) -> Result<State, AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    // The service takes the user; the refusal log needs it afterwards.
    let refused = user.clone();
    let result = state
        .db
        .run(move |conn| documents::transition_with(conn, &user, id, action, &note, assignee, perubahan.as_ref()))
        .await;
    request::log_if_forbidden(&refused, &format!("{action:?} on document {id} outside the workflow table"), result)
        .await
}

/// A reviewer's comment anchored to a place of the version under review, with an optional new
/// value for that field.
#[server(endpoint = "add_comment", input = Json)]
pub async fn add_comment(
    document_id: i64,
    anchor: Anchor,
    body: String,
    proposed: Option<String>,
) -> Result<i64, AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    // The service takes the user; the refusal log needs it afterwards.
    let refused = user.clone();
    let result = state
        .db
        .run(move |conn| reviews::add_thread(conn, &user, document_id, &anchor, &body, proposed.as_deref()))
        .await;
    request::log_if_forbidden(&refused, "add_comment: not the assigned reviewer", result).await
}

#[server(endpoint = "reply_comment", input = Json)]
pub async fn reply_comment(thread_id: i64, body: String) -> Result<(), AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    // The service takes the user; the refusal log needs it afterwards.
    let refused = user.clone();
    let result = state.db.run(move |conn| reviews::reply(conn, &user, thread_id, &body)).await;
    request::log_if_forbidden(&refused, "reply_comment: not a party to the document", result).await
}

/// The PD marks a thread "sudah diperbaiki", pointing at the version that fixes it.
#[server(endpoint = "mark_comment_fixed", input = Json)]
pub async fn mark_comment_fixed(thread_id: i64, version: i64) -> Result<(), AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    // The service takes the user; the refusal log needs it afterwards.
    let refused = user.clone();
    let result = state.db.run(move |conn| reviews::mark_fixed(conn, &user, thread_id, version)).await;
    request::log_if_forbidden(&refused, "mark_comment_fixed: not an owner", result).await
}

#[server(endpoint = "resolve_comment", input = Json)]
pub async fn resolve_comment(thread_id: i64) -> Result<(), AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    // The service takes the user; the refusal log needs it afterwards.
    let refused = user.clone();
    let result = state.db.run(move |conn| reviews::resolve(conn, &user, thread_id)).await;
    request::log_if_forbidden(&refused, "resolve_comment: not the assigned reviewer", result).await
}

#[server(endpoint = "decide_suggestion", input = Json)]
pub async fn decide_suggestion(suggestion_id: i64, accept: bool, reason: String) -> Result<(), AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    // The service takes the user; the refusal log needs it afterwards.
    let refused = user.clone();
    let result =
        state.db.run(move |conn| reviews::decide_suggestion(conn, &user, suggestion_id, accept, &reason)).await;
    request::log_if_forbidden(&refused, "decide_suggestion: not an owner", result).await
}

/// A reviewer's queue.
#[server(endpoint = "review_queue", input = Json)]
pub async fn review_queue() -> Result<Vec<DocumentRow>, AppError> {
    let user = request::require(Permission::ReviewDocuments).await?;
    let state = request::app_state()?;
    state.db.run(move |conn| boards::review_queue(conn, user.user_id)).await
}

/// The overdue list of the logged-in user (every role has one; what it holds depends on the
/// role, see `service::boards::overdue`).
#[server(endpoint = "overdue_documents", input = Json)]
pub async fn overdue_documents() -> Result<Vec<OverdueRow>, AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    state.db.run(move |conn| boards::overdue(conn, &user)).await
}

/// PD × document type for one fiscal year.
#[server(endpoint = "completeness_board", input = Json)]
pub async fn completeness_board(tahun: i32) -> Result<Vec<CompletenessRow>, AppError> {
    request::require(Permission::ViewAllPd).await?;
    let state = request::app_state()?;
    let types = [
        DocumentType::Renstra,
        DocumentType::Iku,
        DocumentType::RenjaRkt,
        DocumentType::PerjanjianKinerja,
        DocumentType::RencanaAksi,
        DocumentType::LaporanKinerja,
        DocumentType::PohonKinerja,
    ];
    state.db.run(move |conn| boards::completeness(conn, tahun, &types)).await
}

#[server(endpoint = "set_deadline", input = Json)]
pub async fn set_deadline(tahun: i32, doc_type: DocumentType, due: CivilDate) -> Result<(), AppError> {
    let user = request::require(Permission::ManageMasterData).await?;
    let state = request::app_state()?;
    state.db.run(move |conn| boards::set_deadline(conn, user.user_id, tahun, doc_type, due)).await
}

#[server(endpoint = "set_dpa_date", input = Json)]
pub async fn set_dpa_date(tahun: i32, date: CivilDate) -> Result<(), AppError> {
    let user = request::require(Permission::ManageMasterData).await?;
    let state = request::app_state()?;
    state.db.run(move |conn| boards::set_dpa_date(conn, user.user_id, tahun, date)).await
}

/// The user's inbox, newest first, with the number of unread items.
#[server(endpoint = "get_inbox", input = Json)]
pub async fn get_inbox() -> Result<(Vec<InboxItem>, i64), AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    state
        .db
        .run(move |conn| {
            Ok::<_, AppError>((inbox::inbox(conn, user.user_id, 200)?, inbox::unread_count(conn, user.user_id)?))
        })
        .await
}

#[server(endpoint = "mark_inbox_read", input = Json)]
pub async fn mark_inbox_read(id: Option<i64>) -> Result<(), AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    state.db.run(move |conn| Ok::<_, AppError>(inbox::mark_read(conn, user.user_id, id)?)).await
}

/// The users a document can be assigned to (for the kabag's disposition).
#[server(endpoint = "list_reviewers", input = Json)]
pub async fn list_reviewers() -> Result<Vec<(i64, String)>, AppError> {
    request::require(Permission::AssignReviewers).await?;
    let state = request::app_state()?;
    state.db.run(|conn| Ok::<_, AppError>(boards::reviewers(conn)?)).await
}

#[server(endpoint = "get_deadlines", input = Json)]
pub async fn get_deadlines(tahun: i32) -> Result<DeadlineSettings, AppError> {
    request::require(Permission::ManageMasterData).await?;
    let state = request::app_state()?;
    state.db.run(move |conn| Ok::<_, AppError>(boards::deadline_settings(conn, tahun)?)).await
}

/// The number of unread inbox items, for the badge in the navigation.
#[server(endpoint = "unread_count", input = Json)]
pub async fn unread_count() -> Result<i64, AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    state.db.run(move |conn| Ok::<_, AppError>(inbox::unread_count(conn, user.user_id)?)).await
}

/// The officials who may be the pihak kedua of a PK for `official_id` (the echelon chain).
#[server(endpoint = "list_pihak_kedua", input = Json)]
pub async fn list_pihak_kedua(official_id: i64) -> Result<Vec<OfficialRow>, AppError> {
    let user = request::require_login().await?;
    let state = request::app_state()?;
    // The service call takes the user; the refusal log needs it afterwards.
    let refused = user.clone();
    let result = state.db.run(move |conn| service::pk::candidates(conn, &user, official_id)).await;
    request::log_if_forbidden(&refused, &format!("list_pihak_kedua {official_id}: not an owner"), result).await
}

//! The use cases, shared by the server functions, the file routes, the CLI and the demo. Each
//! reads **authorise → load → call the domain → persist → return a DTO**: who may do what is
//! asked of `domain::access` (from the one [`relation`] of the user to the document), the rules
//! are the domain's, the SQL is the repositories' (`infra::repo`), and every change runs in one
//! write transaction with its workflow event, its audit entry and its notifications.
//! Compiled only with the `ssr` feature.

pub mod boards;
pub mod dashboard;
pub mod detail;
pub mod documents;
pub mod inbox;
pub mod links;
pub mod master;
pub mod pk;
pub mod renaksi;
pub mod reviews;
pub mod users;

use crate::domain::access::{self, Capability, DocumentRelation};
use crate::domain::model::Content;
use crate::domain::{FieldErrors, Msg};
use crate::error::{AppError, Refusal};
use crate::infra::auth::SessionUser;
use crate::infra::db::{DbConn, DbError};
use crate::infra::repo::documents::Doc;
use crate::infra::repo::{events, rounds, threads, versions};

/// How `user` stands to `doc`: the one place it is read from the database.
pub fn relation(conn: &mut DbConn, user: &SessionUser, doc: &Doc) -> Result<DocumentRelation, DbError> {
    Ok(DocumentRelation {
        pd_id: doc.pd_id,
        state: doc.state,
        assigned_reviewer: rounds::is_assigned(conn, doc.id, user.user_id)?,
        submitted_it: events::submitter(conn, doc.id)? == Some(user.user_id),
        open_threads: threads::count_unresolved(conn, doc.id)?,
    })
}

/// `Forbidden` unless `user` may do `capability` to the document.
fn authorise(user: &SessionUser, relation: &DocumentRelation, capability: Capability) -> Result<(), AppError> {
    if access::may(user.user_id, &user.grants, relation, capability) { Ok(()) } else { Err(AppError::Forbidden) }
}

fn conflict(refusal: Refusal, msg: Msg) -> AppError {
    AppError::Conflict(refusal, msg)
}

fn field_error(field: &str, msg: Msg) -> AppError {
    let mut errors = FieldErrors::new();
    errors.add(field, msg);
    AppError::Validation(errors)
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

/// A frozen version's content and its files as `(name, sha256)`.
fn version_content(conn: &mut DbConn, version_id: i64) -> Result<(Content, Vec<(String, String)>), AppError> {
    let frozen = versions::frozen_content(conn, version_id)?;
    let content: Content = serde_json::from_str(&frozen.content).map_err(|_| AppError::Internal)?;
    let files: Vec<serde_json::Value> = serde_json::from_str(&frozen.files).map_err(|_| AppError::Internal)?;
    let files = files
        .iter()
        .map(|f| {
            (f["name"].as_str().unwrap_or_default().to_owned(), f["sha256"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    Ok((content, files))
}

/// The name of user `id` among `names`, or `#id`.
fn name_of(names: &[(i64, String)], id: i64) -> String {
    names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()).unwrap_or_else(|| format!("#{id}"))
}

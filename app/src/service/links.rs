//! The links between documents as the server resolves them: which document a document's links
//! point at (the pihak kedua's PK of the year, the RPJMD of the period, the PD's Renstra of the
//! period), the check of a working copy's links against it, and the choices a page offers. The
//! rules themselves are `domain::model::links`'.

use crate::api::types::DocLink;
use crate::domain::documents::DocumentType;
use crate::domain::model::{Content, LinkTarget, links};
use crate::error::AppError;
use crate::infra::db::DbConn;
use crate::infra::repo::documents::{self as docs, Doc};
use crate::infra::repo::periods;

/// The five-year plan of `doc_type` that `pd_id` (the Pemda when `None`) has for a period —
/// `period_id`, or the period the year `tahun` belongs to — once it exists.
pub fn plan_for(
    conn: &mut DbConn,
    doc_type: DocumentType,
    pd_id: Option<i64>,
    period_id: Option<i64>,
    tahun: Option<i64>,
) -> Result<Option<Doc>, AppError> {
    let period = match (period_id, tahun) {
        (Some(period), _) => Some(period),
        (None, Some(tahun)) => periods::of_year(conn, tahun)?,
        (None, None) => None,
    };
    let Some(period) = period else { return Ok(None) };
    match docs::plan_of_period(conn, doc_type, pd_id, period)? {
        Some(id) => Ok(Some(docs::load(conn, id)?)),
        None => Ok(None),
    }
}

/// The document `doc`'s links point at in `tahun` (its own year, or the next for a copy
/// forward), once it exists.
fn target_in(conn: &mut DbConn, target: LinkTarget, doc: &Doc, tahun: Option<i64>) -> Result<Option<Doc>, AppError> {
    match target {
        LinkTarget::UpperPk => super::pk::upper_in(conn, doc.pihak_kedua_id, tahun),
        LinkTarget::Rpjmd => plan_for(conn, DocumentType::Rpjmd, None, doc.period_id, tahun),
        LinkTarget::Renstra if doc.pd_id.is_some() => {
            plan_for(conn, DocumentType::Renstra, doc.pd_id, doc.period_id, tahun)
        }
        LinkTarget::Renstra => Ok(None),
        LinkTarget::OwnPk => match (doc.official_id, tahun) {
            (Some(official), Some(tahun)) => docs::pk_of_official(conn, official, tahun),
            _ => Ok(None),
        },
    }
}

/// The document `doc`'s links point at, once it exists; none for a type without links.
pub fn target_of(conn: &mut DbConn, doc: &Doc) -> Result<Option<Doc>, AppError> {
    match doc.content.links() {
        Some(links) => target_in(conn, links.kind.target(), doc, doc.tahun),
        None => Ok(None),
    }
}

/// The document `doc`'s links would point at in `tahun`, for a copy of it to that year.
pub fn target_in_year(conn: &mut DbConn, doc: &Doc, tahun: i64) -> Result<Option<Doc>, AppError> {
    match doc.content.links() {
        Some(links) => target_in(conn, links.kind.target(), doc, Some(tahun)),
        None => Ok(None),
    }
}

/// Checks the links of `content`, a new working copy of `doc`: each names a place its target
/// offers; when `submitting` (and the target exists), every place names one.
pub fn check_content(conn: &mut DbConn, doc: &Doc, content: &Content, submitting: bool) -> Result<(), AppError> {
    let Some(links) = content.links() else { return Ok(()) };
    let target = target_in(conn, links.kind.target(), doc, doc.tahun)?;
    let outline = target.as_ref().map(|t| (t.id, t.content.outline()));
    let errors = links::check(&links, outline.as_ref().map(|(id, o)| (*id, o.as_slice())), submitting);
    if errors.is_empty() { Ok(()) } else { Err(AppError::Validation(errors)) }
}

/// For a page: the document its links point at, with the places they may name.
pub fn serves(conn: &mut DbConn, doc: &Doc) -> Result<Option<DocLink>, AppError> {
    let Some(links) = doc.content.links() else { return Ok(None) };
    let Some(target) = target_in(conn, links.kind.target(), doc, doc.tahun)? else { return Ok(None) };
    let choices = links::choices(links.kind, target.id, &target.content.outline());
    Ok(Some(DocLink { document_id: target.id, judul: target.judul, choices }))
}

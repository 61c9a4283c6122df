//! The five-year plans as they serve one another: each tujuan and sasaran of a Renstra links to
//! the tujuan or sasaran of the period's RPJMD it serves. The rule itself is
//! `domain::model::renstra`'s; here are the records it needs.

use crate::api::types::PkLink;
use crate::domain::documents::DocumentType;
use crate::domain::model::{Acuan, Content, Field, NodeKind};
use crate::error::AppError;
use crate::infra::db::DbConn;
use crate::infra::repo::documents::{self as docs, Doc};

/// The Pemda's RPJMD of a period, once it exists.
fn rpjmd_of(conn: &mut DbConn, period_id: Option<i64>) -> Result<Option<Doc>, AppError> {
    let Some(period) = period_id else { return Ok(None) };
    match docs::plan_of_period(conn, DocumentType::Rpjmd, None, period)? {
        Some(id) => Ok(Some(docs::load(conn, id)?)),
        None => Ok(None),
    }
}

/// Checks a Renstra's new working copy: every link points at a tujuan or sasaran of the
/// period's RPJMD; when `submitting` (and the RPJMD exists), every tujuan and sasaran has one.
pub fn check_content(conn: &mut DbConn, doc: &Doc, content: &Content, submitting: bool) -> Result<(), AppError> {
    let Content::Renstra(renstra) = content else { return Ok(()) };
    let rpjmd = rpjmd_of(conn, doc.period_id)?;
    let outline = rpjmd.as_ref().map(|r| (r.id, r.content.outline()));
    let errors = renstra.check_links(outline.as_ref().map(|(id, o)| (*id, o.as_slice())), submitting);
    if errors.is_empty() { Ok(()) } else { Err(AppError::Validation(errors)) }
}

/// For a Renstra page: the period's RPJMD, its tujuan and sasaran the choices of the link
/// column (`(Acuan::code, "Sasaran 1.1.2 · Meningkatnya …")`).
pub fn serves(conn: &mut DbConn, doc: &Doc) -> Result<Option<PkLink>, AppError> {
    if !matches!(doc.content, Content::Renstra(_)) {
        return Ok(None);
    }
    let Some(rpjmd) = rpjmd_of(conn, doc.period_id)? else { return Ok(None) };
    let indicators = rpjmd
        .content
        .outline()
        .into_iter()
        .filter(|n| matches!(n.kind, NodeKind::Tujuan | NodeKind::Sasaran))
        .map(|n| {
            let code = Acuan { document_id: rpjmd.id, node: n.key.clone() }.code();
            (code, format!("{} · {}", n.label().id, n.field(Field::Uraian).unwrap_or_default()))
        })
        .collect();
    Ok(Some(PkLink { document_id: rpjmd.id, judul: rpjmd.judul, indicators }))
}

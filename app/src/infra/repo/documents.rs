//! `documents`: the working copy of each document, its state and its revision counter.

use crate::domain::documents::DocumentType;
use crate::domain::model::Content;
use crate::domain::roles::PdVisibility;
use crate::domain::workflow::State;
use crate::error::AppError;
use crate::infra::db::{DbConn, DbError, now};
use crate::infra::schema::{assignments, documents};
use crate::infra::sql::id_in;
use crate::with_conn;
use diesel::prelude::*;
use std::collections::HashMap;

/// A `documents` row as stored.
#[derive(Queryable, Selectable)]
#[diesel(table_name = documents)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct DocumentRecord {
    id: i64,
    doc_type: i64,
    pd_id: Option<i64>,
    tahun: Option<i64>,
    period_id: Option<i64>,
    official_id: Option<i64>,
    judul: String,
    state: i64,
    content: String,
    revision: i64,
    line: i64,
    updated_at: i64,
    dispositioned_at: Option<i64>,
    pihak_kedua_id: Option<i64>,
}

/// A document as stored, its codes read into their types.
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
    /// A PK's pihak kedua (an official).
    pub pihak_kedua_id: Option<i64>,
}

impl TryFrom<DocumentRecord> for Doc {
    type Error = AppError;

    fn try_from(r: DocumentRecord) -> Result<Doc, AppError> {
        Ok(Doc {
            id: r.id,
            doc_type: DocumentType::from_esr_id(r.doc_type).ok_or(AppError::Internal)?,
            pd_id: r.pd_id,
            tahun: r.tahun,
            period_id: r.period_id,
            official_id: r.official_id,
            judul: r.judul,
            state: State::from_i64(r.state).ok_or(AppError::Internal)?,
            content: serde_json::from_str(&r.content).map_err(|_| AppError::Internal)?,
            revision: r.revision,
            line: r.line,
            updated_at: r.updated_at,
            dispositioned_at: r.dispositioned_at,
            pihak_kedua_id: r.pihak_kedua_id,
        })
    }
}

#[derive(Insertable)]
#[diesel(table_name = documents)]
pub struct NewDocument<'a> {
    pub doc_type: i64,
    pub pd_id: Option<i64>,
    pub tahun: Option<i64>,
    pub period_id: Option<i64>,
    pub official_id: Option<i64>,
    pub pihak_kedua_id: Option<i64>,
    pub judul: &'a str,
    pub state: i64,
    pub content: String,
    pub revision: i64,
    pub line: i64,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

pub fn insert(conn: &mut DbConn, new: &NewDocument) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| diesel::insert_into(documents::table).values(new).returning(documents::id).get_result(c))?)
}

pub fn load(conn: &mut DbConn, id: i64) -> Result<Doc, AppError> {
    let record: DocumentRecord = with_conn!(conn, |c| documents::table
        .filter(documents::id.eq(id))
        .select(DocumentRecord::as_select())
        .first(c))?;
    Doc::try_from(record)
}

/// Several documents in one query, in the order of `ids`.
pub fn load_many(conn: &mut DbConn, ids: &[i64]) -> Result<Vec<Doc>, AppError> {
    let records: Vec<DocumentRecord> = with_conn!(conn, |c| documents::table
        .filter(id_in(documents::id, ids))
        .select(DocumentRecord::as_select())
        .load(c))?;
    let mut found = records.into_iter().map(Doc::try_from).collect::<Result<Vec<_>, _>>()?;
    let position: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    found.sort_by_key(|d| position.get(&d.id).copied().unwrap_or(usize::MAX));
    Ok(found)
}

/// Writes the working copy if it is still at `revision`; the number of rows changed (0: stale).
pub fn update_working(
    conn: &mut DbConn,
    id: i64,
    revision: i64,
    judul: &str,
    content: &Content,
) -> Result<usize, DbError> {
    Ok(with_conn!(conn, |c| diesel::update(
        documents::table.filter(documents::id.eq(id)).filter(documents::revision.eq(revision))
    )
    .set((
        documents::judul.eq(judul),
        documents::content.eq(content.canonical_json()),
        documents::revision.eq(revision + 1),
        documents::updated_at.eq(now()),
    ))
    .execute(c))?)
}

/// The working copy changed outside its content (a file attached or removed).
pub fn bump_revision(conn: &mut DbConn, id: i64) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(documents::table.filter(documents::id.eq(id)))
        .set((documents::revision.eq(documents::revision + 1), documents::updated_at.eq(now())))
        .execute(c))?;
    Ok(())
}

/// When the service clock started (the first disposition), or `None` to stop it.
pub fn set_dispositioned_at(conn: &mut DbConn, id: i64, at: Option<i64>) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(documents::table.filter(documents::id.eq(id)))
        .set(documents::dispositioned_at.eq(at))
        .execute(c))?;
    Ok(())
}

/// Names the official whose document it is from now on (a PK Perubahan's new pihak pertama).
pub fn set_official(conn: &mut DbConn, id: i64, official_id: i64) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(documents::table.filter(documents::id.eq(id)))
        .set(documents::official_id.eq(official_id))
        .execute(c))?;
    Ok(())
}

/// Names the pihak kedua of a PK from now on (the superior's post changed hands).
pub fn set_pihak_kedua(conn: &mut DbConn, id: i64, official_id: i64) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(documents::table.filter(documents::id.eq(id)))
        .set(documents::pihak_kedua_id.eq(official_id))
        .execute(c))?;
    Ok(())
}

/// Starts a new version line; earlier versions stay as they are.
pub fn start_new_line(conn: &mut DbConn, id: i64) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(documents::table.filter(documents::id.eq(id)))
        .set(documents::line.eq(documents::line + 1))
        .execute(c))?;
    Ok(())
}

/// Moves the document from `from` to `to`, conditional on it still being in `from`; the number
/// of rows changed (0: someone moved it meanwhile).
pub fn move_state(conn: &mut DbConn, id: i64, from: State, to: State, at: i64) -> Result<usize, DbError> {
    Ok(with_conn!(conn, |c| diesel::update(
        documents::table.filter(documents::id.eq(id)).filter(documents::state.eq(from.as_i64()))
    )
    .set((documents::state.eq(to.as_i64()), documents::updated_at.eq(at)))
    .execute(c))?)
}

/// The ids of the documents in `visibility`, newest change first; optionally of one year (five-year
/// types always count) or one PD.
pub fn visible_ids(
    conn: &mut DbConn,
    visibility: &PdVisibility,
    tahun: Option<i32>,
    pd_filter: Option<i64>,
) -> Result<Vec<i64>, DbError> {
    Ok(with_conn!(conn, |c| {
        let mut q = documents::table.select(documents::id).order(documents::updated_at.desc()).into_boxed();
        if let Some(t) = tahun {
            q = q.filter(documents::tahun.eq(i64::from(t)).or(documents::tahun.is_null()));
        }
        if let Some(pd) = pd_filter {
            q = q.filter(documents::pd_id.eq(pd));
        }
        match visibility {
            PdVisibility::All => {}
            PdVisibility::Only(pds) => q = q.filter(id_in(documents::pd_id.assume_not_null(), pds)),
        }
        q.load(c)
    })?)
}

/// The ids of the documents actively assigned to `reviewer` in one of `states`, oldest change first.
pub fn assigned_ids(conn: &mut DbConn, reviewer: i64, states: &[State]) -> Result<Vec<i64>, DbError> {
    let states: Vec<i64> = states.iter().map(|s| s.as_i64()).collect();
    Ok(with_conn!(conn, |c| assignments::table
        .inner_join(documents::table)
        .filter(assignments::reviewer_id.eq(reviewer))
        .filter(assignments::active.eq(true))
        .filter(id_in(documents::state, &states))
        .order(documents::updated_at)
        .select(documents::id)
        .load(c))?)
}

/// Where one document stands, for the completeness board.
#[derive(Queryable, Selectable)]
#[diesel(table_name = documents)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct DocumentStanding {
    pub pd_id: Option<i64>,
    pub doc_type: i64,
    pub state: i64,
}

/// Every document of one fiscal year (and every five-year document), oldest change first.
pub fn standings_of_year(conn: &mut DbConn, tahun: i32) -> Result<Vec<DocumentStanding>, DbError> {
    Ok(with_conn!(conn, |c| documents::table
        .filter(documents::tahun.eq(i64::from(tahun)).or(documents::tahun.is_null()))
        .select(DocumentStanding::as_select())
        .order(documents::updated_at)
        .load(c))?)
}

/// The id of the document of `doc_type` made for one official and year (a PK, a Rencana Aksi).
pub fn of_official(
    conn: &mut DbConn,
    doc_type: DocumentType,
    official_id: i64,
    tahun: i64,
) -> Result<Option<i64>, DbError> {
    Ok(with_conn!(conn, |c| documents::table
        .filter(documents::doc_type.eq(doc_type.esr_id()))
        .filter(documents::official_id.eq(official_id))
        .filter(documents::tahun.eq(tahun))
        .order(documents::id)
        .select(documents::id)
        .first::<i64>(c)
        .optional())?)
}

/// The PK of one official for one year, if there is one.
pub fn pk_of_official(conn: &mut DbConn, official_id: i64, tahun: i64) -> Result<Option<Doc>, AppError> {
    let record: Option<DocumentRecord> = with_conn!(conn, |c| documents::table
        .filter(documents::doc_type.eq(DocumentType::PerjanjianKinerja.esr_id()))
        .filter(documents::official_id.eq(official_id))
        .filter(documents::tahun.eq(tahun))
        .order(documents::id)
        .select(DocumentRecord::as_select())
        .first(c)
        .optional())?;
    record.map(Doc::try_from).transpose()
}

/// The PKs of one year whose pihak kedua is `official_id`: the agreements one level below.
pub fn pks_under(conn: &mut DbConn, official_id: i64, tahun: i64) -> Result<Vec<Doc>, AppError> {
    let records: Vec<DocumentRecord> = with_conn!(conn, |c| documents::table
        .filter(documents::doc_type.eq(DocumentType::PerjanjianKinerja.esr_id()))
        .filter(documents::pihak_kedua_id.eq(official_id))
        .filter(documents::tahun.eq(tahun))
        .order(documents::id)
        .select(DocumentRecord::as_select())
        .load(c))?;
    records.into_iter().map(Doc::try_from).collect()
}

/// The id of the document of a five-year type that `pd_id` (the Pemda when `None`) already has
/// for a period, if any.
pub fn plan_of_period(
    conn: &mut DbConn,
    doc_type: DocumentType,
    pd_id: Option<i64>,
    period_id: i64,
) -> Result<Option<i64>, DbError> {
    let found = with_conn!(conn, |c| {
        let query = documents::table
            .filter(documents::doc_type.eq(doc_type.esr_id()))
            .filter(documents::period_id.eq(period_id))
            .select(documents::id)
            .order(documents::id)
            .into_boxed();
        match pd_id {
            Some(pd) => query.filter(documents::pd_id.eq(pd)).first::<i64>(c).optional(),
            None => query.filter(documents::pd_id.is_null()).first::<i64>(c).optional(),
        }
    })?;
    Ok(found)
}

/// The id of the document of a yearly type (the RKT) that `pd_id` already has for `tahun`, if any.
pub fn yearly_of(conn: &mut DbConn, doc_type: DocumentType, pd_id: i64, tahun: i64) -> Result<Option<i64>, DbError> {
    Ok(with_conn!(conn, |c| documents::table
        .filter(documents::doc_type.eq(doc_type.esr_id()))
        .filter(documents::pd_id.eq(pd_id))
        .filter(documents::tahun.eq(tahun))
        .select(documents::id)
        .order(documents::id)
        .first::<i64>(c)
        .optional())?)
}

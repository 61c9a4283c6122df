//! `realisasi`: a Rencana Aksi's realisation, appended entry by entry and never changed; the
//! latest entry of a row and period counts.

use crate::infra::db::{DbConn, DbError};
use crate::infra::schema::realisasi;
use crate::with_conn;
use diesel::prelude::*;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = realisasi)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Entry {
    pub node: String,
    pub periode: i64,
    /// The value as JSON (a number or a grade); `None`: withdrawn.
    pub nilai: Option<String>,
    pub catatan: String,
    pub created_by: i64,
    pub created_at: i64,
    pub anggaran: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = realisasi)]
pub struct NewEntry<'a> {
    pub document_id: i64,
    pub node: &'a str,
    pub periode: i64,
    pub nilai: Option<&'a str>,
    pub catatan: &'a str,
    pub created_by: i64,
    pub created_at: i64,
    pub anggaran: Option<i64>,
}

pub fn append(conn: &mut DbConn, new: &NewEntry) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::insert_into(realisasi::table).values(new).execute(c))?;
    Ok(())
}

/// Every entry of a document, oldest first.
pub fn of_document(conn: &mut DbConn, document_id: i64) -> Result<Vec<Entry>, DbError> {
    Ok(with_conn!(conn, |c| realisasi::table
        .filter(realisasi::document_id.eq(document_id))
        .order(realisasi::id)
        .select(Entry::as_select())
        .load(c))?)
}

//! `perubahan`: the revisions of agreed documents, one per version line after the first,
//! appended and never changed.

use crate::infra::db::{DbConn, DbError};
use crate::infra::schema::perubahan;
use crate::with_conn;
use diesel::prelude::*;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = perubahan)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Revision {
    pub line: i64,
    pub alasan: i64,
    pub tanggal: String,
    pub keterangan: String,
    pub official_before: Option<i64>,
    pub official_after: Option<i64>,
    pub created_by: i64,
    pub created_at: i64,
}

#[derive(Insertable)]
#[diesel(table_name = perubahan)]
pub struct NewRevision<'a> {
    pub document_id: i64,
    pub line: i64,
    pub alasan: i64,
    pub tanggal: &'a str,
    pub keterangan: &'a str,
    pub official_before: Option<i64>,
    pub official_after: Option<i64>,
    pub created_by: i64,
    pub created_at: i64,
}

pub fn append(conn: &mut DbConn, new: &NewRevision) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::insert_into(perubahan::table).values(new).execute(c))?;
    Ok(())
}

/// The revisions of a document, the first first.
pub fn of_document(conn: &mut DbConn, document_id: i64) -> Result<Vec<Revision>, DbError> {
    Ok(with_conn!(conn, |c| perubahan::table
        .filter(perubahan::document_id.eq(document_id))
        .order(perubahan::line)
        .select(Revision::as_select())
        .load(c))?)
}

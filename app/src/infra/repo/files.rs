//! `document_files`: the files of a working copy. A removed file keeps its row (`removed_at`).

use crate::infra::db::{DbConn, DbError, now};
use crate::infra::schema::document_files;
use crate::with_conn;
use diesel::prelude::*;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = document_files)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct DocumentFile {
    pub id: i64,
    pub document_id: i64,
    pub sha256: String,
    pub file_name: String,
    pub size_bytes: i64,
    pub mime: String,
    pub uploaded_at: i64,
}

#[derive(Insertable)]
#[diesel(table_name = document_files)]
pub struct NewDocumentFile<'a> {
    pub document_id: i64,
    pub sha256: &'a str,
    pub file_name: &'a str,
    pub size_bytes: i64,
    pub mime: &'a str,
    pub uploaded_by: i64,
    pub uploaded_at: i64,
}

pub fn insert(conn: &mut DbConn, new: &NewDocumentFile) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| diesel::insert_into(document_files::table)
        .values(new)
        .returning(document_files::id)
        .get_result(c))?)
}

/// A file of a working copy that has not been removed.
pub fn find_current(conn: &mut DbConn, file_id: i64) -> Result<DocumentFile, DbError> {
    Ok(with_conn!(conn, |c| document_files::table
        .filter(document_files::id.eq(file_id))
        .filter(document_files::removed_at.is_null())
        .select(DocumentFile::as_select())
        .first(c))?)
}

pub fn mark_removed(conn: &mut DbConn, file_id: i64) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(document_files::table.filter(document_files::id.eq(file_id)))
        .set(document_files::removed_at.eq(now()))
        .execute(c))?;
    Ok(())
}

/// The working copy's files by name (then by id, for files of the same name).
pub fn current_of(conn: &mut DbConn, document_id: i64) -> Result<Vec<DocumentFile>, DbError> {
    Ok(with_conn!(conn, |c| document_files::table
        .filter(document_files::document_id.eq(document_id))
        .filter(document_files::removed_at.is_null())
        .order((document_files::file_name, document_files::id))
        .select(DocumentFile::as_select())
        .load(c))?)
}

/// A file of the document with these bytes, removed or not (an older version may name it).
pub fn find_by_hash(conn: &mut DbConn, document_id: i64, sha256: &str) -> Result<Option<DocumentFile>, DbError> {
    Ok(with_conn!(conn, |c| document_files::table
        .filter(document_files::document_id.eq(document_id))
        .filter(document_files::sha256.eq(sha256))
        .select(DocumentFile::as_select())
        .first(c)
        .optional())?)
}

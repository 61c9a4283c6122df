//! `document_versions`: the immutable versions frozen at each submission.

use crate::infra::db::{DbConn, DbError};
use crate::infra::schema::document_versions;
use crate::with_conn;
use diesel::prelude::*;

/// A version without its (large) content.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = document_versions)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct VersionSummary {
    pub id: i64,
    pub number: i64,
    pub line: i64,
    pub sha256: String,
    pub created_by: i64,
    pub created_at: i64,
}

/// What a version froze: the canonical content and the file list, both JSON.
#[derive(Queryable, Selectable)]
#[diesel(table_name = document_versions)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct FrozenContent {
    pub content: String,
    pub files: String,
}

#[derive(Insertable)]
#[diesel(table_name = document_versions)]
pub struct NewDocumentVersion<'a> {
    pub document_id: i64,
    pub number: i64,
    pub line: i64,
    pub content: &'a str,
    pub files: &'a str,
    pub sha256: &'a str,
    pub created_by: i64,
    pub created_at: i64,
}

pub fn insert(conn: &mut DbConn, new: &NewDocumentVersion) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| diesel::insert_into(document_versions::table)
        .values(new)
        .returning(document_versions::id)
        .get_result(c))?)
}

/// The highest version number of the document, 0 before its first submission.
pub fn last_number(conn: &mut DbConn, document_id: i64) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| document_versions::table
        .filter(document_versions::document_id.eq(document_id))
        .select(diesel::dsl::max(document_versions::number))
        .first::<Option<i64>>(c))?
    .unwrap_or(0))
}

/// The newest version's id.
pub fn latest_id(conn: &mut DbConn, document_id: i64) -> Result<Option<i64>, DbError> {
    Ok(with_conn!(conn, |c| document_versions::table
        .filter(document_versions::document_id.eq(document_id))
        .order(document_versions::number.desc())
        .select(document_versions::id)
        .first(c)
        .optional())?)
}

pub fn frozen_content(conn: &mut DbConn, version_id: i64) -> Result<FrozenContent, DbError> {
    Ok(with_conn!(conn, |c| document_versions::table
        .filter(document_versions::id.eq(version_id))
        .select(FrozenContent::as_select())
        .first(c))?)
}

pub fn number_of(conn: &mut DbConn, version_id: i64) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| document_versions::table
        .filter(document_versions::id.eq(version_id))
        .select(document_versions::number)
        .first(c))?)
}

/// The id of the document's version `number`, if there is one.
pub fn id_of_number(conn: &mut DbConn, document_id: i64, number: i64) -> Result<Option<i64>, DbError> {
    Ok(with_conn!(conn, |c| document_versions::table
        .filter(document_versions::document_id.eq(document_id))
        .filter(document_versions::number.eq(number))
        .select(document_versions::id)
        .first(c)
        .optional())?)
}

/// Every version of the document, oldest first.
pub fn of_document(conn: &mut DbConn, document_id: i64) -> Result<Vec<VersionSummary>, DbError> {
    Ok(with_conn!(conn, |c| document_versions::table
        .filter(document_versions::document_id.eq(document_id))
        .order(document_versions::number)
        .select(VersionSummary::as_select())
        .load(c))?)
}

//! `review_rounds` and `assignments`: who reviews a document, and each round of that review.

use crate::domain::workflow::Action;
use crate::infra::db::{DbConn, DbError};
use crate::infra::schema::{assignments, review_rounds};
use crate::infra::sql::id_in;
use crate::with_conn;
use diesel::prelude::*;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = review_rounds)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Round {
    pub id: i64,
    pub number: i64,
    pub version_id: i64,
    pub reviewer_id: i64,
    pub opened_at: i64,
    pub closed_at: Option<i64>,
    pub outcome: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = review_rounds)]
pub struct NewRound {
    pub document_id: i64,
    pub number: i64,
    pub version_id: i64,
    pub reviewer_id: i64,
    pub opened_at: i64,
}

#[derive(Insertable)]
#[diesel(table_name = assignments)]
pub struct NewAssignment {
    pub document_id: i64,
    pub reviewer_id: i64,
    pub assigned_by: i64,
    pub assigned_at: i64,
    pub active: bool,
}

/// An active assignment, for the lists.
#[derive(Queryable, Selectable)]
#[diesel(table_name = assignments)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Assignment {
    pub document_id: i64,
    pub reviewer_id: i64,
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

pub fn assign(conn: &mut DbConn, new: &NewAssignment) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::insert_into(assignments::table).values(new).execute(c))?;
    Ok(())
}

/// Ends every assignment of the document (a reopened document is assigned afresh).
pub fn end_assignments(conn: &mut DbConn, document_id: i64) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(assignments::table.filter(assignments::document_id.eq(document_id)))
        .set(assignments::active.eq(false))
        .execute(c))?;
    Ok(())
}

pub fn active_reviewers(conn: &mut DbConn, document_id: i64) -> Result<Vec<i64>, DbError> {
    Ok(with_conn!(conn, |c| assignments::table
        .filter(assignments::document_id.eq(document_id))
        .filter(assignments::active.eq(true))
        .select(assignments::reviewer_id)
        .load(c))?)
}

/// The active assignments of several documents, in the order they were made.
pub fn active_assignments(conn: &mut DbConn, document_ids: &[i64]) -> Result<Vec<Assignment>, DbError> {
    Ok(with_conn!(conn, |c| assignments::table
        .filter(id_in(assignments::document_id, document_ids))
        .filter(assignments::active.eq(true))
        .order(assignments::id)
        .select(Assignment::as_select())
        .load(c))?)
}

pub fn count_of(conn: &mut DbConn, document_id: i64) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| review_rounds::table
        .filter(review_rounds::document_id.eq(document_id))
        .count()
        .get_result(c))?)
}

pub fn open(conn: &mut DbConn, new: &NewRound) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::insert_into(review_rounds::table).values(new).execute(c))?;
    Ok(())
}

/// Closes the document's open round with the action that ended it.
pub fn close(conn: &mut DbConn, document_id: i64, at: i64, outcome: Action) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(
        review_rounds::table
            .filter(review_rounds::document_id.eq(document_id))
            .filter(review_rounds::closed_at.is_null())
    )
    .set((review_rounds::closed_at.eq(Some(at)), review_rounds::outcome.eq(Some(outcome.as_i64()))))
    .execute(c))?;
    Ok(())
}

/// The open round of the document, if any.
pub fn open_round(conn: &mut DbConn, document_id: i64) -> Result<Option<Round>, DbError> {
    Ok(with_conn!(conn, |c| review_rounds::table
        .filter(review_rounds::document_id.eq(document_id))
        .filter(review_rounds::closed_at.is_null())
        .select(Round::as_select())
        .first(c)
        .optional())?)
}

/// Every round of the document, in order.
pub fn of_document(conn: &mut DbConn, document_id: i64) -> Result<Vec<Round>, DbError> {
    Ok(with_conn!(conn, |c| review_rounds::table
        .filter(review_rounds::document_id.eq(document_id))
        .order(review_rounds::number)
        .select(Round::as_select())
        .load(c))?)
}

//! `deadlines` and the DPA dates of `fiscal_years`: what the due dates are computed from.

use crate::infra::db::{DbConn, DbError, now};
use crate::infra::schema::{deadlines, fiscal_years};
use crate::infra::sql::id_in;
use crate::with_conn;
use diesel::prelude::*;

/// A due date the admin set.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = deadlines)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Deadline {
    pub tahun: i64,
    pub doc_type: i64,
    /// ISO date.
    pub due_date: String,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = fiscal_years)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct DpaDate {
    pub tahun: i64,
    /// ISO date.
    pub tanggal_dpa: Option<String>,
}

/// Replaces the due date of one year and type.
pub fn set(conn: &mut DbConn, actor: i64, tahun: i64, doc_type: i64, due_iso: &str) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::delete(
        deadlines::table.filter(deadlines::tahun.eq(tahun)).filter(deadlines::doc_type.eq(doc_type))
    )
    .execute(c))?;
    with_conn!(conn, |c| diesel::insert_into(deadlines::table)
        .values((
            deadlines::tahun.eq(tahun),
            deadlines::doc_type.eq(doc_type),
            deadlines::due_date.eq(due_iso),
            deadlines::set_by.eq(actor),
            deadlines::set_at.eq(now()),
        ))
        .execute(c))?;
    Ok(())
}

/// Sets a fiscal year's DPA date; the number of rows changed (0: the year is in no period).
pub fn set_dpa_date(conn: &mut DbConn, tahun: i64, date_iso: &str) -> Result<usize, DbError> {
    Ok(with_conn!(conn, |c| diesel::update(fiscal_years::table.filter(fiscal_years::tahun.eq(tahun)))
        .set(fiscal_years::tanggal_dpa.eq(Some(date_iso)))
        .execute(c))?)
}

/// The due dates set for some years.
pub fn of_years(conn: &mut DbConn, years: &[i64]) -> Result<Vec<Deadline>, DbError> {
    Ok(with_conn!(conn, |c| deadlines::table
        .filter(id_in(deadlines::tahun, years))
        .select(Deadline::as_select())
        .load(c))?)
}

/// The DPA dates of those of `years` that are fiscal years of some period.
pub fn dpa_dates(conn: &mut DbConn, years: &[i64]) -> Result<Vec<DpaDate>, DbError> {
    Ok(with_conn!(conn, |c| fiscal_years::table
        .filter(id_in(fiscal_years::tahun, years))
        .select(DpaDate::as_select())
        .load(c))?)
}

/// One fiscal year's DPA date: `None` when the year is in no period, `Some(None)` when unset.
pub fn dpa_date(conn: &mut DbConn, tahun: i64) -> Result<Option<Option<String>>, DbError> {
    Ok(with_conn!(conn, |c| fiscal_years::table
        .filter(fiscal_years::tahun.eq(tahun))
        .select(fiscal_years::tanggal_dpa)
        .first(c)
        .optional())?)
}

/// The due dates set for one year.
pub fn of_year(conn: &mut DbConn, tahun: i64) -> Result<Vec<Deadline>, DbError> {
    Ok(with_conn!(conn, |c| deadlines::table.filter(deadlines::tahun.eq(tahun)).select(Deadline::as_select()).load(c))?)
}

//! `periods` (the five-year planning periods) and the years of `fiscal_years` that belong to them.
//! The DPA dates of those years are `deadlines`'.

use crate::infra::db::{DbConn, DbError};
use crate::infra::schema::{fiscal_years, periods};
use crate::with_conn;
use diesel::prelude::*;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = periods)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Period {
    pub id: i64,
    pub nama: String,
    pub tahun_awal: i64,
    pub tahun_akhir: i64,
    pub active: bool,
}

/// What a form edits of a period.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = periods)]
pub struct PeriodValues<'a> {
    pub nama: &'a str,
    pub tahun_awal: i64,
    pub tahun_akhir: i64,
    pub updated_at: i64,
}

/// Every period, the newest first.
pub fn list(conn: &mut DbConn) -> Result<Vec<Period>, DbError> {
    Ok(with_conn!(conn, |c| periods::table.select(Period::as_select()).order(periods::tahun_awal.desc()).load(c))?)
}

pub fn get(conn: &mut DbConn, id: i64) -> Result<Option<Period>, DbError> {
    Ok(with_conn!(conn, |c| periods::table.filter(periods::id.eq(id)).select(Period::as_select()).first(c).optional())?)
}

/// A new, active period.
pub fn insert(conn: &mut DbConn, values: &PeriodValues) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| diesel::insert_into(periods::table)
        .values((values, periods::active.eq(true), periods::created_at.eq(values.updated_at)))
        .returning(periods::id)
        .get_result(c))?)
}

pub fn update(conn: &mut DbConn, id: i64, values: &PeriodValues) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(periods::table.filter(periods::id.eq(id))).set(values).execute(c))?;
    Ok(())
}

pub fn set_active(conn: &mut DbConn, id: i64, active: bool, at: i64) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(periods::table.filter(periods::id.eq(id)))
        .set((periods::active.eq(active), periods::updated_at.eq(at)))
        .execute(c))?;
    Ok(())
}

/// Makes the fiscal years of a period exactly `tahun_awal..=tahun_akhir`: drops the period's years
/// outside it, and adds those of its years that no period has yet.
pub fn sync_fiscal_years(
    conn: &mut DbConn,
    period_id: i64,
    tahun_awal: i64,
    tahun_akhir: i64,
    at: i64,
) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::delete(
        fiscal_years::table
            .filter(fiscal_years::period_id.eq(period_id))
            .filter(fiscal_years::tahun.lt(tahun_awal).or(fiscal_years::tahun.gt(tahun_akhir)))
    )
    .execute(c))?;
    for tahun in tahun_awal..=tahun_akhir {
        let exists: i64 =
            with_conn!(conn, |c| fiscal_years::table.filter(fiscal_years::tahun.eq(tahun)).count().get_result(c))?;
        if exists == 0 {
            with_conn!(conn, |c| diesel::insert_into(fiscal_years::table)
                .values((
                    fiscal_years::period_id.eq(period_id),
                    fiscal_years::tahun.eq(tahun),
                    fiscal_years::created_at.eq(at),
                ))
                .execute(c))?;
        }
    }
    Ok(())
}

/// The period a fiscal year belongs to, once a period holds it.
pub fn of_year(conn: &mut DbConn, tahun: i64) -> Result<Option<i64>, DbError> {
    Ok(with_conn!(conn, |c| fiscal_years::table
        .filter(fiscal_years::tahun.eq(tahun))
        .select(fiscal_years::period_id)
        .first(c)
        .optional())?)
}

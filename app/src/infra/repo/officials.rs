//! `officials`: the Pemda's officials (pejabat), each of one PD or of the Pemda itself.

use crate::domain::roles::PdVisibility;
use crate::infra::db::{DbConn, DbError};
use crate::infra::schema::{officials, perangkat_daerah};
use crate::infra::sql::id_in;
use crate::with_conn;
use diesel::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = officials)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Official {
    pub id: i64,
    pub gelar_depan: String,
    pub nama: String,
    pub gelar_belakang: String,
    pub nip: Option<String>,
    pub golongan: String,
    pub jabatan: String,
    /// `Eselon::as_i64`.
    pub eselon: i64,
    pub pd_id: Option<i64>,
    /// `ActingStatus::as_i64`.
    pub status: i64,
    pub active: bool,
}

/// An official with the abbreviation of their PD.
pub type OfficialInPd = (Official, Option<String>);

/// The fields a form edits; written whole, so a cleared NIP or PD is stored as NULL.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = officials)]
#[diesel(treat_none_as_null = true)]
pub struct OfficialValues<'a> {
    pub gelar_depan: &'a str,
    pub nama: &'a str,
    pub gelar_belakang: &'a str,
    pub nip: Option<&'a str>,
    pub golongan: &'a str,
    pub jabatan: &'a str,
    pub eselon: i64,
    pub pd_id: Option<i64>,
    pub status: i64,
    pub updated_at: i64,
}

/// Officials by echelon and name: with `PdVisibility::Only`, those of the listed PDs only.
pub fn list(
    conn: &mut DbConn,
    visibility: &PdVisibility,
    pd_filter: Option<i64>,
    include_inactive: bool,
) -> Result<Vec<OfficialInPd>, DbError> {
    Ok(with_conn!(conn, |c| {
        let mut query = officials::table
            .left_join(perangkat_daerah::table)
            .select((Official::as_select(), perangkat_daerah::singkatan.nullable()))
            .order((officials::eselon, officials::nama))
            .into_boxed();
        if !include_inactive {
            query = query.filter(officials::active.eq(true));
        }
        if let Some(pd) = pd_filter {
            query = query.filter(officials::pd_id.eq(pd));
        }
        if let PdVisibility::Only(ids) = visibility {
            query = query.filter(id_in(officials::pd_id.assume_not_null(), ids));
        }
        query.load(c)
    })?)
}

pub fn get(conn: &mut DbConn, id: i64) -> Result<Option<OfficialInPd>, DbError> {
    Ok(with_conn!(conn, |c| officials::table
        .left_join(perangkat_daerah::table)
        .filter(officials::id.eq(id))
        .select((Official::as_select(), perangkat_daerah::singkatan.nullable()))
        .first(c)
        .optional())?)
}

/// The number of active officials of each of some PDs (absent: none).
pub fn active_counts(conn: &mut DbConn, pd_ids: &[i64]) -> Result<HashMap<i64, i64>, DbError> {
    let rows: Vec<(Option<i64>, i64)> = with_conn!(conn, |c| officials::table
        .filter(id_in(officials::pd_id.assume_not_null(), pd_ids))
        .filter(officials::active.eq(true))
        .group_by(officials::pd_id)
        .select((officials::pd_id, diesel::dsl::count_star()))
        .load(c))?;
    Ok(rows.into_iter().filter_map(|(pd, n)| pd.map(|pd| (pd, n))).collect())
}

/// The name of another official (not `except`) recorded with `nip`.
pub fn holder_of_nip(conn: &mut DbConn, nip: &str, except: Option<i64>) -> Result<Option<String>, DbError> {
    Ok(with_conn!(conn, |c| officials::table
        .filter(officials::nip.eq(nip))
        .filter(officials::id.ne(except.unwrap_or(-1)))
        .select(officials::nama)
        .first(c)
        .optional())?)
}

/// A new, active official.
pub fn insert(conn: &mut DbConn, values: &OfficialValues) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| diesel::insert_into(officials::table)
        .values((values, officials::active.eq(true), officials::created_at.eq(values.updated_at)))
        .returning(officials::id)
        .get_result(c))?)
}

pub fn update(conn: &mut DbConn, id: i64, values: &OfficialValues) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(officials::table.filter(officials::id.eq(id))).set(values).execute(c))?;
    Ok(())
}

/// The number of rows changed (0: no such official).
pub fn set_active(conn: &mut DbConn, id: i64, active: bool, at: i64) -> Result<usize, DbError> {
    Ok(with_conn!(conn, |c| diesel::update(officials::table.filter(officials::id.eq(id)))
        .set((officials::active.eq(active), officials::updated_at.eq(at)))
        .execute(c))?)
}

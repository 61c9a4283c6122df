//! `perangkat_daerah`: the agencies (PD) of the Pemda.

use crate::domain::roles::PdVisibility;
use crate::infra::db::{DbConn, DbError};
use crate::infra::schema::perangkat_daerah;
use crate::infra::sql::id_in;
use crate::with_conn;
use diesel::prelude::*;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = perangkat_daerah)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct AgencyRecord {
    pub id: i64,
    pub kode: String,
    pub nama: String,
    pub singkatan: String,
    pub kepala_id: Option<i64>,
    pub active: bool,
}

/// The fields a form edits; written whole, so a cleared kepala is stored as NULL.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = perangkat_daerah)]
#[diesel(treat_none_as_null = true)]
pub struct AgencyValues<'a> {
    pub kode: &'a str,
    pub nama: &'a str,
    pub singkatan: &'a str,
    pub kepala_id: Option<i64>,
    pub updated_at: i64,
}

/// The PDs `visibility` lets one see, by code.
pub fn list(
    conn: &mut DbConn,
    visibility: &PdVisibility,
    include_inactive: bool,
) -> Result<Vec<AgencyRecord>, DbError> {
    Ok(with_conn!(conn, |c| {
        let mut query =
            perangkat_daerah::table.select(AgencyRecord::as_select()).order(perangkat_daerah::kode).into_boxed();
        if !include_inactive {
            query = query.filter(perangkat_daerah::active.eq(true));
        }
        if let PdVisibility::Only(ids) = visibility {
            query = query.filter(id_in(perangkat_daerah::id, ids));
        }
        query.load(c)
    })?)
}

pub fn get(conn: &mut DbConn, id: i64) -> Result<Option<AgencyRecord>, DbError> {
    Ok(with_conn!(conn, |c| perangkat_daerah::table
        .filter(perangkat_daerah::id.eq(id))
        .select(AgencyRecord::as_select())
        .first(c)
        .optional())?)
}

/// The name of another PD (not `except`) that already has code `kode`.
pub fn holder_of_code(conn: &mut DbConn, kode: &str, except: Option<i64>) -> Result<Option<String>, DbError> {
    Ok(with_conn!(conn, |c| perangkat_daerah::table
        .filter(perangkat_daerah::kode.eq(kode))
        .filter(perangkat_daerah::id.ne(except.unwrap_or(-1)))
        .select(perangkat_daerah::nama)
        .first(c)
        .optional())?)
}

/// Whether a PD is active: `None` when there is no such PD.
pub fn is_active(conn: &mut DbConn, id: i64) -> Result<Option<bool>, DbError> {
    Ok(with_conn!(conn, |c| perangkat_daerah::table
        .filter(perangkat_daerah::id.eq(id))
        .select(perangkat_daerah::active)
        .first(c)
        .optional())?)
}

/// A new, active PD.
pub fn insert(conn: &mut DbConn, values: &AgencyValues) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| diesel::insert_into(perangkat_daerah::table)
        .values((values, perangkat_daerah::active.eq(true), perangkat_daerah::created_at.eq(values.updated_at)))
        .returning(perangkat_daerah::id)
        .get_result(c))?)
}

pub fn update(conn: &mut DbConn, id: i64, values: &AgencyValues) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(perangkat_daerah::table.filter(perangkat_daerah::id.eq(id)))
        .set(values)
        .execute(c))?;
    Ok(())
}

/// The number of rows changed (0: no such PD).
pub fn set_active(conn: &mut DbConn, id: i64, active: bool, at: i64) -> Result<usize, DbError> {
    Ok(with_conn!(conn, |c| diesel::update(perangkat_daerah::table.filter(perangkat_daerah::id.eq(id)))
        .set((perangkat_daerah::active.eq(active), perangkat_daerah::updated_at.eq(at)))
        .execute(c))?)
}

/// Makes the PD that `official_id` heads headless.
pub fn clear_head(conn: &mut DbConn, official_id: i64) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(perangkat_daerah::table.filter(perangkat_daerah::kepala_id.eq(official_id)))
        .set(perangkat_daerah::kepala_id.eq(None::<i64>))
        .execute(c))?;
    Ok(())
}

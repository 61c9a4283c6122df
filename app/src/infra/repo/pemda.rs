//! `pemda`: the one row (id 1) of the Pemda's profile.

use crate::infra::db::{DbConn, DbError};
use crate::infra::schema::pemda;
use crate::with_conn;
use diesel::prelude::*;

/// The id of the one row.
const ID: i64 = 1;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = pemda)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Pemda {
    pub nama: String,
    pub jabatan_kepala_daerah: String,
    pub kota_ttd: String,
    pub alamat: String,
    pub telepon: String,
    pub email: String,
    pub laman: String,
    pub logo_sha256: Option<String>,
}

/// The profile as a form writes it (the logo is set on its own).
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = pemda)]
pub struct PemdaValues<'a> {
    pub nama: &'a str,
    pub jabatan_kepala_daerah: &'a str,
    pub kota_ttd: &'a str,
    pub alamat: &'a str,
    pub telepon: &'a str,
    pub email: &'a str,
    pub laman: &'a str,
    pub updated_at: i64,
}

/// The profile, or `None` before it is first saved.
pub fn get(conn: &mut DbConn) -> Result<Option<Pemda>, DbError> {
    Ok(with_conn!(conn, |c| pemda::table.select(Pemda::as_select()).first(c).optional())?)
}

pub fn insert(conn: &mut DbConn, values: &PemdaValues) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::insert_into(pemda::table).values((pemda::id.eq(ID), values)).execute(c))?;
    Ok(())
}

pub fn update(conn: &mut DbConn, values: &PemdaValues) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(pemda::table.filter(pemda::id.eq(ID))).set(values).execute(c))?;
    Ok(())
}

pub fn set_logo(conn: &mut DbConn, sha256: &str, at: i64) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(pemda::table.filter(pemda::id.eq(ID)))
        .set((pemda::logo_sha256.eq(sha256), pemda::updated_at.eq(at)))
        .execute(c))?;
    Ok(())
}

//! `pengaturan_capaian`: the one row (id 1) of how the Pemda computes capaian, as JSON.

use crate::infra::db::{DbConn, DbError};
use crate::infra::schema::pengaturan_capaian;
use crate::with_conn;
use diesel::prelude::*;

const ID: i64 = 1;

/// The stored settings as JSON, or `None` before they are first saved.
pub fn get(conn: &mut DbConn) -> Result<Option<String>, DbError> {
    Ok(with_conn!(conn, |c| pengaturan_capaian::table
        .filter(pengaturan_capaian::id.eq(ID))
        .select(pengaturan_capaian::isi)
        .first(c)
        .optional())?)
}

/// Writes the settings, inserting the row the first time.
pub fn put(conn: &mut DbConn, isi: &str, by: i64, at: i64) -> Result<(), DbError> {
    let updated =
        with_conn!(conn, |c| diesel::update(pengaturan_capaian::table.filter(pengaturan_capaian::id.eq(ID)))
            .set((
                pengaturan_capaian::isi.eq(isi),
                pengaturan_capaian::updated_by.eq(by),
                pengaturan_capaian::updated_at.eq(at)
            ))
            .execute(c))?;
    if updated == 0 {
        with_conn!(conn, |c| diesel::insert_into(pengaturan_capaian::table)
            .values((
                pengaturan_capaian::id.eq(ID),
                pengaturan_capaian::isi.eq(isi),
                pengaturan_capaian::updated_by.eq(by),
                pengaturan_capaian::updated_at.eq(at),
            ))
            .execute(c))?;
    }
    Ok(())
}

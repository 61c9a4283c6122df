//! The people and agencies a document names: users by role, user names, PD abbreviations,
//! officials' names.

use crate::domain::master::{ActingStatus, full_name, jabatan_with_status};
use crate::domain::roles::Role;
use crate::infra::db::{DbConn, DbError};
use crate::infra::schema::{officials, perangkat_daerah, role_grants, users};
use crate::infra::sql::id_in;
use crate::with_conn;
use diesel::prelude::*;
use std::collections::HashMap;

/// An active Perangkat Daerah, for the completeness board.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = perangkat_daerah)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Agency {
    pub id: i64,
    pub singkatan: String,
    pub nama: String,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = officials)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct OfficialName {
    id: i64,
    gelar_depan: String,
    nama: String,
    gelar_belakang: String,
}

/// The active users holding `role` (in `pd_id`, when given), by id.
pub fn users_with_role(conn: &mut DbConn, role: Role, pd_id: Option<i64>) -> Result<Vec<i64>, DbError> {
    let mut ids: Vec<i64> = with_conn!(conn, |c| {
        let mut q = role_grants::table
            .inner_join(users::table)
            .filter(role_grants::role.eq(role.as_i64()))
            .filter(users::active.eq(true))
            .select(role_grants::user_id)
            .into_boxed();
        if let Some(pd) = pd_id {
            q = q.filter(role_grants::pd_id.eq(pd));
        }
        q.load(c)
    })?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// `(id, name)` of some users.
pub fn user_names(conn: &mut DbConn, ids: &[i64]) -> Result<Vec<(i64, String)>, DbError> {
    Ok(with_conn!(conn, |c| users::table.filter(id_in(users::id, ids)).select((users::id, users::nama)).load(c))?)
}

/// The abbreviations of some PDs.
pub fn pd_abbreviations(conn: &mut DbConn, ids: &[i64]) -> Result<HashMap<i64, String>, DbError> {
    let rows: Vec<(i64, String)> = with_conn!(conn, |c| perangkat_daerah::table
        .filter(id_in(perangkat_daerah::id, ids))
        .select((perangkat_daerah::id, perangkat_daerah::singkatan))
        .load(c))?;
    Ok(rows.into_iter().collect())
}

/// The full names (with degrees) of some officials.
pub fn official_names(conn: &mut DbConn, ids: &[i64]) -> Result<HashMap<i64, String>, DbError> {
    let rows: Vec<OfficialName> = with_conn!(conn, |c| officials::table
        .filter(id_in(officials::id, ids))
        .select(OfficialName::as_select())
        .load(c))?;
    Ok(rows.into_iter().map(|o| (o.id, full_name(&o.gelar_depan, &o.nama, &o.gelar_belakang))).collect())
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = officials)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct OfficialTitle {
    id: i64,
    jabatan: String,
    status: i64,
}

/// The positions of some officials as a signature block writes them, acting status first
/// (`Plt. Kepala Dinas Lingkungan Hidup`).
pub fn official_titles(conn: &mut DbConn, ids: &[i64]) -> Result<HashMap<i64, String>, DbError> {
    let rows: Vec<OfficialTitle> = with_conn!(conn, |c| officials::table
        .filter(id_in(officials::id, ids))
        .select(OfficialTitle::as_select())
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|o| (o.id, jabatan_with_status(ActingStatus::from_i64(o.status).unwrap_or_default(), &o.jabatan)))
        .collect())
}

/// What the echelon chain needs to know of an official.
#[derive(Clone, Copy, Debug, Queryable, Selectable)]
#[diesel(table_name = officials)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct OfficialStanding {
    pub id: i64,
    pub eselon: i64,
    pub pd_id: Option<i64>,
    pub active: bool,
}

pub fn official_standing(conn: &mut DbConn, official_id: i64) -> Result<Option<OfficialStanding>, DbError> {
    Ok(with_conn!(conn, |c| officials::table
        .filter(officials::id.eq(official_id))
        .select(OfficialStanding::as_select())
        .first(c)
        .optional())?)
}

/// The PD of an official: `None` when there is no such official, `Some(None)` for one of the Pemda.
pub fn official_pd(conn: &mut DbConn, official_id: i64) -> Result<Option<Option<i64>>, DbError> {
    Ok(with_conn!(conn, |c| officials::table
        .filter(officials::id.eq(official_id))
        .select(officials::pd_id)
        .first(c)
        .optional())?)
}

/// The active PDs, by code.
pub fn active_agencies(conn: &mut DbConn) -> Result<Vec<Agency>, DbError> {
    Ok(with_conn!(conn, |c| perangkat_daerah::table
        .filter(perangkat_daerah::active.eq(true))
        .order(perangkat_daerah::kode)
        .select(Agency::as_select())
        .load(c))?)
}

//! `users` and `role_grants`: the accounts and the roles they hold. Sessions and passwords are
//! `infra::auth`'s.

use crate::domain::roles::Role;
use crate::infra::db::{DbConn, DbError};
use crate::infra::schema::{perangkat_daerah, role_grants, users};
use crate::with_conn;
use diesel::prelude::*;

/// A user as the admin pages show them (never the password hash).
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct User {
    pub id: i64,
    pub username: String,
    pub nama: String,
    pub email: Option<String>,
    pub active: bool,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub nama: &'a str,
    pub email: Option<&'a str>,
    pub password_hash: &'a str,
    pub must_change_password: bool,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What an administrator edits of a user.
#[derive(AsChangeset)]
#[diesel(table_name = users)]
#[diesel(treat_none_as_null = true)]
pub struct UserValues<'a> {
    pub username: &'a str,
    pub nama: &'a str,
    pub email: Option<&'a str>,
    pub updated_at: i64,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = role_grants)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct RoleGrant {
    pub id: i64,
    pub user_id: i64,
    /// `Role::as_i64`.
    pub role: i64,
    pub pd_id: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = role_grants)]
pub struct NewRoleGrant {
    pub user_id: i64,
    pub role: i64,
    pub pd_id: Option<i64>,
    pub created_at: i64,
}

/// Every user, by user name.
pub fn list(conn: &mut DbConn) -> Result<Vec<User>, DbError> {
    Ok(with_conn!(conn, |c| users::table.select(User::as_select()).order(users::username).load(c))?)
}

/// One user; `DbError` (not found) when there is none.
pub fn get(conn: &mut DbConn, id: i64) -> Result<User, DbError> {
    Ok(with_conn!(conn, |c| users::table.filter(users::id.eq(id)).select(User::as_select()).first(c))?)
}

pub fn exists(conn: &mut DbConn, id: i64) -> Result<bool, DbError> {
    let n: i64 = with_conn!(conn, |c| users::table.filter(users::id.eq(id)).count().get_result(c))?;
    Ok(n > 0)
}

/// Whether another user (not `except`) has `username`.
pub fn username_taken(conn: &mut DbConn, username: &str, except: Option<i64>) -> Result<bool, DbError> {
    let n: i64 = with_conn!(conn, |c| users::table
        .filter(users::username.eq(username))
        .filter(users::id.ne(except.unwrap_or(-1)))
        .count()
        .get_result(c))?;
    Ok(n > 0)
}

pub fn insert(conn: &mut DbConn, new: &NewUser) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| diesel::insert_into(users::table).values(new).returning(users::id).get_result(c))?)
}

pub fn update(conn: &mut DbConn, id: i64, values: &UserValues) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(users::table.filter(users::id.eq(id))).set(values).execute(c))?;
    Ok(())
}

/// An administrator's reset: the new hash, and the user must choose their own at next login.
pub fn reset_password(conn: &mut DbConn, id: i64, password_hash: &str) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(users::table.filter(users::id.eq(id)))
        .set((users::password_hash.eq(password_hash), users::must_change_password.eq(true)))
        .execute(c))?;
    Ok(())
}

/// The number of rows changed (0: no such user).
pub fn set_active(conn: &mut DbConn, id: i64, active: bool, at: i64) -> Result<usize, DbError> {
    Ok(with_conn!(conn, |c| diesel::update(users::table.filter(users::id.eq(id)))
        .set((users::active.eq(active), users::updated_at.eq(at)))
        .execute(c))?)
}

/// Every grant with the abbreviation of its PD, in the order given.
pub fn list_grants(conn: &mut DbConn) -> Result<Vec<(RoleGrant, Option<String>)>, DbError> {
    Ok(with_conn!(conn, |c| role_grants::table
        .left_join(perangkat_daerah::table)
        .select((RoleGrant::as_select(), perangkat_daerah::singkatan.nullable()))
        .order(role_grants::id)
        .load(c))?)
}

/// One grant; `DbError` (not found) when there is none.
pub fn get_grant(conn: &mut DbConn, id: i64) -> Result<RoleGrant, DbError> {
    Ok(with_conn!(conn, |c| role_grants::table.filter(role_grants::id.eq(id)).select(RoleGrant::as_select()).first(c))?)
}

/// The PDs for which a user holds `role` (`None`: Pemda-wide).
pub fn grant_pds(conn: &mut DbConn, user_id: i64, role: Role) -> Result<Vec<Option<i64>>, DbError> {
    Ok(with_conn!(conn, |c| role_grants::table
        .filter(role_grants::user_id.eq(user_id))
        .filter(role_grants::role.eq(role.as_i64()))
        .select(role_grants::pd_id)
        .load(c))?)
}

pub fn insert_grant(conn: &mut DbConn, new: &NewRoleGrant) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| diesel::insert_into(role_grants::table)
        .values(new)
        .returning(role_grants::id)
        .get_result(c))?)
}

pub fn delete_grant(conn: &mut DbConn, id: i64) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::delete(role_grants::table.filter(role_grants::id.eq(id))).execute(c))?;
    Ok(())
}

/// How many accounts are active.
pub fn count_active(conn: &mut DbConn) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| users::table.filter(users::active.eq(true)).count().get_result(c))?)
}

/// Grants of the admin role held by active users.
pub fn active_admins(conn: &mut DbConn) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| role_grants::table
        .inner_join(users::table)
        .filter(role_grants::role.eq(Role::Admin.as_i64()))
        .filter(users::active.eq(true))
        .count()
        .get_result(c))?)
}

pub fn is_admin(conn: &mut DbConn, user_id: i64) -> Result<bool, DbError> {
    Ok(!grant_pds(conn, user_id, Role::Admin)?.is_empty())
}

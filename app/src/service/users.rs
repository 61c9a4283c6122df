//! Users and their roles: accounts created by an administrator (or the CLI and the demo), a
//! password reset that ends the user's sessions, and grants of roles. The last active admin can
//! neither lose the role nor be deactivated. Every change is written with its audit entry.

use super::field_error;
use super::master::check_pd_active;
use crate::api::types::{GrantRow, UserRow};
use crate::domain::Msg;
use crate::domain::roles::{Grant, Role};
use crate::error::{AppError, Refusal};
use crate::infra::audit;
use crate::infra::auth::delete_user_sessions;
use crate::infra::db::{DbConn, DbError, now};
use crate::infra::repo::users::{self, NewRoleGrant, NewUser, UserValues};
use serde_json::json;

pub fn list_users(conn: &mut DbConn) -> Result<Vec<UserRow>, DbError> {
    let rows = users::list(conn)?;
    let grants = users::list_grants(conn)?;
    Ok(rows
        .into_iter()
        .map(|u| UserRow {
            grants: grants
                .iter()
                .filter(|(g, _)| g.user_id == u.id)
                .filter_map(|(g, pd_singkatan)| {
                    Role::from_i64(g.role).map(|role| GrantRow {
                        id: g.id,
                        role,
                        pd_id: g.pd_id,
                        pd_singkatan: pd_singkatan.clone(),
                    })
                })
                .collect(),
            id: u.id,
            username: u.username,
            nama: u.nama,
            email: u.email,
            active: u.active,
        })
        .collect())
}

fn check_username_free(conn: &mut DbConn, username: &str, except: Option<i64>) -> Result<(), AppError> {
    if users::username_taken(conn, username, except)? {
        return Err(field_error("username", Msg::new("nama pengguna ini sudah dipakai", "this user name is taken")));
    }
    Ok(())
}

pub fn create_user(
    conn: &mut DbConn,
    actor: Option<i64>,
    username: &str,
    nama: &str,
    email: Option<&str>,
    password_hash: &str,
    must_change_password: bool,
) -> Result<i64, AppError> {
    conn.write_tx(|conn| {
        check_username_free(conn, username, None)?;
        let at = now();
        let id = users::insert(
            conn,
            &NewUser {
                username,
                nama,
                email,
                password_hash,
                must_change_password,
                active: true,
                created_at: at,
                updated_at: at,
            },
        )?;
        audit::append(
            conn,
            actor,
            "pengguna",
            Some(id),
            "dibuat",
            json!({ "username": username, "nama": nama, "email": email }),
        )?;
        Ok(id)
    })
}

/// Changes name and user name, and the password when a new hash is given: an administrator's
/// reset, which ends the user's sessions and makes them choose their own password at next login.
pub fn update_user(
    conn: &mut DbConn,
    actor: i64,
    id: i64,
    username: &str,
    nama: &str,
    email: Option<&str>,
    new_password_hash: Option<&str>,
) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let before = users::get(conn, id)?;
        check_username_free(conn, username, Some(id))?;
        users::update(conn, id, &UserValues { username, nama, email, updated_at: now() })?;
        let mut detail = audit::changes(
            &json!({ "username": before.username, "nama": before.nama, "email": before.email }),
            &json!({ "username": username, "nama": nama, "email": email }),
        );
        if let Some(hash) = new_password_hash {
            users::reset_password(conn, id, hash)?;
            delete_user_sessions(conn, id)?;
            if let Some(map) = detail.as_object_mut() {
                map.insert("kata_sandi".into(), json!("diganti"));
            }
        }
        audit::append(conn, Some(actor), "pengguna", Some(id), "diubah", detail)?;
        Ok(())
    })
}

pub fn set_user_active(conn: &mut DbConn, actor: i64, id: i64, active: bool) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        // Read inside the write transaction, so two admins deactivating each other at the same
        // moment cannot both succeed.
        if !active && users::is_admin(conn, id)? && users::active_admins(conn)? <= 1 {
            return Err(last_admin());
        }
        if users::set_active(conn, id, active, now())? == 0 {
            return Err(AppError::NotFound);
        }
        if !active {
            delete_user_sessions(conn, id)?;
        }
        let action = if active { "diaktifkan" } else { "dinonaktifkan" };
        audit::append(conn, Some(actor), "pengguna", Some(id), action, json!({}))?;
        Ok(())
    })
}

pub fn add_grant(conn: &mut DbConn, actor: Option<i64>, user_id: i64, grant: Grant) -> Result<i64, AppError> {
    conn.write_tx(|conn| {
        if !users::exists(conn, user_id)? {
            return Err(AppError::NotFound);
        }
        if let Some(pd_id) = grant.pd_id {
            check_pd_active(conn, pd_id)?;
        }
        if users::grant_pds(conn, user_id, grant.role)?.contains(&grant.pd_id) {
            return Err(AppError::conflict(
                Refusal::Duplicate,
                "Pengguna sudah memegang peran ini",
                "The user already holds this role",
            ));
        }
        let id = users::insert_grant(
            conn,
            &NewRoleGrant { user_id, role: grant.role.as_i64(), pd_id: grant.pd_id, created_at: now() },
        )?;
        audit::append(
            conn,
            actor,
            "pengguna",
            Some(user_id),
            "peran diberikan",
            json!({ "peran": grant.role.code(), "pd_id": grant.pd_id }),
        )?;
        Ok(id)
    })
}

fn last_admin() -> AppError {
    AppError::conflict(
        Refusal::LastAdmin,
        "Admin terakhir tidak dapat kehilangan perannya atau dinonaktifkan",
        "The last administrator cannot lose the role or be deactivated",
    )
}

pub fn remove_grant(conn: &mut DbConn, actor: i64, grant_id: i64) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let grant = users::get_grant(conn, grant_id)?;
        // Counted inside the write transaction, so two admins revoking each other at the same
        // moment cannot both succeed.
        if grant.role == Role::Admin.as_i64() && users::active_admins(conn)? <= 1 {
            return Err(last_admin());
        }
        users::delete_grant(conn, grant_id)?;
        let role = Role::from_i64(grant.role).map(Role::code).unwrap_or("?");
        audit::append(
            conn,
            Some(actor),
            "pengguna",
            Some(grant.user_id),
            "peran dicabut",
            json!({ "peran": role, "pd_id": grant.pd_id }),
        )?;
        Ok(())
    })
}

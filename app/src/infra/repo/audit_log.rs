//! Reading `audit_log`. Entries are written (and their hash chain checked) by `infra::audit`.

use crate::infra::db::{DbConn, DbError};
use crate::infra::schema::{audit_log, users};
use crate::with_conn;
use diesel::prelude::*;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub action: String,
    /// JSON.
    pub detail: String,
}

/// The newest `limit` entries (older than `before_id`, when given) with the user name of whoever
/// made each change (`None`: the system).
pub fn newest(
    conn: &mut DbConn,
    limit: i64,
    before_id: Option<i64>,
) -> Result<Vec<(AuditEntry, Option<String>)>, DbError> {
    Ok(with_conn!(conn, |c| {
        let mut query = audit_log::table
            .left_join(users::table)
            .select((AuditEntry::as_select(), users::username.nullable()))
            .order(audit_log::id.desc())
            .limit(limit)
            .into_boxed();
        if let Some(before) = before_id {
            query = query.filter(audit_log::id.lt(before));
        }
        query.load(c)
    })?)
}

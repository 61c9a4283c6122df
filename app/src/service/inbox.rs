//! The inbox: each user's notifications, newest first.

use crate::api::types::InboxItem;
use crate::infra::db::{DbConn, DbError};
use crate::infra::repo::notifications;

pub fn inbox(conn: &mut DbConn, user_id: i64, limit: i64) -> Result<Vec<InboxItem>, DbError> {
    Ok(notifications::latest(conn, user_id, limit)?
        .into_iter()
        .map(|n| InboxItem {
            id: n.id,
            document_id: n.document_id,
            kind: n.kind,
            message_id: n.message_id,
            message_en: n.message_en,
            created_at: n.created_at,
            read: n.read_at.is_some(),
        })
        .collect())
}

pub fn unread_count(conn: &mut DbConn, user_id: i64) -> Result<i64, DbError> {
    notifications::unread_count(conn, user_id)
}

/// Marks one notification (or, with `None`, all of them) read.
pub fn mark_read(conn: &mut DbConn, user_id: i64, id: Option<i64>) -> Result<(), DbError> {
    notifications::mark_read(conn, user_id, id)
}

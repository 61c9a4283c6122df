//! `notifications`: each user's inbox (mailed by `infra::mail` when SMTP is configured).

use crate::domain::Msg;
use crate::infra::db::{DbConn, DbError, now};
use crate::infra::schema::notifications;
use crate::with_conn;
use diesel::prelude::*;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = notifications)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Notification {
    pub id: i64,
    pub document_id: Option<i64>,
    pub kind: String,
    pub message_id: String,
    pub message_en: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = notifications)]
struct NewNotification<'a> {
    user_id: i64,
    document_id: Option<i64>,
    kind: &'a str,
    message_id: &'a str,
    message_en: &'a str,
    created_at: i64,
}

/// Puts a message in each recipient's inbox (and the mail queue), about a document or, with
/// `None`, about the account itself.
pub fn notify(
    conn: &mut DbConn,
    recipients: &[i64],
    doc_id: Option<i64>,
    kind: &str,
    msg: &Msg,
) -> Result<(), DbError> {
    let at = now();
    for user in recipients {
        let new = NewNotification {
            user_id: *user,
            document_id: doc_id,
            kind,
            message_id: &msg.id,
            message_en: &msg.en,
            created_at: at,
        };
        with_conn!(conn, |c| diesel::insert_into(notifications::table).values(&new).execute(c))?;
    }
    Ok(())
}

/// The user's newest `limit` notifications, newest first.
pub fn latest(conn: &mut DbConn, user_id: i64, limit: i64) -> Result<Vec<Notification>, DbError> {
    Ok(with_conn!(conn, |c| notifications::table
        .filter(notifications::user_id.eq(user_id))
        .order(notifications::id.desc())
        .limit(limit)
        .select(Notification::as_select())
        .load(c))?)
}

pub fn unread_count(conn: &mut DbConn, user_id: i64) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(c))?)
}

/// Marks one notification (or, with `None`, all of them) read.
pub fn mark_read(conn: &mut DbConn, user_id: i64, id: Option<i64>) -> Result<(), DbError> {
    with_conn!(conn, |c| {
        let mut q = diesel::update(notifications::table)
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null())
            .into_boxed();
        if let Some(id) = id {
            q = q.filter(notifications::id.eq(id));
        }
        q.set(notifications::read_at.eq(Some(now()))).execute(c)
    })?;
    Ok(())
}

//! `comment_threads`, `comments` and `suggestions`: what a review says about a version.

use crate::domain::review::{SuggestionState, ThreadState};
use crate::infra::db::{DbConn, DbError, now};
use crate::infra::schema::{comment_threads, comments, suggestions};
use crate::infra::sql::id_in;
use crate::with_conn;
use diesel::prelude::*;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = comment_threads)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Thread {
    pub id: i64,
    pub document_id: i64,
    pub round_id: i64,
    pub version_id: i64,
    /// `Anchor::encode`.
    pub anchor: String,
    pub state: i64,
    pub fixed_in_version_id: Option<i64>,
    pub created_by: i64,
}

#[derive(Insertable)]
#[diesel(table_name = comment_threads)]
pub struct NewThread<'a> {
    pub document_id: i64,
    pub round_id: i64,
    pub version_id: i64,
    pub anchor: &'a str,
    pub state: i64,
    pub created_by: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = comments)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Comment {
    pub thread_id: i64,
    pub author_id: i64,
    pub body: String,
    pub created_at: i64,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = suggestions)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Suggestion {
    pub id: i64,
    pub thread_id: i64,
    pub anchor: String,
    pub proposed: String,
    pub state: i64,
    pub reason: String,
}

#[derive(Insertable)]
#[diesel(table_name = suggestions)]
pub struct NewSuggestion<'a> {
    pub thread_id: i64,
    pub anchor: &'a str,
    pub proposed: &'a str,
    pub state: i64,
    pub reason: &'a str,
}

pub fn insert_thread(conn: &mut DbConn, new: &NewThread) -> Result<i64, DbError> {
    Ok(with_conn!(conn, |c| diesel::insert_into(comment_threads::table)
        .values(new)
        .returning(comment_threads::id)
        .get_result(c))?)
}

pub fn insert_comment(conn: &mut DbConn, thread_id: i64, author: i64, body: &str) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::insert_into(comments::table)
        .values((
            comments::thread_id.eq(thread_id),
            comments::author_id.eq(author),
            comments::body.eq(body),
            comments::created_at.eq(now()),
        ))
        .execute(c))?;
    Ok(())
}

pub fn insert_suggestion(conn: &mut DbConn, new: &NewSuggestion) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::insert_into(suggestions::table).values(new).execute(c))?;
    Ok(())
}

pub fn find(conn: &mut DbConn, thread_id: i64) -> Result<Thread, DbError> {
    Ok(with_conn!(conn, |c| comment_threads::table
        .filter(comment_threads::id.eq(thread_id))
        .select(Thread::as_select())
        .first(c))?)
}

/// The threads of the document that are not resolved.
pub fn count_unresolved(conn: &mut DbConn, document_id: i64) -> Result<usize, DbError> {
    let n: i64 = with_conn!(conn, |c| comment_threads::table
        .filter(comment_threads::document_id.eq(document_id))
        .filter(comment_threads::state.ne(ThreadState::Resolved.as_i64()))
        .count()
        .get_result(c))?;
    Ok(n as usize)
}

pub fn mark_fixed(conn: &mut DbConn, thread_id: i64, fixing_version_id: i64) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::update(comment_threads::table.filter(comment_threads::id.eq(thread_id)))
        .set((
            comment_threads::state.eq(ThreadState::Fixed.as_i64()),
            comment_threads::fixed_in_version_id.eq(Some(fixing_version_id))
        ))
        .execute(c))?;
    Ok(())
}

/// Resolves the thread unless it already is; the number of rows changed (0: it was).
pub fn resolve(conn: &mut DbConn, thread_id: i64, by: i64) -> Result<usize, DbError> {
    Ok(with_conn!(conn, |c| diesel::update(
        comment_threads::table
            .filter(comment_threads::id.eq(thread_id))
            .filter(comment_threads::state.ne(ThreadState::Resolved.as_i64()))
    )
    .set((
        comment_threads::state.eq(ThreadState::Resolved.as_i64()),
        comment_threads::resolved_by.eq(Some(by)),
        comment_threads::resolved_at.eq(Some(now())),
    ))
    .execute(c))?)
}

pub fn find_suggestion(conn: &mut DbConn, suggestion_id: i64) -> Result<Suggestion, DbError> {
    Ok(with_conn!(conn, |c| suggestions::table
        .filter(suggestions::id.eq(suggestion_id))
        .select(Suggestion::as_select())
        .first(c))?)
}

/// Records the decision on a pending suggestion; the number of rows changed (0: decided meanwhile).
pub fn decide_suggestion(
    conn: &mut DbConn,
    suggestion_id: i64,
    state: SuggestionState,
    reason: &str,
    by: i64,
) -> Result<usize, DbError> {
    Ok(with_conn!(conn, |c| diesel::update(
        suggestions::table
            .filter(suggestions::id.eq(suggestion_id))
            .filter(suggestions::state.eq(SuggestionState::Pending.as_i64()))
    )
    .set((
        suggestions::state.eq(state.as_i64()),
        suggestions::reason.eq(reason),
        suggestions::decided_by.eq(Some(by)),
        suggestions::decided_at.eq(Some(now())),
    ))
    .execute(c))?)
}

/// Every thread of the document, in the order written.
pub fn of_document(conn: &mut DbConn, document_id: i64) -> Result<Vec<Thread>, DbError> {
    Ok(with_conn!(conn, |c| comment_threads::table
        .filter(comment_threads::document_id.eq(document_id))
        .order(comment_threads::id)
        .select(Thread::as_select())
        .load(c))?)
}

/// The comments of several threads, in the order written.
pub fn comments_of(conn: &mut DbConn, thread_ids: &[i64]) -> Result<Vec<Comment>, DbError> {
    Ok(with_conn!(conn, |c| comments::table
        .filter(id_in(comments::thread_id, thread_ids))
        .order(comments::id)
        .select(Comment::as_select())
        .load(c))?)
}

pub fn suggestions_of(conn: &mut DbConn, thread_ids: &[i64]) -> Result<Vec<Suggestion>, DbError> {
    Ok(with_conn!(conn, |c| suggestions::table
        .filter(id_in(suggestions::thread_id, thread_ids))
        .select(Suggestion::as_select())
        .load(c))?)
}

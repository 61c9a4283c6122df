//! `workflow_events`: every transition, appended and never changed.

use crate::domain::workflow::Action;
use crate::infra::db::{DbConn, DbError};
use crate::infra::schema::workflow_events;
use crate::with_conn;
use diesel::prelude::*;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = workflow_events)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct Event {
    pub at: i64,
    pub user_id: i64,
    pub action: i64,
    pub from_state: i64,
    pub to_state: i64,
    pub note: String,
    pub version_id: Option<i64>,
    pub assignee_id: Option<i64>,
}

#[derive(Insertable)]
#[diesel(table_name = workflow_events)]
pub struct NewEvent<'a> {
    pub document_id: i64,
    pub at: i64,
    pub user_id: i64,
    pub action: i64,
    pub from_state: i64,
    pub to_state: i64,
    pub note: &'a str,
    pub version_id: Option<i64>,
    pub assignee_id: Option<i64>,
}

pub fn append(conn: &mut DbConn, new: &NewEvent) -> Result<(), DbError> {
    with_conn!(conn, |c| diesel::insert_into(workflow_events::table).values(new).execute(c))?;
    Ok(())
}

/// Who submitted the document last (the version now under way), if anyone has.
pub fn submitter(conn: &mut DbConn, document_id: i64) -> Result<Option<i64>, DbError> {
    Ok(with_conn!(conn, |c| workflow_events::table
        .filter(workflow_events::document_id.eq(document_id))
        .filter(workflow_events::action.eq(Action::Submit.as_i64()))
        .order(workflow_events::id.desc())
        .select(workflow_events::user_id)
        .first(c)
        .optional())?)
}

/// The document's history, oldest first.
pub fn of_document(conn: &mut DbConn, document_id: i64) -> Result<Vec<Event>, DbError> {
    Ok(with_conn!(conn, |c| workflow_events::table
        .filter(workflow_events::document_id.eq(document_id))
        .order(workflow_events::id)
        .select(Event::as_select())
        .load(c))?)
}

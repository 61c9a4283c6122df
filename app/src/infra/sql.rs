//! SQL pieces diesel does not offer in the shape we need.
//!
//! [`id_in`] is `column IN (ids)` written so that its statement text does not depend on how many
//! ids there are. Diesel's `eq_any` spells SQLite's list out (`IN (?, ?, ?)`) and marks the
//! statement unsafe to cache, so every call is parsed and planned again — on the document page that
//! was the largest share of the server's CPU. Here the list is one bind parameter: a JSON array
//! read by `json_each` on SQLite, an array compared with `= ANY` on PostgreSQL. Each connection
//! prepares the statement once and reuses it, and there is no bind-parameter limit to chunk for.

use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel::serialize::ToSql;
use diesel::sql_types::{Array, Bool, HasSqlType, SingleValue, Text};
use diesel::sqlite::Sqlite;
use std::fmt::Display;

/// `column IN (values)` with the values (whole numbers: ids, years) as one bind parameter; see the
/// module documentation.
pub fn id_in<C, V>(column: C, values: &[V]) -> IdIn<C, V>
where
    C: Expression,
    V: Copy + Display,
{
    let json = format!("[{}]", values.iter().map(V::to_string).collect::<Vec<_>>().join(","));
    IdIn { column, values: values.to_vec(), json }
}

#[derive(Debug, Clone)]
pub struct IdIn<C, V> {
    column: C,
    values: Vec<V>,
    /// The same values as a JSON array, SQLite's form.
    json: String,
}

impl<C: Expression, V> Expression for IdIn<C, V> {
    type SqlType = Bool;
}

impl<C: AppearsOnTable<QS>, V, QS> AppearsOnTable<QS> for IdIn<C, V> where Self: Expression {}

impl<C: SelectableExpression<QS>, V, QS> SelectableExpression<QS> for IdIn<C, V> where Self: AppearsOnTable<QS> {}

impl<C: ValidGrouping<GB>, V, GB> ValidGrouping<GB> for IdIn<C, V> {
    type IsAggregate = C::IsAggregate;
}

/// The statement's text is the same whatever the values, so diesel caches it by its text.
impl<C, V> QueryId for IdIn<C, V> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C: QueryFragment<Sqlite>, V> QueryFragment<Sqlite> for IdIn<C, V> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (SELECT value FROM json_each(");
        out.push_bind_param::<Text, _>(&self.json)?;
        out.push_sql("))");
        Ok(())
    }
}

impl<C, V> QueryFragment<Pg> for IdIn<C, V>
where
    C: Expression + QueryFragment<Pg>,
    C::SqlType: SingleValue,
    Pg: HasSqlType<C::SqlType>,
    Vec<V>: ToSql<Array<C::SqlType>, Pg>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" = ANY(");
        out.push_bind_param::<Array<C::SqlType>, _>(&self.values)?;
        out.push_sql(")");
        Ok(())
    }
}

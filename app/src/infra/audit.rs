//! The append-only audit trail of master-data changes: who, when, what changed. The database
//! refuses UPDATE and DELETE on `audit_log` (triggers in the migrations).

use super::db::{DbConn, DbError, now};
use super::schema::audit_log;
use crate::with_conn;
use diesel::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value, json};

pub fn append(
    conn: &mut DbConn,
    actor: Option<i64>,
    entity: &str,
    entity_id: Option<i64>,
    action: &str,
    detail: Value,
) -> Result<(), DbError> {
    let detail = serde_json::to_string(&detail).unwrap_or_else(|_| "{}".into());
    with_conn!(conn, |c| diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(now()),
            audit_log::user_id.eq(actor),
            audit_log::entity.eq(entity),
            audit_log::entity_id.eq(entity_id),
            audit_log::action.eq(action),
            audit_log::detail.eq(&detail),
        ))
        .execute(c))?;
    Ok(())
}

/// The fields that differ between two values of the same record, as
/// `{"field": {"lama": old, "baru": new}}`.
pub fn changes<T: Serialize>(before: &T, after: &T) -> Value {
    let as_map = |v: &T| match serde_json::to_value(v) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let (old, new) = (as_map(before), as_map(after));
    let mut out = Map::new();
    for (key, new_value) in &new {
        let old_value = old.get(key).cloned().unwrap_or(Value::Null);
        if &old_value != new_value {
            out.insert(key.clone(), json!({ "lama": old_value, "baru": new_value }));
        }
    }
    Value::Object(out)
}

/// Every field of a new record, for a "created" entry.
pub fn snapshot<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

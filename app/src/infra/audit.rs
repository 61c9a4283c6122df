//! The append-only audit trail: who, when, what changed, for master data and every workflow
//! event. The database refuses UPDATE and DELETE on `audit_log` (triggers in the migrations), and
//! each entry carries the hash of the one before, so even a rewrite that bypasses the triggers
//! breaks the chain where it happened ([`verify`]).

use super::db::{DbConn, DbError, now};
use super::schema::audit_log;
use crate::with_conn;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// The hash of one entry: SHA-256 over the previous hash and the entry's fields, written as a
/// JSON array so that no two different entries serialise alike.
pub fn entry_hash(
    prev_hash: &str,
    at: i64,
    user_id: Option<i64>,
    entity: &str,
    entity_id: Option<i64>,
    action: &str,
    detail: &str,
) -> String {
    let fields = json!([prev_hash, at, user_id, entity, entity_id, action, detail]).to_string();
    hex::encode(Sha256::digest(fields.as_bytes()))
}

/// Appends an entry about a document, by the user who changed it. Call it inside the
/// transaction of the change it records.
pub fn append_for_document(
    conn: &mut DbConn,
    user_id: i64,
    document_id: i64,
    action: &str,
    detail: Value,
) -> Result<(), DbError> {
    append(conn, Some(user_id), "dokumen", Some(document_id), action, detail)
}

/// Appends an entry. Call it inside the transaction of the change it records.
pub fn append(
    conn: &mut DbConn,
    actor: Option<i64>,
    entity: &str,
    entity_id: Option<i64>,
    action: &str,
    detail: Value,
) -> Result<(), DbError> {
    let detail = serde_json::to_string(&detail).unwrap_or_else(|_| "{}".into());
    if let DbConn::Pg(c) = conn {
        // Writers take turns at the end of the chain (SQLite's BEGIN IMMEDIATE already does).
        c.batch_execute(super::db::LOCK_WRITES_PG)?;
    }
    let prev_hash: String =
        with_conn!(conn, |c| audit_log::table.order(audit_log::id.desc()).select(audit_log::hash).first(c).optional())?
            .unwrap_or_default();
    let at = now();
    let hash = entry_hash(&prev_hash, at, actor, entity, entity_id, action, &detail);
    with_conn!(conn, |c| diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(at),
            audit_log::user_id.eq(actor),
            audit_log::entity.eq(entity),
            audit_log::entity_id.eq(entity_id),
            audit_log::action.eq(action),
            audit_log::detail.eq(&detail),
            audit_log::prev_hash.eq(&prev_hash),
            audit_log::hash.eq(&hash),
        ))
        .execute(c))?;
    Ok(())
}

/// The outcome of [`verify`].
#[derive(Debug, PartialEq, Eq)]
pub struct ChainReport {
    pub entries: usize,
    /// The id of the first entry whose link is broken, and why.
    pub first_broken: Option<(i64, String)>,
}

type ChainRow = (i64, i64, Option<i64>, String, Option<i64>, String, String, String, String);

/// Walks the whole chain in id order and names the first broken link.
pub fn verify(conn: &mut DbConn) -> Result<ChainReport, DbError> {
    let mut expected_prev = String::new();
    let mut entries = 0;
    let mut after = 0_i64;
    loop {
        let rows: Vec<ChainRow> = with_conn!(conn, |c| audit_log::table
            .filter(audit_log::id.gt(after))
            .order(audit_log::id)
            .limit(5_000)
            .select((
                audit_log::id,
                audit_log::at,
                audit_log::user_id,
                audit_log::entity,
                audit_log::entity_id,
                audit_log::action,
                audit_log::detail,
                audit_log::prev_hash,
                audit_log::hash,
            ))
            .load(c))?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        for (id, at, user_id, entity, entity_id, action, detail, prev_hash, hash) in rows {
            entries += 1;
            if prev_hash != expected_prev {
                let reason = "prev_hash does not match the entry before (an entry was removed or reordered)";
                return Ok(ChainReport { entries, first_broken: Some((id, reason.into())) });
            }
            if entry_hash(&prev_hash, at, user_id, &entity, entity_id, &action, &detail) != hash {
                let reason = "the entry's content does not match its hash (it was changed)";
                return Ok(ChainReport { entries, first_broken: Some((id, reason.into())) });
            }
            expected_prev = hash;
        }
    }
    Ok(ChainReport { entries, first_broken: None })
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

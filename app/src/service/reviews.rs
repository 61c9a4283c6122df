//! The review of a document: threads on the version under review, replies, "sudah diperbaiki",
//! resolving, and the PD's decision on a suggested value.

use super::documents::stale_checked_update;
use super::{authorise, changed_meanwhile, conflict, field_error, relation, version_content};
use crate::domain::Msg;
use crate::domain::access::Capability;
use crate::domain::model::{self, Anchor, SetFieldError};
use crate::domain::review::{self, SuggestionState, ThreadState};
use crate::error::{AppError, Refusal};
use crate::infra::audit;
use crate::infra::auth::SessionUser;
use crate::infra::db::{DbConn, now};
use crate::infra::repo::documents as docs;
use crate::infra::repo::threads::{self, NewSuggestion, NewThread};
use crate::infra::repo::{rounds, versions};
use serde_json::json;

/// A reviewer's comment on a place of the version under review, optionally with a new value for
/// that field.
pub fn add_thread(
    conn: &mut DbConn,
    user: &SessionUser,
    doc_id: i64,
    anchor: &Anchor,
    body: &str,
    proposed: Option<&str>,
) -> Result<i64, AppError> {
    let body = review::sanitize_comment(body).map_err(|m| field_error("body", m))?;
    conn.write_tx(|conn| {
        let doc = docs::load(conn, doc_id)?;
        authorise(user, &relation(conn, user, &doc)?, Capability::Comment)?;
        let round = rounds::open_round(conn, doc_id)?.ok_or_else(|| {
            conflict(
                Refusal::NoOpenRound,
                Msg::new(
                    "Catatan hanya dapat ditulis dalam putaran reviu yang terbuka",
                    "Comments can be written only during an open review round",
                ),
            )
        })?;
        let (content, files) = version_content(conn, round.version_id)?;
        let shas: Vec<String> = files.into_iter().map(|f| f.1).collect();
        if !anchor.exists_in(&content, &shas) {
            return Err(field_error(
                "anchor",
                Msg::new(
                    "tempat ini tidak ada dalam versi yang direviu",
                    "this place is not in the version under review",
                ),
            ));
        }
        if let Some(value) = proposed {
            model::check_suggestion(&content, anchor, value).map_err(|m| field_error("proposed", m))?;
        }
        let encoded = anchor.encode();
        let thread_id = threads::insert_thread(
            conn,
            &NewThread {
                document_id: doc_id,
                round_id: round.id,
                version_id: round.version_id,
                anchor: &encoded,
                state: ThreadState::Open.as_i64(),
                created_by: user.user_id,
                created_at: now(),
            },
        )?;
        threads::insert_comment(conn, thread_id, user.user_id, &body)?;
        if let Some(value) = proposed {
            threads::insert_suggestion(
                conn,
                &NewSuggestion {
                    thread_id,
                    anchor: &encoded,
                    proposed: value.trim(),
                    state: SuggestionState::Pending.as_i64(),
                    reason: "",
                },
            )?;
        }
        audit::append_for_document(
            conn,
            user.user_id,
            doc_id,
            "catatan ditulis",
            json!({ "thread_id": thread_id, "tempat": encoded, "usulan": proposed }),
        )?;
        Ok(thread_id)
    })
}

pub fn reply(conn: &mut DbConn, user: &SessionUser, thread_id: i64, body: &str) -> Result<(), AppError> {
    let body = review::sanitize_comment(body).map_err(|m| field_error("body", m))?;
    conn.write_tx(|conn| {
        let thread = threads::find(conn, thread_id)?;
        let doc = docs::load(conn, thread.document_id)?;
        authorise(user, &relation(conn, user, &doc)?, Capability::Reply)?;
        threads::insert_comment(conn, thread_id, user.user_id, &body)?;
        audit::append_for_document(conn, user.user_id, doc.id, "catatan dibalas", json!({ "thread_id": thread_id }))?;
        Ok(())
    })
}

/// The PD says a thread is fixed, pointing at the version (by number) that fixes it.
pub fn mark_fixed(conn: &mut DbConn, user: &SessionUser, thread_id: i64, version_number: i64) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let thread = threads::find(conn, thread_id)?;
        let doc = docs::load(conn, thread.document_id)?;
        authorise(user, &relation(conn, user, &doc)?, Capability::MarkFixed)?;
        if thread_state(&thread)? == ThreadState::Resolved {
            return Err(thread_resolved());
        }
        let thread_number = versions::number_of(conn, thread.version_id)?;
        let fixing = versions::id_of_number(conn, doc.id, version_number)?;
        let Some(fixing) = fixing.filter(|_| version_number > thread_number) else {
            return Err(field_error(
                "version",
                Msg::new(
                    "tunjuk versi yang lebih baru dari versi yang dicatat",
                    "point at a version newer than the one commented on",
                ),
            ));
        };
        threads::mark_fixed(conn, thread_id, fixing)?;
        audit::append_for_document(
            conn,
            user.user_id,
            doc.id,
            "catatan diperbaiki",
            json!({ "thread_id": thread_id, "versi": version_number }),
        )?;
        Ok(())
    })
}

/// The reviewer who opened a thread resolves it, or the kabag (who leads the review); once
/// resolved, it stays resolved (`review::may_resolve`).
pub fn resolve(conn: &mut DbConn, user: &SessionUser, thread_id: i64) -> Result<(), AppError> {
    conn.write_tx(|conn| {
        let thread = threads::find(conn, thread_id)?;
        let state = thread_state(&thread)?;
        let doc = docs::load(conn, thread.document_id)?;
        authorise(user, &relation(conn, user, &doc)?, Capability::ResolveThread { opened_by: thread.created_by })?;
        if state == ThreadState::Resolved {
            return Err(thread_resolved());
        }
        if threads::resolve(conn, thread_id, user.user_id)? == 0 {
            return Err(thread_resolved());
        }
        audit::append_for_document(
            conn,
            user.user_id,
            doc.id,
            "catatan diselesaikan",
            json!({ "thread_id": thread_id }),
        )?;
        Ok(())
    })
}

fn thread_state(thread: &threads::Thread) -> Result<ThreadState, AppError> {
    ThreadState::from_i64(thread.state).ok_or(AppError::Internal)
}

fn thread_resolved() -> AppError {
    conflict(Refusal::ThreadResolved, Msg::new("Catatan ini sudah selesai", "This comment is already resolved"))
}

/// The PD accepts a suggested value (applied to the working copy) or rejects it with a reason.
pub fn decide_suggestion(
    conn: &mut DbConn,
    user: &SessionUser,
    suggestion_id: i64,
    accept: bool,
    reason: &str,
) -> Result<(), AppError> {
    if !accept && reason.trim().is_empty() {
        return Err(field_error(
            "reason",
            Msg::new("alasan penolakan wajib diisi", "a reason for rejecting is required"),
        ));
    }
    conn.write_tx(|conn| {
        let suggestion = threads::find_suggestion(conn, suggestion_id)?;
        let thread = threads::find(conn, suggestion.thread_id)?;
        let doc = docs::load(conn, thread.document_id)?;
        authorise(user, &relation(conn, user, &doc)?, Capability::DecideSuggestion)?;
        if suggestion.state != SuggestionState::Pending.as_i64() {
            return Err(conflict(
                Refusal::SuggestionDecided,
                Msg::new("Usulan ini sudah diputuskan", "This suggestion was already decided"),
            ));
        }
        if accept {
            if !doc.state.editable_by_owner() {
                return Err(conflict(
                    Refusal::NotEditable,
                    Msg::new(
                        "Usulan diterapkan ke draf; tunggu sampai dokumen dikembalikan untuk perbaikan",
                        "Suggestions apply to the draft; wait until the document is returned for changes",
                    ),
                ));
            }
            let anchor = Anchor::decode(&suggestion.anchor).ok_or(AppError::Internal)?;
            let mut content = doc.content.clone();
            match model::apply_suggestion(&mut content, &anchor, &suggestion.proposed) {
                Ok(()) => {}
                Err(SetFieldError::Invalid(msg)) => return Err(field_error("proposed", msg)),
                Err(SetFieldError::NodeGone | SetFieldError::NotEditable) => {
                    return Err(conflict(
                        Refusal::RowGone,
                        Msg::new(
                            "Baris yang diusulkan sudah tidak ada di draf",
                            "The row the suggestion is for is no longer in the draft",
                        ),
                    ));
                }
            }
            stale_checked_update(conn, &doc, doc.revision, &doc.judul, &content)?;
        }
        let new_state = if accept { SuggestionState::Accepted } else { SuggestionState::Rejected };
        if threads::decide_suggestion(conn, suggestion_id, new_state, reason.trim(), user.user_id)? == 0 {
            return Err(changed_meanwhile());
        }
        let action = if accept { "usulan diterima" } else { "usulan ditolak" };
        audit::append_for_document(conn, user.user_id, doc.id, action,
            json!({ "usulan_id": suggestion_id, "tempat": suggestion.anchor, "nilai": suggestion.proposed, "alasan": reason.trim() }),
        )?;
        Ok(())
    })
}

//! The document page: the working copy, its files, versions, history, rounds and threads, the
//! diff a reviewer needs, and what this user may do now.

use super::boards::to_row;
use super::{authorise, name_of, relation, version_content};
use crate::api::types::{
    CommentRow, DocumentDetail, EventRow, FileRow, PerubahanRow, RoundRow, SuggestionRow, ThreadView, VersionRow,
};
use crate::domain::access::{self, Capability};
use crate::domain::format::CivilDate;
use crate::domain::model::{self, Anchor, ContentDiff};
use crate::domain::perubahan::AlasanPerubahan;
use crate::domain::review::{SuggestionState, ThreadState};
use crate::domain::workflow::{Action, State};
use crate::error::AppError;
use crate::infra::auth::SessionUser;
use crate::infra::db::DbConn;
use crate::infra::repo::documents as docs;
use crate::infra::repo::{events, files, names, perubahan, rounds, threads, versions};

pub fn detail(conn: &mut DbConn, user: &SessionUser, id: i64) -> Result<DocumentDetail, AppError> {
    let doc = docs::load(conn, id)?;
    let relation = relation(conn, user, &doc)?;
    authorise(user, &relation, Capability::Read)?;
    let row = to_row(conn, &doc)?;
    let files = files::current_of(conn, id)?;
    let versions = versions::of_document(conn, id)?;
    let events = events::of_document(conn, id)?;
    let rounds = rounds::of_document(conn, id)?;
    let threads = threads::of_document(conn, id)?;
    let thread_ids: Vec<i64> = threads.iter().map(|t| t.id).collect();
    let all_comments = threads::comments_of(conn, &thread_ids)?;
    let all_suggestions = threads::suggestions_of(conn, &thread_ids)?;

    let mut people: Vec<i64> = versions.iter().map(|v| v.created_by).chain(events.iter().map(|e| e.user_id)).collect();
    people.extend(events.iter().filter_map(|e| e.assignee_id));
    people.extend(rounds.iter().map(|r| r.reviewer_id));
    people.extend(all_comments.iter().map(|c| c.author_id));
    people.sort_unstable();
    people.dedup();
    let names = names::user_names(conn, &people)?;
    let number_of = |vid: i64| versions.iter().find(|v| v.id == vid).map(|v| v.number).unwrap_or(0);

    // The diff a reviewer needs: from the version of the last closed round to the newest version.
    let last_reviewed = rounds.iter().rev().find(|r| r.closed_at.is_some()).map(|r| r.version_id);
    let newest = versions.last().map(|v| v.id);
    let diff: Option<(i64, i64, ContentDiff)> = match (last_reviewed, newest) {
        (Some(old), Some(new)) if old != new => {
            let (a, af) = version_content(conn, old)?;
            let (b, bf) = version_content(conn, new)?;
            Some((number_of(old), number_of(new), model::diff(&a, &af, &b, &bf)))
        }
        _ => None,
    };
    // One diff per distinct version that threads were written on, against the newest version.
    let mut diffs_to_newest: Vec<(i64, ContentDiff)> = Vec::new();
    if let Some(new) = newest {
        let newest_content = version_content(conn, new)?;
        for version_id in threads.iter().map(|t| t.version_id) {
            if version_id != new && !diffs_to_newest.iter().any(|(v, _)| *v == version_id) {
                let (a, af) = version_content(conn, version_id)?;
                diffs_to_newest.push((version_id, model::diff(&a, &af, &newest_content.0, &newest_content.1)));
            }
        }
    }
    let mut thread_views = Vec::new();
    for thread in threads {
        let state = ThreadState::from_i64(thread.state).unwrap_or(ThreadState::Open);
        let anchor = Anchor::decode(&thread.anchor).ok_or(AppError::Internal)?;
        let anchor_changed = diffs_to_newest
            .iter()
            .find(|(v, _)| *v == thread.version_id)
            .is_some_and(|(_, diff)| diff.touches(&anchor));
        let may_resolve = access::may(
            user.user_id,
            &user.grants,
            &relation,
            Capability::ResolveThread { opened_by: thread.created_by },
        );
        thread_views.push(ThreadView {
            id: thread.id,
            round: rounds.iter().find(|r| r.id == thread.round_id).map(|r| r.number).unwrap_or(0),
            anchor: anchor.clone(),
            state,
            can_resolve: state != ThreadState::Resolved && may_resolve,
            version: number_of(thread.version_id),
            fixed_in_version: thread.fixed_in_version_id.map(number_of),
            anchor_changed,
            comments: all_comments
                .iter()
                .filter(|c| c.thread_id == thread.id)
                .map(|c| CommentRow {
                    author: name_of(&names, c.author_id),
                    body: c.body.clone(),
                    created_at: c.created_at,
                })
                .collect(),
            suggestion: all_suggestions.iter().find(|s| s.thread_id == thread.id).map(|s| SuggestionRow {
                id: s.id,
                anchor: Anchor::decode(&s.anchor).unwrap_or_else(|| anchor.clone()),
                proposed: s.proposed.clone(),
                state: SuggestionState::from_i64(s.state).unwrap_or(SuggestionState::Pending),
                reason: s.reason.clone(),
            }),
        });
    }
    let owner = access::is_owner(&user.grants, doc.pd_id);
    let in_round = rounds::open_round(conn, id)?.is_some();
    let may = |capability| access::may(user.user_id, &user.grants, &relation, capability);
    Ok(DocumentDetail {
        row,
        content: doc.content.clone(),
        files: files
            .into_iter()
            .map(|f| FileRow {
                id: f.id,
                sha256: f.sha256,
                file_name: f.file_name,
                size_bytes: f.size_bytes,
                mime: f.mime,
                uploaded_at: f.uploaded_at,
            })
            .collect(),
        versions: versions
            .iter()
            .map(|v| VersionRow {
                id: v.id,
                number: v.number,
                line: v.line,
                sha256: v.sha256.clone(),
                created_by: name_of(&names, v.created_by),
                created_at: v.created_at,
            })
            .collect(),
        events: events
            .iter()
            .filter_map(|e| {
                Some(EventRow {
                    at: e.at,
                    user: name_of(&names, e.user_id),
                    action: Action::from_i64(e.action)?,
                    from: State::from_i64(e.from_state)?,
                    to: State::from_i64(e.to_state)?,
                    note: e.note.clone(),
                    version: e.version_id.map(number_of),
                    assignee: e.assignee_id.map(|a| name_of(&names, a)),
                })
            })
            .collect(),
        rounds: rounds
            .iter()
            .map(|r| RoundRow {
                id: r.id,
                number: r.number,
                version: number_of(r.version_id),
                reviewer: name_of(&names, r.reviewer_id),
                opened_at: r.opened_at,
                closed_at: r.closed_at,
                outcome: r.outcome.and_then(Action::from_i64),
            })
            .collect(),
        threads: thread_views,
        diff,
        allowed_actions: Action::VARIANTS.into_iter().filter(|a| may(Capability::Act(*a))).collect(),
        can_edit: may(Capability::EditDraft) && doc.state.editable_by_owner(),
        can_comment: may(Capability::Comment) && in_round,
        is_owner: owner,
        pk: super::pk::chain(conn, &doc)?,
        serves: super::links::serves(conn, &doc)?,
        renaksi: super::renaksi::view(conn, user, &doc, &relation)?,
        perubahan: revisions(conn, id)?,
        viewing: None,
        successors: if may(Capability::Act(Action::Reopen)) { super::pk::successors(conn, &doc)? } else { Vec::new() },
    })
}

/// The page of one frozen version of a document (by its number), read only: its content, the
/// files it froze that are still stored with the document, and no actions, threads or diff.
pub fn of_version(conn: &mut DbConn, user: &SessionUser, id: i64, number: i64) -> Result<DocumentDetail, AppError> {
    let mut page = detail(conn, user, id)?;
    let version = page.versions.iter().find(|v| v.number == number).cloned().ok_or(AppError::NotFound)?;
    let (content, frozen_files) = version_content(conn, version.id)?;
    page.content = content;
    page.files.retain(|f| frozen_files.iter().any(|(_, sha)| *sha == f.sha256));
    page.threads.clear();
    page.diff = None;
    page.allowed_actions.clear();
    page.can_edit = false;
    page.can_comment = false;
    page.renaksi = None;
    page.is_owner = false;
    page.successors.clear();
    page.viewing = Some(version);
    Ok(page)
}

/// The revisions of a document, with the officials and people named.
fn revisions(conn: &mut DbConn, id: i64) -> Result<Vec<PerubahanRow>, AppError> {
    let found = perubahan::of_document(conn, id)?;
    let officials: Vec<i64> =
        found.iter().flat_map(|r| r.official_before.into_iter().chain(r.official_after)).collect();
    let official_names = names::official_names(conn, &officials)?;
    let official = |id: Option<i64>| id.and_then(|i| official_names.get(&i).cloned());
    let people = names::user_names(conn, &found.iter().map(|r| r.created_by).collect::<Vec<_>>())?;
    found
        .into_iter()
        .map(|r| {
            Ok(PerubahanRow {
                line: r.line,
                alasan: AlasanPerubahan::from_i64(r.alasan).ok_or(AppError::Internal)?,
                tanggal: CivilDate::parse_iso(&r.tanggal).ok_or(AppError::Internal)?,
                keterangan: r.keterangan,
                pejabat_sebelumnya: official(r.official_before),
                pejabat_baru: official(r.official_after),
                oleh: name_of(&people, r.created_by),
                at: r.created_at,
            })
        })
        .collect()
}

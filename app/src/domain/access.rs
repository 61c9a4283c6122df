//! Who may do what to a document: the one place that answers it.
//!
//! A request is authorised in one of two ways. What depends on the role alone (managing master
//! data, working through a review queue, assigning reviewers) is a [`Permission`] of the table in
//! `roles.rs`, checked by `request::require`. What depends on how the user stands to one document
//! is a [`Capability`], answered by [`may`] from a [`DocumentRelation`] that the service computes
//! once from the database. Workflow actions are answered by the workflow table itself
//! (`workflow::allowed_actions`), so the state machine stays the only source of who moves a
//! document.

use super::review;
use super::roles::{Grants, Permission, Role};
use super::workflow::{self, Action, Context, State};

/// How one user stands to one document, beyond their roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentRelation {
    /// The document's PD, `None` for a document of the Pemda itself.
    pub pd_id: Option<i64>,
    pub state: State,
    /// The kabag assigned this user to review the document, and the assignment is active.
    pub assigned_reviewer: bool,
    /// This user submitted the version now under way.
    pub submitted_it: bool,
    /// Threads of the document that are not resolved.
    pub open_threads: usize,
}

impl DocumentRelation {
    /// The relation to a document not yet written: a draft of `pd_id` nobody else touched.
    pub fn new_draft(pd_id: Option<i64>) -> DocumentRelation {
        DocumentRelation { pd_id, state: State::Draft, assigned_reviewer: false, submitted_it: false, open_threads: 0 }
    }

    /// What the workflow table needs to decide an action, with the note typed alongside it.
    pub fn workflow_context(&self, grants: &Grants, note: &str) -> Context {
        Context {
            roles: grants.0.iter().map(|g| g.role).collect(),
            is_owner: is_owner(grants, self.pd_id),
            is_assigned_reviewer: self.assigned_reviewer,
            open_threads: self.open_threads,
            note: note.to_owned(),
            submitted_it: self.submitted_it,
        }
    }
}

/// What a user may want to do to one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capability {
    /// Open a new document (of the relation's PD).
    Create,
    Read,
    /// Change the working copy and its files (whether the state allows it now is a separate
    /// question, answered with a conflict rather than a refusal).
    EditDraft,
    /// Write a review thread.
    Comment,
    Reply,
    MarkFixed,
    ResolveThread {
        opened_by: i64,
    },
    DecideSuggestion,
    /// Enter a Rencana Aksi's realisation (whether the state allows it now is a separate
    /// question, as for `EditDraft`).
    RecordRealisation,
    /// A workflow action: whether its button shows (guards such as open threads are left to
    /// `workflow::decide`, so that the refusal can explain itself).
    Act(Action),
}

/// Whether the user writes this document: the PD's planner or head, or Bagian Organisasi for a
/// document of the Pemda itself.
pub fn is_owner(grants: &Grants, pd_id: Option<i64>) -> bool {
    match pd_id {
        Some(pd) => grants.0.iter().any(|g| g.role.is_pd_scoped() && g.pd_id == Some(pd)),
        None => grants.has_role(Role::KabagOrganisasi),
    }
}

/// Whether the user may read this document at all.
pub fn can_read(grants: &Grants, pd_id: Option<i64>) -> bool {
    match pd_id {
        Some(pd) => grants.can_see_pd(pd),
        None => grants.allows(Permission::ViewAllPd),
    }
}

/// Whether `user_id`, holding `grants`, may do `capability` to the document `relation` describes.
pub fn may(user_id: i64, grants: &Grants, relation: &DocumentRelation, capability: Capability) -> bool {
    let owner = is_owner(grants, relation.pd_id);
    let reader = can_read(grants, relation.pd_id);
    match capability {
        Capability::Create
        | Capability::EditDraft
        | Capability::MarkFixed
        | Capability::DecideSuggestion
        | Capability::RecordRealisation => owner,
        Capability::Read => reader,
        Capability::Comment => reader && relation.assigned_reviewer,
        Capability::Reply => reader && (owner || relation.assigned_reviewer),
        Capability::ResolveThread { opened_by } => reader && review::may_resolve(user_id, grants, opened_by),
        Capability::Act(action) => {
            reader
                && workflow::allowed_actions(relation.state, &relation.workflow_context(grants, "")).contains(&action)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::roles::Grant;

    const ME: i64 = 10;
    const PD: i64 = 4;

    fn grants(grants: &[(Role, Option<i64>)]) -> Grants {
        Grants(grants.iter().map(|(role, pd_id)| Grant { role: *role, pd_id: *pd_id }).collect())
    }

    fn planner() -> Grants {
        grants(&[(Role::PerencanaPd, Some(PD))])
    }

    fn other_planner() -> Grants {
        grants(&[(Role::PerencanaPd, Some(PD + 1))])
    }

    fn reviewer() -> Grants {
        grants(&[(Role::Reviewer, None)])
    }

    fn kabag() -> Grants {
        grants(&[(Role::KabagOrganisasi, None)])
    }

    fn doc(state: State) -> DocumentRelation {
        DocumentRelation { state, ..DocumentRelation::new_draft(Some(PD)) }
    }

    fn assigned(state: State) -> DocumentRelation {
        DocumentRelation { assigned_reviewer: true, ..doc(state) }
    }

    #[test]
    fn the_table_of_who_may_do_what() {
        use Capability as C;
        use State as S;
        let cases: &[(&str, Grants, DocumentRelation, Capability, bool)] = &[
            ("a planner reads their PD's document", planner(), doc(S::Draft), C::Read, true),
            ("a planner does not read another PD's document", other_planner(), doc(S::Draft), C::Read, false),
            ("a reviewer reads every PD's document", reviewer(), doc(S::Draft), C::Read, true),
            ("a planner edits their PD's draft", planner(), doc(S::Draft), C::EditDraft, true),
            ("a reviewer does not edit a draft", reviewer(), assigned(S::Draft), C::EditDraft, false),
            ("a planner of another PD does not edit", other_planner(), doc(S::Draft), C::EditDraft, false),
            ("an assigned reviewer comments", reviewer(), assigned(S::InReview), C::Comment, true),
            ("a reviewer not assigned does not comment", reviewer(), doc(S::InReview), C::Comment, false),
            ("the owner does not comment", planner(), doc(S::InReview), C::Comment, false),
            ("the owner replies", planner(), doc(S::ChangesRequested), C::Reply, true),
            ("an assigned reviewer replies", reviewer(), assigned(S::InReview), C::Reply, true),
            ("the kabag, not assigned, does not reply", kabag(), doc(S::InReview), C::Reply, false),
            ("the owner marks a thread fixed", planner(), doc(S::ChangesRequested), C::MarkFixed, true),
            ("a reviewer does not mark a thread fixed", reviewer(), assigned(S::InReview), C::MarkFixed, false),
            ("the owner decides a suggestion", planner(), doc(S::ChangesRequested), C::DecideSuggestion, true),
            ("a reviewer does not decide a suggestion", reviewer(), assigned(S::InReview), C::DecideSuggestion, false),
            (
                "the opener resolves a thread",
                reviewer(),
                assigned(S::InReview),
                C::ResolveThread { opened_by: ME },
                true,
            ),
            (
                "another reviewer does not resolve it",
                reviewer(),
                assigned(S::InReview),
                C::ResolveThread { opened_by: 3 },
                false,
            ),
            ("the kabag resolves any thread", kabag(), doc(S::InReview), C::ResolveThread { opened_by: 3 }, true),
            (
                "the owner does not resolve a thread",
                planner(),
                doc(S::InReview),
                C::ResolveThread { opened_by: ME },
                false,
            ),
            ("the owner submits a draft", planner(), doc(S::Draft), C::Act(Action::Submit), true),
            ("a reviewer does not submit", reviewer(), assigned(S::Draft), C::Act(Action::Submit), false),
            (
                "an assigned reviewer starts the review",
                reviewer(),
                assigned(S::Submitted),
                C::Act(Action::StartReview),
                true,
            ),
            (
                "a reviewer not assigned does not start it",
                reviewer(),
                doc(S::Submitted),
                C::Act(Action::StartReview),
                false,
            ),
            ("the kabag assigns a submitted document", kabag(), doc(S::Submitted), C::Act(Action::Assign), true),
            ("no one acts outside the state's rules", kabag(), doc(S::Draft), C::Act(Action::Assign), false),
            ("a planner of another PD does not act", other_planner(), doc(S::Draft), C::Act(Action::Submit), false),
            ("the kabag creates a Pemda document", kabag(), DocumentRelation::new_draft(None), C::Create, true),
            (
                "a planner does not create a Pemda document",
                planner(),
                DocumentRelation::new_draft(None),
                C::Create,
                false,
            ),
            (
                "a planner creates a document of their PD",
                planner(),
                DocumentRelation::new_draft(Some(PD)),
                C::Create,
                true,
            ),
        ];
        for (sentence, grants, relation, capability, expected) in cases {
            assert_eq!(may(ME, grants, relation, *capability), *expected, "{sentence}");
        }
    }

    #[test]
    fn whoever_submitted_a_document_does_not_see_the_forward_button() {
        let relation = DocumentRelation { submitted_it: true, ..doc(State::Approved) };
        let kabag_of_pemda = DocumentRelation { pd_id: None, ..relation };
        assert!(!may(ME, &kabag(), &kabag_of_pemda, Capability::Act(Action::ForwardForSignature)));
        assert!(may(ME, &kabag(), &doc(State::Approved), Capability::Act(Action::ForwardForSignature)));
    }

    #[test]
    fn the_pd_of_a_document_decides_its_owners() {
        assert!(is_owner(&planner(), Some(PD)));
        assert!(!is_owner(&planner(), Some(PD + 1)));
        assert!(!is_owner(&planner(), None));
        assert!(is_owner(&kabag(), None));
        assert!(!is_owner(&kabag(), Some(PD)));
    }

    #[test]
    fn a_pemda_document_is_read_by_those_who_see_every_pd() {
        assert!(can_read(&reviewer(), None));
        assert!(can_read(&kabag(), None));
        assert!(!can_read(&planner(), None));
    }
}

//! The review workflow of every document, whatever its type: one table of
//! state × action × role (written out in `docs/WORKFLOW.md`). The server asks [`decide`] before
//! every transition; the interface asks [`allowed_actions`] which buttons to show.

use super::msg::Msg;
use super::roles::Role;
use serde::{Deserialize, Serialize};

/// Where a document is. Stored as the integer; the meaning of a number never changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum State {
    Draft = 1,
    Submitted = 2,
    InReview = 3,
    ChangesRequested = 4,
    Approved = 5,
    AwaitingSignature = 6,
    Signed = 7,
    Distributed = 8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Action {
    Submit = 1,
    Withdraw = 2,
    Assign = 3,
    StartReview = 4,
    RequestChanges = 5,
    Approve = 6,
    ForwardForSignature = 7,
    Reopen = 8,
}

/// How the acting user must stand to the document, beyond holding the role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Relation {
    /// Nothing beyond the role.
    Any,
    /// The document's authors: the PD's planner or head for a PD document, Bagian Organisasi for
    /// a Pemda document.
    Owner,
    /// A reviewer the kabag organisasi assigned to this document.
    AssignedReviewer,
}

pub struct Rule {
    pub action: Action,
    pub from: &'static [State],
    pub roles: &'static [Role],
    pub relation: Relation,
    /// `None`: the state does not change (an assignment).
    pub to: Option<State>,
}

use Action as A;
use State as S;

/// The whole workflow. Nothing else moves a document.
pub const RULES: &[Rule] = &[
    Rule {
        action: A::Submit,
        from: &[S::Draft, S::ChangesRequested],
        roles: &[Role::PerencanaPd, Role::KepalaPd, Role::KabagOrganisasi],
        relation: Relation::Owner,
        to: Some(S::Submitted),
    },
    Rule {
        action: A::Withdraw,
        from: &[S::Submitted],
        roles: &[Role::PerencanaPd, Role::KepalaPd, Role::KabagOrganisasi],
        relation: Relation::Owner,
        to: Some(S::Draft),
    },
    Rule {
        action: A::Assign,
        from: &[S::Submitted, S::InReview, S::ChangesRequested],
        roles: &[Role::KabagOrganisasi],
        relation: Relation::Any,
        to: None,
    },
    Rule {
        action: A::StartReview,
        from: &[S::Submitted],
        roles: &[Role::Reviewer],
        relation: Relation::AssignedReviewer,
        to: Some(S::InReview),
    },
    Rule {
        action: A::RequestChanges,
        from: &[S::InReview],
        roles: &[Role::Reviewer],
        relation: Relation::AssignedReviewer,
        to: Some(S::ChangesRequested),
    },
    Rule {
        action: A::Approve,
        from: &[S::InReview],
        roles: &[Role::Reviewer],
        relation: Relation::AssignedReviewer,
        to: Some(S::Approved),
    },
    Rule {
        action: A::ForwardForSignature,
        from: &[S::Approved],
        roles: &[Role::KabagOrganisasi],
        relation: Relation::Any,
        to: Some(S::AwaitingSignature),
    },
    Rule {
        action: A::Reopen,
        from: &[S::Approved, S::AwaitingSignature, S::Signed, S::Distributed],
        roles: &[Role::KabagOrganisasi],
        relation: Relation::Any,
        to: Some(S::Draft),
    },
];

impl State {
    /// Whether the targets of the document are agreed: approved, and on through signature and
    /// distribution. A Rencana Aksi's realisation is entered from then on.
    pub fn targets_agreed(self) -> bool {
        matches!(self, State::Approved | State::AwaitingSignature | State::Signed | State::Distributed)
    }

    /// Whose move it is in this state: the role that can take the document further.
    /// `assigned` tells whether a reviewer has been assigned to a submission; `pemda_owned`
    /// whether the document belongs to the Pemda itself (Bagian Organisasi writes it).
    pub fn waiting_on(self, assigned: bool, pemda_owned: bool) -> Option<Role> {
        match self {
            S::Draft | S::ChangesRequested if pemda_owned => Some(Role::KabagOrganisasi),
            S::Draft | S::ChangesRequested => Some(Role::PerencanaPd),
            S::Submitted if !assigned => Some(Role::KabagOrganisasi),
            S::Submitted | S::InReview => Some(Role::Reviewer),
            S::Approved | S::Signed => Some(Role::KabagOrganisasi),
            S::AwaitingSignature => Some(Role::Pimpinan),
            S::Distributed => None,
        }
    }

    pub const VARIANTS: [State; 8] = [
        S::Draft,
        S::Submitted,
        S::InReview,
        S::ChangesRequested,
        S::Approved,
        S::AwaitingSignature,
        S::Signed,
        S::Distributed,
    ];

    pub fn as_i64(self) -> i64 {
        self as i64
    }

    pub fn from_i64(v: i64) -> Option<Self> {
        Self::VARIANTS.into_iter().find(|s| s.as_i64() == v)
    }

    pub fn label(self) -> Msg {
        let (id, en) = match self {
            S::Draft => ("Draf", "Draft"),
            S::Submitted => ("Diajukan", "Submitted"),
            S::InReview => ("Sedang direviu", "In review"),
            S::ChangesRequested => ("Perlu perbaikan", "Changes requested"),
            S::Approved => ("Disetujui", "Approved"),
            S::AwaitingSignature => ("Menunggu tanda tangan", "Awaiting signature"),
            S::Signed => ("Ditandatangani", "Signed"),
            S::Distributed => ("Didistribusikan", "Distributed"),
        };
        Msg::new(id, en)
    }

    /// The PD may edit its working copy only while the document is with them.
    pub fn editable_by_owner(self) -> bool {
        matches!(self, S::Draft | S::ChangesRequested)
    }

    /// Whether the three-month service clock runs: from submission until the review ends
    /// (changes requested counts, the document is still in service).
    pub fn in_service(self) -> bool {
        matches!(self, S::Submitted | S::InReview | S::ChangesRequested)
    }

    /// Whether the due date still matters: until the document is approved.
    pub fn before_approval(self) -> bool {
        !matches!(self, S::Approved | S::AwaitingSignature | S::Signed | S::Distributed)
    }
}

impl Action {
    pub const VARIANTS: [Action; 8] = [
        A::Submit,
        A::Withdraw,
        A::Assign,
        A::StartReview,
        A::RequestChanges,
        A::Approve,
        A::ForwardForSignature,
        A::Reopen,
    ];

    pub fn as_i64(self) -> i64 {
        self as i64
    }

    pub fn from_i64(v: i64) -> Option<Self> {
        Self::VARIANTS.into_iter().find(|a| a.as_i64() == v)
    }

    /// The button text.
    pub fn label(self) -> Msg {
        let (id, en) = match self {
            A::Submit => ("Ajukan", "Submit"),
            A::Withdraw => ("Tarik kembali", "Withdraw"),
            A::Assign => ("Disposisi", "Assign"),
            A::StartReview => ("Mulai reviu", "Start review"),
            A::RequestChanges => ("Minta Perbaikan", "Request changes"),
            A::Approve => ("Setujui", "Approve"),
            A::ForwardForSignature => ("Teruskan untuk tanda tangan", "Forward for signature"),
            A::Reopen => ("Buka kembali", "Reopen"),
        };
        Msg::new(id, en)
    }
}

/// What the server knows about the acting user and the document at the moment of the action.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The user's roles (all of them; PD scoping is expressed by `is_owner`).
    pub roles: Vec<Role>,
    pub is_owner: bool,
    pub is_assigned_reviewer: bool,
    /// Threads of this document that are not resolved.
    pub open_threads: usize,
    /// The note the user typed with the action.
    pub note: String,
    /// The user submitted the version now under way (separation of duties).
    pub submitted_it: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("tindakan ini tidak tersedia pada status dokumen sekarang")]
    NotInThisState,
    #[error("peran Anda tidak dapat melakukan tindakan ini pada dokumen ini")]
    NotAllowed,
    #[error("masih ada {0} catatan reviu yang belum selesai")]
    OpenThreads(usize),
    #[error("alasan wajib diisi")]
    ReasonRequired,
    #[error("Anda sendiri yang mengajukan dokumen ini; yang menyetujui atau meneruskannya harus orang lain")]
    OwnSubmission,
}

impl WorkflowError {
    pub fn msg(&self) -> Msg {
        let en = match self {
            WorkflowError::NotInThisState => "this action is not available in the document's current state".to_owned(),
            WorkflowError::NotAllowed => "your role cannot do this to this document".to_owned(),
            WorkflowError::OpenThreads(n) => format!("{n} review comment(s) are not resolved yet"),
            WorkflowError::ReasonRequired => "a reason is required".to_owned(),
            WorkflowError::OwnSubmission => {
                "you submitted this document yourself; someone else must approve or forward it".to_owned()
            }
        };
        Msg::new(self.to_string(), en)
    }
}

fn relation_holds(relation: Relation, ctx: &Context) -> bool {
    match relation {
        Relation::Any => true,
        Relation::Owner => ctx.is_owner,
        Relation::AssignedReviewer => ctx.is_assigned_reviewer,
    }
}

/// The state after `action`, or why it is refused. Approval needs every thread resolved; a
/// reopen needs a reason.
pub fn decide(state: State, action: Action, ctx: &Context) -> Result<State, WorkflowError> {
    // Who may act is checked before when: a user outside the table learns nothing about the
    // document's state.
    let permitted = |r: &&Rule| r.roles.iter().any(|role| ctx.roles.contains(role)) && relation_holds(r.relation, ctx);
    if !RULES.iter().filter(|r| r.action == action).any(|r| permitted(&r)) {
        return Err(WorkflowError::NotAllowed);
    }
    let rule = RULES
        .iter()
        .filter(|r| r.action == action && r.from.contains(&state))
        .find(permitted)
        .ok_or(WorkflowError::NotInThisState)?;
    if separates_duties(action, ctx) {
        return Err(WorkflowError::OwnSubmission);
    }
    if action == A::Approve && ctx.open_threads > 0 {
        return Err(WorkflowError::OpenThreads(ctx.open_threads));
    }
    if action == A::Reopen && ctx.note.trim().is_empty() {
        return Err(WorkflowError::ReasonRequired);
    }
    Ok(rule.to.unwrap_or(state))
}

/// No one approves, or forwards for signature, what they submitted themselves.
fn separates_duties(action: Action, ctx: &Context) -> bool {
    ctx.submitted_it && matches!(action, A::Approve | A::ForwardForSignature)
}

/// The actions whose buttons this user should see now (guards such as open threads are left to
/// [`decide`], so that the button can explain itself when pressed).
pub fn allowed_actions(state: State, ctx: &Context) -> Vec<Action> {
    RULES
        .iter()
        .filter(|r| r.from.contains(&state))
        .filter(|r| r.roles.iter().any(|role| ctx.roles.contains(role)) && relation_holds(r.relation, ctx))
        .filter(|r| !separates_duties(r.action, ctx))
        .map(|r| r.action)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_role_a_document_waits_on_can_move_it_on() {
        // Signing is not in the table yet (it comes with sign-off); until then the Bupati's office
        // is named as the one the document waits on without having the action.
        const SIGNING_NOT_YET_IN_TABLE: [State; 1] = [S::AwaitingSignature];
        for state in State::VARIANTS.into_iter().filter(|s| !SIGNING_NOT_YET_IN_TABLE.contains(s)) {
            for (assigned, pemda_owned) in [(false, false), (true, false), (false, true), (true, true)] {
                if let Some(role) = state.waiting_on(assigned, pemda_owned) {
                    assert!(
                        RULES.iter().any(|r| r.from.contains(&state) && r.roles.contains(&role)),
                        "{state:?} waits on {role:?}, who has no action there"
                    );
                }
            }
        }
    }

    fn planner() -> Context {
        Context { roles: vec![Role::PerencanaPd], is_owner: true, ..Default::default() }
    }

    fn reviewer(open_threads: usize) -> Context {
        Context { roles: vec![Role::Reviewer], is_assigned_reviewer: true, open_threads, ..Default::default() }
    }

    fn kabag() -> Context {
        Context { roles: vec![Role::KabagOrganisasi], note: "revisi anggaran".into(), ..Default::default() }
    }

    #[test]
    fn the_story_of_one_document_through_two_rounds() {
        let mut s = S::Draft;
        s = decide(s, A::Submit, &planner()).unwrap();
        assert_eq!(decide(s, A::Assign, &kabag()), Ok(S::Submitted));
        s = decide(s, A::StartReview, &reviewer(0)).unwrap();
        s = decide(s, A::RequestChanges, &reviewer(2)).unwrap();
        assert_eq!(s, S::ChangesRequested);
        s = decide(s, A::Submit, &planner()).unwrap();
        s = decide(s, A::StartReview, &reviewer(1)).unwrap();
        assert_eq!(decide(s, A::Approve, &reviewer(1)), Err(WorkflowError::OpenThreads(1)));
        s = decide(s, A::Approve, &reviewer(0)).unwrap();
        s = decide(s, A::ForwardForSignature, &kabag()).unwrap();
        assert_eq!(s, S::AwaitingSignature);
    }

    #[test]
    fn a_pd_may_withdraw_only_before_review_starts() {
        assert_eq!(decide(S::Submitted, A::Withdraw, &planner()), Ok(S::Draft));
        assert_eq!(decide(S::InReview, A::Withdraw, &planner()), Err(WorkflowError::NotInThisState));
    }

    #[test]
    fn only_the_assigned_reviewer_reviews() {
        let unassigned = Context { roles: vec![Role::Reviewer], ..Default::default() };
        assert_eq!(decide(S::Submitted, A::StartReview, &unassigned), Err(WorkflowError::NotAllowed));
        let other_pd = Context { roles: vec![Role::PerencanaPd], is_owner: false, ..Default::default() };
        assert_eq!(decide(S::Draft, A::Submit, &other_pd), Err(WorkflowError::NotAllowed));
    }

    #[test]
    fn reopening_needs_a_reason() {
        let no_reason = Context { note: "  ".into(), ..kabag() };
        let own = Context { submitted_it: true, ..kabag() };
        assert_eq!(decide(State::Approved, A::ForwardForSignature, &own), Err(WorkflowError::OwnSubmission));
        assert!(!allowed_actions(State::Approved, &own).contains(&A::ForwardForSignature));
        let own_review = Context { submitted_it: true, ..reviewer(0) };
        assert_eq!(decide(State::InReview, A::Approve, &own_review), Err(WorkflowError::OwnSubmission));
        assert_eq!(decide(S::Approved, A::Reopen, &no_reason), Err(WorkflowError::ReasonRequired));
        assert_eq!(decide(S::Signed, A::Reopen, &kabag()), Ok(S::Draft));
    }

    #[test]
    fn buttons_follow_the_table() {
        assert_eq!(allowed_actions(S::Draft, &planner()), vec![A::Submit]);
        assert_eq!(allowed_actions(S::InReview, &reviewer(0)), vec![A::RequestChanges, A::Approve]);
        assert!(allowed_actions(S::InReview, &planner()).is_empty());
    }

    fn any_context() -> impl Strategy<Value = Context> {
        (
            proptest::sample::subsequence(Role::VARIANTS.to_vec(), 0..=3),
            any::<bool>(),
            any::<bool>(),
            0usize..3,
            prop_oneof![Just(String::new()), Just("alasan".to_owned())],
        )
            .prop_map(|(roles, is_owner, is_assigned_reviewer, open_threads, note)| Context {
                roles,
                is_owner,
                is_assigned_reviewer,
                open_threads,
                note,
                submitted_it: false,
            })
    }

    proptest! {
        /// Whatever happens, a document reaches `Approved` only by an approval of its assigned
        /// reviewer during a review round with every thread resolved.
        #[test]
        fn no_sequence_of_actions_reaches_approved_without_a_completed_review(
            steps in proptest::collection::vec((proptest::sample::select(Action::VARIANTS.to_vec()), any_context()), 0..40)
        ) {
            let mut state = S::Draft;
            for (action, ctx) in steps {
                let before = state;
                if let Ok(next) = decide(state, action, &ctx) {
                    state = next;
                }
                if state == S::Approved && before != S::Approved {
                    prop_assert_eq!(action, A::Approve);
                    prop_assert_eq!(before, S::InReview);
                    prop_assert!(ctx.is_assigned_reviewer && ctx.roles.contains(&Role::Reviewer));
                    prop_assert_eq!(ctx.open_threads, 0);
                }
            }
        }

        /// An action by a user without any of the rule's roles never succeeds.
        #[test]
        fn no_action_by_a_role_outside_the_table_succeeds(
            state in proptest::sample::select(State::VARIANTS.to_vec()),
            action in proptest::sample::select(Action::VARIANTS.to_vec()),
            ctx in any_context(),
        ) {
            let listed = RULES.iter().any(|r| r.action == action && r.from.contains(&state)
                && r.roles.iter().any(|role| ctx.roles.contains(role)));
            if !listed {
                prop_assert!(decide(state, action, &ctx).is_err());
            }
        }
    }

    #[test]
    fn the_service_clock_runs_from_submission_until_the_review_ends() {
        let running: Vec<State> = State::VARIANTS.into_iter().filter(|s| s.in_service()).collect();
        assert_eq!(running, vec![S::Submitted, S::InReview, S::ChangesRequested]);
    }

    #[test]
    fn the_due_date_matters_until_the_document_is_approved() {
        let open: Vec<State> = State::VARIANTS.into_iter().filter(|s| s.before_approval()).collect();
        assert_eq!(open, vec![S::Draft, S::Submitted, S::InReview, S::ChangesRequested]);
    }
}

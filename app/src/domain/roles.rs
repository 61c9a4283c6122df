//! Roles and the permission table. One table, read by the server before every action and by the
//! interface to decide which navigation and buttons to show.

use super::msg::Msg;
use serde::{Deserialize, Serialize};

/// A role as stored (`role_grants.role`, a small integer that never changes meaning).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Admin = 1,
    PerencanaPd = 2,
    KepalaPd = 3,
    Reviewer = 4,
    KabagOrganisasi = 5,
    Pimpinan = 6,
    Inspektorat = 7,
}

impl Role {
    pub const VARIANTS: [Role; 7] = [
        Role::Admin,
        Role::PerencanaPd,
        Role::KepalaPd,
        Role::Reviewer,
        Role::KabagOrganisasi,
        Role::Pimpinan,
        Role::Inspektorat,
    ];

    pub fn as_i64(self) -> i64 {
        self as i64
    }

    pub fn from_i64(value: i64) -> Option<Self> {
        Self::VARIANTS.into_iter().find(|r| r.as_i64() == value)
    }

    /// Stable snake_case code, used in URLs, logs and the demo data.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::PerencanaPd => "perencana_pd",
            Role::KepalaPd => "kepala_pd",
            Role::Reviewer => "reviewer",
            Role::KabagOrganisasi => "kabag_organisasi",
            Role::Pimpinan => "pimpinan",
            Role::Inspektorat => "inspektorat",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::VARIANTS.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Role::Admin => Msg::new("Admin", "Administrator"),
            Role::PerencanaPd => Msg::new("Perencana PD", "Agency planner"),
            Role::KepalaPd => Msg::new("Kepala PD", "Head of agency"),
            Role::Reviewer => Msg::new("Reviewer (Tim SAKIP)", "Reviewer (SAKIP team)"),
            Role::KabagOrganisasi => Msg::new("Kabag Organisasi", "Head of Organisation Division"),
            Role::Pimpinan => Msg::new("Pimpinan", "Regional leadership"),
            Role::Inspektorat => Msg::new("Inspektorat", "Internal audit"),
        }
    }

    /// A PD-scoped role always names its Perangkat Daerah.
    pub fn is_pd_scoped(self) -> bool {
        matches!(self, Role::PerencanaPd | Role::KepalaPd)
    }
}

/// What a user may do. Each server function checks exactly one of these first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// Pemda profile, Perangkat Daerah, officials, periods.
    ManageMasterData,
    /// Users and their role grants.
    ManageUsers,
    ViewAuditLog,
    /// Read the master data of every PD.
    ViewAllPd,
    /// Read the master data of the PD named in one's own grant.
    ViewOwnPd,
    /// Work through a review queue of the documents one is assigned to.
    ReviewDocuments,
    /// Assign reviewers to submitted documents (the disposition).
    AssignReviewers,
}

/// The permission table: which roles hold which permission.
pub const PERMISSIONS: &[(Permission, &[Role])] = &[
    (Permission::ManageMasterData, &[Role::Admin]),
    (Permission::ManageUsers, &[Role::Admin]),
    (Permission::ViewAuditLog, &[Role::Admin, Role::Inspektorat]),
    (Permission::ViewAllPd, &[Role::Admin, Role::Reviewer, Role::KabagOrganisasi, Role::Pimpinan, Role::Inspektorat]),
    (Permission::ViewOwnPd, &[Role::PerencanaPd, Role::KepalaPd]),
    (Permission::ReviewDocuments, &[Role::Reviewer]),
    (Permission::AssignReviewers, &[Role::KabagOrganisasi]),
];

pub fn role_has(role: Role, permission: Permission) -> bool {
    PERMISSIONS.iter().any(|(p, roles)| *p == permission && roles.contains(&role))
}

/// One role held by a user; PD-scoped roles carry their PD.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub pd_id: Option<i64>,
}

impl Grant {
    /// A PD-scoped role needs a PD, every other role must not name one.
    pub fn check(&self) -> Result<(), Msg> {
        match (self.role.is_pd_scoped(), self.pd_id) {
            (true, None) => {
                Err(Msg::new("peran ini harus menyebut Perangkat Daerahnya", "this role must name its agency"))
            }
            (false, Some(_)) => Err(Msg::new(
                "peran ini berlaku untuk seluruh Pemda, tanpa Perangkat Daerah",
                "this role applies to the whole Pemda, without an agency",
            )),
            _ => Ok(()),
        }
    }
}

/// Which PDs a user may see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PdVisibility {
    All,
    Only(Vec<i64>),
}

impl PdVisibility {
    pub fn includes(&self, pd_id: i64) -> bool {
        match self {
            PdVisibility::All => true,
            PdVisibility::Only(ids) => ids.contains(&pd_id),
        }
    }
}

/// All grants of one user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grants(pub Vec<Grant>);

impl Grants {
    pub fn allows(&self, permission: Permission) -> bool {
        self.0.iter().any(|g| role_has(g.role, permission))
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.0.iter().any(|g| g.role == role)
    }

    pub fn pd_visibility(&self) -> PdVisibility {
        if self.allows(Permission::ViewAllPd) {
            return PdVisibility::All;
        }
        let mut ids: Vec<i64> =
            self.0.iter().filter(|g| role_has(g.role, Permission::ViewOwnPd)).filter_map(|g| g.pd_id).collect();
        ids.sort_unstable();
        ids.dedup();
        PdVisibility::Only(ids)
    }

    pub fn can_see_pd(&self, pd_id: i64) -> bool {
        self.pd_visibility().includes(pd_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_and_numbers_round_trip() {
        for role in Role::VARIANTS {
            assert_eq!(Role::from_i64(role.as_i64()), Some(role));
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_i64(0), None);
    }

    #[test]
    fn only_the_admin_manages_master_data_and_users() {
        for role in Role::VARIANTS {
            assert_eq!(role_has(role, Permission::ManageMasterData), role == Role::Admin);
            assert_eq!(role_has(role, Permission::ManageUsers), role == Role::Admin);
        }
    }

    #[test]
    fn a_pd_planner_sees_only_the_pd_named_in_the_grant() {
        let grants = Grants(vec![Grant { role: Role::PerencanaPd, pd_id: Some(4) }]);
        assert!(grants.can_see_pd(4));
        assert!(!grants.can_see_pd(5));
        assert_eq!(grants.pd_visibility(), PdVisibility::Only(vec![4]));
    }

    #[test]
    fn a_reviewer_sees_every_pd() {
        let grants = Grants(vec![Grant { role: Role::Reviewer, pd_id: None }]);
        assert_eq!(grants.pd_visibility(), PdVisibility::All);
    }

    #[test]
    fn a_user_without_grants_sees_nothing_and_may_do_nothing() {
        let grants = Grants::default();
        assert_eq!(grants.pd_visibility(), PdVisibility::Only(vec![]));
        assert!(!grants.allows(Permission::ViewAuditLog));
    }

    #[test]
    fn pd_scoped_roles_must_name_a_pd_and_others_must_not() {
        assert!(Grant { role: Role::KepalaPd, pd_id: None }.check().is_err());
        assert!(Grant { role: Role::KepalaPd, pd_id: Some(1) }.check().is_ok());
        assert!(Grant { role: Role::Reviewer, pd_id: Some(1) }.check().is_err());
        assert!(Grant { role: Role::Reviewer, pd_id: None }.check().is_ok());
    }

    #[test]
    fn every_permission_is_held_by_some_role() {
        for (permission, roles) in PERMISSIONS {
            assert!(!roles.is_empty(), "{permission:?} has no role");
        }
    }
}

//! Authorization: the one place that decides who may do what.
//!
//! Every handler asks [`authorize`] with a [`Permission`]; no handler
//! compares roles or offices on its own. Staff roles (officer, supervisor)
//! are bound to one office, and their permissions stop at its border.

use serde::{Deserialize, Serialize};

/// What kind of account a person holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Indonesian citizen (WNI) applying for a passport.
    Citizen,
    /// Foreign national (WNA) applying for a visa or stay permit.
    Foreigner,
    /// Company or citizen guaranteeing a foreigner.
    Sponsor,
    /// Hotel, guest house or private host reporting foreign guests.
    Lodging,
    /// Staff of one immigration office.
    Officer,
    /// Head of section or office; approves two-person decisions.
    Supervisor,
    /// Directorate administrator.
    Administrator,
    /// Embassy or consulate abroad.
    Mission,
}

impl Role {
    /// Every role, in a stable order.
    pub const ALL: [Role; 8] = [
        Role::Citizen,
        Role::Foreigner,
        Role::Sponsor,
        Role::Lodging,
        Role::Officer,
        Role::Supervisor,
        Role::Administrator,
        Role::Mission,
    ];

    /// The role's machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Foreigner => "foreigner",
            Role::Sponsor => "sponsor",
            Role::Lodging => "lodging",
            Role::Officer => "officer",
            Role::Supervisor => "supervisor",
            Role::Administrator => "administrator",
            Role::Mission => "mission",
        }
    }

    /// Parse a machine name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether anyone may open an account of this kind by themselves.
    pub fn self_registrable(self) -> bool {
        matches!(
            self,
            Role::Citizen | Role::Foreigner | Role::Sponsor | Role::Lodging
        )
    }

    /// Whether accounts of this kind are bound to exactly one office.
    pub fn office_bound(self) -> bool {
        matches!(self, Role::Officer | Role::Supervisor)
    }

    /// Whether this is directorate or office staff.
    pub fn is_staff(self) -> bool {
        matches!(
            self,
            Role::Officer | Role::Supervisor | Role::Administrator | Role::Mission
        )
    }
}

/// Who is acting: an authenticated account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Account id.
    pub id: String,
    /// Account e-mail (lowercase).
    pub email: String,
    /// Display name.
    pub full_name: String,
    /// Role.
    pub role: Role,
    /// Office code for office-bound roles.
    pub office: Option<String>,
    /// Whether the account's owner proved the e-mail (see
    /// `email_verification`); loaded with the account, no extra query.
    pub email_verified: bool,
}

/// Something an actor wants to do, with the scope it touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission<'a> {
    /// Create staff accounts (officer, supervisor, administrator, mission).
    CreateStaffAccount,
    /// Read the audit log.
    ReadAuditLog,
    /// Read the notifications outbox (messages sent to people).
    ReadOutbox,
    /// Manage an office's quota templates, release schedule and extra slots.
    ManageOfficeQuota {
        /// The office concerned.
        office: &'a str,
    },
    /// Read personal data of applicants at an office (always audited).
    ReadOfficePersonalData {
        /// The office concerned.
        office: &'a str,
    },
    /// Configure an office floor: kiosk devices and floor settings
    /// (arrival window, priority interleaving, walk-in cap).
    ManageOfficeFloor {
        /// The office concerned.
        office: &'a str,
    },
    /// Run the office floor: check-ins, counters, walk-ins.
    OperateOfficeFloor {
        /// The office concerned.
        office: &'a str,
    },
    /// Book an appointment at an office (and wait for one) for oneself or
    /// one's family: citizens.
    BookAppointment,
    /// Act on something the given account owns (a booking, a waitlist
    /// entry): only that account.
    ManageOwn {
        /// The owner.
        owner_id: &'a str,
    },
    /// Upload a document (any account but a mission's).
    UploadDocument,
    /// Read an uploaded document: its owner, an administrator, or staff of
    /// the office it is attached to (staff reads are audited).
    ReadDocument {
        /// The account that uploaded it.
        owner_id: &'a str,
        /// The office handling the object it is attached to, if any.
        office: Option<&'a str>,
    },
    /// Change which office supervises a regency (administrators).
    ManageRegions,
    /// Apply for a visa or stay permit (a foreigner for themselves, a
    /// sponsor for the foreigners it sponsors).
    ApplyForPermit,
    /// Review an application of an office: see its queue and case files,
    /// recommend or request information (officers and supervisors of it).
    ReviewCase {
        /// The processing office.
        office: &'a str,
    },
    /// Approve or reject a recommendation, revoke what was issued
    /// (supervisors of the processing office).
    DecideCase {
        /// The processing office.
        office: &'a str,
    },
    /// Record a foreigner's entry against an e-Visa (officers and
    /// supervisors of any office: border posts are offices' staff).
    RecordEntry,
    /// Look up issued visas by passport and nationality (missions abroad).
    LookUpVisas,
    /// Edit or retire an index of the visa index (administrators).
    ManageVisaIndex,
    /// Register a permit (e.g. a stay permit from legacy data) supervised
    /// by an office (officers and supervisors of it).
    RegisterPermit {
        /// The supervising office.
        office: &'a str,
    },
    /// Register premises and report their foreign guests (APOA): lodging
    /// accounts; each premise is then its owner's (`ManageOwn`).
    RegisterPremise,
    /// Supervise foreigners' stays at the premises an office supervises
    /// (APOA search, movements, alerts, dashboard; reads audited): its
    /// officers and supervisors, and administrators (every office).
    SuperviseApoa {
        /// The supervising office.
        office: &'a str,
    },
}

/// Access refused. Handlers turn it into 403 (or 404 where existence must
/// not leak).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("you are not allowed to do this")]
pub struct Denied;

fn staff_of(actor: &Actor, office: &str) -> bool {
    actor.role.office_bound() && actor.office.as_deref() == Some(office)
}

/// Decide whether `actor` may do `permission`.
pub fn authorize(actor: &Actor, permission: Permission<'_>) -> Result<(), Denied> {
    if allows(actor, permission) {
        Ok(())
    } else {
        deny(actor, permission);
        Err(Denied)
    }
}

/// Whether `actor` may do `permission`, without logging or recording a
/// refusal: for a page choosing which forms to offer. The action itself
/// is still decided by [`authorize`] in its use case.
pub fn allows(actor: &Actor, permission: Permission<'_>) -> bool {
    match permission {
        Permission::CreateStaffAccount | Permission::ReadAuditLog | Permission::ReadOutbox => {
            actor.role == Role::Administrator
        }
        Permission::ManageOfficeQuota { office } => {
            actor.role == Role::Administrator
                || (actor.role == Role::Supervisor && staff_of(actor, office))
        }
        Permission::ReadOfficePersonalData { office } => {
            actor.role == Role::Administrator || staff_of(actor, office)
        }
        Permission::ManageOfficeFloor { office } => {
            actor.role == Role::Administrator
                || (actor.role == Role::Supervisor && staff_of(actor, office))
        }
        Permission::OperateOfficeFloor { office } => staff_of(actor, office),
        Permission::BookAppointment => actor.role == Role::Citizen,
        Permission::ManageOwn { owner_id } => actor.id == owner_id,
        Permission::UploadDocument => actor.role != Role::Mission,
        Permission::ReadDocument { owner_id, office } => {
            actor.id == owner_id
                || actor.role == Role::Administrator
                || office.is_some_and(|o| staff_of(actor, o))
        }
        Permission::ManageRegions => actor.role == Role::Administrator,
        Permission::ApplyForPermit => matches!(actor.role, Role::Foreigner | Role::Sponsor),
        Permission::ReviewCase { office } => staff_of(actor, office),
        Permission::DecideCase { office } => {
            actor.role == Role::Supervisor && staff_of(actor, office)
        }
        Permission::RecordEntry => actor.role.office_bound(),
        Permission::LookUpVisas => actor.role == Role::Mission,
        Permission::ManageVisaIndex => actor.role == Role::Administrator,
        Permission::RegisterPermit { office } => staff_of(actor, office),
        Permission::RegisterPremise => actor.role == Role::Lodging,
        Permission::SuperviseApoa { office } => {
            actor.role == Role::Administrator || staff_of(actor, office)
        }
    }
}

/// A refusal, kept for the audit log by [`recording`].
#[derive(Debug, Clone)]
pub struct Denial {
    /// Who was refused.
    pub actor: Actor,
    /// What was asked for (the permission's name).
    pub permission: &'static str,
    /// The office concerned, if any.
    pub office: Option<String>,
}

tokio::task_local! {
    static DENIALS: std::cell::RefCell<Vec<Denial>>;
}

impl Permission<'_> {
    /// The permission's name (never carries personal data).
    pub fn name(&self) -> &'static str {
        match self {
            Permission::CreateStaffAccount => "create_staff_account",
            Permission::ReadAuditLog => "read_audit_log",
            Permission::ReadOutbox => "read_outbox",
            Permission::ManageOfficeQuota { .. } => "manage_office_quota",
            Permission::ReadOfficePersonalData { .. } => "read_office_personal_data",
            Permission::ManageOfficeFloor { .. } => "manage_office_floor",
            Permission::OperateOfficeFloor { .. } => "operate_office_floor",
            Permission::BookAppointment => "book_appointment",
            Permission::ManageOwn { .. } => "manage_own",
            Permission::UploadDocument => "upload_document",
            Permission::ReadDocument { .. } => "read_document",
            Permission::ManageRegions => "manage_regions",
            Permission::ApplyForPermit => "apply_for_permit",
            Permission::ReviewCase { .. } => "review_case",
            Permission::DecideCase { .. } => "decide_case",
            Permission::RecordEntry => "record_entry",
            Permission::LookUpVisas => "look_up_visas",
            Permission::ManageVisaIndex => "manage_visa_index",
            Permission::RegisterPermit { .. } => "register_permit",
            Permission::RegisterPremise => "register_premise",
            Permission::SuperviseApoa { .. } => "supervise_apoa",
        }
    }

    /// The office the permission is about, if any.
    pub fn office(&self) -> Option<&str> {
        match self {
            Permission::ManageOfficeQuota { office }
            | Permission::ReadOfficePersonalData { office }
            | Permission::ManageOfficeFloor { office }
            | Permission::OperateOfficeFloor { office }
            | Permission::ReviewCase { office }
            | Permission::DecideCase { office }
            | Permission::RegisterPermit { office }
            | Permission::SuperviseApoa { office } => Some(office),
            Permission::ReadDocument { office, .. } => *office,
            _ => None,
        }
    }
}

/// Every refusal is logged, and kept for the audit log when the request
/// runs inside [`recording`] (the HTTP stack does that for every request).
fn deny(actor: &Actor, permission: Permission<'_>) {
    tracing::warn!(
        actor = %actor.id,
        role = actor.role.as_str(),
        permission = permission.name(),
        office = permission.office().unwrap_or(""),
        "access denied"
    );
    let _ = DENIALS.try_with(|d| {
        d.borrow_mut().push(Denial {
            actor: actor.clone(),
            permission: permission.name(),
            office: permission.office().map(str::to_owned),
        })
    });
}

/// Run `work`, collecting the refusals [`authorize`] makes meanwhile.
pub async fn recording<F: std::future::Future>(work: F) -> (F::Output, Vec<Denial>) {
    DENIALS
        .scope(std::cell::RefCell::new(Vec::new()), async move {
            let out = work.await;
            let denials = DENIALS.with(|d| d.take());
            (out, denials)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, office: Option<&str>) -> Actor {
        Actor {
            id: "a1".into(),
            email: "a@example.id".into(),
            full_name: "A".into(),
            role,
            office: office.map(str::to_owned),
            email_verified: true,
        }
    }

    #[test]
    fn only_staff_of_the_office_register_permits() {
        let register = |office| Permission::RegisterPermit { office };
        assert!(
            authorize(
                &actor(Role::Officer, Some("DENPASAR")),
                register("DENPASAR")
            )
            .is_ok()
        );
        assert!(
            authorize(
                &actor(Role::Supervisor, Some("DENPASAR")),
                register("DENPASAR")
            )
            .is_ok()
        );
        assert!(authorize(&actor(Role::Officer, Some("MEDAN")), register("DENPASAR")).is_err());
        for role in [
            Role::Administrator,
            Role::Foreigner,
            Role::Sponsor,
            Role::Mission,
        ] {
            assert!(
                authorize(&actor(role, None), register("DENPASAR")).is_err(),
                "{role:?}"
            );
        }
    }

    #[test]
    fn office_staff_stop_at_their_office() {
        let officer = actor(Role::Officer, Some("BATAM"));
        assert!(authorize(&officer, Permission::OperateOfficeFloor { office: "BATAM" }).is_ok());
        assert!(authorize(&officer, Permission::OperateOfficeFloor { office: "MEDAN" }).is_err());
        assert!(authorize(&officer, Permission::ManageOfficeQuota { office: "BATAM" }).is_err());
        let sup = actor(Role::Supervisor, Some("BATAM"));
        assert!(authorize(&sup, Permission::ManageOfficeQuota { office: "BATAM" }).is_ok());
        assert!(authorize(&sup, Permission::ManageOfficeQuota { office: "MEDAN" }).is_err());
    }

    #[test]
    fn floor_configuration_is_for_supervisors_of_the_office_and_administrators() {
        let manage = |office| Permission::ManageOfficeFloor { office };
        assert!(authorize(&actor(Role::Supervisor, Some("BATAM")), manage("BATAM")).is_ok());
        assert!(authorize(&actor(Role::Supervisor, Some("BATAM")), manage("MEDAN")).is_err());
        assert!(authorize(&actor(Role::Officer, Some("BATAM")), manage("BATAM")).is_err());
        assert!(authorize(&actor(Role::Administrator, None), manage("BATAM")).is_ok());
        for role in [Role::Citizen, Role::Foreigner, Role::Mission] {
            assert!(authorize(&actor(role, Some("BATAM")), manage("BATAM")).is_err());
        }
        // Supervisors also run the floor of their own office.
        let sup = actor(Role::Supervisor, Some("BATAM"));
        assert!(authorize(&sup, Permission::OperateOfficeFloor { office: "BATAM" }).is_ok());
        assert!(authorize(&sup, Permission::OperateOfficeFloor { office: "MEDAN" }).is_err());
    }

    #[test]
    fn administrators_manage_everything_but_do_not_run_counters() {
        let admin = actor(Role::Administrator, None);
        assert!(authorize(&admin, Permission::ManageOfficeQuota { office: "X" }).is_ok());
        assert!(authorize(&admin, Permission::CreateStaffAccount).is_ok());
        assert!(authorize(&admin, Permission::OperateOfficeFloor { office: "X" }).is_err());
    }

    #[test]
    fn only_citizens_book_and_only_owners_manage() {
        for role in Role::ALL {
            let a = actor(role, None);
            assert_eq!(
                authorize(&a, Permission::BookAppointment).is_ok(),
                role == Role::Citizen
            );
        }
        let c = actor(Role::Citizen, None);
        assert!(authorize(&c, Permission::ManageOwn { owner_id: "a1" }).is_ok());
        assert!(authorize(&c, Permission::ManageOwn { owner_id: "b2" }).is_err());
        assert!(authorize(&c, Permission::ReadAuditLog).is_err());
    }

    #[test]
    fn documents_are_read_by_their_owner_administrators_and_staff_of_their_office() {
        let read = |office| Permission::ReadDocument {
            owner_id: "a1",
            office,
        };
        let owner = actor(Role::Foreigner, None);
        assert!(authorize(&owner, read(None)).is_ok());
        let mut stranger = actor(Role::Foreigner, None);
        stranger.id = "b2".into();
        assert!(authorize(&stranger, read(Some("BATAM"))).is_err());
        let mut officer = actor(Role::Officer, Some("BATAM"));
        officer.id = "o1".into();
        assert!(authorize(&officer, read(Some("BATAM"))).is_ok());
        assert!(authorize(&officer, read(Some("MEDAN"))).is_err());
        assert!(authorize(&officer, read(None)).is_err());
        let mut admin = actor(Role::Administrator, None);
        admin.id = "ad".into();
        assert!(authorize(&admin, read(None)).is_ok());
        let mut mission = actor(Role::Mission, None);
        mission.id = "m1".into();
        assert!(authorize(&mission, read(None)).is_err());
        assert!(authorize(&mission, Permission::UploadDocument).is_err());
        for role in [
            Role::Citizen,
            Role::Foreigner,
            Role::Sponsor,
            Role::Lodging,
            Role::Officer,
        ] {
            assert!(authorize(&actor(role, None), Permission::UploadDocument).is_ok());
        }
    }

    #[test]
    fn only_administrators_manage_regions() {
        for role in Role::ALL {
            assert_eq!(
                authorize(&actor(role, Some("BATAM")), Permission::ManageRegions).is_ok(),
                role == Role::Administrator
            );
        }
    }

    #[test]
    fn casework_is_reviewed_by_office_staff_and_decided_by_its_supervisors() {
        for role in Role::ALL {
            let a = actor(role, Some("BATAM"));
            assert_eq!(
                authorize(&a, Permission::ApplyForPermit).is_ok(),
                matches!(role, Role::Foreigner | Role::Sponsor)
            );
            assert_eq!(
                authorize(&a, Permission::ReviewCase { office: "BATAM" }).is_ok(),
                matches!(role, Role::Officer | Role::Supervisor)
            );
            assert_eq!(
                authorize(&a, Permission::DecideCase { office: "BATAM" }).is_ok(),
                role == Role::Supervisor
            );
            assert!(authorize(&a, Permission::ReviewCase { office: "MEDAN" }).is_err());
            assert_eq!(
                authorize(&a, Permission::RecordEntry).is_ok(),
                matches!(role, Role::Officer | Role::Supervisor)
            );
            assert_eq!(
                authorize(&a, Permission::LookUpVisas).is_ok(),
                role == Role::Mission
            );
            assert_eq!(
                authorize(&a, Permission::ManageVisaIndex).is_ok(),
                role == Role::Administrator
            );
        }
    }

    #[test]
    fn apoa_is_supervised_by_staff_of_the_office_and_administrators() {
        let supervise = Permission::SuperviseApoa { office: "DENPASAR" };
        for role in Role::ALL {
            assert_eq!(
                authorize(&actor(role, Some("DENPASAR")), supervise).is_ok(),
                matches!(role, Role::Officer | Role::Supervisor | Role::Administrator),
                "{role:?}"
            );
            assert_eq!(
                authorize(&actor(role, Some("MEDAN")), supervise).is_ok(),
                role == Role::Administrator,
                "{role:?}"
            );
        }
    }

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}

//! The use cases of stay permits: one function per thing a person does.
//! Each owns its write transaction (`db::write`), appends its audit row,
//! and returns [`StayError`], never an HTTP type.

pub mod appearances;
pub mod applications;
pub mod approve;
pub mod arrival;
pub mod border;
pub mod casefile;
pub mod cases;
pub mod fines;
pub mod issue;
pub mod known_permits;
pub mod read;
pub mod register;

use imigrasi_casework::app::CaseError;
use imigrasi_platform::db::{self, LostConnection};
use sea_orm::DbErr;

use crate::domain::appearance::AppearanceRules;
use crate::domain::application::FeeTable;
use crate::domain::extension::{ExtensionRefusal, ExtensionRules};
use crate::domain::holder::FieldErrors;
use crate::domain::overstay::OverstayFees;

/// The service name (audit, cases).
pub const SERVICE: &str = "stay";
/// The prefix of permit numbers (`IT-2026-7K3QX9M2`).
pub const PERMIT_PREFIX: &str = "IT";

/// Why a stay use case refused.
#[derive(Debug, thiserror::Error)]
pub enum StayError {
    /// The actor may not do this.
    #[error("forbidden")]
    Forbidden,
    /// No such permit, or not one the actor may see.
    #[error("not found")]
    NotFound,
    /// Fields refused (field → machine reason).
    #[error("invalid input")]
    InvalidInput(FieldErrors),
    /// The permit may not be extended now, or ever.
    #[error(transparent)]
    Extension(ExtensionRefusal),
    /// The permit is not active (expired, cancelled, converted).
    #[error("the permit is not active")]
    PermitNotActive,
    /// The permit has an open application already.
    #[error("the permit has an open application")]
    AlreadyApplied,
    /// A sponsor change waits for the new sponsor's acceptance.
    #[error("the new sponsor has not accepted")]
    SponsorNotAccepted,
    /// Nothing is owed: the holder is not overstaying.
    #[error("no overstay")]
    NoOverstay,
    /// An unpaid fine is billed already.
    #[error("a fine is billed already")]
    FineAlreadyBilled,
    /// Leaving without an exit or re-entry permit.
    #[error("an exit permit is required")]
    ExitPermitRequired,
    /// The session asked for has no place left.
    #[error("the session is full")]
    SessionFull,
    /// The case has an open appearance already.
    #[error("an appearance is open")]
    AppearanceOpen,
    /// A shared casework step refused.
    #[error(transparent)]
    Case(CaseError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl LostConnection for StayError {
    fn connection_lost(&self) -> bool {
        match self {
            StayError::Db(e) => db::is_unavailable(e),
            StayError::Case(e) => e.connection_lost(),
            _ => false,
        }
    }
}

impl From<CaseError> for StayError {
    fn from(e: CaseError) -> Self {
        match e {
            CaseError::Forbidden => StayError::Forbidden,
            CaseError::NotFound => StayError::NotFound,
            CaseError::Db(e) => StayError::Db(e),
            CaseError::InvalidInput(f, reason) => field(f, reason),
            other => StayError::Case(other),
        }
    }
}

/// A refusal of one field.
pub fn field(name: &str, reason: &'static str) -> StayError {
    StayError::InvalidInput(FieldErrors::from([(name.to_owned(), reason)]))
}

/// The stay service's settings: its rules as data. The binary may put
/// others in `Config::services`; without, today's rules apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaySettings {
    /// When and by how much permits extend.
    pub extension: ExtensionRules,
    /// The overstay tariff.
    pub overstay: OverstayFees,
    /// The fees of applications.
    pub fees: FeeTable,
    /// Days a submitted application may stay unpaid (never past the
    /// permit's end for an extension).
    pub payment_days: i64,
    /// When appearances at the office may be booked.
    pub appearances: AppearanceRules,
}

impl Default for StaySettings {
    fn default() -> Self {
        StaySettings {
            extension: ExtensionRules::default(),
            overstay: OverstayFees::default(),
            fees: FeeTable::default(),
            payment_days: 7,
            appearances: AppearanceRules::default(),
        }
    }
}

/// The settings in force.
pub fn settings(state: &imigrasi_platform::AppState) -> StaySettings {
    state
        .config
        .services
        .get::<StaySettings>()
        .cloned()
        .unwrap_or_default()
}

/// An office's time zone (Jakarta when unknown).
pub use imigrasi_platform::offices::zone_of as office_zone;

/// The blind index of a passport number (look-ups without the number).
pub use imigrasi_platform::pii::passport_index;

// Reports, reminders and lists (issue 12, parts 5 to 7).
pub mod lists;
pub mod reminders;
pub mod reports;

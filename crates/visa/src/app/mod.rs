//! The use cases of Visa Online: one function per thing a person does.
//! Each owns its write transaction (`db::write`), appends its audit row,
//! and returns [`VisaError`], never an HTTP type.

pub mod apply;
pub mod cases;
pub mod decide;
pub mod documents;
pub mod evisa_ops;
pub mod evisa_pdf;
pub mod index;
pub mod known_permits;
pub mod payment;
pub mod status;
pub mod verify;
pub mod view;

use imigrasi_casework::app::CaseError;
use imigrasi_platform::db::{self, LostConnection};
use sea_orm::DbErr;

use crate::domain::applicant::FieldErrors;

/// The service name (bills, documents, cases).
pub const SERVICE: &str = "visa";
/// The register-number prefix of visa cases.
pub const PREFIX: &str = "V";

/// Why a visa use case refused.
#[derive(Debug, thiserror::Error)]
pub enum VisaError {
    /// The actor may not do this.
    #[error("forbidden")]
    Forbidden,
    /// No such application, or not one the actor may see.
    #[error("not found")]
    NotFound,
    /// Fields refused (field → machine reason).
    #[error("invalid input")]
    InvalidInput(FieldErrors),
    /// The type needs a sponsor.
    #[error("this visa type needs a sponsor")]
    SponsorRequired,
    /// A sponsor account has no sponsor profile yet.
    #[error("the sponsor has no profile")]
    SponsorProfileRequired,
    /// The passport expires too soon.
    #[error("the passport expires too soon")]
    PassportValidity {
        /// Months of validity the type needs after arrival.
        months: i32,
    },
    /// One active application or unused e-Visa per passport and type.
    #[error("already applied")]
    AlreadyApplied,
    /// A shared casework step refused (missing documents, a refused
    /// transition, the two-person rule, a refused file).
    #[error(transparent)]
    Case(CaseError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl LostConnection for VisaError {
    fn connection_lost(&self) -> bool {
        match self {
            VisaError::Db(e) => db::is_unavailable(e),
            VisaError::Case(e) => e.connection_lost(),
            _ => false,
        }
    }
}

impl From<CaseError> for VisaError {
    fn from(e: CaseError) -> Self {
        match e {
            CaseError::Forbidden => VisaError::Forbidden,
            CaseError::NotFound => VisaError::NotFound,
            CaseError::Db(e) => VisaError::Db(e),
            CaseError::InvalidInput(f, reason) => {
                VisaError::InvalidInput(FieldErrors::from([(f.to_owned(), reason)]))
            }
            other => VisaError::Case(other),
        }
    }
}

/// Today in Indonesia's western zone (where the directorate sits).
pub fn today(now: jiff::Timestamp) -> jiff::civil::Date {
    imigrasi_core::OfficeZone::Jakarta.local_date(now)
}

/// Days a submitted application may stay unpaid
/// (`IMIGRASI_VISA_PAYMENT_DAYS`, default 7).
pub fn payment_days() -> i64 {
    std::env::var("IMIGRASI_VISA_PAYMENT_DAYS")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|d| (1..=60).contains(d))
        .unwrap_or(7)
}

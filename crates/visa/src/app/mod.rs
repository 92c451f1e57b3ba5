//! The use cases of Visa Online: one function per thing a person does.
//! Each owns its write transaction (`db::write`), appends its audit row,
//! and returns [`VisaError`], never an HTTP type.

pub mod apply;
pub mod decide;
pub mod documents;
pub mod evisa_ops;
pub mod evisa_pdf;
pub mod index;
pub mod payment;
pub mod status;
pub mod verify;
pub mod view;
pub mod withdraw;

use imigrasi_casework::store::StepError;
use imigrasi_platform::db::{self, LostConnection};
use imigrasi_platform::documents::app::UploadError;
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
    /// Required documents are missing.
    #[error("documents missing")]
    MissingDocuments(Vec<String>),
    /// The state machine refused the step.
    #[error("invalid transition")]
    InvalidTransition,
    /// The recommender may not decide.
    #[error("two-person rule")]
    TwoPersonRule,
    /// The upload was refused.
    #[error(transparent)]
    Upload(UploadError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl LostConnection for VisaError {
    fn connection_lost(&self) -> bool {
        matches!(self, VisaError::Db(e) if db::is_unavailable(e))
    }
}

impl From<StepError> for VisaError {
    fn from(e: StepError) -> Self {
        match e {
            StepError::Invalid(_) => VisaError::InvalidTransition,
            StepError::TwoPersonRule => VisaError::TwoPersonRule,
            StepError::Party => VisaError::Forbidden,
            StepError::NotFound => VisaError::NotFound,
            StepError::Db(e) => VisaError::Db(e),
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

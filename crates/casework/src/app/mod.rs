//! The use cases every casework service shares: attaching documents,
//! submitting with the fee bill, paying, answering a request, officers'
//! and supervisors' decisions, withdrawing, and expiring what stayed
//! unpaid.
//!
//! A service (visa, stay) implements [`CaseService`]: which documents it
//! asks for, the fee, and what happens to its own rows when a case is
//! paid, approved or closed. The flows here own the transaction, the
//! case's status step, the bill and the audit row; the hooks run inside
//! the same transaction, so a case and the service's rows never disagree.

pub mod decide;
pub mod documents;
pub mod payment;
pub mod submit;

use std::future::Future;

use imigrasi_platform::AppState;
use imigrasi_platform::billing::Bill;
use imigrasi_platform::db::{self, Db, LostConnection};
use imigrasi_platform::documents::app::UploadError;
use sea_orm::{DatabaseTransaction, DbErr};

use crate::Status;
use crate::store::{Case, StepError};

pub use decide::{Decide, Decision, MAX_REASON_CHARS, decide, withdraw};
pub use documents::{AttachFile, attach};
pub use payment::{CaseSettler, expire_unpaid};
pub use submit::{Submitted, submit};

/// Why a shared casework step refused.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// The actor may not do this.
    #[error("forbidden")]
    Forbidden,
    /// No such case, or not one the actor may see.
    #[error("not found")]
    NotFound,
    /// A field was refused (field, machine reason).
    #[error("invalid {0}")]
    InvalidInput(&'static str, &'static str),
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

impl LostConnection for CaseError {
    fn connection_lost(&self) -> bool {
        matches!(self, CaseError::Db(e) if db::is_unavailable(e))
    }
}

impl From<StepError> for CaseError {
    fn from(e: StepError) -> Self {
        match e {
            StepError::Invalid(_) => CaseError::InvalidTransition,
            StepError::TwoPersonRule => CaseError::TwoPersonRule,
            StepError::Party => CaseError::Forbidden,
            StepError::NotFound => CaseError::NotFound,
            StepError::Db(e) => CaseError::Db(e),
        }
    }
}

/// The fee of a case and when its bill lapses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fee {
    /// Rupiah.
    pub amount: i64,
    /// Last instant the bill may be paid.
    pub due: jiff::Timestamp,
}

/// What a service adds to the shared flows. Every hook that takes a
/// transaction runs inside the flow's transaction.
pub trait CaseService: Send + Sync + 'static {
    /// The service name (cases, bills, documents), e.g. `stay`.
    const SERVICE: &'static str;
    /// The audit object type of an application, e.g. `stay_application`.
    const OBJECT: &'static str;
    /// The audit object type of the steps without an actor (paid, expired
    /// unpaid), whose object is the case's id.
    const CASE_OBJECT: &'static str = "case";
    /// Whether a decision's reason may hold line breaks and tabs (other
    /// control characters are always refused).
    const MULTILINE_REASONS: bool = false;
    /// The service's error.
    type Error: From<CaseError> + From<DbErr> + LostConnection + Send + Sync;

    /// Whether the case asks for documents of `kind`.
    fn asks_for(
        &self,
        db: &Db,
        case: &Case,
        kind: &str,
    ) -> impl Future<Output = Result<bool, Self::Error>> + Send;

    /// The documents still missing, given the kinds attached.
    fn missing_documents(
        &self,
        db: &Db,
        case: &Case,
        present: &[String],
    ) -> impl Future<Output = Result<Vec<String>, Self::Error>> + Send;

    /// The fee to bill on submission, at `now`.
    fn fee(
        &self,
        db: &Db,
        case: &Case,
        now: jiff::Timestamp,
    ) -> impl Future<Output = Result<Fee, Self::Error>> + Send;

    /// The bill was created (e.g. remember its code).
    fn billed(
        &self,
        _txn: &DatabaseTransaction,
        _case: &Case,
        _bill: &Bill,
    ) -> impl Future<Output = Result<(), DbErr>> + Send {
        async { Ok(()) }
    }

    /// The fee was paid in time (`awaiting_payment` → `in_review`).
    fn paid(
        &self,
        _txn: &DatabaseTransaction,
        _case_id: &str,
        _paid_at: jiff::Timestamp,
    ) -> impl Future<Output = Result<(), DbErr>> + Send {
        async { Ok(()) }
    }

    /// A supervisor approved: issue what the case asked for.
    fn approved(
        &self,
        state: &AppState,
        txn: &DatabaseTransaction,
        case: &Case,
        now: jiff::Timestamp,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send;

    /// The case ended another way: `rejected`, `withdrawn` or
    /// `expired_unpaid` (free the service's rows). Also after approval,
    /// for what every final status shares (notices).
    fn closed(
        &self,
        txn: &DatabaseTransaction,
        case_id: &str,
        to: Status,
    ) -> impl Future<Output = Result<(), DbErr>> + Send;
}

/// The case with this register number, if `actor`-independent lookups
/// find it (the callers check who may see it).
pub async fn find<S: CaseService>(db: &Db, register_number: &str) -> Result<Case, S::Error> {
    crate::store::find_by_register(db, S::SERVICE, register_number)
        .await?
        .ok_or_else(|| CaseError::NotFound.into())
}

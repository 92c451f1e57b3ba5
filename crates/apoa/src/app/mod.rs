//! The use cases of APOA: one function per thing a reporter does. Each
//! owns its write transaction (`db::write`), appends its audit row, and
//! returns [`ApoaError`], never an HTTP type.

pub mod alerts;
pub mod amend;
pub mod batch;
pub mod dashboard;
pub mod keys;
pub mod lists;
pub mod premises;
pub mod receipt;
pub mod retention;
pub mod stays;
pub mod watch;

use imigrasi_core::MrzError;
use imigrasi_platform::db::{self, LostConnection};
use imigrasi_platform::policy::{self, Actor, Permission};
use sea_orm::{ConnectionTrait, DbErr};

use crate::domain::FieldErrors;
use crate::store::keys::ApiKey;
use crate::store::premises::{self as premise_store, Premise};

/// The service name (audit).
pub const SERVICE: &str = "apoa";

/// Why an APOA use case refused.
#[derive(Debug, thiserror::Error)]
pub enum ApoaError {
    /// The actor may not do this.
    #[error("forbidden")]
    Forbidden,
    /// No such premise, key or stay, or not one the reporter may see.
    #[error("not found")]
    NotFound,
    /// Fields refused (field → machine reason).
    #[error("invalid input")]
    InvalidInput(FieldErrors),
    /// The MRZ is not a valid passport MRZ (names the failing part).
    #[error(transparent)]
    InvalidMrz(MrzError),
    /// The guest has checked out already.
    #[error("already checked out")]
    AlreadyCheckedOut,
    /// The report was cancelled; it changes no more.
    #[error("cancelled")]
    Cancelled,
    /// Another amendment came first; read the stay again.
    #[error("amended meanwhile")]
    AmendedMeanwhile,
    /// The guest's check-in at this premise on this date was reported
    /// already (the id of that report).
    #[error("duplicate stay")]
    DuplicateStay(String),
    /// A batch of more than `domain::batch::MAX_ROWS` rows.
    #[error("batch too large")]
    BatchTooLarge,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl LostConnection for ApoaError {
    fn connection_lost(&self) -> bool {
        match self {
            ApoaError::Db(e) => db::is_unavailable(e),
            _ => false,
        }
    }
}

/// A refusal of one field.
pub fn field(name: &str, reason: &'static str) -> ApoaError {
    ApoaError::InvalidInput(FieldErrors::from([(name.to_owned(), reason)]))
}

/// Who reports: a lodging account, or a premise's API key (its property-
/// management system).
#[derive(Debug, Clone)]
pub enum Reporter {
    /// A signed-in account.
    Account(Actor),
    /// A live API key, for its premise only.
    Key(ApiKey),
}

impl Reporter {
    /// The account, when an account reports.
    pub fn actor(&self) -> Option<&Actor> {
        match self {
            Reporter::Account(a) => Some(a),
            Reporter::Key(_) => None,
        }
    }
}

/// The premise `id` as `reporter` may act on it: its owner's, or its own
/// key's; anything else is [`ApoaError::NotFound`] (existence never leaks).
pub async fn premise_for(
    c: &impl ConnectionTrait,
    reporter: &Reporter,
    id: &str,
) -> Result<Premise, ApoaError> {
    let premise = premise_store::find(c, id)
        .await?
        .ok_or(ApoaError::NotFound)?;
    let allowed = match reporter {
        Reporter::Account(actor) => policy::authorize(
            actor,
            Permission::ManageOwn {
                owner_id: &premise.owner_account_id,
            },
        )
        .is_ok(),
        Reporter::Key(key) => key.premise_id == premise.id,
    };
    if allowed {
        Ok(premise)
    } else {
        Err(ApoaError::NotFound)
    }
}

/// An office's time zone (Jakarta when unknown).
pub use imigrasi_platform::offices::zone_of as office_zone;

/// The blind index of a passport number (look-ups without the number).
pub use imigrasi_platform::pii::passport_index;

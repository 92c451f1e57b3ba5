//! The use cases of stay permits: one function per thing a person does.
//! Each owns its write transaction (`db::write`), appends its audit row,
//! and returns [`StayError`], never an HTTP type.

pub mod read;
pub mod register;

use imigrasi_core::OfficeZone;
use imigrasi_platform::db::{self, LostConnection};
use imigrasi_platform::offices;
use sea_orm::{ConnectionTrait, DbErr};
use secrecy::ExposeSecret;

use crate::domain::extension::ExtensionRules;
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
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl LostConnection for StayError {
    fn connection_lost(&self) -> bool {
        matches!(self, StayError::Db(e) if db::is_unavailable(e))
    }
}

/// A refusal of one field.
pub fn field(name: &str, reason: &'static str) -> StayError {
    StayError::InvalidInput(FieldErrors::from([(name.to_owned(), reason)]))
}

/// The stay service's settings: its rules as data. The binary may put
/// others in `Config::services`; without, today's rules apply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaySettings {
    /// When and by how much permits extend.
    pub extension: ExtensionRules,
    /// The overstay tariff.
    pub overstay: OverstayFees,
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
pub async fn office_zone(c: &impl ConnectionTrait, office: &str) -> Result<OfficeZone, DbErr> {
    Ok(offices::find(c, office)
        .await?
        .and_then(|o| o.zone())
        .unwrap_or(OfficeZone::Jakarta))
}

/// The blind index of a passport number (look-ups without the number).
pub fn passport_index(state: &imigrasi_platform::AppState, number: &str) -> String {
    imigrasi_platform::pii::blind_index(
        state.config.data_key.expose_secret().as_bytes(),
        "passport",
        number,
    )
}

// Reports, reminders and lists (issue 12, parts 5 to 7).
pub mod lists;
pub mod reminders;
pub mod reports;

//! The use cases of the passport appointment service: one function per
//! thing a person (or the platform) does. Each takes a typed command,
//! checks access through the policy module, owns its write transaction
//! (`db::write`, which runs it once more if the connection is lost before
//! commit), calls the pure rules in `domain` and the SQL in `store`,
//! appends its audit and outbox rows, commits, and returns a
//! [`BookingError`], never an HTTP type. The JSON routes, the pages, the
//! WhatsApp channel and the workers are adapters around these functions.
//!
//! Lock order inside every transaction that touches a slot: the slot's
//! counter first, then the account row, then the audit chain's head. A use
//! case that returns a place (cancel, expiry) returns it before it appends
//! its audit row, so that it never holds the audit head while waiting for a
//! slot that a booking holds while waiting for the audit head.

pub mod application;
pub mod book;
pub mod changes;
pub mod documents;
pub mod engine;
pub mod lottery;
pub mod lottery_entries;
pub mod quota;
pub mod read;
pub mod reminders;
pub mod slots;
pub mod waitlist;
pub mod walk_in;
pub mod whatsapp_link;

use imigrasi_platform::AppState;
use imigrasi_platform::db::{self, LostConnection};
use imigrasi_platform::idempotency::IdempotencyError;
use sea_orm::DbErr;
use secrecy::ExposeSecret;

use crate::domain::{
    Ineligible, MAX_ACTIVE_BOOKINGS_PER_ACCOUNT, NotBookable, RescheduleError, TransitionError,
};
pub use crate::store::Origin;
use crate::store::{BookError, BookingSettings};

/// The passport service's own settings (`imigrasi serve` sets them from
/// `--payment-hold-minutes` / `IMIGRASI_PAYMENT_HOLD_MINUTES` and
/// `--booking-engine` / `IMIGRASI_BOOKING_ENGINE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassportSettings {
    /// Minutes a new booking is held awaiting payment.
    pub payment_hold_minutes: u32,
    /// How booking requests are committed (see [`engine`]).
    pub booking_engine: engine::BookingEngine,
}

impl Default for PassportSettings {
    fn default() -> Self {
        PassportSettings {
            payment_hold_minutes: crate::domain::limits::DEFAULT_PAYMENT_HOLD_MINUTES,
            booking_engine: engine::BookingEngine::default(),
        }
    }
}

/// The passport settings of this platform (defaults where not set).
pub fn passport_settings(state: &AppState) -> PassportSettings {
    state
        .config
        .services
        .get::<PassportSettings>()
        .copied()
        .unwrap_or_default()
}

/// The booking settings of this platform (hold, limit, NIK index key).
pub fn settings(state: &AppState) -> BookingSettings {
    BookingSettings {
        hold_minutes: passport_settings(state).payment_hold_minutes,
        max_active_per_account: MAX_ACTIVE_BOOKINGS_PER_ACCOUNT,
        data_key: state.config.data_key.expose_secret().as_bytes().to_vec(),
    }
}

/// Why a new session is not a suitable target of a reschedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unsuitable {
    /// Another office.
    #[error("the new session must be at the same office")]
    OtherOffice,
    /// Another category.
    #[error("the new session must be of the same category")]
    OtherCategory,
    /// The session already booked.
    #[error("the new session is the current one")]
    SameSession,
}

/// Why a booking use case refused.
#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    /// The actor may not do this.
    #[error("forbidden")]
    Forbidden,
    /// No such booking, or not one the actor may see.
    #[error("no such booking")]
    NotFound,
    /// No such slot.
    #[error("no such slot")]
    SlotNotFound,
    /// The slot cannot be booked now.
    #[error(transparent)]
    NotBookable(NotBookable),
    /// No place left.
    #[error("this session is full")]
    SlotFull,
    /// The NIK already has an active booking (or is already waiting).
    #[error("this NIK already has an active booking")]
    AlreadyBooked,
    /// The account holds its maximum of active bookings.
    #[error("an account may hold at most {0} active bookings")]
    BookingLimit(u32),
    /// Not bookable online (validity, walk-in only, same-day, priority, product).
    #[error(transparent)]
    Ineligible(Ineligible),
    /// The state machine refuses.
    #[error(transparent)]
    Transition(TransitionError),
    /// Rescheduling refused.
    #[error(transparent)]
    Reschedule(RescheduleError),
    /// The new session is unsuitable.
    #[error(transparent)]
    Unsuitable(Unsuitable),
    /// The `Idempotency-Key` cannot be used for this request.
    #[error(transparent)]
    Idempotency(IdempotencyError),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<BookError> for BookingError {
    fn from(e: BookError) -> Self {
        match e {
            BookError::SlotNotFound => BookingError::SlotNotFound,
            BookError::NotBookable(nb) => BookingError::NotBookable(nb),
            BookError::SlotFull => BookingError::SlotFull,
            BookError::AlreadyBooked => BookingError::AlreadyBooked,
            BookError::BookingLimit(n) => BookingError::BookingLimit(n),
            BookError::Ineligible(i) => BookingError::Ineligible(i),
            BookError::Db(e) => BookingError::Db(e),
        }
    }
}

impl From<IdempotencyError> for BookingError {
    fn from(e: IdempotencyError) -> Self {
        match e {
            IdempotencyError::Db(e) => BookingError::Db(e),
            e => BookingError::Idempotency(e),
        }
    }
}

impl LostConnection for BookingError {
    fn connection_lost(&self) -> bool {
        matches!(self, BookingError::Db(e) if db::is_unavailable(e))
    }
}

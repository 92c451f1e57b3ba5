//! Pure domain rules of the passport appointment service: no IO, no clock.
//!
//! Instants are UTC [`jiff::Timestamp`]s; anything an applicant reads as a
//! date or time (sessions, releases, "H-1") is office-local and computed in
//! the office's [`jiff::tz::TimeZone`] through [`office_time`].

pub mod application;
pub mod application_number;
pub mod booking;
pub mod capacity;
pub mod category;
pub mod codes {
    //! Public references and billing codes (defined in `imigrasi-core`).
    pub use imigrasi_core::codes::*;
}
pub mod documents;
pub mod limits;
pub mod lottery;
pub mod model;
pub mod office_time;
pub mod product;
pub mod quota;
pub mod release;
pub mod waitlist;

pub use booking::{
    BookingAction, BookingStatus, CheckInWindow, ExaminationResult, RescheduleError, TRANSITIONS,
    TransitionError, cancel, check_in, examine, expire, is_edge, mark_no_show, miss_call, pay,
    payment_deadline, reschedule_allowed, serve,
};
pub use capacity::{CapacityError, SlotLoad};
pub use category::{Category, PassportType, ServiceKind, UnknownValue};
pub use codes::{BillingCode, BookingCode, CodeError};
pub use documents::DocKind;
pub use limits::{
    BookingLimits, LimitError, MAX_ACTIVE_BOOKINGS_PER_ACCOUNT, check_account_limit,
    check_group_booking, check_nik_limit,
};
pub use model::{ModelOp, ModelRejection, QuotaModel};
pub use office_time::{office_date, office_instant};
pub use product::{Ineligible, Purpose, VALIDITIES, age_on};
pub use quota::{
    ExceptionKind, QuotaError, QuotaException, SessionTemplate, SlotSpec, WeeklyTemplate, expand,
};
pub use release::{
    BookingWindow, NotBookable, OutsideHorizon, ReleaseEvent, ReleaseRule, ReleaseRuleError,
    bookable, next_releases, release_instant_for,
};
pub use waitlist::{WaitlistEntry, WaitlistError, WaitlistStatus, next_offer, validate_range};

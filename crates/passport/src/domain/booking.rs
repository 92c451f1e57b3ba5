//! The booking state machine.
//!
//! ```text
//! awaiting_payment --pay-----------> confirmed --check_in--> checked_in --serve--> served
//! awaiting_payment --expire--------> expired
//! awaiting_payment --cancel--------> cancelled
//! confirmed        --cancel--------> cancelled
//! confirmed        --mark_no_show--> no_show      (never checked in)
//! checked_in       --mark_no_show--> no_show      (missed the call at the counter)
//! examination      --approve-------> awaiting_payment (lost or damaged passport, walk-in)
//! examination      --refuse--------> refused
//! ```
//!
//! A lost or damaged passport is not booked online: the officer registers
//! the walk-in, which starts in `examination` until the examination report
//! (BAP) approves it (the bill is issued, with the surcharge) or refuses it.
//!
//! Rescheduling moves a confirmed (paid) booking to another slot without
//! changing its status; an unpaid booking cannot move.
//!
//! Transitions are pure functions from the current status (and the instants
//! they depend on) to the next status; [`TRANSITIONS`] lists every edge, and
//! the one store function that writes a status
//! (`store::bookings::status::transition`) refuses anything else.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use super::category::UnknownValue;
use super::office_time::{add_minutes, office_date};

/// Where a booking is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Slot held; the fee is not paid yet.
    AwaitingPayment,
    /// Fee paid; the appointment stands.
    Confirmed,
    /// Not paid in time; the slot went back to the quota.
    Expired,
    /// Cancelled by the applicant before the appointment.
    Cancelled,
    /// Applicant arrived and holds a queue number.
    CheckedIn,
    /// Applicant was served at the counter.
    Served,
    /// Applicant did not check in during the session.
    NoShow,
    /// Walk-in for a lost or damaged passport, waiting for the officer's
    /// examination (BAP); no bill yet.
    Examination,
    /// The examination refused the replacement.
    Refused,
}

impl BookingStatus {
    /// Every status.
    pub const ALL: [BookingStatus; 9] = [
        BookingStatus::AwaitingPayment,
        BookingStatus::Confirmed,
        BookingStatus::Expired,
        BookingStatus::Cancelled,
        BookingStatus::CheckedIn,
        BookingStatus::Served,
        BookingStatus::NoShow,
        BookingStatus::Examination,
        BookingStatus::Refused,
    ];

    /// The stable snake_case name used in storage and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::AwaitingPayment => "awaiting_payment",
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Expired => "expired",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::CheckedIn => "checked_in",
            BookingStatus::Served => "served",
            BookingStatus::NoShow => "no_show",
            BookingStatus::Examination => "examination",
            BookingStatus::Refused => "refused",
        }
    }

    /// The statuses of a booking still in progress: they count towards the
    /// per-account and per-NIK limits. Every query that asks for active
    /// bookings builds its SQL list from this constant
    /// (`store::bookings::status::active_sql`).
    pub const ACTIVE: [BookingStatus; 4] = [
        BookingStatus::AwaitingPayment,
        BookingStatus::Confirmed,
        BookingStatus::CheckedIn,
        BookingStatus::Examination,
    ];

    /// Whether the booking is still in progress (one of [`BookingStatus::ACTIVE`]).
    pub fn is_active(self) -> bool {
        BookingStatus::ACTIVE.contains(&self)
    }

    /// Whether the booking uses a place in its slot's capacity.
    ///
    /// Served and no-show bookings keep their place (the session's counter
    /// time was spent on them); only expired and cancelled ones give it back.
    pub fn holds_slot(self) -> bool {
        !matches!(self, BookingStatus::Expired | BookingStatus::Cancelled)
    }

    /// Whether no transition leaves this status.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            BookingStatus::Expired
                | BookingStatus::Cancelled
                | BookingStatus::Served
                | BookingStatus::NoShow
                | BookingStatus::Refused
        )
    }
}

impl FromStr for BookingStatus {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BookingStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| UnknownValue {
                kind: "booking status",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for BookingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A transition attempted on a booking, named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingAction {
    /// [`pay`].
    Pay,
    /// [`expire`].
    Expire,
    /// [`cancel`].
    Cancel,
    /// [`reschedule_allowed`].
    Reschedule,
    /// [`check_in`].
    CheckIn,
    /// [`serve`].
    Serve,
    /// [`mark_no_show`].
    MarkNoShow,
    /// [`examine`].
    Examine,
}

impl BookingAction {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingAction::Pay => "pay",
            BookingAction::Expire => "expire",
            BookingAction::Cancel => "cancel",
            BookingAction::Reschedule => "reschedule",
            BookingAction::CheckIn => "check_in",
            BookingAction::Serve => "serve",
            BookingAction::MarkNoShow => "mark_no_show",
            BookingAction::Examine => "examine",
        }
    }
}

impl fmt::Display for BookingAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a transition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The action does not apply to a booking in this status.
    #[error("a booking that is {from} cannot {action}")]
    NotAllowed {
        /// Current status.
        from: BookingStatus,
        /// Attempted action.
        action: BookingAction,
    },
    /// Payment arrived after the deadline; the caller records a refund.
    #[error("payment arrived after the booking expired; it will be refunded")]
    PaymentAfterExpiry,
    /// The booking is already paid; a second payment is refunded.
    #[error("this booking is already paid")]
    AlreadyPaid,
    /// The payment deadline has not passed yet.
    #[error("the payment deadline {deadline} has not passed yet")]
    DeadlineNotReached {
        /// The deadline.
        deadline: Timestamp,
    },
    /// The appointment has started; it can no longer be cancelled.
    #[error("the appointment has already started")]
    AppointmentStarted,
    /// Check-in attempted outside its window.
    #[error("check-in is open from {opens} until {closes}")]
    OutsideCheckInWindow {
        /// First instant check-in is accepted.
        opens: Timestamp,
        /// First instant check-in is refused again.
        closes: Timestamp,
    },
    /// A no-show can only be recorded once check-in has closed.
    #[error("check-in is still open until {closes}")]
    CheckInStillOpen {
        /// When check-in closes.
        closes: Timestamp,
    },
}

impl TransitionError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            TransitionError::NotAllowed { .. } => "transition_not_allowed",
            TransitionError::PaymentAfterExpiry => "payment_after_expiry",
            TransitionError::AlreadyPaid => "already_paid",
            TransitionError::DeadlineNotReached { .. } => "payment_deadline_not_reached",
            TransitionError::AppointmentStarted => "appointment_started",
            TransitionError::OutsideCheckInWindow { .. } => "outside_check_in_window",
            TransitionError::CheckInStillOpen { .. } => "check_in_still_open",
        }
    }
}

fn not_allowed(from: BookingStatus, action: BookingAction) -> TransitionError {
    TransitionError::NotAllowed { from, action }
}

/// Every edge of the state machine: `(from, action, to)`.
pub const TRANSITIONS: [(BookingStatus, BookingAction, BookingStatus); 10] = {
    use BookingAction as A;
    use BookingStatus as S;
    [
        (S::AwaitingPayment, A::Pay, S::Confirmed),
        (S::AwaitingPayment, A::Expire, S::Expired),
        (S::AwaitingPayment, A::Cancel, S::Cancelled),
        (S::Confirmed, A::Cancel, S::Cancelled),
        (S::Confirmed, A::CheckIn, S::CheckedIn),
        (S::Confirmed, A::MarkNoShow, S::NoShow),
        (S::CheckedIn, A::Serve, S::Served),
        (S::CheckedIn, A::MarkNoShow, S::NoShow),
        (S::Examination, A::Examine, S::AwaitingPayment),
        (S::Examination, A::Examine, S::Refused),
    ]
};

/// Whether the state machine has an edge from `from` to `to`.
pub fn is_edge(from: BookingStatus, to: BookingStatus) -> bool {
    TRANSITIONS.iter().any(|(f, _, t)| *f == from && *t == to)
}

/// The instant by which a booking made at `now` must be paid.
pub fn payment_deadline(now: Timestamp, hold_minutes: u32) -> Timestamp {
    add_minutes(now, i64::from(hold_minutes))
}

/// Applies a payment: awaiting_payment becomes confirmed if `now <= deadline`.
///
/// Every error means the money was not applied and must be refunded.
pub fn pay(
    status: BookingStatus,
    now: Timestamp,
    deadline: Timestamp,
) -> Result<BookingStatus, TransitionError> {
    match status {
        BookingStatus::AwaitingPayment if now <= deadline => Ok(BookingStatus::Confirmed),
        BookingStatus::AwaitingPayment | BookingStatus::Expired => {
            Err(TransitionError::PaymentAfterExpiry)
        }
        BookingStatus::Confirmed
        | BookingStatus::CheckedIn
        | BookingStatus::Served
        | BookingStatus::NoShow => Err(TransitionError::AlreadyPaid),
        BookingStatus::Cancelled | BookingStatus::Examination | BookingStatus::Refused => {
            Err(not_allowed(status, BookingAction::Pay))
        }
    }
}

/// Lapses an unpaid booking once `now` is past its deadline.
pub fn expire(
    status: BookingStatus,
    now: Timestamp,
    deadline: Timestamp,
) -> Result<BookingStatus, TransitionError> {
    match status {
        BookingStatus::AwaitingPayment if now > deadline => Ok(BookingStatus::Expired),
        BookingStatus::AwaitingPayment => Err(TransitionError::DeadlineNotReached { deadline }),
        _ => Err(not_allowed(status, BookingAction::Expire)),
    }
}

/// Cancels an unpaid or confirmed booking any time before the appointment starts.
pub fn cancel(
    status: BookingStatus,
    now: Timestamp,
    appointment_start: Timestamp,
) -> Result<BookingStatus, TransitionError> {
    match status {
        BookingStatus::AwaitingPayment | BookingStatus::Confirmed if now < appointment_start => {
            Ok(BookingStatus::Cancelled)
        }
        BookingStatus::AwaitingPayment | BookingStatus::Confirmed => {
            Err(TransitionError::AppointmentStarted)
        }
        _ => Err(not_allowed(status, BookingAction::Cancel)),
    }
}

/// Why a booking may not be moved to another slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RescheduleError {
    /// A booking may be rescheduled once.
    #[error("this booking has already been rescheduled once")]
    AlreadyRescheduled,
    /// Only confirmed (paid) bookings can move.
    #[error("a booking that is {from} cannot be rescheduled")]
    NotAllowed {
        /// Current status.
        from: BookingStatus,
    },
    /// Rescheduling closes at the end of the day before the appointment (H-1).
    #[error(
        "rescheduling closed at the end of the day before the appointment on {appointment_date}"
    )]
    TooLate {
        /// Office-local date of the current appointment.
        appointment_date: Date,
    },
}

impl RescheduleError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            RescheduleError::AlreadyRescheduled => "already_rescheduled",
            RescheduleError::NotAllowed { .. } => "reschedule_not_allowed",
            RescheduleError::TooLate { .. } => "reschedule_too_late",
        }
    }
}

/// Whether a booking may be moved: once, only once paid (confirmed; an
/// unpaid booking is refused, PP 45/2024 practice: "reschedule only after
/// payment"), and only while the office-local date of `now` is before the appointment date.
///
/// The status is unchanged by a reschedule; the caller checks the new slot
/// with [`bookable`](super::release::bookable) and moves the hold.
pub fn reschedule_allowed(
    status: BookingStatus,
    already_rescheduled: bool,
    zone: &TimeZone,
    now: Timestamp,
    current_slot_date: Date,
) -> Result<(), RescheduleError> {
    if status != BookingStatus::Confirmed {
        return Err(RescheduleError::NotAllowed { from: status });
    }
    if already_rescheduled {
        return Err(RescheduleError::AlreadyRescheduled);
    }
    if office_date(zone, now) >= current_slot_date {
        return Err(RescheduleError::TooLate {
            appointment_date: current_slot_date,
        });
    }
    Ok(())
}

/// How early before and how late after a session check-in is accepted (configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckInWindow {
    /// Minutes before the session start that check-in opens.
    pub early_minutes: u32,
    /// Minutes after the session end that check-in stays open.
    pub late_minutes: u32,
}

impl Default for CheckInWindow {
    fn default() -> Self {
        CheckInWindow {
            early_minutes: 30,
            late_minutes: 0,
        }
    }
}

impl CheckInWindow {
    /// First instant check-in is accepted and first instant it is refused again.
    pub fn bounds(
        &self,
        session_start: Timestamp,
        session_end: Timestamp,
    ) -> (Timestamp, Timestamp) {
        (
            add_minutes(session_start, -i64::from(self.early_minutes)),
            add_minutes(session_end, i64::from(self.late_minutes)),
        )
    }
}

/// Checks in a confirmed booking when `now` is within the check-in window.
pub fn check_in(
    status: BookingStatus,
    now: Timestamp,
    window: &CheckInWindow,
    session_start: Timestamp,
    session_end: Timestamp,
) -> Result<BookingStatus, TransitionError> {
    if status != BookingStatus::Confirmed {
        return Err(not_allowed(status, BookingAction::CheckIn));
    }
    let (opens, closes) = window.bounds(session_start, session_end);
    if now < opens || now >= closes {
        return Err(TransitionError::OutsideCheckInWindow { opens, closes });
    }
    Ok(BookingStatus::CheckedIn)
}

/// Records that a checked-in applicant was served.
pub fn serve(status: BookingStatus) -> Result<BookingStatus, TransitionError> {
    match status {
        BookingStatus::CheckedIn => Ok(BookingStatus::Served),
        _ => Err(not_allowed(status, BookingAction::Serve)),
    }
}

/// What the examination (BAP) of a lost or damaged passport found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExaminationResult {
    /// The replacement may go ahead: the bill is issued.
    Approved,
    /// The replacement is refused.
    Refused,
}

impl FromStr for ExaminationResult {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "approved" => Ok(ExaminationResult::Approved),
            "refused" => Ok(ExaminationResult::Refused),
            _ => Err(UnknownValue {
                kind: "examination result",
                value: s.to_owned(),
            }),
        }
    }
}

/// Records the examination of a walk-in: approved, it awaits payment;
/// refused, it ends.
pub fn examine(
    status: BookingStatus,
    result: ExaminationResult,
) -> Result<BookingStatus, TransitionError> {
    match (status, result) {
        (BookingStatus::Examination, ExaminationResult::Approved) => {
            Ok(BookingStatus::AwaitingPayment)
        }
        (BookingStatus::Examination, ExaminationResult::Refused) => Ok(BookingStatus::Refused),
        _ => Err(not_allowed(status, BookingAction::Examine)),
    }
}

/// Records a confirmed booking as a no-show once check-in has closed.
pub fn mark_no_show(
    status: BookingStatus,
    now: Timestamp,
    window: &CheckInWindow,
    session_start: Timestamp,
    session_end: Timestamp,
) -> Result<BookingStatus, TransitionError> {
    if status != BookingStatus::Confirmed {
        return Err(not_allowed(status, BookingAction::MarkNoShow));
    }
    let (_, closes) = window.bounds(session_start, session_end);
    if now < closes {
        return Err(TransitionError::CheckInStillOpen { closes });
    }
    Ok(BookingStatus::NoShow)
}

/// Records that a checked-in applicant did not come when called at the
/// counter ([`mark_no_show`] covers bookings that never checked in).
pub fn miss_call(status: BookingStatus) -> Result<BookingStatus, TransitionError> {
    match status {
        BookingStatus::CheckedIn => Ok(BookingStatus::NoShow),
        _ => Err(not_allowed(status, BookingAction::MarkNoShow)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

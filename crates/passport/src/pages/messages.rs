//! Translated messages for what the use cases refuse.

use axum::http::StatusCode;
use imigrasi_core::OfficeZone;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::i18n::Lang;

use super::view::{duration, instant, key};
use crate::app::BookingError;
use crate::domain::{NotBookable, RescheduleError, TransitionError};

/// Why a slot cannot be booked, in words.
fn not_bookable(lang: Lang, zone: OfficeZone, nb: &NotBookable) -> String {
    match nb {
        NotBookable::NotReleased { opens_at } => lang.t_args(
            "appt-error-not-released",
            &[("at", &instant(lang, zone, *opens_at))],
        ),
        NotBookable::Ended => lang.t("appt-error-session-ended"),
        NotBookable::TooSoon { min_lead_minutes } => lang.t_args(
            "appt-error-too-soon",
            &[("duration", &duration(lang, i64::from(*min_lead_minutes)))],
        ),
        NotBookable::TooFarAhead { max_advance_days } => lang.t_args(
            "appt-error-too-far",
            &[("days", &max_advance_days.to_string())],
        ),
    }
}

/// Why a reschedule is not allowed, in words.
pub(crate) fn reschedule_refused(lang: Lang, e: &RescheduleError) -> String {
    match e {
        RescheduleError::AlreadyRescheduled => lang.t("appt-error-already-rescheduled"),
        RescheduleError::NotAllowed {
            from: crate::domain::BookingStatus::AwaitingPayment,
        } => lang.t("papi-reschedule-unpaid"),
        RescheduleError::NotAllowed { from } => lang.t_args(
            "appt-error-reschedule-status",
            &[("status", &lang.t(&key("status", from.as_str())))],
        ),
        RescheduleError::TooLate { .. } => lang.t("appt-error-reschedule-too-late"),
    }
}

/// A refused booking use case: the status to answer with, the field
/// concerned and the message. `NotFound` is the 404 page, `Forbidden` the
/// 403 page and storage failures the 500 page.
pub(crate) fn booking_error(
    lang: Lang,
    zone: OfficeZone,
    e: BookingError,
) -> Result<(StatusCode, &'static str, String), PageError> {
    Ok(match e {
        BookingError::NotFound => return Err(PageError::not_found()),
        BookingError::Forbidden => return Err(PageError::forbidden()),
        BookingError::SlotNotFound => (StatusCode::NOT_FOUND, "", lang.t("appt-error-slot-gone")),
        BookingError::NotBookable(nb) => (StatusCode::CONFLICT, "", not_bookable(lang, zone, &nb)),
        BookingError::SlotFull => (StatusCode::CONFLICT, "", lang.t("appt-error-slot-full")),
        BookingError::AlreadyBooked => (
            StatusCode::CONFLICT,
            "nik",
            lang.t("appt-error-already-booked"),
        ),
        BookingError::Ineligible(i) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
            lang.t(i.message_key()),
        ),
        BookingError::BookingLimit(n) => (
            StatusCode::FORBIDDEN,
            "",
            lang.t_args("appt-error-booking-limit", &[("max", &n.to_string())]),
        ),
        BookingError::Transition(TransitionError::AppointmentStarted) => (
            StatusCode::CONFLICT,
            "",
            lang.t("appt-error-appointment-started"),
        ),
        BookingError::Transition(TransitionError::NotAllowed { from, .. }) => (
            StatusCode::CONFLICT,
            "",
            lang.t_args(
                "appt-error-cancel-status",
                &[("status", &lang.t(&key("status", from.as_str())))],
            ),
        ),
        BookingError::Transition(_) | BookingError::Idempotency(_) => {
            (StatusCode::CONFLICT, "", lang.t("error-bad-request"))
        }
        BookingError::Reschedule(r) => (StatusCode::CONFLICT, "", reschedule_refused(lang, &r)),
        BookingError::Unsuitable(_) => (StatusCode::CONFLICT, "", lang.t("appt-error-unsuitable")),
        BookingError::Db(e) => return Err(PageError::from(e)),
    })
}

pub(crate) use crate::api::waitlist_range_error as range_error;

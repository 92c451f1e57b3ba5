//! The passport API's words: every refusal of a use case as an
//! [`ApiError`] in the caller's language (Indonesian by default, English
//! with `Accept-Language: en`), codes unchanged.

use axum::http::StatusCode;
use imigrasi_core::{IdentityError, OfficeZone};
use imigrasi_platform::http::error::ApiError;
use imigrasi_platform::i18n::Lang;

use super::views::office_time;
use crate::app::application::VisitError;
use crate::app::{BookingError, Unsuitable};
use crate::domain::application::{ApplicationError, ApplicationStatus};
use crate::domain::{BookingStatus, NotBookable, RescheduleError, TransitionError};

/// A field refusal with its message in `lang`.
pub(crate) fn field(lang: Lang, name: &str, key: &str) -> ApiError {
    ApiError::invalid_field(name, lang.t(key)).in_lang(lang)
}

/// An applicant refused by the identity check.
pub(crate) fn identity(lang: Lang, e: &IdentityError) -> ApiError {
    imigrasi_platform::identity::api_error(lang, e, "applicant.")
}

fn status_word(lang: Lang, s: BookingStatus) -> String {
    lang.t(&format!("appt-status-{}", s.as_str().replace('_', "-")))
}

fn conflict(code: &'static str, message: String) -> ApiError {
    ApiError::conflict(code, message)
}

fn not_bookable(lang: Lang, zone: Option<OfficeZone>, nb: NotBookable) -> ApiError {
    match nb {
        NotBookable::NotReleased { opens_at } => {
            let at = match zone {
                Some(z) => office_time(z, opens_at.as_millisecond()),
                None => opens_at.to_string(),
            };
            conflict(
                "not_released",
                lang.t_args("papi-not-released", &[("at", &at)]),
            )
        }
        NotBookable::Ended => conflict("not_bookable", lang.t("papi-not-bookable-ended")),
        NotBookable::TooSoon { min_lead_minutes } => conflict(
            "not_bookable",
            lang.t_args(
                "papi-not-bookable-too-soon",
                &[("minutes", &min_lead_minutes.to_string())],
            ),
        ),
        NotBookable::TooFarAhead { max_advance_days } => conflict(
            "not_bookable",
            lang.t_args(
                "papi-not-bookable-too-far",
                &[("days", &max_advance_days.to_string())],
            ),
        ),
    }
}

fn reschedule(lang: Lang, r: RescheduleError) -> ApiError {
    let message = match r {
        RescheduleError::AlreadyRescheduled => lang.t("papi-reschedule-already"),
        RescheduleError::NotAllowed {
            from: BookingStatus::AwaitingPayment,
        } => lang.t("papi-reschedule-unpaid"),
        RescheduleError::NotAllowed { from } => lang.t_args(
            "papi-reschedule-status",
            &[("status", &status_word(lang, from))],
        ),
        RescheduleError::TooLate { .. } => lang.t("papi-reschedule-too-late"),
    };
    conflict("reschedule_not_allowed", message)
}

/// A refused booking use case, in `lang`. `zone` words instants in the
/// office's time when known.
pub(crate) fn booking(lang: Lang, zone: Option<OfficeZone>, e: BookingError) -> ApiError {
    match e {
        BookingError::Forbidden => ApiError::forbidden().in_lang(lang),
        BookingError::NotFound => ApiError::not_found().in_lang(lang),
        BookingError::SlotNotFound => field(lang, "slot_id", "papi-slot-unknown"),
        BookingError::NotBookable(nb) => not_bookable(lang, zone, nb),
        BookingError::SlotFull => conflict("slot_full", lang.t("papi-slot-full")),
        BookingError::AlreadyBooked => conflict("already_booked", lang.t("papi-already-booked")),
        BookingError::BookingLimit(n) => ApiError::new(
            StatusCode::FORBIDDEN,
            "booking_limit",
            lang.t_args("papi-booking-limit", &[("max", &n.to_string())]),
        ),
        BookingError::Transition(t) => {
            let message = match t {
                TransitionError::AppointmentStarted => lang.t("papi-appointment-started"),
                TransitionError::NotAllowed { from, .. } => lang.t_args(
                    "papi-transition-not-allowed",
                    &[("status", &status_word(lang, from))],
                ),
                _ => lang.t("api-bad-request"),
            };
            conflict(t.code(), message)
        }
        BookingError::Reschedule(r) => reschedule(lang, r),
        BookingError::Unsuitable(u) => conflict(
            "reschedule_not_allowed",
            lang.t(match u {
                Unsuitable::OtherOffice => "papi-unsuitable-office",
                Unsuitable::OtherCategory => "papi-unsuitable-category",
                Unsuitable::SameSession => "papi-unsuitable-same",
            }),
        ),
        BookingError::Ineligible(i) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            i.code(),
            lang.t(i.message_key()),
        ),
        BookingError::Idempotency(e) => e.api_error(lang),
        BookingError::Db(e) => ApiError::from(e).in_lang(lang),
    }
}

fn application_status_word(lang: Lang, s: Option<ApplicationStatus>) -> String {
    let name = s.map_or("none", ApplicationStatus::as_str);
    lang.t(&format!("pvisit-status-{}", name.replace('_', "-")))
}

/// A refused step after the visit, in `lang`: 404 for a booking the
/// officer may not act on, 409 `invalid_transition` out of order.
pub(crate) fn visit(lang: Lang, e: VisitError) -> ApiError {
    match e {
        VisitError::NotFound => ApiError::not_found().in_lang(lang),
        VisitError::NotAtCounter(s) => conflict(
            "invalid_transition",
            lang.t_args(
                "pvisit-not-at-counter",
                &[("status", &status_word(lang, s))],
            ),
        ),
        VisitError::Application(a) => {
            let message = match a {
                ApplicationError::InvalidTransition { from, action } => lang.t_args(
                    "pvisit-invalid-transition",
                    &[
                        ("status", &application_status_word(lang, from)),
                        (
                            "action",
                            &lang.t(&format!(
                                "pvisit-action-{}",
                                action.as_str().replace('_', "-")
                            )),
                        ),
                    ],
                ),
                ApplicationError::PostponementLapsed { .. } => lang.t("pvisit-postponement-lapsed"),
                ApplicationError::DeadlineNotReached { .. } => lang.t("pvisit-not-yet"),
            };
            conflict(a.code(), message)
        }
        VisitError::Db(e) => ApiError::from(e).in_lang(lang),
    }
}

//! Translated messages for what the store and the API checks refuse.

use axum::http::StatusCode;
use imigrasi_core::{Nik, OfficeZone, Sex};
use imigrasi_platform::http::error::{ApiError, PageError};
use imigrasi_platform::i18n::Lang;
use jiff::civil::Date;

use super::form::{ApplicantInput, Errors};
use super::view::{duration, instant, key};
use crate::domain::{NotBookable, RescheduleError, TransitionError, WaitlistError};
use crate::store::{BookError, ChangeError};

/// Map an error of `check_applicant` to field errors.
pub(crate) fn applicant_errors(
    lang: Lang,
    e: &ApiError,
    input: &ApplicantInput,
    errors: &mut Errors,
) {
    match e.code {
        "invalid_input" => {
            // In the order of the form, with the API's own (translated)
            // messages, so the page and the API say the same thing.
            let known = [
                ("applicant.nik", "nik"),
                ("applicant.full_name", "full_name"),
                ("applicant.birth_date", "birth_date"),
                ("applicant.sex", "sex-M"),
            ];
            for (field, id) in known {
                if let Some(msg) = e.fields.get(field) {
                    errors.add(id, msg.clone());
                }
            }
            if e.fields.keys().any(|f| !known.iter().any(|k| k.0 == f)) {
                errors.add("", lang.t("error-bad-request"));
            }
        }
        "invalid_nik" => {
            let msg = match Nik::parse(&input.nik) {
                Err(e) => key("error", e.code()),
                Ok(_) => "appt-error-nik-invalid".to_owned(),
            };
            errors.add("nik", lang.t(&msg));
        }
        "identity_mismatch" => {
            let nik = Nik::parse(&input.nik).ok();
            let birth = input.birth_date.trim().parse::<Date>().ok();
            let sex = Sex::parse(&input.sex).ok();
            let mismatch = match (nik, birth, sex) {
                (Some(n), Some(b), Some(s)) => n.check_identity(b, s).err(),
                _ => None,
            };
            let (id, msg) = match mismatch.map(|m| m.code()) {
                Some("identity_birth_date_mismatch") => ("birth_date", "appt-error-identity-birth"),
                Some("identity_sex_mismatch") => ("sex-M", "appt-error-identity-sex"),
                _ => ("nik", "appt-error-identity-both"),
            };
            errors.add(id, lang.t(msg));
        }
        _ => errors.add("", lang.t("error-bad-request")),
    }
}

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

/// A refused booking: the status to answer with, the field concerned and
/// the message. Storage failures are the 500 page.
pub(crate) fn book_error(
    lang: Lang,
    zone: OfficeZone,
    e: BookError,
) -> Result<(StatusCode, &'static str, String), PageError> {
    Ok(match e {
        BookError::SlotNotFound => (StatusCode::NOT_FOUND, "", lang.t("appt-error-slot-gone")),
        BookError::NotBookable(nb) => (StatusCode::CONFLICT, "", not_bookable(lang, zone, &nb)),
        BookError::SlotFull => (StatusCode::CONFLICT, "", lang.t("appt-error-slot-full")),
        BookError::AlreadyBooked => (
            StatusCode::CONFLICT,
            "nik",
            lang.t("appt-error-already-booked"),
        ),
        BookError::BookingLimit(n) => (
            StatusCode::FORBIDDEN,
            "",
            lang.t_args("appt-error-booking-limit", &[("max", &n.to_string())]),
        ),
        BookError::Db(e) => return Err(PageError::from(e)),
    })
}

/// Why a reschedule is not allowed, in words.
pub(crate) fn reschedule_refused(lang: Lang, e: &RescheduleError) -> String {
    match e {
        RescheduleError::AlreadyRescheduled => lang.t("appt-error-already-rescheduled"),
        RescheduleError::NotAllowed { from } => lang.t_args(
            "appt-error-reschedule-status",
            &[("status", &lang.t(&key("status", from.as_str())))],
        ),
        RescheduleError::TooLate { .. } => lang.t("appt-error-reschedule-too-late"),
    }
}

/// A refused cancel or reschedule: status and message. `NotFound` is the
/// 404 page and storage failures the 500 page.
pub(crate) fn change_error(
    lang: Lang,
    zone: OfficeZone,
    e: ChangeError,
) -> Result<(StatusCode, String), PageError> {
    Ok(match e {
        ChangeError::NotFound => return Err(PageError::not_found()),
        ChangeError::Transition(TransitionError::AppointmentStarted) => (
            StatusCode::CONFLICT,
            lang.t("appt-error-appointment-started"),
        ),
        ChangeError::Transition(TransitionError::NotAllowed { from, .. }) => (
            StatusCode::CONFLICT,
            lang.t_args(
                "appt-error-cancel-status",
                &[("status", &lang.t(&key("status", from.as_str())))],
            ),
        ),
        ChangeError::Transition(_) => (StatusCode::CONFLICT, lang.t("error-bad-request")),
        ChangeError::Reschedule(r) => (StatusCode::CONFLICT, reschedule_refused(lang, &r)),
        ChangeError::Unsuitable(_) => (StatusCode::CONFLICT, lang.t("appt-error-unsuitable")),
        ChangeError::Book(BookError::SlotNotFound) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            lang.t("appt-error-slot-gone"),
        ),
        ChangeError::Book(b) => {
            let (status, _, msg) = book_error(lang, zone, b)?;
            (status, msg)
        }
        ChangeError::Db(e) => return Err(PageError::from(e)),
    })
}

/// Why a waitlist date range was refused, in words.
pub(crate) fn range_error(lang: Lang, e: &WaitlistError) -> String {
    match e {
        WaitlistError::RangeReversed { .. } => lang.t("appt-error-range-reversed"),
        WaitlistError::RangeTooLong { .. } => lang.t_args(
            "appt-error-range-too-long",
            &[(
                "days",
                &crate::domain::waitlist::MAX_WAITLIST_RANGE_DAYS.to_string(),
            )],
        ),
        WaitlistError::RangeInPast { .. } => lang.t("appt-error-range-in-past"),
    }
}

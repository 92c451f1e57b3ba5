//! What the APOA pages share: a report as a line of a list, words for
//! machine values, local times, and refusals in the page's language (the
//! same messages the API answers with).

use imigrasi_core::OfficeZone;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::Errors;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::{Actor, Role};

use crate::api::errors::{field_message, mrz_message};
use crate::app::ApoaError;
use crate::store::stays::Stay;

/// Whether the account reports guests.
pub(crate) fn is_lodging(actor: &Actor) -> bool {
    actor.role == Role::Lodging
}

/// A machine value in words (`apoa-page-{prefix}-{value}`), or as recorded
/// when the pages do not know it.
pub(crate) fn words(lang: Lang, prefix: &str, value: &str) -> String {
    let id = format!("apoa-page-{prefix}-{}", value.replace('_', "-"));
    if lang.has(&id) {
        lang.t(&id)
    } else {
        value.replace('_', " ")
    }
}

/// An instant in an office's time: "2026-12-01 22:05 WITA".
pub(crate) use imigrasi_platform::http::page::instant_in as local_time;

/// The value of a `datetime-local` input for an instant in `zone`.
pub(crate) fn local_input(ts: jiff::Timestamp, zone: OfficeZone) -> String {
    let local = zone.time_zone().to_datetime(ts);
    format!("{}T{:02}:{:02}", local.date(), local.hour(), local.minute())
}

/// A report as a line of a list.
pub(crate) struct StayRow {
    /// Id (the receipt's link).
    pub id: String,
    /// Receipt number.
    pub receipt_number: String,
    /// Guest's name.
    pub name: String,
    /// Nationality.
    pub nationality: String,
    /// Room, or empty.
    pub room: String,
    /// Check-in, local.
    pub check_in: String,
    /// Expected check-out.
    pub expected_check_out: String,
    /// Status in words.
    pub status: String,
    /// Machine status (for styling).
    pub status_code: String,
    /// Reported late.
    pub late: bool,
}

impl StayRow {
    /// The line of a report.
    pub(crate) fn new(lang: Lang, s: &Stay, zone: OfficeZone) -> StayRow {
        StayRow {
            id: s.id.clone(),
            receipt_number: s.receipt_number.clone(),
            name: guest_name(s),
            nationality: s.nationality.clone(),
            room: s.room.clone().unwrap_or_default(),
            check_in: local_time(s.check_in, zone),
            expected_check_out: s.expected_check_out.clone(),
            status: words(lang, "status", &s.status),
            status_code: s.status.clone(),
            late: s.late,
        }
    }
}

/// "ANNA MARIA ERIKSSON".
pub(crate) fn guest_name(s: &Stay) -> String {
    format!("{} {}", s.given_names, s.surname).trim().to_owned()
}

/// The input id a refused field of the API belongs to on the guest form
/// (`guest.surname` → `surname`, `permit.kind` → `permit_kind`).
pub(crate) fn input_id(field: &str) -> String {
    field
        .strip_prefix("guest.")
        .unwrap_or(field)
        .replace('.', "_")
}

/// The refusals of a use case placed next to their inputs; `None` for an
/// error that is not the form's to show.
pub(crate) fn form_errors(lang: Lang, e: &ApoaError) -> Option<Errors> {
    let mut errors = Errors::default();
    match e {
        ApoaError::InvalidInput(fields) => {
            for (field, reason) in fields {
                errors.add(&input_id(field), field_message(lang, reason));
            }
        }
        ApoaError::InvalidMrz(m) => errors.add("mrz", mrz_message(lang, m)),
        ApoaError::AlreadyCheckedOut => errors.add("", lang.t("apoa-already-checked-out")),
        ApoaError::Cancelled => errors.add("", lang.t("apoa-stay-cancelled")),
        ApoaError::AmendedMeanwhile => errors.add("", lang.t("apoa-amended-meanwhile")),
        ApoaError::DuplicateStay(id) => {
            errors.add("", lang.t_args("apoa-duplicate-stay", &[("id", id)]));
        }
        _ => return None,
    }
    Some(errors)
}

/// A use case's error that is not a form's to show, as a page error.
pub(crate) fn page_error(e: ApoaError) -> PageError {
    match e {
        ApoaError::NotFound => PageError::not_found(),
        ApoaError::Forbidden => PageError::forbidden(),
        ApoaError::Db(e) => PageError::from(e),
        other => PageError::Status(axum::http::StatusCode::BAD_REQUEST, {
            tracing::debug!(error = %other, "refused page request");
            "error-bad-request"
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_times_and_words() {
        assert_eq!(input_id("guest.surname"), "surname");
        assert_eq!(input_id("permit.kind"), "permit_kind");
        assert_eq!(input_id("check_in"), "check_in");
        assert_eq!(local_time(0, OfficeZone::Makassar), "1970-01-01 08:00 WITA");
        assert_eq!(
            local_input(jiff::Timestamp::UNIX_EPOCH, OfficeZone::Jayapura),
            "1970-01-01T09:00"
        );
        assert_eq!(words(Lang::En, "nothing", "a_b"), "a b");
    }
}

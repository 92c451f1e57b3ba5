//! What the stay pages share: words for machine values, refusals in the
//! page's language (the same `stay-*` and `case-*` messages the API
//! answers with), dates, amounts and pages of a list.

use imigrasi_casework::app::CaseError;
use imigrasi_core::{OfficeZone, Rupiah};
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::{Actor, Role};

use crate::app::StayError;
use crate::domain::extension::ExtensionRefusal;

pub(crate) use imigrasi_platform::http::page::{Errors, render_with};

/// Whether the account holds or sponsors permits.
pub(crate) fn is_applicant(actor: &Actor) -> bool {
    matches!(actor.role, Role::Foreigner | Role::Sponsor)
}

/// Whether the account works a supervising office's cases.
pub(crate) fn is_staff(actor: &Actor) -> bool {
    matches!(actor.role, Role::Officer | Role::Supervisor)
}

/// The message id of a machine value, e.g. `stay-page-status-in-review`.
pub(crate) fn key(prefix: &str, value: &str) -> String {
    format!(
        "stay-page-{prefix}-{}",
        value.replace('_', "-").to_ascii_lowercase()
    )
}

/// A machine value in words when the pages know it, else as recorded (a
/// history entry another part of the service added).
pub(crate) fn words(lang: Lang, prefix: &str, value: &str) -> String {
    let id = key(prefix, value);
    if lang.has(&id) {
        lang.t(&id)
    } else {
        value.replace('_', " ")
    }
}

/// An amount in rupiah: "Rp 1.500.000".
pub(crate) fn rupiah(amount: i64) -> String {
    Rupiah::new(amount)
        .map(|r| r.to_string())
        .unwrap_or_else(|_| amount.to_string())
}

/// An instant in Jakarta time: "2026-12-01 14:05 WIB".
pub(crate) fn instant_ms(ms: i64) -> String {
    instant_in(ms, OfficeZone::Jakarta)
}

pub(crate) use imigrasi_platform::http::page::instant_in;

/// Days between an instant and now, rounded down.
pub(crate) fn age_days(ms: i64, now_ms: i64) -> i64 {
    (now_ms - ms).max(0) / (24 * 3600 * 1000)
}

/// The message for a refused field (as the API words it).
pub(crate) fn field_message(lang: Lang, field: &str, reason: &str) -> String {
    lang.t(match (field, reason) {
        ("reason", _) => "stay-page-error-reason",
        (_, "unknown") => "stay-field-unknown",
        (_, "required") => "stay-field-required",
        ("to_kind", "not_allowed") => "stay-to-kind-not-allowed",
        ("new_sponsor_email", "not_allowed") => "stay-same-sponsor",
        ("kind", "not_allowed") => "stay-kind-not-allowed",
        (_, "before_start") => "stay-field-before-start",
        _ => "stay-field-invalid",
    })
}

/// A refusal in words for the whole form (fields are placed by the
/// caller), or `None` for what is not the form's to show.
pub(crate) fn refusal(lang: Lang, e: &StayError) -> Option<String> {
    Some(match e {
        StayError::Extension(ExtensionRefusal::WindowNotOpen { opens_on }) => {
            lang.t_args("stay-window-not-open", &[("date", &opens_on.to_string())])
        }
        StayError::Extension(ExtensionRefusal::NotExtensible) => lang.t("stay-not-extensible"),
        StayError::Extension(ExtensionRefusal::ExtensionLimit) => lang.t("stay-extension-limit"),
        StayError::Extension(ExtensionRefusal::PermitEnded { ended_on }) => {
            lang.t_args("stay-permit-ended", &[("date", &ended_on.to_string())])
        }
        StayError::PermitNotActive => lang.t("stay-permit-not-active"),
        StayError::AlreadyApplied => lang.t("stay-already-applied"),
        StayError::SponsorNotAccepted => lang.t("stay-sponsor-not-accepted"),
        StayError::NoOverstay => lang.t("stay-no-overstay"),
        StayError::FineAlreadyBilled => lang.t("stay-fine-already-billed"),
        StayError::ExitPermitRequired => lang.t("stay-exit-permit-required"),
        StayError::SessionFull => lang.t("stay-session-full"),
        StayError::AppearanceOpen => lang.t("stay-appearance-open"),
        StayError::Forbidden => lang.t("stay-page-forbidden"),
        StayError::InvalidInput(_) => lang.t("form-errors-title"),
        StayError::Case(CaseError::MissingDocuments(missing)) => {
            let names: Vec<String> = missing.iter().map(|k| words(lang, "doc", k)).collect();
            lang.t_args("case-missing-documents", &[("missing", &names.join(", "))])
        }
        StayError::Case(CaseError::InvalidTransition) => lang.t("case-invalid-transition"),
        StayError::Case(CaseError::TwoPersonRule) => lang.t("case-two-person-rule"),
        _ => return None,
    })
}

/// A use case's error that is not the form's to show, as a page error.
pub(crate) fn page_error(e: StayError) -> PageError {
    match e {
        StayError::NotFound => PageError::not_found(),
        StayError::Forbidden => PageError::forbidden(),
        // A value no form of ours sends (a stale or edited page cursor).
        StayError::InvalidInput(_) => {
            PageError::Status(axum::http::StatusCode::BAD_REQUEST, "error-bad-request")
        }
        StayError::Db(e) => PageError::from(e),
        other => PageError::internal(other),
    }
}

pub(crate) use imigrasi_platform::http::page::Pager;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_amounts_and_pages() {
        assert_eq!(key("status", "in_review"), "stay-page-status-in-review");
        assert_eq!(key("kind", "ITAS"), "stay-page-kind-itas");
        assert_eq!(rupiah(1_500_000), "Rp 1.500.000");
        assert_eq!(instant_in(0, OfficeZone::Makassar), "1970-01-01 08:00 WITA");
        assert_eq!(age_days(0, 3 * 24 * 3600 * 1000 + 5), 3);
        let (rows, p) = Pager::slice((0..45).collect::<Vec<_>>(), 3, "/x?");
        assert_eq!(rows, vec![40, 41, 42, 43, 44]);
        assert_eq!(p.prev.as_deref(), Some("/x?page=2"));
        assert!(p.next.is_none());
    }
}

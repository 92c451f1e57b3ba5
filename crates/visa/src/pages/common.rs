//! What the visa pages share: form errors, rendering with a status, words
//! for machine values, dates and amounts.

use imigrasi_casework::app::CaseError;
use imigrasi_core::{OfficeZone, Rupiah};
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::{Actor, Role};

use crate::app::VisaError;

pub(crate) use imigrasi_platform::http::page::{Errors, render_with};

/// A database error as the page answers it.
pub(crate) fn db_error(e: sea_orm::DbErr) -> PageError {
    PageError::from(e)
}

/// Whether the account applies (foreigner or sponsor).
pub(crate) fn is_applicant(actor: &Actor) -> bool {
    matches!(actor.role, Role::Foreigner | Role::Sponsor)
}

/// Whether the account reviews cases of an office.
pub(crate) fn is_staff(actor: &Actor) -> bool {
    matches!(actor.role, Role::Officer | Role::Supervisor)
}

/// The message id of a machine value, e.g. `visa-status-in-review`.
pub(crate) fn key(prefix: &str, value: &str) -> String {
    format!("visa-{prefix}-{}", value.replace('_', "-"))
}

/// An amount in rupiah: "Rp 1.500.000".
pub(crate) fn rupiah(amount: i64) -> String {
    Rupiah::new(amount)
        .map(|r| r.to_string())
        .unwrap_or_else(|_| amount.to_string())
}

/// An instant in Jakarta time (the directorate's zone): "2026-12-01 14:05 WIB".
pub(crate) fn instant_ms(ms: i64) -> String {
    imigrasi_platform::http::page::instant_in(ms, OfficeZone::Jakarta)
}

/// Days between an instant and now, rounded down.
pub(crate) fn age_days(ms: i64, now_ms: i64) -> i64 {
    (now_ms - ms).max(0) / (24 * 3600 * 1000)
}

/// A page-level error message for a use case's refusal (field errors are
/// placed next to their fields by the caller).
pub(crate) fn refusal(lang: Lang, e: &VisaError) -> Option<String> {
    Some(match e {
        VisaError::SponsorRequired => lang.t("visa-sponsor-required-page"),
        VisaError::SponsorProfileRequired => lang.t("visa-sponsor-profile-required-page"),
        VisaError::PassportValidity { months } => {
            lang.t_args("visa-passport-validity", &[("months", &months.to_string())])
        }
        VisaError::AlreadyApplied => lang.t("visa-already-applied"),
        VisaError::Case(CaseError::MissingDocuments(missing)) => {
            let names: Vec<String> = missing.iter().map(|k| lang.t(&key("doc", k))).collect();
            lang.t_args("case-missing-documents", &[("missing", &names.join(", "))])
        }
        VisaError::Case(CaseError::InvalidTransition) => lang.t("case-invalid-transition"),
        VisaError::Case(CaseError::TwoPersonRule) => lang.t("case-two-person-rule"),
        VisaError::Forbidden => lang.t("visa-page-forbidden"),
        VisaError::InvalidInput(_) => lang.t("form-errors-title"),
        _ => return None,
    })
}

/// A use case's error that is not the form's to show, as a page error.
pub(crate) fn page_error(e: VisaError) -> PageError {
    match e {
        VisaError::NotFound => PageError::not_found(),
        VisaError::Forbidden => PageError::forbidden(),
        VisaError::Db(e) => db_error(e),
        other => PageError::internal(other),
    }
}

pub(crate) use imigrasi_platform::http::page::Pager;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_amounts() {
        assert_eq!(key("status", "in_review"), "visa-status-in-review");
        assert_eq!(rupiah(1_500_000), "Rp 1.500.000");
        assert_eq!(age_days(0, 3 * 24 * 3600 * 1000 + 5), 3);
        assert_eq!(age_days(10, 0), 0);
    }
}

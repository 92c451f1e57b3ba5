//! Stay errors as the API answers them, in the caller's language.

use axum::response::{IntoResponse, Response};
use imigrasi_platform::http::error::ApiError;
use imigrasi_platform::i18n::Lang;

use crate::app::StayError;
use crate::domain::extension::ExtensionRefusal;

fn field_message(lang: Lang, field: &str, reason: &str) -> String {
    lang.t(match (field, reason) {
        (_, "unknown") => "stay-field-unknown",
        (_, "required") => "stay-field-required",
        ("valid_until", "not_allowed") => "stay-field-not-allowed",
        ("to_kind", "not_allowed") => "stay-to-kind-not-allowed",
        ("new_sponsor_email", "not_allowed") => "stay-same-sponsor",
        ("kind", "not_allowed") => "stay-kind-not-allowed",
        ("date", "not_allowed") => "stay-appearance-date",
        (_, "before_start") => "stay-field-before-start",
        _ => "stay-field-invalid",
    })
}

/// The answer to a use case's error (`missing_documents` lists what is
/// missing).
pub fn answer(lang: Lang, e: StayError) -> Response {
    match e {
        StayError::Case(e) => imigrasi_casework::api::answer(lang, e),
        other => api_error(lang, other).into_response(),
    }
}

/// The [`ApiError`] of a use case's error.
pub fn api_error(lang: Lang, e: StayError) -> ApiError {
    let conflict = |code, key: &str| ApiError::conflict(code, lang.t(key));
    match e {
        StayError::Forbidden => ApiError::forbidden(),
        StayError::NotFound => ApiError::not_found(),
        StayError::InvalidInput(fields) => ApiError::invalid_input(
            fields
                .into_iter()
                .map(|(f, reason)| {
                    let message = field_message(lang, &f, reason);
                    (f, message)
                })
                .collect(),
        ),
        StayError::Extension(ExtensionRefusal::WindowNotOpen { opens_on }) => ApiError::conflict(
            "window_not_open",
            lang.t_args("stay-window-not-open", &[("date", &opens_on.to_string())]),
        ),
        StayError::Extension(ExtensionRefusal::NotExtensible) => {
            conflict("not_extensible", "stay-not-extensible")
        }
        StayError::Extension(ExtensionRefusal::ExtensionLimit) => {
            conflict("extension_limit", "stay-extension-limit")
        }
        StayError::Extension(ExtensionRefusal::PermitEnded { ended_on }) => ApiError::conflict(
            "permit_ended",
            lang.t_args("stay-permit-ended", &[("date", &ended_on.to_string())]),
        ),
        StayError::PermitNotActive => conflict("permit_not_active", "stay-permit-not-active"),
        StayError::AlreadyApplied => conflict("already_applied", "stay-already-applied"),
        StayError::SponsorNotAccepted => {
            conflict("sponsor_not_accepted", "stay-sponsor-not-accepted")
        }
        StayError::NoOverstay => conflict("no_overstay", "stay-no-overstay"),
        StayError::FineAlreadyBilled => conflict("fine_already_billed", "stay-fine-already-billed"),
        StayError::ExitPermitRequired => {
            conflict("exit_permit_required", "stay-exit-permit-required")
        }
        StayError::SessionFull => conflict("session_full", "stay-session-full"),
        StayError::AppearanceOpen => conflict("appearance_open", "stay-appearance-open"),
        StayError::Case(e) => imigrasi_casework::api::api_error(lang, e),
        StayError::Db(e) => ApiError::from(e),
    }
    .in_lang(lang)
}

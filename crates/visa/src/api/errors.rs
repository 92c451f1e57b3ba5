//! Visa errors as the API answers them, in the caller's language.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use imigrasi_platform::http::error::ApiError;
use imigrasi_platform::i18n::Lang;

use crate::app::VisaError;

fn fields_message(lang: Lang, reason: &str) -> String {
    lang.t(match reason {
        "unknown" => "visa-field-unknown",
        "wrong_sponsor" => "visa-field-wrong-sponsor",
        _ => "visa-field-invalid",
    })
}

/// Map a use case's error to the answer (`missing_documents` lists what
/// is missing).
pub fn answer(lang: Lang, e: VisaError) -> Response {
    match e {
        VisaError::Case(e) => imigrasi_casework::api::answer(lang, e),
        other => api_error(lang, other).into_response(),
    }
}

/// The [`ApiError`] of a use case's error.
pub fn api_error(lang: Lang, e: VisaError) -> ApiError {
    let status = |s, code, key: &str| ApiError::new(s, code, lang.t(key));
    match e {
        VisaError::Forbidden => ApiError::forbidden(),
        VisaError::NotFound => ApiError::not_found(),
        VisaError::InvalidInput(fields) => ApiError::invalid_input(
            fields
                .into_iter()
                .map(|(f, reason)| (f, fields_message(lang, reason)))
                .collect(),
        ),
        VisaError::SponsorRequired => status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "sponsor_required",
            "visa-sponsor-required",
        ),
        VisaError::SponsorProfileRequired => status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "sponsor_profile_required",
            "visa-sponsor-profile-required",
        ),
        VisaError::PassportValidity { months } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "passport_validity",
            lang.t_args("visa-passport-validity", &[("months", &months.to_string())]),
        ),
        VisaError::AlreadyApplied => {
            ApiError::conflict("already_applied", lang.t("visa-already-applied"))
        }
        VisaError::Case(e) => imigrasi_casework::api::api_error(lang, e),
        VisaError::Db(e) => ApiError::from(e),
    }
}

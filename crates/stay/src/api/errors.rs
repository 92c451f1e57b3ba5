//! Stay errors as the API answers them, in the caller's language.

use imigrasi_platform::http::error::ApiError;
use imigrasi_platform::i18n::Lang;

use crate::app::StayError;

fn field_message(lang: Lang, reason: &str) -> String {
    lang.t(match reason {
        "unknown" => "stay-field-unknown",
        "required" => "stay-field-required",
        "not_allowed" => "stay-field-not-allowed",
        "before_start" => "stay-field-before-start",
        _ => "stay-field-invalid",
    })
}

/// The [`ApiError`] of a use case's error.
pub fn api_error(lang: Lang, e: StayError) -> ApiError {
    match e {
        StayError::Forbidden => ApiError::forbidden(),
        StayError::NotFound => ApiError::not_found(),
        StayError::InvalidInput(fields) => ApiError::invalid_input(
            fields
                .into_iter()
                .map(|(f, reason)| (f, field_message(lang, reason)))
                .collect(),
        ),
        StayError::Db(e) => ApiError::from(e),
    }
    .in_lang(lang)
}

//! Visa errors as the API answers them, in the caller's language.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use imigrasi_platform::documents::app::UploadError;
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

/// Map a use case's error to the answer.
pub fn answer(lang: Lang, e: VisaError) -> Response {
    match e {
        VisaError::MissingDocuments(missing) => {
            let message = lang.t_args(
                "visa-missing-documents",
                &[("missing", &missing.join(", "))],
            );
            let body = serde_json::json!({ "error": {
                "code": "missing_documents", "message": message, "missing": missing } });
            (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
        }
        other => api_error(lang, other).into_response(),
    }
}

/// The [`ApiError`] of a use case's error (all but `missing_documents`).
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
        VisaError::MissingDocuments(missing) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_documents",
            lang.t_args(
                "visa-missing-documents",
                &[("missing", &missing.join(", "))],
            ),
        ),
        VisaError::InvalidTransition => {
            ApiError::conflict("invalid_transition", lang.t("visa-invalid-transition"))
        }
        VisaError::TwoPersonRule => status(
            StatusCode::FORBIDDEN,
            "two_person_rule",
            "visa-two-person-rule",
        ),
        VisaError::Upload(e) => upload_error(lang, "file", e),
        VisaError::Db(e) => ApiError::from(e),
    }
}

/// A refused file, naming the file and the reason.
pub fn upload_error(lang: Lang, file: &str, e: UploadError) -> ApiError {
    let invalid = |reason_key: &str| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_file",
            lang.t_args(
                "visa-invalid-file",
                &[("file", file), ("reason", &lang.t(reason_key))],
            ),
        )
    };
    match e {
        UploadError::TooLarge { max_bytes } => too_large(lang, file, max_bytes),
        UploadError::Empty => invalid("visa-invalid-file-empty"),
        UploadError::UnknownKind => invalid("visa-invalid-file-kind"),
        UploadError::TypeMismatch { .. } => invalid("visa-invalid-file-mismatch"),
        UploadError::UnsupportedDeclaredType
        | UploadError::UnrecognisedContent
        | UploadError::TypeNotAllowed { .. } => invalid("visa-invalid-file-type"),
        UploadError::Forbidden => ApiError::forbidden(),
        UploadError::Idempotency(e) => e.api_error(lang),
        UploadError::Storage(e) => ApiError::internal(e),
        UploadError::Db(e) => ApiError::from(e),
    }
}

/// 413 `file_too_large`.
pub fn too_large(lang: Lang, file: &str, max_bytes: usize) -> ApiError {
    let max = format!("{} MiB", max_bytes / (1024 * 1024));
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "file_too_large",
        lang.t_args("visa-file-too-large", &[("file", file), ("max", &max)]),
    )
}

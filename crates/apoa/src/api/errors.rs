//! APOA errors as the API answers them, in the caller's language
//! (`locales/*/apoa.ftl`).

use std::collections::BTreeMap;

use axum::http::StatusCode;
use imigrasi_core::MrzError;
use imigrasi_platform::http::error::ApiError;
use imigrasi_platform::i18n::Lang;

use crate::app::ApoaError;
use crate::domain::guest::mrz_part;

/// The message of a field's refusal (machine reason).
pub(crate) fn field_message(lang: Lang, reason: &str) -> String {
    lang.t(match reason {
        "unknown" => "apoa-field-unknown",
        "control_character" => "error-control-character",
        "range" => "apoa-field-range",
        "too_many" => "apoa-field-too-many",
        "in_future" => "apoa-field-in-future",
        "after_check_in" => "apoa-field-after-check-in",
        "before_check_in" => "apoa-field-before-check-in",
        _ => "apoa-field-invalid",
    })
}

/// The message of an invalid MRZ, naming the failing part.
pub(crate) fn mrz_message(lang: Lang, e: &MrzError) -> String {
    match e {
        MrzError::CheckDigit { field, .. } => lang.t_args(
            "apoa-mrz-check-digit",
            &[(
                "part",
                &lang.t(&format!("apoa-mrz-part-{}", field.as_str())),
            )],
        ),
        MrzError::Format { field, .. } => lang.t_args(
            "apoa-mrz-field-format",
            &[(
                "part",
                &lang.t(&format!("apoa-mrz-part-{}", field.as_str())),
            )],
        ),
        MrzError::LineCount { .. } => lang.t("apoa-mrz-line-count"),
        MrzError::Lowercase { .. } => lang.t("apoa-mrz-lowercase"),
        MrzError::LineLength { .. } => lang.t("apoa-mrz-line-length"),
        MrzError::InvalidCharacter { .. } => lang.t("apoa-mrz-character"),
    }
}

/// The [`ApiError`] of a use case's error.
pub fn api_error(lang: Lang, e: ApoaError) -> ApiError {
    match e {
        ApoaError::Forbidden => ApiError::forbidden(),
        ApoaError::NotFound => ApiError::not_found(),
        ApoaError::InvalidInput(fields) => ApiError::invalid_input(
            fields
                .into_iter()
                .map(|(f, reason)| (f, field_message(lang, reason)))
                .collect(),
        ),
        ApoaError::InvalidMrz(e) => {
            let message = mrz_message(lang, &e);
            let mut err = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_mrz",
                lang.t("apoa-invalid-mrz"),
            );
            err.fields = BTreeMap::from([(mrz_part(&e).to_owned(), message)]);
            err
        }
        ApoaError::AlreadyCheckedOut => {
            ApiError::conflict("already_checked_out", lang.t("apoa-already-checked-out"))
        }
        ApoaError::Cancelled => ApiError::conflict("stay_cancelled", lang.t("apoa-stay-cancelled")),
        ApoaError::AmendedMeanwhile => {
            ApiError::conflict("amended_meanwhile", lang.t("apoa-amended-meanwhile"))
        }
        ApoaError::DuplicateStay(id) => ApiError::conflict(
            "duplicate_stay",
            lang.t_args("apoa-duplicate-stay", &[("id", &id)]),
        ),
        ApoaError::BatchTooLarge => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "batch_too_large",
            lang.t_args(
                "apoa-batch-too-large",
                &[("max", &crate::domain::batch::MAX_ROWS.to_string())],
            ),
        ),
        ApoaError::Db(e) => ApiError::from(e),
    }
    .in_lang(lang)
}

/// 409 `duplicate_stay` for a report made already: the platform's envelope
/// with the existing stay's id as `error.existing_id`, and `Location`.
pub fn duplicate(lang: Lang, id: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    let body = serde_json::json!({ "error": {
        "code": "duplicate_stay",
        "message": lang.t_args("apoa-duplicate-stay", &[("id", id)]),
        "fields": {},
        "existing_id": id,
    }});
    (
        StatusCode::CONFLICT,
        [(
            axum::http::header::LOCATION,
            format!("/api/v1/apoa/stays/{id}"),
        )],
        axum::Json(body),
    )
        .into_response()
}

//! The shared steps' refusals as the API answers them, in the caller's
//! language (`locales/*/casework.ftl`).

use axum::Json;
use axum::extract::Multipart;
use axum::extract::multipart::{Field, MultipartError};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use imigrasi_platform::documents::app::UploadError;
use imigrasi_platform::http::error::ApiError;
use imigrasi_platform::http::input::is_control;
use imigrasi_platform::i18n::Lang;

use crate::app::CaseError;

/// The answer to a shared step's refusal; `missing_documents` lists the
/// kinds still missing in `missing`.
pub fn answer(lang: Lang, e: CaseError) -> Response {
    match e {
        CaseError::MissingDocuments(missing) => {
            let message = lang.t_args(
                "case-missing-documents",
                &[("missing", &missing.join(", "))],
            );
            let body = serde_json::json!({ "error": {
                "code": "missing_documents", "message": message, "missing": missing } });
            (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
        }
        other => api_error(lang, other).into_response(),
    }
}

/// The [`ApiError`] of a shared step's refusal.
pub fn api_error(lang: Lang, e: CaseError) -> ApiError {
    match e {
        CaseError::Forbidden => ApiError::forbidden(),
        CaseError::NotFound => ApiError::not_found(),
        CaseError::InvalidInput(field, _) => {
            ApiError::invalid_field(field, lang.t("case-field-invalid"))
        }
        CaseError::MissingDocuments(missing) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_documents",
            lang.t_args(
                "case-missing-documents",
                &[("missing", &missing.join(", "))],
            ),
        ),
        CaseError::InvalidTransition => {
            ApiError::conflict("invalid_transition", lang.t("case-invalid-transition"))
        }
        CaseError::TwoPersonRule => ApiError::new(
            StatusCode::FORBIDDEN,
            "two_person_rule",
            lang.t("case-two-person-rule"),
        ),
        CaseError::Upload(e) => upload_error(lang, "file", e),
        CaseError::Db(e) => ApiError::from(e),
    }
}

/// A refused file, naming the file and the reason.
pub fn upload_error(lang: Lang, file: &str, e: UploadError) -> ApiError {
    let invalid = |reason_key: &str| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_file",
            lang.t_args(
                "case-invalid-file",
                &[("file", file), ("reason", &lang.t(reason_key))],
            ),
        )
    };
    match e {
        UploadError::TooLarge { max_bytes } => too_large(lang, file, max_bytes),
        UploadError::Empty => invalid("case-invalid-file-empty"),
        UploadError::UnknownKind => invalid("case-invalid-file-kind"),
        UploadError::TypeMismatch { .. } => invalid("case-invalid-file-mismatch"),
        UploadError::UnsupportedDeclaredType
        | UploadError::UnrecognisedContent
        | UploadError::TypeNotAllowed { .. } => invalid("case-invalid-file-type"),
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
        lang.t_args("case-file-too-large", &[("file", file), ("max", &max)]),
    )
}

/// A document upload form as read: `kind` and `file`.
#[derive(Debug)]
pub struct UploadForm {
    /// The kind asked for.
    pub kind: String,
    /// The file's name as sent (control characters dropped, at most 100
    /// characters): only ever shown back to the person who sent it.
    pub name: String,
    /// The declared `Content-Type`, if any.
    pub declared: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Read a multipart upload form with the fields `kind` and `file`,
/// keeping at most `limit` bytes: 400 `bad_request` for a broken form,
/// 413 `file_too_large` naming the file past the limit (the rest is read
/// and dropped, so the client gets an answer rather than a reset).
pub async fn read_upload(
    lang: Lang,
    mut form: Multipart,
    limit: usize,
) -> Result<UploadForm, ApiError> {
    let bad_form = || {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            lang.t("case-invalid-multipart"),
        )
    };
    let (mut kind, mut file) = (None::<String>, None);
    while let Some(field) = form.next_field().await.map_err(|_| bad_form())? {
        match field.name() {
            Some("kind") => {
                let text = field.text().await.map_err(|_| bad_form())?;
                if text.len() > 64 || text.chars().any(is_control) {
                    return Err(ApiError::invalid_field(
                        "kind",
                        lang.t("case-field-invalid"),
                    ));
                }
                kind = Some(text.trim().to_owned());
            }
            Some("file") => {
                let f = read_file(field, limit).await.map_err(|_| bad_form())?;
                if f.too_large {
                    return Err(self::too_large(lang, &f.name, limit));
                }
                file = Some((f.name, f.declared, f.bytes));
            }
            _ => {}
        }
    }
    let (Some(kind), Some((name, declared, bytes))) = (kind, file) else {
        return Err(bad_form());
    };
    Ok(UploadForm {
        kind,
        name,
        declared,
        bytes,
    })
}

/// The `file` field of an upload form, as read by [`read_file`].
#[derive(Debug)]
pub struct FileField {
    /// The file's name as sent (control characters dropped, at most 100
    /// characters): only ever shown back to the person who sent it.
    pub name: String,
    /// The declared `Content-Type`, if any.
    pub declared: Option<String>,
    /// The bytes, up to the limit.
    pub bytes: Vec<u8>,
    /// Whether the file was larger than the limit (then `bytes` is cut).
    pub too_large: bool,
}

/// Read a file field, keeping at most `limit` bytes. Past the limit the
/// rest is read and dropped (the platform's body limit bounds it), so the
/// client gets an answer naming the file rather than a reset connection.
pub async fn read_file(mut field: Field<'_>, limit: usize) -> Result<FileField, MultipartError> {
    let name: String = field
        .file_name()
        .unwrap_or("file")
        .chars()
        .filter(|c| !is_control(*c))
        .take(100)
        .collect();
    let declared = field.content_type().map(str::to_owned);
    let mut bytes = Vec::new();
    let mut too_large = false;
    while let Some(chunk) = field.chunk().await? {
        too_large = too_large || bytes.len() + chunk.len() > limit;
        if !too_large {
            bytes.extend_from_slice(&chunk);
        }
    }
    Ok(FileField {
        name,
        declared,
        bytes,
        too_large,
    })
}

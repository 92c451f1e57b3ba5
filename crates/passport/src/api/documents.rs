//! A booking's documents: `POST /api/v1/passport/bookings/{code}/documents`
//! (multipart `kind`, `file`). The checklist itself is part of the booking's
//! view (`documents`). Adapters only: parse, call `app::documents`, answer.

use axum::Json;
use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::documents::DocumentView;
use imigrasi_platform::documents::api::upload_error;
use imigrasi_platform::documents::app::UploadError;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use imigrasi_platform::i18n::Lang;

use crate::app::Origin;
use crate::app::documents::{self, BookingFile, DocumentError, MAX_BYTES};
use crate::domain::DocKind;

/// A multipart upload as read.
pub(crate) struct UploadForm {
    /// The `kind` field.
    pub kind: String,
    /// The file's declared type.
    pub declared: Option<String>,
    /// The file's bytes (up to the limit).
    pub bytes: Vec<u8>,
    /// Whether the file was larger than [`MAX_BYTES`].
    pub too_large: bool,
}

async fn read_file(
    mut field: Field<'_>,
) -> Result<(Option<String>, Vec<u8>, bool), MultipartError> {
    let declared = field.content_type().map(str::to_owned);
    let (mut bytes, mut too_large) = (Vec::new(), false);
    // Past the limit the rest is read and dropped (the platform's body
    // limit bounds it), so the client gets an answer, not a reset.
    while let Some(chunk) = field.chunk().await? {
        too_large = too_large || bytes.len() + chunk.len() > MAX_BYTES;
        if !too_large {
            bytes.extend_from_slice(&chunk);
        }
    }
    Ok((declared, bytes, too_large))
}

/// Read the form's `kind` and `file`; `None` when it is not such a form.
pub(crate) async fn read_form(mut form: Multipart) -> Option<UploadForm> {
    let (mut kind, mut file) = (None::<String>, None);
    while let Some(field) = form.next_field().await.ok()? {
        match field.name() {
            Some("kind") => {
                let text = field.text().await.ok()?;
                if text.len() > 64 || text.chars().any(char::is_control) {
                    return None;
                }
                kind = Some(text.trim().to_owned());
            }
            Some("file") => file = Some(read_file(field).await.ok()?),
            _ => {}
        }
    }
    let (declared, bytes, too_large) = file?;
    Some(UploadForm {
        kind: kind?,
        declared,
        bytes,
        too_large,
    })
}

/// The answer to a refused upload.
pub(crate) fn refusal(state: &AppState, lang: Lang, e: DocumentError) -> ApiError {
    let names = || {
        DocKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match e {
        DocumentError::NotFound => ApiError::not_found(),
        DocumentError::NotActive(s) => ApiError::conflict(
            "booking_not_active",
            lang.t_args(
                "pdoc-api-not-active",
                &[(
                    "status",
                    &lang.t(&format!("appt-status-{}", s.as_str().replace('_', "-"))),
                )],
            ),
        ),
        DocumentError::UnknownKind | DocumentError::Upload(UploadError::UnknownKind) => {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown_document_kind",
                lang.t_args("pdoc-api-unknown-kind", &[("kinds", &names())]),
            )
        }
        DocumentError::NotRequired(kind) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "document_not_required",
            lang.t_args("pdoc-api-not-required", &[("kind", kind.as_str())]),
        ),
        DocumentError::Upload(e) => upload_error(state, lang, e),
        DocumentError::Db(e) => ApiError::from(e),
    }
}

/// Upload a document the booking requires (its owner, while the booking is
/// awaiting payment, confirmed or checked in). Uploading a kind again keeps
/// the earlier file; the checklist shows the latest.
#[utoipa::path(post, path = "/api/v1/passport/bookings/{code}/documents", tag = "passport",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Booking code")),
    request_body(description = "multipart/form-data: `kind` (a kind of the booking's `documents`) and `file` (JPEG, PNG or PDF, at most 2 MiB; its type is checked by content)",
        content_type = "multipart/form-data"),
    responses((status = 201, body = DocumentView),
        (status = 400, description = "`bad_request`: not a form with `kind` and `file`", body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope),
        (status = 404, description = "no such booking, or not the caller's", body = ErrorEnvelope),
        (status = 409, description = "`booking_not_active`", body = ErrorEnvelope),
        (status = 413, description = "`document_too_large`", body = ErrorEnvelope),
        (status = 415, description = "`unsupported_document_type`", body = ErrorEnvelope),
        (status = 422, description = "`unknown_document_kind`, `document_not_required`, `empty_document`, `document_type_mismatch`", body = ErrorEnvelope)))]
pub(crate) async fn upload_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    form: Multipart,
) -> Result<Response, ApiError> {
    let lang = ctx.lang;
    let actor = ctx.api_actor()?.clone();
    let Some(form) = read_form(form).await else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            lang.t("pdoc-api-bad-form"),
        ));
    };
    if form.too_large {
        let e = UploadError::TooLarge {
            max_bytes: MAX_BYTES,
        };
        return Err(refusal(&state, lang, DocumentError::Upload(e)));
    }
    let file = BookingFile {
        code: &code,
        kind: &form.kind,
        declared_type: form.declared.as_deref(),
        bytes: &form.bytes,
    };
    let origin = Origin {
        actor: Some(&actor),
        request_id: &ctx.request_id,
    };
    match documents::upload(&state, &actor, origin, file).await {
        Ok(doc) => Ok((StatusCode::CREATED, Json(DocumentView::from(&doc))).into_response()),
        Err(e) => Err(refusal(&state, lang, e)),
    }
}

//! The generic document routes.
//!
//! `POST /api/v1/documents?kind=KIND` takes the file as the raw request body
//! with its `Content-Type` (`image/jpeg`, `image/png`, `application/pdf`),
//! not multipart: one file per request, no parser for a client-chosen file
//! name, and the size limit applies to the file itself. `Idempotency-Key`
//! makes a retried upload answer with the first document.
//! `GET /api/v1/documents/{id}` answers the file as an attachment.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use super::app::{self, ReadError, Upload, UploadError, Uploaded};
use super::{ContentType, DocumentView};
use crate::http::ctx::Ctx;
use crate::http::error::{ApiError, ErrorEnvelope};
use crate::i18n::Lang;
use crate::idempotency::IdempotencyKey;
use crate::state::AppState;

/// The upload route (its body limit is the largest kind's size).
pub const UPLOAD_PATH: &str = "/api/v1/documents";

/// OpenAPI description of the document routes.
#[derive(OpenApi)]
#[openapi(
    paths(upload_document, read_document),
    components(schemas(DocumentView)),
    tags((name = "documents", description = "Uploaded documents (photos, passport pages, letters)"))
)]
pub struct DocumentsApi;

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(UPLOAD_PATH, post(upload_document))
        .route("/api/v1/documents/{id}", get(read_document))
}

/// Query of an upload.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// Kind of document: `photo` (JPEG or PNG, 1 MiB), `passport_bio_page`
    /// (JPEG, PNG or PDF, 2 MiB), `supporting_document` (PDF, 5 MiB), or a
    /// service's own kind.
    pub kind: Option<String>,
}

fn megabytes(bytes: usize) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    if mib.fract() == 0.0 {
        format!("{mib:.0} MiB")
    } else {
        format!("{mib:.1} MiB")
    }
}

fn types(list: &[ContentType]) -> String {
    list.iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The answer to a refused upload (`empty_document`, `document_too_large`,
/// `unsupported_document_type`, `document_type_mismatch`, …): the codes
/// every route taking a document answers with.
pub fn upload_error(state: &AppState, lang: Lang, e: UploadError) -> ApiError {
    match e {
        UploadError::Forbidden => ApiError::forbidden(),
        UploadError::UnknownKind => {
            let names: Vec<&str> = state.documents.kinds.all().iter().map(|k| k.name).collect();
            ApiError::invalid_field(
                "kind",
                lang.t_args("documents-unknown-kind", &[("kinds", &names.join(", "))]),
            )
        }
        UploadError::Empty => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_document",
            lang.t("documents-empty"),
        ),
        UploadError::TooLarge { max_bytes } => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "document_too_large",
            lang.t_args("documents-too-large", &[("max", &megabytes(max_bytes))]),
        ),
        UploadError::UnsupportedDeclaredType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_document_type",
            lang.t("documents-unsupported-type"),
        ),
        UploadError::UnrecognisedContent => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_document_type",
            lang.t("documents-unrecognised"),
        ),
        UploadError::TypeMismatch { declared, detected } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "document_type_mismatch",
            lang.t_args(
                "documents-type-mismatch",
                &[
                    ("detected", detected.as_str()),
                    ("declared", declared.as_str()),
                ],
            ),
        ),
        UploadError::TypeNotAllowed { allowed } => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_document_type",
            lang.t_args(
                "documents-type-not-allowed",
                &[("allowed", &types(allowed))],
            ),
        ),
        UploadError::Idempotency(e) => e.api_error(lang),
        UploadError::Storage(e) => ApiError::internal(e),
        UploadError::Db(e) => ApiError::from(e),
    }
}

/// Upload a document (raw body with its `Content-Type`).
#[utoipa::path(post, path = "/api/v1/documents", tag = "documents", security(("bearer" = [])),
    params(UploadQuery,
        ("Idempotency-Key" = Option<String>, Header, description = "Same key and file, same answer; stored once")),
    request_body(description = "The file itself (not multipart); its type is checked by content",
        content(("image/jpeg"), ("image/png"), ("application/pdf"))),
    responses((status = 201, body = DocumentView),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 413, description = "`document_too_large` (the kind's limit) or `payload_too_large`", body = ErrorEnvelope),
        (status = 415, description = "`unsupported_document_type`: not JPEG, PNG or PDF, or not accepted for this kind", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input` (unknown `kind`, bad `Idempotency-Key`), `empty_document`, `document_type_mismatch`, `idempotency_key_reused`", body = ErrorEnvelope)))]
async fn upload_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let kind_name = query.kind.unwrap_or_default();
    let kind = state
        .documents
        .kinds
        .find(kind_name.trim())
        .cloned()
        .ok_or_else(|| upload_error(&state, ctx.lang, UploadError::UnknownKind))?;
    let key = IdempotencyKey::from_headers(&headers).map_err(|e| e.api_error(ctx.lang))?;
    let too_large = || {
        upload_error(
            &state,
            ctx.lang,
            UploadError::TooLarge {
                max_bytes: kind.max_bytes,
            },
        )
    };
    let declared_length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared_length.is_some_and(|n| n > kind.max_bytes as u64) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, kind.max_bytes)
        .await
        .map_err(|_| too_large())?;
    let declared_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let upload = Upload {
        kind: kind.name,
        declared_type,
        bytes: &bytes,
        idempotency_key: key.as_ref(),
    };
    match app::upload(&state, &actor, &ctx.request_id, upload).await {
        Ok(Uploaded::Created(doc)) => {
            Ok((StatusCode::CREATED, Json(DocumentView::from(&doc))).into_response())
        }
        Ok(Uploaded::Replayed(answer)) => Ok(answer.into_response()),
        Err(e) => Err(upload_error(&state, ctx.lang, e)),
    }
}

/// Download a document: its owner, an administrator, or staff of the office
/// it is attached to (audited as `document.read`); anyone else 404.
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents", security(("bearer" = [])),
    params(("id" = String, Path, description = "Document id")),
    responses((status = 200, description = "The file, as an attachment",
            content(("image/jpeg"), ("image/png"), ("application/pdf"))),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn read_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let (doc, bytes) = app::read(&state, &actor, &ctx.request_id, &id)
        .await
        .map_err(|e| match e {
            ReadError::NotFound => ApiError::not_found(),
            ReadError::Integrity(_) | ReadError::Storage(_) => ApiError::internal(e),
            ReadError::Db(e) => ApiError::from(e),
        })?;
    let mut res = Response::new(Body::from(bytes));
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(doc.content_type.as_str()),
    );
    let disposition = format!("attachment; filename=\"{}\"", doc.download_name());
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}

//! A report's receipt for its reporter: the number and the signed QR
//! payload, to print or hand to the guest.

use axum::Json;
use axum::extract::{Path, State};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use serde::Serialize;
use utoipa::ToSchema;

use super::errors::api_error;
use super::reporter;
use crate::app::receipt;

/// A receipt.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptView {
    /// Receipt number (STTPOA).
    pub receipt_number: String,
    /// The report's version the payload signs.
    pub version: i32,
    /// `valid` (in house), `checked_out` or `cancelled`.
    pub status: String,
    /// The signed payload (kind `apoa_receipt`) for the QR code; verify it
    /// with `POST /api/v1/documents/verify` or offline.
    pub qr: String,
}

/// The receipt of a report, with its signed QR payload.
#[utoipa::path(get, path = "/api/v1/apoa/stays/{id}/receipt", tag = "apoa",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The report")),
    responses((status = 200, body = ReceiptView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn get_receipt(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<ReceiptView>, ApiError> {
    let who = reporter(&state, &ctx).await?;
    let r = receipt::receipt(&state, &who, &id)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok(Json(ReceiptView {
        receipt_number: r.stay.receipt_number,
        version: r.stay.version,
        status: r.status.to_owned(),
        qr: r.qr,
    }))
}

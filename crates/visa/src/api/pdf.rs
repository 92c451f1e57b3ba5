//! The e-Visa as a PDF file.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use imigrasi_casework::RegisterNumber;
use imigrasi_platform::AppState;
use imigrasi_platform::documents::app::ReadError;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};

use super::errors::answer;
use crate::app::evisa_pdf::{self, EVisaPdfError};

/// The e-Visa as a bilingual one-page A4 PDF (index, holder, passport,
/// validity, photo, and the QR code of the same signed payload as
/// `evisa.qr`), for whoever may see the application (404 otherwise; staff
/// reads are audited). Works with the bearer token or the browser session.
#[utoipa::path(get, path = "/api/v1/visa/applications/{register_number}/evisa.pdf", tag = "visa",
    security(("bearer" = [])),
    params(("register_number" = String, Path, description = "e.g. V-2026-7K3QX9M2")),
    responses(
        (status = 200, description = "The e-Visa (inline)", content(("application/pdf"))),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`evisa_not_issued`: the application has no e-Visa (yet)", body = ErrorEnvelope)))]
pub async fn evisa_pdf(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = RegisterNumber::parse(&number)
        .map(|r| r.to_string())
        .map_err(|_| ApiError::not_found())?;
    match evisa_pdf::evisa_pdf(&state, &actor, &ctx.request_id, &number).await {
        Ok(pdf) => {
            let disposition = format!("inline; filename=\"e-visa-{}.pdf\"", pdf.number);
            Ok((
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, "application/pdf".to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                pdf.bytes,
            )
                .into_response())
        }
        Err(EVisaPdfError::NotIssued) => Err(ApiError::conflict(
            "evisa_not_issued",
            ctx.t("visa-evisa-not-issued"),
        )),
        Err(EVisaPdfError::Visa(e)) => Ok(answer(ctx.lang, e)),
        Err(EVisaPdfError::Photo(ReadError::Db(e))) => Err(ApiError::from(e)),
        Err(e) => Err(ApiError::internal(e)),
    }
}

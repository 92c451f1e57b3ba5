//! Officers' steps on a permit: billing the overstay fine, and recording
//! a departure at the border.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::errors::answer;
use crate::app::border::{self, Departed};
use crate::app::fines;

/// A billed overstay fine.
#[derive(Debug, Serialize, ToSchema)]
pub struct FineAnswer {
    /// Days of overstay counted (the tariff counts at most its cap).
    pub days: i64,
    /// Rupiah.
    pub amount: i64,
    /// SIMPONI billing code.
    pub billing_code: String,
    /// Pay before (RFC 3339).
    pub expires_at: String,
}

/// Bill the overstay fine owed now (staff of the supervising office).
#[utoipa::path(post, path = "/api/v1/stay/permits/{number}/fine", tag = "stay",
    security(("bearer" = [])),
    params(("number" = String, Path, description = "Permit number")),
    responses((status = 201, body = FineAnswer),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`no_overstay`, `fine_already_billed`", body = ErrorEnvelope)))]
pub async fn fine(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = number.trim().to_ascii_uppercase();
    match fines::bill(&state, &actor, &ctx.request_id, &number, Timestamp::now()).await {
        Ok((fine, bill)) => Ok((
            StatusCode::CREATED,
            Json(FineAnswer {
                days: fine.days,
                amount: fine.amount,
                billing_code: bill.billing_code,
                expires_at: imigrasi_platform::db::from_millis(bill.expires_at).to_string(),
            }),
        )
            .into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// A departure.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DepartureBody {
    /// The port of departure (e.g. `DPS`).
    #[serde(default)]
    pub port: String,
}

/// What the departure did.
#[derive(Debug, Serialize, ToSchema)]
pub struct DepartureAnswer {
    /// `cancelled` (the permit ended) or the unchanged status.
    pub status: String,
    /// The last day the holder may return on a re-entry permit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reentry_until: Option<String>,
}

/// Record a holder's departure (border officers): an exit permit or a
/// visit permit ends; a re-entry permit keeps the permit.
#[utoipa::path(post, path = "/api/v1/stay/permits/{number}/departure", tag = "stay",
    security(("bearer" = [])),
    params(("number" = String, Path, description = "Permit number")),
    request_body = DepartureBody,
    responses((status = 200, body = DepartureAnswer),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`exit_permit_required`, `permit_not_active`", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub async fn departure(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<DepartureBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = number.trim().to_ascii_uppercase();
    match border::depart(
        &state,
        &actor,
        &ctx.request_id,
        &number,
        &body.port,
        Timestamp::now(),
    )
    .await
    {
        Ok(Departed::Ended) => Ok(Json(DepartureAnswer {
            status: "cancelled".to_owned(),
            reentry_until: None,
        })
        .into_response()),
        Ok(Departed::MayReturn(until)) => Ok(Json(DepartureAnswer {
            status: "active".to_owned(),
            reentry_until: Some(until.to_string()),
        })
        .into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

//! Guests' check-in and check-out reports (the premise's owner or its API
//! key).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use serde::Deserialize;
use utoipa::ToSchema;

use super::errors::{api_error, duplicate};
use super::reporter;
use super::views::StayView;
use crate::app::{ApoaError, stays};
use crate::domain::guest::GuestInput;
use crate::domain::stay::{GuestPermitInput, StayInput};

/// A guest's check-in report.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct StayReportBody {
    /// The premise.
    #[serde(default)]
    pub premise_id: String,
    /// The guest: `{"mrz"}` or the typed fields.
    #[serde(default)]
    pub guest: GuestInput,
    /// Date of entry to Indonesia, `YYYY-MM-DD`.
    #[serde(default)]
    pub entry_date: String,
    /// Port of entry (the immigration checkpoint, TPI), e.g. `CGK`: one
    /// line, at most 60 characters.
    pub entry_port: Option<String>,
    /// Check-in: RFC 3339, or `YYYY-MM-DDTHH:MM` in the premise's zone.
    #[serde(default)]
    pub check_in: String,
    /// Expected check-out date, `YYYY-MM-DD`.
    #[serde(default)]
    pub expected_check_out: String,
    /// Room.
    pub room: Option<String>,
    /// Visa or stay permit, when known.
    pub permit: Option<GuestPermitInput>,
    /// Purpose of the visit.
    #[serde(default)]
    pub purpose: String,
    /// The id of the group's or family's head's stay, at the same premise.
    pub group_head_id: Option<String>,
}

/// Report a guest's check-in; a report more than 24 hours after check-in
/// is taken with `late: true`. The guest's check-in at the same premise on
/// the same date, reported already, is 409 `duplicate_stay` with
/// `error.existing_id` and `Location` (nothing written).
#[utoipa::path(post, path = "/api/v1/apoa/stays", tag = "apoa",
    security(("bearer" = [])),
    request_body = StayReportBody,
    responses((status = 201, body = StayView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`duplicate_stay`: reported already; `error.existing_id` names the report", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input` naming each field, or `invalid_mrz` naming the failing part (`document_number`, `birth_date`, `expiry_date`, `personal_number`, `composite`, `format`)", body = ErrorEnvelope)))]
pub async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<StayReportBody>,
) -> Result<Response, ApiError> {
    let reporter = reporter(&state, &ctx).await?;
    let cmd = stays::Report {
        premise_id: body.premise_id,
        guest: body.guest,
        stay: StayInput {
            entry_date: body.entry_date,
            entry_port: body.entry_port,
            check_in: body.check_in,
            expected_check_out: body.expected_check_out,
            room: body.room,
            permit: body.permit,
            purpose: body.purpose,
        },
        group_head_id: body.group_head_id,
    };
    let stay = match stays::report(&state, &reporter, &ctx.request_id, cmd).await {
        Ok(stay) => stay,
        Err(ApoaError::DuplicateStay(id)) => return Ok(duplicate(ctx.lang, &id)),
        Err(e) => return Err(api_error(ctx.lang, e)),
    };
    Ok((StatusCode::CREATED, Json(StayView::from(stay))).into_response())
}

/// A guest's check-out.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CheckOutBody {
    /// When: RFC 3339, or `YYYY-MM-DDTHH:MM` in the premise's zone.
    #[serde(default)]
    pub check_out: String,
}

/// Report a guest's check-out.
#[utoipa::path(post, path = "/api/v1/apoa/stays/{id}/check-out", tag = "apoa",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The stay")),
    request_body = CheckOutBody,
    responses((status = 200, body = StayView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`already_checked_out`", body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope)))]
pub async fn check_out(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CheckOutBody>,
) -> Result<Json<StayView>, ApiError> {
    let reporter = reporter(&state, &ctx).await?;
    let stay = stays::check_out(&state, &reporter, &ctx.request_id, &id, &body.check_out)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok(Json(StayView::from(stay)))
}

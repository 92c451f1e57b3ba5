//! The permit register: registering (staff), listing and reading.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::errors::api_error;
use super::views::{PermitList, PermitView};
use crate::app::{read, register};
use crate::domain::holder::{HolderInput, PermitInput};

/// The address of a permit to register.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct AddressBody {
    /// Address line.
    #[serde(default)]
    pub line: String,
    /// Kemendagri regency code, e.g. `51.71` (decides the office).
    #[serde(default)]
    pub regency: String,
}

/// A permit to register.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterBody {
    /// `ITK`, `ITAS`, `ITAP` or `GCI`.
    #[serde(default)]
    pub kind: String,
    /// The holder.
    #[serde(default)]
    pub holder: HolderInput,
    /// The sponsor's account e-mail.
    pub sponsor_email: Option<String>,
    /// The address.
    #[serde(default)]
    pub address: AddressBody,
    /// First valid day, `YYYY-MM-DD`.
    #[serde(default)]
    pub valid_from: String,
    /// Last valid day, `YYYY-MM-DD` (none for a GCI).
    pub valid_until: Option<String>,
    /// The visa index code it came from, e.g. `C1` (decides extensions).
    pub origin_visa: Option<String>,
    /// The e-Visa number it came from, when known.
    pub origin_evisa: Option<String>,
    /// Granted from a visa on arrival (such an ITAS cannot be extended).
    #[serde(default)]
    pub from_visa_on_arrival: bool,
}

/// Register an existing permit (staff of the supervising office).
#[utoipa::path(post, path = "/api/v1/stay/permits", tag = "stay",
    security(("bearer" = [])),
    request_body = RegisterBody,
    responses((status = 201, body = PermitView),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 422, description = "`invalid_input` naming each field", body = ErrorEnvelope)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<RegisterBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let cmd = register::Register {
        permit: PermitInput {
            kind: body.kind,
            holder: body.holder,
            address_line: body.address.line,
            regency: body.address.regency,
            valid_from: body.valid_from,
            valid_until: body.valid_until,
            origin_visa: body.origin_visa,
            from_visa_on_arrival: body.from_visa_on_arrival,
        },
        sponsor_email: body.sponsor_email,
        origin_evisa: body.origin_evisa,
    };
    let file = register::register(&state, &actor, &ctx.request_id, cmd)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok((StatusCode::CREATED, Json(PermitView::from(file))).into_response())
}

/// Paging of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// A permit number, passport number or surname to look for.
    pub q: Option<String>,
    /// Only permits numbered after this one (the previous page's `next`).
    pub after: Option<String>,
    /// Page size (1 to 100, default 50).
    pub limit: Option<u32>,
    /// An officers' list instead (staff, audited): `ending_soon` (within
    /// 30 days), `overstaying` or `in_process`, by end date.
    pub list: Option<String>,
}

/// The permits the caller may see: a holder their own, a sponsor those it
/// sponsors, staff their office's (audited), administrators all.
#[utoipa::path(get, path = "/api/v1/stay/permits", tag = "stay",
    security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = PermitList),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Json<PermitList>, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let limit = q.limit.unwrap_or(50).clamp(1, read::MAX_PAGE);
    if let Some(list) = q.list.as_deref() {
        return super::lists::officer_list(&state, &ctx, list, q.after.as_deref(), limit).await;
    }
    let found = read::list(
        &state,
        &actor,
        &ctx.request_id,
        q.q.as_deref(),
        q.after.as_deref(),
        limit,
    )
    .await
    .map_err(|e| api_error(ctx.lang, e))?;
    let next = (found.len() == limit as usize)
        .then(|| found.last().map(|f| f.permit.number.clone()))
        .flatten();
    Ok(Json(PermitList {
        permits: found.into_iter().map(PermitView::from).collect(),
        next,
    }))
}

/// One permit with its history and overstay (404 for anyone who may not
/// see it; staff reads are audited).
#[utoipa::path(get, path = "/api/v1/stay/permits/{number}", tag = "stay",
    security(("bearer" = [])),
    params(("number" = String, Path, description = "e.g. IT-2026-7K3QX9M2")),
    responses((status = 200, body = PermitView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn get_one(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
) -> Result<Json<PermitView>, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = number.trim().to_ascii_uppercase();
    let file = read::view(&state, &actor, &ctx.request_id, &number)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok(Json(PermitView::from(file)))
}

//! Kiosk devices: create (key shown once), list, revoke.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use jiff::Timestamp;

use super::views::{DeviceCreated, DeviceList, DeviceRequest, DeviceView};
use super::{authorized, manage};
use crate::app;
use crate::domain::{MAX_DEVICE_NAME_CHARS, clean_device_name};
use crate::store;

/// Create a kiosk device for the office; its key is in the answer and never again.
#[utoipa::path(post, path = "/api/v1/offices/{code}/devices", tag = "passport-floor",
    security(("bearer" = [])), params(("code" = String, Path, description = "Office code")),
    request_body = DeviceRequest,
    responses((status = 201, body = DeviceCreated), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 422, description = "`invalid_input` (name)", body = ErrorEnvelope)))]
pub(super) async fn create_device(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<DeviceRequest>,
) -> Result<(StatusCode, Json<DeviceCreated>), ApiError> {
    let (actor, office, _) = authorized(&state, &ctx, &code, manage).await?;
    let name = body
        .name
        .as_deref()
        .and_then(clean_device_name)
        .ok_or_else(|| {
            ApiError::invalid_field(
                "name",
                ctx.lang.t_args(
                    "floor-api-device-name",
                    &[("max", &MAX_DEVICE_NAME_CHARS.to_string())],
                ),
            )
        })?;
    let created = app::create_device(
        &state.db,
        &office.code,
        &name,
        &actor,
        &ctx.request_id,
        Timestamp::now(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(DeviceCreated {
            id: created.device.id,
            name: created.device.name,
            key: created.key,
        }),
    ))
}

/// The office's kiosk devices (without keys).
#[utoipa::path(get, path = "/api/v1/offices/{code}/devices", tag = "passport-floor",
    security(("bearer" = [])), params(("code" = String, Path, description = "Office code")),
    responses((status = 200, body = DeviceList), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn list_devices(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Json<DeviceList>, ApiError> {
    let (_, office, zone) = authorized(&state, &ctx, &code, manage).await?;
    let devices = store::list_devices(&state.db, &office.code).await?;
    Ok(Json(DeviceList {
        devices: devices.iter().map(|d| DeviceView::new(zone, d)).collect(),
    }))
}

/// Revoke a kiosk device: its key stops working at once (401). Revoking again changes nothing.
#[utoipa::path(post, path = "/api/v1/offices/{code}/devices/{id}/revoke", tag = "passport-floor",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Office code"), ("id" = String, Path, description = "Device id")),
    responses((status = 200, body = DeviceView), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, description = "No such device at this office", body = ErrorEnvelope)))]
pub(super) async fn revoke_device(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, id)): Path<(String, String)>,
) -> Result<Json<DeviceView>, ApiError> {
    let (actor, office, zone) = authorized(&state, &ctx, &code, manage).await?;
    let device = app::revoke_device(
        &state.db,
        &office.code,
        id.trim(),
        &actor,
        &ctx.request_id,
        Timestamp::now(),
    )
    .await?
    .ok_or_else(ApiError::not_found)?;
    Ok(Json(DeviceView::new(zone, &device)))
}

//! Floor settings of an office, and the day's figures for the dashboard.

use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Deserialize;

use super::views::FloorSettingsBody;
use super::{authorized, manage, read};
use crate::app;
use crate::domain::{DayStats, FloorSettings, office_date};
use crate::port::FloorServices;
use crate::store;

/// The office's floor settings (defaults until changed).
#[utoipa::path(get, path = "/api/v1/offices/{code}/floor/settings", tag = "passport-floor",
    security(("bearer" = [])), params(("code" = String, Path, description = "Office code")),
    responses((status = 200, body = FloorSettingsBody), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Json<FloorSettingsBody>, ApiError> {
    let (_, office, _) = authorized(&state, &ctx, &code, manage).await?;
    let settings = store::floor_settings(&state.db, &office.code).await?;
    Ok(Json(FloorSettingsBody::from(&settings)))
}

/// Change the office's floor settings; a missing field keeps its value.
#[utoipa::path(put, path = "/api/v1/offices/{code}/floor/settings", tag = "passport-floor",
    security(("bearer" = [])), params(("code" = String, Path, description = "Office code")),
    request_body = FloorSettingsBody,
    responses((status = 200, description = "The stored settings", body = FloorSettingsBody),
              (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope),
              (status = 422, description = "`invalid_input` naming the field out of range", body = ErrorEnvelope)))]
pub(super) async fn put_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<FloorSettingsBody>,
) -> Result<Json<FloorSettingsBody>, ApiError> {
    let (actor, office, _) = authorized(&state, &ctx, &code, manage).await?;
    let current = store::floor_settings(&state.db, &office.code).await?;
    let settings = FloorSettings::parse(
        body.arrive_before_minutes
            .unwrap_or(i64::from(current.arrive_before_minutes)),
        body.priority_every
            .unwrap_or(i64::from(current.priority_every)),
        body.walk_in_daily_cap
            .unwrap_or(i64::from(current.walk_in_daily_cap)),
    )
    .map_err(|errs| {
        ApiError::invalid_input(
            errs.into_iter()
                .map(|(field, max)| {
                    let max = max.to_string();
                    let message = ctx.lang.t_args("floor-api-whole-number", &[("max", &max)]);
                    (field.to_owned(), message)
                })
                .collect(),
        )
    })?;
    app::save_floor_settings(
        &state.db,
        &office.code,
        &settings,
        &actor,
        &ctx.request_id,
        Timestamp::now(),
    )
    .await?;
    Ok(Json(FloorSettingsBody::from(&settings)))
}

#[derive(Debug, Deserialize)]
pub(super) struct DateQuery {
    date: Option<String>,
}

/// The office's day on the floor: booked, checked in, walk-ins, waiting,
/// called, served, no-shows, average wait and service time, per counter,
/// per category, arrivals per hour.
#[utoipa::path(get, path = "/api/v1/offices/{code}/floor/stats", tag = "passport-floor",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Office code"),
           ("date" = Option<String>, Query, description = "YYYY-MM-DD, default today (office time)")),
    responses((status = 200, body = DayStats), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)))]
pub(super) async fn day_stats(
    State(state): State<AppState>,
    Extension(services): Extension<FloorServices>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<DateQuery>,
) -> Result<Json<DayStats>, ApiError> {
    let (_, office, zone) = authorized(&state, &ctx, &code, read).await?;
    let date = match q.date.as_deref() {
        Some(d) => d
            .parse::<Date>()
            .map_err(|_| ApiError::invalid_field("date", ctx.t("floor-api-date")))?,
        None => office_date(&zone.time_zone(), Timestamp::now()),
    };
    Ok(Json(
        app::day_stats(&state.db, &services, &office.code, date).await?,
    ))
}

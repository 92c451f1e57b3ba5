//! Slots of an office: list with remaining places; extra quota.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use imigrasi_core::OfficeZone;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::offices::{self, Office};
use imigrasi_platform::policy::{self, Permission};
use jiff::civil::Date;
use serde::Deserialize;
use utoipa::ToSchema;

use super::errors;
use super::views::{SlotList, SlotView};
use crate::app::slots::SlotError;
use crate::app::{self, Origin};
use crate::domain::{Category, OutsideHorizon, office_date};
use crate::store::{self, NewSlot, parse_hhmm};

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/api/v1/offices/{code}/slots",
        get(list_slots).post(create_slot),
    )
}

/// Longest date range one request may ask for.
const MAX_RANGE_DAYS: i32 = 92;

/// An office and its zone, or 404.
pub async fn office_or_404(state: &AppState, code: &str) -> Result<(Office, OfficeZone), ApiError> {
    let code = code.trim().to_uppercase();
    let office = offices::find(&state.db, &code)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let zone = office
        .zone()
        .ok_or_else(|| ApiError::internal("office without a valid zone"))?;
    Ok((office, zone))
}

#[derive(Debug, Deserialize)]
pub(crate) struct RangeQuery {
    from: Option<String>,
    to: Option<String>,
}

fn parse_date(lang: Lang, field: &str, s: &str) -> Result<Date, ApiError> {
    s.parse::<Date>()
        .map_err(|_| errors::field(lang, field, "papi-date"))
}

/// Slots of an office between two dates (office-local, inclusive; default the next 14 days).
#[utoipa::path(get, path = "/api/v1/offices/{code}/slots", tag = "passport",
    params(("code" = String, Path, description = "Office code"),
           ("from" = Option<String>, Query, description = "YYYY-MM-DD, default today (office time)"),
           ("to" = Option<String>, Query, description = "YYYY-MM-DD, default from + 13 days; at most 92 days after from")),
    responses((status = 200, body = SlotList), (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn list_slots(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<RangeQuery>,
) -> Result<Json<SlotList>, ApiError> {
    let (office, zone) = office_or_404(&state, &code).await?;
    let today = office_date(&zone.time_zone(), jiff::Timestamp::now());
    let from = match q.from.as_deref() {
        Some(s) => parse_date(ctx.lang, "from", s)?,
        None => today,
    };
    let to = match q.to.as_deref() {
        Some(s) => parse_date(ctx.lang, "to", s)?,
        None => from.saturating_add(jiff::Span::new().days(13)),
    };
    if to < from {
        return Err(errors::field(ctx.lang, "to", "papi-to-before-from"));
    }
    if (to - from).get_days() > MAX_RANGE_DAYS {
        return Err(ApiError::invalid_field(
            "to",
            ctx.lang.t_args(
                "papi-range-too-long",
                &[("days", &MAX_RANGE_DAYS.to_string())],
            ),
        )
        .in_lang(ctx.lang));
    }
    let slots = store::slots_between(&state.db, &office.code, from, to).await?;
    Ok(Json(SlotList {
        slots: slots.iter().map(|s| SlotView::new(zone, s)).collect(),
    }))
}

/// Extra quota.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewSlotRequest {
    /// Office-local date, YYYY-MM-DD: from today (office time) through the
    /// office's booking horizon (`max_advance_days` of its quota settings,
    /// 90 by default).
    pub date: Option<String>,
    /// Office-local start, HH:MM.
    pub start: Option<String>,
    /// Office-local end, HH:MM.
    pub end: Option<String>,
    /// `regular`, `accelerated` or `priority`.
    pub category: Option<String>,
    /// Places, 1 to 10000.
    pub capacity: Option<i64>,
    /// When it opens (RFC 3339); now when absent.
    pub release_at: Option<String>,
}

/// Add a slot outside the templates (supervisor of the office, or administrator).
#[utoipa::path(post, path = "/api/v1/offices/{code}/slots", tag = "passport", security(("bearer" = [])),
    params(("code" = String, Path, description = "Office code")), request_body = NewSlotRequest,
    responses((status = 201, body = SlotView), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn create_slot(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(req): ApiJson<NewSlotRequest>,
) -> Result<(StatusCode, Json<SlotView>), ApiError> {
    let lang = ctx.lang;
    let actor = ctx.api_actor()?.clone();
    let (office, zone) = office_or_404(&state, &code).await?;
    policy::authorize(
        &actor,
        Permission::ManageOfficeQuota {
            office: &office.code,
        },
    )
    .map_err(|_| ApiError::forbidden())?;
    let mut fields = std::collections::BTreeMap::new();
    let date = req.date.as_deref().and_then(|d| d.parse::<Date>().ok());
    if date.is_none() {
        fields.insert("date".to_owned(), lang.t("papi-date"));
    }
    let start = req.start.as_deref().and_then(parse_hhmm);
    let end = req.end.as_deref().and_then(parse_hhmm);
    if start.is_none() {
        fields.insert("start".to_owned(), lang.t("papi-start"));
    }
    if end.is_none() {
        fields.insert("end".to_owned(), lang.t("papi-end"));
    }
    if let (Some(s), Some(e)) = (start, end)
        && s >= e
    {
        fields.insert("end".to_owned(), lang.t("papi-end-after-start"));
    }
    let category = req
        .category
        .as_deref()
        .and_then(|c| c.parse::<Category>().ok());
    if category.is_none() {
        fields.insert("category".to_owned(), lang.t("papi-category"));
    }
    let capacity = req.capacity.filter(|c| (1..=10_000).contains(c));
    if capacity.is_none() {
        fields.insert("capacity".to_owned(), lang.t("papi-capacity"));
    }
    let release_at = match req.release_at.as_deref() {
        None => Some(jiff::Timestamp::now()),
        Some(s) => s.parse::<jiff::Timestamp>().ok(),
    };
    if release_at.is_none() {
        fields.insert("release_at".to_owned(), lang.t("papi-release-at"));
    }
    let (Some(date), Some(start), Some(end), Some(category), Some(capacity), Some(release_at)) =
        (date, start, end, category, capacity, release_at)
    else {
        return Err(ApiError::invalid_input(fields).in_lang(lang));
    };
    if !fields.is_empty() {
        return Err(ApiError::invalid_input(fields).in_lang(lang));
    }
    let new = NewSlot {
        office_code: office.code.clone(),
        date,
        start,
        end,
        category,
        capacity,
        release_at,
    };
    let origin = Origin {
        actor: Some(&actor),
        request_id: &ctx.request_id,
    };
    let slot = app::slots::create(&state, &actor, origin, zone, new)
        .await
        .map_err(|e| match e {
            SlotError::Forbidden => ApiError::forbidden().in_lang(lang),
            SlotError::OutsideHorizon(OutsideHorizon::Past) => {
                errors::field(lang, "date", "quota-error-date-past")
            }
            SlotError::OutsideHorizon(OutsideHorizon::TooFar { max_advance_days }) => {
                ApiError::invalid_field(
                    "date",
                    lang.t_args(
                        "quota-error-date-far",
                        &[("max", &max_advance_days.to_string())],
                    ),
                )
                .in_lang(lang)
            }
            SlotError::Db(e) => ApiError::from(e),
        })?;
    Ok((StatusCode::CREATED, Json(SlotView::new(zone, &slot))))
}

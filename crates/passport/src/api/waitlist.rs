//! The waitlist: join, list, leave.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, post};
use axum::{Json, Router};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::{self, Permission};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bookings::{ApplicantBody, applicant};
use super::errors;
use super::slots::office_or_404;
use crate::app::waitlist::Join;
use crate::app::{self, BookingError, Origin};
use crate::domain::waitlist::MAX_WAITLIST_RANGE_DAYS;
use crate::domain::{
    Category, PassportType, ServiceKind, WaitlistError, office_date, validate_range,
};
use crate::store::waitlist::WaitlistEntry;

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/passport/waitlist",
            post(join_waitlist).get(list_waitlist),
        )
        .route("/api/v1/passport/waitlist/{id}", delete(leave_waitlist))
}

/// A request to wait for a place.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WaitlistBody {
    /// Office code.
    pub office: Option<String>,
    /// First acceptable date, YYYY-MM-DD.
    pub date_from: Option<String>,
    /// Last acceptable date, YYYY-MM-DD (at most 90 days after date_from).
    pub date_to: Option<String>,
    /// Category, default `regular`.
    pub category: Option<String>,
    /// Who the appointment is for.
    pub applicant: Option<ApplicantBody>,
    /// `regular` or `electronic`.
    pub passport_type: Option<String>,
    /// `new` or `renewal`.
    pub service: Option<String>,
}

/// A waitlist entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct WaitlistView {
    /// Entry id.
    pub id: String,
    /// Office.
    pub office: String,
    /// First date.
    pub date_from: String,
    /// Last date.
    pub date_to: String,
    /// Category.
    pub category: String,
    /// `waiting`, `offered` (a booking was made for you: pay it), `fulfilled` (you booked directly), `cancelled`.
    pub status: String,
    /// Applicant's NIK, masked.
    pub nik_masked: String,
    /// Applicant's name.
    pub full_name: String,
}

impl From<WaitlistEntry> for WaitlistView {
    fn from(e: WaitlistEntry) -> Self {
        WaitlistView {
            id: e.id,
            office: e.office_code,
            date_from: e.date_from,
            date_to: e.date_to,
            category: e.category,
            status: e.status,
            nik_masked: e.nik_masked,
            full_name: e.full_name,
        }
    }
}

/// The account's waitlist entries.
#[derive(Debug, Serialize, ToSchema)]
pub struct WaitlistList {
    /// Newest first.
    pub entries: Vec<WaitlistView>,
}

/// Wait for a place at an office within a date range; a returned place becomes a held booking for you.
#[utoipa::path(post, path = "/api/v1/passport/waitlist", tag = "passport", security(("bearer" = [])),
    request_body = WaitlistBody,
    responses((status = 201, body = WaitlistView), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 409, description = "`already_booked`", body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn join_waitlist(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<WaitlistBody>,
) -> Result<(StatusCode, Json<WaitlistView>), ApiError> {
    let lang = ctx.lang;
    let actor = ctx.api_actor()?;
    ctx.take_booking_request(&state)
        .map_err(|l| l.api_error(lang))?;
    policy::authorize(actor, Permission::BookAppointment)
        .map_err(|_| ApiError::forbidden().in_lang(lang))?;
    let (office, zone) = office_or_404(&state, body.office.as_deref().unwrap_or(""))
        .await
        .map_err(|_| errors::field(lang, "office", "papi-office-unknown"))?;
    let from = body
        .date_from
        .as_deref()
        .and_then(|d| d.parse::<Date>().ok());
    let to = body.date_to.as_deref().and_then(|d| d.parse::<Date>().ok());
    let (Some(from), Some(to)) = (from, to) else {
        return Err(errors::field(lang, "date_from", "papi-date-range"));
    };
    let today = office_date(&zone.time_zone(), jiff::Timestamp::now());
    validate_range(from, to, today)
        .map_err(|e| ApiError::invalid_field("date_to", range_error(lang, &e)).in_lang(lang))?;
    let category = match body.category.as_deref() {
        None => Category::Regular,
        Some(c) => c
            .parse()
            .map_err(|_| errors::field(lang, "category", "papi-category"))?,
    };
    let passport_type: PassportType = body
        .passport_type
        .as_deref()
        .unwrap_or("")
        .parse()
        .map_err(|_| errors::field(lang, "passport_type", "papi-passport-type"))?;
    let service: ServiceKind = body
        .service
        .as_deref()
        .unwrap_or("")
        .parse()
        .map_err(|_| errors::field(lang, "service", "papi-service"))?;
    let cmd = Join {
        office_code: office.code,
        date_from: from,
        date_to: to,
        category,
        applicant: applicant(lang, body.applicant.as_ref())?,
        passport_type,
        service,
    };
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let entry = app::waitlist::join(&state, actor, origin, cmd)
        .await
        .map_err(|e| match e {
            BookingError::AlreadyBooked => {
                ApiError::conflict("already_booked", lang.t("papi-already-waiting"))
            }
            e => errors::booking(lang, Some(zone), e),
        })?;
    Ok((StatusCode::CREATED, Json(entry.into())))
}

/// Why a date range is refused, in words (the pages say the same).
pub(crate) fn range_error(lang: Lang, e: &WaitlistError) -> String {
    match e {
        WaitlistError::RangeReversed { .. } => lang.t("appt-error-range-reversed"),
        WaitlistError::RangeTooLong { .. } => lang.t_args(
            "appt-error-range-too-long",
            &[("days", &MAX_WAITLIST_RANGE_DAYS.to_string())],
        ),
        WaitlistError::RangeInPast { .. } => lang.t("appt-error-range-in-past"),
    }
}

/// The account's waitlist entries.
#[utoipa::path(get, path = "/api/v1/passport/waitlist", tag = "passport", security(("bearer" = [])),
    responses((status = 200, body = WaitlistList), (status = 401, body = ErrorEnvelope)))]
pub(crate) async fn list_waitlist(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<WaitlistList>, ApiError> {
    let actor = ctx.api_actor()?;
    let entries = app::waitlist::mine(&state, actor)
        .await
        .map_err(|e| errors::booking(ctx.lang, None, e))?;
    Ok(Json(WaitlistList {
        entries: entries.into_iter().map(Into::into).collect(),
    }))
}

/// Leave the waitlist.
#[utoipa::path(delete, path = "/api/v1/passport/waitlist/{id}", tag = "passport", security(("bearer" = [])),
    params(("id" = String, Path, description = "Entry id")),
    responses((status = 204), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "`not_waiting`", body = ErrorEnvelope)))]
pub(crate) async fn leave_waitlist(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let left = app::waitlist::leave(&state, actor, origin, &id)
        .await
        .map_err(|e| errors::booking(ctx.lang, None, e))?;
    if left {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::conflict(
            "not_waiting",
            ctx.lang.t("papi-not-waiting"),
        ))
    }
}

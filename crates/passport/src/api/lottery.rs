//! Lottery release mode (docs/lottery.md): create and draw (supervisor of
//! the office), enter (citizen), read and the published entry list (anyone).

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use imigrasi_platform::i18n::Lang;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::bookings::{BookingApplicant, applicant};
use super::errors;
use super::slots::office_or_404;
use crate::app::lottery::{self, Create, Enter, LotteryError};
use crate::app::{Origin, settings};
use crate::domain::lottery::EntryError;
use crate::domain::{PassportType, Purpose, ServiceKind, VALIDITIES};
use crate::store::lottery::{self as store, Entry, Lottery};

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/offices/{code}/lotteries", post(create_lottery))
        .route(
            "/api/v1/offices/{code}/lotteries/{id}/draw",
            post(draw_lottery),
        )
        .route("/api/v1/passport/lotteries/{id}", get(get_lottery))
        .route(
            "/api/v1/passport/lotteries/{id}/entries",
            post(enter_lottery),
        )
        .route(
            "/api/v1/passport/lotteries/{id}/entries.txt",
            get(entry_list),
        )
}

/// A new lottery.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LotteryBody {
    /// The sessions drawn for (slot ids of the office); their free places are held by the lottery.
    pub slot_ids: Option<Vec<String>>,
    /// When the window closes (RFC 3339), before the first session.
    pub closes_at: Option<String>,
}

/// A lottery as published.
#[derive(Debug, Serialize, ToSchema)]
pub struct LotteryView {
    /// Id.
    pub id: String,
    /// Office.
    pub office: String,
    /// `open` or `drawn`.
    pub status: String,
    /// SHA-256 of the seed, hex (published from creation).
    pub commitment: String,
    /// The seed, hex (only once drawn).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<String>,
    /// SHA-256 of the published entry list, hex (only once drawn).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entries_hash: Option<String>,
    /// Places drawn for.
    pub places: i64,
    /// Number of entries.
    pub entries: i64,
    /// Window opens.
    pub opens_at: String,
    /// Window closes.
    pub closes_at: String,
    /// The dates entrants may accept.
    pub dates: Vec<String>,
}

/// An entry.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EntryBody {
    /// Who the appointment is for (one entry per NIK).
    pub applicant: Option<BookingApplicant>,
    /// Dates accepted (YYYY-MM-DD, among the lottery's dates).
    pub dates: Option<Vec<String>>,
    /// `regular` or `electronic` (default `electronic`).
    pub passport_type: Option<String>,
    /// `new` (default) or `renewal`.
    pub service: Option<String>,
    /// 5 (default) or 10.
    pub validity_years: Option<i64>,
    /// Purpose of travel, default `other`.
    pub purpose: Option<String>,
}

/// An entry as its owner sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryView {
    /// Entry id (as in the published list).
    pub id: String,
    /// Lottery.
    pub lottery_id: String,
    /// `pending`, `won` (a booking awaits payment), `not_drawn` (put on the waitlist), `not_booked`
    /// (the NIK held another booking), `over_limit` (the account held its limit of active bookings).
    pub result: String,
    /// Dates accepted.
    pub dates: Vec<String>,
    /// NIK, masked.
    pub nik_masked: String,
    /// Name.
    pub full_name: String,
}

impl From<Entry> for EntryView {
    fn from(e: Entry) -> Self {
        EntryView {
            id: e.id,
            lottery_id: e.lottery_id,
            result: e.result,
            dates: e.dates.iter().map(Date::to_string).collect(),
            nik_masked: e.nik_masked,
            full_name: e.full_name,
        }
    }
}

/// What a draw did.
#[derive(Debug, Serialize, ToSchema)]
pub struct DrawView {
    /// Whether this call drew (false: drawn before).
    pub drawn: bool,
    /// Winners booked now.
    pub booked: usize,
    /// Entries not drawn.
    pub not_drawn: usize,
    /// Entries not drawn now on the waitlist for the dates they accepted.
    pub waiting: usize,
    /// The lottery.
    pub lottery: LotteryView,
}

pub(crate) fn lottery_error(lang: Lang, e: LotteryError) -> ApiError {
    match e {
        LotteryError::Forbidden => ApiError::forbidden().in_lang(lang),
        LotteryError::NotFound => ApiError::not_found().in_lang(lang),
        LotteryError::SlotUnusable(_) => errors::field(lang, "slot_ids", "plot-slot-unusable"),
        LotteryError::BadWindow => errors::field(lang, "closes_at", "plot-bad-window"),
        LotteryError::Closed => ApiError::conflict("lottery_closed", lang.t("plot-closed")),
        LotteryError::StillOpen => ApiError::conflict("lottery_open", lang.t("plot-still-open")),
        LotteryError::BookingLimit(n) => {
            errors::booking(lang, None, crate::app::BookingError::BookingLimit(n))
        }
        LotteryError::AlreadyEntered => {
            ApiError::conflict("already_entered", lang.t("plot-already-entered"))
        }
        LotteryError::Dates(EntryError::NoDates) => errors::field(lang, "dates", "plot-no-dates"),
        LotteryError::Dates(EntryError::DateNotCovered) => {
            errors::field(lang, "dates", "plot-date-not-covered")
        }
        LotteryError::Db(e) => ApiError::from(e).in_lang(lang),
    }
}

/// The published view of a lottery (the seed only once drawn).
pub(crate) async fn view(state: &AppState, l: Lottery) -> Result<LotteryView, ApiError> {
    let entries = store::count_entries(&state.db, &l.id).await?;
    let mut dates: Vec<String> = store::slots_of(&state.db, &l.id)
        .await?
        .iter()
        .map(|s| s.date.to_string())
        .collect();
    dates.dedup();
    let drawn = l.is_drawn();
    Ok(LotteryView {
        status: l.status,
        commitment: l.commitment,
        seed: drawn.then_some(l.seed),
        entries_hash: if drawn { l.entries_hash } else { None },
        places: l.places,
        entries,
        opens_at: imigrasi_platform::db::from_millis(l.opens_at).to_string(),
        closes_at: imigrasi_platform::db::from_millis(l.closes_at).to_string(),
        dates,
        office: l.office_code,
        id: l.id,
    })
}

/// Create a lottery over sessions of the office (supervisor of the office).
#[utoipa::path(post, path = "/api/v1/offices/{code}/lotteries", tag = "passport", security(("bearer" = [])),
    params(("code" = String, Path, description = "Office code")), request_body = LotteryBody,
    responses((status = 201, body = LotteryView), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn create_lottery(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<LotteryBody>,
) -> Result<(StatusCode, Json<LotteryView>), ApiError> {
    let lang = ctx.lang;
    let actor = ctx.api_actor()?;
    let (office, _) = office_or_404(&state, &code).await?;
    let closes_at = body
        .closes_at
        .as_deref()
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
        .ok_or_else(|| errors::field(lang, "closes_at", "plot-bad-window"))?;
    let slot_ids: Vec<String> = body
        .slot_ids
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.trim().to_owned())
        .collect();
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let cmd = Create {
        office_code: office.code,
        slot_ids,
        closes_at,
    };
    let l = lottery::create(&state, actor, origin, cmd)
        .await
        .map_err(|e| lottery_error(lang, e))?;
    Ok((StatusCode::CREATED, Json(view(&state, l).await?)))
}

/// Draw a lottery whose window has closed (supervisor of the office); a second draw does nothing.
#[utoipa::path(post, path = "/api/v1/offices/{code}/lotteries/{id}/draw", tag = "passport", security(("bearer" = [])),
    params(("code" = String, Path, description = "Office code"), ("id" = String, Path, description = "Lottery id")),
    responses((status = 200, body = DrawView), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope), (status = 409, description = "`lottery_open`", body = ErrorEnvelope)))]
pub(crate) async fn draw_lottery(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, id)): Path<(String, String)>,
) -> Result<Json<DrawView>, ApiError> {
    let lang = ctx.lang;
    let actor = ctx.api_actor()?;
    let (office, _) = office_or_404(&state, &code).await?;
    imigrasi_platform::policy::authorize(
        actor,
        imigrasi_platform::policy::Permission::ManageOfficeQuota {
            office: &office.code,
        },
    )
    .map_err(|_| ApiError::forbidden().in_lang(lang))?;
    let found = store::find(&state.db, &id)
        .await?
        .filter(|l| l.office_code == office.code)
        .ok_or_else(|| ApiError::not_found().in_lang(lang))?;
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let out = lottery::draw(
        &state.db,
        &settings(&state),
        origin,
        &found.id,
        jiff::Timestamp::now(),
    )
    .await
    .map_err(|e| lottery_error(lang, e))?;
    let l = store::find(&state.db, &id)
        .await?
        .ok_or_else(|| ApiError::not_found().in_lang(lang))?;
    let d = out.clone().unwrap_or_default();
    Ok(Json(DrawView {
        drawn: out.is_some(),
        booked: d.booked,
        not_drawn: d.not_drawn,
        waiting: d.waiting,
        lottery: view(&state, l).await?,
    }))
}

/// A lottery: status, commitment, places and entries; the seed and entries hash once drawn.
#[utoipa::path(get, path = "/api/v1/passport/lotteries/{id}", tag = "passport",
    params(("id" = String, Path, description = "Lottery id")),
    responses((status = 200, body = LotteryView), (status = 404, body = ErrorEnvelope)))]
pub(crate) async fn get_lottery(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<LotteryView>, ApiError> {
    let l = store::find(&state.db, &id)
        .await?
        .ok_or_else(|| ApiError::not_found().in_lang(ctx.lang))?;
    Ok(Json(view(&state, l).await?))
}

/// The published entry list (docs/lottery.md), once drawn: what `imigrasi lottery verify` reads.
#[utoipa::path(get, path = "/api/v1/passport/lotteries/{id}/entries.txt", tag = "passport",
    params(("id" = String, Path, description = "Lottery id")),
    responses((status = 200, content_type = "text/plain", body = String), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "`lottery_open`", body = ErrorEnvelope)))]
pub(crate) async fn entry_list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let lang = ctx.lang;
    let l = store::find(&state.db, &id)
        .await?
        .ok_or_else(|| ApiError::not_found().in_lang(lang))?;
    if !l.is_drawn() {
        return Err(ApiError::conflict(
            "lottery_open",
            lang.t("plot-still-open"),
        ));
    }
    let text = lottery::entry_list(&state.db, &l).await?.canonical();
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}

fn enter_command(lang: Lang, body: &EntryBody) -> Result<Enter, ApiError> {
    let bad = |field: &str, key: &str| errors::field(lang, field, key);
    let dates = body
        .dates
        .as_ref()
        .filter(|d| !d.is_empty() && d.len() <= 31)
        .ok_or_else(|| bad("dates", "plot-no-dates"))?
        .iter()
        .map(|d| d.parse::<Date>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| bad("dates", "plot-no-dates"))?;
    let passport_type = match body.passport_type.as_deref() {
        None => PassportType::Electronic,
        Some(p) => p
            .parse()
            .map_err(|_| bad("passport_type", "papi-passport-type"))?,
    };
    let service = match body.service.as_deref() {
        None => ServiceKind::New,
        Some(s) => s
            .parse()
            .ok()
            .filter(|s| matches!(s, ServiceKind::New | ServiceKind::Renewal))
            .ok_or_else(|| bad("service", "papi-service"))?,
    };
    let validity_years = match body.validity_years {
        None => 5,
        Some(v) => VALIDITIES
            .into_iter()
            .find(|y| i64::from(*y) == v)
            .ok_or_else(|| bad("validity_years", "papi-validity-years"))?,
    };
    let purpose = match body.purpose.as_deref() {
        None => Purpose::Other,
        Some(p) => p.parse().map_err(|_| bad("purpose", "papi-purpose"))?,
    };
    Ok(Enter {
        applicant: applicant(lang, body.applicant.as_ref().map(|a| &a.identity))?,
        dates,
        passport_type,
        service,
        validity_years,
        purpose,
        married: body
            .applicant
            .as_ref()
            .and_then(|a| a.married)
            .unwrap_or(false),
    })
}

/// Enter a lottery while its window is open: one entry per NIK.
#[utoipa::path(post, path = "/api/v1/passport/lotteries/{id}/entries", tag = "passport", security(("bearer" = [])),
    params(("id" = String, Path, description = "Lottery id")), request_body = EntryBody,
    responses((status = 201, body = EntryView), (status = 401, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope),
              (status = 403, description = "`booking_limit` (active bookings and open entries of the account) or `forbidden`", body = ErrorEnvelope),
              (status = 409, description = "`already_entered`, `lottery_closed`", body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn enter_lottery(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EntryBody>,
) -> Result<(StatusCode, Json<EntryView>), ApiError> {
    let lang = ctx.lang;
    let actor = ctx.api_actor()?;
    ctx.take_booking_request(&state)
        .map_err(|l| l.api_error(lang))?;
    imigrasi_platform::policy::authorize(
        actor,
        imigrasi_platform::policy::Permission::BookAppointment,
    )
    .map_err(|_| ApiError::forbidden().in_lang(lang))?;
    let cmd = enter_command(lang, &body)?;
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let entry = lottery::enter(&state, actor, origin, &id, cmd)
        .await
        .map_err(|e| lottery_error(lang, e))?;
    Ok((StatusCode::CREATED, Json(entry.into())))
}

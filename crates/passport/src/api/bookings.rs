//! Bookings: book (with Idempotency-Key), list, read, cancel, reschedule.
//! Adapters only: parse, call `app`, answer; words from `super::errors`.

use std::collections::BTreeMap;

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use imigrasi_core::{CheckedIdentity, check_identity};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::idempotency::IdempotencyKey;
use serde::Deserialize;
use utoipa::ToSchema;

use super::errors;
use super::slots::office_or_404;
use super::views::{ApplicationView, BookingList, BookingView};
use crate::app::book::{Answer, Book};
use crate::app::{self, BookingError, Origin};
use crate::domain::{PassportType, Purpose, ServiceKind, VALIDITIES};
use crate::store::{self, Booking};

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/passport/bookings",
            post(create_booking).get(list_bookings),
        )
        .route("/api/v1/passport/bookings/{code}", get(get_booking))
        .route(
            "/api/v1/passport/bookings/{code}/documents",
            // The route reads the file and stops at the kind's limit.
            post(super::documents::upload_document).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/api/v1/passport/bookings/{code}/cancel",
            post(cancel_booking),
        )
        .route(
            "/api/v1/passport/bookings/{code}/reschedule",
            post(reschedule_booking),
        )
        .route(
            "/api/v1/passport/bookings/{code}/examination",
            post(super::examination::examine),
        )
}

pub use imigrasi_platform::identity::ApplicantBody;

/// The applicant of a booking: the identity, and whether married.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct BookingApplicant {
    /// NIK, name, birth date, sex.
    #[serde(flatten)]
    pub identity: ApplicantBody,
    /// Married (a 10-year passport before 17 needs it). Default `false`.
    pub married: Option<bool>,
}

/// A booking request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct BookingBody {
    /// Slot id from the slots list.
    pub slot_id: Option<String>,
    /// Who the appointment is for.
    pub applicant: Option<BookingApplicant>,
    /// `regular` or `electronic`.
    pub passport_type: Option<String>,
    /// `new`, `renewal`, `data_change`; `replacement_lost` and
    /// `replacement_damaged` are refused (`walk_in_only`).
    pub service: Option<String>,
    /// 5 (default) or 10; 10 only from age 17 or when married.
    pub validity_years: Option<i64>,
    /// `tourism`, `umrah`, `hajj`, `work`, `study`, `medical`, `family`,
    /// `other` (default).
    pub purpose: Option<String>,
}

/// Check an applicant (fields, then the NIK, then that birth date and sex
/// agree with it): `invalid_input`, `invalid_nik`, `identity_mismatch`.
pub(crate) fn applicant(
    lang: Lang,
    a: Option<&ApplicantBody>,
) -> Result<CheckedIdentity, ApiError> {
    check_identity(a.map(ApplicantBody::input).unwrap_or_default())
        .map_err(|e| errors::identity(lang, &e))
}

/// The booking command from a request body, or what to correct.
fn command(lang: Lang, body: &BookingBody) -> Result<Book, ApiError> {
    let mut fields = BTreeMap::new();
    let slot_id = body.slot_id.clone().filter(|s| !s.trim().is_empty());
    if slot_id.is_none() {
        fields.insert("slot_id".to_owned(), lang.t("papi-slot-id-required"));
    }
    let passport_type = body
        .passport_type
        .as_deref()
        .and_then(|p| p.parse::<PassportType>().ok());
    if passport_type.is_none() {
        fields.insert("passport_type".to_owned(), lang.t("papi-passport-type"));
    }
    let service = body
        .service
        .as_deref()
        .and_then(|p| p.parse::<ServiceKind>().ok());
    if service.is_none() {
        fields.insert("service".to_owned(), lang.t("papi-service"));
    }
    let validity_years = match body.validity_years {
        None => Some(5),
        Some(v) => VALIDITIES.into_iter().find(|y| i64::from(*y) == v),
    };
    if validity_years.is_none() {
        fields.insert("validity_years".to_owned(), lang.t("papi-validity-years"));
    }
    let purpose = match body.purpose.as_deref() {
        None => Some(Purpose::Other),
        Some(p) => p.parse::<Purpose>().ok(),
    };
    if purpose.is_none() {
        fields.insert("purpose".to_owned(), lang.t("papi-purpose"));
    }
    let (Some(validity_years), Some(purpose)) = (validity_years, purpose) else {
        return Err(ApiError::invalid_input(fields).in_lang(lang));
    };
    let (Some(slot_id), Some(passport_type), Some(service)) = (slot_id, passport_type, service)
    else {
        return Err(ApiError::invalid_input(fields).in_lang(lang));
    };
    Ok(Book {
        slot_id,
        applicant: applicant(lang, body.applicant.as_ref().map(|a| &a.identity))?,
        validity_years,
        purpose,
        married: body
            .applicant
            .as_ref()
            .and_then(|a| a.married)
            .unwrap_or(false),
        passport_type,
        service,
        channel: "api",
    })
}

/// The view of a stored booking.
pub async fn view(state: &AppState, b: &Booking) -> Result<BookingView, ApiError> {
    let (_, zone) = office_or_404(state, &b.office_code).await?;
    let slot = store::slot(&state.db, &b.slot_id)
        .await?
        .ok_or_else(|| ApiError::internal("booking without slot"))?;
    let papers = app::documents::papers(state, b).await?;
    let mut view = BookingView::new(zone, b, &slot).with_papers(papers);
    view.queue = imigrasi_office::store::position(&state.db, &b.id).await?;
    view.application = app::application::of_booking(&state.db, b)
        .await?
        .map(|a| ApplicationView::new(zone, &a));
    Ok(view)
}

/// Book an appointment (citizen). Send `Idempotency-Key` to retry safely.
#[utoipa::path(post, path = "/api/v1/passport/bookings", tag = "passport", security(("bearer" = [])),
    request_body = BookingBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "Same key and body, same answer; books once")),
    responses((status = 201, body = BookingView),
        (status = 401, body = ErrorEnvelope), (status = 403, description = "`booking_limit` or `forbidden`", body = ErrorEnvelope),
        (status = 409, description = "`slot_full`, `already_booked`, `not_released`, `not_bookable`", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`, `invalid_nik`, `identity_mismatch`, `idempotency_key_reused`, `validity_not_allowed`, `walk_in_only`, `not_allowed_for_service`, `priority_not_eligible`, `product_not_offered`", body = ErrorEnvelope)))]
pub(crate) async fn create_booking(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    ApiJson(body): ApiJson<BookingBody>,
) -> Result<Response, ApiError> {
    let lang = ctx.lang;
    let actor = ctx.api_actor()?;
    ctx.take_booking_request(&state)
        .map_err(|l| l.api_error(lang))?;
    let key = IdempotencyKey::from_headers(&headers).map_err(|e| e.api_error(lang))?;
    let cmd = command(lang, &body)?;
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let refused = |e: BookingError| errors::booking(lang, None, e);
    let Some(key) = key else {
        let booked = app::book::book(&state, Some(actor), origin, cmd)
            .await
            .map_err(refused)?;
        let view = BookingView::new(booked.zone, &booked.booking, &booked.slot);
        return Ok((StatusCode::CREATED, Json(view)).into_response());
    };
    let render = |b: &app::book::Booked| {
        serde_json::to_value(BookingView::new(b.zone, &b.booking, &b.slot))
            .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))
    };
    match app::book::book_once(&state, actor, origin, cmd, &key, render)
        .await
        .map_err(refused)?
    {
        Answer::Fresh(body) => Ok((StatusCode::CREATED, Json(body)).into_response()),
        Answer::Replay(answer) => Ok(answer.into_response()),
    }
}

/// The account's own bookings.
#[utoipa::path(get, path = "/api/v1/passport/bookings", tag = "passport", security(("bearer" = [])),
    responses((status = 200, body = BookingList), (status = 401, body = ErrorEnvelope)))]
pub(crate) async fn list_bookings(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<BookingList>, ApiError> {
    let actor = ctx.api_actor()?;
    let mine = app::read::mine(&state, actor)
        .await
        .map_err(|e| errors::booking(ctx.lang, None, e))?;
    let mut out = Vec::new();
    for b in mine {
        out.push(view(&state, &b).await?);
    }
    Ok(Json(BookingList { bookings: out }))
}

/// One booking (its owner, or an officer of its office; others get 404).
#[utoipa::path(get, path = "/api/v1/passport/bookings/{code}", tag = "passport", security(("bearer" = [])),
    params(("code" = String, Path, description = "Booking code")),
    responses((status = 200, body = BookingView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(crate) async fn get_booking(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Json<BookingView>, ApiError> {
    let actor = ctx.api_actor()?;
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let booking = app::read::visible(&state, actor, origin, &code)
        .await
        .map_err(|e| errors::booking(ctx.lang, None, e))?;
    Ok(Json(view(&state, &booking).await?))
}

/// Cancel a booking (any time before the appointment); its place returns to the quota.
/// A paid fee is never refunded: the answer then has `"fee_refunded": false` and a `notice`.
#[utoipa::path(post, path = "/api/v1/passport/bookings/{code}/cancel", tag = "passport", security(("bearer" = [])),
    params(("code" = String, Path, description = "Booking code")),
    responses((status = 200, body = BookingView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, body = ErrorEnvelope)))]
pub(crate) async fn cancel_booking(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Json<BookingView>, ApiError> {
    let actor = ctx.api_actor()?;
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let cancelled = app::changes::cancel(&state, actor, origin, &code, jiff::Timestamp::now())
        .await
        .map_err(|e| errors::booking(ctx.lang, None, e))?;
    let mut out = view(&state, &cancelled.booking).await?;
    if cancelled.fee_forfeited {
        out.fee_refunded = Some(false);
        out.notice = Some(ctx.lang.t("papi-cancel-no-refund"));
    }
    Ok(Json(out))
}

/// Reschedule request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RescheduleBody {
    /// The new slot (same office and category).
    pub slot_id: Option<String>,
}

/// Move a booking once to another session of the same office and category, no later than the day before.
#[utoipa::path(post, path = "/api/v1/passport/bookings/{code}/reschedule", tag = "passport", security(("bearer" = [])),
    params(("code" = String, Path, description = "Booking code")), request_body = RescheduleBody,
    responses((status = 200, body = BookingView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "`reschedule_not_allowed`, `slot_full`, `not_released`", body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)))]
pub(crate) async fn reschedule_booking(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<RescheduleBody>,
) -> Result<Json<BookingView>, ApiError> {
    let actor = ctx.api_actor()?;
    ctx.take_booking_request(&state)
        .map_err(|l| l.api_error(ctx.lang))?;
    let Some(slot_id) = body.slot_id.filter(|s| !s.trim().is_empty()) else {
        return Err(errors::field(
            ctx.lang,
            "slot_id",
            "papi-new-slot-id-required",
        ));
    };
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let (updated, _) = app::changes::reschedule(
        &state,
        actor,
        origin,
        &code,
        &slot_id,
        jiff::Timestamp::now(),
    )
    .await
    .map_err(|e| errors::booking(ctx.lang, None, e))?;
    Ok(Json(view(&state, &updated).await?))
}

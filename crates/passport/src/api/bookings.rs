//! Bookings: book (with Idempotency-Key), list, read, cancel, reschedule.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use imigrasi_core::{Nik, PersonName, PersonNameError, Sex};
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::{self, Permission};
use imigrasi_platform::{AppState, accounts, audit, db};
use jiff::civil::Date;
use sea_orm::Value;
use serde::Deserialize;
use utoipa::ToSchema;

use super::slots::office_or_404;
use super::views::{BookingList, BookingView, booking_settings};
use crate::domain::{NotBookable, PassportType, ServiceKind};
use crate::store::{self, Applicant, BookError, Booking, BookingRequest, ChangeError, Origin};

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/passport/bookings",
            post(create_booking).get(list_bookings),
        )
        .route("/api/v1/passport/bookings/{code}", get(get_booking))
        .route(
            "/api/v1/passport/bookings/{code}/cancel",
            post(cancel_booking),
        )
        .route(
            "/api/v1/passport/bookings/{code}/reschedule",
            post(reschedule_booking),
        )
}

/// The applicant in a booking request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ApplicantBody {
    /// 16-digit NIK.
    pub nik: Option<String>,
    /// Full name as on the identity card.
    pub full_name: Option<String>,
    /// YYYY-MM-DD; must agree with the NIK.
    pub birth_date: Option<String>,
    /// `M` or `F`; must agree with the NIK.
    pub sex: Option<String>,
}

/// A booking request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct BookingBody {
    /// Slot id from the slots list.
    pub slot_id: Option<String>,
    /// Who the appointment is for.
    pub applicant: Option<ApplicantBody>,
    /// `regular` or `electronic`.
    pub passport_type: Option<String>,
    /// `new` or `renewal`.
    pub service: Option<String>,
}

/// Check an applicant: fields, then the NIK, then that birth date and sex
/// agree with it. Errors: `invalid_input` (field messages in `lang`, the
/// ones the pages show), `invalid_nik`, `identity_mismatch`.
pub fn check_applicant(
    state: &AppState,
    lang: Lang,
    a: Option<&ApplicantBody>,
) -> Result<Applicant, ApiError> {
    let mut fields = BTreeMap::new();
    let empty = ApplicantBody {
        nik: None,
        full_name: None,
        birth_date: None,
        sex: None,
    };
    let a = a.unwrap_or(&empty);
    let name = PersonName::parse(a.full_name.as_deref().unwrap_or(""));
    if let Err(e) = &name {
        let key = match e {
            PersonNameError::Empty => "appt-error-full-name",
            e => accounts::name_error_key(*e),
        };
        fields.insert("applicant.full_name".to_owned(), lang.t(key));
    }
    let birth = a.birth_date.as_deref().and_then(|d| d.parse::<Date>().ok());
    if birth.is_none() {
        fields.insert(
            "applicant.birth_date".to_owned(),
            lang.t("appt-error-birth-date"),
        );
    }
    let sex = a.sex.as_deref().and_then(|s| s.parse::<Sex>().ok());
    if sex.is_none() {
        fields.insert("applicant.sex".to_owned(), lang.t("appt-error-sex"));
    }
    if a.nik.is_none() {
        fields.insert(
            "applicant.nik".to_owned(),
            lang.t("appt-error-nik-required"),
        );
    }
    let (Ok(name), Some(birth), Some(sex), Some(nik)) = (name, birth, sex, a.nik.as_deref()) else {
        return Err(ApiError::invalid_input(fields));
    };
    let nik = Nik::parse(nik).map_err(|e| {
        let mut err = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_nik",
            format!("The NIK is not valid: {e}."),
        );
        err.fields.insert("applicant.nik".to_owned(), e.to_string());
        err
    })?;
    nik.check_identity(birth, sex).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "identity_mismatch",
            format!("Identitas tidak valid: {e}. Check the birth date and sex against the NIK."),
        )
    })?;
    Ok(booking_settings(state).applicant(&nik, &name, birth, sex))
}

fn book_error(e: BookError) -> ApiError {
    match e {
        BookError::SlotNotFound => ApiError::invalid_field("slot_id", "No slot has this id."),
        BookError::NotBookable(NotBookable::NotReleased { opens_at }) => ApiError::conflict(
            "not_released",
            format!("This session's quota is not released yet; it opens at {opens_at}."),
        ),
        BookError::NotBookable(nb) => ApiError::conflict(
            "not_bookable",
            format!("This session cannot be booked: {nb}."),
        ),
        BookError::SlotFull => ApiError::conflict(
            "slot_full",
            "This session is full. Choose another session or join the waitlist.",
        ),
        BookError::AlreadyBooked => ApiError::conflict(
            "already_booked",
            "This NIK already has an active booking. Cancel it or wait until it is over.",
        ),
        BookError::BookingLimit(n) => ApiError::new(
            StatusCode::FORBIDDEN,
            "booking_limit",
            format!("One account may hold at most {n} active bookings."),
        ),
        BookError::Db(e) => ApiError::from(e),
    }
}

/// The view of a stored booking.
pub async fn view(state: &AppState, b: &Booking) -> Result<BookingView, ApiError> {
    let (_, zone) = office_or_404(state, &b.office_code).await?;
    let slot = store::slot(&state.db, &b.slot_id)
        .await?
        .ok_or_else(|| ApiError::internal("booking without slot"))?;
    let mut view = BookingView::new(zone, b, &slot);
    view.queue = imigrasi_office::store::position(&state.db, &b.id).await?;
    Ok(view)
}

const IDEMPOTENCY_SCOPE: &str = "passport.booking";

async fn stored_answer(
    state: &AppState,
    account: &str,
    key: &str,
) -> Result<Option<Response>, ApiError> {
    let row = db::one(
        &state.db,
        "SELECT status_code, body FROM idempotency_keys WHERE account_id = $1 AND key = $2 AND scope = $3",
        [Value::from(account), Value::from(key), Value::from(IDEMPOTENCY_SCOPE)],
    )
    .await?;
    let Some(row) = row else { return Ok(None) };
    let status: i32 = db::col(&row, "status_code")?;
    let body: String = db::col(&row, "body")?;
    let value: serde_json::Value = serde_json::from_str(&body).map_err(ApiError::internal)?;
    let status = StatusCode::from_u16(status as u16).unwrap_or(StatusCode::CREATED);
    Ok(Some((status, Json(value)).into_response()))
}

/// Book an appointment (citizen). Send `Idempotency-Key` to retry safely.
#[utoipa::path(post, path = "/api/v1/passport/bookings", tag = "passport", security(("bearer" = [])),
    request_body = BookingBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "Same key, same answer; books once")),
    responses((status = 201, body = BookingView),
        (status = 401, body = ErrorEnvelope), (status = 403, description = "`booking_limit` or `forbidden`", body = ErrorEnvelope),
        (status = 409, description = "`slot_full`, `already_booked`, `not_released`, `not_bookable`", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`, `invalid_nik`, `identity_mismatch`", body = ErrorEnvelope)))]
pub(crate) async fn create_booking(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    ApiJson(body): ApiJson<BookingBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    policy::authorize(&actor, Permission::BookPassportAppointment)
        .map_err(|_| ApiError::forbidden())?;
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => {
            let k = v.to_str().unwrap_or("").trim().to_owned();
            if k.is_empty() || k.len() > 200 {
                return Err(ApiError::invalid_field(
                    "Idempotency-Key",
                    "Use a key of 1 to 200 visible characters.",
                ));
            }
            Some(k)
        }
    };
    if let Some(k) = &key
        && let Some(res) = stored_answer(&state, &actor.id, k).await?
    {
        return Ok(res);
    }
    let mut fields = BTreeMap::new();
    let slot_id = body.slot_id.clone().filter(|s| !s.trim().is_empty());
    if slot_id.is_none() {
        fields.insert(
            "slot_id".to_owned(),
            "Give the id of the session to book.".to_owned(),
        );
    }
    let passport_type = body
        .passport_type
        .as_deref()
        .and_then(|p| p.parse::<PassportType>().ok());
    if passport_type.is_none() {
        fields.insert(
            "passport_type".to_owned(),
            "Use regular or electronic.".to_owned(),
        );
    }
    let service = body
        .service
        .as_deref()
        .and_then(|p| p.parse::<ServiceKind>().ok());
    if service.is_none() {
        fields.insert("service".to_owned(), "Use new or renewal.".to_owned());
    }
    let (Some(slot_id), Some(passport_type), Some(service)) = (slot_id, passport_type, service)
    else {
        return Err(ApiError::invalid_input(fields));
    };
    let applicant = check_applicant(&state, ctx.lang, body.applicant.as_ref())?;
    let req = BookingRequest {
        account_id: Some(actor.id.clone()),
        slot_id,
        applicant,
        passport_type,
        service,
        channel: "api",
        waitlist_id: None,
    };
    let settings = booking_settings(&state);
    let origin = Origin {
        actor: Some(&actor),
        request_id: &ctx.request_id,
    };
    store::precheck_full(&state.db, &req.slot_id)
        .await
        .map_err(book_error)?;
    let txn = db::begin_write(&state.db).await?;
    let (booking, slot) = store::book_in(&txn, &req, &settings, origin, jiff::Timestamp::now())
        .await
        .map_err(book_error)?;
    // Inside the transaction: asking the pool for a second connection here
    // could wait on ourselves under load.
    let zone = imigrasi_platform::offices::find(&txn, &booking.office_code)
        .await?
        .and_then(|o| o.zone())
        .ok_or_else(|| ApiError::internal("office without a valid zone"))?;
    let view = BookingView::new(zone, &booking, &slot);
    let json = serde_json::to_value(&view).map_err(ApiError::internal)?;
    if let Some(k) = &key {
        let stored = db::exec(
            &txn,
            "INSERT INTO idempotency_keys (account_id, key, scope, status_code, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            [
                Value::from(actor.id.clone()),
                Value::from(k.clone()),
                Value::from(IDEMPOTENCY_SCOPE),
                Value::from(201i32),
                Value::from(json.to_string()),
                Value::from(db::millis(jiff::Timestamp::now())),
            ],
        )
        .await;
        if let Err(e) = stored {
            drop(txn);
            if db::is_unique_violation(&e)
                && let Some(res) = stored_answer(&state, &actor.id, k).await?
            {
                return Ok(res);
            }
            return Err(e.into());
        }
    }
    txn.commit().await?;
    Ok((StatusCode::CREATED, Json(json)).into_response())
}

/// The account's own bookings.
#[utoipa::path(get, path = "/api/v1/passport/bookings", tag = "passport", security(("bearer" = [])),
    responses((status = 200, body = BookingList), (status = 401, body = ErrorEnvelope)))]
pub(crate) async fn list_bookings(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<BookingList>, ApiError> {
    let actor = ctx.api_actor()?;
    let mut out = Vec::new();
    for b in store::list_for_account(&state.db, &actor.id).await? {
        out.push(view(&state, &b).await?);
    }
    Ok(Json(BookingList { bookings: out }))
}

/// A booking visible to the actor: its owner, or staff of its office (audited).
pub async fn visible_booking(state: &AppState, ctx: &Ctx, code: &str) -> Result<Booking, ApiError> {
    let actor = ctx.api_actor()?;
    let code = code.trim().to_uppercase();
    let booking = store::find_by_code(&state.db, &code)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if booking.account_id.as_deref() == Some(actor.id.as_str()) {
        return Ok(booking);
    }
    policy::authorize(
        actor,
        Permission::ReadOfficePersonalData {
            office: &booking.office_code,
        },
    )
    .map_err(|_| ApiError::not_found())?;
    let txn = db::begin_write(&state.db).await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: Some(actor),
            action: "booking.read",
            object_type: "booking",
            object_id: &booking.code,
            office: Some(&booking.office_code),
            request_id: Some(&ctx.request_id),
            detail: serde_json::json!({}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(booking)
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
    let booking = visible_booking(&state, &ctx, &code).await?;
    Ok(Json(view(&state, &booking).await?))
}

async fn owned_booking(state: &AppState, ctx: &Ctx, code: &str) -> Result<Booking, ApiError> {
    let actor = ctx.api_actor()?;
    let booking = store::find_by_code(&state.db, &code.trim().to_uppercase())
        .await?
        .ok_or_else(ApiError::not_found)?;
    let owner = booking.account_id.clone().unwrap_or_default();
    policy::authorize(actor, Permission::ManageOwnBooking { owner_id: &owner })
        .map_err(|_| ApiError::not_found())?;
    Ok(booking)
}

fn change_error(e: ChangeError) -> ApiError {
    match e {
        ChangeError::NotFound => ApiError::not_found(),
        ChangeError::Transition(t) => ApiError::conflict(t.code(), format!("{t}.")),
        ChangeError::Reschedule(r) => ApiError::conflict(
            "reschedule_not_allowed",
            format!("Rescheduling is not allowed: {r}."),
        ),
        ChangeError::Unsuitable(why) => ApiError::conflict(
            "reschedule_not_allowed",
            format!("Rescheduling is not allowed: {why}."),
        ),
        ChangeError::Book(b) => book_error(b),
        ChangeError::Db(e) => ApiError::from(e),
    }
}

/// Cancel a booking (any time before the appointment); its place returns to the quota.
#[utoipa::path(post, path = "/api/v1/passport/bookings/{code}/cancel", tag = "passport", security(("bearer" = [])),
    params(("code" = String, Path, description = "Booking code")),
    responses((status = 200, body = BookingView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, body = ErrorEnvelope)))]
pub(crate) async fn cancel_booking(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Json<BookingView>, ApiError> {
    let booking = owned_booking(&state, &ctx, &code).await?;
    let origin = Origin {
        actor: ctx.actor.as_ref(),
        request_id: &ctx.request_id,
    };
    let updated = store::cancel(
        &state.db,
        &booking.code,
        &booking_settings(&state),
        origin,
        jiff::Timestamp::now(),
    )
    .await
    .map_err(change_error)?;
    Ok(Json(view(&state, &updated).await?))
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
    let booking = owned_booking(&state, &ctx, &code).await?;
    let Some(slot_id) = body.slot_id.filter(|s| !s.trim().is_empty()) else {
        return Err(ApiError::invalid_field(
            "slot_id",
            "Give the id of the new session.",
        ));
    };
    let origin = Origin {
        actor: ctx.actor.as_ref(),
        request_id: &ctx.request_id,
    };
    let (updated, _) = store::reschedule(
        &state.db,
        &booking.code,
        &slot_id,
        origin,
        jiff::Timestamp::now(),
    )
    .await
    .map_err(change_error)?;
    Ok(Json(view(&state, &updated).await?))
}

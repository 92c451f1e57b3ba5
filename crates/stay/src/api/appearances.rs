//! Appearances at the office: an officer asks for one, a party of the
//! case books a session, anyone concerned reads it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use imigrasi_casework::RegisterNumber;
use imigrasi_platform::AppState;
use imigrasi_platform::db;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::errors::answer;
use crate::app::appearances;
use crate::store::appearances::Appearance;

/// An appearance.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppearanceView {
    /// The code to show at the office's kiosk, e.g. `AP-7K3QX9M2`.
    pub code: String,
    /// `biometrics` or `interview`.
    pub purpose: String,
    /// `requested`, `booked`, `checked_in`, `served`, `no_show`, `cancelled`.
    pub status: String,
    /// The supervising office where to come.
    pub office: String,
    /// Booked day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Booked session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// Session start (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<String>,
    /// Session end (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<String>,
}

impl From<Appearance> for AppearanceView {
    fn from(a: Appearance) -> Self {
        AppearanceView {
            code: a.code,
            purpose: a.purpose,
            status: a.status.as_str().to_owned(),
            office: a.office_code,
            date: a.session_date,
            session: a.session_name,
            starts_at: a.starts_at.map(|t| db::from_millis(t).to_string()),
            ends_at: a.ends_at.map(|t| db::from_millis(t).to_string()),
        }
    }
}

/// What the officer asks for.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RequestBody {
    /// `biometrics` or `interview`.
    #[serde(default)]
    pub purpose: String,
}

/// Ask the applicant to come to the office (officers of the supervising
/// office, while the case is in review).
#[utoipa::path(post, path = "/api/v1/stay/applications/{register_number}/appearance", tag = "stay",
    security(("bearer" = [])),
    params(("register_number" = String, Path, description = "Register number")),
    request_body = RequestBody,
    responses((status = 201, body = AppearanceView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`, `appearance_open`", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub async fn request(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<RequestBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = RegisterNumber::parse(&number)
        .map(|r| r.to_string())
        .map_err(|_| ApiError::not_found())?;
    match appearances::request(
        &state,
        &actor,
        &ctx.request_id,
        &number,
        &body.purpose,
        Timestamp::now(),
    )
    .await
    {
        Ok(a) => Ok((StatusCode::CREATED, Json(AppearanceView::from(a))).into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// One appearance (a party of its case, or staff of its office).
#[utoipa::path(get, path = "/api/v1/stay/appearances/{code}", tag = "stay",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "e.g. AP-7K3QX9M2")),
    responses((status = 200, body = AppearanceView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn get_one(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    match appearances::view(&state, &actor, &ctx.request_id, &code).await {
        Ok(a) => Ok(Json(AppearanceView::from(a)).into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// A session to book.
#[derive(Debug, Deserialize, ToSchema)]
pub struct BookingBody {
    /// A working day from tomorrow, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: String,
    /// `morning` (08:00–12:00) or `afternoon` (13:00–15:00), office time.
    #[serde(default)]
    pub session: String,
}

/// Book a session at the supervising office (a party of the case).
#[utoipa::path(post, path = "/api/v1/stay/appearances/{code}/booking", tag = "stay",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "e.g. AP-7K3QX9M2")),
    request_body = BookingBody,
    responses((status = 200, body = AppearanceView),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`session_full`, `invalid_transition`", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub async fn book(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<BookingBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let done = appearances::book(
        &state,
        &actor,
        &ctx.request_id,
        &code,
        &body.date,
        &body.session,
        Timestamp::now(),
    )
    .await;
    match done {
        Ok(a) => Ok(Json(AppearanceView::from(a)).into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

//! JSON routes for quota management and the public release calendar.
//!
//! | route | who |
//! |---|---|
//! | `GET /api/v1/offices/{code}/release-calendar` | anyone |
//! | `GET, PUT /api/v1/offices/{code}/quota/template` | supervisor of the office, administrator |
//! | `GET, PUT /api/v1/offices/{code}/quota/settings` | same |
//! | `GET, POST /api/v1/offices/{code}/quota/exceptions` | same |
//! | `DELETE /api/v1/offices/{code}/quota/exceptions/{id}` | same |
//!
//! Every change is audited and regenerates the office's slots in the same
//! transaction.

pub mod input;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::app::quota::{self as ops, Change, OfficeRef, Refused};
use crate::store::quota::{self as quota_store, ReleaseInfo};
use input::{ExceptionBody, ExceptionView, ReleaseRuleBody, SessionBody, SettingsBody};

/// OpenAPI description of the quota routes.
#[derive(OpenApi)]
#[openapi(
    paths(
        release_calendar,
        get_template,
        put_template,
        get_settings,
        put_settings,
        list_exceptions,
        add_exception,
        delete_exception
    ),
    components(schemas(
        ReleaseCalendar,
        ReleaseView,
        TemplateBody,
        SessionBody,
        SettingsBody,
        ReleaseRuleBody,
        ExceptionBody,
        ExceptionView,
        ExceptionList
    )),
    tags((name = "passport-quota", description = "Passport appointment quota: templates, release schedule, exceptions, release calendar"))
)]
pub struct QuotaApi;

/// Quota routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/offices/{code}/release-calendar",
            get(release_calendar),
        )
        .route(
            "/api/v1/offices/{code}/quota/template",
            get(get_template).put(put_template),
        )
        .route(
            "/api/v1/offices/{code}/quota/settings",
            get(get_settings).put(put_settings),
        )
        .route(
            "/api/v1/offices/{code}/quota/exceptions",
            get(list_exceptions).post(add_exception),
        )
        .route(
            "/api/v1/offices/{code}/quota/exceptions/{id}",
            delete(delete_exception),
        )
}

/// The office named in the path, if the caller may manage its quota.
async fn managed(state: &AppState, ctx: &Ctx, code: &str) -> Result<OfficeRef, ApiError> {
    let actor = ctx.api_actor()?;
    match ops::managed_office(&state.db, actor, code).await? {
        Ok(office) => Ok(office),
        Err(Refused::NotFound) => Err(ApiError::not_found()),
        Err(Refused::Forbidden) => Err(ApiError::forbidden()),
    }
}

fn change<'a>(ctx: &'a Ctx, office: &'a OfficeRef) -> Result<Change<'a>, ApiError> {
    Ok(Change {
        actor: ctx.api_actor()?,
        request_id: &ctx.request_id,
        office,
    })
}

/// An office's upcoming quota releases.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReleaseCalendar {
    /// Office code.
    pub office: String,
    /// The office's IANA time zone.
    pub time_zone: String,
    /// The next releases, soonest first.
    pub releases: Vec<ReleaseView>,
}

/// One upcoming release.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReleaseView {
    /// When it opens, RFC 3339 with the office's offset.
    #[schema(example = "2026-03-13T14:00:00+07:00")]
    pub at: String,
    /// First office-local date it opens.
    #[schema(example = "2026-03-27")]
    pub dates_from: String,
    /// Last office-local date it opens.
    #[schema(example = "2026-04-02")]
    pub dates_to: String,
    /// Places it opens, all categories together.
    pub places: i64,
}

impl ReleaseView {
    /// The view of a release in the office's zone.
    pub fn new(r: &ReleaseInfo, zone: &jiff::tz::TimeZone) -> Self {
        ReleaseView {
            at: r
                .at
                .to_zoned_datetime(zone.clone())
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string(),
            dates_from: r.dates_from.to_string(),
            dates_to: r.dates_to.to_string(),
            places: r.places,
        }
    }
}

/// When an office releases new quota next, and how many places.
#[utoipa::path(get, path = "/api/v1/offices/{code}/release-calendar", tag = "passport-quota",
    params(("code" = String, Path, description = "Office code, e.g. `BATAM`")),
    responses((status = 200, body = ReleaseCalendar), (status = 404, description = "`not_found`", body = ErrorEnvelope)))]
async fn release_calendar(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<ReleaseCalendar>, ApiError> {
    let office = ops::find_office(&state.db, &code)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let releases =
        quota_store::release_calendar(&state.db, &office.office.code, Timestamp::now()).await?;
    Ok(Json(ReleaseCalendar {
        office: office.office.code.clone(),
        time_zone: office.office.time_zone.clone(),
        releases: releases
            .iter()
            .map(|r| ReleaseView::new(r, &office.zone))
            .collect(),
    }))
}

/// An office's weekly template.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TemplateBody {
    /// Every recurring session; sessions of one category may not overlap on a day.
    pub sessions: Vec<SessionBody>,
}

impl From<&crate::domain::WeeklyTemplate> for TemplateBody {
    fn from(t: &crate::domain::WeeklyTemplate) -> Self {
        TemplateBody {
            sessions: t.sessions().iter().map(SessionBody::from).collect(),
        }
    }
}

/// The office's weekly template.
#[utoipa::path(get, path = "/api/v1/offices/{code}/quota/template", tag = "passport-quota",
    security(("bearer" = [])), params(("code" = String, Path, description = "Office code")),
    responses((status = 200, body = TemplateBody), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn get_template(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Json<TemplateBody>, ApiError> {
    let office = managed(&state, &ctx, &code).await?;
    let template = quota_store::load_template(&state.db, &office.office.code).await?;
    Ok(Json(TemplateBody::from(&template)))
}

/// Replace the office's weekly template; slots from today on follow.
#[utoipa::path(put, path = "/api/v1/offices/{code}/quota/template", tag = "passport-quota",
    security(("bearer" = [])), params(("code" = String, Path, description = "Office code")),
    request_body = TemplateBody,
    responses((status = 200, description = "The stored template", body = TemplateBody), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 422, description = "`invalid_input` naming the session and the problem (overlap, end before start, capacity)", body = ErrorEnvelope)))]
async fn put_template(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<TemplateBody>,
) -> Result<Json<TemplateBody>, ApiError> {
    let office = managed(&state, &ctx, &code).await?;
    let template =
        input::parse_template(&body.sessions).map_err(|e| input::api_error(ctx.lang, &e))?;
    ops::replace_template(&state.db, change(&ctx, &office)?, &template).await?;
    Ok(Json(TemplateBody::from(&template)))
}

/// The office's release rule and booking window.
#[utoipa::path(get, path = "/api/v1/offices/{code}/quota/settings", tag = "passport-quota",
    security(("bearer" = [])), params(("code" = String, Path, description = "Office code")),
    responses((status = 200, body = SettingsBody), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn get_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Json<SettingsBody>, ApiError> {
    let office = managed(&state, &ctx, &code).await?;
    let settings = quota_store::load_settings(&state.db, &office.office.code).await?;
    Ok(Json(SettingsBody::from(&settings)))
}

/// Change the office's release rule and booking window; unreleased slots follow.
#[utoipa::path(put, path = "/api/v1/offices/{code}/quota/settings", tag = "passport-quota",
    security(("bearer" = [])), params(("code" = String, Path, description = "Office code")),
    request_body = SettingsBody,
    responses((status = 200, body = SettingsBody), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
async fn put_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<SettingsBody>,
) -> Result<Json<SettingsBody>, ApiError> {
    let office = managed(&state, &ctx, &code).await?;
    let settings = input::parse_settings(&body).map_err(|e| input::api_error(ctx.lang, &e))?;
    ops::update_settings(&state.db, change(&ctx, &office)?, &settings).await?;
    Ok(Json(SettingsBody::from(&settings)))
}

/// The office's exceptions from today on.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExceptionList {
    /// By date.
    pub exceptions: Vec<ExceptionView>,
}

/// Closures and extra quota from today on.
#[utoipa::path(get, path = "/api/v1/offices/{code}/quota/exceptions", tag = "passport-quota",
    security(("bearer" = [])), params(("code" = String, Path, description = "Office code")),
    responses((status = 200, body = ExceptionList), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn list_exceptions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Json<ExceptionList>, ApiError> {
    let office = managed(&state, &ctx, &code).await?;
    let today = office.today(Timestamp::now());
    let list = quota_store::list_exceptions(&state.db, &office.office.code, today).await?;
    Ok(Json(ExceptionList {
        exceptions: list.iter().map(ExceptionView::from).collect(),
    }))
}

/// Close a date or add quota on it; the date's slots follow.
#[utoipa::path(post, path = "/api/v1/offices/{code}/quota/exceptions", tag = "passport-quota",
    security(("bearer" = [])), params(("code" = String, Path, description = "Office code")),
    request_body = ExceptionBody,
    responses((status = 201, body = ExceptionView), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
async fn add_exception(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<ExceptionBody>,
) -> Result<Response, ApiError> {
    let office = managed(&state, &ctx, &code).await?;
    let today = office.today(Timestamp::now());
    let (exception, note) =
        input::parse_exception(&body, today).map_err(|e| input::api_error(ctx.lang, &e))?;
    let stored = ops::add_exception(&state.db, change(&ctx, &office)?, &exception, &note).await?;
    Ok((StatusCode::CREATED, Json(ExceptionView::from(&stored))).into_response())
}

/// Remove an exception; the date's slots follow.
#[utoipa::path(delete, path = "/api/v1/offices/{code}/quota/exceptions/{id}", tag = "passport-quota",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Office code"), ("id" = String, Path, description = "Exception id")),
    responses((status = 204, description = "Deleted"), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn delete_exception(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let office = managed(&state, &ctx, &code).await?;
    if ops::remove_exception(&state.db, change(&ctx, &office)?, &id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found())
    }
}

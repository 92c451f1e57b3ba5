//! JSON routes of the office floor (`/api/v1/offices/{code}/...`).
//!
//! | route | who |
//! |---|---|
//! | `GET, POST /devices`, `POST /devices/{id}/revoke` | supervisor of the office, administrator |
//! | `GET, PUT /floor/settings` | supervisor of the office, administrator |
//! | `GET /floor/stats?date=` | staff of the office, administrator |
//! | `POST /check-ins` | kiosk device of the office (`Authorization: Device KEY`), officer or supervisor of the office |
//! | `POST /walk-ins` | officer or supervisor of the office |
//! | `GET /counters`, `POST /counters/{counter}/open`, `/close`, `/call-next` | officer or supervisor of the office |
//! | `POST /tickets/{ticket}/served`, `/no-show`, `/recall` | officer or supervisor of the office |
//!
//! Without credentials: 401. Staff of another office, or a device of
//! another office: 403. Every change is audited in its own transaction and
//! announced on the office's board (see [`crate::app`]). The handlers only
//! parse, authorize (`policy::authorize`), call the use case and map its
//! typed error ([`errors`]) to the envelope, with messages from the Fluent
//! files in the caller's language.

mod applicant;
mod checkin;
mod counters;
mod devices;
pub mod errors;
mod settings;
mod views;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{get, post};
use imigrasi_core::OfficeZone;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::ApiError;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::offices::{self, Office};
use imigrasi_platform::policy::{self, Actor, Permission};
use utoipa::OpenApi;

use crate::store::{self, Device};

pub use applicant::{ApplicantBody, check_applicant, walk_in_person};
pub use views::{
    CheckInView, CounterList, CounterView, DeviceCreated, DeviceList, DeviceView,
    FloorSettingsBody, TicketView,
};

/// OpenAPI description of the floor routes.
#[derive(OpenApi)]
#[openapi(
    paths(
        devices::create_device,
        devices::list_devices,
        devices::revoke_device,
        settings::get_settings,
        settings::put_settings,
        settings::day_stats,
        checkin::check_in,
        checkin::walk_in,
        counters::list_counters,
        counters::open_counter,
        counters::close_counter,
        counters::call_next,
        counters::served,
        counters::no_show,
        counters::recall
    ),
    components(schemas(
        views::DeviceRequest,
        views::DeviceCreated,
        views::DeviceView,
        views::DeviceList,
        views::FloorSettingsBody,
        views::CheckInRequest,
        views::CheckInView,
        views::WalkInRequest,
        views::WalkInApplicant,
        views::WalkInView,
        views::TicketView,
        views::CounterView,
        views::CounterList,
        crate::domain::DayStats,
        crate::domain::CounterStats,
        crate::domain::CategoryStats,
        crate::domain::HourCount
    )),
    modifiers(&DeviceAuth),
    tags((name = "passport-floor", description = "The office floor: kiosk check-in, priority walk-ins, counters, tickets"))
)]
pub struct FloorApi;

struct DeviceAuth;

impl utoipa::Modify for DeviceAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "device",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "`Device KEY`: the key shown once when a supervisor creates the kiosk device",
            ))),
        );
    }
}

/// Floor API routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/offices/{code}/devices",
            get(devices::list_devices).post(devices::create_device),
        )
        .route(
            "/api/v1/offices/{code}/devices/{id}/revoke",
            post(devices::revoke_device),
        )
        .route(
            "/api/v1/offices/{code}/floor/settings",
            get(settings::get_settings).put(settings::put_settings),
        )
        .route(
            "/api/v1/offices/{code}/floor/stats",
            get(settings::day_stats),
        )
        .route("/api/v1/offices/{code}/check-ins", post(checkin::check_in))
        .route("/api/v1/offices/{code}/walk-ins", post(checkin::walk_in))
        .route(
            "/api/v1/offices/{code}/counters",
            get(counters::list_counters),
        )
        .route(
            "/api/v1/offices/{code}/counters/{counter}/open",
            post(counters::open_counter),
        )
        .route(
            "/api/v1/offices/{code}/counters/{counter}/close",
            post(counters::close_counter),
        )
        .route(
            "/api/v1/offices/{code}/counters/{counter}/call-next",
            post(counters::call_next),
        )
        .route(
            "/api/v1/offices/{code}/tickets/{ticket}/served",
            post(counters::served),
        )
        .route(
            "/api/v1/offices/{code}/tickets/{ticket}/no-show",
            post(counters::no_show),
        )
        .route(
            "/api/v1/offices/{code}/tickets/{ticket}/recall",
            post(counters::recall),
        )
}

/// The key of `Authorization: Device KEY`, if the request carries one.
pub fn device_key(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Device "))
        .map(str::trim)
}

/// The kiosk device of `Authorization: Device KEY`: `Ok(None)` without
/// such a header, 401 `unauthenticated` for an unknown or revoked key.
pub async fn device_from_headers(
    state: &AppState,
    lang: Lang,
    headers: &HeaderMap,
) -> Result<Option<Device>, ApiError> {
    let Some(key) = device_key(headers) else {
        return Ok(None);
    };
    match store::authenticate_device(&state.db, key).await? {
        Some(d) => Ok(Some(d)),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            lang.t("floor-api-device-key-unknown"),
        )),
    }
}

/// The office in the path (any case) and its zone, or 404.
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

/// The actor (401 without one), the office in the path (404), and 403
/// unless `permission(office)` is granted.
async fn authorized(
    state: &AppState,
    ctx: &Ctx,
    code: &str,
    permission: for<'a> fn(&'a str) -> Permission<'a>,
) -> Result<(Actor, Office, OfficeZone), ApiError> {
    let actor = ctx.api_actor()?.clone();
    let (office, zone) = office_or_404(state, code).await?;
    policy::authorize(&actor, permission(&office.code)).map_err(|_| ApiError::forbidden())?;
    Ok((actor, office, zone))
}

fn operate(office: &str) -> Permission<'_> {
    Permission::OperateOfficeFloor { office }
}

fn manage(office: &str) -> Permission<'_> {
    Permission::ManageOfficeFloor { office }
}

fn read(office: &str) -> Permission<'_> {
    Permission::ReadOfficePersonalData { office }
}

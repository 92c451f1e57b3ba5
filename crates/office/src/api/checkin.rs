//! Check-in of a booking (kiosk device or desk) and walk-ins (priority, or
//! a lost or damaged passport to examine).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use jiff::Timestamp;

use super::views::{CheckInRequest, CheckInView, TicketView, WalkInRequest, WalkInView};
use super::{authorized, check_applicant, device_from_headers, errors, office_or_404, operate};
use crate::app::{self, Floor, Origin, WalkIn};
use crate::domain::PriorityReason;
use crate::port::{CaseRequest, FloorServices};

/// Check a booking in and issue its queue ticket. A kiosk sends
/// `Authorization: Device KEY` (its device must belong to this office);
/// staff send their bearer token.
#[utoipa::path(post, path = "/api/v1/offices/{code}/check-ins", tag = "passport-floor",
    security(("device" = []), ("bearer" = [])),
    params(("code" = String, Path, description = "Office code")),
    request_body = CheckInRequest,
    responses((status = 201, body = CheckInView),
              (status = 401, description = "No credentials, or an unknown or revoked device key", body = ErrorEnvelope),
              (status = 403, description = "Staff or device of another office", body = ErrorEnvelope),
              (status = 404, description = "No booking with this code", body = ErrorEnvelope),
              (status = 409, description = "`wrong_office`, `not_today`, `not_confirmed`, `already_checked_in`, `outside_window`", body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)))]
pub(super) async fn check_in(
    State(state): State<AppState>,
    Extension(services): Extension<FloorServices>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<CheckInRequest>,
) -> Result<(StatusCode, Json<CheckInView>), ApiError> {
    let device = device_from_headers(&state, ctx.lang, &headers).await?;
    let (office, actor) = match &device {
        Some(d) => {
            let (office, _) = office_or_404(&state, &code).await?;
            if d.office_code != office.code {
                return Err(ApiError::forbidden());
            }
            (office, None)
        }
        None => {
            let (actor, office, _) = authorized(&state, &ctx, &code, operate).await?;
            (office, Some(actor))
        }
    };
    let booking_code = body
        .booking_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            ApiError::invalid_field("booking_code", ctx.t("floor-api-booking-code-required"))
        })?;
    let origin = Origin {
        actor: actor.as_ref(),
        device_id: device.as_ref().map(|d| d.id.as_str()),
        request_id: &ctx.request_id,
    };
    let floor = Floor {
        db: &state.db,
        events: &state.events,
        services: &services,
    };
    let done = app::check_in(floor, &office.code, booking_code, origin, Timestamp::now())
        .await
        .map_err(|e| errors::check_in(ctx.lang, e))?;
    Ok((
        StatusCode::CREATED,
        Json(CheckInView {
            ticket: done.ticket.number.clone(),
            category: done.ticket.category.as_str().to_owned(),
            booking_code: done.appointment_code,
            people_ahead: done.people_ahead,
        }),
    ))
}

/// Register a walk-in. Priority (`priority_reason`: elderly 60+,
/// disability, pregnant, child under 5): a `P` ticket within the office's
/// daily cap. A lost or damaged passport (`service`): an `A` ticket and a
/// booking in `examination` (its `booking_code`), billed only once the
/// officer's examination approves it.
#[utoipa::path(post, path = "/api/v1/offices/{code}/walk-ins", tag = "passport-floor",
    security(("bearer" = [])), params(("code" = String, Path, description = "Office code")),
    request_body = WalkInRequest,
    responses((status = 201, body = WalkInView), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "`priority_cap_reached`, `already_checked_in` (the NIK holds an open ticket today), `already_booked` (the NIK holds an active booking)", body = ErrorEnvelope),
              (status = 422, description = "`invalid_input` (reason, or an age that does not fit it; service, passport type, validity; both a reason and a service), `invalid_nik`, `identity_mismatch`, `validity_not_allowed`, `product_not_offered`", body = ErrorEnvelope)))]
pub(super) async fn walk_in(
    State(state): State<AppState>,
    Extension(services): Extension<FloorServices>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<WalkInRequest>,
) -> Result<(StatusCode, Json<WalkInView>), ApiError> {
    let (actor, office, zone) = authorized(&state, &ctx, &code, operate).await?;
    let service = body.service.as_deref().map(str::trim);
    if service.is_some() && body.priority_reason.is_some() {
        return Err(ApiError::invalid_field(
            "priority_reason",
            ctx.t("floor-api-case-and-reason"),
        ));
    }
    let reason = match service {
        Some(_) => None,
        None => Some(
            body.priority_reason
                .as_deref()
                .and_then(|r| r.trim().parse::<PriorityReason>().ok())
                .ok_or_else(|| {
                    ApiError::invalid_field("priority_reason", ctx.t("floor-api-reason"))
                })?,
        ),
    };
    let applicant = body.applicant.as_ref();
    let person = check_applicant(&state, ctx.lang, applicant.map(|a| &a.identity))?;
    let origin = Origin {
        actor: Some(&actor),
        device_id: None,
        request_id: &ctx.request_id,
    };
    let floor = Floor {
        db: &state.db,
        events: &state.events,
        services: &services,
    };
    let now = Timestamp::now();
    let view = match (reason, service) {
        (Some(reason), _) => {
            let ticket = app::walk_in(floor, &office.code, &WalkIn { person, reason }, origin, now)
                .await
                .map_err(|e| errors::walk_in(ctx.lang, e))?;
            WalkInView {
                ticket: TicketView::new(zone, &ticket, None),
                booking_status: None,
            }
        }
        (None, service) => {
            let request = CaseRequest {
                office: &office.code,
                person: &person,
                service: service.unwrap_or_default(),
                passport_type: body.passport_type.as_deref(),
                validity_years: body.validity_years,
                purpose: body.purpose.as_deref(),
                married: applicant.and_then(|a| a.married).unwrap_or(false),
            };
            let (ticket, case) = app::walk_in_case(floor, &request, origin, now)
                .await
                .map_err(|e| errors::walk_in(ctx.lang, e))?;
            WalkInView {
                ticket: TicketView::new(zone, &ticket, Some(&case.code)),
                booking_status: Some(case.status),
            }
        }
    };
    Ok((StatusCode::CREATED, Json(view)))
}

//! Counters (open, close, call the next ticket) and tickets (served,
//! no-show, recall).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use jiff::Timestamp;

use super::views::{CounterList, CounterView, TicketView};
use super::{authorized, errors, operate};
use crate::app::{self, Floor, Origin, TicketChange};
use crate::domain::{parse_counter, parse_ticket_number};
use crate::port::FloorServices;
use crate::store;

fn counter_name(ctx: &Ctx, raw: &str) -> Result<String, ApiError> {
    parse_counter(raw)
        .ok_or_else(|| ApiError::invalid_field("counter", ctx.t("floor-api-counter-name")))
}

/// The office's counters and whether they are open.
#[utoipa::path(get, path = "/api/v1/offices/{code}/counters", tag = "passport-floor",
    security(("bearer" = [])), params(("code" = String, Path, description = "Office code")),
    responses((status = 200, body = CounterList), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn list_counters(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Json<CounterList>, ApiError> {
    let (_, office, zone) = authorized(&state, &ctx, &code, operate).await?;
    let list = store::counters(&state.db, &office.code).await?;
    Ok(Json(CounterList {
        counters: list.iter().map(|c| CounterView::new(zone, c)).collect(),
    }))
}

/// Open a counter (it then accepts calls).
#[utoipa::path(post, path = "/api/v1/offices/{code}/counters/{counter}/open", tag = "passport-floor",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Office code"), ("counter" = String, Path, description = "Counter name: 1 to 4 letters or digits")),
    responses((status = 200, body = CounterView), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 422, description = "`invalid_input` (counter name)", body = ErrorEnvelope)))]
pub(super) async fn open_counter(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, counter)): Path<(String, String)>,
) -> Result<Json<CounterView>, ApiError> {
    let (actor, office, zone) = authorized(&state, &ctx, &code, operate).await?;
    let counter = counter_name(&ctx, &counter)?;
    let origin = Origin {
        actor: Some(&actor),
        device_id: None,
        request_id: &ctx.request_id,
    };
    let c = app::open_counter(&state.db, &office.code, &counter, origin, Timestamp::now()).await?;
    Ok(Json(CounterView::new(zone, &c)))
}

/// Close a counter; its called ticket stays as it is.
#[utoipa::path(post, path = "/api/v1/offices/{code}/counters/{counter}/close", tag = "passport-floor",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Office code"), ("counter" = String, Path, description = "Counter name")),
    responses((status = 200, body = CounterView), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)))]
pub(super) async fn close_counter(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, counter)): Path<(String, String)>,
) -> Result<Json<CounterView>, ApiError> {
    let (actor, office, zone) = authorized(&state, &ctx, &code, operate).await?;
    let counter = counter_name(&ctx, &counter)?;
    let origin = Origin {
        actor: Some(&actor),
        device_id: None,
        request_id: &ctx.request_id,
    };
    let c = app::close_counter(&state.db, &office.code, &counter, origin, Timestamp::now()).await?;
    Ok(Json(CounterView::new(zone, &c)))
}

/// Call the next waiting ticket to this counter: the oldest first, with one
/// priority ticket after every `priority_every` others while priority
/// tickets wait. 204 when nobody waits.
#[utoipa::path(post, path = "/api/v1/offices/{code}/counters/{counter}/call-next", tag = "passport-floor",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Office code"), ("counter" = String, Path, description = "Counter name")),
    responses((status = 200, description = "The ticket called", body = TicketView),
              (status = 204, description = "Nobody waits"),
              (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
              (status = 404, body = ErrorEnvelope),
              (status = 409, description = "`counter_closed`, `try_again`", body = ErrorEnvelope),
              (status = 422, body = ErrorEnvelope)))]
pub(super) async fn call_next(
    State(state): State<AppState>,
    Extension(services): Extension<FloorServices>,
    ctx: Ctx,
    Path((code, counter)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (actor, office, zone) = authorized(&state, &ctx, &code, operate).await?;
    let counter = counter_name(&ctx, &counter)?;
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
    let called = app::call_next(floor, &office.code, &counter, origin, Timestamp::now())
        .await
        .map_err(|e| errors::call(ctx.lang, e))?;
    Ok(match called {
        Some(t) => Json(TicketView::new(
            zone,
            &t.ticket,
            t.appointment_code.as_deref(),
        ))
        .into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

async fn apply_change(
    state: AppState,
    services: FloorServices,
    ctx: Ctx,
    code: String,
    ticket: String,
    change: TicketChange,
) -> Result<Json<TicketView>, ApiError> {
    let (actor, office, zone) = authorized(&state, &ctx, &code, operate).await?;
    let number = parse_ticket_number(&ticket).ok_or_else(ApiError::not_found)?;
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
    let t = app::change_ticket(
        floor,
        &office.code,
        &number,
        change,
        origin,
        Timestamp::now(),
    )
    .await
    .map_err(|e| errors::ticket_change(ctx.lang, e))?;
    Ok(Json(TicketView::new(
        zone,
        &t.ticket,
        t.appointment_code.as_deref(),
    )))
}

/// The called ticket was served; its booking becomes `served`.
#[utoipa::path(post, path = "/api/v1/offices/{code}/tickets/{ticket}/served", tag = "passport-floor",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Office code"), ("ticket" = String, Path, description = "Today's ticket number, e.g. A007")),
    responses((status = 200, body = TicketView), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, description = "No such ticket today", body = ErrorEnvelope),
              (status = 409, description = "`ticket_not_called`, `ticket_finished`", body = ErrorEnvelope)))]
pub(super) async fn served(
    State(state): State<AppState>,
    Extension(services): Extension<FloorServices>,
    ctx: Ctx,
    Path((code, ticket)): Path<(String, String)>,
) -> Result<Json<TicketView>, ApiError> {
    apply_change(state, services, ctx, code, ticket, TicketChange::Serve).await
}

/// The called ticket's holder did not come; its booking becomes `no_show`.
#[utoipa::path(post, path = "/api/v1/offices/{code}/tickets/{ticket}/no-show", tag = "passport-floor",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Office code"), ("ticket" = String, Path, description = "Today's ticket number, e.g. A007")),
    responses((status = 200, body = TicketView), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "`ticket_not_called`, `ticket_finished`", body = ErrorEnvelope)))]
pub(super) async fn no_show(
    State(state): State<AppState>,
    Extension(services): Extension<FloorServices>,
    ctx: Ctx,
    Path((code, ticket)): Path<(String, String)>,
) -> Result<Json<TicketView>, ApiError> {
    apply_change(state, services, ctx, code, ticket, TicketChange::NoShow).await
}

/// Call the called ticket again (the board shows it again).
#[utoipa::path(post, path = "/api/v1/offices/{code}/tickets/{ticket}/recall", tag = "passport-floor",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Office code"), ("ticket" = String, Path, description = "Today's ticket number, e.g. A007")),
    responses((status = 200, body = TicketView), (status = 401, body = ErrorEnvelope),
              (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "`ticket_not_called`, `ticket_finished`", body = ErrorEnvelope)))]
pub(super) async fn recall(
    State(state): State<AppState>,
    Extension(services): Extension<FloorServices>,
    ctx: Ctx,
    Path((code, ticket)): Path<(String, String)>,
) -> Result<Json<TicketView>, ApiError> {
    apply_change(state, services, ctx, code, ticket, TicketChange::Recall).await
}

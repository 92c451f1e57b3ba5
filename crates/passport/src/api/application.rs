//! After the visit (staff of the booking's office): record the outcome, mark
//! the passport ready, collected or delivered. Adapters only: parse, call
//! `app::application`, answer the booking with its `application`.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use imigrasi_core::PersonName;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use imigrasi_platform::i18n::Lang;
use serde::Deserialize;
use utoipa::ToSchema;

use super::bookings::view;
use super::errors;
use super::views::BookingView;
use crate::app::Origin;
use crate::app::application::{self as visit, Decision, Step, VisitError};
use crate::domain::application::{Outcome, Relation};

/// The longest reason an officer may write.
pub const MAX_REASON_CHARS: usize = 500;
/// The longest postal tracking number.
pub const MAX_TRACKING_CHARS: usize = 40;

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/passport/bookings/{code}/outcome",
            post(record_outcome),
        )
        .route("/api/v1/passport/bookings/{code}/ready", post(mark_ready))
        .route(
            "/api/v1/passport/bookings/{code}/collected",
            post(mark_collected),
        )
        .route(
            "/api/v1/passport/bookings/{code}/delivered",
            post(mark_delivered),
        )
}

/// The outcome recorded at the counter.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OutcomeBody {
    /// `approved`, `postponed` (papers missing: 7 days to complete) or `refused`.
    pub outcome: Option<String>,
    /// Why (required when refused; at most 500 characters).
    pub reason: Option<String>,
}

/// Who collected the passport.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CollectedBody {
    /// The collector's full name.
    pub collected_by: Option<String>,
    /// `self`, `family` (on the same family card) or `proxy` (power of attorney).
    pub relation: Option<String>,
}

/// The passport sent by post.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DeliveredBody {
    /// The postal tracking number (letters, digits and `-`, at most 40).
    pub tracking_number: Option<String>,
}

fn invalid(lang: Lang, fields: BTreeMap<String, String>) -> ApiError {
    ApiError::invalid_input(fields).in_lang(lang)
}

/// The decision from a body, or what to correct.
pub(crate) fn decision(lang: Lang, body: &OutcomeBody) -> Result<Decision, ApiError> {
    let mut fields = BTreeMap::new();
    let outcome = body
        .outcome
        .as_deref()
        .and_then(|o| o.parse::<Outcome>().ok());
    if outcome.is_none() {
        fields.insert("outcome".to_owned(), lang.t("pvisit-outcome-invalid"));
    }
    let reason = body
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
        let max = MAX_REASON_CHARS.to_string();
        fields.insert(
            "reason".to_owned(),
            lang.t_args("pvisit-reason-too-long", &[("max", &max)]),
        );
    } else if outcome == Some(Outcome::Refused) && reason.is_none() {
        fields.insert("reason".to_owned(), lang.t("pvisit-reason-required"));
    }
    match outcome {
        Some(outcome) if fields.is_empty() => Ok(Decision {
            outcome,
            reason: reason.map(str::to_owned),
        }),
        _ => Err(invalid(lang, fields)),
    }
}

/// The collector and relation from a body, or what to correct.
pub(crate) fn collector(
    lang: Lang,
    body: &CollectedBody,
) -> Result<(PersonName, Relation), ApiError> {
    let mut fields = BTreeMap::new();
    let name = PersonName::parse(body.collected_by.as_deref().unwrap_or_default()).ok();
    if name.is_none() {
        fields.insert("collected_by".to_owned(), lang.t("pvisit-collected-by"));
    }
    let relation = body.relation.as_deref().and_then(|r| r.parse().ok());
    if relation.is_none() {
        fields.insert("relation".to_owned(), lang.t("pvisit-relation"));
    }
    match (name, relation) {
        (Some(n), Some(r)) => Ok((n, r)),
        _ => Err(invalid(lang, fields)),
    }
}

/// A postal tracking number: letters, digits and `-`, 1 to 40 characters.
pub(crate) fn tracking_number(lang: Lang, body: &DeliveredBody) -> Result<String, ApiError> {
    let raw = body.tracking_number.as_deref().unwrap_or_default().trim();
    let ok = !raw.is_empty()
        && raw.len() <= MAX_TRACKING_CHARS
        && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !ok {
        return Err(errors::field(
            lang,
            "tracking_number",
            "pvisit-tracking-number",
        ));
    }
    Ok(raw.to_ascii_uppercase())
}

async fn answer(
    state: &AppState,
    lang: Lang,
    done: Result<Step, VisitError>,
) -> Result<Json<BookingView>, ApiError> {
    let step = done.map_err(|e| errors::visit(lang, e))?;
    Ok(Json(view(state, &step.booking).await?))
}

/// Record the outcome at the counter (officers of the booking's office), once the booking is
/// checked in or served. A postponed application may be approved or refused within 7 days.
#[utoipa::path(post, path = "/api/v1/passport/bookings/{code}/outcome", tag = "passport", security(("bearer" = [])),
    params(("code" = String, Path, description = "Booking code")), request_body = OutcomeBody,
    responses((status = 200, body = BookingView), (status = 401, body = ErrorEnvelope),
              (status = 404, description = "No such booking, or not of the officer's office", body = ErrorEnvelope),
              (status = 409, description = "`invalid_transition`, `postponement_lapsed`", body = ErrorEnvelope),
              (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub(crate) async fn record_outcome(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<OutcomeBody>,
) -> Result<Json<BookingView>, ApiError> {
    let actor = ctx.api_actor()?;
    let decision = decision(ctx.lang, &body)?;
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let now = jiff::Timestamp::now();
    let done = visit::record_outcome(&state, actor, origin, &code, &decision, now).await;
    answer(&state, ctx.lang, done).await
}

/// The passport is printed and waits at the office; the holder is notified.
#[utoipa::path(post, path = "/api/v1/passport/bookings/{code}/ready", tag = "passport", security(("bearer" = [])),
    params(("code" = String, Path, description = "Booking code")),
    responses((status = 200, body = BookingView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "`invalid_transition`", body = ErrorEnvelope)))]
pub(crate) async fn mark_ready(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Json<BookingView>, ApiError> {
    let actor = ctx.api_actor()?;
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let done = visit::mark_ready(&state, actor, origin, &code, jiff::Timestamp::now()).await;
    answer(&state, ctx.lang, done).await
}

/// The passport was collected at the office (by the holder, family on the same KK, or a proxy).
#[utoipa::path(post, path = "/api/v1/passport/bookings/{code}/collected", tag = "passport", security(("bearer" = [])),
    params(("code" = String, Path, description = "Booking code")), request_body = CollectedBody,
    responses((status = 200, body = BookingView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "`invalid_transition`", body = ErrorEnvelope),
              (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub(crate) async fn mark_collected(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<CollectedBody>,
) -> Result<Json<BookingView>, ApiError> {
    let actor = ctx.api_actor()?;
    let (name, relation) = collector(ctx.lang, &body)?;
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let now = jiff::Timestamp::now();
    let done = visit::collected(&state, actor, origin, &code, &name, relation, now).await;
    answer(&state, ctx.lang, done).await
}

/// The passport was sent by post with its tracking number.
#[utoipa::path(post, path = "/api/v1/passport/bookings/{code}/delivered", tag = "passport", security(("bearer" = [])),
    params(("code" = String, Path, description = "Booking code")), request_body = DeliveredBody,
    responses((status = 200, body = BookingView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
              (status = 409, description = "`invalid_transition`", body = ErrorEnvelope),
              (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub(crate) async fn mark_delivered(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<DeliveredBody>,
) -> Result<Json<BookingView>, ApiError> {
    let actor = ctx.api_actor()?;
    let tracking = tracking_number(ctx.lang, &body)?;
    let origin = Origin {
        actor: Some(actor),
        request_id: &ctx.request_id,
    };
    let now = jiff::Timestamp::now();
    let done = visit::delivered(&state, actor, origin, &code, &tracking, now).await;
    answer(&state, ctx.lang, done).await
}

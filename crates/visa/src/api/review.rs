//! Decisions on a case: officers' and supervisors', and the applicant's
//! withdrawal.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use imigrasi_casework::RegisterNumber;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};

use super::errors::answer;
use super::views::CaseView;
use crate::app::decide::{self, Decision};
use crate::app::view;

pub use imigrasi_casework::views::DecisionBody;

/// Decide on an application; answers the application.
#[utoipa::path(post, path = "/api/v1/visa/applications/{register_number}/decision", tag = "visa",
    security(("bearer" = [])),
    params(("register_number" = String, Path, description = "Register number")),
    request_body = DecisionBody,
    responses((status = 200, body = CaseView),
        (status = 401, body = ErrorEnvelope),
        (status = 403, description = "`two_person_rule` (the recommender decides), `forbidden` (other roles or offices, or a party of the case)", body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition`", body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`", body = ErrorEnvelope)))]
pub async fn decision(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = RegisterNumber::parse(&number)
        .map(|r| r.to_string())
        .map_err(|_| ApiError::not_found())?;
    let decision = Decision::parse(body.decision.trim())
        .ok_or_else(|| ApiError::invalid_field("decision", ctx.t("visa-field-invalid")))?;
    let reason = body.reason.as_deref();
    if let Err(e) = decide::decide(&state, &actor, &ctx.request_id, &number, decision, reason).await
    {
        return Ok(answer(ctx.lang, e));
    }
    match view::view(&state, &actor, &ctx.request_id, &number).await {
        Ok(file) => Ok(Json(CaseView::from_file(file, &actor)).into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

/// Withdraw an application before a decision (the applicant or the
/// sponsor); answers the application. An unpaid fee bill is cancelled; a
/// paid fee is not refunded.
#[utoipa::path(post, path = "/api/v1/visa/applications/{register_number}/withdraw", tag = "visa",
    security(("bearer" = [])),
    params(("register_number" = String, Path, description = "Register number")),
    responses((status = 200, body = CaseView),
        (status = 401, body = ErrorEnvelope),
        (status = 404, description = "no such application, or not the caller's", body = ErrorEnvelope),
        (status = 409, description = "`invalid_transition` (already decided, recommended, withdrawn or expired)", body = ErrorEnvelope)))]
pub async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let number = RegisterNumber::parse(&number)
        .map(|r| r.to_string())
        .map_err(|_| ApiError::not_found())?;
    if let Err(e) = decide::withdraw(&state, &actor, &ctx.request_id, &number).await {
        return Ok(answer(ctx.lang, e));
    }
    match view::view(&state, &actor, &ctx.request_id, &number).await {
        Ok(file) => Ok(Json(CaseView::from_file(file, &actor)).into_response()),
        Err(e) => Ok(answer(ctx.lang, e)),
    }
}

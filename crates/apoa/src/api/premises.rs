//! Premises and their API keys (lodging accounts).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use serde::Deserialize;
use utoipa::ToSchema;

use super::errors::api_error;
use super::views::{KeyCreated, PremiseList, PremiseView};
use crate::app::{keys, premises};
use crate::domain::premise::PremiseInput;

/// A premise to register.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct PremiseBody {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// `hotel`, `guest_house`, `boarding_house`, `villa` or `private_home`.
    #[serde(default)]
    pub kind: String,
    /// Address.
    #[serde(default)]
    pub address: String,
    /// Kemendagri regency code, e.g. `51.71` (decides the office).
    #[serde(default)]
    pub regency: String,
    /// Business licence number (NIB), where it has one.
    pub licence_number: Option<String>,
}

/// Register a premise (lodging accounts).
#[utoipa::path(post, path = "/api/v1/apoa/premises", tag = "apoa",
    security(("bearer" = [])),
    request_body = PremiseBody,
    responses((status = 201, body = PremiseView),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 422, description = "`invalid_input` naming each field", body = ErrorEnvelope)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<PremiseBody>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?;
    let input = PremiseInput {
        name: body.name,
        kind: body.kind,
        address: body.address,
        regency: body.regency,
        licence_number: body.licence_number,
    };
    let premise = premises::register(&state, actor, &ctx.request_id, input)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok((StatusCode::CREATED, Json(PremiseView::from(premise))).into_response())
}

/// The account's own premises.
#[utoipa::path(get, path = "/api/v1/apoa/premises", tag = "apoa",
    security(("bearer" = [])),
    responses((status = 200, body = PremiseList),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Json<PremiseList>, ApiError> {
    let actor = ctx.api_actor()?;
    let premises = premises::list_own(&state, actor)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok(Json(PremiseList {
        premises: premises.into_iter().map(PremiseView::from).collect(),
    }))
}

/// Create an API key for the premise's property-management system; the
/// key is in this answer only.
#[utoipa::path(post, path = "/api/v1/apoa/premises/{id}/api-keys", tag = "apoa",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The premise")),
    responses((status = 201, body = KeyCreated),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn create_key(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?;
    let key = keys::create(&state, actor, &ctx.request_id, &id)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    let body = KeyCreated {
        id: key.id,
        key: key.key,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Revoke an API key of the premise; it no longer authenticates.
#[utoipa::path(delete, path = "/api/v1/apoa/premises/{id}/api-keys/{key_id}", tag = "apoa",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The premise"),
        ("key_id" = String, Path, description = "The key's id")),
    responses((status = 204, description = "Revoked"),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn revoke_key(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, key_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    keys::revoke(&state, actor, &ctx.request_id, &id, &key_id)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok(StatusCode::NO_CONTENT)
}

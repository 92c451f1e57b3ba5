//! `GET /api/v1/regions` (anyone) and `PUT /api/v1/regions/{code}`
//! (administrators, audited).

use axum::extract::{Path, Query, State};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::{Filter, Regency, UpdateError};
use crate::http::ctx::{ApiJson, Ctx};
use crate::http::error::{ApiError, ErrorEnvelope};
use crate::state::AppState;

/// OpenAPI description of the region routes.
#[derive(OpenApi)]
#[openapi(
    paths(list_regions, update_region),
    components(schemas(RegencyList, Regency, RegionUpdate)),
    tags((name = "regions", description = "Regencies and cities with their supervising office"))
)]
pub struct RegionsApi;

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/regions", get(list_regions))
        .route("/api/v1/regions/{code}", put(update_region))
}

/// Filters of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionQuery {
    /// Province code (`31`) or name (`DKI Jakarta`, any case).
    pub province: Option<String>,
    /// Supervising office code (`JKT-PUSAT`).
    pub office: Option<String>,
}

/// The list.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegencyList {
    /// Regencies and cities by code.
    pub regencies: Vec<Regency>,
}

/// Regencies and cities (kabupaten/kota) with the office that supervises them.
#[utoipa::path(get, path = "/api/v1/regions", tag = "regions", params(RegionQuery),
    responses((status = 200, body = RegencyList)))]
async fn list_regions(
    State(state): State<AppState>,
    Query(q): Query<RegionQuery>,
) -> Result<Json<RegencyList>, ApiError> {
    let filter = Filter {
        province: q.province,
        office: q.office,
    };
    Ok(Json(RegencyList {
        regencies: super::list(&state.db, &filter).await?,
    }))
}

/// A new supervising office.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegionUpdate {
    /// Office code, e.g. `BATAM`.
    #[serde(default)]
    pub office: String,
}

/// Change the office that supervises a regency (administrators; audited as
/// `region.update`).
#[utoipa::path(put, path = "/api/v1/regions/{code}", tag = "regions", security(("bearer" = [])),
    params(("code" = String, Path, description = "Kemendagri code, e.g. `31.71`")),
    request_body = RegionUpdate,
    responses((status = 200, body = Regency), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 422, description = "`invalid_input`: unknown office", body = ErrorEnvelope)))]
async fn update_region(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<RegionUpdate>,
) -> Result<Json<Regency>, ApiError> {
    let actor = ctx.api_actor()?;
    super::set_office(&state.db, actor, &ctx.request_id, &code, &body.office)
        .await
        .map(Json)
        .map_err(|e| match e {
            UpdateError::Forbidden => ApiError::forbidden(),
            UpdateError::UnknownRegency => ApiError::not_found(),
            UpdateError::UnknownOffice => {
                ApiError::invalid_field("office", ctx.t("regions-unknown-office"))
            }
            UpdateError::Db(e) => ApiError::from(e),
        })
}

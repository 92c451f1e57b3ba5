//! Supervision by officers (their office's area; administrators every
//! office): the search of stays, by query string or (better: no personal
//! data in the address) by JSON body, and a guest's movements. Every
//! search and read is audited by the use case.

use axum::Json;
use axum::extract::{Path, Query, State};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::{ApiJson, Ctx};
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::errors::api_error;
use super::views::StayView;
use crate::app::watch::{self as app, Search, Whose};
use crate::store::watch::Found;

/// What to search by; every field optional, all given must match.
#[derive(Default, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchBody {
    /// Passport number (exact, matched through its blind index).
    pub passport_number: Option<String>,
    /// Part of the surname or given names, any case.
    pub name: Option<String>,
    /// Nationality code (ISO 3166 alpha-3).
    pub nationality: Option<String>,
    /// Premise id.
    pub premise: Option<String>,
    /// Stays not ended before this day, `YYYY-MM-DD` (the area's zone).
    pub from: Option<String>,
    /// Stays begun by this day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Page, from 1.
    pub page: Option<u64>,
    /// Stays per page (1 to 200, default 50).
    pub per_page: Option<u64>,
}

impl From<SearchBody> for Search {
    fn from(b: SearchBody) -> Search {
        Search {
            passport_number: b.passport_number,
            name: b.name,
            nationality: b.nationality,
            premise: b.premise,
            from: b.from,
            to: b.to,
            page: b.page,
            per_page: b.per_page,
        }
    }
}

/// A premise, briefly.
#[derive(Debug, Serialize, ToSchema)]
pub struct PremiseBrief {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Regency code.
    pub regency: String,
    /// Supervising office.
    pub office: String,
}

/// A stay as an officer sees it: the passport number in full, with the
/// premise.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupervisedStay {
    /// The stay.
    #[serde(flatten)]
    pub stay: StayView,
    /// Its premise.
    pub premise: PremiseBrief,
}

impl From<Found> for SupervisedStay {
    fn from(f: Found) -> Self {
        let number = f.stay.passport_number.clone();
        let mut stay = StayView::from(f.stay);
        stay.guest.passport_number = number;
        SupervisedStay {
            premise: PremiseBrief {
                id: stay.premise_id.clone(),
                name: f.premise_name,
                regency: f.premise_regency,
                office: f.premise_office,
            },
            stay,
        }
    }
}

/// A page of stays.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchAnswer {
    /// Newest check-in first.
    pub stays: Vec<SupervisedStay>,
    /// This page, from 1.
    pub page: u64,
    /// Page size.
    pub per_page: u64,
    /// Stays matching in all.
    pub total: i64,
}

async fn answer(state: &AppState, ctx: &Ctx, body: SearchBody) -> Result<SearchAnswer, ApiError> {
    let actor = ctx.api_actor()?;
    let page = app::search(state, actor, &ctx.request_id, body.into())
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok(SearchAnswer {
        stays: page.stays.into_iter().map(SupervisedStay::from).collect(),
        page: page.page,
        per_page: page.per_page,
        total: page.total,
    })
}

/// Search the stays of the officer's area (administrators: every area);
/// audited. Prefer `POST /api/v1/apoa/stays/search`: a query string is
/// an address, and addresses end up in browsers' histories.
#[utoipa::path(get, path = "/api/v1/apoa/stays", tag = "apoa",
    security(("bearer" = [])),
    params(SearchBody),
    responses((status = 200, body = SearchAnswer),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 422, description = "`invalid_input` naming each field", body = ErrorEnvelope)))]
pub async fn search_query(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<SearchBody>,
) -> Result<Json<SearchAnswer>, ApiError> {
    Ok(Json(answer(&state, &ctx, q).await?))
}

/// The same search with its criteria in a JSON body (kept out of
/// addresses and logs).
#[utoipa::path(post, path = "/api/v1/apoa/stays/search", tag = "apoa",
    security(("bearer" = [])),
    request_body = SearchBody,
    responses((status = 200, body = SearchAnswer),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 422, description = "`invalid_input` naming each field", body = ErrorEnvelope)))]
pub async fn search_body(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<SearchBody>,
) -> Result<Json<SearchAnswer>, ApiError> {
    Ok(Json(answer(&state, &ctx, body).await?))
}

/// Whose movements.
#[derive(Default, Deserialize, ToSchema)]
pub struct MovementsBody {
    /// Passport number.
    #[serde(default)]
    pub passport_number: String,
    /// Nationality code; every nationality when absent.
    pub nationality: Option<String>,
}

/// A guest's stays, by check-in.
#[derive(Debug, Serialize, ToSchema)]
pub struct MovementsAnswer {
    /// Every stay (not cancelled) of the passport in the area, oldest
    /// check-in first (at most 500).
    pub movements: Vec<SupervisedStay>,
}

async fn movements_of(
    state: &AppState,
    ctx: &Ctx,
    whose: Whose,
) -> Result<MovementsAnswer, ApiError> {
    let actor = ctx.api_actor()?;
    let found = app::movements(state, actor, &ctx.request_id, whose)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok(MovementsAnswer {
        movements: found.into_iter().map(SupervisedStay::from).collect(),
    })
}

/// A passport's stays across the premises of the area; audited.
#[utoipa::path(post, path = "/api/v1/apoa/movements", tag = "apoa",
    security(("bearer" = [])),
    request_body = MovementsBody,
    responses((status = 200, body = MovementsAnswer),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope)))]
pub async fn movements(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<MovementsBody>,
) -> Result<Json<MovementsAnswer>, ApiError> {
    let whose = Whose::Passport {
        number: body.passport_number,
        nationality: body.nationality,
    };
    Ok(Json(movements_of(&state, &ctx, whose).await?))
}

/// The stays of the guest of stay `id` (same passport and nationality)
/// across the premises of the area; audited. 404 outside the area.
#[utoipa::path(get, path = "/api/v1/apoa/stays/{id}/movements", tag = "apoa",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "A stay of the guest")),
    responses((status = 200, body = MovementsAnswer),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn stay_movements(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Json<MovementsAnswer>, ApiError> {
    Ok(Json(movements_of(&state, &ctx, Whose::Stay(id)).await?))
}

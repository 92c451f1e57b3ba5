//! The officers' lists (`GET /api/v1/stay/permits?list=…`) and the
//! sponsor's dashboard (`GET /api/v1/stay/sponsor/dashboard`).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{ApiError, ErrorEnvelope};
use serde::Serialize;
use utoipa::ToSchema;

use super::errors::api_error;
use super::views::{OverstayView, PermitList, PermitView};
use crate::app::lists::{self, OfficerList};
use crate::domain::overstay::Overstay;

/// The routes of the dashboard (the lists share the permits' route).
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/stay/sponsor/dashboard", get(dashboard))
}

/// An officers' list, called by the permits' list route when `list` is
/// given: `ending_soon`, `overstaying` or `in_process` (422 otherwise).
pub async fn officer_list(
    state: &AppState,
    ctx: &Ctx,
    list: &str,
    after: Option<&str>,
    limit: u32,
) -> Result<Json<PermitList>, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let Some(list) = OfficerList::parse(list) else {
        return Err(ApiError::invalid_field(
            "list",
            ctx.lang.t("stay-list-unknown"),
        ));
    };
    let page = lists::officer_list(state, &actor, &ctx.request_id, list, after, limit)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok(Json(PermitList {
        permits: page.permits.into_iter().map(PermitView::from).collect(),
        next: page.next,
    }))
}

fn overstay_view(o: Overstay) -> OverstayView {
    OverstayView {
        days: o.days,
        fine: o.fine.amount(),
        deportation: o.deportation,
    }
}

/// A sponsored permit on the dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardItem {
    /// Number.
    pub number: String,
    /// `ITK`, `ITAS`, `ITAP` or `GCI`.
    pub kind: String,
    /// Status.
    pub status: String,
    /// The holder's surname.
    pub surname: String,
    /// The holder's given names.
    pub given_names: String,
    /// Nationality (alpha-3).
    pub nationality: String,
    /// Supervising office.
    pub office: String,
    /// Last valid day (absent for a GCI).
    pub valid_until: Option<String>,
    /// Days until the last valid day (0 on it); absent once ended or for a GCI.
    pub days_left: Option<i64>,
    /// The overstay, when the holder is past the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overstay: Option<OverstayView>,
}

/// The sponsor's dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardView {
    /// The permits it sponsors (not cancelled or converted), by end date.
    pub permits: Vec<DashboardItem>,
}

/// The permits the calling sponsor account sponsors, soonest end first,
/// with the days left or the overstay (sponsor accounts only: 403 else).
#[utoipa::path(get, path = "/api/v1/stay/sponsor/dashboard", tag = "stay",
    security(("bearer" = [])),
    responses((status = 200, body = DashboardView),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn dashboard(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<DashboardView>, ApiError> {
    let actor = ctx.api_actor()?.clone();
    let found = lists::sponsor_dashboard(&state, &actor)
        .await
        .map_err(|e| api_error(ctx.lang, e))?;
    Ok(Json(DashboardView {
        permits: found
            .into_iter()
            .map(|s| DashboardItem {
                number: s.permit.number,
                kind: s.permit.kind,
                status: s.permit.status,
                surname: s.permit.surname,
                given_names: s.permit.given_names,
                nationality: s.permit.nationality,
                office: s.permit.office_code,
                valid_until: s.permit.valid_until,
                days_left: s.days_left,
                overstay: s.overstay.map(overstay_view),
            })
            .collect(),
    }))
}

//! JSON adapters of stay permits under `/api/v1/stay`: parse, call the use
//! case, answer.

pub mod errors;
pub mod permits;
pub mod views;
// Reports, officers' lists, the sponsor's dashboard (issue 12, parts 5 to 7).
pub mod lists;
pub mod reports;

use axum::Router;
use axum::routing::get;
use imigrasi_platform::AppState;
use utoipa::OpenApi;

/// OpenAPI description of the stay routes.
#[derive(OpenApi)]
#[openapi(
    paths(permits::create, permits::list, permits::get_one),
    components(schemas(
        permits::RegisterBody, permits::AddressBody, views::PermitView, views::PermitList,
        views::HolderView, views::AddressView, views::OverstayView, views::HistoryView,
        crate::domain::holder::HolderInput,
    )),
    tags((name = "stay", description = "Stay permits: the permit register"))
)]
pub struct StayApi;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/stay/permits",
            get(permits::list).post(permits::create),
        )
        .route("/api/v1/stay/permits/{number}", get(permits::get_one))
        .merge(reports::router())
        .merge(lists::router())
}

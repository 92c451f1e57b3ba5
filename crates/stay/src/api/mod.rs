//! JSON adapters of stay permits under `/api/v1/stay`: parse, call the use
//! case, answer.

pub mod app_views;
pub mod appearances;
pub mod applications;
pub mod errors;
pub mod officer;
pub mod permits;
pub mod views;
// Reports, officers' lists, the sponsor's dashboard (issue 12, parts 5 to 7).
pub mod lists;
pub mod reports;

use axum::Router;
use axum::routing::{get, post};
use imigrasi_platform::AppState;
use utoipa::OpenApi;

/// OpenAPI description of the stay routes.
#[derive(OpenApi)]
#[openapi(
    paths(
        permits::create, permits::list, permits::get_one,
        applications::create, applications::list, applications::get_one,
        applications::accept, applications::upload, applications::submit,
        applications::decision, applications::withdraw,
        officer::fine, officer::departure,
        appearances::request, appearances::get_one, appearances::book,
    ),
    components(schemas(
        permits::RegisterBody, permits::AddressBody, views::PermitView, views::PermitList,
        views::HolderView, views::AddressView, views::OverstayView, views::HistoryView,
        crate::domain::holder::HolderInput,
        applications::OpenBody, applications::Opened, applications::SubmitAnswer,
        applications::DecisionBody, app_views::ApplicationView, app_views::ApplicationList,
        app_views::ApplicationSummary, app_views::StepView, app_views::PaymentView,
        app_views::AskedView, app_views::IssuedView,
        officer::FineAnswer, officer::DepartureBody, officer::DepartureAnswer,
        appearances::AppearanceView, appearances::RequestBody, appearances::BookingBody,
    )),
    tags((name = "stay", description = "Stay permits: the permit register and applications"))
)]
pub struct StayApi;

/// The routes.
pub fn router() -> Router<AppState> {
    let app = |path: &str| format!("/api/v1/stay/applications/{{register_number}}/{path}");
    Router::new()
        .route(
            "/api/v1/stay/permits",
            get(permits::list).post(permits::create),
        )
        .route("/api/v1/stay/permits/{number}", get(permits::get_one))
        .route("/api/v1/stay/permits/{number}/fine", post(officer::fine))
        .route(
            "/api/v1/stay/permits/{number}/departure",
            post(officer::departure),
        )
        .route(
            "/api/v1/stay/applications",
            get(applications::list).post(applications::create),
        )
        .route(
            "/api/v1/stay/applications/{register_number}",
            get(applications::get_one),
        )
        .route(&app("accept"), post(applications::accept))
        .route(&app("appearance"), post(appearances::request))
        .route("/api/v1/stay/appearances/{code}", get(appearances::get_one))
        .route(
            "/api/v1/stay/appearances/{code}/booking",
            post(appearances::book),
        )
        .route(&app("documents"), post(applications::upload))
        .route(&app("submit"), post(applications::submit))
        .route(&app("decision"), post(applications::decision))
        .route(&app("withdraw"), post(applications::withdraw))
        .merge(reports::router())
        .merge(lists::router())
}

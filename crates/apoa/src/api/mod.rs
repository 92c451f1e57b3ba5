//! JSON adapters of APOA under `/api/v1/apoa`: parse, call the use case,
//! answer.

pub mod alerts;
pub mod amend;
pub mod batch;
pub mod errors;
pub mod premises;
pub mod receipt;
pub mod stays;
pub mod views;
pub mod watch;

use axum::Router;
use axum::routing::{delete, get, post};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::ApiError;
use utoipa::OpenApi;

use crate::app::{Reporter, keys};

/// OpenAPI description of the APOA routes.
#[derive(OpenApi)]
#[openapi(
    paths(
        premises::create, premises::list, premises::create_key, premises::revoke_key,
        stays::report, stays::check_out, amend::amend, amend::cancel, amend::get_one,
        receipt::get_receipt,
        batch::batch, batch::export_csv,
        watch::search_query, watch::search_body, watch::movements, watch::stay_movements,
        alerts::alerts, alerts::dashboard,
    ),
    components(schemas(
        premises::PremiseBody, views::PremiseView, views::PremiseList, views::KeyCreated,
        stays::StayReportBody, stays::CheckOutBody, views::StayView, views::GuestView,
        views::GuestPermitView, amend::AmendBody, amend::CancelBody, amend::StayFile,
        amend::VersionView, receipt::ReceiptView, crate::domain::guest::GuestInput, crate::domain::stay::GuestPermitInput,
        batch::BatchBody, batch::BatchAnswer, batch::AcceptedRow, batch::RejectedRow,
        batch::RowError, batch::DuplicateRow,
        watch::SearchBody, watch::SearchAnswer, watch::SupervisedStay, watch::PremiseBrief,
        watch::MovementsBody, watch::MovementsAnswer, alerts::AlertView, alerts::AlertsAnswer,
        alerts::DashboardAnswer, alerts::DayView, alerts::NationalityView,
        alerts::PremiseReportsView, alerts::RegencyView, alerts::SilentView,
    )),
    tags((name = "apoa", description = "Foreigner presence reports: premises, API keys, guests' stays; officers' search, movements, alerts and dashboard"))
)]
pub struct ApoaApi;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/apoa/premises",
            get(premises::list).post(premises::create),
        )
        .route(
            "/api/v1/apoa/premises/{id}/api-keys",
            post(premises::create_key),
        )
        .route(
            "/api/v1/apoa/premises/{id}/api-keys/{key_id}",
            delete(premises::revoke_key),
        )
        .route(
            "/api/v1/apoa/premises/{id}/stays.csv",
            get(batch::export_csv),
        )
        .route(
            "/api/v1/apoa/stays",
            get(watch::search_query).post(stays::report),
        )
        .route("/api/v1/apoa/stays/batch", post(batch::batch))
        .route("/api/v1/apoa/stays/search", post(watch::search_body))
        .route(
            "/api/v1/apoa/stays/{id}/movements",
            get(watch::stay_movements),
        )
        .route("/api/v1/apoa/movements", post(watch::movements))
        .route("/api/v1/apoa/alerts", get(alerts::alerts))
        .route("/api/v1/apoa/dashboard", get(alerts::dashboard))
        .route(
            "/api/v1/apoa/stays/{id}",
            get(amend::get_one).patch(amend::amend),
        )
        .route("/api/v1/apoa/stays/{id}/check-out", post(stays::check_out))
        .route("/api/v1/apoa/stays/{id}/receipt", get(receipt::get_receipt))
        .route("/api/v1/apoa/stays/{id}/cancel", post(amend::cancel))
}

/// Who reports: the signed-in account, else a premise's API key sent as
/// `Authorization: Bearer apoa_…`; 401 for neither.
pub async fn reporter(state: &AppState, ctx: &Ctx) -> Result<Reporter, ApiError> {
    if let Some(actor) = &ctx.actor {
        return Ok(Reporter::Account(actor.clone()));
    }
    if let Some(token) = ctx.token.as_deref().filter(|_| !ctx.via_cookie) {
        let key = keys::authenticate(state, token)
            .await
            .map_err(|e| errors::api_error(ctx.lang, e))?;
        if let Some(key) = key {
            return Ok(Reporter::Key(key));
        }
    }
    Err(ApiError::unauthenticated())
}

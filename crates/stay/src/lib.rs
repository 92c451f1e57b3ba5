//! Stay permits (Izin Tinggal): the permit register of ITK, ITAS, ITAP and
//! GCI holders, with the rules of extension and overstay.
//!
//! [`domain`] is pure, [`store`] is SQL, [`app`] holds the use cases (each
//! owning its write transaction), [`api`] the JSON adapters.

pub mod api;
pub mod app;
pub mod domain;
pub mod migrations;
pub mod store;
pub mod workers;

use axum::Router;
use imigrasi_platform::AppState;
use utoipa::OpenApi;

pub use migrations::MIGRATIONS;

/// Every route of the stay service.
pub fn router() -> Router<AppState> {
    api::router()
}

/// The service's OpenAPI description.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = api::StayApi::openapi();
    doc.merge(api::reports::ReportsApi::openapi());
    doc
}

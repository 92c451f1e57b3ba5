//! Foreigner presence reports (APOA, Aplikasi Pelaporan Orang Asing):
//! lodging accounts register premises, give their property-management
//! systems API keys, and report foreign guests' check-ins and check-outs.
//!
//! [`domain`] is pure, [`store`] is SQL, [`app`] holds the use cases (each
//! owning its write transaction), [`api`] the JSON adapters, `pages` the
//! HTML ones, [`workers`] the retention sweep.

pub mod api;
pub mod app;
pub mod domain;
pub mod migrations;
mod pages;
pub mod store;
pub mod workers;

use axum::Router;
use imigrasi_platform::AppState;
use utoipa::OpenApi;

pub use migrations::MIGRATIONS;

/// Every route of the APOA service.
pub fn router() -> Router<AppState> {
    api::router().merge(pages::router())
}

/// How a verifier learns a receipt's status (`POST /api/v1/documents/verify`).
pub fn status_lookup() -> (
    &'static str,
    std::sync::Arc<dyn imigrasi_platform::signing::lookups::StatusLookup>,
) {
    (
        imigrasi_platform::signing::KIND_APOA_RECEIPT,
        std::sync::Arc::new(app::receipt::ReceiptLookup),
    )
}

/// The service's OpenAPI description.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::ApoaApi::openapi()
}

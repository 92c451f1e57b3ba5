//! Visa Online: the visa index as data, applications by foreigners and
//! sponsors, documents, the fee, review with two-person approval, and the
//! e-Visa with a signed QR payload anyone can verify.
//!
//! The workflow (register numbers, states, timeline, the two-person rule)
//! is `imigrasi-casework`'s; this crate adds the visa's own data and rules.
//! [`domain`] is pure, [`store`] is SQL, [`app`] holds the use cases (each
//! owning its write transaction), [`api`] the JSON adapters, [`pages`]
//! the HTML.

pub mod api;
pub mod app;
pub mod domain;
pub mod migrations;
pub mod notices;
pub mod pages;
pub mod store;

use std::sync::Arc;

use axum::Router;
use imigrasi_platform::AppState;
use imigrasi_platform::billing::Settler;
use imigrasi_platform::documents::DocumentKind;
use utoipa::OpenApi;

pub use migrations::MIGRATIONS;

/// Every route of the visa service: the API and the pages.
pub fn router() -> Router<AppState> {
    api::router().merge(pages::router())
}

/// The service's OpenAPI description.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::VisaApi::openapi()
}

/// How visa fee bills are settled when paid.
pub fn settler() -> Arc<dyn Settler> {
    Arc::new(app::payment::settler())
}

/// How a verifier learns an e-Visa's status (`POST /api/v1/documents/verify`).
pub fn status_lookup() -> (
    &'static str,
    Arc<dyn imigrasi_platform::signing::lookups::StatusLookup>,
) {
    (app::verify::KIND, Arc::new(app::verify::EVisaLookup))
}

/// The e-Visas as permissions to stay (`platform::permits`), for the
/// services that supervise foreigners.
pub fn known_permits() -> Arc<dyn imigrasi_platform::permits::PermitsOfPassport> {
    Arc::new(app::known_permits::EVisaPermits)
}

/// The document kinds the visa service adds.
pub fn document_kinds() -> Vec<DocumentKind> {
    app::documents::kinds()
}

/// Seed the visa index (safe at every start; administrators' edits stay).
pub async fn prepare(db: &imigrasi_platform::db::Db) -> Result<usize, sea_orm::DbErr> {
    store::types::seed(db).await
}

//! Stay permits (Izin Tinggal): the permit register of ITK, ITAS, ITAP and
//! GCI holders, with the rules of extension and overstay.
//!
//! [`domain`] is pure, [`store`] is SQL, [`app`] holds the use cases (each
//! owning its write transaction), [`api`] the JSON adapters, [`pages`] the
//! HTML pages.

pub mod api;
pub mod app;
pub mod domain;
pub mod floor_port;
pub mod migrations;
pub mod pages;
pub mod store;
pub mod workers;

use axum::Router;
use imigrasi_platform::AppState;
use utoipa::OpenApi;

pub use migrations::MIGRATIONS;

/// Every route of the stay service.
pub fn router() -> Router<AppState> {
    api::router().merge(pages::router())
}

/// The service's OpenAPI description.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = api::StayApi::openapi();
    doc.merge(api::reports::ReportsApi::openapi());
    doc
}

/// How stay fee bills are settled when paid (the casework settler).
pub fn settler() -> std::sync::Arc<dyn imigrasi_platform::billing::Settler> {
    std::sync::Arc::new(imigrasi_casework::app::CaseSettler(std::sync::Arc::new(
        app::cases::StayCases::default(),
    )))
}

/// How overstay fines are settled when paid (service `stay_fine`).
pub fn fine_settler() -> std::sync::Arc<dyn imigrasi_platform::billing::Settler> {
    app::fines::settler()
}

/// How a verifier learns a permit's status (`POST /api/v1/documents/verify`).
pub fn status_lookup() -> (
    &'static str,
    std::sync::Arc<dyn imigrasi_platform::signing::lookups::StatusLookup>,
) {
    (
        imigrasi_platform::signing::KIND_STAY_PERMIT,
        std::sync::Arc::new(app::issue::PermitLookup),
    )
}

/// The document kinds stay applications add.
pub fn document_kinds() -> Vec<imigrasi_platform::documents::DocumentKind> {
    use imigrasi_platform::documents::{ContentType as T, DocumentKind};
    const ANY: &[T] = &[T::Jpeg, T::Png, T::Pdf];
    domain::application::DOCUMENT_KINDS
        .into_iter()
        .map(|name| DocumentKind {
            name,
            service: app::SERVICE,
            allowed: ANY,
            max_bytes: 2 * 1024 * 1024,
        })
        .collect()
}

/// What stay permits do when a foreigner arrives on an e-Visa.
pub fn arrival_listener() -> std::sync::Arc<dyn imigrasi_platform::arrivals::ArrivalListener> {
    std::sync::Arc::new(app::arrival::StartPermit)
}

/// The stay permits as permissions to stay (`platform::permits`), for
/// the services that supervise foreigners.
pub fn known_permits() -> std::sync::Arc<dyn imigrasi_platform::permits::PermitsOfPassport> {
    std::sync::Arc::new(app::known_permits::StayPermits)
}

/// Stay-permit appearances, as the office floor serves them.
pub fn appointments() -> std::sync::Arc<dyn imigrasi_office::Appointments> {
    std::sync::Arc::new(floor_port::StayAppearances)
}

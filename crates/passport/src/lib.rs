//! Antrean Paspor: the passport appointment service.
//!
//! [`domain`] holds the pure rules (quota, release calendar, booking state
//! machine, codes, limits, waitlist); it does no IO and keeps no clock, so
//! every function takes the current instant and the office time zone.
//! [`store`] holds the SQL, [`api`] the JSON routes, [`pages`] the HTML.
//! [`app`] holds the use cases (each owning its write transaction).
//! Quota management (templates, release schedule, exceptions, slot
//! generation, the public release calendar) is `quota` in each layer.
//! The office floor (kiosk, tickets, counters, board) is the
//! `imigrasi-office` crate; bookings reach it through [`floor_port`].

pub mod api;
pub mod app;
pub mod domain;
pub mod floor_port;
pub mod migrations;
pub mod notices;
pub mod pages;
pub mod store;
pub mod whatsapp;
pub mod workers;

use std::sync::Arc;

use axum::Router;
use imigrasi_platform::AppState;
use imigrasi_platform::billing::Settler;
use utoipa::OpenApi;

pub use migrations::MIGRATIONS;

/// Every route of the passport service.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(api::router())
        .merge(api::quota::router())
        .merge(pages::router())
        .merge(pages::quota::router())
        .merge(whatsapp::router())
}

/// The service's OpenAPI description.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = api::PassportApi::openapi();
    doc.merge(api::quota::QuotaApi::openapi());
    doc.merge(whatsapp::link::WhatsAppLinkApi::openapi());
    doc
}

/// How passport bills are settled when paid.
pub fn settler() -> Arc<dyn Settler> {
    Arc::new(store::BookingSettler)
}

/// The document kinds a passport booking asks for (`domain::documents`).
pub fn document_kinds() -> Vec<imigrasi_platform::documents::DocumentKind> {
    app::documents::kinds()
}

/// How the office floor reaches passport bookings.
pub fn appointments() -> Arc<dyn imigrasi_office::Appointments> {
    Arc::new(floor_port::PassportAppointments)
}

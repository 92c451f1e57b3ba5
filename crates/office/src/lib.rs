//! The office floor: kiosk devices (APM), check-in, queue tickets,
//! counters and the call order, priority walk-ins, the live display board
//! (SSE) and the floor dashboard.
//!
//! The floor serves any service's appointments through one small trait,
//! [`port::Appointments`]: a service implements it and the binary
//! registers it in [`FloorServices`] (as billing settlers are registered).
//! This crate depends on no service.
//!
//! [`domain`] holds the pure rules, [`store`] the SQL, [`app`] one function
//! per use case (each owns its write transaction and returns a typed
//! error), [`api`] the JSON routes and [`pages`] the HTML ones.

pub mod api;
pub mod app;
pub mod domain;
pub mod migrations;
pub mod pages;
pub mod port;
pub mod store;
pub mod workers;

use axum::{Extension, Router};
use imigrasi_platform::AppState;
use utoipa::OpenApi;

pub use port::{
    Absence, Appointment, AppointmentDocument, Appointments, CaseRefusal, CaseRequest,
    DayAppointment, FloorServices, OpenedCase, Stage,
};

pub use migrations::MIGRATIONS;

/// Every route of the office floor. Handlers reach the registered services
/// through the request's extensions.
pub fn router(services: FloorServices) -> Router<AppState> {
    Router::new()
        .merge(api::router())
        .merge(pages::router())
        .layer(Extension(services))
}

/// The floor's OpenAPI description.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = api::FloorApi::openapi();
    doc.merge(pages::BoardEventsApi::openapi());
    doc
}

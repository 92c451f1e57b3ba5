//! The office floor: kiosk check-in (APM), queue tickets, counters, priority
//! walk-ins, the live display board and the officer dashboard.

pub mod api;
pub mod pages;
pub mod store;

use axum::Router;
use imigrasi_platform::AppState;

/// Every route of the office floor.
pub fn router() -> Router<AppState> {
    Router::new().merge(api::router()).merge(pages::router())
}

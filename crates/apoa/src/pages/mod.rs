//! HTML pages of APOA, server-rendered, usable without JavaScript, in both
//! languages, phone-first for the night desk. Every access decision goes
//! through the use cases in [`crate::app`]; handlers parse, call, render.
//!
//! | route | module |
//! |---|---|
//! | `GET /apoa` (the service; a lodging's premises), `POST /apoa/premises` | [`start`] |
//! | `GET /apoa/premises/{id}` (guests in house, all reports, API keys), `POST …/keys`, `POST …/keys/{key_id}/revoke` | [`premise`] |
//! | `GET /apoa/premises/{id}/guests/new`, `POST /apoa/premises/{id}/guests` | [`guest`] |
//! | `GET /apoa/stays/{id}` (the receipt with its signed QR), `POST …/check-out`, `POST …/amend`, `POST …/cancel` | [`receipt`] |
//! | `GET, POST /apoa/watch` (officers' search, criteria in the body), `GET /apoa/watch/stays/{id}/movements`, `GET /apoa/alerts`, `GET /apoa/dashboard` | [`watch`] |

mod common;
mod guest;
mod premise;
mod receipt;
mod start;
mod watch;

use axum::Router;
use axum::routing::{get, post};
use imigrasi_platform::AppState;

/// The pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/apoa", get(start::start))
        .route("/apoa/premises", post(start::register))
        .route("/apoa/premises/{id}", get(premise::show))
        .route("/apoa/premises/{id}/keys", post(premise::create_key))
        .route(
            "/apoa/premises/{id}/keys/{key_id}/revoke",
            post(premise::revoke_key),
        )
        .route("/apoa/premises/{id}/guests/new", get(guest::form))
        .route("/apoa/premises/{id}/guests", post(guest::report))
        .route("/apoa/stays/{id}", get(receipt::show))
        .route("/apoa/stays/{id}/check-out", post(receipt::check_out))
        .route("/apoa/stays/{id}/cancel", post(receipt::cancel))
        .route("/apoa/stays/{id}/amend", post(receipt::amend_stay))
        .route("/apoa/watch", get(watch::form).post(watch::search))
        .route("/apoa/watch/stays/{id}/movements", get(watch::movements))
        .route("/apoa/alerts", get(watch::alert_list))
        .route("/apoa/dashboard", get(watch::dashboard_page))
}

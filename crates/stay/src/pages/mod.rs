//! HTML pages of stay permits, server-rendered, usable without
//! JavaScript, in both languages. Every access decision goes through the
//! use cases in [`crate::app`]; handlers parse, call and render.
//!
//! | route | module |
//! |---|---|
//! | `GET /stay` (the service; a holder's or sponsor's permits and applications) | [`start`] |
//! | `GET, POST /stay/permits` (staff's permit search, audited) | [`start`] |
//! | `GET /stay/permits/{number}`, `POST …/applications` (file an application) | [`permit`] |
//! | `GET /stay/applications/{rn}`, `POST …/documents`, `…/submit`, `…/withdraw`, `…/accept`, `…/decision` | [`case`] |
//! | `GET /stay/queue` (the office's work queue), `GET /stay/applications/{rn}/files/{id}` | [`queue`] |

mod case;
mod case_view;
mod common;
mod permit;
mod queue;
mod report;
mod start;
#[cfg(test)]
mod tests;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use imigrasi_platform::AppState;

/// The pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/stay", get(start::start))
        .route(
            "/stay/permits",
            get(start::permits).post(start::search_form),
        )
        .route("/stay/permits/{number}", get(permit::show))
        .route("/stay/permits/{number}/applications", post(permit::apply))
        .route("/stay/permits/{number}/reports", post(report::report))
        .route("/stay/queue", get(queue::queue))
        .route("/stay/applications/{rn}", get(case::show))
        .route(
            "/stay/applications/{rn}/documents",
            // The platform's body limit bounds it; the handler stops
            // storing at the largest kind's limit and names the file.
            post(case::upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/stay/applications/{rn}/submit", post(case::submit))
        .route("/stay/applications/{rn}/withdraw", post(case::withdraw))
        .route("/stay/applications/{rn}/accept", post(case::accept))
        .route("/stay/applications/{rn}/decision", post(case::decide))
        .route(
            "/stay/applications/{rn}/appearance",
            post(case::ask_appearance),
        )
        .route(
            "/stay/applications/{rn}/appearances/{code}",
            post(case::book_appearance),
        )
        .route("/stay/applications/{rn}/files/{id}", get(queue::file))
}

//! HTML pages of Visa Online, server-rendered, usable without JavaScript,
//! in both languages. Every access decision goes through the use cases
//! (which call `policy`); handlers parse, call and render.
//!
//! | route | module |
//! |---|---|
//! | `GET /visa` (the index and where to start) | [`start`] |
//! | `GET, POST /visa/apply`, `GET, POST /visa/sponsor` | [`apply`] |
//! | `GET /visa/applications` (own, paginated) | [`start`] |
//! | `GET /visa/applications/{rn}`, `POST …/documents`, `…/submit`, `…/withdraw` | [`case`] |
//! | `GET /visa/queue` (an office's work queue), `GET …/files/{id}`, `POST …/decision`, `POST /visa/evisas/{number}/revoke` | [`review`] |
//! | `GET, POST /verify` (anyone), `GET /assets/visa/{name}` | [`verify`] |

mod apply;
mod case;
mod case_view;
mod common;
mod review;
mod start;
#[cfg(test)]
mod tests;
mod verify;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path};
use axum::response::Response;
use axum::routing::{get, post};
use imigrasi_platform::AppState;
use imigrasi_platform::http::assets::{self, Asset};

/// The camera scanner of the verification page (progressive enhancement).
const VISA_ASSETS: &[Asset] = &[Asset {
    name: "scan.js",
    content_type: "text/javascript; charset=utf-8",
    body: include_str!("../../assets/scan.js").as_bytes(),
}];

async fn asset(Path(name): Path<String>) -> Response {
    assets::serve(&[VISA_ASSETS], &name)
}

/// The pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/visa", get(start::start))
        .route("/visa/apply", get(apply::form).post(apply::submit))
        .route(
            "/visa/sponsor",
            get(apply::sponsor_form).post(apply::sponsor_submit),
        )
        .route("/visa/applications", get(start::mine))
        .route("/visa/applications/{rn}", get(case::show))
        .route(
            "/visa/applications/{rn}/documents",
            // The platform's body limit bounds it; the handler stops
            // storing at the kind's limit and names the file.
            post(case::upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/visa/applications/{rn}/submit", post(case::submit))
        .route("/visa/applications/{rn}/withdraw", post(case::withdraw))
        .route("/visa/applications/{rn}/files/{id}", get(review::file))
        .route("/visa/applications/{rn}/decision", post(review::decide))
        .route("/visa/evisas/{number}/revoke", post(review::revoke))
        .route("/visa/queue", get(review::queue))
        .route("/verify", get(verify::form).post(verify::check))
        .route("/assets/visa/{name}", get(asset))
}

//! HTML pages of the office floor: display board (with its live event
//! stream), kiosk (APM), counter and officer dashboard.
//!
//! | route | module |
//! |---|---|
//! | `GET /offices/{code}/board`, `GET /api/v1/offices/{code}/board/events` (SSE) | [`board`] |
//! | `GET /kiosk/{code}`, `POST /kiosk/{code}/setup`, `…/check-in`, `…/forget` | [`kiosk`] |
//! | `GET /offices/{code}/counter` and its POST forms | [`counter`] |
//! | `GET /offices/{code}/dashboard` | [`dashboard`] |
//! | `GET /assets/floor/{name}` (board script, floor styles) | here |
//!
//! The board and the kiosk have their own full-screen layouts (no site
//! navigation); the counter and the dashboard use the site layout. Every
//! page works without JavaScript; the board's script only adds live
//! updates, a chime and the spoken number. Like the API, the pages only
//! parse, authorize, call [`crate::app`] (reads: [`crate::store`]) and turn
//! typed errors into messages from the Fluent files.

mod board;
mod chart;
mod counter;
mod dashboard;
mod kiosk;

use axum::Router;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::{get, post};
use imigrasi_core::OfficeZone;
use imigrasi_platform::AppState;
use imigrasi_platform::http::assets::{self, Asset};
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::offices::{self, Office};

use crate::domain::weekday_name;

/// Scripts and styles of the floor pages, served under `/assets/floor/`.
const FLOOR_ASSETS: &[Asset] = &[
    Asset {
        name: "board.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../../assets/floor-board.js").as_bytes(),
    },
    Asset {
        name: "kiosk.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../../assets/floor-kiosk.js").as_bytes(),
    },
    Asset {
        name: "floor.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../../assets/floor.css").as_bytes(),
    },
];

/// OpenAPI description of the one JSON-side route served here: the
/// board's event stream (merge into the service's document).
#[derive(utoipa::OpenApi)]
#[openapi(paths(board::events))]
pub struct BoardEventsApi;

/// Floor pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/offices/{code}/board", get(board::page))
        .route("/api/v1/offices/{code}/board/events", get(board::events))
        .route("/kiosk/{code}", get(kiosk::show))
        .route("/kiosk/{code}/setup", post(kiosk::setup_submit))
        .route("/kiosk/{code}/check-in", post(kiosk::check_in))
        .route("/kiosk/{code}/forget", post(kiosk::forget))
        .route("/offices/{code}/counter", get(counter::show))
        .route("/offices/{code}/counter/open", post(counter::open))
        .route(
            "/offices/{code}/counter/call-next",
            post(counter::call_next),
        )
        .route(
            "/offices/{code}/counter/tickets/{ticket}/{action}",
            post(counter::act),
        )
        .route("/offices/{code}/counter/walk-ins", post(counter::walk_in))
        .route("/offices/{code}/dashboard", get(dashboard::show))
        .route("/assets/floor/{name}", get(asset))
}

async fn asset(Path(name): Path<String>) -> Response {
    assets::serve(&[FLOOR_ASSETS], &name)
}

/// An office and its zone, or the 404 page.
pub(crate) async fn office(
    state: &AppState,
    code: &str,
) -> Result<(Office, OfficeZone), PageError> {
    let code = code.trim().to_uppercase();
    let office = offices::find(&state.db, &code)
        .await?
        .ok_or_else(PageError::not_found)?;
    let zone = office
        .zone()
        .ok_or_else(|| PageError::internal("office without a valid zone"))?;
    Ok((office, zone))
}

pub(crate) use imigrasi_platform::http::page::render_with;

/// The label of a ticket category (`regular`, `accelerated`, `priority`,
/// or anything else the store records), falling back to the raw value.
pub(crate) fn category_label(lang: Lang, category: &str) -> String {
    let key = format!("floor-category-{}", category.replace('_', "-"));
    if lang.has(&key) {
        lang.t(&key)
    } else {
        category.to_owned()
    }
}

/// "12,5 menit" / "12.5 min" (one decimal); "–" when unknown.
pub(crate) fn minutes_text(lang: Lang, minutes: Option<f64>) -> String {
    match minutes {
        Some(m) if m.is_finite() => {
            let text = format!("{:.1}", m.max(0.0));
            let text = text.strip_suffix(".0").unwrap_or(&text).to_owned();
            let text = if lang == Lang::Id {
                text.replace('.', ",")
            } else {
                text
            };
            lang.t_args("floor-minutes", &[("n", &text)])
        }
        _ => "–".to_owned(),
    }
}

/// "HH:MM" in the office's zone for an instant in milliseconds.
pub(crate) fn clock(zone: OfficeZone, ms: i64) -> String {
    let local = zone
        .time_zone()
        .to_datetime(imigrasi_platform::db::from_millis(ms));
    format!("{:02}:{:02}", local.hour(), local.minute())
}

/// "Senin, 8 Desember 2025" / "Monday, 8 December 2025".
pub(crate) fn long_date(lang: Lang, d: jiff::civil::Date) -> String {
    let weekday = lang.t(&format!("floor-weekday-{}", weekday_name(d.weekday())));
    let month = lang.t(&format!("floor-month-{}", d.month()));
    lang.t_args(
        "floor-date-long",
        &[
            ("weekday", &weekday),
            ("day", &d.day().to_string()),
            ("month", &month),
            ("year", &d.year().to_string()),
        ],
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn minutes_show_one_decimal_in_each_language() {
        assert_eq!(minutes_text(Lang::En, None), "–");
        assert_eq!(minutes_text(Lang::En, Some(12.5)), "12.5 min");
        assert_eq!(minutes_text(Lang::Id, Some(12.5)), "12,5 menit");
        assert_eq!(minutes_text(Lang::En, Some(3.0)), "3 min");
        assert_eq!(minutes_text(Lang::En, Some(-1.0)), "0 min");
    }

    #[test]
    fn long_dates_in_each_language() {
        let d = jiff::civil::date(2025, 12, 8);
        assert_eq!(long_date(Lang::Id, d), "Senin, 8 Desember 2025");
        assert_eq!(long_date(Lang::En, d), "Monday 8 December 2025");
    }

    #[test]
    fn unknown_categories_show_their_value() {
        assert_eq!(category_label(Lang::En, "regular"), "Regular");
        assert_eq!(category_label(Lang::Id, "mystery"), "mystery");
    }

    #[test]
    fn the_event_stream_is_described() {
        use utoipa::OpenApi;
        let doc = BoardEventsApi::openapi();
        assert!(
            doc.paths
                .paths
                .contains_key("/api/v1/offices/{code}/board/events")
        );
    }

    #[test]
    fn assets_are_served() {
        for a in FLOOR_ASSETS {
            assert!(!a.body.is_empty(), "{}", a.name);
        }
    }
}

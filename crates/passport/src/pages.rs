//! HTML pages for citizens: choose an office, calendar, book, pay, manage.
//!
//! Server-rendered, usable without JavaScript, in both languages. Handlers
//! stay short: loading and formatting live in [`view`], translated error
//! messages in [`messages`].
//!
//! | route | module |
//! |---|---|
//! | `GET /passport`, `GET /passport/offices` | [`browse`] |
//! | `GET /passport/offices/{code}` | [`calendar`] |
//! | `GET, POST /passport/book` | [`book`] |
//! | `GET /passport/bookings`, `GET /passport/bookings/{code}`, `…/proof` | [`mine`] |
//! | `POST /passport/bookings/{code}/documents`, `GET …/documents/{id}` | [`documents`] |
//! | `GET, POST /passport/bookings/{code}/cancel`, `…/reschedule` | [`change`] |
//! | `GET /passport/waitlist/new`, `POST /passport/waitlist`, `POST /passport/waitlist/{id}/leave` | [`waitlist`] |
//! | `GET /passport/lotteries/{id}` (public: odds, commitment, seed and how to verify; a citizen's entries and the entry form), `POST /passport/lotteries/{id}/enter`, `POST /passport/lotteries/{id}/withdraw` | [`lottery`] |
//! | `GET /passport/offices/{code}/lotteries` (public list; a supervisor's create form), `POST` the same | [`lottery_office`] |
//! | `GET, POST /passport/examination` (staff: the BAP of a lost or damaged passport) | [`examination`] |
//! | `GET /passport/staff/bookings/{code}`, `POST …/{step}` (staff of its office: after the visit) | [`staff_visit`] |
//! | `GET /demo/bank`, `POST /demo/bank/pay` (demo mode only) | [`bank`] |

mod bank;
mod book;
mod browse;
mod calendar;
mod change;
mod documents;
mod examination;
mod form;
mod lottery;
mod lottery_office;
mod messages;
mod mine;
pub mod quota;
mod staff_visit;
#[cfg(test)]
mod tests;
mod view;
mod visit;
mod waitlist;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use imigrasi_platform::AppState;

/// Citizen pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/passport", get(browse::start))
        .route("/passport/offices", get(browse::offices))
        .route("/passport/offices/{code}", get(calendar::calendar))
        .route("/passport/book", get(book::form).post(book::submit))
        .route("/passport/bookings", get(mine::list))
        .route("/passport/bookings/{code}", get(mine::show))
        .route("/passport/bookings/{code}/proof", get(mine::proof))
        .route(
            "/passport/bookings/{code}/documents",
            post(documents::upload).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/passport/bookings/{code}/documents/{id}",
            get(documents::file),
        )
        .route(
            "/passport/bookings/{code}/cancel",
            get(change::cancel_form).post(change::cancel),
        )
        .route(
            "/passport/bookings/{code}/reschedule",
            get(change::reschedule_form).post(change::reschedule),
        )
        .route("/passport/staff/bookings/{code}", get(staff_visit::show))
        .route(
            "/passport/staff/bookings/{code}/{step}",
            post(staff_visit::submit),
        )
        .route("/passport/lotteries/{id}", get(lottery::show))
        .route("/passport/lotteries/{id}/enter", post(lottery::enter))
        .route(
            "/passport/offices/{code}/lotteries",
            get(lottery_office::list).post(lottery_office::create),
        )
        .route("/passport/lotteries/{id}/withdraw", post(lottery::withdraw))
        .route("/passport/waitlist/new", get(waitlist::form))
        .route("/passport/waitlist", post(waitlist::join))
        .route("/passport/waitlist/{id}/leave", post(waitlist::leave))
        .route(
            "/passport/examination",
            get(examination::form).post(examination::submit),
        )
        .route("/demo/bank", get(bank::form))
        .route("/demo/bank/pay", post(bank::pay))
}

//! JSON routes of the passport appointment service (`/api/v1`).

pub(crate) mod application;
pub(crate) mod bookings;
pub(crate) mod documents;
pub(crate) mod errors;
pub(crate) mod examination;
pub(crate) mod lottery;
pub(crate) mod lottery_entries;
pub(crate) mod products;
pub mod quota;
pub(crate) mod slots;
pub(crate) mod views;
mod waitlist;

use axum::Router;
use imigrasi_platform::AppState;
use utoipa::OpenApi;

pub use views::{BookingView, SlotView};
pub(crate) use waitlist::range_error as waitlist_range_error;

/// OpenAPI description of the passport routes.
#[derive(OpenApi)]
#[openapi(
    paths(slots::list_slots, slots::create_slot, bookings::create_booking, bookings::list_bookings,
          bookings::get_booking, documents::upload_document, bookings::cancel_booking, bookings::reschedule_booking,
          waitlist::join_waitlist, waitlist::list_waitlist, waitlist::leave_waitlist,
          products::list_products, examination::examine, application::record_outcome,
          application::mark_ready, application::mark_collected, application::mark_delivered,
          lottery::create_lottery, lottery::draw_lottery, lottery::get_lottery, lottery::entry_list,
          lottery::enter_lottery, lottery_entries::list_lotteries, lottery_entries::withdraw_entries),
    components(schemas(views::SlotView, views::SlotList, views::BookingView, views::BookingList,
        views::PaymentView, views::ApplicantView, views::DocumentItemView,
        imigrasi_platform::documents::DocumentView, slots::NewSlotRequest, bookings::BookingBody,
        bookings::ApplicantBody, bookings::RescheduleBody, waitlist::WaitlistBody, waitlist::WaitlistView,
        waitlist::WaitlistList, bookings::BookingApplicant, products::ProductList,
        products::ProductView, products::SurchargeView, examination::ExaminationBody,
        views::ApplicationView, application::OutcomeBody, application::CollectedBody,
        application::DeliveredBody, lottery::LotteryBody, lottery::LotteryView, lottery::EntryBody,
        lottery::EntryView, lottery::DrawView, lottery_entries::LotteryList,
        lottery_entries::WithdrawnView)),
    tags((name = "passport", description = "Passport appointments (Antrean Paspor)"))
)]
pub struct PassportApi;

/// Passport API routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(slots::router())
        .merge(bookings::router())
        .merge(waitlist::router())
        .merge(products::router())
        .merge(application::router())
        .merge(lottery::router())
        .merge(lottery_entries::router())
}

//! "My bookings", one booking with its payment details, and the proof.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Page, render, render_with};
use imigrasi_platform::i18n::Lang;
use serde::Deserialize;

use super::documents::{self, PapersView};
use super::view::{
    BookingSummary, Owned, duration, instant_ms, key, long_date, office_names, plain_date, rupiah,
    time_range,
};
use super::visit::VisitSection;
use crate::domain::{BookingStatus, MAX_ACTIVE_BOOKINGS_PER_ACCOUNT};
use crate::store::{self, waitlist};

/// The notice shown after an action redirected here (`?done=`).
#[derive(Deserialize)]
pub(crate) struct DoneQuery {
    done: Option<String>,
}

fn flash(lang: Lang, done: Option<&str>) -> Option<String> {
    let key = match done? {
        "booked" => "appt-done-booked",
        "cancelled" => "appt-done-cancelled",
        "cancelled-paid" => "appt-done-cancelled-paid",
        "rescheduled" => "appt-done-rescheduled",
        "joined" => "appt-done-joined",
        "left" => "appt-done-left",
        "not-waiting" => "appt-done-not-waiting",
        "uploaded" => "pdoc-done-uploaded",
        _ => return None,
    };
    Some(lang.t(key))
}

struct BookingRow {
    code: String,
    full_name: String,
    office_name: String,
    when: String,
    status_key: String,
    active: bool,
}

struct WaitRow {
    id: String,
    office_name: String,
    range: String,
    category_key: String,
    full_name: String,
    nik_masked: String,
    status_key: String,
    waiting: bool,
    booking_code: Option<String>,
}

#[derive(Template)]
#[template(path = "passport_bookings.html")]
struct ListTemplate {
    page: Page,
    bookings: Vec<BookingRow>,
    waitlist: Vec<WaitRow>,
    active: String,
    max_active: String,
}

/// `GET /passport/bookings`: the account's bookings and waitlist entries.
pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let lang = ctx.lang;
    let names = office_names(&state).await?;
    let stored = store::list_for_account(&state.db, &actor.id).await?;
    let mut bookings = Vec::new();
    for b in &stored {
        let Some(slot) = store::slot(&state.db, &b.slot_id).await? else {
            continue;
        };
        let office = names.get(&b.office_code);
        let when = match office.and_then(|o| o.zone()) {
            Some(zone) => format!(
                "{} · {}",
                long_date(lang, slot.date),
                time_range(zone, slot.start, slot.end)
            ),
            None => long_date(lang, slot.date),
        };
        bookings.push(BookingRow {
            code: b.code.clone(),
            full_name: b.full_name.clone(),
            office_name: office.map_or_else(|| b.office_code.clone(), |o| o.name.clone()),
            when,
            status_key: key("status", b.status.as_str()),
            active: b.status.is_active(),
        });
    }
    let mut entries = Vec::new();
    for e in waitlist::list_for_account(&state.db, &actor.id).await? {
        let range = match (e.date_from.parse(), e.date_to.parse()) {
            (Ok(from), Ok(to)) => format!("{} – {}", plain_date(lang, from), plain_date(lang, to)),
            _ => format!("{} – {}", e.date_from, e.date_to),
        };
        let booking_code = e
            .booking_id
            .as_ref()
            .and_then(|id| stored.iter().find(|b| &b.id == id))
            .map(|b| b.code.clone());
        entries.push(WaitRow {
            office_name: names
                .get(&e.office_code)
                .map_or_else(|| e.office_code.clone(), |o| o.name.clone()),
            range,
            category_key: key("category", &e.category),
            waiting: e.status == "waiting",
            status_key: key("wait-status", &e.status),
            full_name: e.full_name,
            nik_masked: e.nik_masked,
            id: e.id,
            booking_code,
        });
    }
    let mut page = Page::new(&ctx);
    page.flash = flash(lang, q.done.as_deref());
    render(&ListTemplate {
        page,
        active: bookings.iter().filter(|b| b.active).count().to_string(),
        bookings,
        waitlist: entries,
        max_active: MAX_ACTIVE_BOOKINGS_PER_ACCOUNT.to_string(),
    })
}

/// Payment details while a booking awaits payment.
struct Payment {
    billing_code: String,
    amount: String,
    deadline: String,
    minutes_left: i64,
    left: String,
}

#[derive(Template)]
#[template(path = "passport_booking.html")]
struct ShowTemplate {
    page: Page,
    b: BookingSummary,
    status_note_key: String,
    birth_date: String,
    sex_key: String,
    rescheduled: bool,
    payment: Option<Payment>,
    check_in: String,
    proof: bool,
    can_cancel: bool,
    can_reschedule: bool,
    demo_bank: bool,
    queue: Option<imigrasi_office::store::Position>,
    visit: Option<VisitSection>,
    papers: PapersView,
    can_upload: bool,
    upload_error: Option<String>,
}

/// `GET /passport/bookings/{code}`: the booking (its owner only).
pub(crate) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let notice = flash(ctx.lang, q.done.as_deref());
    show_page(&state, &ctx, &code, notice, None, StatusCode::OK).await
}

/// The booking page with a notice, or a refused upload's message.
pub(crate) async fn show_page(
    state: &AppState,
    ctx: &Ctx,
    code: &str,
    notice: Option<String>,
    upload_error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let o = Owned::load(state, ctx, code).await?;
    let lang = ctx.lang;
    let now = jiff::Timestamp::now();
    let b = &o.booking;
    let payment = (b.status == BookingStatus::AwaitingPayment).then(|| {
        let minutes_left = ((b.payment_deadline - now.as_millisecond()).max(0) + 59_999) / 60_000;
        Payment {
            billing_code: b.billing_code.clone(),
            amount: rupiah(b.amount),
            deadline: instant_ms(lang, o.zone, b.payment_deadline),
            minutes_left,
            left: duration(lang, minutes_left),
        }
    });
    let queue = if b.status == BookingStatus::CheckedIn {
        imigrasi_office::store::position(&state.db, &b.id).await?
    } else {
        None
    };
    let visit = crate::app::application::of_booking(&state.db, b)
        .await?
        .map(|a| VisitSection::new(lang, o.zone, &a));
    let mut page = Page::new(ctx);
    page.flash = notice;
    page.path = format!("/passport/bookings/{}", b.code);
    render_with(
        &ShowTemplate {
            page,
            papers: documents::load(state, b).await?,
            visit,
            can_upload: b.status.is_active(),
            upload_error,
            queue,
            status_note_key: key("status-note", b.status.as_str()),
            birth_date: b
                .birth_date
                .parse()
                .map_or_else(|_| b.birth_date.clone(), |d| plain_date(lang, d)),
            sex_key: key("sex", &b.sex.to_lowercase()),
            rescheduled: b.rescheduled,
            payment,
            check_in: o.check_in(lang),
            proof: matches!(
                b.status,
                BookingStatus::Confirmed | BookingStatus::CheckedIn
            ),
            can_cancel: o.can_cancel(now),
            can_reschedule: o.can_reschedule(now).is_ok(),
            demo_bank: state.config.demo,
            b: o.summary(lang),
        },
        status,
    )
}

#[derive(Template)]
#[template(path = "passport_proof.html")]
struct ProofTemplate {
    page: Page,
    b: BookingSummary,
    qr_svg: String,
    check_in: String,
    available: bool,
    unavailable: String,
    papers: PapersView,
}

/// The booking code as an inline SVG QR code, labelled for screen readers.
fn qr_svg(code: &str, label: &str) -> Result<String, PageError> {
    let style = imigrasi_platform::http::qr::QrStyle {
        label,
        min_size: 200,
        class: Some("qr"),
    };
    imigrasi_platform::http::qr::page_svg(code, style)
}

/// `GET /passport/bookings/{code}/proof`: printable proof with the QR code.
pub(crate) async fn proof(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let o = Owned::load(&state, &ctx, &code).await?;
    let lang = ctx.lang;
    let available = matches!(
        o.booking.status,
        BookingStatus::Confirmed | BookingStatus::CheckedIn
    );
    let qr_svg = if available {
        qr_svg(
            &o.booking.code,
            &lang.t_args("appt-proof-qr-label", &[("code", &o.booking.code)]),
        )?
    } else {
        String::new()
    };
    let unavailable = match o.booking.status {
        BookingStatus::AwaitingPayment => lang.t("appt-proof-unavailable"),
        s => lang.t_args(
            "appt-proof-void",
            &[("status", &lang.t(&key("status", s.as_str())))],
        ),
    };
    let mut res = render(&ProofTemplate {
        page: Page::new(&ctx),
        papers: documents::load(&state, &o.booking).await?,
        unavailable,
        check_in: o.check_in(lang),
        b: o.summary(lang),
        qr_svg,
        available,
    })?;
    if available {
        // The one page the service worker keeps on the citizen's device,
        // so the QR code opens without signal in the office's queue (still
        // `no-store` for every other cache; forgotten at logout).
        use imigrasi_platform::http::pwa::{OFFLINE_KEEP, OFFLINE_KEEP_PROOF};
        res.headers_mut().insert(OFFLINE_KEEP, OFFLINE_KEEP_PROOF);
    }
    Ok(res)
}

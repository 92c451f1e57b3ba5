//! Cancel (with a confirmation step) and reschedule a booking.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Page, render};
use serde::Deserialize;

use super::form::Errors;
use super::messages::{booking_error, reschedule_refused};
use super::view::{
    Availability, BookingSummary, Owned, availability, long_date, render_with, time_range,
};
use crate::app::{self, BookingError, Origin};
use crate::domain::office_date;
use crate::domain::office_time::add_days;
use crate::store;

/// Days of sessions offered when rescheduling.
const RESCHEDULE_DAYS: i64 = 14;

#[derive(Template)]
#[template(path = "passport_cancel.html")]
struct CancelTemplate {
    page: Page,
    b: BookingSummary,
    allowed: bool,
    /// The fee is paid: cancelling forfeits it.
    paid: bool,
    errors: Errors,
}

fn cancel_page(ctx: &Ctx, o: &Owned, errors: Errors) -> CancelTemplate {
    let mut page = Page::new(ctx);
    page.path = format!("/passport/bookings/{}/cancel", o.booking.code);
    CancelTemplate {
        page,
        b: o.summary(ctx.lang),
        allowed: o.can_cancel(jiff::Timestamp::now()),
        paid: o.booking.status == crate::domain::BookingStatus::Confirmed,
        errors,
    }
}

/// `GET /passport/bookings/{code}/cancel`: ask for confirmation.
pub(crate) async fn cancel_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let o = Owned::load(&state, &ctx, &code).await?;
    render(&cancel_page(&ctx, &o, Errors::default()))
}

/// `POST /passport/bookings/{code}/cancel`: cancel; the place returns.
pub(crate) async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let o = Owned::load(&state, &ctx, &code).await?;
    let origin = Origin {
        actor: Some(&o.actor),
        request_id: &ctx.request_id,
    };
    match app::changes::cancel(
        &state,
        &o.actor,
        origin,
        &o.booking.code,
        jiff::Timestamp::now(),
    )
    .await
    {
        Ok(c) => {
            let done = match c.fee_forfeited {
                true => "cancelled-paid",
                false => "cancelled",
            };
            Ok(Redirect::to(&format!(
                "/passport/bookings/{}?done={done}",
                c.booking.code
            ))
            .into_response())
        }
        Err(e) => {
            let (status, _, message) = booking_error(ctx.lang, o.zone, e)?;
            let mut errors = Errors::default();
            errors.add("", message);
            render_with(&cancel_page(&ctx, &o, errors), status)
        }
    }
}

/// A session one can move to.
struct SessionOption {
    id: String,
    time: String,
    remaining: String,
}

/// The sessions of one day one can move to.
struct DayOptions {
    date: String,
    sessions: Vec<SessionOption>,
}

#[derive(Template)]
#[template(path = "passport_reschedule.html")]
struct RescheduleTemplate {
    page: Page,
    b: BookingSummary,
    refused: Option<String>,
    options: Vec<DayOptions>,
    errors: Errors,
}

async fn reschedule_page(
    state: &AppState,
    ctx: &Ctx,
    o: &Owned,
    errors: Errors,
) -> Result<RescheduleTemplate, PageError> {
    let lang = ctx.lang;
    let now = jiff::Timestamp::now();
    let refused = o
        .can_reschedule(now)
        .err()
        .map(|e| reschedule_refused(lang, &e));
    let mut options: Vec<DayOptions> = Vec::new();
    if refused.is_none() {
        let today = office_date(&o.zone.time_zone(), now);
        let to = add_days(today, RESCHEDULE_DAYS - 1);
        let window = store::booking_window(&state.db, &o.office.code).await?;
        for s in store::slots_between(&state.db, &o.office.code, today, to).await? {
            if s.category == o.slot.category
                && s.id != o.slot.id
                && availability(lang, o.zone, &window, &s, now) == Availability::Open
            {
                let date = long_date(lang, s.date);
                if options.last().is_none_or(|d| d.date != date) {
                    options.push(DayOptions {
                        date,
                        sessions: Vec::new(),
                    });
                }
                if let Some(day) = options.last_mut() {
                    day.sessions.push(SessionOption {
                        time: time_range(o.zone, s.start, s.end),
                        remaining: s.remaining().to_string(),
                        id: s.id,
                    });
                }
            }
        }
    }
    let mut page = Page::new(ctx);
    page.path = format!("/passport/bookings/{}/reschedule", o.booking.code);
    Ok(RescheduleTemplate {
        page,
        b: o.summary(lang),
        refused,
        options,
        errors,
    })
}

/// `GET /passport/bookings/{code}/reschedule`: sessions to move to.
pub(crate) async fn reschedule_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let o = Owned::load(&state, &ctx, &code).await?;
    render(&reschedule_page(&state, &ctx, &o, Errors::default()).await?)
}

#[derive(Deserialize)]
pub(crate) struct RescheduleForm {
    #[serde(default)]
    slot: String,
}

/// `POST /passport/bookings/{code}/reschedule`: move to the chosen session.
pub(crate) async fn reschedule(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(f): Form<RescheduleForm>,
) -> Result<Response, PageError> {
    let o = Owned::load(&state, &ctx, &code).await?;
    ctx.take_booking_request(&state)
        .map_err(|l| l.page_error())?;
    let mut errors = Errors::default();
    let slot = f.slot.trim();
    if slot.is_empty() {
        errors.add("options", ctx.lang.t("appt-error-choose-session"));
        let t = reschedule_page(&state, &ctx, &o, errors).await?;
        return render_with(&t, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let origin = Origin {
        actor: Some(&o.actor),
        request_id: &ctx.request_id,
    };
    match app::changes::reschedule(
        &state,
        &o.actor,
        origin,
        &o.booking.code,
        slot,
        jiff::Timestamp::now(),
    )
    .await
    {
        Ok((b, _)) => Ok(
            Redirect::to(&format!("/passport/bookings/{}?done=rescheduled", b.code))
                .into_response(),
        ),
        Err(e) => {
            // A session that vanished is a correction to make, not a missing page.
            let gone = matches!(e, BookingError::SlotNotFound);
            let (status, _, message) = booking_error(ctx.lang, o.zone, e)?;
            let status = if gone {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                status
            };
            errors.add("options", message);
            let t = reschedule_page(&state, &ctx, &o, errors).await?;
            render_with(&t, status)
        }
    }
}

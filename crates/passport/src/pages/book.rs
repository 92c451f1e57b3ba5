//! The booking form: `GET /passport/book?slot=ID` and `POST /passport/book`.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_core::OfficeZone;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{PageError, urlencode};
use imigrasi_platform::http::page::{Page, render};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::offices::Office;
use serde::Deserialize;

use super::form::{ApplicantChoices, ApplicantInput, Choice, Errors};
use super::messages::booking_error;
use super::view::{
    Availability, SlotSummary, availability, citizen, duration, office, render_with,
};
use crate::app::book::Book;
use crate::app::{self, Origin};
use crate::domain::MAX_ACTIVE_BOOKINGS_PER_ACCOUNT;
use crate::store::{self, Slot};

#[derive(Template)]
#[template(path = "passport_book.html")]
struct BookTemplate {
    page: Page,
    slot: SlotSummary,
    blocked: Option<String>,
    form: ApplicantInput,
    choices: ApplicantChoices,
    validity: Vec<Choice>,
    purposes: Vec<Choice>,
    married: bool,
    errors: Errors,
    max_active: String,
    active: String,
    hold: String,
}

/// A slot with its office, or the 404 page.
async fn slot_at_office(
    state: &AppState,
    id: &str,
) -> Result<(Slot, Office, OfficeZone), PageError> {
    let slot = store::slot(&state.db, id.trim())
        .await?
        .ok_or_else(PageError::not_found)?;
    let (office, zone) = office(state, &slot.office_code).await?;
    Ok((slot, office, zone))
}

/// Everything the form shows around the input.
async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    account_id: &str,
    id: &str,
    form: ApplicantInput,
    errors: Errors,
) -> Result<BookTemplate, PageError> {
    let lang = ctx.lang;
    let (slot, office, zone) = slot_at_office(state, id).await?;
    let window = store::booking_window(&state.db, &slot.office_code).await?;
    let blocked = match availability(lang, zone, &window, &slot, jiff::Timestamp::now()) {
        Availability::Open => None,
        Availability::Full => Some(lang.t("appt-error-slot-full")),
        Availability::OpensAt(at) => Some(lang.t_args("appt-error-not-released", &[("at", &at)])),
        Availability::Closed(key) => Some(lang.t(key)),
    };
    let active = store::list_for_account(&state.db, account_id)
        .await?
        .iter()
        .filter(|b| b.status.is_active())
        .count();
    let mut page = Page::new(ctx);
    page.path = format!("/passport/book?slot={}", urlencode(&slot.id));
    Ok(BookTemplate {
        page,
        choices: ApplicantChoices::new(state, lang, &form, slot.category).await?,
        validity: form.validity_choices(lang),
        purposes: form.purpose_choices(lang),
        married: form.married.is_some(),
        slot: SlotSummary::new(lang, &office, zone, &slot),
        blocked,
        form,
        errors,
        max_active: MAX_ACTIVE_BOOKINGS_PER_ACCOUNT.to_string(),
        active: active.to_string(),
        hold: duration(
            lang,
            i64::from(crate::app::passport_settings(state).payment_hold_minutes),
        ),
    })
}

#[derive(Deserialize)]
pub(crate) struct SlotQuery {
    slot: Option<String>,
}

/// `GET /passport/book?slot=ID`: the form (citizens only).
pub(crate) async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<SlotQuery>,
) -> Result<Response, PageError> {
    let actor = citizen(&ctx)?;
    let Some(id) = q.slot.filter(|s| !s.trim().is_empty()) else {
        return Ok(Redirect::to("/passport/offices").into_response());
    };
    let input = ApplicantInput {
        passport_type: "regular".into(),
        service: "new".into(),
        ..ApplicantInput::default()
    };
    render(&form_page(&state, &ctx, &actor.id, &id, input, Errors::default()).await?)
}

#[derive(Deserialize)]
pub(crate) struct BookForm {
    #[serde(default)]
    slot: String,
    #[serde(flatten)]
    applicant: ApplicantInput,
}

/// `POST /passport/book`: book through the web channel, or re-show the
/// form with what to correct.
pub(crate) async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<BookForm>,
) -> Result<Response, PageError> {
    let actor = citizen(&ctx)?;
    ctx.take_booking_request(&state)
        .map_err(|l| l.page_error())?;
    let lang: Lang = ctx.lang;
    let (slot, _, zone) = slot_at_office(&state, &f.slot).await?;
    let mut errors = Errors::default();
    let checked = f.applicant.check(lang, &mut errors);
    let details = f.applicant.details(lang, &mut errors);
    let (Some((applicant, passport_type, service)), Some(details)) = (checked, details) else {
        let t = form_page(&state, &ctx, &actor.id, &slot.id, f.applicant, errors).await?;
        return render_with(&t, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let cmd = Book {
        slot_id: slot.id.clone(),
        applicant,
        passport_type,
        service,
        validity_years: details.validity_years,
        purpose: details.purpose,
        married: details.married,
        channel: "web",
    };
    let origin = Origin {
        actor: Some(&actor),
        request_id: &ctx.request_id,
    };
    match app::book::book(&state, Some(&actor), origin, cmd).await {
        Ok(booked) => Ok(Redirect::to(&format!(
            "/passport/bookings/{}?done=booked",
            booked.booking.code
        ))
        .into_response()),
        Err(e) => {
            let (status, field, message) = booking_error(lang, zone, e)?;
            errors.add(field, message);
            let t = form_page(&state, &ctx, &actor.id, &slot.id, f.applicant, errors).await?;
            render_with(&t, status)
        }
    }
}

//! The waitlist: join through a form, leave from "my bookings".

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{PageError, urlencode};
use imigrasi_platform::http::page::{Page, render};
use imigrasi_platform::offices;
use jiff::civil::Date;
use serde::Deserialize;

use super::form::{ApplicantChoices, ApplicantInput, Choice, Errors};
use super::messages::range_error;
use super::view::{citizen, render_with};
use crate::app::waitlist::Join;
use crate::app::{self, BookingError, Origin};
use crate::domain::office_time::add_days;
use crate::domain::waitlist::MAX_WAITLIST_RANGE_DAYS;
use crate::domain::{Category, office_date, validate_range};

/// The waitlist part of the form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct WaitInput {
    #[serde(default)]
    office: String,
    #[serde(default)]
    date_from: String,
    #[serde(default)]
    date_to: String,
    #[serde(default)]
    category: String,
    #[serde(flatten)]
    applicant: ApplicantInput,
}

/// An office option: code, label, selected.
type OfficeOption = (String, String, bool);

#[derive(Template)]
#[template(path = "passport_waitlist.html")]
struct WaitlistTemplate {
    page: Page,
    provinces: Vec<(String, Vec<OfficeOption>)>,
    input: WaitInput,
    categories: Vec<Choice>,
    form: ApplicantInput,
    choices: ApplicantChoices,
    errors: Errors,
    max_days: String,
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    input: WaitInput,
    errors: Errors,
) -> Result<WaitlistTemplate, PageError> {
    let lang = ctx.lang;
    let mut provinces: Vec<(String, Vec<OfficeOption>)> = Vec::new();
    for o in offices::list(&state.db).await? {
        if provinces.last().is_none_or(|p| p.0 != o.province) {
            provinces.push((o.province.clone(), Vec::new()));
        }
        if let Some(p) = provinces.last_mut() {
            let selected = o.code == input.office;
            p.1.push((o.code, format!("{} ({})", o.name, o.city), selected));
        }
    }
    let categories = Category::ALL
        .into_iter()
        .map(|c| Choice {
            value: c.as_str(),
            label: lang.t(&format!("appt-category-{}", c.as_str())),
            checked: input.category == c.as_str(),
        })
        .collect();
    let mut page = Page::new(ctx);
    page.path = format!("/passport/waitlist/new?office={}", urlencode(&input.office));
    Ok(WaitlistTemplate {
        page,
        provinces,
        categories,
        choices: ApplicantChoices::new(state, lang, &input.applicant, Category::Regular).await?,
        form: input.applicant.clone(),
        input,
        errors,
        max_days: MAX_WAITLIST_RANGE_DAYS.to_string(),
    })
}

#[derive(Deserialize)]
pub(crate) struct OfficeQuery {
    office: Option<String>,
}

/// `GET /passport/waitlist/new?office=CODE`: the form (citizens only).
pub(crate) async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OfficeQuery>,
) -> Result<Response, PageError> {
    citizen(&ctx)?;
    let office = q.office.unwrap_or_default().trim().to_uppercase();
    let today = match offices::find(&state.db, &office)
        .await?
        .and_then(|o| o.zone())
    {
        Some(zone) => office_date(&zone.time_zone(), jiff::Timestamp::now()),
        None => office_date(&jiff::tz::TimeZone::UTC, jiff::Timestamp::now()),
    };
    let input = WaitInput {
        office,
        date_from: add_days(today, 1).to_string(),
        date_to: add_days(today, 14).to_string(),
        category: "regular".into(),
        applicant: ApplicantInput {
            passport_type: "regular".into(),
            service: "new".into(),
            ..ApplicantInput::default()
        },
    };
    render(&form_page(&state, &ctx, input, Errors::default()).await?)
}

/// Check everything but the applicant; the request parts that passed.
async fn check_wait(
    state: &AppState,
    ctx: &Ctx,
    input: &WaitInput,
    errors: &mut Errors,
) -> Result<Option<(String, Date, Date, Category)>, PageError> {
    let lang = ctx.lang;
    let office = offices::find(&state.db, &input.office.trim().to_uppercase()).await?;
    let zone = office.as_ref().and_then(|o| o.zone());
    if zone.is_none() {
        errors.add("office", lang.t("appt-error-office"));
    }
    let from = input.date_from.trim().parse::<Date>().ok();
    let to = input.date_to.trim().parse::<Date>().ok();
    if from.is_none() {
        errors.add("date_from", lang.t("appt-error-date"));
    }
    if to.is_none() {
        errors.add("date_to", lang.t("appt-error-date"));
    }
    let category = input.category.parse::<Category>().ok();
    if category.is_none() {
        errors.add("category-regular", lang.t("appt-error-category"));
    }
    let (Some(office), Some(zone), Some(from), Some(to), Some(category)) =
        (office, zone, from, to, category)
    else {
        return Ok(None);
    };
    let today = office_date(&zone.time_zone(), jiff::Timestamp::now());
    if let Err(e) = validate_range(from, to, today) {
        errors.add("date_from", range_error(lang, &e));
        return Ok(None);
    }
    Ok(Some((office.code, from, to, category)))
}

/// `POST /passport/waitlist`: join, or re-show the form with what to correct.
pub(crate) async fn join(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(input): Form<WaitInput>,
) -> Result<Response, PageError> {
    let actor = citizen(&ctx)?;
    ctx.take_booking_request(&state)
        .map_err(|l| l.page_error())?;
    let mut errors = Errors::default();
    let wait = check_wait(&state, &ctx, &input, &mut errors).await?;
    let applicant = input.applicant.check(ctx.lang, &mut errors);
    let (Some((office_code, date_from, date_to, category)), Some(a)) = (wait, applicant) else {
        let t = form_page(&state, &ctx, input, errors).await?;
        return render_with(&t, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let (applicant, passport_type, service) = a;
    let cmd = Join {
        office_code,
        date_from,
        date_to,
        category,
        applicant,
        passport_type,
        service,
    };
    let origin = Origin {
        actor: Some(&actor),
        request_id: &ctx.request_id,
    };
    match app::waitlist::join(&state, &actor, origin, cmd).await {
        Ok(_) => Ok(Redirect::to("/passport/bookings?done=joined").into_response()),
        Err(BookingError::AlreadyBooked) => {
            errors.add("nik", ctx.lang.t("appt-error-already-waiting"));
            let t = form_page(&state, &ctx, input, errors).await?;
            render_with(&t, StatusCode::CONFLICT)
        }
        Err(BookingError::Forbidden) => Err(PageError::forbidden()),
        Err(BookingError::Db(e)) => Err(PageError::from(e)),
        Err(_) => Err(PageError::internal("unexpected waitlist refusal")),
    }
}

/// `POST /passport/waitlist/{id}/leave`: stop waiting (owner only).
pub(crate) async fn leave(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let origin = Origin {
        actor: Some(&actor),
        request_id: &ctx.request_id,
    };
    let done = match app::waitlist::leave(&state, &actor, origin, &id).await {
        Ok(true) => "left",
        Ok(false) => "not-waiting",
        Err(BookingError::Db(e)) => return Err(PageError::from(e)),
        Err(_) => return Err(PageError::not_found()),
    };
    Ok(Redirect::to(&format!("/passport/bookings?done={done}")).into_response())
}

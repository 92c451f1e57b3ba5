//! `GET /passport/lotteries/{id}`: the odds, the commitment, and once
//! drawn the seed, the entries hash and how to check the draw
//! (docs/lottery.md). Public: it shows no personal data but the signed-in
//! citizen's own entries. A citizen enters (`POST …/enter`, the booking
//! form's applicant part and the dates accepted) and withdraws
//! (`POST …/withdraw`) here while the window is open.

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{PageError, urlencode};
use imigrasi_platform::http::page::{Page, instant_in, render};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::{self, Permission};
use jiff::civil::Date;
use serde::Deserialize;

use super::form::{ApplicantChoices, ApplicantInput, Errors};
use super::messages::booking_error;
use super::view::{citizen, render_with};
use crate::app::lottery::{self, Enter, LotteryError};
use crate::app::{BookingError, Origin, lottery_entries};
use crate::domain::Category;
use crate::domain::lottery::EntryError;
use crate::store::lottery as store;

#[derive(Template)]
#[template(path = "passport_lottery.html")]
struct LotteryTemplate {
    page: Page,
    id: String,
    office: String,
    drawn: bool,
    open: bool,
    status: String,
    odds: String,
    chance: String,
    dates: String,
    commitment: String,
    seed: String,
    entries_hash: String,
    /// Signed in as a citizen (the form and one's entries are shown).
    citizen: bool,
    mine: Vec<MineRow>,
    form: ApplicantInput,
    choices: Option<ApplicantChoices>,
    date_choices: Vec<DateChoice>,
    errors: Errors,
    done: String,
}

/// One of the visitor's own entries.
struct MineRow {
    id: String,
    nik_masked: String,
    full_name: String,
    dates: String,
    result: String,
}

/// A date to accept, as a checkbox.
struct DateChoice {
    value: String,
    checked: bool,
}

/// The chance of one entry when every entry accepts every date, in percent.
fn chance_percent(places: i64, entries: i64) -> String {
    if entries <= places {
        return "100".to_owned();
    }
    let tenths = places * 1000 / entries.max(1);
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[derive(Deserialize)]
pub(crate) struct ShowQuery {
    done: Option<String>,
}

/// `GET /passport/lotteries/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let input = ApplicantInput {
        passport_type: "regular".into(),
        service: "new".into(),
        ..ApplicantInput::default()
    };
    let done = match q.done.as_deref() {
        Some("entered") => ctx.lang.t("plot-done-entered"),
        Some("withdrawn") => ctx.lang.t("plot-done-withdrawn"),
        Some("created") => ctx.lang.t("plot-created"),
        _ => String::new(),
    };
    let mut t = lottery_page(&state, &ctx, &id, input, &[], Errors::default()).await?;
    t.done = done;
    render(&t)
}

async fn lottery_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    form: ApplicantInput,
    chosen: &[String],
    errors: Errors,
) -> Result<LotteryTemplate, PageError> {
    let lang = ctx.lang;
    let l = store::find(&state.db, id)
        .await?
        .ok_or_else(PageError::not_found)?;
    let entries = store::count_entries(&state.db, &l.id).await?;
    let slots = store::slots_of(&state.db, &l.id).await?;
    let mut dates: Vec<String> = slots.iter().map(|s| s.date.to_string()).collect();
    dates.dedup();
    let zone = crate::store::office_zone(&state.db, &l.office_code).await?;
    let drawn = l.is_drawn();
    let open = !drawn && jiff::Timestamp::now().as_millisecond() < l.closes_at;
    let status = if drawn {
        lang.t("plot-status-drawn")
    } else {
        lang.t_args(
            "plot-status-open",
            &[("closes", &instant_in(l.closes_at, zone))],
        )
    };
    let actor = ctx
        .actor
        .as_ref()
        .filter(|a| policy::authorize(a, Permission::BookAppointment).is_ok());
    let mut mine = Vec::new();
    let mut choices = None;
    if let Some(actor) = actor {
        for e in store::entries_of_account(&state.db, &l.id, &actor.id).await? {
            mine.push(MineRow {
                result: lang.t(&format!("plot-result-{}", e.result.replace('_', "-"))),
                dates: e
                    .dates
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                id: e.id,
                nik_masked: e.nik_masked,
                full_name: e.full_name,
            });
        }
        let category = match slots.first() {
            Some(s) => crate::store::slot(&state.db, &s.slot_id)
                .await?
                .map_or(Category::Regular, |s| s.category),
            None => Category::Regular,
        };
        choices = Some(ApplicantChoices::new(state, lang, &form, category).await?);
    }
    let date_choices = dates
        .iter()
        .map(|d| DateChoice {
            checked: chosen.contains(d),
            value: d.clone(),
        })
        .collect();
    let mut page = Page::new(ctx);
    page.path = format!("/passport/lotteries/{}", urlencode(&l.id));
    Ok(LotteryTemplate {
        page,
        odds: lang.t_args(
            "plot-odds",
            &[
                ("places", &l.places.to_string()),
                ("entries", &entries.to_string()),
            ],
        ),
        chance: lang.t_args(
            "plot-chance",
            &[("percent", &chance_percent(l.places, entries))],
        ),
        dates: lang.t_args("plot-dates", &[("dates", &dates.join(", "))]),
        status,
        drawn,
        open,
        seed: if drawn { l.seed } else { String::new() },
        entries_hash: l.entries_hash.unwrap_or_default(),
        commitment: l.commitment,
        office: l.office_code,
        id: l.id,
        citizen: actor.is_some(),
        mine,
        form,
        choices,
        date_choices,
        errors,
        done: String::new(),
    })
}

/// `POST /passport/lotteries/{id}/enter`: the entry form (citizens). The
/// dates accepted come as `date-YYYY-MM-DD` checkboxes.
pub(crate) async fn enter(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let actor = citizen(&ctx)?;
    ctx.take_booking_request(&state)
        .map_err(|l| l.page_error())?;
    let lang: Lang = ctx.lang;
    let field = |k: &str| f.get(k).cloned().unwrap_or_default();
    let input = ApplicantInput {
        nik: field("nik"),
        full_name: field("full_name"),
        birth_date: field("birth_date"),
        sex: field("sex"),
        passport_type: field("passport_type"),
        service: field("service"),
        validity_years: field("validity_years"),
        purpose: field("purpose"),
        married: f.get("married").cloned(),
    };
    let mut chosen: Vec<String> = f
        .keys()
        .filter_map(|k| k.strip_prefix("date-"))
        .map(str::to_owned)
        .collect();
    chosen.sort();
    let mut errors = Errors::default();
    let checked = input.check(lang, &mut errors);
    let details = input.details(lang, &mut errors);
    let dates: Option<Vec<Date>> = chosen.iter().map(|d| d.parse().ok()).collect();
    let dates = dates.filter(|d| !d.is_empty());
    if dates.is_none() {
        errors.add("dates", lang.t("plot-no-dates"));
    }
    let (Some((applicant, passport_type, service)), Some(details), Some(dates)) =
        (checked, details, dates)
    else {
        let t = lottery_page(&state, &ctx, &id, input, &chosen, errors).await?;
        return render_with(&t, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let cmd = Enter {
        applicant,
        dates,
        passport_type,
        service,
        validity_years: details.validity_years,
        purpose: details.purpose,
        married: details.married,
    };
    let origin = Origin {
        actor: Some(&actor),
        request_id: &ctx.request_id,
    };
    match lottery::enter(&state, &actor, origin, &id, cmd).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/passport/lotteries/{}?done=entered",
            urlencode(&id)
        ))
        .into_response()),
        Err(e) => {
            let (status, field, message) = refusal(&state, lang, &id, e).await?;
            errors.add(field, message);
            let t = lottery_page(&state, &ctx, &id, input, &chosen, errors).await?;
            render_with(&t, status)
        }
    }
}

/// `POST /passport/lotteries/{id}/withdraw`: withdraw one's own entries.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let actor = citizen(&ctx)?;
    let origin = Origin {
        actor: Some(&actor),
        request_id: &ctx.request_id,
    };
    match lottery_entries::withdraw(&state, &actor, origin, &id).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/passport/lotteries/{}?done=withdrawn",
            urlencode(&id)
        ))
        .into_response()),
        Err(e) => {
            let lang = ctx.lang;
            let (status, field, message) = refusal(&state, lang, &id, e).await?;
            let mut errors = Errors::default();
            errors.add(field, message);
            let input = ApplicantInput {
                passport_type: "regular".into(),
                service: "new".into(),
                ..ApplicantInput::default()
            };
            let t = lottery_page(&state, &ctx, &id, input, &[], errors).await?;
            render_with(&t, status)
        }
    }
}

/// A lottery refusal worded for the page: status, field and message.
async fn refusal(
    state: &AppState,
    lang: Lang,
    id: &str,
    e: LotteryError,
) -> Result<(StatusCode, &'static str, String), PageError> {
    Ok(match e {
        LotteryError::NotFound => return Err(PageError::not_found()),
        LotteryError::Forbidden => return Err(PageError::forbidden()),
        LotteryError::Db(e) => return Err(e.into()),
        LotteryError::Closed => (StatusCode::CONFLICT, "", lang.t("plot-closed")),
        LotteryError::AlreadyEntered => {
            (StatusCode::CONFLICT, "nik", lang.t("plot-already-entered"))
        }
        LotteryError::BookingLimit(n) => {
            let office = store::find(&state.db, id)
                .await?
                .map(|l| l.office_code)
                .unwrap_or_default();
            let zone = crate::store::office_zone(&state.db, &office).await?;
            booking_error(lang, zone, BookingError::BookingLimit(n))?
        }
        LotteryError::Dates(EntryError::NoDates) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "dates",
            lang.t("plot-no-dates"),
        ),
        LotteryError::Dates(EntryError::DateNotCovered) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "dates",
            lang.t("plot-date-not-covered"),
        ),
        LotteryError::StillOpen => (StatusCode::CONFLICT, "", lang.t("plot-still-open")),
        LotteryError::SlotUnusable(_) | LotteryError::BadWindow => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
            lang.t("plot-bad-window"),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::chance_percent;

    #[test]
    fn chance_is_places_over_entries() {
        assert_eq!(chance_percent(3, 2), "100");
        assert_eq!(chance_percent(3, 6), "50.0");
        assert_eq!(chance_percent(1, 3), "33.3");
    }
}

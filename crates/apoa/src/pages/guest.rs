//! Registering a guest, phone-first: the night-desk clerk pastes (or
//! types) the two MRZ lines, or opens the typed fields instead; the stay's
//! dates come filled with today and now. A refusal comes back next to its
//! field; a report goes straight to its receipt.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Errors, Page, render, render_with};
use serde::Deserialize;

use super::common::{form_errors, guest_name, local_input, page_error};
use crate::app::lists::{self as app_lists};
use crate::app::stays::{self, Report};
use crate::app::{Reporter, office_zone};
use crate::domain::guest::GuestInput;
use crate::domain::stay::{GuestPermitInput, StayInput};
use crate::store::lists::Shown;

/// The guest form as sent (and shown again with its errors).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct GuestForm {
    #[serde(default)]
    mrz: String,
    #[serde(default)]
    passport_number: String,
    #[serde(default)]
    nationality: String,
    #[serde(default)]
    surname: String,
    #[serde(default)]
    given_names: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    passport_expiry: String,
    #[serde(default)]
    entry_date: String,
    #[serde(default)]
    entry_port: String,
    #[serde(default)]
    check_in: String,
    #[serde(default)]
    expected_check_out: String,
    #[serde(default)]
    room: String,
    #[serde(default)]
    permit_kind: String,
    #[serde(default)]
    permit_number: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    group_head_id: String,
}

fn text(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl GuestForm {
    /// The use case's command: the MRZ when one was given (in capitals, as
    /// printed), else the typed fields.
    fn command(&self, premise_id: &str) -> Report {
        let guest = match text(&self.mrz) {
            Some(mrz) => GuestInput {
                mrz: Some(mrz.to_ascii_uppercase()),
                ..GuestInput::default()
            },
            None => GuestInput {
                mrz: None,
                passport_number: Some(self.passport_number.trim().to_ascii_uppercase()),
                nationality: Some(self.nationality.trim().to_ascii_uppercase()),
                surname: Some(self.surname.clone()),
                given_names: Some(self.given_names.clone()),
                birth_date: Some(self.birth_date.clone()),
                sex: Some(self.sex.clone()),
                passport_expiry: Some(self.passport_expiry.clone()),
            },
        };
        let permit = (text(&self.permit_kind).is_some() || text(&self.permit_number).is_some())
            .then(|| GuestPermitInput {
                kind: self.permit_kind.clone(),
                number: self.permit_number.clone(),
            });
        Report {
            premise_id: premise_id.to_owned(),
            guest,
            stay: StayInput {
                entry_date: self.entry_date.clone(),
                entry_port: Some(self.entry_port.clone()),
                check_in: self.check_in.clone(),
                expected_check_out: self.expected_check_out.clone(),
                room: text(&self.room),
                permit,
                purpose: self.purpose.clone(),
            },
            group_head_id: text(&self.group_head_id),
        }
    }
}

#[derive(Template)]
#[template(path = "apoa_guest.html")]
struct GuestTemplate {
    page: Page,
    premise_id: String,
    premise_name: String,
    form: GuestForm,
    typed: bool,
    heads: Vec<(String, String)>,
    errors: Errors,
}

async fn guest_page(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    form: Option<GuestForm>,
    errors: Errors,
) -> Result<GuestTemplate, PageError> {
    let actor = ctx.page_actor()?.clone();
    let reporter = Reporter::Account(actor);
    let list = app_lists::premise_stays(state, &reporter, id, Shown::InHouse, 1)
        .await
        .map_err(page_error)?;
    let zone = office_zone(&state.db, &list.premise.office_code).await?;
    let now = jiff::Timestamp::now();
    let form = form.unwrap_or_else(|| GuestForm {
        entry_date: zone.local_date(now).to_string(),
        check_in: local_input(now, zone),
        ..GuestForm::default()
    });
    // The typed fields open when they were used or refused.
    let typed = form.mrz.trim().is_empty()
        && (!form.passport_number.trim().is_empty() || !errors.is_empty());
    let heads = list
        .stays
        .iter()
        .map(|s| {
            let room = s.room.as_deref().unwrap_or("-");
            (s.id.clone(), format!("{} ({room})", guest_name(s)))
        })
        .collect();
    Ok(GuestTemplate {
        page: Page::new(ctx),
        premise_id: list.premise.id.clone(),
        premise_name: list.premise.name.clone(),
        form,
        typed,
        heads,
        errors,
    })
}

/// `GET /apoa/premises/{id}/guests/new`.
pub(crate) async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    render(&guest_page(&state, &ctx, &id, None, Errors::default()).await?)
}

/// `POST /apoa/premises/{id}/guests`: report, then the receipt.
pub(crate) async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<GuestForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let reporter = Reporter::Account(actor);
    match stays::report(&state, &reporter, &ctx.request_id, f.command(&id)).await {
        Ok(stay) => Ok(Redirect::to(&format!("/apoa/stays/{}", stay.id)).into_response()),
        Err(e) => {
            let Some(errors) = form_errors(ctx.lang, &e) else {
                return Err(page_error(e));
            };
            let t = guest_page(&state, &ctx, &id, Some(f), errors).await?;
            render_with(&t, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

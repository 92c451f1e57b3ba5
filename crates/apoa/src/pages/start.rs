//! The service's start page: what APOA is; for a lodging account its
//! premises and the form to register one; for staff the way to the
//! supervision pages.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Errors, Page, render, render_with};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::Actor;
use serde::Deserialize;

use super::common::{form_errors, is_lodging, page_error, words};
use crate::app::premises;
use crate::domain::premise::{PremiseInput, PremiseKind};
use crate::store::premises::Premise;

/// A premise as a line of the list.
pub(crate) struct PremiseRow {
    /// Id (the link).
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind in words.
    pub kind: String,
    /// Address.
    pub address: String,
    /// Regency code.
    pub regency: String,
    /// Supervising office.
    pub office: String,
}

impl PremiseRow {
    pub(crate) fn new(lang: Lang, p: &Premise) -> PremiseRow {
        PremiseRow {
            id: p.id.clone(),
            name: p.name.clone(),
            kind: words(lang, "kind", &p.kind),
            address: p.address.clone(),
            regency: p.regency_code.clone(),
            office: p.office_code.clone(),
        }
    }
}

/// The premise form as sent (and shown again with its errors).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PremiseForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    regency: String,
    #[serde(default)]
    licence_number: String,
}

#[derive(Template)]
#[template(path = "apoa_start.html")]
struct StartTemplate {
    page: Page,
    lodging: bool,
    staff: bool,
    premises: Vec<PremiseRow>,
    kinds: Vec<(String, String)>,
    form: PremiseForm,
    errors: Errors,
}

fn is_staff(actor: &Actor) -> bool {
    actor.role.is_staff()
}

async fn start_page(
    state: &AppState,
    ctx: &Ctx,
    form: PremiseForm,
    errors: Errors,
) -> Result<StartTemplate, PageError> {
    let lang = ctx.lang;
    let lodging = ctx.actor.as_ref().is_some_and(is_lodging);
    let staff = ctx.actor.as_ref().is_some_and(is_staff);
    let premises = match ctx.actor.as_ref().filter(|a| is_lodging(a)) {
        Some(actor) => premises::list_own(state, actor)
            .await
            .map_err(page_error)?
            .iter()
            .map(|p| PremiseRow::new(lang, p))
            .collect(),
        None => Vec::new(),
    };
    let kinds = PremiseKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), words(lang, "kind", k.as_str())))
        .collect();
    Ok(StartTemplate {
        page: Page::new(ctx),
        lodging,
        staff,
        premises,
        kinds,
        form,
        errors,
    })
}

/// `GET /apoa`.
pub(crate) async fn start(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    let t = start_page(&state, &ctx, PremiseForm::default(), Errors::default()).await?;
    render(&t)
}

/// `POST /apoa/premises`: register a premise, then its page.
pub(crate) async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<PremiseForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let input = PremiseInput {
        name: f.name.clone(),
        kind: f.kind.clone(),
        address: f.address.clone(),
        regency: f.regency.clone(),
        licence_number: Some(f.licence_number.clone()).filter(|s| !s.trim().is_empty()),
    };
    match premises::register(&state, &actor, &ctx.request_id, input).await {
        Ok(p) => Ok(Redirect::to(&format!("/apoa/premises/{}", p.id)).into_response()),
        Err(e) => {
            let Some(errors) = form_errors(ctx.lang, &e) else {
                return Err(page_error(e));
            };
            let t = start_page(&state, &ctx, f, errors).await?;
            render_with(&t, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

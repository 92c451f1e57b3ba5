//! Applying through the web: the application form (a foreigner for a type
//! without sponsor, a sponsor for a named foreigner) and the sponsor's
//! profile, both through the API's use cases.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{PageError, urlencode};
use imigrasi_platform::http::page::{Page, render};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::{Actor, Role};
use serde::Deserialize;

use super::common::{Errors, db_error, is_applicant, key, page_error, refusal, render_with};
use super::start::TypeCard;
use crate::app::{VisaError, apply};
use crate::domain::applicant::ApplicantInput;
use crate::store::{sponsors, types};

/// The form as typed (re-shown after an error).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ApplyForm {
    #[serde(default)]
    visa_type: String,
    #[serde(default)]
    surname: String,
    #[serde(default)]
    given_names: String,
    #[serde(default)]
    nationality: String,
    #[serde(default)]
    passport_number: String,
    #[serde(default)]
    passport_expiry: String,
    #[serde(default)]
    birth_date: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    intended_arrival: String,
}

#[derive(Template)]
#[template(path = "visa_apply.html")]
struct ApplyTemplate {
    page: Page,
    card: TypeCard,
    form: ApplyForm,
    errors: Errors,
    sponsor: bool,
}

/// The applicant account, a login redirect, or 403 for other accounts.
fn applicant(ctx: &Ctx) -> Result<Actor, PageError> {
    let actor = ctx.page_actor()?;
    if !is_applicant(actor) {
        return Err(PageError::forbidden());
    }
    Ok(actor.clone())
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    form: ApplyForm,
    errors: Errors,
) -> Result<Option<ApplyTemplate>, PageError> {
    let code = form.visa_type.trim().to_ascii_uppercase();
    let Some((t, false)) = types::find(&state.db, &code).await.map_err(db_error)? else {
        return Ok(None);
    };
    let mut page = Page::new(ctx);
    page.path = format!("/visa/apply?type={}", urlencode(&t.code));
    Ok(Some(ApplyTemplate {
        page,
        card: TypeCard::new(ctx.lang, &t, Some(actor.role)),
        form,
        errors,
        sponsor: actor.role == Role::Sponsor,
    }))
}

/// `?type=`.
#[derive(Deserialize)]
pub(crate) struct TypeQuery {
    #[serde(rename = "type")]
    visa_type: Option<String>,
}

/// `GET /visa/apply?type=C1`: the form, with the index's requirements.
pub(crate) async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<TypeQuery>,
) -> Result<Response, PageError> {
    let actor = applicant(&ctx)?;
    let form = ApplyForm {
        visa_type: q.visa_type.unwrap_or_default(),
        email: if actor.role == Role::Foreigner {
            actor.email.clone()
        } else {
            String::new()
        },
        ..ApplyForm::default()
    };
    match form_page(&state, &ctx, &actor, form, Errors::default()).await? {
        Some(t) => render(&t),
        None => Ok(Redirect::to("/visa").into_response()),
    }
}

/// The input id of an API field name (`applicant.sex` → `sex`).
fn input_id(field: &str) -> &str {
    match field.strip_prefix("applicant.").unwrap_or(field) {
        "sex" => "sex-M",
        "visa_type" => "",
        other => other,
    }
}

/// The message for a refused field.
fn field_message(lang: Lang, field: &str) -> String {
    let name = field.strip_prefix("applicant.").unwrap_or(field);
    lang.t(&key("error", name))
}

/// `POST /visa/apply`: open the application, or re-show the form.
pub(crate) async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<ApplyForm>,
) -> Result<Response, PageError> {
    let actor = applicant(&ctx)?;
    let cmd = apply::Apply {
        visa_type: f.visa_type.clone(),
        applicant: ApplicantInput {
            surname: f.surname.clone(),
            given_names: f.given_names.clone(),
            nationality: f.nationality.clone(),
            passport_number: f.passport_number.clone(),
            passport_expiry: f.passport_expiry.clone(),
            birth_date: f.birth_date.clone(),
            sex: f.sex.clone(),
            email: f.email.clone(),
        },
        intended_arrival: f.intended_arrival.clone(),
    };
    let e = match apply::apply(&state, &actor, &ctx.request_id, cmd).await {
        Ok(a) => {
            let to = format!("/visa/applications/{}?done=applied", a.register_number);
            return Ok(Redirect::to(&to).into_response());
        }
        Err(e) => e,
    };
    let mut errors = Errors::default();
    match &e {
        VisaError::InvalidInput(fields) => {
            for field in fields.keys() {
                errors.add(input_id(field), field_message(ctx.lang, field));
            }
        }
        VisaError::PassportValidity { .. } => {
            let message = refusal(ctx.lang, &e).unwrap_or_default();
            errors.add("passport_expiry", message);
        }
        other => match refusal(ctx.lang, other) {
            Some(message) => errors.add("", message),
            None => return Err(page_error(e)),
        },
    }
    match form_page(&state, &ctx, &actor, f, errors).await? {
        Some(t) => render_with(&t, StatusCode::UNPROCESSABLE_ENTITY),
        None => Ok(Redirect::to("/visa").into_response()),
    }
}

/// The sponsor's profile form.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct SponsorForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    regency: String,
}

#[derive(Template)]
#[template(path = "visa_sponsor.html")]
struct SponsorTemplate {
    page: Page,
    form: SponsorForm,
    errors: Errors,
    recorded: bool,
}

fn sponsor_account(ctx: &Ctx) -> Result<Actor, PageError> {
    let actor = ctx.page_actor()?;
    if actor.role != Role::Sponsor {
        return Err(PageError::forbidden());
    }
    Ok(actor.clone())
}

/// `?done=`.
#[derive(Deserialize)]
pub(crate) struct DoneQuery {
    done: Option<String>,
}

/// `GET /visa/sponsor`: the sponsor's profile (the number is kept only as
/// a blind index, so it is asked again on every change).
pub(crate) async fn sponsor_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let actor = sponsor_account(&ctx)?;
    let found = sponsors::find(&state.db, &actor.id)
        .await
        .map_err(db_error)?;
    let form = match &found {
        Some(s) => SponsorForm {
            kind: s.kind.as_str().to_owned(),
            id_number: String::new(),
            name: s.name.clone(),
            regency: s.regency_code.clone(),
        },
        None => SponsorForm {
            kind: "company".to_owned(),
            ..SponsorForm::default()
        },
    };
    let mut page = Page::new(&ctx);
    if q.done.as_deref() == Some("saved") {
        page.flash = Some(ctx.t("visa-done-sponsor"));
    }
    render(&SponsorTemplate {
        page,
        form,
        errors: Errors::default(),
        recorded: found.is_some(),
    })
}

/// `POST /visa/sponsor`: record the profile, or re-show the form.
pub(crate) async fn sponsor_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<SponsorForm>,
) -> Result<Response, PageError> {
    let actor = sponsor_account(&ctx)?;
    let cmd = apply::SetSponsor {
        kind: f.kind.clone(),
        id_number: f.id_number.clone(),
        name: f.name.clone(),
        regency: f.regency.clone(),
    };
    match apply::set_sponsor(&state, &actor, &ctx.request_id, cmd).await {
        Ok(_) => Ok(Redirect::to("/visa/sponsor?done=saved").into_response()),
        Err(VisaError::InvalidInput(fields)) => {
            let mut errors = Errors::default();
            for field in fields.keys() {
                let id = if field == "kind" {
                    "kind-company"
                } else {
                    field
                };
                errors.add(id, ctx.t(&key("sponsor-error", field)));
            }
            let recorded = sponsors::find(&state.db, &actor.id)
                .await
                .map_err(db_error)?
                .is_some();
            let t = SponsorTemplate {
                page: Page::new(&ctx),
                form: SponsorForm {
                    id_number: String::new(),
                    ..f
                },
                errors,
                recorded,
            };
            render_with(&t, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(page_error(e)),
    }
}

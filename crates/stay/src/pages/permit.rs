//! A permit's page (details, history, the applications about it) and the
//! forms its holder or sponsor files applications with; each refusal is
//! shown in words next to the form it concerns.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_casework::store::QueueFilter;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Page, render};
use imigrasi_platform::policy::Actor;
use serde::Deserialize;

use super::common::{
    Errors, field_message, instant_in, instant_ms, key, page_error, refusal, render_with, words,
};
use super::start::{AppRow, overstay_words};
use crate::app::applications::{self as filing, Open};
use crate::app::read::{self, is_holder, is_sponsor};
use crate::app::{StayError, casefile, office_zone};
use crate::domain::application::ApplicationKind;
use crate::store::applications as permit_applications;

/// A line of the history.
pub(crate) struct HistoryRow {
    /// When.
    pub at: String,
    /// What happened, in words.
    pub what: String,
    /// Who acted, in words (empty: the system).
    pub role: String,
    /// What a report was about, with its receipt number (else empty).
    pub detail: String,
}

/// A report entry's kind in words and its receipt number.
fn report_detail(lang: imigrasi_platform::i18n::Lang, detail: &serde_json::Value) -> String {
    let text = |k: &str| detail.get(k).and_then(|v| v.as_str()).unwrap_or_default();
    if text("receipt_number").is_empty() {
        return String::new();
    }
    format!(
        "{} · {}",
        words(lang, "report", text("kind")),
        text("receipt_number")
    )
}

/// The application forms as typed (re-shown after a refusal).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ApplyForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    to_kind: String,
    #[serde(default)]
    new_sponsor_email: String,
    #[serde(default)]
    reentry_until: String,
}

/// The permit page.
#[derive(Template)]
#[template(path = "stay_permit.html")]
pub(crate) struct PermitTemplate {
    pub page: Page,
    pub errors: Errors,
    pub form: ApplyForm,
    pub number: String,
    pub kind: String,
    pub kind_name: String,
    pub status: String,
    pub status_key: String,
    pub name: String,
    pub nationality: String,
    pub passport_number: String,
    pub birth_date: String,
    pub sponsored: bool,
    pub address: String,
    pub regency: String,
    pub office: String,
    pub valid_from: String,
    pub valid_until: String,
    pub origin_visa: String,
    pub extension_days_used: i64,
    pub reentry_until: String,
    pub exit_permit: bool,
    pub overstay: Option<String>,
    pub history: Vec<HistoryRow>,
    pub applications: Vec<AppRow>,
    pub party: bool,
    pub to_kinds: Vec<String>,
    pub reentry: bool,
}

/// A permit number from the path (the use case answers 404 for any other).
pub(crate) fn permit_number(s: &str) -> String {
    s.trim()
        .chars()
        .take(40)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Load the permit for `actor` (holder, sponsor, or staff of its office:
/// the read is audited by the use case) and shape the page.
pub(crate) async fn load(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    number: &str,
    errors: Errors,
    form: ApplyForm,
) -> Result<PermitTemplate, PageError> {
    let lang = ctx.lang;
    let file = read::view(state, actor, &ctx.request_id, number)
        .await
        .map_err(page_error)?;
    let p = &file.permit;
    let zone = office_zone(&state.db, &p.office_code)
        .await
        .map_err(PageError::from)?;
    let party = is_holder(actor, p) || is_sponsor(actor, p);
    // The permit is readable (checked above): its applications, with the
    // status each has in the actor's own list (the queue, for staff).
    let ours = permit_applications::for_permit(&state.db, &p.id)
        .await
        .map_err(PageError::from)?;
    // An account with no list of its own (an administrator) sees none.
    let listed = match casefile::list(state, actor, &QueueFilter::default()).await {
        Err(StayError::Forbidden) => Vec::new(),
        other => other.map_err(page_error)?,
    };
    let mut seen: BTreeMap<String, casefile::Summary> = listed
        .into_iter()
        .map(|s| (s.case.register_number.clone(), s))
        .collect();
    let applications = ours
        .iter()
        .filter_map(|(rn, _)| seen.remove(rn))
        .map(|s| AppRow {
            register_number: s.case.register_number.clone(),
            kind: words(lang, "app-kind", &s.kind),
            status_key: key("status", s.case.status.as_str()),
            updated: instant_ms(s.case.updated_at),
        })
        .collect();
    let to_kinds = match p.kind.as_str() {
        "ITK" => vec!["ITAS".to_owned()],
        "ITAS" => vec!["ITAP".to_owned()],
        _ => Vec::new(),
    };
    let mut page = Page::new(ctx);
    page.path = format!("/stay/permits/{}", p.number);
    Ok(PermitTemplate {
        page,
        errors,
        form,
        number: p.number.clone(),
        kind: p.kind.clone(),
        kind_name: words(lang, "kind", &p.kind),
        status: p.status.clone(),
        status_key: key("permit-status", &p.status),
        name: format!("{} {}", p.given_names, p.surname),
        nationality: p.nationality.clone(),
        passport_number: p.passport_number.clone(),
        birth_date: p.birth_date.clone(),
        sponsored: p.sponsor_account_id.is_some(),
        address: p.address_line.clone(),
        regency: p.regency_code.clone(),
        office: p.office_code.clone(),
        valid_from: p.valid_from.clone(),
        valid_until: p
            .valid_until
            .clone()
            .unwrap_or_else(|| lang.t("stay-page-no-end")),
        origin_visa: p.origin_visa.clone().unwrap_or_default(),
        extension_days_used: p.extension_days_used,
        reentry_until: p.reentry_until.clone().unwrap_or_default(),
        exit_permit: p.exit_permit,
        overstay: overstay_words(lang, &file),
        history: file
            .history
            .iter()
            .map(|h| HistoryRow {
                at: instant_in(h.at, zone),
                what: words(lang, "history", &h.what),
                role: h
                    .actor_role
                    .as_deref()
                    .map(|r| words(lang, "role", r))
                    .unwrap_or_default(),
                detail: match h.what.as_str() {
                    "reported" => report_detail(lang, &h.detail),
                    _ => String::new(),
                },
            })
            .collect(),
        applications,
        party,
        to_kinds,
        // A visit permit ends when its holder leaves.
        reentry: p.kind != "ITK",
    })
}

/// `GET /stay/permits/{number}`: the permit (holder, sponsor, or staff of
/// its office; anyone else the 404 page).
pub(crate) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let number = permit_number(&number);
    let t = load(
        &state,
        &ctx,
        &actor,
        &number,
        Errors::default(),
        ApplyForm::default(),
    )
    .await?;
    render(&t)
}

/// The input a refused field is shown next to.
fn input_id(kind: &str, field: &str) -> String {
    match field {
        "to_kind" | "new_sponsor_email" | "reentry_until" => field.to_owned(),
        _ => format!("apply-{}", kind.replace('_', "-")),
    }
}

/// `POST /stay/permits/{number}/applications`: file an application (a
/// draft), or show the permit again with the refusal.
pub(crate) async fn apply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
    Form(f): Form<ApplyForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let number = permit_number(&number);
    let kind = ApplicationKind::parse(f.kind.trim())
        .map(|k| k.as_str())
        .unwrap_or("extension");
    let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let cmd = Open {
        kind: f.kind.clone(),
        permit_number: number.clone(),
        to_kind: opt(&f.to_kind),
        new_sponsor_email: opt(&f.new_sponsor_email),
        reentry_until: opt(&f.reentry_until),
    };
    let e = match filing::open(&state, &actor, &ctx.request_id, cmd, jiff::Timestamp::now()).await {
        Ok(o) => {
            let to = format!("/stay/applications/{}?done=applied", o.register_number);
            return Ok(Redirect::to(&to).into_response());
        }
        Err(e) => e,
    };
    let mut errors = Errors::default();
    let status = match &e {
        StayError::InvalidInput(fields) => {
            for (field, reason) in fields {
                errors.add(
                    &input_id(kind, field),
                    field_message(ctx.lang, field, reason),
                );
            }
            StatusCode::UNPROCESSABLE_ENTITY
        }
        other => match refusal(ctx.lang, other) {
            Some(message) => {
                errors.add(&input_id(kind, ""), message);
                StatusCode::CONFLICT
            }
            None => return Err(page_error(e)),
        },
    };
    let t = load(&state, &ctx, &actor, &number, errors, f).await?;
    render_with(&t, status)
}

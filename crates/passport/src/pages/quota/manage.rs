//! The supervisor's quota page: weekly template, release schedule and
//! booking window, exceptions. Forms post back here; success redirects
//! with a notice (Post/Redirect/Get), invalid input re-renders with 422.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::render;
use imigrasi_platform::i18n::Lang;
use jiff::Timestamp;
use serde::Deserialize;

mod forms;

pub(super) use forms::{add_exception, delete_exception, save_settings, save_template};

use super::QuotaPage;
use crate::api::quota::input::{
    self, InputError, ReleaseRuleBody, SessionBody, SettingsBody, category_key, weekday_key,
};
use crate::app::quota::{self as ops, OfficeRef, Refused};
use crate::domain::office_time::weekday_name;
use crate::domain::{Category, ExceptionKind};
use crate::store::quota::{self as quota_store, StoredException, format_hhmm};

/// Empty rows offered below the template's sessions for adding new ones.
const EMPTY_ROWS: usize = 5;
/// Highest row index read from a posted template form.
const MAX_FORM_ROWS: usize = input::MAX_SESSIONS + 50;

/// A value and its label for a `<select>` or radio button.
#[derive(Debug, Clone)]
struct Opt {
    value: &'static str,
    label: String,
}

/// A session as shown in the read-only table.
#[derive(Debug, Clone)]
struct SessionView {
    weekday: String,
    start: String,
    end: String,
    category: String,
    capacity: u32,
}

/// One row of the template form, as shown or as posted.
#[derive(Debug, Clone, Default)]
struct FormRow {
    n: usize,
    weekday: String,
    start: String,
    end: String,
    category: String,
    capacity: String,
}

/// The schedule form.
#[derive(Debug, Clone, Default, Deserialize)]
pub(in crate::pages::quota) struct SettingsForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    weekday: String,
    #[serde(default)]
    at: String,
    #[serde(default)]
    opens_from_days: String,
    #[serde(default)]
    opens_to_days: String,
    #[serde(default)]
    min_lead_minutes: String,
    #[serde(default)]
    max_advance_days: String,
}

/// The add-exception form.
#[derive(Debug, Clone, Default, Deserialize)]
pub(in crate::pages::quota) struct ExceptionForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    capacity: String,
    #[serde(default)]
    note: String,
}

/// An exception as listed.
#[derive(Debug, Clone)]
struct ExceptionRow {
    id: String,
    date: String,
    kind: String,
    details: String,
    note: String,
}

#[derive(Template)]
#[template(path = "quota_manage.html")]
struct ManageTemplate {
    page: QuotaPage,
    code: String,
    title: String,
    intro: String,
    sessions: Vec<SessionView>,
    rows: Vec<FormRow>,
    settings: SettingsForm,
    exceptions: Vec<ExceptionRow>,
    exception: ExceptionForm,
    weekdays: Vec<Opt>,
    categories: Vec<Opt>,
    /// (input id, message id) for the `form_errors` partial.
    errors: Vec<(String, String)>,
    /// Input id → message, shown next to the input.
    field_errors: BTreeMap<String, String>,
}

impl ManageTemplate {
    /// The message for an input, or "".
    fn fe(&self, id: &str) -> String {
        self.field_errors.get(id).cloned().unwrap_or_default()
    }

    /// The message for any input of a template row, or "".
    fn row_error(&self, n: &usize) -> String {
        let prefix = format!("s{n}-");
        self.field_errors
            .iter()
            .filter(|(k, _)| k.starts_with(&prefix))
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What a re-render keeps from the failed form.
#[derive(Default)]
struct Posted {
    rows: Option<Vec<FormRow>>,
    settings: Option<SettingsForm>,
    exception: Option<ExceptionForm>,
    errors: Vec<InputError>,
}

fn weekday_opts(lang: Lang) -> Vec<Opt> {
    (1..=7)
        .filter_map(|n| jiff::civil::Weekday::from_monday_one_offset(n).ok())
        .map(|w| Opt {
            value: weekday_name(w),
            label: lang.t(&weekday_key(w)),
        })
        .collect()
}

fn category_opts(lang: Lang) -> Vec<Opt> {
    Category::ALL
        .into_iter()
        .map(|c| Opt {
            value: c.as_str(),
            label: lang.t(&category_key(c)),
        })
        .collect()
}

fn exception_row(lang: Lang, e: &StoredException) -> ExceptionRow {
    let (kind, details) = match &e.exception.kind {
        ExceptionKind::Closed => (lang.t("quota-kind-closed"), String::new()),
        ExceptionKind::ExtraCapacity {
            category,
            start,
            end,
            capacity,
        } => (
            lang.t("quota-kind-extra"),
            format!(
                "{} {}–{}, +{capacity}",
                lang.t(&category_key(*category)),
                format_hhmm(*start),
                format_hhmm(*end)
            ),
        ),
    };
    ExceptionRow {
        id: e.id.clone(),
        date: e.exception.date.to_string(),
        kind,
        details,
        note: e.note.clone(),
    }
}

fn settings_form(s: &SettingsBody) -> SettingsForm {
    let mut f = SettingsForm {
        min_lead_minutes: s.min_lead_minutes.to_string(),
        max_advance_days: s.max_advance_days.to_string(),
        ..SettingsForm::default()
    };
    match &s.release_rule {
        ReleaseRuleBody::Weekly {
            weekday,
            at,
            opens_from_days,
            opens_to_days,
        } => {
            f.kind = "weekly".into();
            f.weekday = weekday.clone();
            f.at = at.clone();
            f.opens_from_days = opens_from_days.to_string();
            f.opens_to_days = opens_to_days.to_string();
        }
        ReleaseRuleBody::Monthly { at } => {
            f.kind = "monthly".into();
            f.weekday = "friday".into();
            f.at = at.clone();
            f.opens_from_days = "14".into();
            f.opens_to_days = "20".into();
        }
    }
    f
}

/// The office if the visitor may manage it; login redirect, 404 or 403 otherwise.
async fn managed(state: &AppState, ctx: &Ctx, code: &str) -> Result<OfficeRef, PageError> {
    let actor = ctx.page_actor()?;
    match ops::managed_office(&state.db, actor, code).await? {
        Ok(office) => Ok(office),
        Err(Refused::NotFound) => Err(PageError::not_found()),
        Err(Refused::Forbidden) => Err(PageError::forbidden()),
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    office: &OfficeRef,
    posted: Posted,
    flash: Option<String>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let code = office.office.code.clone();
    let template = quota_store::load_template(&state.db, &code).await?;
    let settings = quota_store::load_settings(&state.db, &code).await?;
    let today = office.today(Timestamp::now());
    let exceptions = quota_store::list_exceptions(&state.db, &code, today).await?;
    let mut page = QuotaPage::new(ctx);
    page.page.flash = flash;
    let mut errors = Vec::new();
    let mut field_errors = BTreeMap::new();
    for e in &posted.errors {
        let id = e.field.html_id();
        let message = e.message(lang);
        field_errors
            .entry(id.clone())
            .or_insert_with(|| message.clone());
        errors.push((id, page.keep(message)));
    }
    let rows = posted.rows.unwrap_or_else(|| {
        let filled = template.sessions().iter().map(SessionBody::from);
        filled
            .map(|s| {
                (
                    s.weekday,
                    s.start,
                    s.end,
                    s.category,
                    s.capacity.to_string(),
                )
            })
            .chain(std::iter::repeat_with(Default::default).take(EMPTY_ROWS))
            .enumerate()
            .map(|(n, (weekday, start, end, category, capacity))| FormRow {
                n,
                weekday,
                start,
                end,
                category,
                capacity,
            })
            .collect()
    });
    render(&ManageTemplate {
        title: lang.t_args("quota-title", &[("office", &office.office.name)]),
        intro: lang.t_args("quota-intro", &[("zone", office.abbreviation())]),
        sessions: template
            .sessions()
            .iter()
            .map(|s| SessionView {
                weekday: lang.t(&weekday_key(s.weekday)),
                start: format_hhmm(s.start),
                end: format_hhmm(s.end),
                category: lang.t(&category_key(s.category)),
                capacity: s.capacity,
            })
            .collect(),
        rows,
        settings: posted
            .settings
            .unwrap_or_else(|| settings_form(&SettingsBody::from(&settings))),
        exceptions: exceptions.iter().map(|e| exception_row(lang, e)).collect(),
        exception: posted.exception.unwrap_or_default(),
        weekdays: weekday_opts(lang),
        categories: category_opts(lang),
        errors,
        field_errors,
        page,
        code,
    })
    .map(|mut res| {
        if !posted.errors.is_empty() {
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        }
        res
    })
}

#[derive(Debug, Deserialize)]
pub(super) struct Done {
    done: Option<String>,
}

/// `GET /offices/{code}/quota`.
pub(super) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let office = managed(&state, &ctx, &code).await?;
    let flash = match q.done.as_deref() {
        Some("template") => Some("quota-done-template"),
        Some("settings") => Some("quota-done-settings"),
        Some("exception-added") => Some("quota-done-exception-added"),
        Some("exception-deleted") => Some("quota-done-exception-deleted"),
        _ => None,
    };
    page(
        &state,
        &ctx,
        &office,
        Posted::default(),
        flash.map(|k| ctx.t(k)),
    )
    .await
}

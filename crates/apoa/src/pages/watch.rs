//! The officers' pages: the search of their area's reports (criteria in a
//! POST body, never in a URL; every search audited by the use case), a
//! guest's movements across premises, the alerts with their reasons, and
//! the dashboard with its chart.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Errors, Page, render, render_with};
use imigrasi_platform::i18n::Lang;
use serde::Deserialize;

use super::common::{form_errors, guest_name, local_time, page_error, words};
use crate::app::alerts::{self, AlertsQuery};
use crate::app::dashboard::{self, Dashboard};
use crate::app::watch::{self, Search, Whose};
use crate::domain::alerts::AlertKind;
use crate::store::watch::Found;

/// A found report as a line of a list.
pub(crate) struct FoundRow {
    /// The stay's id (its movements' link).
    pub id: String,
    /// Receipt number.
    pub receipt_number: String,
    /// Guest's name.
    pub name: String,
    /// Nationality.
    pub nationality: String,
    /// Passport number.
    pub passport_number: String,
    /// Premise and regency.
    pub premise: String,
    /// Check-in (Jakarta time; each premise's own zone would mix zones).
    pub check_in: String,
    /// Expected check-out.
    pub expected_check_out: String,
    /// Check-out, or empty.
    pub check_out: String,
    /// Status in words.
    pub status: String,
    /// Reported late.
    pub late: bool,
}

impl FoundRow {
    fn new(lang: Lang, f: &Found) -> FoundRow {
        let zone = imigrasi_core::OfficeZone::Jakarta;
        FoundRow {
            id: f.stay.id.clone(),
            receipt_number: f.stay.receipt_number.clone(),
            name: guest_name(&f.stay),
            nationality: f.stay.nationality.clone(),
            passport_number: f.stay.passport_number.clone(),
            premise: format!("{} ({})", f.premise_name, f.premise_regency),
            check_in: local_time(f.stay.check_in, zone),
            expected_check_out: f.stay.expected_check_out.clone(),
            check_out: f
                .stay
                .check_out
                .map(|t| local_time(t, zone))
                .unwrap_or_default(),
            status: words(lang, "status", &f.stay.status),
            late: f.stay.late,
        }
    }
}

/// The search form as sent (and shown again).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SearchForm {
    #[serde(default)]
    passport_number: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    nationality: String,
    #[serde(default)]
    premise: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: Option<u64>,
}

fn given(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

#[derive(Template)]
#[template(path = "apoa_watch.html")]
struct SearchTemplate {
    page: Page,
    form: SearchForm,
    searched: bool,
    rows: Vec<FoundRow>,
    total: i64,
    prev: Option<u64>,
    next: Option<u64>,
    errors: Errors,
}

/// `GET /apoa/watch`: the empty search (an officer's area only).
pub(crate) async fn form(ctx: Ctx) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    watch::scope(actor).map_err(page_error)?;
    render(&SearchTemplate {
        page: Page::new(&ctx),
        form: SearchForm::default(),
        searched: false,
        rows: Vec::new(),
        total: 0,
        prev: None,
        next: None,
        errors: Errors::default(),
    })
}

/// `POST /apoa/watch`: search (audited), a page of the results.
pub(crate) async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<SearchForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let s = Search {
        passport_number: given(&f.passport_number),
        name: given(&f.name),
        nationality: given(&f.nationality),
        premise: given(&f.premise),
        from: given(&f.from),
        to: given(&f.to),
        page: f.page,
        per_page: None,
    };
    let mut t = SearchTemplate {
        page: Page::new(&ctx),
        form: f,
        searched: true,
        rows: Vec::new(),
        total: 0,
        prev: None,
        next: None,
        errors: Errors::default(),
    };
    match watch::search(&state, &actor, &ctx.request_id, s).await {
        Ok(found) => {
            t.rows = found
                .stays
                .iter()
                .map(|f| FoundRow::new(ctx.lang, f))
                .collect();
            t.total = found.total;
            t.prev = (found.page > 1).then(|| found.page - 1);
            let shown = found.page.saturating_mul(found.per_page);
            t.next =
                (i64::try_from(shown).unwrap_or(i64::MAX) < found.total).then(|| found.page + 1);
            render(&t)
        }
        Err(e) => {
            let Some(errors) = form_errors(ctx.lang, &e) else {
                return Err(page_error(e));
            };
            t.searched = false;
            t.errors = errors;
            render_with(&t, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

#[derive(Template)]
#[template(path = "apoa_movements.html")]
struct MovementsTemplate {
    page: Page,
    name: String,
    nationality: String,
    passport_number: String,
    rows: Vec<FoundRow>,
}

/// `GET /apoa/watch/stays/{id}/movements`: every stay of the same
/// passport in the officer's area (audited by the use case).
pub(crate) async fn movements(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let found = watch::movements(&state, &actor, &ctx.request_id, Whose::Stay(id))
        .await
        .map_err(page_error)?;
    let first = found.first().ok_or_else(PageError::not_found)?;
    render(&MovementsTemplate {
        page: Page::new(&ctx),
        name: guest_name(&first.stay),
        nationality: first.stay.nationality.clone(),
        passport_number: first.stay.passport_number.clone(),
        rows: found.iter().map(|f| FoundRow::new(ctx.lang, f)).collect(),
    })
}

/// An alert as a line of the list.
pub(crate) struct AlertRow {
    /// Kind in words.
    pub kind: String,
    /// Machine kind (styling, tests).
    pub code: String,
    /// Why, in a sentence.
    pub reason: String,
    /// The report.
    pub stay: FoundRow,
}

#[derive(Template)]
#[template(path = "apoa_alerts.html")]
struct AlertsTemplate {
    page: Page,
    kinds: Vec<(String, String)>,
    kind: String,
    rows: Vec<AlertRow>,
    total: usize,
    complete: bool,
    prev: Option<String>,
    next: Option<String>,
}

/// The alerts' query: one kind, a page.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct AlertsParams {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    page: Option<u64>,
}

/// `GET /apoa/alerts`.
pub(crate) async fn alert_list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AlertsParams>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let lang = ctx.lang;
    let kind = q.kind.clone().unwrap_or_default();
    let query = AlertsQuery {
        kind: given(&kind),
        page: q.page,
        per_page: None,
    };
    let found = alerts::alerts(&state, &actor, &ctx.request_id, query)
        .await
        .map_err(page_error)?;
    let link = |p: u64| format!("/apoa/alerts?kind={kind}&page={p}");
    let shown = (found.page as usize).saturating_mul(found.per_page as usize);
    render(&AlertsTemplate {
        page: Page::new(&ctx),
        kinds: AlertKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), words(lang, "alert", k.as_str())))
            .collect(),
        rows: found
            .alerts
            .iter()
            .map(|a| AlertRow {
                kind: words(lang, "alert", a.kind().as_str()),
                code: a.kind().as_str().to_owned(),
                reason: a.reason(lang),
                stay: FoundRow::new(lang, &a.stay),
            })
            .collect(),
        total: found.total,
        complete: found.complete,
        prev: (found.page > 1).then(|| link(found.page - 1)),
        next: (shown < found.total).then(|| link(found.page + 1)),
        kind,
    })
}

/// One bar of the chart.
pub(crate) struct Bar {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Reports that day.
    pub reports: i64,
    /// x of the bar.
    pub x: usize,
    /// Its height.
    pub height: i64,
    /// Its top.
    pub y: i64,
    /// Its width.
    pub width: usize,
}

/// Chart height in SVG units.
const CHART_HEIGHT: i64 = 160;
/// Chart width in SVG units.
const CHART_WIDTH: usize = 600;

fn bars(d: &Dashboard) -> Vec<Bar> {
    let max = d
        .per_day
        .iter()
        .map(|x| x.reports)
        .max()
        .unwrap_or(0)
        .max(1);
    let n = d.per_day.len().max(1);
    let width = (CHART_WIDTH / n).max(2);
    d.per_day
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let height = day.reports * CHART_HEIGHT / max;
            Bar {
                date: day.date.to_string(),
                reports: day.reports,
                x: i * width,
                height,
                y: CHART_HEIGHT - height,
                width: width.saturating_sub(1).max(1),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "apoa_dashboard.html")]
struct DashboardTemplate {
    page: Page,
    d: Dashboard,
    bars: Vec<Bar>,
    chart_width: usize,
    chart_height: i64,
    silent: Vec<(String, String, String)>,
    errors: Errors,
}

/// The dashboard's query: the days.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DashboardParams {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

/// `GET /apoa/dashboard?from=&to=`.
pub(crate) async fn dashboard_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DashboardParams>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let from = q.from.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let to = q.to.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let (d, errors, status) =
        match dashboard::dashboard(&state, &actor, &ctx.request_id, from, to).await {
            Ok(d) => (d, Errors::default(), StatusCode::OK),
            Err(e) => {
                let Some(errors) = form_errors(ctx.lang, &e) else {
                    return Err(page_error(e));
                };
                let d = dashboard::dashboard(&state, &actor, &ctx.request_id, None, None)
                    .await
                    .map_err(page_error)?;
                (d, errors, StatusCode::UNPROCESSABLE_ENTITY)
            }
        };
    let zone = imigrasi_core::OfficeZone::Jakarta;
    let silent = d
        .silent
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                s.regency.clone(),
                local_time(imigrasi_platform::db::millis(s.last_report), zone),
            )
        })
        .collect();
    let t = DashboardTemplate {
        page: Page::new(&ctx),
        bars: bars(&d),
        chart_width: CHART_WIDTH,
        chart_height: CHART_HEIGHT,
        silent,
        errors,
        d,
    };
    render_with(&t, status)
}

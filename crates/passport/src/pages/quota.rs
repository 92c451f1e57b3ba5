//! HTML pages for quota management and the public release calendar.
//!
//! - `GET /release-calendar`: every office's next release (public).
//! - `GET /offices/{code}/release-calendar`: one office's next releases (public).
//! - `GET /offices/{code}/quota` and its POST forms: the supervisor's (or
//!   administrator's) template, schedule and exceptions, see [`manage`].

mod manage;

use std::ops::Deref;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Page, render};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::offices;
use imigrasi_platform::policy::{self, Permission};
use jiff::Timestamp;

use crate::api::quota::input::weekday_key;
use crate::app::quota::{self as ops, OfficeRef};
use crate::domain::ReleaseRule;
use crate::store::quota::{self as quota_store, ReleaseInfo, format_hhmm};

/// Quota pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/release-calendar", get(all_offices))
        .route("/offices/{code}/release-calendar", get(one_office))
        .route("/offices/{code}/quota", get(manage::show))
        .route(
            "/offices/{code}/quota/template",
            post(manage::save_template),
        )
        .route(
            "/offices/{code}/quota/settings",
            post(manage::save_settings),
        )
        .route(
            "/offices/{code}/quota/exceptions",
            post(manage::add_exception),
        )
        .route(
            "/offices/{code}/quota/exceptions/{id}/delete",
            post(manage::delete_exception),
        )
}

/// The platform's page context plus messages already formatted with their
/// arguments: `t` answers those by their synthetic id (`quota-msg-N`), so
/// the platform's `form_errors` partial can list them, and translates
/// everything else as usual.
#[derive(Debug, Clone)]
pub struct QuotaPage {
    page: Page,
    messages: Vec<String>,
}

impl QuotaPage {
    fn new(ctx: &Ctx) -> Self {
        QuotaPage {
            page: Page::new(ctx),
            messages: Vec::new(),
        }
    }

    /// Keeps a formatted message; returns the id `t` knows it by.
    fn keep(&mut self, message: String) -> String {
        self.messages.push(message);
        format!("quota-msg-{}", self.messages.len() - 1)
    }

    /// Translates a message id, or returns a kept message.
    pub fn t(&self, key: &str) -> String {
        key.strip_prefix("quota-msg-")
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| self.messages.get(n).cloned())
            .unwrap_or_else(|| self.page.t(key))
    }
}

impl Deref for QuotaPage {
    type Target = Page;

    fn deref(&self) -> &Page {
        &self.page
    }
}

/// A release as people read it, in office time.
#[derive(Debug, Clone)]
pub struct ReleaseRow {
    /// RFC 3339 with the office offset (for `<time datetime>`).
    pub iso: String,
    /// "Friday 2026-03-13, 14:00 WIB".
    pub when: String,
    /// "2026-03-27 to 2026-04-02".
    pub dates: String,
    /// Places opened.
    pub places: i64,
}

fn release_row(lang: Lang, r: &ReleaseInfo, office: &OfficeRef) -> ReleaseRow {
    let local = r.at.to_zoned_datetime(office.zone.clone());
    let date = local.date().to_string();
    let time = format_hhmm(local.time());
    let weekday = lang.t(&weekday_key(local.weekday()));
    let from = r.dates_from.to_string();
    let to = r.dates_to.to_string();
    ReleaseRow {
        iso: local.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        when: lang.t_args(
            "calendar-at",
            &[
                ("weekday", &weekday),
                ("date", &date),
                ("time", &time),
                ("zone", office.abbreviation()),
            ],
        ),
        dates: lang.t_args("calendar-dates-range", &[("from", &from), ("to", &to)]),
        places: r.places,
    }
}

/// The release rule in a sentence.
fn rule_sentence(lang: Lang, rule: &ReleaseRule, zone: &str) -> String {
    match rule {
        ReleaseRule::Weekly {
            weekday,
            at,
            opens_from_days,
            opens_to_days,
        } => lang.t_args(
            "calendar-rule-weekly",
            &[
                ("weekday", &lang.t(&weekday_key(*weekday))),
                ("at", &format_hhmm(*at)),
                ("zone", zone),
                ("from", &opens_from_days.to_string()),
                ("to", &opens_to_days.to_string()),
            ],
        ),
        ReleaseRule::Monthly { at } => lang.t_args(
            "calendar-rule-monthly",
            &[("at", &format_hhmm(*at)), ("zone", zone)],
        ),
    }
}

/// One office in the list of every office's next release.
#[derive(Debug, Clone)]
struct OfficeNext {
    code: String,
    name: String,
    city: String,
    next: Option<ReleaseRow>,
}

#[derive(Template)]
#[template(path = "calendar_all.html")]
struct AllOfficesTemplate {
    page: QuotaPage,
    offices: Vec<OfficeNext>,
}

async fn all_offices(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    let now = Timestamp::now();
    let mut rows = Vec::new();
    for office in offices::list(&state.db).await? {
        let Some(found) = ops::find_office(&state.db, &office.code).await? else {
            continue;
        };
        let releases = quota_store::release_calendar(&state.db, &office.code, now).await?;
        rows.push(OfficeNext {
            next: releases.first().map(|r| release_row(ctx.lang, r, &found)),
            code: office.code,
            name: office.name,
            city: office.city,
        });
    }
    render(&AllOfficesTemplate {
        page: QuotaPage::new(&ctx),
        offices: rows,
    })
}

#[derive(Template)]
#[template(path = "calendar_office.html")]
struct OfficeCalendarTemplate {
    page: QuotaPage,
    code: String,
    title: String,
    rule: String,
    releases: Vec<ReleaseRow>,
    can_manage: bool,
}

async fn one_office(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let office = ops::find_office(&state.db, &code)
        .await?
        .ok_or_else(PageError::not_found)?;
    let code = office.office.code.clone();
    let releases = quota_store::release_calendar(&state.db, &code, Timestamp::now()).await?;
    let settings = quota_store::load_settings(&state.db, &code).await?;
    let can_manage = ctx.actor.as_ref().is_some_and(|a| {
        policy::authorize(a, Permission::ManageOfficeQuota { office: &code }).is_ok()
    });
    render(&OfficeCalendarTemplate {
        page: QuotaPage::new(&ctx),
        title: ctx
            .lang
            .t_args("calendar-office-title", &[("office", &office.office.name)]),
        rule: rule_sentence(ctx.lang, &settings.release_rule, office.abbreviation()),
        releases: releases
            .iter()
            .map(|r| release_row(ctx.lang, r, &office))
            .collect(),
        code,
        can_manage,
    })
}

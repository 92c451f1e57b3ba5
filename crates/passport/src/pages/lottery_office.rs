//! `GET /passport/offices/{code}/lotteries`: an office's lotteries (public),
//! and for a supervisor of the office the form creating one
//! (`POST`, the API's `POST /api/v1/offices/{code}/lotteries`).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use imigrasi_core::OfficeZone;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::{PageError, urlencode};
use imigrasi_platform::http::page::{Page, instant_in, render};
use imigrasi_platform::offices::Office;
use imigrasi_platform::policy::{self, Permission};
use jiff::civil::DateTime;
use serde::Deserialize;

use super::form::Errors;
use super::view::{key, office, render_with, time_range};
use crate::app::lottery::{self, Create, LotteryError};
use crate::app::{Origin, lottery_entries};

/// Lotteries a page.
const PER_PAGE: u64 = 20;
/// How far ahead the create form offers sessions.
const DAYS_AHEAD: i64 = 60;

#[derive(Template)]
#[template(path = "passport_lottery_office.html")]
struct OfficeLotteriesTemplate {
    page: Page,
    code: String,
    title: String,
    rows: Vec<Row>,
    prev: Option<u64>,
    next: Option<u64>,
    supervisor: bool,
    slots: Vec<SlotChoice>,
    closes_at: String,
    errors: Errors,
}

struct Row {
    id: String,
    closes: String,
    status: String,
    places: i64,
    entries: i64,
}

struct SlotChoice {
    id: String,
    label: String,
    checked: bool,
}

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    page: Option<String>,
}

async fn office_page(
    state: &AppState,
    ctx: &Ctx,
    (office, zone): (Office, OfficeZone),
    page_no: u64,
    chosen: &[String],
    closes_at: String,
    errors: Errors,
) -> Result<OfficeLotteriesTemplate, PageError> {
    let lang = ctx.lang;
    let (lotteries, total) = lottery_entries::list(state, &office.code, page_no, PER_PAGE)
        .await
        .map_err(|e| match e {
            LotteryError::Db(e) => PageError::from(e),
            _ => PageError::not_found(),
        })?;
    let mut rows = Vec::new();
    for l in lotteries {
        rows.push(Row {
            entries: crate::store::lottery::count_entries(&state.db, &l.id).await?,
            closes: instant_in(l.closes_at, zone),
            status: lang.t(if l.is_drawn() {
                "plot-status-drawn"
            } else {
                "plot-status-open-short"
            }),
            places: l.places,
            id: l.id,
        });
    }
    let supervisor = ctx.actor.as_ref().is_some_and(|a| {
        policy::authorize(
            a,
            Permission::ManageOfficeQuota {
                office: &office.code,
            },
        )
        .is_ok()
    });
    let mut slots = Vec::new();
    if supervisor {
        let now = jiff::Timestamp::now();
        let today = crate::domain::office_date(&zone.time_zone(), now);
        let until = today
            .checked_add(jiff::Span::new().days(DAYS_AHEAD))
            .unwrap_or(today);
        for s in crate::store::slots_between(&state.db, &office.code, today, until).await? {
            if s.remaining() > 0 && s.starts_at > now.as_millisecond() {
                slots.push(SlotChoice {
                    label: format!(
                        "{} {} · {} ({})",
                        s.date,
                        time_range(zone, s.start, s.end),
                        lang.t(&key("category", s.category.as_str())),
                        s.remaining()
                    ),
                    checked: chosen.contains(&s.id),
                    id: s.id,
                });
            }
        }
    }
    let pages = u64::try_from(total).unwrap_or(0).div_ceil(PER_PAGE);
    let mut page = Page::new(ctx);
    page.path = format!("/passport/offices/{}/lotteries", urlencode(&office.code));
    Ok(OfficeLotteriesTemplate {
        page,
        title: lang.t_args("plot-office-title", &[("office", &office.name)]),
        code: office.code,
        rows,
        prev: (page_no > 1).then(|| page_no - 1),
        next: (page_no < pages).then(|| page_no + 1),
        supervisor,
        slots,
        closes_at,
        errors,
    })
}

/// `GET /passport/offices/{code}/lotteries?page=`.
pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let found = office(&state, &code).await?;
    let page_no = q
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<u64>().ok())
        .filter(|p| (1..=100_000).contains(p))
        .unwrap_or(1);
    let t = office_page(
        &state,
        &ctx,
        found,
        page_no,
        &[],
        String::new(),
        Errors::default(),
    )
    .await?;
    render(&t)
}

/// `POST /passport/offices/{code}/lotteries`: create one (supervisor of
/// the office). Sessions come as `slot-<id>` checkboxes; `closes_at` is
/// office time (`YYYY-MM-DDTHH:MM`).
pub(crate) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let (found, zone) = office(&state, &code).await?;
    policy::authorize(
        &actor,
        Permission::ManageOfficeQuota {
            office: &found.code,
        },
    )
    .map_err(|_| PageError::forbidden())?;
    let lang = ctx.lang;
    let mut chosen: Vec<String> = f
        .keys()
        .filter_map(|k| k.strip_prefix("slot-"))
        .map(str::to_owned)
        .collect();
    chosen.sort();
    let closes_text = f.get("closes_at").cloned().unwrap_or_default();
    let closes = closes_text
        .trim()
        .parse::<DateTime>()
        .ok()
        .map(|dt| zone.local_to_utc(dt.date(), dt.time()));
    let mut errors = Errors::default();
    if chosen.is_empty() {
        errors.add("slots", lang.t("plot-bad-window"));
    }
    let Some(closes_at) = closes.filter(|_| errors.is_empty()) else {
        if closes.is_none() {
            errors.add("closes_at", lang.t("plot-bad-window"));
        }
        let t = office_page(&state, &ctx, (found, zone), 1, &chosen, closes_text, errors).await?;
        return render_with(&t, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let origin = Origin {
        actor: Some(&actor),
        request_id: &ctx.request_id,
    };
    let cmd = Create {
        office_code: found.code.clone(),
        slot_ids: chosen.clone(),
        closes_at,
    };
    match lottery::create(&state, &actor, origin, cmd).await {
        Ok(l) => Ok(Redirect::to(&format!(
            "/passport/lotteries/{}?done=created",
            urlencode(&l.id)
        ))
        .into_response()),
        Err(LotteryError::Forbidden) => Err(PageError::forbidden()),
        Err(LotteryError::Db(e)) => Err(e.into()),
        Err(e) => {
            let (field, key) = match e {
                LotteryError::SlotUnusable(_) => ("slots", "plot-slot-unusable"),
                _ => ("closes_at", "plot-bad-window"),
            };
            errors.add(field, lang.t(key));
            let t =
                office_page(&state, &ctx, (found, zone), 1, &chosen, closes_text, errors).await?;
            render_with(&t, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

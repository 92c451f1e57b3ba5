//! An office's calendar: 14 days of sessions with their places, optionally
//! of one category, each bookable session linking to the booking form.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Page, render};
use jiff::civil::Date;
use serde::Deserialize;

use super::view::{Availability, availability, key, long_date, office, rupiah, time_range};
use crate::domain::office_time::add_days;
use crate::domain::{Category, PassportType, office_date};
use crate::store;

/// Days one calendar page shows.
const CALENDAR_DAYS: i64 = 14;

/// One session in the calendar.
struct Session {
    id: String,
    time: String,
    category_key: String,
    remaining: i64,
    availability: Availability,
}

/// One day in the calendar.
struct Day {
    id: String,
    date: String,
    sessions: Vec<Session>,
}

/// A category filter link.
struct Filter {
    href: String,
    label_key: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "passport_calendar.html")]
struct CalendarTemplate {
    page: Page,
    office_code: String,
    office_name: String,
    office_place: String,
    zone: &'static str,
    range: String,
    filters: Vec<Filter>,
    accelerated_fee: String,
    days: Vec<Day>,
    any: bool,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct CalendarQuery {
    from: Option<String>,
    category: Option<String>,
}

/// `GET /passport/offices/{code}?from=YYYY-MM-DD&category=…`: 14 days of
/// sessions from `from` (default today, office time).
pub(crate) async fn calendar(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<CalendarQuery>,
) -> Result<Response, PageError> {
    let (office, zone) = office(&state, &code).await?;
    let now = jiff::Timestamp::now();
    let today = office_date(&zone.time_zone(), now);
    let window = store::booking_window(&state.db, &office.code).await?;
    // Nothing beyond the booking window can be booked: page no further.
    let last_start = add_days(today, i64::from(window.max_advance_days).max(CALENDAR_DAYS));
    let from = q
        .from
        .as_deref()
        .and_then(|s| s.trim().parse::<Date>().ok())
        .unwrap_or(today)
        .clamp(today, last_start);
    let to = add_days(from, CALENDAR_DAYS - 1);
    let category = q
        .category
        .as_deref()
        .and_then(|c| c.parse::<Category>().ok());
    let mut slots = store::slots_between(&state.db, &office.code, from, to).await?;
    slots.retain(|s| category.is_none_or(|c| s.category == c));
    let rank = |c: Category| Category::ALL.iter().position(|x| *x == c);
    slots.sort_by_key(|s| (s.date, s.start, rank(s.category)));
    let lang = ctx.lang;
    let days = (0..CALENDAR_DAYS)
        .map(|i| add_days(from, i))
        .map(|date| Day {
            id: format!("d{date}"),
            date: long_date(lang, date),
            sessions: slots
                .iter()
                .filter(|s| s.date == date)
                .map(|s| Session {
                    id: s.id.clone(),
                    time: time_range(zone, s.start, s.end),
                    category_key: key("category", s.category.as_str()),
                    remaining: s.remaining(),
                    availability: availability(lang, zone, &window, s, now),
                })
                .collect(),
        })
        .collect();
    let link = |from: Date, category: Option<Category>| {
        let mut href = format!("/passport/offices/{}?from={from}", office.code);
        if let Some(c) = category {
            href.push_str("&category=");
            href.push_str(c.as_str());
        }
        href
    };
    let filters = std::iter::once(None)
        .chain(Category::ALL.into_iter().map(Some))
        .map(|c| Filter {
            href: link(from, c),
            label_key: c.map_or_else(
                || "appt-calendar-all-categories".to_owned(),
                |c| key("category", c.as_str()),
            ),
            current: c == category,
        })
        .collect();
    let regular = store::fee(&state.db, PassportType::Regular, Category::Regular).await?;
    let accelerated = store::fee(&state.db, PassportType::Regular, Category::Accelerated).await?;
    render(&CalendarTemplate {
        page: Page::new(&ctx),
        range: lang.t_args(
            "appt-calendar-range",
            &[
                ("from", &long_date(lang, from)),
                ("to", &long_date(lang, to)),
            ],
        ),
        filters,
        accelerated_fee: rupiah(accelerated - regular),
        prev: (from > today).then(|| link(add_days(from, -CALENDAR_DAYS).max(today), category)),
        next: (add_days(from, CALENDAR_DAYS) <= last_start)
            .then(|| link(add_days(from, CALENDAR_DAYS), category)),
        office_place: format!("{}, {}", office.city, office.province),
        office_code: office.code.clone(),
        office_name: office.name.clone(),
        zone: zone.abbreviation(),
        days,
        any: !slots.is_empty(),
    })
}

//! `GET /offices/{code}/dashboard?date=YYYY-MM-DD`: the office's day for
//! officers, supervisors and administrators: booked, checked in, waiting,
//! served, no-shows, average wait and service time, per counter, per
//! category, and arrivals per hour as a server-drawn SVG chart. The
//! figures are `app::day_stats` (the same as the JSON API's).

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use imigrasi_platform::AppState;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::http::page::{Page, render};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::{self, Permission};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Deserialize;

use super::chart::{self, Bar};
use super::{category_label, long_date, minutes_text, office};
use crate::app;
use crate::domain::{DayStats, add_days, office_date};
use crate::port::FloorServices;

/// A number and its name, for the summary tiles.
struct Tile {
    name: String,
    value: String,
}

struct CounterView {
    counter: String,
    served: u32,
    avg_service: String,
}

struct CategoryView {
    category: String,
    tickets: u32,
    waiting: u32,
    served: u32,
    no_shows: u32,
    avg_wait: String,
}

struct HourRow {
    hour: String,
    arrivals: u32,
}

#[derive(Template)]
#[template(path = "floor_dashboard.html")]
struct DashboardTemplate {
    page: Page,
    office_code: String,
    office_name: String,
    date: String,
    date_long: String,
    previous: String,
    next: Option<String>,
    tiles: Vec<Tile>,
    counters: Vec<CounterView>,
    categories: Vec<CategoryView>,
    hours: Vec<HourRow>,
    chart_svg: String,
    can_operate: bool,
}

#[derive(Deserialize)]
pub(crate) struct DateQuery {
    date: Option<String>,
}

/// The arrivals chart's bars ("07" … "17").
fn hour_bars(stats: &DayStats) -> Vec<Bar> {
    stats
        .arrivals_per_hour
        .iter()
        .map(|h| Bar {
            label: format!("{:02}", h.hour),
            value: i64::from(h.count),
        })
        .collect()
}

/// The chart's description: total and busiest hour.
fn chart_desc(lang: Lang, bars: &[Bar]) -> String {
    let total: i64 = bars.iter().map(|b| b.value).sum();
    // The first of the busiest hours.
    let peak = bars
        .iter()
        .rev()
        .max_by_key(|b| b.value)
        .filter(|b| b.value > 0);
    match peak {
        Some(p) => lang.t_args(
            "floor-dash-chart-desc",
            &[
                ("total", &total.to_string()),
                ("hour", &format!("{}:00", p.label)),
                ("peak", &p.value.to_string()),
            ],
        ),
        None => lang.t("floor-dash-chart-empty"),
    }
}

/// `GET /offices/{code}/dashboard`.
pub(crate) async fn show(
    State(state): State<AppState>,
    Extension(services): Extension<FloorServices>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<DateQuery>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?.clone();
    let (office, zone) = office(&state, &code).await?;
    policy::authorize(
        &actor,
        Permission::ReadOfficePersonalData {
            office: &office.code,
        },
    )
    .map_err(|_| PageError::forbidden())?;
    let lang = ctx.lang;
    let today = office_date(&zone.time_zone(), Timestamp::now());
    let mut page = Page::new(&ctx);
    let date = match q.date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => today,
        Some(s) => match s.parse::<Date>() {
            Ok(d) => d,
            Err(_) => {
                page.flash = Some(lang.t("floor-dash-bad-date"));
                today
            }
        },
    };
    let stats = app::day_stats(&state.db, &services, &office.code, date).await?;
    let minutes = |m: Option<f64>| minutes_text(lang, m);
    let tile = |key: &str, value: String| Tile {
        name: lang.t(key),
        value,
    };
    let tiles = vec![
        tile("floor-dash-booked", stats.booked.to_string()),
        tile("floor-dash-checked-in", stats.checked_in.to_string()),
        tile("floor-dash-walk-ins", stats.walk_ins.to_string()),
        tile("floor-dash-waiting", stats.waiting.to_string()),
        tile("floor-dash-at-counter", stats.called.to_string()),
        tile("floor-dash-served", stats.served.to_string()),
        tile("floor-dash-no-shows", stats.no_shows.to_string()),
        tile(
            "floor-dash-no-show-absent",
            stats.absent_bookings.to_string(),
        ),
        tile("floor-dash-no-show-called", stats.missed_calls.to_string()),
        tile("floor-dash-avg-wait", minutes(stats.average_wait_minutes)),
        tile(
            "floor-dash-avg-service",
            minutes(stats.average_service_minutes),
        ),
    ];
    let bars = hour_bars(&stats);
    let day = date.to_string();
    let date_long = long_date(lang, date);
    let title = lang.t_args("floor-dash-chart-title", &[("date", &date_long)]);
    let chart_svg = chart::bars(
        chart::Labels {
            title: &title,
            desc: &chart_desc(lang, &bars),
            x_axis: &lang.t_args("floor-dash-chart-x", &[("zone", zone.abbreviation())]),
            y_axis: &lang.t("floor-dash-chart-y"),
        },
        &bars,
    );
    let can_operate = policy::authorize(
        &actor,
        Permission::OperateOfficeFloor {
            office: &office.code,
        },
    )
    .is_ok();
    render(&DashboardTemplate {
        page,
        office_name: office.name.clone(),
        office_code: office.code,
        date_long,
        previous: add_days(date, -1).to_string(),
        next: (date < today).then(|| add_days(date, 1).to_string()),
        date: day,
        tiles,
        counters: stats
            .per_counter
            .iter()
            .map(|r| CounterView {
                counter: r.counter.clone(),
                served: r.served,
                avg_service: minutes(r.average_service_minutes),
            })
            .collect(),
        categories: stats
            .per_category
            .iter()
            .map(|r| CategoryView {
                category: category_label(lang, r.category.as_str()),
                tickets: r.tickets,
                waiting: r.waiting,
                served: r.served,
                no_shows: r.no_shows,
                avg_wait: minutes(r.average_wait_minutes),
            })
            .collect(),
        hours: stats
            .arrivals_per_hour
            .iter()
            .map(|h| HourRow {
                hour: format!("{:02}:00", h.hour),
                arrivals: h.count,
            })
            .collect(),
        chart_svg,
        can_operate,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn bar(label: &str, value: i64) -> Bar {
        Bar {
            label: label.to_owned(),
            value,
        }
    }

    #[test]
    fn the_chart_names_the_total_and_the_first_busiest_hour() {
        let bars = [bar("07", 1), bar("08", 3), bar("09", 3), bar("10", 0)];
        let desc = chart_desc(Lang::En, &bars);
        assert!(desc.contains('7'), "{desc}");
        assert!(desc.contains("08:00"), "{desc}");
        assert!(!desc.contains("09:00"), "{desc}");
        let empty = chart_desc(Lang::En, &[bar("07", 0)]);
        assert_eq!(empty, Lang::En.t("floor-dash-chart-empty"));
    }
}

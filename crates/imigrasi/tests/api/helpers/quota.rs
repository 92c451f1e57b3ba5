//! Quota fixtures: the BATAM quota routes, dates in Jakarta time, template
//! sessions and the slots they generate.

use imigrasi_platform::db;
use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use sea_orm::Value as DbValue;
use serde_json::{Value, json};

use super::TestApp;

pub const TEMPLATE: &str = "/api/v1/offices/BATAM/quota/template";
pub const SETTINGS: &str = "/api/v1/offices/BATAM/quota/settings";
pub const EXCEPTIONS: &str = "/api/v1/offices/BATAM/quota/exceptions";
pub const CALENDAR: &str = "/api/v1/offices/BATAM/release-calendar";

pub fn jakarta() -> TimeZone {
    TimeZone::get("Asia/Jakarta").unwrap()
}

pub use super::today;

pub fn plus(d: Date, days: i64) -> Date {
    d.checked_add(Span::new().days(days)).unwrap()
}

/// The first `weekday` at least `min_days` after today (Jakarta).
pub fn next_weekday(min_days: i64, weekday: Weekday) -> Date {
    let mut d = plus(today(), min_days);
    while d.weekday() != weekday {
        d = plus(d, 1);
    }
    d
}

pub fn wib(d: Date, h: i8, m: i8) -> Timestamp {
    jakarta()
        .to_timestamp(d.to_datetime(Time::new(h, m, 0, 0).unwrap()))
        .unwrap()
}

pub fn last_working_day(d: Date) -> Date {
    let mut day = d.last_of_month();
    while matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
        day = plus(day, -1);
    }
    day
}

pub async fn delete(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    app.client
        .delete(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// (start, end, category, capacity, booked) of BATAM's template slots on a date.
pub async fn slots_on(app: &TestApp, date: Date) -> Vec<(String, String, String, i32, i32)> {
    db::all(
        &app.state.db,
        "SELECT start_time, end_time, category, capacity, booked FROM passport_slots
         WHERE office_code = 'BATAM' AND source = 'template' AND date = $1
         ORDER BY start_time, category",
        [DbValue::from(date.to_string())],
    )
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            db::col(r, "start_time").unwrap(),
            db::col(r, "end_time").unwrap(),
            db::col(r, "category").unwrap(),
            db::col(r, "capacity").unwrap(),
            db::col(r, "booked").unwrap(),
        )
    })
    .collect()
}

pub async fn scalar(app: &TestApp, sql: &str, values: Vec<DbValue>) -> i64 {
    let row = db::one(&app.state.db, sql, values).await.unwrap().unwrap();
    db::col::<Option<i64>>(&row, "n").unwrap().unwrap_or(0)
}

pub async fn set_booked(app: &TestApp, date: Date, start: &str, category: &str, booked: i32) {
    let n = db::exec(
        &app.state.db,
        "UPDATE passport_slots SET booked = $1 WHERE office_code = 'BATAM' AND source = 'template'
         AND date = $2 AND start_time = $3 AND category = $4",
        [
            DbValue::from(booked),
            DbValue::from(date.to_string()),
            DbValue::from(start),
            DbValue::from(category),
        ],
    )
    .await
    .unwrap();
    assert_eq!(n, 1);
}

pub fn session(weekday: &str, start: &str, end: &str, category: &str, capacity: i64) -> Value {
    json!({"weekday": weekday, "start": start, "end": end, "category": category, "capacity": capacity})
}

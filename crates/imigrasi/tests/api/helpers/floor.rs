//! Office floor fixtures. Bookings "today" use an extra slot from 00:00 to
//! 23:59 office time (WIB), so the arrival window is open whenever the test
//! runs (except in the last minute of the day in Jakarta).

use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use jiff::civil::Date;
use serde_json::{Value, json};

use super::TestApp;
use super::passport::{book, days_ahead, pay, slot};
use sea_orm::Value as SqlValue;

pub use super::today;

/// A valid NIK (Jakarta Pusat) for someone born on `birth`.
pub fn nik_born(birth: Date, female: bool, serial: u32) -> String {
    let day = birth.day() + if female { 40 } else { 0 };
    format!(
        "317101{day:02}{:02}{:02}{serial:04}",
        birth.month(),
        birth.year().rem_euclid(100)
    )
}

pub fn person(birth: Date, female: bool, serial: u32) -> Value {
    json!({
        "nik": nik_born(birth, female, serial),
        "full_name": "Ibu Sari",
        "birth_date": birth.to_string(),
        "sex": if female { "F" } else { "M" },
    })
}

pub fn years_ago(years: i16) -> Date {
    today().checked_sub(jiff::Span::new().years(years)).unwrap()
}

pub struct Floor {
    pub sup: String,
    pub officer: String,
    pub slot_today: String,
}

pub async fn slot_at(
    app: &TestApp,
    token: &str,
    office: &str,
    date: &str,
    category: &str,
) -> String {
    let res = app
        .post_json(
            &format!("/api/v1/offices/{office}/slots"),
            Some(token),
            &json!({"date": date, "start": "00:00", "end": "23:59", "category": category, "capacity": 50}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let v: Value = res.json().await.unwrap();
    v["id"].as_str().unwrap().to_owned()
}

pub async fn setup(app: &TestApp) -> Floor {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let officer = app
        .staff("petugas@batam.go.id", Role::Officer, Some("BATAM"))
        .await;
    let slot_today = slot_at(app, &sup, "BATAM", &today().to_string(), "regular").await;
    Floor {
        sup,
        officer,
        slot_today,
    }
}

/// A booking of applicant `serial` on `slot` by a citizen of its own;
/// returns (booking code, citizen token).
pub async fn booking(app: &TestApp, slot: &str, serial: u32, paid: bool) -> (String, String) {
    let citizen = app.citizen(&format!("warga{serial}@example.id")).await;
    let res = book(app, &citizen, slot, serial).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let b: Value = res.json().await.unwrap();
    let code = b["code"].as_str().unwrap().to_owned();
    if paid {
        let res = pay(
            app,
            b["payment"]["billing_code"].as_str().unwrap(),
            b["payment"]["amount"].as_i64().unwrap(),
            &format!("NTPN{serial:012}"),
        )
        .await;
        assert_eq!(res.status(), 200);
    }
    (code, citizen)
}

pub async fn confirmed(app: &TestApp, slot: &str, serial: u32) -> String {
    booking(app, slot, serial, true).await.0
}

pub async fn check_in(
    app: &TestApp,
    token: Option<&str>,
    office: &str,
    code: &str,
) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/offices/{office}/check-ins"),
        token,
        &json!({"booking_code": code}),
    )
    .await
}

pub async fn device_check_in(
    app: &TestApp,
    key: &str,
    office: &str,
    code: &str,
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/offices/{office}/check-ins")))
        .header("authorization", format!("Device {key}"))
        .json(&json!({"booking_code": code}))
        .send()
        .await
        .unwrap()
}

pub async fn checked_in(app: &TestApp, token: &str, code: &str) -> Value {
    let res = check_in(app, Some(token), "BATAM", code).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

pub async fn walk_in(
    app: &TestApp,
    token: &str,
    applicant: Value,
    reason: &str,
) -> reqwest::Response {
    app.post_json(
        "/api/v1/offices/BATAM/walk-ins",
        Some(token),
        &json!({"applicant": applicant, "priority_reason": reason}),
    )
    .await
}
pub async fn call_next(app: &TestApp, token: &str, counter: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/offices/BATAM/counters/{counter}/call-next"),
        Some(token),
        &json!({}),
    )
    .await
}

pub async fn open(app: &TestApp, token: &str, counter: &str) {
    let res = app
        .post_json(
            &format!("/api/v1/offices/BATAM/counters/{counter}/open"),
            Some(token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["open"], true);
}

/// A column of the booking with `code`.
async fn booking_column(app: &TestApp, code: &str, column: &str) -> String {
    let sql = format!("SELECT {column} AS v FROM passport_bookings WHERE code = $1");
    let row = db::one(&app.state.db, &sql, [sea_orm::Value::from(code)])
        .await
        .unwrap()
        .unwrap();
    db::col::<String>(&row, "v").unwrap()
}

pub async fn booking_status(app: &TestApp, code: &str) -> String {
    booking_column(app, code, "status").await
}

pub async fn booking_id(app: &TestApp, code: &str) -> String {
    booking_column(app, code, "id").await
}

/// Move a slot's session to start and end the given minutes from now
/// (its office-local date stays today).
pub async fn move_session(app: &TestApp, slot: &str, start_min: i64, end_min: i64) {
    let now = jiff::Timestamp::now().as_millisecond();
    db::exec(
        &app.state.db,
        "UPDATE passport_slots SET starts_at = $1, ends_at = $2 WHERE id = $3",
        [
            sea_orm::Value::from(now + start_min * 60_000),
            sea_orm::Value::from(now + end_min * 60_000),
            sea_orm::Value::from(slot),
        ],
    )
    .await
    .unwrap();
}

/// Pay a booking through the signed payment notification.
pub async fn pay_booking(app: &TestApp, billing_code: &str, amount: i64) {
    let res = pay(app, billing_code, amount, "FLOOR00000000001").await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

/// A confirmed BATAM booking whose session is running now (booked for a
/// later day, then moved to today so the test runs at any hour).
pub async fn booking_today(app: &TestApp, sup: &str) -> String {
    let date = days_ahead(3);
    let slot_id = slot(app, sup, &date, "08:00", "10:00", 5, None).await;
    let citizen = app.citizen("warga.floor@example.id").await;
    let res = book(app, &citizen, &slot_id, 7).await;
    assert_eq!(res.status(), 201);
    let b: Value = res.json().await.unwrap();
    let code = b["code"].as_str().unwrap().to_owned();
    pay_booking(
        app,
        b["payment"]["billing_code"].as_str().unwrap(),
        b["payment"]["amount"].as_i64().unwrap(),
    )
    .await;
    let now = jiff::Timestamp::now();
    let tz = jiff::tz::TimeZone::get("Asia/Jakarta").unwrap();
    let today = now.to_zoned_datetime(tz).date().to_string();
    db::exec(
        &app.state.db,
        "UPDATE passport_slots SET date = $1, starts_at = $2, ends_at = $3 WHERE id = $4",
        [
            SqlValue::from(today),
            SqlValue::from(db::millis(now) - 10 * 60_000),
            SqlValue::from(db::millis(now) + 50 * 60_000),
            SqlValue::from(slot_id),
        ],
    )
    .await
    .unwrap();
    code
}

/// Create a kiosk device of BATAM through the API; returns (id, key).
pub async fn device(app: &TestApp, sup: &str) -> (String, String) {
    let res = app
        .post_json(
            "/api/v1/offices/BATAM/devices",
            Some(sup),
            &json!({"name": "Kiosk lobby"}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let v: Value = res.json().await.unwrap();
    (
        v["id"].as_str().unwrap().to_owned(),
        v["key"].as_str().unwrap().to_owned(),
    )
}

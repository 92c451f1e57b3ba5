//! Passport fixtures: applicants, dates, extra slots, bookings and
//! payments through the signed notification.

use serde_json::{Value, json};

use super::{PAYMENT_SECRET, TestApp, today};

/// A valid NIK for a man born 1990-03-12 with the given serial (1..=9999).
pub fn nik(serial: u32) -> String {
    format!("317101120390{serial:04}")
}

pub fn applicant(serial: u32) -> Value {
    json!({"nik": nik(serial), "full_name": "Budi Santoso", "birth_date": "1990-03-12", "sex": "M"})
}

/// The date `n` days from today in office time (WIB), as `YYYY-MM-DD`.
pub fn days_ahead(n: i64) -> String {
    today()
        .checked_add(jiff::Span::new().days(n))
        .unwrap()
        .to_string()
}

/// Create an extra slot at BATAM with a supervisor; returns its id.
pub async fn slot(
    app: &TestApp,
    sup: &str,
    date: &str,
    start: &str,
    end: &str,
    capacity: i64,
    release_at: Option<&str>,
) -> String {
    let mut body = json!({"date": date, "start": start, "end": end, "category": "regular", "capacity": capacity});
    if let Some(r) = release_at {
        body["release_at"] = json!(r);
    }
    let res = app
        .post_json("/api/v1/offices/BATAM/slots", Some(sup), &body)
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let v: Value = res.json().await.unwrap();
    v["id"].as_str().unwrap().to_owned()
}

pub async fn book(app: &TestApp, token: &str, slot_id: &str, serial: u32) -> reqwest::Response {
    app.post_json(
        "/api/v1/passport/bookings",
        Some(token),
        &json!({"slot_id": slot_id, "applicant": applicant(serial), "passport_type": "regular", "service": "new"}),
    )
    .await
}

/// Pay a bill through the signed payment notification, dated now.
pub async fn pay(app: &TestApp, billing_code: &str, amount: i64, ntpn: &str) -> reqwest::Response {
    pay_at(app, billing_code, amount, ntpn, jiff::Timestamp::now()).await
}

/// Pay a bill through the signed payment notification dated `paid_at`.
pub async fn pay_at(
    app: &TestApp,
    billing_code: &str,
    amount: i64,
    ntpn: &str,
    paid_at: jiff::Timestamp,
) -> reqwest::Response {
    let body = json!({"billing_code": billing_code, "ntpn": ntpn, "amount": amount, "paid_at": paid_at.to_string()});
    app.post_signed(
        "/api/v1/payments/notifications",
        "x-signature",
        PAYMENT_SECRET,
        body.to_string(),
    )
    .await
}

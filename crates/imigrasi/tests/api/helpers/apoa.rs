//! Fixtures of the APOA tests: premises, API keys, check-in reports and
//! the ICAO Doc 9303 specimen MRZ.

use serde_json::{Value, json};

use super::TestApp;

/// Line 1 of the ICAO Doc 9303 TD3 specimen.
pub const SPECIMEN_1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
/// Line 2 of the ICAO Doc 9303 TD3 specimen.
pub const SPECIMEN_2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

/// The specimen with line 2's character at 1-based `position` replaced.
pub fn specimen_with(position: usize, c: char) -> String {
    let mut line2: Vec<char> = SPECIMEN_2.chars().collect();
    line2[position - 1] = c;
    format!("{SPECIMEN_1}\n{}", line2.into_iter().collect::<String>())
}

/// A premise body in a regency (`51.71` Denpasar, `12.71` Medan).
pub fn premise(name: &str, regency: &str) -> Value {
    json!({
        "name": name, "kind": "guest_house", "address": "Jl. Danau Tamblingan 12",
        "regency": regency, "licence_number": "1234567890123",
    })
}

/// Register a premise that must be accepted; returns its JSON.
pub async fn registered_premise(app: &TestApp, token: &str, body: &Value) -> Value {
    let res = app
        .post_json("/api/v1/apoa/premises", Some(token), body)
        .await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    res.json().await.unwrap()
}

/// Create an API key for a premise; returns `(id, key)`.
pub async fn new_key(app: &TestApp, token: &str, premise_id: &str) -> (String, String) {
    let res = app
        .post_json(
            &format!("/api/v1/apoa/premises/{premise_id}/api-keys"),
            Some(token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    let v: Value = res.json().await.unwrap();
    (
        v["id"].as_str().unwrap().to_owned(),
        v["key"].as_str().unwrap().to_owned(),
    )
}

/// `DELETE /api/v1/apoa/premises/{id}/api-keys/{key_id}`.
pub async fn revoke_key(app: &TestApp, token: &str, premise_id: &str, key_id: &str) -> u16 {
    app.client
        .delete(app.url(&format!(
            "/api/v1/apoa/premises/{premise_id}/api-keys/{key_id}"
        )))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// A check-in report of `guest` at a premise, checked in `hours_ago`.
pub fn stay(premise_id: &str, guest: Value, hours_ago: i64) -> Value {
    let check_in = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(hours_ago);
    let entry = check_in
        .to_zoned_datetime(jiff::tz::TimeZone::get("Asia/Makassar").unwrap())
        .date()
        .checked_sub(jiff::Span::new().days(2))
        .unwrap();
    let out = entry.checked_add(jiff::Span::new().days(10)).unwrap();
    json!({
        "premise_id": premise_id, "guest": guest,
        "entry_date": entry.to_string(), "check_in": check_in.to_string(),
        "expected_check_out": out.to_string(), "room": "12B",
        "permit": {"kind": "B1", "number": "EV-2026-123"}, "purpose": "Holiday",
    })
}

/// A typed guest.
pub fn typed_guest(passport: &str) -> Value {
    json!({
        "passport_number": passport, "nationality": "AUS", "surname": "Smith",
        "given_names": "Jane Mary", "birth_date": "1990-05-01", "sex": "F",
        "passport_expiry": "2031-01-31",
    })
}

/// `POST /api/v1/apoa/stays`.
pub async fn report(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.post_json("/api/v1/apoa/stays", Some(token), body).await
}

/// A report that must be accepted; returns its JSON.
pub async fn reported(app: &TestApp, token: &str, body: &Value) -> Value {
    let res = report(app, token, body).await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    res.json().await.unwrap()
}

/// `POST /api/v1/apoa/stays/{id}/check-out` at `at`.
pub async fn check_out(app: &TestApp, token: &str, id: &str, at: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/apoa/stays/{id}/check-out"),
        Some(token),
        &json!({ "check_out": at }),
    )
    .await
}

/// `PATCH /api/v1/apoa/stays/{id}`.
pub async fn amend(app: &TestApp, token: &str, id: &str, body: &Value) -> reqwest::Response {
    app.send_json(
        reqwest::Method::PATCH,
        &format!("/api/v1/apoa/stays/{id}"),
        Some(token),
        body,
    )
    .await
}

/// `POST /api/v1/apoa/stays/{id}/cancel` with a reason.
pub async fn cancel(app: &TestApp, token: &str, id: &str, reason: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/apoa/stays/{id}/cancel"),
        Some(token),
        &json!({ "reason": reason }),
    )
    .await
}

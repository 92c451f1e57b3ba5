//! Fixtures of the stay-permit tests.

use serde_json::{Value, json};

use super::TestApp;

/// A permit body: an ITAS in Denpasar (WITA) for `email`, valid `from` to
/// `until`.
pub fn permit(email: &str, passport: &str, from: &str, until: &str) -> Value {
    json!({
        "kind": "ITAS",
        "holder": {
            "surname": "Smith", "given_names": "Jane Mary", "nationality": "AUS",
            "passport_number": passport, "birth_date": "1990-05-01", "sex": "F",
            "email": email,
        },
        "address": { "line": "Jl. Raya Sanur 12", "regency": "51.71" },
        "valid_from": from,
        "valid_until": until,
        "origin_visa": "E23",
    })
}

/// Register a permit; returns the response.
pub async fn register(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.post_json("/api/v1/stay/permits", Some(token), body)
        .await
}

/// Register a permit that must be accepted; returns its JSON.
pub async fn registered(app: &TestApp, token: &str, body: &Value) -> Value {
    let res = register(app, token, body).await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    res.json().await.unwrap()
}

/// `GET /api/v1/stay/permits/{number}`.
pub async fn get_permit(app: &TestApp, token: &str, number: &str) -> reqwest::Response {
    app.get(&format!("/api/v1/stay/permits/{number}"), Some(token))
        .await
}

/// The numbers of `GET /api/v1/stay/permits`.
pub async fn list_numbers(app: &TestApp, token: &str) -> Vec<String> {
    let res = app.get("/api/v1/stay/permits", Some(token)).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    v["permits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].as_str().unwrap().to_owned())
        .collect()
}

/// Today in WITA (Denpasar's zone), where the permits of [`permit`] are
/// supervised.
pub fn wita_today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get("Asia/Makassar").unwrap())
        .date()
}

/// A permit body like [`permit`] whose last valid day is `days` from
/// today in WITA (negative: in the past), valid for a year before it.
pub fn permit_ending_in(email: &str, passport: &str, days: i64) -> Value {
    use jiff::ToSpan;
    let until = wita_today().checked_add(days.days()).unwrap();
    let from = until.checked_sub(1.year()).unwrap();
    permit(email, passport, &from.to_string(), &until.to_string())
}

/// Register a permit that must be accepted; returns its number.
pub async fn registered_number(app: &TestApp, token: &str, body: &Value) -> String {
    registered(app, token, body).await["number"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// `POST /api/v1/stay/reports`.
pub async fn file_report(
    app: &TestApp,
    token: &str,
    number: &str,
    kind: &str,
    details: Value,
) -> reqwest::Response {
    let body = json!({ "permit_number": number, "kind": kind, "details": details });
    app.post_json("/api/v1/stay/reports", Some(token), &body)
        .await
}

/// File a report that must be accepted; returns the receipt.
pub async fn report_filed(
    app: &TestApp,
    token: &str,
    number: &str,
    kind: &str,
    details: Value,
) -> Value {
    let res = file_report(app, token, number, kind, details).await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    res.json().await.unwrap()
}

/// `GET /api/v1/stay/reports?permit=NUMBER`.
pub async fn list_reports(app: &TestApp, token: &str, number: &str) -> reqwest::Response {
    app.get(
        &format!("/api/v1/stay/reports?permit={number}"),
        Some(token),
    )
    .await
}

/// The numbers of an officers' list `GET /api/v1/stay/permits?list=…`
/// (with `extra` query parameters), and the page's `next`.
pub async fn officer_list(
    app: &TestApp,
    token: &str,
    list: &str,
    extra: &str,
) -> (Vec<String>, Option<String>) {
    let res = app
        .get(
            &format!("/api/v1/stay/permits?list={list}{extra}"),
            Some(token),
        )
        .await;
    assert_eq!(res.status(), 200, "{list}");
    let v: Value = res.json().await.unwrap();
    let numbers = v["permits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].as_str().unwrap().to_owned())
        .collect();
    (numbers, v["next"].as_str().map(str::to_owned))
}

/// Run the stay worker (reminders, expiry) `days` after now.
pub async fn run_stay_worker(app: &TestApp, days: i64) -> imigrasi_stay::app::reminders::Run {
    let at = jiff::Timestamp::now()
        .checked_add(jiff::Span::new().hours(24 * days))
        .unwrap();
    imigrasi_stay::app::reminders::run(&app.state.db, at)
        .await
        .unwrap()
}

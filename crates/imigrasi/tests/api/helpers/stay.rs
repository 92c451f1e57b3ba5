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

/// Today in a zone (`Asia/Makassar` for WITA, `Asia/Jayapura` for WIT).
pub fn today_in(zone: &str) -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get(zone).unwrap())
        .date()
}

/// `date` plus `days` (negative goes back).
pub fn plus_days(date: jiff::civil::Date, days: i64) -> String {
    date.checked_add(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

/// `POST /api/v1/stay/applications`.
pub async fn apply(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.post_json("/api/v1/stay/applications", Some(token), body)
        .await
}

/// File an application that must be accepted; returns its register number.
pub async fn applied(app: &TestApp, token: &str, body: &Value) -> String {
    let res = apply(app, token, body).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["status"], "draft");
    v["register_number"].as_str().unwrap().to_owned()
}

/// `POST /api/v1/stay/applications/{number}/{step}` with an empty body.
pub async fn step(app: &TestApp, token: &str, number: &str, step: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/stay/applications/{number}/{step}"),
        Some(token),
        &json!({}),
    )
    .await
}

/// Attach every document the application asks for.
pub async fn attach_documents(app: &TestApp, token: &str, number: &str, kinds: &[&str]) {
    let path = format!("/api/v1/stay/applications/{number}/documents");
    super::documents::attach_all(app, token, &path, kinds).await
}

/// Submit; returns the bill `(billing_code, amount, expires_at)`.
pub async fn submit(app: &TestApp, token: &str, number: &str) -> (String, i64, String) {
    let res = step(app, token, number, "submit").await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "awaiting_payment");
    let p = &v["payment"];
    (
        p["billing_code"].as_str().unwrap().to_owned(),
        p["amount"].as_i64().unwrap(),
        p["expires_at"].as_str().unwrap().to_owned(),
    )
}

/// A decision on an application.
pub async fn decide(
    app: &TestApp,
    token: &str,
    number: &str,
    decision: &str,
    reason: &str,
) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/stay/applications/{number}/decision"),
        Some(token),
        &json!({"decision": decision, "reason": reason}),
    )
    .await
}

/// `GET /api/v1/stay/applications/{number}` that must answer 200.
pub async fn get_application(app: &TestApp, token: &str, number: &str) -> Value {
    let res = app
        .get(&format!("/api/v1/stay/applications/{number}"), Some(token))
        .await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{v}");
    v
}

/// The officers who decide in Denpasar: (officer, supervisor).
pub async fn denpasar_staff(app: &TestApp) -> (String, String) {
    use imigrasi_platform::policy::Role;
    let officer = app
        .staff(
            "officer@denpasar.imigrasi.go.id",
            Role::Officer,
            Some("DENPASAR"),
        )
        .await;
    let supervisor = app
        .staff(
            "sup@denpasar.imigrasi.go.id",
            Role::Supervisor,
            Some("DENPASAR"),
        )
        .await;
    (officer, supervisor)
}

/// Take a filed application through documents, submission, payment, an
/// officer's recommendation and a supervisor's approval; returns the
/// approved application.
pub async fn approve_all(
    app: &TestApp,
    party: &str,
    staff: &(String, String),
    number: &str,
    documents: &[&str],
) -> Value {
    attach_documents(app, party, number, documents).await;
    let (code, amount, _) = submit(app, party, number).await;
    // A register number's 8 random characters make the NTPN unique.
    let ntpn = format!("STAY0000{}", &number[number.len() - 8..]);
    let res = super::passport::pay(app, &code, amount, &ntpn).await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let res = decide(app, &staff.0, number, "recommend_approve", "").await;
    assert_eq!(res.status(), 200, "{:?}", res.text().await);
    let res = decide(app, &staff.1, number, "approve", "").await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "approved");
    v
}

/// Today in WITA (Denpasar's zone), where the permits of [`permit`] are
/// supervised.
pub fn wita_today() -> jiff::civil::Date {
    today_in("Asia/Makassar")
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

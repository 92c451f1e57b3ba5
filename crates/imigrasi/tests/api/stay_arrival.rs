//! A stay permit starts when the arrival on an e-Visa is recorded with
//! the address from the arrival card; the entry and the permit are written
//! together or not at all.

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::stay::{get_permit, list_numbers, today_in};
use crate::helpers::visa::{
    applicant, apply, created, decide, get_case, submit_and_pay, upload_all,
};
use crate::helpers::{TestApp, count, error_code};

/// An issued C1 e-Visa for jane; returns its number.
async fn issued_c1(app: &TestApp, jane: &str, passport: &str, ntpn: &str) -> String {
    let (officer, sup) = if count(
        app,
        "SELECT COUNT(*) AS n FROM accounts WHERE email = 'sup@ditjen.example.id'",
    )
    .await
        == 0
    {
        (
            app.staff("officer@ditjen.example.id", Role::Officer, Some("DITJEN"))
                .await,
            app.staff("sup@ditjen.example.id", Role::Supervisor, Some("DITJEN"))
                .await,
        )
    } else {
        (
            app.login("officer@ditjen.example.id", "staff password 1")
                .await,
            app.login("sup@ditjen.example.id", "staff password 1").await,
        )
    };
    let v = created(apply(app, jane, "c1", applicant("jane@example.com", passport)).await).await;
    let number = v["register_number"].as_str().unwrap().to_owned();
    upload_all(
        app,
        jane,
        &number,
        &["passport_bio_page", "photo", "bank_statement"],
    )
    .await;
    submit_and_pay(app, jane, &number, ntpn).await;
    assert_eq!(
        decide(app, &officer, &number, "recommend_approve", "")
            .await
            .status(),
        200
    );
    assert_eq!(
        decide(app, &sup, &number, "approve", "").await.status(),
        200
    );
    let case = get_case(app, jane, &number).await;
    case["evisa"]["number"].as_str().unwrap().to_owned()
}

async fn entry(app: &TestApp, token: &str, evisa: &str, body: &Value) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/visa/evisas/{evisa}/entry"),
        Some(token),
        body,
    )
    .await
}

async fn an_arrival_with_an_address_starts_the_visit_permit(app: TestApp) {
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let border = app
        .staff(
            "officer@ngurahrai.imigrasi.go.id",
            Role::Officer,
            Some("DENPASAR"),
        )
        .await;
    let denpasar = app
        .staff(
            "officer@denpasar.imigrasi.go.id",
            Role::Officer,
            Some("DENPASAR"),
        )
        .await;
    let evisa = issued_c1(&app, &jane, "PL1000001", "VISAARRIVAL00001").await;
    let now = jiff::Timestamp::now();
    // An unknown regency: refused, and the e-Visa is not used.
    let bad = json!({ "port": "DPS", "entered_at": now.to_string(),
        "address": { "line": "Jl. Raya Kuta 5", "regency": "99.99" } });
    let (status, code) = error_code(entry(&app, &border, &evisa, &bad).await).await;
    assert_eq!((status, code.as_str()), (422, "invalid_input"));
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM stay_permits").await,
        0
    );
    let body = json!({ "port": "DPS", "entered_at": now.to_string(),
        "address": { "line": "Jl. Raya Kuta 5", "regency": "51.71" } });
    let res = entry(&app, &border, &evisa, &body).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "used");
    let number = v["stay_permit"].as_str().unwrap().to_owned();
    // The holder sees an ITK from the day of entry for C1's 60 days,
    // supervised by Denpasar; the office sees it too.
    assert_eq!(list_numbers(&app, &jane).await, vec![number.clone()]);
    let p: Value = get_permit(&app, &denpasar, &number)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["kind"], "ITK");
    assert_eq!(p["office"], "DENPASAR");
    assert_eq!(p["origin_visa"], "C1");
    assert_eq!(p["origin_evisa"], evisa.as_str());
    let today = today_in("Asia/Makassar");
    assert_eq!(p["valid_from"], today.to_string());
    let until = today.checked_add(jiff::Span::new().days(59)).unwrap();
    assert_eq!(p["valid_until"], until.to_string());
    assert_eq!(p["history"][0]["what"], "started_on_arrival");
    // The e-Visa is used once.
    let (status, _) = error_code(entry(&app, &border, &evisa, &body).await).await;
    assert_eq!(status, 409);
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM stay_permits").await,
        1
    );
    // Without an address the entry is recorded and no permit starts.
    let evisa = issued_c1(&app, &jane, "PL1000002", "VISAARRIVAL00002").await;
    let v: Value = entry(
        &app,
        &border,
        &evisa,
        &json!({ "port": "CGK", "entered_at": now.to_string() }),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(v["status"], "used");
    assert!(v.get("stay_permit").is_none(), "{v}");
}

both_databases!(an_arrival_with_an_address_starts_the_visit_permit);

//! Appearances at the office: the officer asks, the holder books a session
//! (its capacity held by the database) and checks in on the office floor
//! with the appearance code, like a passport appointment.

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::floor::check_in;
use crate::helpers::stay::{
    applied, attach_documents, denpasar_staff, get_permit, permit, plus_days, registered, submit,
    today_in,
};
use crate::helpers::{TestApp, error_code};

/// The next working day after tomorrow's (office time).
fn working_day() -> String {
    let mut d = today_in("Asia/Makassar")
        .checked_add(jiff::Span::new().days(1))
        .unwrap();
    while matches!(
        d.weekday(),
        jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
    ) {
        d = d.checked_add(jiff::Span::new().days(1)).unwrap();
    }
    d.to_string()
}

/// A paid extension in review for a new ITAS of jane; returns its number.
async fn in_review(app: &TestApp, jane: &str, officer: &str, passport: &str) -> String {
    let until = plus_days(today_in("Asia/Makassar"), 20);
    let p = registered(
        app,
        officer,
        &permit("jane@example.com", passport, "2026-01-01", &until),
    )
    .await;
    let rn = applied(
        app,
        jane,
        &json!({ "kind": "extension", "permit_number": p["number"] }),
    )
    .await;
    attach_documents(
        app,
        jane,
        &rn,
        &[
            "passport_bio_page",
            "stay_sponsor_letter",
            "residence_letter",
        ],
    )
    .await;
    let (code, amount, _) = submit(app, jane, &rn).await;
    let ntpn = format!("STAYAPPEAR{}", &passport[passport.len() - 6..]);
    let res = crate::helpers::passport::pay(app, &code, amount, &ntpn).await;
    assert_eq!(res.status(), 200);
    rn
}

async fn ask(app: &TestApp, token: &str, rn: &str, purpose: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/stay/applications/{rn}/appearance"),
        Some(token),
        &json!({ "purpose": purpose }),
    )
    .await
}

async fn book(
    app: &TestApp,
    token: &str,
    code: &str,
    date: &str,
    session: &str,
) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/stay/appearances/{code}/booking"),
        Some(token),
        &json!({ "date": date, "session": session }),
    )
    .await
}

async fn the_holder_books_an_appearance_and_checks_in_on_the_floor(app: TestApp) {
    let (officer, _) = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let bob = app.staff("bob@example.com", Role::Foreigner, None).await;
    let rn = in_review(&app, &jane, &officer, "PN1000001").await;
    // Only staff of the office ask, for a known purpose, once at a time.
    let (status, _) = error_code(ask(&app, &jane, &rn, "biometrics").await).await;
    assert_eq!(status, 404);
    let (status, code) = error_code(ask(&app, &officer, &rn, "karaoke").await).await;
    assert_eq!((status, code.as_str()), (422, "invalid_input"));
    let res = ask(&app, &officer, &rn, "biometrics").await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["status"], "requested");
    let code = v["code"].as_str().unwrap().to_owned();
    let (status, code_) = error_code(ask(&app, &officer, &rn, "interview").await).await;
    assert_eq!((status, code_.as_str()), (409, "appearance_open"));
    // Another holder neither sees nor books it.
    let (status, _) = error_code(
        app.get(&format!("/api/v1/stay/appearances/{code}"), Some(&bob))
            .await,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = error_code(book(&app, &bob, &code, &working_day(), "morning").await).await;
    assert_eq!(status, 404);
    // Today, a weekend or an unknown session: refused with the field named.
    let today = today_in("Asia/Makassar").to_string();
    let res = book(&app, &jane, &code, &today, "morning").await;
    let v: Value = res.json().await.unwrap();
    assert!(v["error"]["fields"]["date"].is_string(), "{v}");
    let (status, _) = error_code(book(&app, &jane, &code, &working_day(), "evening").await).await;
    assert_eq!(status, 422);
    let v: Value = book(&app, &jane, &code, &working_day(), "morning")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "booked", "{v}");
    assert_eq!(v["office"], "DENPASAR");
    // 08:00 WITA is 00:00 UTC.
    assert_eq!(v["starts_at"], format!("{}T00:00:00Z", working_day()));
    // The day comes: the session moves to now (as if the days had passed).
    let now = jiff::Timestamp::now();
    let sql = format!(
        "UPDATE stay_appearances SET session_date = '{today}', starts_at = {}, ends_at = {} WHERE code = '{code}'",
        now.as_millisecond() - 30 * 60 * 1000,
        now.as_millisecond() + 2 * 3600 * 1000,
    );
    sea_orm::ConnectionTrait::execute_unprepared(&app.state.db, &sql)
        .await
        .unwrap();
    let res = check_in(&app, Some(&officer), "DENPASAR", &code).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    assert!(v["ticket"].as_str().unwrap().starts_with('A'), "{v}");
    assert_eq!(v["booking_code"], code.as_str());
    let v: Value = app
        .get(&format!("/api/v1/stay/appearances/{code}"), Some(&jane))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "checked_in");
    // The permit's history tells the story.
    let rn_permit: Value = app
        .get(&format!("/api/v1/stay/applications/{rn}"), Some(&jane))
        .await
        .json()
        .await
        .unwrap();
    let p: Value = get_permit(&app, &jane, rn_permit["permit_number"].as_str().unwrap())
        .await
        .json()
        .await
        .unwrap();
    let whats: Vec<&str> = p["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["what"].as_str().unwrap())
        .collect();
    assert!(
        whats.contains(&"appearance_requested") && whats.contains(&"appearance_booked"),
        "{whats:?}"
    );
}

both_databases!(the_holder_books_an_appearance_and_checks_in_on_the_floor);

fn one_place_a_session(config: &mut imigrasi_platform::Config) {
    use imigrasi_stay::app::StaySettings;
    let mut settings = StaySettings::default();
    settings.appearances.capacity = 1;
    config.services.insert(settings);
}

async fn a_full_session_refuses_the_next_booking(app: TestApp) {
    let (officer, _) = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let first = in_review(&app, &jane, &officer, "PN2000001").await;
    let second = in_review(&app, &jane, &officer, "PN2000002").await;
    let mut codes = Vec::new();
    for rn in [&first, &second] {
        let v: Value = ask(&app, &officer, rn, "interview")
            .await
            .json()
            .await
            .unwrap();
        codes.push(v["code"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        book(&app, &jane, &codes[0], &working_day(), "afternoon")
            .await
            .status(),
        200
    );
    let (status, code) =
        error_code(book(&app, &jane, &codes[1], &working_day(), "afternoon").await).await;
    assert_eq!((status, code.as_str()), (409, "session_full"));
    assert_eq!(
        book(&app, &jane, &codes[1], &working_day(), "morning")
            .await
            .status(),
        200
    );
    // Withdrawing the first case gives its place back.
    let res = app
        .post_json(
            &format!("/api/v1/stay/applications/{first}/withdraw"),
            Some(&jane),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = app
        .get(
            &format!("/api/v1/stay/appearances/{}", codes[0]),
            Some(&jane),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "cancelled");
    let third = in_review(&app, &jane, &officer, "PN2000003").await;
    let v: Value = ask(&app, &officer, &third, "interview")
        .await
        .json()
        .await
        .unwrap();
    let code = v["code"].as_str().unwrap();
    assert_eq!(
        book(&app, &jane, code, &working_day(), "afternoon")
            .await
            .status(),
        200
    );
}

both_databases!(a_full_session_refuses_the_next_booking, one_place_a_session);

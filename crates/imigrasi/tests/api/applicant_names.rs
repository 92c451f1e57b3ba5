//! Names follow one rule everywhere (applicants of bookings, the waitlist
//! and walk-ins, and accounts): trimmed, 1 to 100 characters, no control
//! characters and no bidirectional-text controls. A refused name is a 422
//! `invalid_input` naming the field, in the caller's language, and writes
//! nothing.

use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::Role;
use jiff::civil::Date;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::passport::{applicant, days_ahead, slot};
use crate::helpers::{TestApp, count};

/// Names that must be refused: NUL, line feed, escape, right-to-left override.
const BAD_NAMES: [&str; 4] = [
    "Budi\u{0}Santoso",
    "Budi\nSantoso",
    "Budi \u{1b}[31mSantoso",
    "Budi \u{202E}osotnaS",
];

async fn rows(app: &TestApp, table: &str) -> i64 {
    count(app, &format!("SELECT COUNT(*) AS n FROM {table}")).await
}

/// Rows of every table a refused request could have written.
async fn written(app: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for t in [
        "passport_bookings",
        "passport_waitlist",
        "passport_tickets",
        "bills",
        "outbox",
        "audit_log",
    ] {
        out.push(rows(app, t).await);
    }
    out
}

async fn post(app: &TestApp, path: &str, token: &str, lang: &str, body: &Value) -> (u16, Value) {
    let res = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .header("accept-language", lang)
        .json(body)
        .send()
        .await
        .unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

/// Each bad name is refused on `field`, with the message of `key` in both
/// languages, and nothing is written.
async fn refused_everywhere(
    app: &TestApp,
    path: &str,
    token: &str,
    field: &str,
    key: &str,
    body_with: impl Fn(&str) -> Value,
) {
    let before = written(app).await;
    for name in BAD_NAMES {
        for lang in [Lang::Id, Lang::En] {
            let (status, v) = post(app, path, token, lang.code(), &body_with(name)).await;
            assert_eq!(status, 422, "{path} {name:?}: {v}");
            assert_eq!(v["error"]["code"], "invalid_input", "{path} {name:?}: {v}");
            // Control characters are caught by the platform's JSON check
            // (same field, its own words); the rest by the name rule.
            let expected = if name.chars().any(|c| c.is_control() && c != '\n') {
                lang.t("error-control-character")
            } else {
                lang.t(key)
            };
            assert_eq!(
                v["error"]["fields"][field].as_str(),
                Some(expected.as_str()),
                "{path} {name:?} ({}): {v}",
                lang.code()
            );
        }
    }
    assert_eq!(
        written(app).await,
        before,
        "{path}: a refused name wrote rows"
    );
}

async fn booking_and_waitlist_refuse_bad_names(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let date = days_ahead(3);
    let slot_id = slot(&app, &sup, &date, "08:00", "10:00", 5, None).await;
    let citizen = app.citizen("warga@example.id").await;
    let with_name = |name: &str| {
        let mut a = applicant(1);
        a["full_name"] = json!(name);
        a
    };

    refused_everywhere(
        &app,
        "/api/v1/passport/bookings",
        &citizen,
        "applicant.full_name",
        "error-name-invalid",
        |name| json!({"slot_id": slot_id, "applicant": with_name(name), "passport_type": "regular", "service": "new"}),
    )
    .await;
    refused_everywhere(
        &app,
        "/api/v1/passport/waitlist",
        &citizen,
        "applicant.full_name",
        "error-name-invalid",
        |name| json!({"office": "BATAM", "date_from": date, "date_to": date, "applicant": with_name(name), "passport_type": "regular", "service": "new"}),
    )
    .await;

    // The same requests with a plain name go through (trimmed).
    let (status, v) = post(
        &app,
        "/api/v1/passport/waitlist",
        &citizen,
        "id",
        &json!({"office": "BATAM", "date_from": date, "date_to": date, "applicant": with_name("  Siti Nur'aini  "), "passport_type": "regular", "service": "new"}),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    let (status, v) = post(
        &app,
        "/api/v1/passport/bookings",
        &citizen,
        "id",
        &json!({"slot_id": slot_id, "applicant": with_name("  Siti Nur'aini  "), "passport_type": "regular", "service": "new"}),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["applicant"]["full_name"], "Siti Nur'aini");
}
both_databases!(booking_and_waitlist_refuse_bad_names);

/// Someone born `years` ago today, as an applicant (a man, Jakarta Pusat).
fn elderly(years: i16, serial: u32, name: &str) -> Value {
    let tz = jiff::tz::TimeZone::get("Asia/Jakarta").unwrap();
    let today: Date = jiff::Timestamp::now().to_zoned_datetime(tz).date();
    let birth = today.checked_sub(jiff::Span::new().years(years)).unwrap();
    let nik = format!(
        "317101{:02}{:02}{:02}{serial:04}",
        birth.day(),
        birth.month(),
        birth.year().rem_euclid(100)
    );
    json!({"nik": nik, "full_name": name, "birth_date": birth.to_string(), "sex": "M"})
}

async fn walk_ins_refuse_bad_names(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    slot(&app, &sup, &days_ahead(0), "00:00", "23:59", 50, None).await;
    let officer = app
        .staff("petugas@batam.go.id", Role::Officer, Some("BATAM"))
        .await;
    refused_everywhere(
        &app,
        "/api/v1/offices/BATAM/walk-ins",
        &officer,
        "applicant.full_name",
        "error-name-invalid",
        |name| json!({"applicant": elderly(70, 1, name), "priority_reason": "elderly"}),
    )
    .await;
    let (status, v) = post(
        &app,
        "/api/v1/offices/BATAM/walk-ins",
        &officer,
        "id",
        &json!({"applicant": elderly(70, 1, "Haji Abdul Rahman"), "priority_reason": "elderly"}),
    )
    .await;
    assert_eq!(status, 201, "{v}");
}
both_databases!(walk_ins_refuse_bad_names);

async fn account_names_follow_the_same_rule(app: TestApp) {
    let before = rows(&app, "accounts").await;
    for (i, name) in BAD_NAMES.iter().enumerate() {
        for lang in [Lang::Id, Lang::En] {
            let res = app
                .client
                .post(app.url("/api/v1/accounts"))
                .header("accept-language", lang.code())
                .json(&json!({"email": format!("n{i}@example.id"), "password": "correct horse 1", "full_name": name, "kind": "citizen"}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 422, "{name:?}");
            let v: Value = res.json().await.unwrap();
            assert_eq!(v["error"]["code"], "invalid_input");
            let expected = if name.chars().any(|c| c.is_control() && c != '\n') {
                lang.t("error-control-character")
            } else {
                lang.t("error-name-invalid")
            };
            assert_eq!(
                v["error"]["fields"]["full_name"].as_str(),
                Some(expected.as_str()),
                "{name:?}: {v}"
            );
        }
    }
    assert_eq!(rows(&app, "accounts").await, before);
}
both_databases!(account_names_follow_the_same_rule);

async fn the_booking_form_shows_the_same_message(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let slot_id = slot(&app, &sup, &days_ahead(3), "08:00", "10:00", 5, None).await;
    app.citizen("warga@example.id").await;
    let cookie = app.page_login("warga@example.id", "correct horse 1").await;
    let a = applicant(1);
    for lang in [Lang::Id, Lang::En] {
        let res = app
            .client
            .post(app.url("/passport/book"))
            .header("cookie", &cookie)
            .header("accept-language", lang.code())
            .form(&[
                ("slot", slot_id.as_str()),
                ("nik", a["nik"].as_str().unwrap()),
                ("full_name", "Budi \u{202E}osotnaS"),
                ("birth_date", a["birth_date"].as_str().unwrap()),
                ("sex", "M"),
                ("passport_type", "regular"),
                ("service", "new"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains(&lang.t("error-name-invalid")),
            "{}:\n{html}",
            lang.code()
        );
        assert!(html.contains("aria-invalid=\"true\""));
    }
    assert_eq!(rows(&app, "passport_bookings").await, 0);
}
both_databases!(the_booking_form_shows_the_same_message);

//! The office floor contract: kiosk devices, check-in rules, priority
//! walk-ins, counters and the call order, concurrent calls, served /
//! no-show / recall, office borders, the no-show sweep, live positions and
//! the day's figures.
//!
//! Bookings "today" use an extra slot from 00:00 to 23:59 office time (WIB),
//! so the arrival window is open whenever the test runs (except in the last
//! minute of the day in Jakarta).

use std::time::Duration;

use futures::future::join_all;
use imigrasi_office::{app as floor_app, store as floor};
use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use jiff::civil::Date;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::{TestApp, error_code};
use crate::passport::{book, days_ahead, pay};

fn today() -> Date {
    let tz = jiff::tz::TimeZone::get("Asia/Jakarta").unwrap();
    jiff::Timestamp::now().to_zoned_datetime(tz).date()
}

/// A valid NIK (Jakarta Pusat) for someone born on `birth`.
fn nik_born(birth: Date, female: bool, serial: u32) -> String {
    let day = birth.day() + if female { 40 } else { 0 };
    format!(
        "317101{day:02}{:02}{:02}{serial:04}",
        birth.month(),
        birth.year().rem_euclid(100)
    )
}

fn person(birth: Date, female: bool, serial: u32) -> Value {
    json!({
        "nik": nik_born(birth, female, serial),
        "full_name": "Ibu Sari",
        "birth_date": birth.to_string(),
        "sex": if female { "F" } else { "M" },
    })
}

fn years_ago(years: i16) -> Date {
    today().checked_sub(jiff::Span::new().years(years)).unwrap()
}

struct Floor {
    sup: String,
    officer: String,
    slot_today: String,
}

async fn slot_at(app: &TestApp, token: &str, office: &str, date: &str, category: &str) -> String {
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

async fn setup(app: &TestApp) -> Floor {
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
async fn booking(app: &TestApp, slot: &str, serial: u32, paid: bool) -> (String, String) {
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

async fn confirmed(app: &TestApp, slot: &str, serial: u32) -> String {
    booking(app, slot, serial, true).await.0
}

async fn check_in(
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

async fn device_check_in(app: &TestApp, key: &str, office: &str, code: &str) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/offices/{office}/check-ins")))
        .header("authorization", format!("Device {key}"))
        .json(&json!({"booking_code": code}))
        .send()
        .await
        .unwrap()
}

async fn checked_in(app: &TestApp, token: &str, code: &str) -> Value {
    let res = check_in(app, Some(token), "BATAM", code).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn walk_in(app: &TestApp, token: &str, applicant: Value, reason: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/offices/BATAM/walk-ins",
        Some(token),
        &json!({"applicant": applicant, "priority_reason": reason}),
    )
    .await
}

async fn put_json(app: &TestApp, path: &str, token: &str, body: &Value) -> reqwest::Response {
    app.client
        .put(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn call_next(app: &TestApp, token: &str, counter: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/offices/BATAM/counters/{counter}/call-next"),
        Some(token),
        &json!({}),
    )
    .await
}

async fn open(app: &TestApp, token: &str, counter: &str) {
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

async fn count(app: &TestApp, sql: &str) -> i64 {
    let row = db::one(&app.state.db, sql, []).await.unwrap().unwrap();
    db::col::<i64>(&row, "n").unwrap()
}

async fn booking_status(app: &TestApp, code: &str) -> String {
    let row = db::one(
        &app.state.db,
        "SELECT status FROM passport_bookings WHERE code = $1",
        [sea_orm::Value::from(code)],
    )
    .await
    .unwrap()
    .unwrap();
    db::col::<String>(&row, "status").unwrap()
}

async fn booking_id(app: &TestApp, code: &str) -> String {
    let row = db::one(
        &app.state.db,
        "SELECT id FROM passport_bookings WHERE code = $1",
        [sea_orm::Value::from(code)],
    )
    .await
    .unwrap()
    .unwrap();
    db::col::<String>(&row, "id").unwrap()
}

/// Move a slot's session to start and end the given minutes from now
/// (its office-local date stays today).
async fn move_session(app: &TestApp, slot: &str, start_min: i64, end_min: i64) {
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

async fn check_in_rules(app: TestApp) {
    let f = setup(&app).await;
    let (a, citizen_a) = booking(&app, &f.slot_today, 1, true).await;
    let b = confirmed(&app, &f.slot_today, 2).await;

    // Unknown code.
    let res = check_in(&app, Some(&f.officer), "BATAM", "ZZZZZZZZ").await;
    assert_eq!(error_code(res).await, (404, "not_found".into()));
    let res = check_in(&app, Some(&f.officer), "NOWHERE", &a).await;
    assert_eq!(res.status(), 404);

    // Who may check in: staff of the office only.
    assert_eq!(check_in(&app, None, "BATAM", &a).await.status(), 401);
    assert_eq!(
        check_in(&app, Some(&citizen_a), "BATAM", &a).await.status(),
        403
    );
    let medan = app
        .staff("petugas@medan.go.id", Role::Officer, Some("MEDAN"))
        .await;
    assert_eq!(
        error_code(check_in(&app, Some(&medan), "BATAM", &a).await).await,
        (403, "forbidden".into())
    );
    let res = app
        .post_json(
            "/api/v1/offices/BATAM/check-ins",
            Some(&f.officer),
            &json!({}),
        )
        .await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));

    // Success: ticket numbers by category, people ahead.
    let v = checked_in(&app, &f.officer, &a.to_lowercase()).await;
    assert_eq!(v["ticket"], "A001");
    assert_eq!(v["category"], "regular");
    assert_eq!(v["booking_code"], a.as_str());
    assert_eq!(v["people_ahead"], 0);
    let v = checked_in(&app, &f.sup, &b).await;
    assert_eq!(v["ticket"], "A002");
    assert_eq!(v["people_ahead"], 1);
    let seen: Value = app
        .get(&format!("/api/v1/passport/bookings/{a}"), Some(&citizen_a))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["status"], "checked_in");

    // Only once.
    let res = check_in(&app, Some(&f.officer), "BATAM", &a).await;
    assert_eq!(error_code(res).await, (409, "already_checked_in".into()));

    // Not paid.
    let (unpaid, _) = booking(&app, &f.slot_today, 3, false).await;
    let res = check_in(&app, Some(&f.officer), "BATAM", &unpaid).await;
    assert_eq!(error_code(res).await, (409, "not_confirmed".into()));

    // Another day.
    let tomorrow = slot_at(&app, &f.sup, "BATAM", &days_ahead(1), "regular").await;
    let later = confirmed(&app, &tomorrow, 4).await;
    let res = check_in(&app, Some(&f.officer), "BATAM", &later).await;
    assert_eq!(error_code(res).await, (409, "not_today".into()));

    // Another office.
    let medan_sup = app
        .staff("sup@medan.go.id", Role::Supervisor, Some("MEDAN"))
        .await;
    let medan_slot = slot_at(&app, &medan_sup, "MEDAN", &today().to_string(), "regular").await;
    let elsewhere = confirmed(&app, &medan_slot, 5).await;
    let res = check_in(&app, Some(&f.officer), "BATAM", &elsewhere).await;
    assert_eq!(error_code(res).await, (409, "wrong_office".into()));

    // Outside the window: too early (session in 2 hours), too late (ended).
    let early_slot = slot_at(&app, &f.sup, "BATAM", &today().to_string(), "regular").await;
    let early = confirmed(&app, &early_slot, 6).await;
    move_session(&app, &early_slot, 120, 180).await;
    let res = check_in(&app, Some(&f.officer), "BATAM", &early).await;
    assert_eq!(error_code(res).await, (409, "outside_window".into()));
    let late_slot = slot_at(&app, &f.sup, "BATAM", &today().to_string(), "regular").await;
    let late = confirmed(&app, &late_slot, 8).await;
    move_session(&app, &late_slot, -120, -1).await;
    let res = check_in(&app, Some(&f.officer), "BATAM", &late).await;
    assert_eq!(error_code(res).await, (409, "outside_window".into()));
    // Within 30 minutes before the start is fine; an accelerated booking gets a B ticket.
    let fast_slot = slot_at(&app, &f.sup, "BATAM", &today().to_string(), "accelerated").await;
    let fast = confirmed(&app, &fast_slot, 7).await;
    move_session(&app, &fast_slot, 20, 80).await;
    let v = checked_in(&app, &f.officer, &fast).await;
    assert_eq!(v["ticket"], "B001");
    assert_eq!(v["category"], "accelerated");
    assert_eq!(v["people_ahead"], 2);
    // With a shorter window, 20 minutes early is too early.
    let res = put_json(
        &app,
        "/api/v1/offices/BATAM/floor/settings",
        &f.sup,
        &json!({"arrive_before_minutes": 10}),
    )
    .await;
    assert_eq!(res.status(), 200);
    move_session(&app, &early_slot, 20, 80).await;
    let res = check_in(&app, Some(&f.officer), "BATAM", &early).await;
    assert_eq!(error_code(res).await, (409, "outside_window".into()));

    // Nothing refused was stored; each check-in was audited.
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM passport_tickets").await,
        3
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'booking.check_in'"
        )
        .await,
        3
    );
    assert_eq!(booking_status(&app, &later).await, "confirmed");
    assert!(
        imigrasi_platform::audit::verify(&app.state.db)
            .await
            .unwrap()
            .is_ok()
    );
}
both_databases!(check_in_rules);

async fn kiosk_devices(app: TestApp) {
    let f = setup(&app).await;
    let a = confirmed(&app, &f.slot_today, 1).await;
    let b = confirmed(&app, &f.slot_today, 2).await;

    // Only a supervisor of the office (or an administrator) manages devices.
    let res = app
        .post_json(
            "/api/v1/offices/BATAM/devices",
            Some(&f.officer),
            &json!({"name": "Kiosk"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_json(
            "/api/v1/offices/BATAM/devices",
            None,
            &json!({"name": "Kiosk"}),
        )
        .await;
    assert_eq!(res.status(), 401);
    let res = app
        .post_json(
            "/api/v1/offices/BATAM/devices",
            Some(&f.sup),
            &json!({"name": "  "}),
        )
        .await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));

    let res = app
        .post_json(
            "/api/v1/offices/BATAM/devices",
            Some(&f.sup),
            &json!({"name": "APM lobi"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let key = created["key"].as_str().unwrap().to_owned();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["name"], "APM lobi");
    assert_eq!(key.len(), 43);
    assert!(
        key.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    );
    // Only the hash is stored.
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM passport_devices WHERE key_hash = '{}'",
                floor::device_key_hash(&key)
            )
        )
        .await,
        1
    );
    let list: Value = app
        .get("/api/v1/offices/BATAM/devices", Some(&f.sup))
        .await
        .json()
        .await
        .unwrap();
    let devices = list["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0]["id"], id.as_str());
    assert_eq!(devices[0]["active"], true);
    assert!(devices[0].get("key").is_none());
    assert!(!list.to_string().contains(&key));

    // The kiosk checks in with its key; the audit names the device, not an account.
    let res = device_check_in(&app, &key, "BATAM", &a).await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["ticket"], "A001");
    let row = db::one(
        &app.state.db,
        "SELECT actor_id, detail FROM audit_log WHERE action = 'booking.check_in'",
        [],
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(db::col::<Option<String>>(&row, "actor_id").unwrap(), None);
    let detail: Value = serde_json::from_str(&db::col::<String>(&row, "detail").unwrap()).unwrap();
    assert_eq!(detail["device"], id.as_str());
    assert_eq!(detail["ticket"], "A001");

    // A device of another office is refused here (403), whatever the booking.
    let admin = app
        .staff("admin@imigrasi.go.id", Role::Administrator, None)
        .await;
    let res = app
        .post_json(
            "/api/v1/offices/MEDAN/devices",
            Some(&admin),
            &json!({"name": "APM Medan"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let medan_key = res.json::<Value>().await.unwrap()["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = device_check_in(&app, &medan_key, "BATAM", &b).await;
    assert_eq!(error_code(res).await, (403, "forbidden".into()));
    // A BATAM supervisor cannot revoke the MEDAN device.
    let medan_list: Value = app
        .get("/api/v1/offices/MEDAN/devices", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    let medan_id = medan_list["devices"][0]["id"].as_str().unwrap().to_owned();
    let res = app
        .post_json(
            &format!("/api/v1/offices/MEDAN/devices/{medan_id}/revoke"),
            Some(&f.sup),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_json(
            &format!("/api/v1/offices/BATAM/devices/{medan_id}/revoke"),
            Some(&f.sup),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 404);

    // Unknown and revoked keys: 401.
    let res = device_check_in(&app, "not-a-key", "BATAM", &b).await;
    assert_eq!(error_code(res).await, (401, "unauthenticated".into()));
    let res = app
        .post_json(
            &format!("/api/v1/offices/BATAM/devices/{id}/revoke"),
            Some(&f.sup),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["active"], false);
    assert!(v["revoked_at"].as_str().unwrap().ends_with("+07:00"));
    let res = device_check_in(&app, &key, "BATAM", &b).await;
    assert_eq!(error_code(res).await, (401, "unauthenticated".into()));
    assert_eq!(booking_status(&app, &b).await, "confirmed");
    // Revoking again is harmless and audited once.
    let res = app
        .post_json(
            &format!("/api/v1/offices/BATAM/devices/{id}/revoke"),
            Some(&f.sup),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'device.revoke'"
        )
        .await,
        1
    );
}
both_databases!(kiosk_devices);

async fn walk_ins(app: TestApp) {
    let f = setup(&app).await;

    // Settings: supervisor only; defaults first.
    let v: Value = app
        .get("/api/v1/offices/BATAM/floor/settings", Some(&f.sup))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        v,
        json!({"arrive_before_minutes": 30, "priority_every": 2, "walk_in_daily_cap": 50})
    );
    let res = put_json(
        &app,
        "/api/v1/offices/BATAM/floor/settings",
        &f.officer,
        &json!({"walk_in_daily_cap": 2}),
    )
    .await;
    assert_eq!(res.status(), 403);
    let res = put_json(
        &app,
        "/api/v1/offices/BATAM/floor/settings",
        &f.sup,
        &json!({"walk_in_daily_cap": -1, "priority_every": 99}),
    )
    .await;
    let (status, code) = error_code(res).await;
    assert_eq!((status, code.as_str()), (422, "invalid_input"));
    let res = put_json(
        &app,
        "/api/v1/offices/BATAM/floor/settings",
        &f.sup,
        &json!({"walk_in_daily_cap": 2}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["walk_in_daily_cap"], 2);
    assert_eq!(v["priority_every"], 2);

    // Age and reason rules: 422.
    let res = walk_in(&app, &f.officer, person(years_ago(40), false, 1), "elderly").await;
    let (status, code) = error_code(res).await;
    assert_eq!((status, code.as_str()), (422, "invalid_input"));
    let res = walk_in(
        &app,
        &f.officer,
        person(years_ago(10), true, 2),
        "child_under_5",
    )
    .await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));
    let res = walk_in(
        &app,
        &f.officer,
        person(years_ago(30), false, 3),
        "pregnant",
    )
    .await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));
    let res = walk_in(&app, &f.officer, person(years_ago(70), false, 4), "vip").await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));
    let mut mismatch = person(years_ago(70), false, 5);
    mismatch["sex"] = json!("F");
    let res = walk_in(&app, &f.officer, mismatch, "elderly").await;
    assert_eq!(error_code(res).await, (422, "identity_mismatch".into()));
    // Citizens and anonymous callers cannot register walk-ins.
    let res = walk_in(&app, "nope", person(years_ago(70), false, 4), "elderly").await;
    assert_eq!(res.status(), 401);

    // Accepted: priority tickets P001, P002.
    let res = walk_in(&app, &f.officer, person(years_ago(70), false, 6), "elderly").await;
    assert_eq!(res.status(), 201);
    let t: Value = res.json().await.unwrap();
    assert_eq!(t["ticket"], "P001");
    assert_eq!(t["category"], "priority");
    assert_eq!(t["kind"], "walk_in");
    assert_eq!(t["status"], "waiting");
    assert_eq!(t["priority_reason"], "elderly");
    assert!(t["nik_masked"].as_str().unwrap().contains('*'));
    assert!(t.get("booking_code").is_none());
    // The same NIK cannot hold two open tickets.
    let res = walk_in(&app, &f.sup, person(years_ago(70), false, 6), "disability").await;
    assert_eq!(error_code(res).await, (409, "already_checked_in".into()));
    let res = walk_in(
        &app,
        &f.officer,
        person(years_ago(2), true, 7),
        "child_under_5",
    )
    .await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.json::<Value>().await.unwrap()["ticket"], "P002");
    // The cap.
    let res = walk_in(&app, &f.officer, person(years_ago(35), true, 8), "pregnant").await;
    assert_eq!(error_code(res).await, (409, "priority_cap_reached".into()));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_tickets WHERE kind = 'walk_in'"
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'floor.walk_in'"
        )
        .await,
        2
    );
}
both_databases!(walk_ins);

async fn call_order_interleaves_priority(app: TestApp) {
    let f = setup(&app).await;
    let res = put_json(
        &app,
        "/api/v1/offices/BATAM/floor/settings",
        &f.sup,
        &json!({"priority_every": 2}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let mut codes = Vec::new();
    for serial in 1..=3 {
        let code = confirmed(&app, &f.slot_today, serial).await;
        checked_in(&app, &f.officer, &code).await;
        codes.push(code);
    }
    for serial in 4..=5 {
        let res = walk_in(
            &app,
            &f.officer,
            person(years_ago(65), false, serial),
            "elderly",
        )
        .await;
        assert_eq!(res.status(), 201);
    }

    // A closed counter cannot call; a bad counter name is 422.
    let res = call_next(&app, &f.officer, "1").await;
    assert_eq!(error_code(res).await, (409, "counter_closed".into()));
    let res = call_next(&app, &f.officer, "12345").await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));
    open(&app, &f.officer, "1").await;

    let mut order = Vec::new();
    for _ in 0..5 {
        let res = call_next(&app, &f.officer, "1").await;
        assert_eq!(res.status(), 200);
        let t: Value = res.json().await.unwrap();
        assert_eq!(t["status"], "called");
        assert_eq!(t["counter"], "1");
        order.push(t["ticket"].as_str().unwrap().to_owned());
        if t["category"] == "regular" {
            assert!(codes.contains(&t["booking_code"].as_str().unwrap().to_owned()));
        }
    }
    assert_eq!(order, ["A001", "A002", "P001", "A003", "P002"]);
    let res = call_next(&app, &f.officer, "1").await;
    assert_eq!(res.status(), 204);

    // Counters list; closing stops calls.
    let v: Value = app
        .get("/api/v1/offices/BATAM/counters", Some(&f.officer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["counters"][0]["counter"], "1");
    assert_eq!(v["counters"][0]["open"], true);
    let res = app
        .post_json(
            "/api/v1/offices/BATAM/counters/1/close",
            Some(&f.officer),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["open"], false);
    let res = call_next(&app, &f.officer, "1").await;
    assert_eq!(error_code(res).await, (409, "counter_closed".into()));
}
both_databases!(call_order_interleaves_priority);

async fn concurrent_calls_never_share_a_ticket(app: TestApp) {
    let f = setup(&app).await;
    for serial in 1..=3 {
        let code = confirmed(&app, &f.slot_today, serial).await;
        checked_in(&app, &f.officer, &code).await;
    }
    for serial in 4..=6 {
        let res = walk_in(
            &app,
            &f.officer,
            person(years_ago(61), true, serial),
            "elderly",
        )
        .await;
        assert_eq!(res.status(), 201);
    }
    for counter in ["1", "2", "3"] {
        open(&app, &f.officer, counter).await;
    }
    let calls = (0..10).map(|i| {
        let app = app.clone();
        let token = f.officer.clone();
        tokio::spawn(async move {
            let counter = ["1", "2", "3"][i % 3];
            let res = call_next(&app, &token, counter).await;
            let status = res.status().as_u16();
            let ticket = if status == 200 {
                res.json::<Value>().await.unwrap()["ticket"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            } else {
                String::new()
            };
            (status, ticket)
        })
    });
    let results: Vec<(u16, String)> = join_all(calls)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    let mut tickets: Vec<String> = results
        .iter()
        .filter(|r| r.0 == 200)
        .map(|r| r.1.clone())
        .collect();
    tickets.sort();
    assert_eq!(
        tickets,
        ["A001", "A002", "A003", "P001", "P002", "P003"],
        "{results:?}"
    );
    assert_eq!(
        results.iter().filter(|r| r.0 == 204).count(),
        4,
        "{results:?}"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_tickets WHERE status = 'called' AND counter IS NOT NULL"
        )
        .await,
        6
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ticket.call'"
        )
        .await,
        6
    );
}
both_databases!(concurrent_calls_never_share_a_ticket);

async fn serve_no_show_and_recall(app: TestApp) {
    let f = setup(&app).await;
    let mut events = app.state.events.subscribe();
    let (a, citizen_a) = booking(&app, &f.slot_today, 1, true).await;
    let b = confirmed(&app, &f.slot_today, 2).await;
    checked_in(&app, &f.officer, &a).await;
    checked_in(&app, &f.officer, &b).await;

    // Live position before any call: one ahead, 10 minutes by default.
    let pos = floor::position(&app.state.db, &booking_id(&app, &b).await)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pos.ticket, "A002");
    assert_eq!(pos.people_ahead, 1);
    assert_eq!(pos.estimated_wait_minutes, 10);
    let unseen = confirmed(&app, &f.slot_today, 3).await;
    assert!(
        floor::position(&app.state.db, &booking_id(&app, &unseen).await)
            .await
            .unwrap()
            .is_none()
    );

    let act = |ticket: &str, what: &str| {
        let path = format!("/api/v1/offices/BATAM/tickets/{ticket}/{what}");
        let app = app.clone();
        let token = f.officer.clone();
        async move { app.post_json(&path, Some(&token), &json!({})).await }
    };
    // Not called yet.
    assert_eq!(
        error_code(act("A001", "served").await).await,
        (409, "ticket_not_called".into())
    );
    assert_eq!(error_code(act("A099", "served").await).await.0, 404);
    assert_eq!(error_code(act("XYZ", "recall").await).await.0, 404);

    open(&app, &f.officer, "1").await;
    open(&app, &f.officer, "2").await;
    let t: Value = call_next(&app, &f.officer, "1").await.json().await.unwrap();
    assert_eq!(t["ticket"], "A001");
    assert_eq!(t["booking_code"], a.as_str());
    let pos = floor::position(&app.state.db, &booking_id(&app, &a).await)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((pos.people_ahead, pos.estimated_wait_minutes), (0, 0));
    assert_eq!(pos.counter.as_deref(), Some("1"));

    let res = act("a1", "recall").await;
    assert_eq!(res.status(), 200);
    let t: Value = res.json().await.unwrap();
    assert_eq!(t["recalls"], 1);
    assert_eq!(t["status"], "called");

    let res = act("A001", "served").await;
    assert_eq!(res.status(), 200);
    let t: Value = res.json().await.unwrap();
    assert_eq!(t["status"], "served");
    assert!(t["finished_at"].as_str().unwrap().ends_with("+07:00"));
    let seen: Value = app
        .get(&format!("/api/v1/passport/bookings/{a}"), Some(&citizen_a))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["status"], "served");
    assert_eq!(
        error_code(act("A001", "served").await).await,
        (409, "ticket_finished".into())
    );
    assert_eq!(
        error_code(act("A001", "recall").await).await,
        (409, "ticket_finished".into())
    );

    let t: Value = call_next(&app, &f.officer, "2").await.json().await.unwrap();
    assert_eq!(t["ticket"], "A002");
    let res = act("A002", "no-show").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "no_show");
    assert_eq!(booking_status(&app, &b).await, "no_show");

    // Every change was announced on the board.
    let mut kinds = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while kinds.len() < 7 {
        let Ok(Ok(ev)) = tokio::time::timeout_at(deadline, events.recv()).await else {
            break;
        };
        if ev.topic == "board:BATAM" {
            let p: Value = serde_json::from_str(&ev.payload).unwrap();
            kinds.push(format!(
                "{} {} {}",
                p["type"].as_str().unwrap(),
                p["ticket"].as_str().unwrap(),
                p["counter"].as_str().unwrap_or("-")
            ));
        }
    }
    assert_eq!(
        kinds,
        [
            "checked_in A001 -",
            "checked_in A002 -",
            "called A001 1",
            "recalled A001 1",
            "served A001 1",
            "called A002 2",
            "no_show A002 2",
        ]
    );

    // The day's figures.
    let stats = floor_app::day_stats(&app.state.db, &imigrasi::floor_services(), "BATAM", today())
        .await
        .unwrap();
    assert_eq!(stats.booked, 3);
    assert_eq!(stats.checked_in, 2);
    assert_eq!(
        (stats.served, stats.missed_calls, stats.no_shows),
        (1, 1, 1)
    );
    assert_eq!(stats.waiting, 0);
    assert_eq!(stats.per_counter.len(), 2);
    assert_eq!(stats.per_counter[0].served, 1);
    assert!(stats.average_service_minutes.is_some());
    assert_eq!(
        stats.arrivals_per_hour.iter().map(|h| h.count).sum::<u32>(),
        2
    );
    let v: Value = app
        .get("/api/v1/offices/BATAM/floor/stats", Some(&f.officer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["served"], 1);
    assert_eq!(v["per_category"].as_array().unwrap().len(), 3);
    let board = floor::board(&app.state.db, "BATAM", today(), 10)
        .await
        .unwrap();
    assert_eq!(board.calls.len(), 2);
    assert_eq!(board.calls[0].ticket, "A002");
    assert!(
        imigrasi_platform::audit::verify(&app.state.db)
            .await
            .unwrap()
            .is_ok()
    );
}
both_databases!(serve_no_show_and_recall);

async fn officers_stop_at_their_office(app: TestApp) {
    let f = setup(&app).await;
    let a = confirmed(&app, &f.slot_today, 1).await;
    checked_in(&app, &f.officer, &a).await;
    open(&app, &f.officer, "1").await;
    let medan = app
        .staff("petugas@medan.go.id", Role::Officer, Some("MEDAN"))
        .await;
    let medan_sup = app
        .staff("sup@medan.go.id", Role::Supervisor, Some("MEDAN"))
        .await;
    let walk = json!({"applicant": person(years_ago(70), false, 9), "priority_reason": "elderly"});
    let posts = [
        (
            "/api/v1/offices/BATAM/check-ins",
            json!({"booking_code": a}),
        ),
        ("/api/v1/offices/BATAM/walk-ins", walk),
        ("/api/v1/offices/BATAM/counters/1/open", json!({})),
        ("/api/v1/offices/BATAM/counters/1/close", json!({})),
        ("/api/v1/offices/BATAM/counters/1/call-next", json!({})),
        ("/api/v1/offices/BATAM/tickets/A001/served", json!({})),
        ("/api/v1/offices/BATAM/tickets/A001/no-show", json!({})),
        ("/api/v1/offices/BATAM/tickets/A001/recall", json!({})),
        ("/api/v1/offices/BATAM/devices", json!({"name": "x"})),
        ("/api/v1/offices/BATAM/devices/some-id/revoke", json!({})),
    ];
    for (path, body) in &posts {
        for token in [&medan, &medan_sup] {
            let res = app.post_json(path, Some(token), body).await;
            assert_eq!(error_code(res).await, (403, "forbidden".into()), "{path}");
        }
        let res = app.post_json(path, None, body).await;
        assert_eq!(res.status(), 401, "{path}");
    }
    for path in [
        "/api/v1/offices/BATAM/devices",
        "/api/v1/offices/BATAM/floor/settings",
        "/api/v1/offices/BATAM/floor/stats",
        "/api/v1/offices/BATAM/counters",
    ] {
        assert_eq!(
            app.get(path, Some(&medan_sup)).await.status(),
            403,
            "{path}"
        );
        assert_eq!(app.get(path, None).await.status(), 401, "{path}");
    }
    let res = put_json(
        &app,
        "/api/v1/offices/BATAM/floor/settings",
        &medan_sup,
        &json!({"priority_every": 0}),
    )
    .await;
    assert_eq!(res.status(), 403);
    // Administrators configure but do not run counters.
    let admin = app
        .staff("admin@imigrasi.go.id", Role::Administrator, None)
        .await;
    assert_eq!(
        app.get("/api/v1/offices/BATAM/floor/settings", Some(&admin))
            .await
            .status(),
        200
    );
    assert_eq!(call_next(&app, &admin, "1").await.status(), 403);

    // Nothing happened at BATAM.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_tickets WHERE status = 'waiting'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM passport_devices").await,
        0
    );
    let t: Value = call_next(&app, &f.officer, "1").await.json().await.unwrap();
    assert_eq!(t["ticket"], "A001");
}
both_databases!(officers_stop_at_their_office);

async fn no_show_sweep(app: TestApp) {
    let f = setup(&app).await;
    let absent = confirmed(&app, &f.slot_today, 1).await;
    let present = confirmed(&app, &f.slot_today, 2).await;
    let (unpaid, _) = booking(&app, &f.slot_today, 3, false).await;
    checked_in(&app, &f.officer, &present).await;

    let now = jiff::Timestamp::now();
    assert_eq!(
        floor_app::mark_no_shows(&app.state.db, &imigrasi::floor_services(), now)
            .await
            .unwrap(),
        0
    );
    assert_eq!(booking_status(&app, &absent).await, "confirmed");

    let after = now
        .checked_add(jiff::SignedDuration::from_hours(48))
        .unwrap();
    assert_eq!(
        floor_app::mark_no_shows(&app.state.db, &imigrasi::floor_services(), after)
            .await
            .unwrap(),
        1
    );
    assert_eq!(booking_status(&app, &absent).await, "no_show");
    assert_eq!(booking_status(&app, &present).await, "checked_in");
    assert_eq!(booking_status(&app, &unpaid).await, "awaiting_payment");
    assert_eq!(
        floor_app::mark_no_shows(&app.state.db, &imigrasi::floor_services(), after)
            .await
            .unwrap(),
        0
    );
    let row = db::one(
        &app.state.db,
        "SELECT actor_id, object_id FROM audit_log WHERE action = 'booking.no_show'",
        [],
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(db::col::<Option<String>>(&row, "actor_id").unwrap(), None);
    assert_eq!(db::col::<String>(&row, "object_id").unwrap(), absent);
    // A no-show cannot check in.
    let res = check_in(&app, Some(&f.officer), "BATAM", &absent).await;
    assert_eq!(error_code(res).await, (409, "not_confirmed".into()));
    let stats = floor_app::day_stats(&app.state.db, &imigrasi::floor_services(), "BATAM", today())
        .await
        .unwrap();
    assert_eq!((stats.absent_bookings, stats.no_shows), (1, 1));
    assert_eq!(stats.booked, 3);
}
both_databases!(no_show_sweep);

async fn live_position_for_the_citizen(app: TestApp) {
    let f = setup(&app).await;
    let (first, _) = booking(&app, &f.slot_today, 1, true).await;
    let (second, citizen) = booking(&app, &f.slot_today, 2, true).await;
    // Before check-in there is no queue position.
    let v: Value = app
        .get(
            &format!("/api/v1/passport/bookings/{second}"),
            Some(&citizen),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["queue"], Value::Null);
    checked_in(&app, &f.officer, &first).await;
    let t = checked_in(&app, &f.officer, &second).await;
    let v: Value = app
        .get(
            &format!("/api/v1/passport/bookings/{second}"),
            Some(&citizen),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "checked_in");
    assert_eq!(v["queue"]["ticket"], t["ticket"]);
    assert_eq!(v["queue"]["people_ahead"], 1);
    assert!(v["queue"]["estimated_wait_minutes"].as_u64().unwrap() >= 1);
    // The booking page shows the ticket to its owner (logged in by cookie).
    let res = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("email", "warga2@example.id"),
            ("password", "correct horse 1"),
        ])
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let html = app
        .client
        .get(app.url(&format!("/passport/bookings/{second}")))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(t["ticket"].as_str().unwrap()), "{html}");
    // Once called, nobody is ahead.
    open(&app, &f.officer, "1").await;
    call_next(&app, &f.officer, "1").await;
    call_next(&app, &f.officer, "1").await;
    let v: Value = app
        .get(
            &format!("/api/v1/passport/bookings/{second}"),
            Some(&citizen),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["queue"]["people_ahead"], 0);
    assert_eq!(v["queue"]["counter"], "1");
}
both_databases!(live_position_for_the_citizen);

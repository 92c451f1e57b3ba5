//! The office floor's check-in: the arrival window and its rules, kiosk
//! devices (keys, revocation, office borders).

use imigrasi_office::store as floor;
use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::floor::*;
use crate::helpers::passport::days_ahead;
use crate::helpers::{TestApp, count, error_code, put_json};

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
        Some(&f.sup),
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

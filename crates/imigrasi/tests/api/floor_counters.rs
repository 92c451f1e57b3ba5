//! The office floor's counters: served / no-show / recall, office borders,
//! the no-show sweep, live positions for the citizen and the day's figures.

use std::time::Duration;

use imigrasi_office::{app as floor_app, store as floor};
use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::floor::*;
use crate::helpers::{TestApp, count, error_code, put_json};

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
        Some(&medan_sup),
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
    let cookie = app.page_login("warga2@example.id", "correct horse 1").await;
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

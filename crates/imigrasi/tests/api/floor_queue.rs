//! The office floor's queue: priority walk-ins and their daily cap,
//! counters and the call order interleaving priority, concurrent calls
//! never sharing a ticket.

use futures::future::join_all;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::floor::*;
use crate::helpers::{TestApp, count, error_code, put_json};

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
        Some(&f.officer),
        &json!({"walk_in_daily_cap": 2}),
    )
    .await;
    assert_eq!(res.status(), 403);
    let res = put_json(
        &app,
        "/api/v1/offices/BATAM/floor/settings",
        Some(&f.sup),
        &json!({"walk_in_daily_cap": -1, "priority_every": 99}),
    )
    .await;
    let (status, code) = error_code(res).await;
    assert_eq!((status, code.as_str()), (422, "invalid_input"));
    let res = put_json(
        &app,
        "/api/v1/offices/BATAM/floor/settings",
        Some(&f.sup),
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
        Some(&f.sup),
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

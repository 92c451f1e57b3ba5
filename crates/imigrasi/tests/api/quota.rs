//! Quota management: weekly templates, release schedule, exceptions, slot
//! generation and the public release calendar.

use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use jiff::civil::Weekday;
use sea_orm::Value as DbValue;
use serde_json::{Value, json};

mod calendar;
mod pages;
mod slots;

use crate::both_databases;
use crate::helpers::quota::*;
use crate::helpers::{TestApp, error_code, put_json};

async fn replacing_the_template_moves_future_slots(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    // The seeded template: Batam's 200/35/50 a day, Monday to Friday.
    let res = app.get(TEMPLATE, Some(&sup)).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    let sessions = v["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 35);
    let monday: i64 = sessions
        .iter()
        .filter(|s| s["weekday"] == "monday")
        .map(|s| s["capacity"].as_i64().unwrap())
        .sum();
    assert_eq!(monday, 285);
    let wednesday = next_weekday(10, Weekday::Wednesday);
    let thursday = plus(wednesday, 1);
    assert_eq!(slots_on(&app, wednesday).await.len(), 7);

    let body = json!({"sessions": [
        session("wednesday", "09:00", "11:00", "priority", 7),
        session("wednesday", "08:00", "09:00", "regular", 12),
    ]});
    let res = put_json(&app, TEMPLATE, Some(&sup), &body).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        v["sessions"][0]["start"], "08:00",
        "sorted by day and start: {v}"
    );
    assert_eq!(v["sessions"].as_array().unwrap().len(), 2);

    assert_eq!(
        slots_on(&app, wednesday).await,
        vec![
            ("08:00".into(), "09:00".into(), "regular".into(), 12, 0),
            ("09:00".into(), "11:00".into(), "priority".into(), 7, 0),
        ]
    );
    assert!(slots_on(&app, thursday).await.is_empty());
    // Instants are the office-local times in UTC; release is Friday 14:00 WIB
    // on or after the date minus 20 days.
    let row = db::one(
        &app.state.db,
        "SELECT starts_at, ends_at, release_at FROM passport_slots WHERE office_code = 'BATAM'
         AND source = 'template' AND date = $1 AND start_time = '08:00'",
        [DbValue::from(wednesday.to_string())],
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        db::col::<i64>(&row, "starts_at").unwrap(),
        wib(wednesday, 8, 0).as_millisecond()
    );
    assert_eq!(
        db::col::<i64>(&row, "ends_at").unwrap(),
        wib(wednesday, 9, 0).as_millisecond()
    );
    let mut friday = plus(wednesday, -20);
    while friday.weekday() != Weekday::Friday {
        friday = plus(friday, 1);
    }
    assert_eq!(
        db::col::<i64>(&row, "release_at").unwrap(),
        wib(friday, 14, 0).as_millisecond()
    );

    let res = app.get(TEMPLATE, Some(&sup)).await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        v["sessions"][1],
        session("wednesday", "09:00", "11:00", "priority", 7)
    );
    let n = scalar(
        &app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'quota.template.replace' AND office_code = 'BATAM'",
        vec![],
    )
    .await;
    assert_eq!(n, 1);
}
both_databases!(replacing_the_template_moves_future_slots);

async fn only_the_office_supervisor_or_an_administrator(app: TestApp) {
    let body = json!({"sessions": [session("monday", "08:00", "10:00", "regular", 10)]});
    assert_eq!(
        error_code(put_json(&app, TEMPLATE, None, &body).await).await,
        (401, "unauthenticated".into())
    );
    assert_eq!(error_code(app.get(SETTINGS, None).await).await.0, 401);
    let citizen = app.citizen("warga@example.id").await;
    let medan = app
        .staff("sup@medan.go.id", Role::Supervisor, Some("MEDAN"))
        .await;
    let officer = app
        .staff("petugas@batam.go.id", Role::Officer, Some("BATAM"))
        .await;
    for token in [&citizen, &medan, &officer] {
        assert_eq!(
            error_code(put_json(&app, TEMPLATE, Some(token), &body).await).await,
            (403, "forbidden".into())
        );
        assert_eq!(
            error_code(app.get(TEMPLATE, Some(token)).await).await.0,
            403
        );
        assert_eq!(
            error_code(app.get(EXCEPTIONS, Some(token)).await).await.0,
            403
        );
        let res = app
            .post_json(
                EXCEPTIONS,
                Some(token),
                &json!({"date": plus(today(), 3).to_string(), "kind": "closed", "note": ""}),
            )
            .await;
        assert_eq!(error_code(res).await.0, 403);
    }
    let admin = app
        .staff("admin@imigrasi.go.id", Role::Administrator, None)
        .await;
    assert_eq!(
        put_json(&app, TEMPLATE, Some(&admin), &body).await.status(),
        200
    );
    assert_eq!(
        app.get("/api/v1/offices/MEDAN/quota/settings", Some(&admin))
            .await
            .status(),
        200
    );
    assert_eq!(
        error_code(
            app.get("/api/v1/offices/NOWHERE/quota/template", Some(&admin))
                .await
        )
        .await,
        (404, "not_found".into())
    );
    assert_eq!(
        error_code(
            app.get("/api/v1/offices/NOWHERE/release-calendar", None)
                .await
        )
        .await,
        (404, "not_found".into())
    );
    // Only the administrator's change was recorded.
    let n = scalar(
        &app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'quota.%'",
        vec![],
    )
    .await;
    assert_eq!(n, 1);
}
both_databases!(only_the_office_supervisor_or_an_administrator);

async fn invalid_templates_change_nothing(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let before: Value = app.get(TEMPLATE, Some(&sup)).await.json().await.unwrap();
    let count_sql = "SELECT COUNT(*) AS n FROM passport_slots WHERE office_code = 'BATAM'";
    let sum_sql = "SELECT SUM(capacity) AS n FROM passport_slots WHERE office_code = 'BATAM'";
    let (slots, places) = (
        scalar(&app, count_sql, vec![]).await,
        scalar(&app, sum_sql, vec![]).await,
    );

    let cases = [
        (
            json!({"sessions": [session("monday", "08:00", "10:00", "regular", 10), session("monday", "09:00", "11:00", "regular", 10)]}),
            "sessions[1].start",
            "overlap",
        ),
        (
            json!({"sessions": [session("monday", "10:00", "08:00", "regular", 10)]}),
            "sessions[0].end",
            "before",
        ),
        (
            json!({"sessions": [session("monday", "08:00", "10:00", "regular", 0)]}),
            "sessions[0].capacity",
            "10000",
        ),
        (
            json!({"sessions": [session("someday", "08:00", "10:00", "express", 5)]}),
            "sessions[0].weekday",
            "day",
        ),
    ];
    for (body, field, words) in cases {
        let res = app
            .client
            .put(app.url(TEMPLATE))
            .bearer_auth(&sup)
            .header("accept-language", "en")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{body}");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["error"]["code"], "invalid_input");
        let message = v["error"]["message"].as_str().unwrap();
        assert!(message.contains(words), "{message}");
        assert!(v["error"]["fields"][field].is_string(), "{v}");
    }
    // The same problem in Indonesian by default.
    let res = put_json(&app, TEMPLATE, Some(&sup), &json!({"sessions": [session("monday", "08:00", "10:00", "regular", 10), session("monday", "09:00", "11:00", "regular", 10)]})).await;
    let v: Value = res.json().await.unwrap();
    assert!(
        v["error"]["message"].as_str().unwrap().contains("Senin"),
        "{v}"
    );
    let res = app
        .client
        .put(app.url(TEMPLATE))
        .bearer_auth(&sup)
        .header("content-type", "application/json")
        .body("{\"sessions\": [")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, (400, "malformed_json".into()));

    let after: Value = app.get(TEMPLATE, Some(&sup)).await.json().await.unwrap();
    assert_eq!(before, after);
    assert_eq!(scalar(&app, count_sql, vec![]).await, slots);
    assert_eq!(scalar(&app, sum_sql, vec![]).await, places);
    let n = scalar(
        &app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'quota.%'",
        vec![],
    )
    .await;
    assert_eq!(n, 0);
}
both_databases!(invalid_templates_change_nothing);

//! Regeneration keeps booked places; exceptions close dates and add quota.

use imigrasi_platform::policy::Role;
use jiff::civil::Weekday;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::quota::*;
use crate::helpers::{TestApp, error_code, put_json};

async fn regeneration_keeps_booked_places(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let day = next_weekday(3, Weekday::Tuesday);
    set_booked(&app, day, "08:00", "regular", 30).await;
    let small = json!({"sessions": [
        session("tuesday", "08:00", "10:00", "regular", 10),
        session("tuesday", "10:00", "12:00", "regular", 10),
    ]});
    assert_eq!(
        put_json(&app, TEMPLATE, Some(&sup), &small).await.status(),
        200
    );
    assert_eq!(
        slots_on(&app, day).await,
        vec![
            ("08:00".into(), "10:00".into(), "regular".into(), 30, 30),
            ("10:00".into(), "12:00".into(), "regular".into(), 10, 0),
        ]
    );
    // Without the session, the booked slot stays but takes no one new.
    let other = json!({"sessions": [session("tuesday", "10:00", "12:00", "priority", 4)]});
    assert_eq!(
        put_json(&app, TEMPLATE, Some(&sup), &other).await.status(),
        200
    );
    assert_eq!(
        slots_on(&app, day).await,
        vec![
            ("08:00".into(), "10:00".into(), "regular".into(), 30, 30),
            ("10:00".into(), "12:00".into(), "priority".into(), 4, 0),
        ]
    );
    let big = json!({"sessions": [session("tuesday", "08:00", "10:00", "regular", 50)]});
    assert_eq!(
        put_json(&app, TEMPLATE, Some(&sup), &big).await.status(),
        200
    );
    assert_eq!(
        slots_on(&app, day).await,
        vec![("08:00".into(), "10:00".into(), "regular".into(), 50, 30)]
    );
}
both_databases!(regeneration_keeps_booked_places);

async fn exceptions_close_dates_and_add_quota(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let day = next_weekday(5, Weekday::Monday);
    let other = plus(day, 1);
    set_booked(&app, day, "13:00", "priority", 2).await;

    let res = app
        .post_json(
            EXCEPTIONS,
            Some(&sup),
            &json!({"date": day.to_string(), "kind": "closed", "note": "Libur nasional"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let closed: Value = res.json().await.unwrap();
    assert_eq!(closed["kind"], "closed");
    assert_eq!(closed["note"], "Libur nasional");
    assert!(closed.get("capacity").is_none());
    assert_eq!(
        slots_on(&app, day).await,
        vec![("13:00".into(), "15:00".into(), "priority".into(), 2, 2)]
    );

    let extra = json!({"date": other.to_string(), "kind": "extra", "category": "priority", "start": "15:00", "end": "16:00", "capacity": 9, "note": ""});
    let res = app.post_json(EXCEPTIONS, Some(&sup), &extra).await;
    assert_eq!(res.status(), 201);
    let added: Value = res.json().await.unwrap();
    assert_eq!(added["capacity"], 9);
    let slots = slots_on(&app, other).await;
    assert_eq!(slots.len(), 8);
    assert!(slots.contains(&("15:00".into(), "16:00".into(), "priority".into(), 9, 0)));

    let list: Value = app.get(EXCEPTIONS, Some(&sup)).await.json().await.unwrap();
    assert_eq!(list["exceptions"].as_array().unwrap().len(), 2);
    assert_eq!(list["exceptions"][0]["id"], closed["id"]);

    for (body, field) in [
        (
            json!({"date": plus(today(), -1).to_string(), "kind": "closed"}),
            "date",
        ),
        (json!({"date": "17-08-2026", "kind": "closed"}), "date"),
        (json!({"date": day.to_string(), "kind": "holiday"}), "kind"),
        (
            json!({"date": day.to_string(), "kind": "extra", "category": "regular", "start": "10:00", "end": "09:00", "capacity": 5}),
            "end",
        ),
    ] {
        let res = app.post_json(EXCEPTIONS, Some(&sup), &body).await;
        assert_eq!(res.status(), 422, "{body}");
        let v: Value = res.json().await.unwrap();
        assert!(v["error"]["fields"][field].is_string(), "{v}");
    }

    let path = format!("{EXCEPTIONS}/{}", closed["id"].as_str().unwrap());
    assert_eq!(delete(&app, &path, &sup).await.status(), 204);
    let slots = slots_on(&app, day).await;
    assert_eq!(slots.len(), 7);
    assert!(
        slots.contains(&("13:00".into(), "15:00".into(), "priority".into(), 16, 2)),
        "{slots:?}"
    );
    assert_eq!(
        error_code(delete(&app, &path, &sup).await).await,
        (404, "not_found".into())
    );
    let medan = app
        .staff("sup@medan.go.id", Role::Supervisor, Some("MEDAN"))
        .await;
    let path = format!("{EXCEPTIONS}/{}", added["id"].as_str().unwrap());
    assert_eq!(error_code(delete(&app, &path, &medan).await).await.0, 403);

    let n = scalar(
        &app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('quota.exception.add', 'quota.exception.delete')",
        vec![],
    )
    .await;
    assert_eq!(n, 3);
}
both_databases!(exceptions_close_dates_and_add_quota);

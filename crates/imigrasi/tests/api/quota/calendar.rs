//! The public release calendar follows the release rule.

use imigrasi_platform::policy::Role;
use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use sea_orm::Value as DbValue;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::quota::*;
use crate::helpers::{TestApp, put_json};

async fn release_calendar_follows_the_rule(app: TestApp) {
    // Default: every Friday 14:00 WIB, dates 14 to 20 days ahead.
    let v: Value = app.get(CALENDAR, None).await.json().await.unwrap();
    assert_eq!(v["office"], "BATAM");
    assert_eq!(v["time_zone"], "Asia/Jakarta");
    let first = &v["releases"][0];
    let at: Timestamp = first["at"].as_str().unwrap().parse().unwrap();
    assert!(
        first["at"].as_str().unwrap().ends_with("T14:00:00+07:00"),
        "{v}"
    );
    let local = at.to_zoned_datetime(jakarta());
    assert_eq!(local.weekday(), Weekday::Friday);
    assert!(at > Timestamp::now());
    assert_eq!(first["dates_from"], plus(local.date(), 14).to_string());
    assert_eq!(first["dates_to"], plus(local.date(), 20).to_string());
    // Seven days hold five working days of 285 places.
    assert_eq!(first["places"], 5 * 285);
    assert_eq!(v["releases"].as_array().unwrap().len(), 4);

    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let bad = json!({"release_rule": {"kind": "weekly", "weekday": "friday", "at": "14:00", "opens_from_days": 14, "opens_to_days": 16}});
    let res = put_json(&app, SETTINGS, Some(&sup), &bad).await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_input", "{v}");
    assert!(
        v["error"]["fields"]["release_rule.opens_to_days"].is_string(),
        "{v}"
    );

    let monthly = json!({"release_rule": {"kind": "monthly", "at": "09:00"}, "min_lead_minutes": 30, "max_advance_days": 90});
    let res = put_json(&app, SETTINGS, Some(&sup), &monthly).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), monthly);
    assert_eq!(
        app.get(SETTINGS, Some(&sup))
            .await
            .json::<Value>()
            .await
            .unwrap(),
        monthly
    );

    // The next release: the last working day of this month at 09:00 WIB (or
    // of next month when that has passed), which is 02:00 UTC.
    let now = Timestamp::now();
    let mut day = last_working_day(today());
    if wib(day, 9, 0) <= now {
        day = last_working_day(plus(today().last_of_month(), 1));
    }
    let v: Value = app.get(CALENDAR, None).await.json().await.unwrap();
    let first = &v["releases"][0];
    let at: Timestamp = first["at"].as_str().unwrap().parse().unwrap();
    assert_eq!(at, wib(day, 9, 0));
    assert_eq!(at.to_string(), format!("{day}T02:00:00Z"));
    assert_eq!(first["at"], format!("{day}T09:00:00+07:00"));
    let opens = plus(day.last_of_month(), 1);
    assert_eq!(first["dates_from"], opens.to_string());
    assert_eq!(first["dates_to"], opens.last_of_month().to_string());
    // Places of the first release are the stored slots it opens.
    let stored = scalar(
        &app,
        "SELECT SUM(capacity) AS n FROM passport_slots WHERE office_code = 'BATAM' AND release_at = $1",
        vec![DbValue::from(at.as_millisecond())],
    )
    .await;
    assert_eq!(first["places"], stored);
    // The second opens a month partly beyond the generated slots: every
    // working day counts, stored or computed from the template.
    let second = &v["releases"][1];
    let from: Date = second["dates_from"].as_str().unwrap().parse().unwrap();
    let to: Date = second["dates_to"].as_str().unwrap().parse().unwrap();
    let mut working = 0;
    let mut d = from;
    while d <= to {
        if !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) {
            working += 1;
        }
        d = plus(d, 1);
    }
    assert_eq!(second["places"], working * 285);

    // A date of next month that the weekly rule had not released yet now
    // opens with the monthly release before its month.
    let late = last_working_day(opens);
    let release = scalar(
        &app,
        "SELECT MIN(release_at) AS n FROM passport_slots WHERE office_code = 'BATAM' AND date = $1",
        vec![DbValue::from(late.to_string())],
    )
    .await;
    assert_eq!(
        release,
        wib(last_working_day(plus(late.first_of_month(), -1)), 9, 0).as_millisecond()
    );

    // The pages show the same in office time.
    let html = app
        .get("/offices/BATAM/release-calendar", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("09:00 WIB"), "{html}");
    assert!(html.contains(&day.to_string()));
    let html = app
        .get("/release-calendar", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("/offices/BATAM/release-calendar"));
    assert!(html.contains("WIB") && html.contains("WITA"), "{html}");

    // Every route is documented.
    let doc: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    for (path, method) in [
        ("/api/v1/offices/{code}/release-calendar", "get"),
        ("/api/v1/offices/{code}/quota/template", "put"),
        ("/api/v1/offices/{code}/quota/settings", "put"),
        ("/api/v1/offices/{code}/quota/exceptions", "post"),
        ("/api/v1/offices/{code}/quota/exceptions/{id}", "delete"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{path} {method}");
    }
}
both_databases!(release_calendar_follows_the_rule);

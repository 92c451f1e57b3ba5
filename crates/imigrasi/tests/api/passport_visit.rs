//! After the visit (issue 14, deliverable 6): the outcome at the counter,
//! printing, pickup, collection or delivery, the 30-day sweep; in order
//! and out of order, officers of the office only, bad input; every test on
//! both databases.

use imigrasi_passport::app::application as visit;
use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::floor::*;
use crate::helpers::pages::page;
use crate::helpers::{TestApp, count, error_code};

/// POST a step after the visit for booking `code`.
async fn act(
    app: &TestApp,
    token: Option<&str>,
    code: &str,
    step: &str,
    body: Value,
) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/passport/bookings/{code}/{step}"),
        token,
        &body,
    )
    .await
}

/// The step's answer: 200 and the booking's `application`.
async fn ok(res: reqwest::Response) -> Value {
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let v: Value = res.json().await.unwrap();
    v["application"].clone()
}

async fn refused(res: reqwest::Response) -> (u16, String) {
    error_code(res).await
}

fn conflict() -> (u16, String) {
    (409, "invalid_transition".to_owned())
}

/// A booking of applicant `serial` checked in at BATAM today; (code, citizen).
async fn at_counter(app: &TestApp, f: &Floor, serial: u32) -> (String, String) {
    let (code, citizen) = booking(app, &f.slot_today, serial, true).await;
    checked_in(app, &f.officer, &code).await;
    (code, citizen)
}

async fn booking_json(app: &TestApp, token: &str, code: &str) -> Value {
    let res = app
        .get(&format!("/api/v1/passport/bookings/{code}"), Some(token))
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    count(
        app,
        &format!("SELECT COUNT(*) AS n FROM audit_log WHERE action = '{action}'"),
    )
    .await
}

async fn approved_ready_collected_in_order(app: TestApp) {
    let f = setup(&app).await;
    let (code, citizen) = at_counter(&app, &f, 1).await;
    let o = Some(f.officer.as_str());
    assert!(booking_json(&app, &citizen, &code).await["application"].is_null());

    // Out of order before any outcome.
    assert_eq!(
        refused(act(&app, o, &code, "ready", json!({})).await).await,
        conflict()
    );
    let family = json!({"collected_by": "Ibu Sari", "relation": "family"});
    assert_eq!(
        refused(act(&app, o, &code, "collected", family.clone()).await).await,
        conflict()
    );

    let a = ok(act(&app, o, &code, "outcome", json!({"outcome": "approved"})).await).await;
    assert_eq!(
        (a["status"].as_str(), a["outcome"].as_str()),
        (Some("printing"), Some("approved"))
    );
    assert!(a.get("ready_at").is_none() && a.get("collected_by").is_none());

    // Out of order while printing: a second outcome, collected, delivered.
    let again = act(
        &app,
        o,
        &code,
        "outcome",
        json!({"outcome": "refused", "reason": "x"}),
    )
    .await;
    assert_eq!(refused(again).await, conflict());
    assert_eq!(
        refused(act(&app, o, &code, "collected", family.clone()).await).await,
        conflict()
    );
    let post = json!({"tracking_number": "RR123456789ID"});
    assert_eq!(
        refused(act(&app, o, &code, "delivered", post.clone()).await).await,
        conflict()
    );

    let a = ok(act(&app, o, &code, "ready", json!({})).await).await;
    assert_eq!(a["status"], "ready_for_pickup");
    assert!(a["ready_at"].as_str().unwrap().ends_with("+07:00"));
    assert!(a["collect_by"].is_string());
    // The holder is told.
    let msgs = imigrasi_platform::outbox::for_recipient(&app.state.db, "warga1@example.id")
        .await
        .unwrap();
    assert!(msgs.iter().any(|(t, _)| t == "passport.ready_for_pickup"));
    assert_eq!(
        refused(act(&app, o, &code, "ready", json!({})).await).await,
        conflict()
    );

    let a = ok(act(&app, o, &code, "collected", family).await).await;
    assert_eq!(a["status"], "collected");
    assert_eq!(a["collected_by"], "Ibu Sari");
    assert_eq!(a["relation"], "family");
    assert_eq!(
        refused(act(&app, o, &code, "delivered", post).await).await,
        conflict()
    );

    // The citizen follows it on the booking (API and page).
    let b = booking_json(&app, &citizen, &code).await;
    assert_eq!(b["application"]["status"], "collected");
    assert_eq!(b["application"]["outcome"], "approved");
    assert!(b["application"]["ready_at"].is_string());
    assert_eq!(b["application"]["collected_by"], "Ibu Sari");
    for action in [
        "application.outcome",
        "application.ready",
        "application.collect",
    ] {
        assert_eq!(audited(&app, action).await, 1, "{action}");
    }
}
both_databases!(approved_ready_collected_in_order);

async fn served_delivered_refused_and_not_at_counter(app: TestApp) {
    let f = setup(&app).await;
    let o = Some(f.officer.as_str());
    // Served at the counter, approved, sent by post.
    let (a, citizen_a) = at_counter(&app, &f, 1).await;
    open(&app, &f.officer, "1").await;
    let t: Value = call_next(&app, &f.officer, "1").await.json().await.unwrap();
    let served = app
        .post_json(
            &format!(
                "/api/v1/offices/BATAM/tickets/{}/served",
                t["ticket"].as_str().unwrap()
            ),
            o,
            &json!({}),
        )
        .await;
    assert_eq!(served.status(), 200);
    assert_eq!(booking_status(&app, &a).await, "served");
    ok(act(&app, o, &a, "outcome", json!({"outcome": "approved"})).await).await;
    ok(act(&app, o, &a, "ready", json!({})).await).await;
    let d = ok(act(
        &app,
        o,
        &a,
        "delivered",
        json!({"tracking_number": " rr123456789id "}),
    )
    .await)
    .await;
    assert_eq!(d["status"], "delivered");
    assert_eq!(d["tracking_number"], "RR123456789ID");
    let family = json!({"collected_by": "Budi Santoso", "relation": "self"});
    assert_eq!(
        refused(act(&app, o, &a, "collected", family).await).await,
        conflict()
    );
    // The booking page shows it in both languages.
    let path = format!("/passport/bookings/{a}");
    let (status, html) = page(&app, &path, "en", Some(&citizen_a)).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("RR123456789ID") && html.contains("Sent by post"),
        "{html}"
    );
    let (_, html) = page(&app, &path, "id", Some(&citizen_a)).await;
    assert!(html.contains("Dikirim lewat pos"), "{html}");

    // Refused with a reason: final.
    let (b, citizen_b) = at_counter(&app, &f, 2).await;
    let why = "Tercantum dalam daftar cegah";
    let r = ok(act(
        &app,
        o,
        &b,
        "outcome",
        json!({"outcome": "refused", "reason": why}),
    )
    .await)
    .await;
    assert_eq!(
        (r["status"].as_str(), r["reason"].as_str()),
        (Some("refused"), Some(why))
    );
    assert_eq!(
        refused(act(&app, o, &b, "ready", json!({})).await).await,
        conflict()
    );
    assert_eq!(
        booking_json(&app, &citizen_b, &b).await["application"]["status"],
        "refused"
    );

    // Not at the counter yet: confirmed but never checked in.
    let c = confirmed(&app, &f.slot_today, 3).await;
    let res = act(&app, o, &c, "outcome", json!({"outcome": "approved"})).await;
    assert_eq!(refused(res).await, conflict());
}
both_databases!(served_delivered_refused_and_not_at_counter);

async fn postponed_then_approved_and_lapsed(app: TestApp) {
    let f = setup(&app).await;
    let o = Some(f.officer.as_str());
    let (a, _) = at_counter(&app, &f, 1).await;
    let body = json!({"outcome": "postponed", "reason": "Akta kelahiran belum ada"});
    let p = ok(act(&app, o, &a, "outcome", body.clone()).await).await;
    assert_eq!(p["status"], "postponed");
    assert!(p["postponed_until"].is_string());
    // Never postponed twice; ready only once approved.
    assert_eq!(
        refused(act(&app, o, &a, "outcome", body.clone()).await).await,
        conflict()
    );
    assert_eq!(
        refused(act(&app, o, &a, "ready", json!({})).await).await,
        conflict()
    );
    let p = ok(act(&app, o, &a, "outcome", json!({"outcome": "approved"})).await).await;
    assert_eq!(
        (p["status"].as_str(), p["outcome"].as_str()),
        (Some("printing"), Some("approved"))
    );

    // Seven days passed: the route refuses, the sweep closes it as refused.
    let (b, citizen_b) = at_counter(&app, &f, 2).await;
    ok(act(&app, o, &b, "outcome", body).await).await;
    let past = db::millis(jiff::Timestamp::now()) - 60_000;
    db::exec(
        &app.state.db,
        "UPDATE passport_applications SET postponed_until = $1
         WHERE booking_id = (SELECT id FROM passport_bookings WHERE code = $2)",
        [sea_orm::Value::from(past), sea_orm::Value::from(b.as_str())],
    )
    .await
    .unwrap();
    let res = act(&app, o, &b, "outcome", json!({"outcome": "approved"})).await;
    assert_eq!(refused(res).await, (409, "postponement_lapsed".to_owned()));
    let swept = visit::sweep(&app.state.db, jiff::Timestamp::now(), 100)
        .await
        .unwrap();
    assert_eq!((swept.lapsed, swept.cancelled_uncollected), (1, 0));
    assert_eq!(
        booking_json(&app, &citizen_b, &b).await["application"]["status"],
        "refused"
    );
    assert_eq!(audited(&app, "application.lapse").await, 1);
}
both_databases!(postponed_then_approved_and_lapsed);

async fn officers_of_the_office_only(app: TestApp) {
    let f = setup(&app).await;
    let (code, citizen) = at_counter(&app, &f, 1).await;
    let medan = app
        .staff("petugas@medan.go.id", Role::Officer, Some("MEDAN"))
        .await;
    let steps = [
        ("outcome", json!({"outcome": "approved"})),
        ("ready", json!({})),
        (
            "collected",
            json!({"collected_by": "Ibu Sari", "relation": "family"}),
        ),
        ("delivered", json!({"tracking_number": "RR1"})),
    ];
    for (step, body) in &steps {
        for token in [&medan, &citizen] {
            let res = act(&app, Some(token), &code, step, body.clone()).await;
            assert_eq!(refused(res).await, (404, "not_found".to_owned()), "{step}");
        }
        assert_eq!(
            act(&app, None, &code, step, body.clone()).await.status(),
            401
        );
    }
    assert!(booking_json(&app, &citizen, &code).await["application"].is_null());
    // The office's supervisor may.
    let a = ok(act(
        &app,
        Some(&f.sup),
        &code,
        "outcome",
        json!({"outcome": "approved"}),
    )
    .await)
    .await;
    assert_eq!(a["status"], "printing");
    // Unknown booking.
    let res = act(&app, Some(&f.officer), "ZZZZZZZZ", "ready", json!({})).await;
    assert_eq!(res.status(), 404);
}
both_databases!(officers_of_the_office_only);

async fn bad_input_is_422(app: TestApp) {
    let f = setup(&app).await;
    let o = Some(f.officer.as_str());
    let (code, _) = at_counter(&app, &f, 1).await;
    let field = |res: reqwest::Response, name: &'static str| async move {
        assert_eq!(res.status(), 422);
        let v: Value = res.json().await.unwrap();
        assert!(v["error"]["fields"][name].is_string(), "{name}: {v}");
    };
    field(act(&app, o, &code, "outcome", json!({})).await, "outcome").await;
    field(
        act(&app, o, &code, "outcome", json!({"outcome": "maybe"})).await,
        "outcome",
    )
    .await;
    field(
        act(&app, o, &code, "outcome", json!({"outcome": "refused"})).await,
        "reason",
    )
    .await;
    let long = "x".repeat(501);
    field(
        act(
            &app,
            o,
            &code,
            "outcome",
            json!({"outcome": "refused", "reason": long}),
        )
        .await,
        "reason",
    )
    .await;
    let res = act(
        &app,
        o,
        &code,
        "outcome",
        json!({"outcome": "refused", "reason": "a\u{7}b"}),
    )
    .await;
    assert_eq!(res.status(), 422);
    // Nothing was recorded by the refusals.
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM passport_applications").await,
        0
    );

    ok(act(&app, o, &code, "outcome", json!({"outcome": "approved"})).await).await;
    ok(act(&app, o, &code, "ready", json!({})).await).await;
    field(
        act(&app, o, &code, "collected", json!({"relation": "family"})).await,
        "collected_by",
    )
    .await;
    field(
        act(
            &app,
            o,
            &code,
            "collected",
            json!({"collected_by": "Ibu Sari", "relation": "mother"}),
        )
        .await,
        "relation",
    )
    .await;
    let res = act(
        &app,
        o,
        &code,
        "collected",
        json!({"collected_by": "Ibu\u{1b}Sari", "relation": "proxy"}),
    )
    .await;
    assert_eq!(res.status(), 422);
    field(
        act(
            &app,
            o,
            &code,
            "delivered",
            json!({"tracking_number": "RR 1"}),
        )
        .await,
        "tracking_number",
    )
    .await;
    field(
        act(
            &app,
            o,
            &code,
            "delivered",
            json!({"tracking_number": "R".repeat(41)}),
        )
        .await,
        "tracking_number",
    )
    .await;
    let res = app
        .client
        .post(app.url(&format!("/api/v1/passport/bookings/{code}/delivered")))
        .bearer_auth(&f.officer)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error());
    // English on request.
    let res = app
        .client
        .post(app.url(&format!("/api/v1/passport/bookings/{code}/collected")))
        .bearer_auth(&f.officer)
        .header("accept-language", "en")
        .json(&json!({"collected_by": "Ibu Sari"}))
        .send()
        .await
        .unwrap();
    let v: Value = res.json().await.unwrap();
    assert!(
        v["error"]["fields"]["relation"]
            .as_str()
            .unwrap()
            .contains("proxy")
    );
    let a = ok(act(
        &app,
        o,
        &code,
        "collected",
        json!({"collected_by": "Ibu Sari", "relation": "proxy"}),
    )
    .await)
    .await;
    assert_eq!(a["relation"], "proxy");
}
both_databases!(bad_input_is_422);

async fn uncollected_after_30_days(app: TestApp) {
    let f = setup(&app).await;
    let o = Some(f.officer.as_str());
    let (code, citizen) = at_counter(&app, &f, 1).await;
    ok(act(&app, o, &code, "outcome", json!({"outcome": "approved"})).await).await;
    ok(act(&app, o, &code, "ready", json!({})).await).await;
    let day = jiff::SignedDuration::from_hours(24);
    let now = jiff::Timestamp::now();
    let swept = visit::sweep(&app.state.db, now + day * 29, 100)
        .await
        .unwrap();
    assert_eq!(swept, visit::Swept::default());
    let swept = visit::sweep(&app.state.db, now + day * 31, 100)
        .await
        .unwrap();
    assert_eq!(swept.cancelled_uncollected, 1);
    // Once only.
    let swept = visit::sweep(&app.state.db, now + day * 32, 100)
        .await
        .unwrap();
    assert_eq!(swept, visit::Swept::default());
    let b = booking_json(&app, &citizen, &code).await;
    assert_eq!(b["application"]["status"], "cancelled_uncollected");
    let family = json!({"collected_by": "Ibu Sari", "relation": "family"});
    assert_eq!(
        refused(act(&app, o, &code, "collected", family).await).await,
        conflict()
    );
    assert_eq!(audited(&app, "application.cancel_uncollected").await, 1);
}
both_databases!(uncollected_after_30_days);

async fn concurrent_steps_apply_once(app: TestApp) {
    let f = setup(&app).await;
    let o = Some(f.officer.as_str());
    let (code, _) = at_counter(&app, &f, 1).await;
    let approve = json!({"outcome": "approved"});
    let refuse = json!({"outcome": "refused", "reason": "Data palsu"});
    let (a, b) = tokio::join!(
        act(&app, o, &code, "outcome", approve),
        act(&app, Some(&f.sup), &code, "outcome", refuse),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    assert_eq!(audited(&app, "application.outcome").await, 1);
    let status = count(
        &app,
        "SELECT COUNT(*) AS n FROM passport_applications WHERE status IN ('printing', 'refused')",
    )
    .await;
    assert_eq!(status, 1);
}
both_databases!(concurrent_steps_apply_once);

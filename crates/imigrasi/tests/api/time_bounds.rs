//! Instants and dates from clients are bounded: a payment cannot be dated
//! in the future, and an extra session must fall between today (office
//! time) and the office's booking horizon.

use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::passport::{book, days_ahead, pay_at, slot};
use crate::helpers::{TestApp, count};

async fn notify_paid_at(
    app: &TestApp,
    billing_code: &str,
    paid_at: jiff::Timestamp,
) -> (u16, Value) {
    let res = pay_at(app, billing_code, 350000, "FUTURE0000000001", paid_at).await;
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn payment_dated_in_the_future_is_refused(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let slot_id = slot(&app, &sup, &days_ahead(2), "08:00", "10:00", 5, None).await;
    let citizen = app.citizen("warga@example.id").await;
    let b: Value = book(&app, &citizen, &slot_id, 1)
        .await
        .json()
        .await
        .unwrap();
    let billing_code = b["payment"]["billing_code"].as_str().unwrap();
    let audit_before = count(&app, "SELECT COUNT(*) AS n FROM audit_log").await;

    for ahead in [6 * 60, 24 * 3600, 3650 * 24 * 3600] {
        let at = jiff::Timestamp::now()
            .checked_add(jiff::SignedDuration::from_secs(ahead))
            .unwrap();
        let (status, v) = notify_paid_at(&app, billing_code, at).await;
        assert_eq!(status, 422, "{ahead} s ahead: {v}");
        assert_eq!(v["error"]["code"], "invalid_input");
        assert!(v["error"]["fields"]["paid_at"].is_string(), "{v}");
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM bills WHERE ntpn IS NOT NULL"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_bookings WHERE status = 'awaiting_payment'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM audit_log").await,
        audit_before
    );

    // A gateway clock a little ahead of ours (within 5 minutes) is fine.
    let at = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_mins(2))
        .unwrap();
    let (status, v) = notify_paid_at(&app, billing_code, at).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "paid");
}
both_databases!(payment_dated_in_the_future_is_refused);

async fn create_slot(app: &TestApp, sup: &str, date: &str) -> (u16, Value) {
    let res = app
        .client
        .post(app.url("/api/v1/offices/BATAM/slots"))
        .bearer_auth(sup)
        .header("accept-language", "en")
        .json(&json!({"date": date, "start": "08:00", "end": "10:00", "category": "regular", "capacity": 5}))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn extra_sessions_stay_within_the_booking_horizon(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let extra = "SELECT COUNT(*) AS n FROM passport_slots WHERE source = 'extra'";
    // The default horizon: 90 days (BookingWindow::default()).
    for date in [
        "0000-01-01".to_owned(),
        "9999-12-31".to_owned(),
        days_ahead(-1),
        days_ahead(91),
    ] {
        let (status, v) = create_slot(&app, &sup, &date).await;
        assert_eq!(status, 422, "{date}: {v}");
        assert_eq!(v["error"]["code"], "invalid_input", "{date}: {v}");
        let msg = v["error"]["fields"]["date"].as_str().unwrap_or("");
        let want = if date < days_ahead(0) {
            Lang::En.t("quota-error-date-past")
        } else {
            Lang::En.t_args("quota-error-date-far", &[("max", "90")])
        };
        assert_eq!(msg, want, "{date}: {v}");
    }
    assert_eq!(count(&app, extra).await, 0);
    for date in [days_ahead(0), days_ahead(90)] {
        let (status, v) = create_slot(&app, &sup, &date).await;
        assert_eq!(status, 201, "{date}: {v}");
    }

    // The office's own horizon counts.
    let path = "/api/v1/offices/BATAM/quota/settings";
    let mut settings: Value = app.get(path, Some(&sup)).await.json().await.unwrap();
    settings["max_advance_days"] = json!(40);
    let res = app
        .client
        .put(app.url(path))
        .bearer_auth(&sup)
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (status, v) = create_slot(&app, &sup, &days_ahead(41)).await;
    assert_eq!(status, 422, "{v}");
    let (status, v) = create_slot(&app, &sup, &days_ahead(40)).await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(count(&app, extra).await, 3);
}
both_databases!(extra_sessions_stay_within_the_booking_horizon);

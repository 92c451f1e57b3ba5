//! Issue 15, bot limits: token buckets per account and per client address
//! on the booking routes answer 429 `rate_limited` with `Retry-After`,
//! count in `/metrics`, and read the address from a trusted proxy only.

use imigrasi_platform::Config;
use imigrasi_platform::policy::Role;
use imigrasi_platform::rate_limit::RateLimit;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::pages::post_form;
use crate::helpers::passport::{applicant, days_ahead, slot};
use crate::helpers::{TestApp, count};

fn limits(c: &mut Config) {
    c.trusted_proxies = "127.0.0.1".parse().unwrap();
    c.rate_limit_account = RateLimit::Every {
        requests: 3,
        seconds: 60,
    };
    c.rate_limit_address = RateLimit::Every {
        requests: 5,
        seconds: 60,
    };
}

/// One booking request of `token` from `from` (`X-Forwarded-For`).
async fn book_from(
    app: &TestApp,
    token: &str,
    from: &str,
    slot_id: &str,
    serial: u32,
) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/passport/bookings"))
        .bearer_auth(token)
        .header("x-forwarded-for", from)
        .json(&json!({"slot_id": slot_id, "applicant": applicant(serial),
                      "passport_type": "regular", "service": "new"}))
        .send()
        .await
        .unwrap()
}

async fn limited(res: reqwest::Response) -> (u16, String, u64) {
    let status = res.status().as_u16();
    let retry = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let v: Value = res.json().await.unwrap_or(Value::Null);
    (
        status,
        v["error"]["code"].as_str().unwrap_or("").to_owned(),
        retry,
    )
}

async fn booking_routes_are_rate_limited(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let slot_id = slot(&app, &sup, &days_ahead(3), "08:00", "10:00", 50, None).await;
    let bot = app.citizen("bot@example.id").await;

    // Per account: three requests a minute, whatever they ask (a refused
    // one counts too), from any address.
    let res = book_from(&app, &bot, "198.51.100.1", &slot_id, 1).await;
    assert_eq!(res.status(), 201);
    for (i, from) in ["198.51.100.2", "198.51.100.3"].into_iter().enumerate() {
        let res = book_from(&app, &bot, from, &slot_id, 1).await;
        assert_eq!(res.status(), 409, "request {i}: the NIK's active booking");
    }
    let before = count(&app, "SELECT COUNT(*) AS n FROM passport_bookings").await;
    let (status, code, retry) =
        limited(book_from(&app, &bot, "198.51.100.4", &slot_id, 2).await).await;
    assert_eq!((status, code.as_str()), (429, "rate_limited"));
    assert!((1..=20).contains(&retry), "Retry-After {retry}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM passport_bookings").await,
        before,
        "a limited request writes nothing"
    );
    // The waitlist and rescheduling share the account's bucket.
    let res = app
        .client
        .post(app.url("/api/v1/passport/waitlist"))
        .bearer_auth(&bot)
        .header("x-forwarded-for", "198.51.100.5")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(limited(res).await.1, "rate_limited");

    // Per address: five requests a minute from one client, across accounts.
    let mut codes = Vec::new();
    for i in 0..6u32 {
        let citizen = app.citizen(&format!("warga{i}@example.id")).await;
        let res = book_from(&app, &citizen, "203.0.113.9", &slot_id, 10 + i).await;
        codes.push(res.status().as_u16());
    }
    assert_eq!(codes, [201, 201, 201, 201, 201, 429]);
    // Another client behind the same proxy is not affected.
    let other = app.citizen("tetangga@example.id").await;
    let res = book_from(&app, &other, "203.0.113.10", &slot_id, 30).await;
    assert_eq!(res.status(), 201);

    // The booking form says so as a page.
    let (status, _, html) = post_form(
        &app,
        "/passport/book",
        Some(&bot),
        None,
        &[("slot", &slot_id)],
    )
    .await;
    assert_eq!(status, 429);
    assert!(
        html.contains("Terlalu banyak permintaan pemesanan"),
        "{html}"
    );

    let metrics = app.get("/metrics", None).await.text().await.unwrap();
    assert!(
        metrics.contains("imigrasi_rate_limited_total{scope=\"account\"}"),
        "{metrics}"
    );
    assert!(metrics.contains("imigrasi_rate_limited_total{scope=\"address\"}"));
}
both_databases!(booking_routes_are_rate_limited, limits);

fn no_proxy(c: &mut Config) {
    limits(c);
    c.trusted_proxies = Default::default();
}

async fn the_address_is_the_peer_unless_a_proxy_is_trusted(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let slot_id = slot(&app, &sup, &days_ahead(3), "08:00", "10:00", 50, None).await;
    // Without a trusted proxy, X-Forwarded-For is the client's own claim:
    // every request counts against the TCP peer.
    let mut codes = Vec::new();
    for i in 0..6u32 {
        let citizen = app.citizen(&format!("warga{i}@example.id")).await;
        let from = format!("192.0.2.{i}");
        let res = book_from(&app, &citizen, &from, &slot_id, 40 + i).await;
        codes.push(res.status().as_u16());
    }
    assert_eq!(codes, [201, 201, 201, 201, 201, 429]);
}
both_databases!(the_address_is_the_peer_unless_a_proxy_is_trusted, no_proxy);

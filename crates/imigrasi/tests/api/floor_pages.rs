//! The office floor's pages: the display board in both languages and its
//! Server-Sent Events (snapshot first, then each published call within a
//! second), the kiosk (setup with a device key, check-in through the page,
//! a revoked key), the counter page (open, walk-in, call next showing on the
//! board, served) and the officer dashboard with its SVG chart and access
//! rules.

use std::time::Duration;

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::both_databases;
use crate::helpers::TestApp;
use crate::helpers::floor::{booking_today, device};
use crate::helpers::pages::{Sse, events_ready, page, post_form};

async fn board_and_events(app: TestApp) {
    // The board in both languages, labels bilingual, script by src only.
    let (status, id) = page(&app, "/offices/BATAM/board", "id", None).await;
    assert_eq!(status, 200);
    assert!(id.contains(r#"<html lang="id">"#));
    assert!(id.contains("Papan antrean") && id.contains("Queue board"));
    assert!(id.contains("Sedang dipanggil") && id.contains("Now calling"));
    assert!(id.contains(r#"<script src="/assets/floor/board.js" defer></script>"#));
    assert!(id.contains(r#"data-events="/api/v1/offices/BATAM/board/events""#));
    assert!(id.contains(r#"id="board-waiting">0<"#));
    assert!(id.contains("<noscript>"), "says to refresh without JS");
    assert!(!id.contains("<script>"), "no inline script");
    let (status, en) = page(&app, "/offices/batam/board", "en", None).await;
    assert_eq!(status, 200);
    assert!(en.contains(r#"<html lang="en">"#));
    assert!(en.find("Now calling").unwrap() < en.find("Sedang dipanggil").unwrap());
    let js = app.get("/assets/floor/board.js", None).await;
    assert_eq!(js.status(), 200);
    assert!(
        js.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(js.text().await.unwrap().contains("EventSource"));
    assert_eq!(app.get("/assets/floor/floor.css", None).await.status(), 200);

    // Unknown office: 404 page and 404 envelope.
    let (status, _) = page(&app, "/offices/NOWHERE/board", "en", None).await;
    assert_eq!(status, 404);
    let res = app.get("/api/v1/offices/NOWHERE/board/events", None).await;
    assert_eq!(res.status(), 404);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "not_found");

    // The stream: a snapshot first, then each published call within a second.
    events_ready(&app).await;
    let mut sse = Sse::connect(&app, "/api/v1/offices/BATAM/board/events").await;
    let (name, data) = sse.next(Duration::from_secs(5)).await.unwrap();
    assert_eq!(name, "snapshot");
    let snap: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(snap["office"], "BATAM");
    assert_eq!(snap["waiting"], 0);
    assert_eq!(snap["calls"], json!([]));

    let other = json!({"type": "called", "ticket": "Z999", "counter": "9"});
    app.state
        .events
        .publish(&app.state.db, "board:MEDAN", other)
        .await;
    let call = json!({"type": "called", "ticket": "A001", "category": "regular", "counter": "3"});
    let sent = Instant::now();
    app.state
        .events
        .publish(&app.state.db, "board:BATAM", call.clone())
        .await;
    let (name, data) = sse
        .next(Duration::from_secs(1))
        .await
        .expect("call within 1 s");
    assert!(sent.elapsed() < Duration::from_secs(1));
    assert_eq!(name, "call", "another office's event must not arrive");
    assert_eq!(serde_json::from_str::<Value>(&data).unwrap(), call);
    // A fresh snapshot follows every event.
    let snap = sse.expect("snapshot", Duration::from_secs(2)).await;
    assert_eq!(snap["office"], "BATAM");
    drop(sse);
}
both_databases!(board_and_events);

async fn kiosk(app: TestApp) {
    // Without a device cookie: the setup form, in both languages.
    let (status, html) = page(&app, "/kiosk/BATAM", "id", None).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"action="/kiosk/BATAM/setup""#));
    assert!(html.contains("Kunci perangkat"));
    let (_, html) = page(&app, "/kiosk/BATAM", "en", None).await;
    assert!(html.contains("Device key"));
    assert_eq!(page(&app, "/kiosk/NOWHERE", "en", None).await.0, 404);

    // A wrong key is refused; a key of another office too.
    let (status, _, html) =
        post_form(&app, "/kiosk/BATAM/setup", None, None, &[("key", "nope")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("tidak berlaku"), "{html}");
    let sup = app
        .staff("sup.floor@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let (device_id, key) = device(&app, &sup).await;
    let (status, _, _) =
        post_form(&app, "/kiosk/JKT-PUSAT/setup", None, None, &[("key", &key)]).await;
    assert_eq!(status, 422);

    // The right key: a cookie for /kiosk only, then the scan form.
    let res = app
        .client
        .post(app.url("/kiosk/BATAM/setup"))
        .form(&[("key", key.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/kiosk/BATAM?ready=1");
    let set = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set.starts_with(&format!("imigrasi_kiosk={key};")), "{set}");
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/kiosk"] {
        assert!(set.contains(attr), "{set}");
    }
    let cookie = format!("imigrasi_kiosk={key}");
    let res = app
        .client
        .get(app.url("/kiosk/BATAM?ready=1"))
        .header("cookie", &cookie)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"action="/kiosk/BATAM/check-in""#), "{html}");
    assert!(html.contains("The kiosk is ready."));

    // Unknown code: a friendly message, 404.
    let (status, _, html) = post_form(
        &app,
        "/kiosk/BATAM/check-in",
        None,
        Some(&cookie),
        &[("booking_code", "NOPE1234")],
    )
    .await;
    assert_eq!(status, 404);
    assert!(html.contains("tidak ditemukan"), "{html}");

    // A confirmed booking of today: the ticket page with a QR code.
    let code = booking_today(&app, &sup).await;
    let mut events = Sse::connect(&app, "/api/v1/offices/BATAM/board/events").await;
    events.expect("snapshot", Duration::from_secs(5)).await;
    let (status, _, html) = post_form(
        &app,
        "/kiosk/BATAM/check-in",
        None,
        Some(&cookie),
        &[("booking_code", &code.to_lowercase())],
    )
    .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains(r#"id="ticket-number">A001<"#), "{html}");
    assert!(html.contains("<svg"), "QR code inline");
    assert!(html.contains(r#"href="/kiosk/BATAM""#), "done button");
    // The board hears the check-in (waiting 1).
    let snap = events.expect("snapshot", Duration::from_secs(2)).await;
    assert_eq!(snap["waiting"], 1);
    drop(events);

    // Twice: already checked in.
    let (status, _, html) = post_form(
        &app,
        "/kiosk/BATAM/check-in",
        None,
        Some(&cookie),
        &[("booking_code", &code)],
    )
    .await;
    assert_eq!(status, 409);
    assert!(html.contains("sudah mendapat nomor antrean"), "{html}");

    // A revoked key brings the setup form back, with a message, and clears the cookie.
    let res = app
        .post_json(
            &format!("/api/v1/offices/BATAM/devices/{device_id}/revoke"),
            Some(&sup),
            &json!({}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let res = app
        .client
        .get(app.url("/kiosk/BATAM"))
        .header("cookie", &cookie)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("has been revoked"), "{html}");
    assert!(html.contains(r#"action="/kiosk/BATAM/setup""#));
}
both_databases!(kiosk);

async fn counter_and_dashboard(app: TestApp) {
    let officer = app
        .staff("petugas.floor@batam.go.id", Role::Officer, Some("BATAM"))
        .await;
    let medan = app
        .staff("petugas.floor@medan.go.id", Role::Officer, Some("MEDAN"))
        .await;
    let admin = app
        .staff("admin.floor@imigrasi.go.id", Role::Administrator, None)
        .await;
    let citizen = app.citizen("warga.counter@example.id").await;

    // Who may see the counter page.
    assert_eq!(
        page(&app, "/offices/BATAM/counter", "en", Some(&citizen))
            .await
            .0,
        403
    );
    assert_eq!(
        page(&app, "/offices/BATAM/counter", "en", Some(&medan))
            .await
            .0,
        403
    );
    assert_eq!(
        page(&app, "/offices/BATAM/counter", "en", Some(&admin))
            .await
            .0,
        403
    );
    assert_eq!(app.get("/offices/BATAM/counter", None).await.status(), 303);
    let (status, html) = page(&app, "/offices/BATAM/counter", "id", Some(&officer)).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"action="/offices/BATAM/counter/open""#));
    // Another office's officer cannot act either.
    let (status, _, _) = post_form(
        &app,
        "/offices/BATAM/counter/open",
        Some(&medan),
        None,
        &[("counter", "1")],
    )
    .await;
    assert_eq!(status, 403);

    // Open counter 1.
    let (status, location, _) = post_form(
        &app,
        "/offices/BATAM/counter/open",
        Some(&officer),
        None,
        &[("counter", "1")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location, "/offices/BATAM/counter?c=1&done=opened");

    // A priority walk-in (a man born 1950: elderly); a refused one first.
    let elderly_nik = "3171011203500001";
    let (status, _, html) = post_form(
        &app,
        "/offices/BATAM/counter/walk-ins",
        Some(&officer),
        None,
        &[
            ("counter", "1"),
            ("reason", "child_under_5"),
            ("nik", elderly_nik),
            ("full_name", "Pak Tua"),
            ("birth_date", "1950-03-12"),
            ("sex", "M"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("periksa tanggal lahir"), "{html}");
    let (status, location, _) = post_form(
        &app,
        "/offices/BATAM/counter/walk-ins",
        Some(&officer),
        None,
        &[
            ("counter", "1"),
            ("reason", "elderly"),
            ("nik", elderly_nik),
            ("full_name", "Pak Tua"),
            ("birth_date", "1950-03-12"),
            ("sex", "M"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location, "/offices/BATAM/counter?c=1&done=walk-in&t=P001");
    let (_, html) = page(&app, "/offices/BATAM/counter?c=1", "en", Some(&officer)).await;
    assert!(html.contains("<th scope=\"row\">P001</th>"), "{html}");

    // Call next through the page: the board hears it within a second.
    events_ready(&app).await;
    let mut sse = Sse::connect(&app, "/api/v1/offices/BATAM/board/events").await;
    let snap = sse.expect("snapshot", Duration::from_secs(5)).await;
    assert_eq!(snap["waiting"], 1);
    let sent = Instant::now();
    let (status, location, _) = post_form(
        &app,
        "/offices/BATAM/counter/call-next",
        Some(&officer),
        None,
        &[("counter", "1")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location, "/offices/BATAM/counter?c=1&done=called&t=P001");
    let call = sse.expect("call", Duration::from_secs(1)).await;
    assert!(sent.elapsed() < Duration::from_secs(2));
    assert_eq!(call["ticket"], "P001");
    assert_eq!(call["counter"], "1");
    let snap = sse.expect("snapshot", Duration::from_secs(2)).await;
    assert_eq!(snap["waiting"], 0);
    assert_eq!(snap["calls"][0]["ticket"], "P001");
    assert_eq!(snap["calls"][0]["counter"], "1");
    drop(sse);

    // The page shows the current ticket; the board too (server-rendered).
    let (_, html) = page(
        &app,
        "/offices/BATAM/counter?c=1&done=called&t=P001",
        "en",
        Some(&officer),
    )
    .await;
    assert!(html.contains(r#"id="current-ticket">P001<"#), "{html}");
    assert!(html.contains("P001 was called to counter 1."));
    let (_, board) = page(&app, "/offices/BATAM/board", "en", None).await;
    assert!(board.contains(r#"id="current-ticket">P001<"#), "{board}");
    assert!(board.contains(r#"id="current-counter">1<"#));

    // Served; nobody else waits.
    let (status, location, _) = post_form(
        &app,
        "/offices/BATAM/counter/tickets/P001/served",
        Some(&officer),
        None,
        &[("counter", "1")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location, "/offices/BATAM/counter?c=1&done=served&t=P001");
    let (_, location, _) = post_form(
        &app,
        "/offices/BATAM/counter/call-next",
        Some(&officer),
        None,
        &[("counter", "1")],
    )
    .await;
    assert_eq!(location, "/offices/BATAM/counter?c=1&done=empty");
    // Served twice: refused with a message, not an error page.
    let (_, location, _) = post_form(
        &app,
        "/offices/BATAM/counter/tickets/P001/served",
        Some(&officer),
        None,
        &[("counter", "1")],
    )
    .await;
    assert_eq!(location, "/offices/BATAM/counter?c=1&error=ticket");

    // The dashboard: the chart, the figures, and who may see it.
    let (status, html) = page(&app, "/offices/BATAM/dashboard", "en", Some(&officer)).await;
    assert_eq!(status, 200);
    assert!(html.contains("<svg"), "{html}");
    assert!(html.contains("<title>Arrivals per hour"));
    assert!(html.contains(r#"role="img" aria-label="Arrivals per hour"#));
    assert!(!html.contains("style="), "no inline style");
    assert!(html.contains("priority walk-ins"));
    let (status, html) = page(&app, "/offices/BATAM/dashboard", "id", Some(&admin)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Kedatangan per jam"));
    assert_eq!(
        page(&app, "/offices/BATAM/dashboard", "en", Some(&citizen))
            .await
            .0,
        403
    );
    assert_eq!(
        page(&app, "/offices/BATAM/dashboard", "en", Some(&medan))
            .await
            .0,
        403
    );
    assert_eq!(
        app.get("/offices/BATAM/dashboard", None).await.status(),
        303
    );
    let (status, html) = page(
        &app,
        "/offices/BATAM/dashboard?date=2026-01-05",
        "en",
        Some(&officer),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"value="2026-01-05""#));
    assert!(html.contains("Nobody arrived on this day."));
    let (status, html) = page(
        &app,
        "/offices/BATAM/dashboard?date=yesterday",
        "en",
        Some(&officer),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("The date was not understood"));
}
both_databases!(counter_and_dashboard);

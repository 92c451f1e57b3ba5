//! The citizen pages of the passport service: office list and calendar in
//! both languages, booking through the form, the booking page with its
//! billing code, the proof with its QR code, cancel, reschedule, the
//! waitlist, and the demo bank being closed outside demo mode.

use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::pages::{page_as, post_form};
use crate::helpers::passport::{self, days_ahead, pay};
use crate::helpers::{TestApp, count};

/// A valid NIK for a man born 1990-08-15 in Batam.
const NIK: &str = "2171011508900001";
/// Another valid NIK (a woman born 1990-08-15).
const NIK_F: &str = "2171015508900002";

/// An extra BATAM slot of five places released now; returns its id.
async fn slot(app: &TestApp, sup: &str, date: &str, start: &str, end: &str) -> String {
    passport::slot(app, sup, date, start, end, 5, None).await
}

/// Register a citizen; returns (API token, session cookie from the login form).
async fn citizen(app: &TestApp, email: &str) -> (String, String) {
    let token = app.citizen(email).await;
    (token, app.page_login(email, "correct horse 1").await)
}

/// GET a page with a session cookie; returns status and HTML, which must
/// be fully translated.
async fn page(app: &TestApp, cookie: Option<&str>, path: &str, lang: &str) -> (u16, String) {
    page_as(app, path, lang, None, cookie).await
}

/// POST a form with a session cookie; returns status, Location header and
/// HTML, which must be fully translated.
async fn post(
    app: &TestApp,
    cookie: &str,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, String, String) {
    let (status, location, html) = post_form(app, path, None, Some(cookie), form).await;
    assert!(
        !html.contains("Unknown localization"),
        "POST {path}:\n{html}"
    );
    (status, location, html)
}

fn booking_form<'a>(slot: &'a str, nik: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("slot", slot),
        ("nik", nik),
        ("full_name", "Budi Santoso"),
        ("birth_date", "1990-08-15"),
        ("sex", "M"),
        ("passport_type", "regular"),
        ("service", "new"),
    ]
}

/// Book through the form; returns the booking code.
async fn book(app: &TestApp, cookie: &str, slot: &str) -> String {
    let (status, location, html) =
        post(app, cookie, "/passport/book", &booking_form(slot, NIK)).await;
    assert_eq!(status, 303, "{html}");
    let code = location
        .strip_prefix("/passport/bookings/")
        .and_then(|r| r.strip_suffix("?done=booked"))
        .unwrap_or_else(|| panic!("unexpected redirect {location}"));
    code.to_owned()
}

async fn api_booking(app: &TestApp, token: &str, code: &str) -> Value {
    let res = app
        .get(&format!("/api/v1/passport/bookings/{code}"), Some(token))
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn offices_and_calendar_in_both_languages(app: TestApp) {
    let sup = app
        .staff("sup@batam.id", Role::Supervisor, Some("BATAM"))
        .await;
    let id = slot(&app, &sup, &days_ahead(1), "08:00", "10:00").await;

    let (status, html) = page(&app, None, "/passport", "id").await;
    assert_eq!(status, 200);
    assert!(html.contains("Cara kerjanya") && html.contains("/release-calendar"));
    assert!(html.contains("Rp 350.000"), "fees come from the data");
    let (_, html) = page(&app, None, "/passport", "en").await;
    assert!(html.contains("How it works") && html.contains("<html lang=\"en\">"));

    for lang in ["id", "en"] {
        let (status, html) = page(&app, None, "/passport/offices", lang).await;
        assert_eq!(status, 200);
        assert!(html.contains("href=\"/passport/offices/BATAM\""));
        assert!(html.contains("<h2 id=\"prov-") && html.contains("Kepulauan Riau"));
    }

    let (status, html) = page(&app, None, "/passport/offices/BATAM", "id").await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("href=\"/passport/book?slot={id}\"")));
    assert!(html.contains("08:00–10:00 WIB"));
    assert!(html.contains("Sisa tempat") && html.contains("14 hari berikutnya"));
    assert!(html.contains("<th scope=\"col\">"));
    let (_, html) = page(&app, None, "/passport/offices/batam", "en").await;
    assert!(html.contains("Places left") && html.contains("Next 14 days"));
    assert!(html.contains(&format!("/passport/book?slot={id}")));
    // The category filter keeps only that category.
    let (_, html) = page(
        &app,
        None,
        "/passport/offices/BATAM?category=priority",
        "id",
    )
    .await;
    assert!(!html.contains(&format!("/passport/book?slot={id}")));
    assert!(html.contains("aria-current=\"true\">Prioritas</a>"));

    // A session released later says when it opens.
    let later = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48);
    let res = app
        .post_json(
            "/api/v1/offices/BATAM/slots",
            Some(&sup),
            &json!({"date": days_ahead(5), "start": "13:00", "end": "15:00", "category": "priority",
                    "capacity": 3, "release_at": later.to_string()}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let (_, html) = page(&app, None, "/passport/offices/BATAM", "en").await;
    assert!(html.contains("Opens "), "{html}");

    let (status, _) = page(&app, None, "/passport/offices/NOWHERE", "id").await;
    assert_eq!(status, 404);
    // The simulated bank exists only in demo mode.
    let (status, _) = page(&app, None, "/demo/bank", "id").await;
    assert_eq!(status, 404);
}
both_databases!(offices_and_calendar_in_both_languages);

async fn booking_through_the_form(app: TestApp) {
    let sup = app
        .staff("sup@batam.id", Role::Supervisor, Some("BATAM"))
        .await;
    let id = slot(&app, &sup, &days_ahead(1), "08:00", "10:00").await;
    let form_path = format!("/passport/book?slot={id}");

    // Anonymous visitors log in first; staff may not book.
    let res = app.get(&form_path, None).await;
    assert_eq!(res.status(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login?next=")
    );
    let staff_cookie = app.page_login("sup@batam.id", "staff password 1").await;
    let (status, _) = page(&app, Some(&staff_cookie), &form_path, "id").await;
    assert_eq!(status, 403);

    let (token, cookie) = citizen(&app, "siti@example.id").await;
    for lang in ["id", "en"] {
        let (status, html) = page(&app, Some(&cookie), &form_path, lang).await;
        assert_eq!(status, 200);
        assert!(html.contains("type=\"date\"") && html.contains("name=\"nik\""));
        assert!(html.contains("Rp 650.000"), "electronic passport fee");
        assert!(html.contains("<label for=\"nik\">"));
    }

    // An invalid NIK re-shows the form with the error; nothing is booked.
    let (status, _, html) = post(
        &app,
        &cookie,
        "/passport/book",
        &booking_form(&id, "9971011508900001"),
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("role=\"alert\""));
    assert!(html.contains("Dua digit pertama NIK bukan kode provinsi"));
    assert!(html.contains("aria-invalid=\"true\""));
    // A NIK that disagrees with the birth date is "Identitas tidak valid".
    let mut form = booking_form(&id, NIK);
    form[3] = ("birth_date", "1991-08-15");
    let (status, _, html) = post(&app, &cookie, "/passport/book", &form).await;
    assert_eq!(status, 422);
    assert!(html.contains("Identitas tidak valid"));
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM passport_bookings").await,
        0
    );

    let code = book(&app, &cookie, &id).await;
    let v = api_booking(&app, &token, &code).await;
    assert_eq!(v["status"], "awaiting_payment");
    let billing_code = v["payment"]["billing_code"].as_str().unwrap().to_owned();
    let (status, html) = page(
        &app,
        Some(&cookie),
        &format!("/passport/bookings/{code}?done=booked"),
        "id",
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains(&billing_code));
    assert!(html.contains("Rp 350.000") && html.contains("WIB"));
    assert!(html.contains("role=\"status\""));
    assert!(html.contains("**************01") && !html.contains(NIK));
    assert!(
        !html.contains("/demo/bank"),
        "no bank link outside demo mode"
    );
    let (_, html) = page(&app, Some(&cookie), "/passport/bookings", "en").await;
    assert!(html.contains(&code) && html.contains("Awaiting payment"));

    // The same NIK cannot hold a second booking.
    let (status, _, html) = post(&app, &cookie, "/passport/book", &booking_form(&id, NIK)).await;
    assert_eq!(status, 409);
    assert!(html.contains("sudah memiliki pemesanan aktif"));

    // The proof waits for the payment, then shows the QR code.
    let proof = format!("/passport/bookings/{code}/proof");
    let (_, html) = page(&app, Some(&cookie), &proof, "en").await;
    assert!(!html.contains("<svg"));
    let amount = v["payment"]["amount"].as_i64().unwrap();
    let res = pay(&app, &billing_code, amount, "NTPN0000000000A1").await;
    assert_eq!(res.status(), 200);
    let (status, html) = page(&app, Some(&cookie), &proof, "id").await;
    assert_eq!(status, 200);
    assert!(html.contains("<svg") && html.contains("role=\"img\""));
    assert!(html.contains("Budi Santoso") && html.contains("**************01"));
    let (_, html) = page(
        &app,
        Some(&cookie),
        &format!("/passport/bookings/{code}"),
        "en",
    )
    .await;
    assert!(html.contains("Confirmed") && html.contains(&proof));

    // Someone else's booking does not exist for another citizen.
    let (_, other) = citizen(&app, "andi@example.id").await;
    for path in [
        format!("/passport/bookings/{code}"),
        proof.clone(),
        format!("/passport/bookings/{code}/cancel"),
        format!("/passport/bookings/{code}/reschedule"),
    ] {
        let (status, _) = page(&app, Some(&other), &path, "id").await;
        assert_eq!(status, 404, "{path}");
    }
    let (status, _, _) = post(
        &app,
        &other,
        &format!("/passport/bookings/{code}/cancel"),
        &[],
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        api_booking(&app, &token, &code).await["status"],
        "confirmed"
    );
}
both_databases!(booking_through_the_form);

async fn cancel_and_reschedule_through_the_pages(app: TestApp) {
    let sup = app
        .staff("sup@batam.id", Role::Supervisor, Some("BATAM"))
        .await;
    let first = slot(&app, &sup, &days_ahead(2), "08:00", "10:00").await;
    let second = slot(&app, &sup, &days_ahead(3), "10:00", "12:00").await;
    let (token, cookie) = citizen(&app, "dewi@example.id").await;
    let code = book(&app, &cookie, &first).await;

    // Not before the fee is paid (the rule since issue 14; this test moved
    // an unpaid booking before).
    let path = format!("/passport/bookings/{code}/reschedule");
    let (status, _, html) = post(&app, &cookie, &path, &[("slot", &second)]).await;
    assert_eq!(status, 409);
    assert!(html.contains("setelah biaya dibayar"), "{html}");
    let v = api_booking(&app, &token, &code).await;
    let res = pay(
        &app,
        v["payment"]["billing_code"].as_str().unwrap(),
        v["payment"]["amount"].as_i64().unwrap(),
        "NTPN0000000000B7",
    )
    .await;
    assert_eq!(res.status(), 200);

    let (status, html) = page(&app, Some(&cookie), &path, "id").await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("value=\"{second}\"")), "{html}");
    assert!(!html.contains(&format!("value=\"{first}\"")));
    // No session chosen: the form says so.
    let (status, _, html) = post(&app, &cookie, &path, &[("slot", "")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("Pilih sesi baru"));
    let (status, location, _) = post(&app, &cookie, &path, &[("slot", &second)]).await;
    assert_eq!(status, 303);
    assert_eq!(
        location,
        format!("/passport/bookings/{code}?done=rescheduled")
    );
    assert_eq!(api_booking(&app, &token, &code).await["slot"]["id"], second);
    // Once only.
    let (_, html) = page(&app, Some(&cookie), &path, "en").await;
    assert!(html.contains("already moved once"));
    let (status, _, html) = post(&app, &cookie, &path, &[("slot", &first)]).await;
    assert_eq!(status, 409);
    assert!(html.contains("sudah pernah diubah"));

    // Cancel asks first, then cancels.
    let cancel = format!("/passport/bookings/{code}/cancel");
    let (status, html) = page(&app, Some(&cookie), &cancel, "id").await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("action=\"{cancel}\"")));
    // The booking is paid: the page says plainly the fee is not refunded.
    assert!(html.contains("id=\"no-refund\"") && html.contains("tidak dapat dikembalikan"));
    assert_eq!(
        api_booking(&app, &token, &code).await["status"],
        "confirmed"
    );
    let (status, location, _) = post(&app, &cookie, &cancel, &[]).await;
    assert_eq!(status, 303);
    assert_eq!(
        location,
        format!("/passport/bookings/{code}?done=cancelled-paid")
    );
    assert_eq!(
        api_booking(&app, &token, &code).await["status"],
        "cancelled"
    );
    let (_, html) = page(&app, Some(&cookie), &location, "id").await;
    assert!(html.contains("Biaya yang sudah dibayar tidak dikembalikan"));
    assert!(!html.contains(&format!("href=\"{cancel}\"")));
    // Cancelling again is refused with a message, not an error page.
    let (status, _, html) = post(&app, &cookie, &cancel, &[]).await;
    assert_eq!(status, 409);
    assert!(html.contains("role=\"alert\""));
}
both_databases!(cancel_and_reschedule_through_the_pages);

async fn waitlist_through_the_pages(app: TestApp) {
    let (_, cookie) = citizen(&app, "rina@example.id").await;
    let (status, html) = page(
        &app,
        Some(&cookie),
        "/passport/waitlist/new?office=BATAM",
        "en",
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("<option value=\"BATAM\" selected>"));
    let (from, to) = (days_ahead(1), days_ahead(10));
    let mut form = vec![
        ("office", "BATAM"),
        ("date_from", to.as_str()),
        ("date_to", from.as_str()),
        ("category", "regular"),
        ("nik", NIK_F),
        ("full_name", "Rina Wati"),
        ("birth_date", "1990-08-15"),
        ("sex", "F"),
        ("passport_type", "electronic"),
        ("service", "renewal"),
    ];
    let (status, _, html) = post(&app, &cookie, "/passport/waitlist", &form).await;
    assert_eq!(status, 422);
    assert!(html.contains("Tanggal akhir tidak boleh sebelum tanggal awal"));
    form[1] = ("date_from", from.as_str());
    form[2] = ("date_to", to.as_str());
    let (status, location, html) = post(&app, &cookie, "/passport/waitlist", &form).await;
    assert_eq!(status, 303, "{html}");
    assert_eq!(location, "/passport/bookings?done=joined");
    let (_, html) = page(&app, Some(&cookie), &location, "id").await;
    assert!(html.contains("Rina Wati") && html.contains("Menunggu tempat"));
    let id: String = {
        let row = db::one(&app.state.db, "SELECT id FROM passport_waitlist", [])
            .await
            .unwrap()
            .unwrap();
        db::col(&row, "id").unwrap()
    };
    let leave = format!("/passport/waitlist/{id}/leave");
    assert!(html.contains(&format!("action=\"{leave}\"")));
    // Only the owner may leave.
    let (_, other) = citizen(&app, "joko@example.id").await;
    let (status, _, _) = post(&app, &other, &leave, &[]).await;
    assert_eq!(status, 404);
    let (status, location, _) = post(&app, &cookie, &leave, &[]).await;
    assert_eq!(status, 303);
    assert_eq!(location, "/passport/bookings?done=left");
    let (_, html) = page(&app, Some(&cookie), &location, "en").await;
    assert!(html.contains("You left the waitlist") && html.contains("Left the waitlist"));
}
both_databases!(waitlist_through_the_pages);

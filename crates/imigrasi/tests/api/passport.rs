//! The passport booking contract: slots, booking with payment hold,
//! idempotency, concurrency, payment notifications, cancel, reschedule,
//! expiry and the waitlist.

use futures::future::join_all;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::passport::{applicant, book, days_ahead, pay, slot};
use crate::helpers::{TestApp, count, error_code};

async fn booking_payment_and_cancel(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let date = days_ahead(3);
    let slot_id = slot(&app, &sup, &date, "08:00", "10:00", 5, None).await;
    let citizen = app.citizen("warga@example.id").await;

    // Slots list shows it with the office's offset.
    let v: Value = app
        .get(
            &format!("/api/v1/offices/BATAM/slots?from={date}&to={date}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let s = v["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == slot_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(s["starts_at"], format!("{date}T08:00:00+07:00"));
    assert_eq!(s["remaining"], 5);
    for k in [
        "id",
        "date",
        "starts_at",
        "ends_at",
        "category",
        "capacity",
        "remaining",
        "release_at",
    ] {
        assert!(!s[k].is_null(), "{k}");
    }

    let res = book(&app, &citizen, &slot_id, 1).await;
    assert_eq!(res.status(), 201);
    let b: Value = res.json().await.unwrap();
    assert_eq!(b["status"], "awaiting_payment");
    assert_eq!(b["slot"]["remaining"], 4);
    let code = b["code"].as_str().unwrap().to_owned();
    let billing_code = b["payment"]["billing_code"].as_str().unwrap().to_owned();
    assert_eq!(billing_code.len(), 15);
    assert_eq!(b["payment"]["amount"], 350000);
    assert!(
        b["payment"]["expires_at"]
            .as_str()
            .unwrap()
            .ends_with("+07:00")
    );
    assert!(b["applicant"]["nik_masked"].as_str().unwrap().contains('*'));

    // The same NIK cannot book twice.
    let res = book(&app, &citizen, &slot_id, 1).await;
    assert_eq!(error_code(res).await, (409, "already_booked".into()));

    // Payment: bad signature changes nothing; wrong amount 422; then confirmed, twice the same answer.
    let body = json!({"billing_code": billing_code, "ntpn": "ABCDEF1234567890", "amount": 350000, "paid_at": "2026-01-01T00:00:00Z"}).to_string();
    let res = app
        .client
        .post(app.url("/api/v1/payments/notifications"))
        .header("x-signature", "sha256=00")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, (401, "invalid_signature".into()));
    let res = pay(&app, &billing_code, 1000, "ABCDEF1234567890").await;
    assert_eq!(error_code(res).await, (422, "amount_mismatch".into()));
    let first: Value = pay(&app, &billing_code, 350000, "ABCDEF1234567890")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["status"], "paid");
    let again = pay(&app, &billing_code, 350000, "ABCDEF1234567890").await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    let v: Value = app
        .get(&format!("/api/v1/passport/bookings/{code}"), Some(&citizen))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "confirmed");

    // Others cannot see it; an officer of the office can (and it is audited); another office's cannot.
    let other = app.citizen("lain@example.id").await;
    assert_eq!(
        app.get(&format!("/api/v1/passport/bookings/{code}"), Some(&other))
            .await
            .status(),
        404
    );
    let officer = app
        .staff("petugas@batam.go.id", Role::Officer, Some("BATAM"))
        .await;
    assert_eq!(
        app.get(&format!("/api/v1/passport/bookings/{code}"), Some(&officer))
            .await
            .status(),
        200
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'booking.read'"
        )
        .await,
        1
    );
    let medan = app
        .staff("petugas@medan.go.id", Role::Officer, Some("MEDAN"))
        .await;
    assert_eq!(
        app.get(&format!("/api/v1/passport/bookings/{code}"), Some(&medan))
            .await
            .status(),
        404
    );
    let res = app
        .post_json(
            &format!("/api/v1/passport/bookings/{code}/cancel"),
            Some(&other),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 404);

    // Cancel returns the place.
    let res = app
        .post_json(
            &format!("/api/v1/passport/bookings/{code}/cancel"),
            Some(&citizen),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "cancelled");
    assert_eq!(v["slot"]["remaining"], 5);
    let list: Value = app
        .get("/api/v1/passport/bookings", Some(&citizen))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["bookings"].as_array().unwrap().len(), 1);
    assert!(
        imigrasi_platform::audit::verify(&app.state.db)
            .await
            .unwrap()
            .is_ok()
    );
}
both_databases!(booking_payment_and_cancel);

async fn bad_input_changes_nothing(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let slot_id = slot(&app, &sup, &days_ahead(2), "08:00", "10:00", 5, None).await;
    let citizen = app.citizen("warga@example.id").await;
    let before = count(
        &app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action <> 'access.denied'",
    )
    .await;

    let res = app
        .client
        .post(app.url("/api/v1/passport/bookings"))
        .bearer_auth(&citizen)
        .body("{\"slot_id\":")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, (400, "malformed_json".into()));
    let mut a = applicant(1);
    a["nik"] = json!("317101120390001");
    let body =
        json!({"slot_id": slot_id, "applicant": a, "passport_type": "regular", "service": "new"});
    let res = app
        .post_json("/api/v1/passport/bookings", Some(&citizen), &body)
        .await;
    assert_eq!(error_code(res).await, (422, "invalid_nik".into()));
    let mut a = applicant(1);
    a["birth_date"] = json!("1991-03-12");
    let body =
        json!({"slot_id": slot_id, "applicant": a, "passport_type": "regular", "service": "new"});
    let res = app
        .post_json("/api/v1/passport/bookings", Some(&citizen), &body)
        .await;
    assert_eq!(error_code(res).await, (422, "identity_mismatch".into()));
    let mut a = applicant(1);
    a["sex"] = json!("F");
    let body =
        json!({"slot_id": slot_id, "applicant": a, "passport_type": "regular", "service": "new"});
    let res = app
        .post_json("/api/v1/passport/bookings", Some(&citizen), &body)
        .await;
    assert_eq!(error_code(res).await, (422, "identity_mismatch".into()));
    let res = book(&app, &citizen, "00000000-0000-0000-0000-000000000000", 1).await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));
    let res = app
        .post_json(
            "/api/v1/passport/bookings",
            Some(&citizen),
            &json!({"slot_id": slot_id}),
        )
        .await;
    let (status, code) = error_code(res).await;
    assert_eq!((status, code.as_str()), (422, "invalid_input"));
    let res = book(&app, "not-a-token", &slot_id, 1).await;
    assert_eq!(error_code(res).await, (401, "unauthenticated".into()));
    // Staff cannot book.
    let res = book(&app, &sup, &slot_id, 1).await;
    assert_eq!(error_code(res).await, (403, "forbidden".into()));
    // A slot of another office cannot be the target of a reschedule.
    let medan_sup = app
        .staff("sup@medan.go.id", Role::Supervisor, Some("MEDAN"))
        .await;
    let res = app
        .post_json("/api/v1/offices/MEDAN/slots", Some(&medan_sup), &json!({"date": days_ahead(2), "start": "08:00", "end": "10:00", "category": "regular", "capacity": 3}))
        .await;
    let medan_slot = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Supervisor of BATAM cannot add MEDAN slots.
    let res = app
        .post_json("/api/v1/offices/MEDAN/slots", Some(&sup), &json!({"date": days_ahead(2), "start": "08:00", "end": "10:00", "category": "regular", "capacity": 3}))
        .await;
    assert_eq!(error_code(res).await, (403, "forbidden".into()));
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM passport_bookings").await,
        0
    );
    let booked: Value = book(&app, &citizen, &slot_id, 1)
        .await
        .json()
        .await
        .unwrap();
    let code = booked["code"].as_str().unwrap().to_owned();
    // Paid, so that only the other office refuses (a booking moves only once paid).
    let res = pay(
        &app,
        booked["payment"]["billing_code"].as_str().unwrap(),
        booked["payment"]["amount"].as_i64().unwrap(),
        "NTPN0000000000M1",
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = app
        .post_json(
            &format!("/api/v1/passport/bookings/{code}/reschedule"),
            Some(&citizen),
            &json!({"slot_id": medan_slot}),
        )
        .await;
    assert_eq!(
        error_code(res).await,
        (409, "reschedule_not_allowed".into())
    );
    // Nothing but the one booking and the MEDAN slot was audited.
    // Only the MEDAN login, the MEDAN slot, the one booking and its payment (bill and booking) were audited.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action <> 'access.denied'"
        )
        .await,
        before + 5
    );
    // The two refusals by policy (staff booking, another office's slots) were.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'access.denied'"
        )
        .await,
        2
    );
}
both_databases!(bad_input_changes_nothing);

async fn not_released_and_limits(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let later = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(2))
        .unwrap()
        .to_string();
    let closed = slot(
        &app,
        &sup,
        &days_ahead(5),
        "08:00",
        "10:00",
        5,
        Some(&later),
    )
    .await;
    let citizen = app.citizen("warga@example.id").await;
    let res = book(&app, &citizen, &closed, 1).await;
    assert_eq!(error_code(res).await, (409, "not_released".into()));
    let open = slot(&app, &sup, &days_ahead(5), "10:00", "12:00", 10, None).await;
    for serial in 1..=5 {
        assert_eq!(book(&app, &citizen, &open, serial).await.status(), 201);
    }
    let res = book(&app, &citizen, &open, 6).await;
    assert_eq!(error_code(res).await, (403, "booking_limit".into()));
}
both_databases!(not_released_and_limits);

async fn idempotency_key_books_once(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let slot_id = slot(&app, &sup, &days_ahead(2), "08:00", "10:00", 5, None).await;
    let citizen = app.citizen("warga@example.id").await;
    let body = json!({"slot_id": slot_id, "applicant": applicant(7), "passport_type": "electronic", "service": "renewal"});
    let send = || {
        app.client
            .post(app.url("/api/v1/passport/bookings"))
            .bearer_auth(&citizen)
            .header("idempotency-key", "retry-42")
            .json(&body)
            .send()
    };
    let a = send().await.unwrap();
    assert_eq!(a.status(), 201);
    let a: Value = a.json().await.unwrap();
    assert_eq!(a["payment"]["amount"], 650000);
    let b = send().await.unwrap();
    assert_eq!(b.status(), 201);
    assert_eq!(b.json::<Value>().await.unwrap(), a);
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM passport_bookings").await,
        1
    );
}
both_databases!(idempotency_key_books_once);

async fn two_hundred_requests_for_twenty_places(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let slot_id = slot(&app, &sup, &days_ahead(4), "08:00", "10:00", 20, None).await;
    let mut tokens = Vec::new();
    for i in 0..40 {
        tokens.push(app.citizen(&format!("warga{i}@example.id")).await);
    }
    let requests = (0..200u32).map(|i| {
        let app = app.clone();
        let token = tokens[(i / 5) as usize].clone();
        let slot_id = slot_id.clone();
        tokio::spawn(async move {
            error_code_or_created(book(&app, &token, &slot_id, i + 1).await).await
        })
    });
    let results: Vec<String> = join_all(requests)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    let booked = results.iter().filter(|r| *r == "created").count();
    let full = results.iter().filter(|r| *r == "slot_full").count();
    assert_eq!((booked, full), (20, 180), "{results:?}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM passport_bookings").await,
        20
    );
    assert_eq!(
        count(
            &app,
            "SELECT CAST(booked AS BIGINT) AS n FROM passport_slots WHERE source = 'extra'"
        )
        .await,
        20
    );
    assert!(
        imigrasi_platform::audit::verify(&app.state.db)
            .await
            .unwrap()
            .is_ok()
    );
}
both_databases!(two_hundred_requests_for_twenty_places);

async fn error_code_or_created(res: reqwest::Response) -> String {
    if res.status() == 201 {
        return "created".into();
    }
    error_code(res).await.1
}

async fn reschedule(app: &TestApp, token: &str, code: &str, to: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/passport/bookings/{code}/reschedule"),
        Some(token),
        &json!({"slot_id": to}),
    )
    .await
}

async fn reschedule_once_and_waitlist(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let date = days_ahead(6);
    let first = slot(&app, &sup, &date, "08:00", "10:00", 1, None).await;
    let second = slot(&app, &sup, &date, "10:00", "12:00", 1, None).await;
    let ani = app.citizen("ani@example.id").await;
    let booked: Value = book(&app, &ani, &first, 1).await.json().await.unwrap();
    let code = booked["code"].as_str().unwrap().to_owned();
    // Not before payment (issue 14; this test used to move an unpaid booking).
    let res = reschedule(&app, &ani, &code, &second).await;
    assert_eq!(
        error_code(res).await,
        (409, "reschedule_not_allowed".into())
    );
    let res = pay(
        &app,
        booked["payment"]["billing_code"].as_str().unwrap(),
        booked["payment"]["amount"].as_i64().unwrap(),
        "NTPN0000000000R1",
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = reschedule(&app, &ani, &code, &second).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["slot"]["id"], second.as_str());
    assert_eq!(v["rescheduled"], true);
    let res = reschedule(&app, &ani, &code, &first).await;
    assert_eq!(
        error_code(res).await,
        (409, "reschedule_not_allowed".into())
    );

    // The second slot is full; Budi waits for that date; Ani cancels; Budi gets a hold.
    let budi = app.citizen("budi@example.id").await;
    let res = book(&app, &budi, &second, 2).await;
    assert_eq!(error_code(res).await, (409, "slot_full".into()));
    let res = app
        .post_json(
            "/api/v1/passport/waitlist",
            Some(&budi),
            &json!({"office": "BATAM", "date_from": date, "date_to": date, "category": "regular", "applicant": applicant(2), "passport_type": "regular", "service": "new"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let res = app
        .post_json(
            &format!("/api/v1/passport/bookings/{code}/cancel"),
            Some(&ani),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    // Cancelling a paid booking says plainly the fee is not refunded.
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["fee_refunded"], false);
    assert!(v["notice"].as_str().unwrap().contains("tidak dikembalikan"));
    let list: Value = app
        .get("/api/v1/passport/bookings", Some(&budi))
        .await
        .json()
        .await
        .unwrap();
    let offered = &list["bookings"][0];
    assert_eq!(offered["status"], "awaiting_payment");
    assert_eq!(offered["slot"]["id"], second.as_str());
    let w: Value = app
        .get("/api/v1/passport/waitlist", Some(&budi))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(w["entries"][0]["status"], "offered");
    let msgs = imigrasi_platform::outbox::for_recipient(&app.state.db, "budi@example.id")
        .await
        .unwrap();
    assert!(msgs.iter().any(|(t, _)| t == "passport.waitlist_offer"));
}
both_databases!(reschedule_once_and_waitlist);

async fn expiry_returns_the_place_and_late_payment_is_refunded(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let slot_id = slot(&app, &sup, &days_ahead(2), "08:00", "10:00", 1, None).await;
    let citizen = app.citizen("warga@example.id").await;
    let b: Value = book(&app, &citizen, &slot_id, 1)
        .await
        .json()
        .await
        .unwrap();
    let code = b["code"].as_str().unwrap();
    let billing_code = b["payment"]["billing_code"].as_str().unwrap();
    let settings = imigrasi_passport::app::settings(&app.state);
    let later = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(3))
        .unwrap();
    let n = imigrasi_passport::app::changes::expire_due(&app.state.db, &settings, later, 100)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let v: Value = app
        .get(&format!("/api/v1/passport/bookings/{code}"), Some(&citizen))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "expired");
    assert_eq!(v["slot"]["remaining"], 1);
    let res: Value = pay(&app, billing_code, 350000, "LATEPAY000000001")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(res["status"], "refund_due");
    let v: Value = app
        .get(&format!("/api/v1/passport/bookings/{code}"), Some(&citizen))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "expired");
}
both_databases!(expiry_returns_the_place_and_late_payment_is_refunded);

async fn booking_directly_ends_waiting(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let date = days_ahead(6);
    let slot_id = slot(&app, &sup, &date, "08:00", "10:00", 3, None).await;
    let citizen = app.citizen("tunggu@example.id").await;
    let res = app
        .post_json(
            "/api/v1/passport/waitlist",
            Some(&citizen),
            &json!({"office": "BATAM", "date_from": date, "date_to": date, "applicant": applicant(9), "passport_type": "regular", "service": "new"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(book(&app, &citizen, &slot_id, 9).await.status(), 201);
    let w: Value = app
        .get("/api/v1/passport/waitlist", Some(&citizen))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(w["entries"][0]["status"], "fulfilled");
}
both_databases!(booking_directly_ends_waiting);

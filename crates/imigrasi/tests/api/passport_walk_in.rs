//! Issue 14: lost and damaged passports are registered by an officer as
//! walk-ins (`POST /api/v1/offices/{code}/walk-ins` with `service`), wait
//! in `examination`, and the examination report (BAP) either issues the
//! bill with the surcharge or refuses the replacement.

use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::floor::{
    booking, booking_status, call_next, check_in, open, pay_booking, person, setup, today,
    years_ago,
};
use crate::helpers::{TestApp, count, error_code};

async fn walk_in(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.post_json("/api/v1/offices/BATAM/walk-ins", Some(token), &body)
        .await
}

fn lost(applicant: Value) -> Value {
    json!({"applicant": applicant, "service": "replacement_lost",
           "passport_type": "regular", "validity_years": 5, "purpose": "tourism"})
}

async fn examine(app: &TestApp, token: &str, code: &str, body: Value) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/passport/bookings/{code}/examination"),
        Some(token),
        &body,
    )
    .await
}

async fn get_booking(app: &TestApp, token: &str, code: &str) -> Value {
    let res = app
        .get(&format!("/api/v1/passport/bookings/{code}"), Some(token))
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn counts(app: &TestApp) -> (i64, i64) {
    (
        count(app, "SELECT COUNT(*) AS n FROM passport_bookings").await,
        count(app, "SELECT COUNT(*) AS n FROM passport_tickets").await,
    )
}

async fn lost_passport_is_examined_billed_paid_and_checked_in(app: TestApp) {
    let f = setup(&app).await;
    let medan = app
        .staff("petugas@medan.go.id", Role::Officer, Some("MEDAN"))
        .await;
    let citizen = app.citizen("warga.lain@example.id").await;
    let applicant = person(years_ago(30), false, 41);

    let res = walk_in(&app, &f.officer, lost(applicant.clone())).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let w: Value = res.json().await.unwrap();
    assert_eq!(w["ticket"], "A001");
    assert_eq!(w["kind"], "walk_in");
    assert_eq!(w["category"], "regular");
    assert_eq!(w["booking_status"], "examination");
    let code = w["booking_code"].as_str().unwrap().to_owned();
    assert!(w.get("priority_reason").is_none());

    let b = get_booking(&app, &f.officer, &code).await;
    assert_eq!(b["status"], "examination");
    assert_eq!(b["service"], "replacement_lost");
    assert_eq!(b["purpose"], "tourism");
    assert!(b.get("payment").is_none(), "no bill before the BAP: {b}");

    // The same person cannot walk in twice the same day.
    let again = walk_in(&app, &f.officer, lost(applicant.clone())).await;
    assert_eq!(error_code(again).await, (409, "already_checked_in".into()));

    // The walk-in's own session is never offered.
    let day = today().to_string();
    let slots: Value = app
        .get(
            &format!("/api/v1/offices/BATAM/slots?from={day}&to={day}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let own = db::one(
        &app.state.db,
        "SELECT slot_id AS v FROM passport_bookings WHERE code = $1",
        [sea_orm::Value::from(code.as_str())],
    )
    .await
    .unwrap()
    .map(|r| db::col::<String>(&r, "v").unwrap())
    .unwrap();
    let listed = slots["slots"].as_array().unwrap();
    assert!(!listed.is_empty());
    assert!(listed.iter().all(|s| s["id"] != own.as_str()), "{slots}");

    // Only staff of the office examine; bad input changes nothing.
    let ok = json!({"result": "approved", "report_number": "BAP/0041/IMI.5/2026"});
    for token in [&medan, &citizen] {
        let res = examine(&app, token, &code, ok.clone()).await;
        assert_eq!(error_code(res).await, (403, "forbidden".into()));
    }
    for (body, field) in [
        (
            json!({"result": "maybe", "report_number": "BAP/1"}),
            "result",
        ),
        (json!({"result": "approved"}), "report_number"),
        (
            json!({"result": "approved", "report_number": "BAP<1>"}),
            "report_number",
        ),
    ] {
        let res = examine(&app, &f.officer, &code, body).await;
        assert_eq!(res.status(), 422);
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["error"]["code"], "invalid_input", "{e}");
        assert!(e["error"]["fields"][field].is_string(), "{e}");
    }
    let res = examine(&app, &f.officer, "ZZZZZZZZ", ok.clone()).await;
    assert_eq!(res.status(), 404);
    assert_eq!(booking_status(&app, &code).await, "examination");

    // Approved: the bill is the product plus the lost-passport surcharge.
    let res = examine(&app, &f.officer, &code, ok.clone()).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let b: Value = res.json().await.unwrap();
    assert_eq!(b["status"], "awaiting_payment");
    assert_eq!(b["payment"]["amount"], 350_000 + 1_000_000);
    assert_eq!(
        b["payment"]["billing_code"].as_str().unwrap().len(),
        15,
        "{b}"
    );
    let res = examine(&app, &f.officer, &code, ok).await;
    assert_eq!(
        error_code(res).await,
        (409, "transition_not_allowed".into())
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'booking.examination'"
        )
        .await,
        1
    );

    // Paid, then checked in once the examination ticket was served.
    pay_booking(
        &app,
        b["payment"]["billing_code"].as_str().unwrap(),
        b["payment"]["amount"].as_i64().unwrap(),
    )
    .await;
    assert_eq!(booking_status(&app, &code).await, "confirmed");
    let res = check_in(&app, Some(&f.officer), "BATAM", &code).await;
    assert_eq!(error_code(res).await, (409, "already_checked_in".into()));
    open(&app, &f.officer, "1").await;
    assert_eq!(call_next(&app, &f.officer, "1").await.status(), 200);
    let res = app
        .post_json(
            "/api/v1/offices/BATAM/tickets/A001/served",
            Some(&f.officer),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = check_in(&app, Some(&f.officer), "BATAM", &code).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    assert_eq!(booking_status(&app, &code).await, "checked_in");
}
both_databases!(lost_passport_is_examined_billed_paid_and_checked_in);

async fn damaged_passport_rules_and_refusal(app: TestApp) {
    let f = setup(&app).await;
    let before = counts(&app).await;

    // Refused before anything is written.
    let adult = person(years_ago(40), true, 51);
    let teen = person(years_ago(16), false, 52);
    let cases = [
        (
            json!({"applicant": adult, "service": "new", "passport_type": "regular"}),
            422,
            "invalid_input",
        ),
        (
            json!({"applicant": adult, "service": "replacement_lost"}),
            422,
            "invalid_input",
        ),
        (
            json!({"applicant": adult, "service": "replacement_lost", "passport_type": "regular",
                   "priority_reason": "elderly"}),
            422,
            "invalid_input",
        ),
        (
            json!({"applicant": adult, "service": "replacement_lost", "passport_type": "regular",
                   "validity_years": 7}),
            422,
            "invalid_input",
        ),
        (
            json!({"applicant": teen, "service": "replacement_damaged",
                   "passport_type": "regular", "validity_years": 10}),
            422,
            "validity_not_allowed",
        ),
    ];
    for (body, status, code) in cases {
        let res = walk_in(&app, &f.officer, body.clone()).await;
        assert_eq!(error_code(res).await, (status, code.into()), "{body}");
    }
    assert_eq!(counts(&app).await, before);

    // Someone with an active online booking is not registered again.
    let (_, _) = booking(&app, &f.slot_today, 53, false).await;
    let booked = crate::helpers::passport::applicant(53);
    let res = walk_in(&app, &f.officer, lost(booked)).await;
    assert_eq!(error_code(res).await, (409, "already_booked".into()));

    // A married 16-year-old may have ten years; damaged electronic.
    let mut married = teen.clone();
    married["married"] = json!(true);
    let res = walk_in(
        &app,
        &f.officer,
        json!({"applicant": married, "service": "replacement_damaged",
               "passport_type": "electronic", "validity_years": 10}),
    )
    .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let w: Value = res.json().await.unwrap();
    let teen_code = w["booking_code"].as_str().unwrap().to_owned();
    let res = examine(
        &app,
        &f.sup,
        &teen_code,
        json!({"result": "approved", "report_number": "BAP-52"}),
    )
    .await;
    let b: Value = res.json().await.unwrap();
    assert_eq!(b["payment"]["amount"], 950_000 + 500_000, "{b}");
    assert_eq!(b["validity_years"], 10);

    // Refused: the booking ends without a bill.
    let res = walk_in(
        &app,
        &f.officer,
        json!({"applicant": adult, "service": "replacement_damaged", "passport_type": "regular"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let w: Value = res.json().await.unwrap();
    assert!(w["ticket"].as_str().unwrap().starts_with('A'));
    let code = w["booking_code"].as_str().unwrap().to_owned();
    let res = examine(
        &app,
        &f.officer,
        &code,
        json!({"result": "refused", "report_number": "BAP 51"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let b: Value = res.json().await.unwrap();
    assert_eq!(b["status"], "refused");
    assert!(b.get("payment").is_none(), "{b}");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM bills WHERE object_id IN
             (SELECT id FROM passport_bookings WHERE status = 'refused')"
        )
        .await,
        0
    );
    // Refused is final; the person may walk in again another time.
    let res = examine(
        &app,
        &f.officer,
        &code,
        json!({"result": "approved", "report_number": "BAP 51"}),
    )
    .await;
    assert_eq!(
        error_code(res).await,
        (409, "transition_not_allowed".into())
    );
}
both_databases!(damaged_passport_rules_and_refusal);

async fn officers_register_and_examine_through_the_pages(app: TestApp) {
    use crate::helpers::pages::{page, post_form};
    let f = setup(&app).await;
    let citizen = app.citizen("warga.halaman@example.id").await;
    let (status, html) = page(&app, "/offices/BATAM/counter?c=1", "en", Some(&f.officer)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Lost passport (examined first)"), "{html}");
    assert!(html.contains(r#"href="/passport/examination""#), "{html}");
    assert_eq!(
        page(&app, "/offices/BATAM/counter?c=1", "id", Some(&f.officer))
            .await
            .0,
        200
    );

    // A 16-year-old, unmarried, asks for ten years: refused on the form.
    let teen = years_ago(16).to_string();
    let teen_nik = crate::helpers::floor::nik_born(years_ago(16), false, 61);
    let form = |nik: &str, birth: &str, validity: &str| {
        vec![
            ("counter", "1".to_owned()),
            ("reason", "replacement_lost".to_owned()),
            ("nik", nik.to_owned()),
            ("full_name", "Rina Putri".to_owned()),
            ("birth_date", birth.to_owned()),
            ("sex", "M".to_owned()),
            ("passport_type", "regular".to_owned()),
            ("validity_years", validity.to_owned()),
        ]
    };
    let owned = form(&teen_nik, &teen, "10");
    let fields: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, html) = post_form(
        &app,
        "/offices/BATAM/counter/walk-ins",
        Some(&f.officer),
        None,
        &fields,
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("Paspor 10 tahun hanya diberikan"), "{html}");

    let owned = form(&teen_nik, &teen, "5");
    let fields: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, _) = post_form(
        &app,
        "/offices/BATAM/counter/walk-ins",
        Some(&f.officer),
        None,
        &fields,
    )
    .await;
    assert_eq!(status, 303);
    let prefix = "/offices/BATAM/counter?c=1&done=walk-in-case&t=A001&b=";
    assert!(location.starts_with(prefix), "{location}");
    let code = location[prefix.len()..].to_owned();
    assert_eq!(booking_status(&app, &code).await, "examination");
    let (_, html) = page(&app, &location, "en", Some(&f.officer)).await;
    assert!(
        html.contains(&format!("Booking {code} waits for the examination")),
        "{html}"
    );

    // The examination page: staff only; bad input shown on the form.
    let (status, _) = page(&app, "/passport/examination", "en", Some(&citizen)).await;
    assert_eq!(status, 403);
    let (status, html) = page(&app, "/passport/examination", "en", Some(&f.officer)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Examination report (BAP) number"), "{html}");
    let (status, _, html) = post_form(
        &app,
        "/passport/examination",
        Some(&f.officer),
        None,
        &[
            ("code", &code),
            ("result", "approved"),
            ("report_number", ""),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        html.contains("Isi nomor Berita Acara Pemeriksaan"),
        "{html}"
    );
    assert_eq!(booking_status(&app, &code).await, "examination");

    let (status, location, _) = post_form(
        &app,
        "/passport/examination",
        Some(&f.officer),
        None,
        &[
            ("code", &code.to_lowercase()),
            ("result", "approved"),
            ("report_number", "BAP/0061/IMI.5/2026"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        location,
        format!("/passport/examination?code={code}&done=1")
    );
    assert_eq!(booking_status(&app, &code).await, "awaiting_payment");
    let b = get_booking(&app, &f.officer, &code).await;
    let billing_code = b["payment"]["billing_code"].as_str().unwrap().to_owned();
    let (status, html) = page(&app, &location, "en", Some(&f.officer)).await;
    assert_eq!(status, 200);
    assert!(html.contains(&billing_code), "{html}");
    assert!(html.contains("check in at the kiosk"), "{html}");

    // Recorded once only.
    let (status, _, html) = post_form(
        &app,
        "/passport/examination",
        Some(&f.officer),
        None,
        &[
            ("code", &code),
            ("result", "refused"),
            ("report_number", "BAP/0061/IMI.5/2026"),
        ],
    )
    .await;
    assert_eq!(status, 409);
    assert!(
        html.contains("hanya pemohon yang menunggu pemeriksaan"),
        "{html}"
    );
}
both_databases!(officers_register_and_examine_through_the_pages);

/// The daily cap is on priority walk-ins: a lost passport's walk-in does
/// not use it up.
async fn replacements_do_not_use_the_priority_cap(app: TestApp) {
    let f = setup(&app).await;
    let res = crate::helpers::put_json(
        &app,
        "/api/v1/offices/BATAM/floor/settings",
        Some(&f.sup),
        &json!({"walk_in_daily_cap": 1}),
    )
    .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = walk_in(&app, &f.officer, lost(person(years_ago(30), false, 81))).await;
    assert_eq!(res.status(), 201);
    let elderly =
        json!({"applicant": person(years_ago(70), false, 82), "priority_reason": "elderly"});
    let res = walk_in(&app, &f.officer, elderly).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let again =
        json!({"applicant": person(years_ago(71), false, 83), "priority_reason": "elderly"});
    let res = walk_in(&app, &f.officer, again).await;
    assert_eq!(error_code(res).await, (409, "priority_cap_reached".into()));
}
both_databases!(replacements_do_not_use_the_priority_cap);

//! Issue 14: products and fees as data (PP 45/2024), the booking's
//! validity, purpose and marriage, the 10-year rule at the 17th birthday in
//! the office's zone, priority sessions from the NIK's age, lost and
//! damaged passports at the counter only, and the simulated bank refusing
//! an expired billing code.

use imigrasi_passport::domain::PassportType;
use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::pages::{page_as, post_form};
use crate::helpers::passport::{days_ahead, slot};
use crate::helpers::{TestApp, count, error_code, today};

/// A NIK (Jakarta Pusat) of a man born on `birth` with `serial`.
fn nik_born(birth: jiff::civil::Date, serial: u32) -> String {
    format!(
        "317101{:02}{:02}{:02}{serial:04}",
        birth.day(),
        birth.month(),
        birth.year() % 100
    )
}

fn person(birth: jiff::civil::Date, serial: u32) -> Value {
    json!({"nik": nik_born(birth, serial), "full_name": "Budi Santoso",
           "birth_date": birth.to_string(), "sex": "M"})
}

fn years_before(d: jiff::civil::Date, years: i16) -> jiff::civil::Date {
    d.checked_sub(jiff::Span::new().years(years)).unwrap()
}

fn next_day(d: jiff::civil::Date) -> jiff::civil::Date {
    d.checked_add(jiff::Span::new().days(1)).unwrap()
}

/// A session of `category` at BATAM `days` ahead; returns its id.
async fn session(app: &TestApp, sup: &str, days: i64, category: &str) -> String {
    let body = json!({"date": days_ahead(days), "start": "08:00", "end": "10:00", "category": category, "capacity": 20});
    let res = app
        .post_json("/api/v1/offices/BATAM/slots", Some(sup), &body)
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn book_with(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.post_json("/api/v1/passport/bookings", Some(token), &body)
        .await
}

async fn bookings(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) AS n FROM passport_bookings").await
}

async fn products_and_every_fee(app: TestApp) {
    let res = app
        .get("/api/v1/passport/products?office=BATAM", None)
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        v["products"],
        json!([
            {"passport_type": "regular", "validity_years": 5, "fee": 350000},
            {"passport_type": "regular", "validity_years": 10, "fee": 650000},
            {"passport_type": "electronic", "validity_years": 5, "fee": 650000},
            {"passport_type": "electronic", "validity_years": 10, "fee": 950000},
        ])
    );
    assert_eq!(
        v["surcharges"],
        json!([
            {"service": "replacement_lost", "amount": 1000000},
            {"service": "replacement_damaged", "amount": 500000},
        ])
    );
    assert_eq!(v["accelerated_fee"], 1000000);
    let res = app
        .get("/api/v1/passport/products?office=NOWHERE", None)
        .await;
    assert_eq!(error_code(res).await.0, 404);

    // Each product's fee is the booking's payment amount; a same-day
    // (accelerated) session adds Rp 1,000,000.
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let regular = session(&app, &sup, 2, "regular").await;
    let accelerated = session(&app, &sup, 2, "accelerated").await;
    let ani = app.citizen("ani@example.id").await;
    let budi = app.citizen("budi@example.id").await;
    let adult = jiff::civil::date(1990, 3, 12);
    let cases = [
        (&ani, &regular, "regular", 5, "tourism", 350_000),
        (&ani, &regular, "regular", 10, "umrah", 650_000),
        (&ani, &regular, "electronic", 5, "hajj", 650_000),
        (&ani, &regular, "electronic", 10, "work", 950_000),
        (&budi, &accelerated, "regular", 5, "study", 1_350_000),
        (&budi, &accelerated, "electronic", 10, "medical", 1_950_000),
    ];
    for (serial, (token, slot_id, passport, years, purpose, fee)) in (1..).zip(cases) {
        let res = book_with(
            &app,
            token,
            json!({"slot_id": slot_id, "applicant": person(adult, serial), "passport_type": passport,
                   "validity_years": years, "purpose": purpose, "service": "renewal"}),
        )
        .await;
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["payment"]["amount"], fee, "{passport} {years}");
        let code = v["code"].as_str().unwrap();
        let shown: Value = app
            .get(&format!("/api/v1/passport/bookings/{code}"), Some(token))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(shown["validity_years"], years);
        assert_eq!(shown["purpose"], purpose);
        assert_eq!(shown["applicant"]["married"], false);
        assert_eq!(shown["service"], "renewal");
    }
    // An old client (no validity, purpose, married): 5 years, other.
    let res = book_with(
        &app,
        &budi,
        json!({"slot_id": regular, "applicant": person(adult, 7), "passport_type": "regular", "service": "data_change"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        (&v["validity_years"], &v["purpose"], &v["payment"]["amount"]),
        (&json!(5), &json!("other"), &json!(350_000))
    );
    // Unknown validity or purpose: invalid_input, nothing written.
    let before = bookings(&app).await;
    for extra in [json!({"validity_years": 7}), json!({"purpose": "holiday"})] {
        let mut body = json!({"slot_id": regular, "applicant": person(adult, 8), "passport_type": "regular", "service": "new"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let res = book_with(&app, &budi, body).await;
        assert_eq!(error_code(res).await, (422, "invalid_input".into()));
    }

    // An electronic-only office offers only e-passports.
    imigrasi_passport::store::products::restrict_office(
        &app.state.db,
        "BATAM",
        &[PassportType::Electronic],
    )
    .await
    .unwrap();
    let v: Value = app
        .get("/api/v1/passport/products?office=batam", None)
        .await
        .json()
        .await
        .unwrap();
    let types: Vec<&str> = v["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["passport_type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["electronic", "electronic"]);
    let res = book_with(
        &app,
        &budi,
        json!({"slot_id": regular, "applicant": person(adult, 9), "passport_type": "regular", "service": "new"}),
    )
    .await;
    assert_eq!(error_code(res).await, (422, "product_not_offered".into()));
    assert_eq!(bookings(&app).await, before);
}
both_databases!(products_and_every_fee);

async fn ten_years_from_the_seventeenth_birthday(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let regular = session(&app, &sup, 3, "regular").await;
    let token = app.citizen("ibu@example.id").await;
    // Today in BATAM's zone (WIB).
    let seventeen = years_before(today(), 17);
    let body = |birth, serial, married: bool| {
        let mut applicant = person(birth, serial);
        applicant["married"] = json!(married);
        json!({"slot_id": regular, "applicant": applicant, "passport_type": "electronic",
               "validity_years": 10, "service": "new"})
    };
    let res = book_with(&app, &token, body(next_day(seventeen), 1, false)).await;
    let before = bookings(&app).await;
    let (status, code) = error_code(res).await;
    assert_eq!((status, code.as_str()), (422, "validity_not_allowed"));
    assert_eq!(before, 0);
    let res = book_with(&app, &token, body(seventeen, 2, false)).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let res = book_with(&app, &token, body(next_day(seventeen), 3, true)).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["applicant"]["married"], true);
    assert_eq!(v["payment"]["amount"], 950_000);
}
both_databases!(ten_years_from_the_seventeenth_birthday);

async fn priority_from_sixty_or_under_five(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let priority = session(&app, &sup, 4, "priority").await;
    let token = app.citizen("keluarga@example.id").await;
    // Ages on the appointment's date.
    let day: jiff::civil::Date = days_ahead(4).parse().unwrap();
    let cases = [
        (years_before(day, 60), 1, true),
        (next_day(years_before(day, 60)), 2, false),
        (next_day(years_before(day, 5)), 3, true),
        (years_before(day, 5), 4, false),
    ];
    for (birth, serial, eligible) in cases {
        let res = book_with(
            &app,
            &token,
            json!({"slot_id": priority, "applicant": person(birth, serial), "passport_type": "regular", "service": "new"}),
        )
        .await;
        if eligible {
            assert_eq!(res.status(), 201, "{birth}: {}", res.text().await.unwrap());
        } else {
            assert_eq!(
                error_code(res).await,
                (422, "priority_not_eligible".into()),
                "{birth}"
            );
        }
    }
    assert_eq!(bookings(&app).await, 2);
}
both_databases!(priority_from_sixty_or_under_five);

async fn lost_and_damaged_are_walk_in_only(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let regular = slot(&app, &sup, &days_ahead(2), "10:00", "12:00", 5, None).await;
    let accelerated = session(&app, &sup, 2, "accelerated").await;
    let token = app.citizen("hilang@example.id").await;
    let adult = jiff::civil::date(1985, 6, 1);
    for (service, needs) in [
        ("replacement_lost", "kepolisian"),
        ("replacement_damaged", "paspor yang rusak"),
    ] {
        let res = book_with(
            &app,
            &token,
            json!({"slot_id": regular, "applicant": person(adult, 1), "passport_type": "regular", "service": service}),
        )
        .await;
        assert_eq!(res.status(), 422);
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["error"]["code"], "walk_in_only");
        let message = v["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(needs) && message.contains("e-KTP"),
            "{message}"
        );
        let res = book_with(
            &app,
            &token,
            json!({"slot_id": accelerated, "applicant": person(adult, 1), "passport_type": "regular", "service": service}),
        )
        .await;
        assert_eq!(
            error_code(res).await,
            (422, "not_allowed_for_service".into())
        );
    }
    assert_eq!(bookings(&app).await, 0);
}
both_databases!(lost_and_damaged_are_walk_in_only);

fn demo(c: &mut imigrasi_platform::Config) {
    c.demo = true;
}

async fn the_bank_refuses_an_expired_billing_code(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let regular = session(&app, &sup, 2, "regular").await;
    let token = app.citizen("telat@example.id").await;
    let res = book_with(
        &app,
        &token,
        json!({"slot_id": regular, "applicant": person(jiff::civil::date(1990, 3, 12), 1), "passport_type": "regular", "service": "new"}),
    )
    .await;
    let v: Value = res.json().await.unwrap();
    let bill = v["payment"]["billing_code"].as_str().unwrap().to_owned();
    // The deadline passed (the expiry worker has not run yet).
    db::exec(
        &app.state.db,
        "UPDATE bills SET expires_at = 0 WHERE billing_code = $1",
        [bill.clone().into()],
    )
    .await
    .unwrap();
    let (status, _, html) = post_form(
        &app,
        "/demo/bank/pay",
        None,
        None,
        &[("code", bill.as_str())],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("sudah kedaluwarsa"), "{html}");
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM bills WHERE billing_code = '{bill}'
                 AND (ntpn IS NOT NULL OR status <> 'unpaid')"
            )
        )
        .await,
        0
    );
    let shown: Value = app
        .get(
            &format!("/api/v1/passport/bookings/{}", v["code"].as_str().unwrap()),
            Some(&token),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(shown["status"], "awaiting_payment");
}
both_databases!(the_bank_refuses_an_expired_billing_code, demo);

async fn the_form_books_validity_purpose_and_marriage(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let regular = session(&app, &sup, 2, "regular").await;
    let token = app.citizen("form@example.id").await;
    let cookie = app.page_login("form@example.id", "correct horse 1").await;
    let (status, html) = page_as(
        &app,
        &format!("/passport/book?slot={regular}"),
        "id",
        None,
        Some(&cookie),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"validity_years\"") && html.contains("name=\"purpose\""));
    assert!(!html.contains("value=\"replacement_lost\""));
    let young = next_day(years_before(today(), 17));
    let (nik, birth) = (nik_born(young, 1), young.to_string());
    let mut form = vec![
        ("slot", regular.as_str()),
        ("nik", nik.as_str()),
        ("full_name", "Budi Santoso"),
        ("birth_date", birth.as_str()),
        ("sex", "M"),
        ("passport_type", "electronic"),
        ("service", "new"),
        ("validity_years", "10"),
        ("purpose", "umrah"),
    ];
    // Under 17 and not married: refused on the form, nothing written.
    let (status, _, html) = post_form(&app, "/passport/book", None, Some(&cookie), &form).await;
    assert_eq!(status, 422);
    assert!(html.contains("Paspor 10 tahun hanya diberikan"), "{html}");
    assert_eq!(bookings(&app).await, 0);
    form.push(("married", "yes"));
    let (status, location, _) = post_form(&app, "/passport/book", None, Some(&cookie), &form).await;
    assert_eq!(status, 303);
    let code = location
        .strip_prefix("/passport/bookings/")
        .and_then(|r| r.strip_suffix("?done=booked"))
        .unwrap()
        .to_owned();
    let (_, html) = page_as(&app, &location, "en", None, Some(&cookie)).await;
    assert!(
        html.contains("10 years") && html.contains("Umrah"),
        "{html}"
    );
    let v: Value = app
        .get(&format!("/api/v1/passport/bookings/{code}"), Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            &v["validity_years"],
            &v["purpose"],
            &v["applicant"]["married"]
        ),
        (&json!(10), &json!("umrah"), &json!(true))
    );
    assert_eq!(v["payment"]["amount"], 950_000);
}
both_databases!(the_form_books_validity_purpose_and_marriage);

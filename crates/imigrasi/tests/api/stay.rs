//! The stay-permit register: staff of the supervising office register a
//! permit; the holder, the sponsor, the office's staff and administrators
//! read it; anyone else gets 404; a permit past its end shows its overstay.

use imigrasi_platform::policy::Role;
use jiff::ToSpan;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::email::{register_foreigner, verify};
use crate::helpers::stay::{get_permit, list_numbers, permit, register, registered};
use crate::helpers::{TestApp, count, error_code};

async fn staff_register_and_parties_read(app: TestApp) {
    let officer = app
        .staff(
            "officer@denpasar.imigrasi.go.id",
            Role::Officer,
            Some("DENPASAR"),
        )
        .await;
    let sponsor_token = app.staff("hr@villa.example.id", Role::Sponsor, None).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let other = app.staff("bob@example.com", Role::Foreigner, None).await;
    let other_sponsor = app.staff("hr@other.example.id", Role::Sponsor, None).await;
    let medan = app
        .staff("officer@medan.imigrasi.go.id", Role::Officer, Some("MEDAN"))
        .await;
    let admin = app
        .staff("admin@imigrasi.go.id", Role::Administrator, None)
        .await;

    let mut body = permit("Jane@Example.com", "PA1234567", "2026-01-01", "2099-12-31");
    body["sponsor_email"] = json!("hr@villa.example.id");
    let v = registered(&app, &officer, &body).await;
    let number = v["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("IT-") && number.len() == 16, "{number}");
    assert_eq!(v["kind"], "ITAS");
    assert_eq!(v["status"], "active");
    assert_eq!(v["office"], "DENPASAR");
    assert_eq!(
        v["address"],
        json!({ "line": "Jl. Raya Sanur 12", "regency": "51.71" })
    );
    assert_eq!(v["holder"]["nationality"], "AUS");
    assert_eq!(v["holder"]["email"], "jane@example.com");
    assert_eq!(v["valid_until"], "2099-12-31");
    assert!(v.get("overstay").is_none(), "{v}");
    assert_eq!(v["history"][0]["what"], "registered");
    assert_eq!(v["history"][0]["role"], "officer");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stay.register'"
        )
        .await,
        1
    );

    // The holder, the sponsor, the office and an administrator see it.
    for token in [&jane, &sponsor_token, &officer, &admin] {
        let res = get_permit(&app, token, &number).await;
        assert_eq!(res.status(), 200);
        assert_eq!(list_numbers(&app, token).await, vec![number.clone()]);
    }
    // Staff reads are audited.
    let reads = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stay.read'";
    assert!(count(&app, reads).await >= 2);

    // Another holder, sponsor and office see nothing.
    for token in [&other, &other_sponsor, &medan] {
        let (status, code) = error_code(get_permit(&app, token, &number).await).await;
        assert_eq!((status, code.as_str()), (404, "not_found"));
    }
    assert!(list_numbers(&app, &other).await.is_empty());
    assert!(list_numbers(&app, &other_sponsor).await.is_empty());
    assert!(list_numbers(&app, &medan).await.is_empty());
    let (status, _) = error_code(get_permit(&app, &jane, "IT-2026-AAAAAAAA").await).await;
    assert_eq!(status, 404);

    // Only staff of the supervising office register.
    let (status, code) = error_code(register(&app, &medan, &body).await).await;
    assert_eq!((status, code.as_str()), (403, "forbidden"));
    let (status, _) = error_code(register(&app, &jane, &body).await).await;
    assert_eq!(status, 403);
}

both_databases!(staff_register_and_parties_read);

async fn a_permit_past_its_end_shows_the_overstay(app: TestApp) {
    let officer = app
        .staff(
            "officer@denpasar.imigrasi.go.id",
            Role::Officer,
            Some("DENPASAR"),
        )
        .await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    // Ten days past its end in WITA (today in WIB may lag a day behind).
    let wita = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get("Asia/Makassar").unwrap())
        .date();
    let until = wita.checked_sub(10.days()).unwrap();
    let from = until.checked_sub(1.year()).unwrap();
    let body = permit(
        "jane@example.com",
        "PB1234567",
        &from.to_string(),
        &until.to_string(),
    );
    let v = registered(&app, &officer, &body).await;
    assert_eq!(
        v["overstay"],
        json!({ "days": 10, "fine": 10_000_000, "deportation": false })
    );
    let number = v["number"].as_str().unwrap();
    let v: Value = get_permit(&app, &jane, number).await.json().await.unwrap();
    assert_eq!(v["overstay"]["days"], 10);
    assert_eq!(v["overstay"]["fine"], 10_000_000);

    // Past the cap: the fine stops at 60 days, deportation is marked.
    let until = wita.checked_sub(75.days()).unwrap();
    let from = until.checked_sub(1.year()).unwrap();
    let body = permit(
        "jane@example.com",
        "PC1234567",
        &from.to_string(),
        &until.to_string(),
    );
    let v = registered(&app, &officer, &body).await;
    assert_eq!(
        v["overstay"],
        json!({ "days": 75, "fine": 60_000_000, "deportation": true })
    );
}

both_databases!(a_permit_past_its_end_shows_the_overstay);

async fn bad_fields_are_named_in_the_callers_language(app: TestApp) {
    let officer = app
        .staff(
            "officer@denpasar.imigrasi.go.id",
            Role::Officer,
            Some("DENPASAR"),
        )
        .await;
    let mut body = permit("nope", "PA1234567", "2026-01-01", "2025-12-31");
    body["kind"] = json!("KITAS");
    body["holder"]["nationality"] = json!("AU");
    body["holder"]["surname"] = json!("");
    body["holder"]["sex"] = json!("X");
    let res = register(&app, &officer, &body).await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_input");
    for f in [
        "kind",
        "holder.nationality",
        "holder.surname",
        "holder.sex",
        "holder.email",
    ] {
        assert!(v["error"]["fields"][f].is_string(), "{f}: {v}");
    }
    assert_eq!(
        v["error"]["fields"]["holder.nationality"],
        "Nilai ini tidak valid; periksa formatnya."
    );

    // In English; an unknown regency and a missing end date.
    let mut body = permit("jane@example.com", "PA1234567", "2026-01-01", "");
    body["address"]["regency"] = json!("99.99");
    body["sponsor_email"] = json!("nobody@example.com");
    let res = app
        .client
        .post(app.url("/api/v1/stay/permits"))
        .bearer_auth(&officer)
        .header("Accept-Language", "en")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        v["error"]["fields"]["address.regency"],
        "No such value is known."
    );
    assert_eq!(
        v["error"]["fields"]["valid_until"],
        "This value is required for this kind of permit."
    );

    // A GCI takes no end date, and gets none.
    let mut body = permit("jane@example.com", "PA1234567", "2026-01-01", "");
    body["kind"] = json!("GCI");
    body["valid_until"] = Value::Null;
    let v: Value = register(&app, &officer, &body).await.json().await.unwrap();
    assert_eq!(v["kind"], "GCI", "{v}");
    assert!(v["valid_until"].is_null());
    assert!(v.get("overstay").is_none());
}

both_databases!(bad_fields_are_named_in_the_callers_language);

async fn staff_search_and_page_their_office(app: TestApp) {
    let officer = app
        .staff(
            "officer@denpasar.imigrasi.go.id",
            Role::Officer,
            Some("DENPASAR"),
        )
        .await;
    let mut numbers = Vec::new();
    for (i, passport) in ["PA1000001", "PA1000002", "PA1000003"].iter().enumerate() {
        let mut body = permit(
            &format!("p{i}@example.com"),
            passport,
            "2026-01-01",
            "2099-12-31",
        );
        if i == 2 {
            body["holder"]["surname"] = json!("Tanaka");
        }
        let v = registered(&app, &officer, &body).await;
        numbers.push(v["number"].as_str().unwrap().to_owned());
    }
    numbers.sort();

    // Pages by number.
    let v: Value = app
        .get("/api/v1/stay/permits?limit=2", Some(&officer))
        .await
        .json()
        .await
        .unwrap();
    let page: Vec<&str> = v["permits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].as_str().unwrap())
        .collect();
    assert_eq!(page, [numbers[0].as_str(), numbers[1].as_str()]);
    assert_eq!(v["next"], numbers[1].as_str());
    assert!(v["permits"][0]["history"].as_array().unwrap().is_empty());
    let v: Value = app
        .get(
            &format!("/api/v1/stay/permits?limit=2&after={}", numbers[1]),
            Some(&officer),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["permits"][0]["number"], numbers[2].as_str());
    assert!(v.get("next").is_none());

    // Search by passport number (any case), surname or permit number.
    let found = |q: String| {
        let (app, officer) = (&app, &officer);
        async move {
            let v: Value = app
                .get(&format!("/api/v1/stay/permits?q={q}"), Some(officer))
                .await
                .json()
                .await
                .unwrap();
            v["permits"].as_array().unwrap().len()
        }
    };
    assert_eq!(found("pa1000002".into()).await, 1);
    assert_eq!(found("tanaka".into()).await, 1);
    assert_eq!(found("smith".into()).await, 2);
    assert_eq!(found(numbers[0].to_lowercase()).await, 1);
    assert_eq!(found("nobody".into()).await, 0);
    let searches = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stay.search'";
    assert_eq!(count(&app, searches).await, 5);
}

both_databases!(staff_search_and_page_their_office);

async fn a_permit_status_changes_only_along_its_edges(app: TestApp) {
    use imigrasi_stay::domain::permit::PermitStatus::{Active, Cancelled, InProcess};
    use imigrasi_stay::store::permits;
    let officer = app
        .staff(
            "officer@denpasar.imigrasi.go.id",
            Role::Officer,
            Some("DENPASAR"),
        )
        .await;
    let body = permit("jane@example.com", "PA1234567", "2026-01-01", "2099-12-31");
    let v = registered(&app, &officer, &body).await;
    let db = &app.state.db;
    let p = permits::find_by_number(db, v["number"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    let now = jiff::Timestamp::now();
    assert!(
        permits::transition(db, &p.id, Active, InProcess, now)
            .await
            .unwrap()
    );
    // Already moved: the same change no longer applies.
    assert!(
        !permits::transition(db, &p.id, Active, InProcess, now)
            .await
            .unwrap()
    );
    assert!(
        permits::transition(db, &p.id, InProcess, Cancelled, now)
            .await
            .unwrap()
    );
    // Not an edge: refused without a write.
    assert!(
        permits::transition(db, &p.id, Cancelled, Active, now)
            .await
            .is_err()
    );
    let v: Value = get_permit(&app, &officer, &p.number)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "cancelled");
}

both_databases!(a_permit_status_changes_only_along_its_edges);

fn half_fines_for_thirty_days(config: &mut imigrasi_platform::Config) {
    use imigrasi_core::Rupiah;
    use imigrasi_stay::app::StaySettings;
    use imigrasi_stay::domain::overstay::OverstayFees;
    config.services.insert(StaySettings {
        overstay: OverstayFees {
            per_day: Rupiah::new(500_000).unwrap(),
            max_days: 30,
        },
        ..StaySettings::default()
    });
}

async fn the_overstay_tariff_is_data(app: TestApp) {
    let officer = app
        .staff(
            "officer@denpasar.imigrasi.go.id",
            Role::Officer,
            Some("DENPASAR"),
        )
        .await;
    let wita = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get("Asia/Makassar").unwrap())
        .date();
    let until = wita.checked_sub(40.days()).unwrap();
    let from = until.checked_sub(1.year()).unwrap();
    let body = permit(
        "jane@example.com",
        "PD1234567",
        &from.to_string(),
        &until.to_string(),
    );
    let v = registered(&app, &officer, &body).await;
    assert_eq!(
        v["overstay"],
        json!({ "days": 40, "fine": 15_000_000, "deportation": true })
    );
}

both_databases!(the_overstay_tariff_is_data, half_fines_for_thirty_days);

/// Registering an account with the holder's e-mail proves nothing: until
/// the address is verified the permit stays hidden (404, empty list).
async fn an_unverified_email_sees_no_permit(app: TestApp) {
    let officer = app
        .staff(
            "officer@denpasar.imigrasi.go.id",
            Role::Officer,
            Some("DENPASAR"),
        )
        .await;
    let body = permit("ken@example.com", "PB7654321", "2026-01-01", "2099-12-31");
    let v = registered(&app, &officer, &body).await;
    let number = v["number"].as_str().unwrap().to_owned();
    let token = register_foreigner(&app, "ken@example.com").await;
    assert_eq!(
        error_code(get_permit(&app, &token, &number).await).await,
        (404, "not_found".to_owned())
    );
    assert!(list_numbers(&app, &token).await.is_empty());
    verify(&app, &token, "ken@example.com").await;
    assert_eq!(get_permit(&app, &token, &number).await.status(), 200);
    assert_eq!(list_numbers(&app, &token).await, vec![number]);
}
both_databases!(an_unverified_email_sees_no_permit);

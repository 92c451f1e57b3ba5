//! Appearances on the application page (the officer asks, the holder sees
//! the kiosk code and books a session) and mandatory reports on the permit
//! page; refusals in words, both languages.

use imigrasi_platform::policy::Role;
use serde_json::json;

use crate::both_databases;
use crate::helpers::TestApp;
use crate::helpers::pages::form_en as form;
use crate::helpers::pages::page;
use crate::helpers::stay::{
    applied, attach_documents, denpasar_staff, permit, plus_days, registered, submit, today_in,
};

fn working_day() -> String {
    let mut d = today_in("Asia/Makassar")
        .checked_add(jiff::Span::new().days(1))
        .unwrap();
    while matches!(
        d.weekday(),
        jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
    ) {
        d = d.checked_add(jiff::Span::new().days(1)).unwrap();
    }
    d.to_string()
}

async fn an_appearance_is_asked_and_booked_on_the_pages(app: TestApp) {
    let (officer, _) = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let until = plus_days(today_in("Asia/Makassar"), 20);
    let p = registered(
        &app,
        &officer,
        &permit("jane@example.com", "PQ1000001", "2026-01-01", &until),
    )
    .await;
    let rn = applied(
        &app,
        &jane,
        &json!({ "kind": "extension", "permit_number": p["number"] }),
    )
    .await;
    attach_documents(
        &app,
        &jane,
        &rn,
        &[
            "passport_bio_page",
            "stay_sponsor_letter",
            "residence_letter",
        ],
    )
    .await;
    let (code, amount, _) = submit(&app, &jane, &rn).await;
    assert_eq!(
        crate::helpers::passport::pay(&app, &code, amount, "STAYPAGEAPPEAR01")
            .await
            .status(),
        200
    );
    let path = format!("/stay/applications/{rn}");
    // The officer is offered the request; the holder is not.
    let (_, html) = page(&app, &path, "en", Some(&officer)).await;
    assert!(html.contains("id=\"ask-appearance\""), "{html}");
    let (_, html) = page(&app, &path, "en", Some(&jane)).await;
    assert!(!html.contains("id=\"ask-appearance\""));
    let (status, location, _) = form(
        &app,
        &officer,
        &format!("{path}/appearance"),
        &[("purpose", "biometrics")],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{path}?done=appearance_asked").as_str())
    );
    // The holder sees the kiosk code and the booking form, in both languages.
    let (_, html) = page(&app, &path, "id", Some(&jane)).await;
    assert!(
        html.contains("Foto dan sidik jari") && html.contains("Menunggu pemesanan waktu"),
        "{html}"
    );
    let (_, html) = page(&app, &path, "en", Some(&jane)).await;
    let code = html
        .split("class=\"code\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    assert!(code.starts_with("AP-"), "{code}");
    assert!(html.contains("id=\"book-appearance\""));
    // A day the office is closed: refused in words.
    let today = today_in("Asia/Makassar").to_string();
    let booking = format!("{path}/appearances/{code}");
    let (status, _, html) = form(
        &app,
        &jane,
        &booking,
        &[("date", &today), ("session", "morning")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("Choose a working day"), "{html}");
    let day = working_day();
    let (status, location, _) = form(
        &app,
        &jane,
        &booking,
        &[("date", &day), ("session", "morning")],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{path}?done=appearance_booked").as_str())
    );
    let (_, html) = page(
        &app,
        &format!("{path}?done=appearance_booked"),
        "en",
        Some(&jane),
    )
    .await;
    assert!(
        html.contains("Your time at the office is booked")
            && html.contains(&format!("{day} · Morning")),
        "{html}"
    );
    assert!(!html.contains("id=\"book-appearance\""));
}

both_databases!(an_appearance_is_asked_and_booked_on_the_pages);

async fn a_holder_reports_a_new_address_on_the_permit_page(app: TestApp) {
    let (officer, _) = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let bob = app.staff("bob@example.com", Role::Foreigner, None).await;
    let until = plus_days(today_in("Asia/Makassar"), 200);
    let p = registered(
        &app,
        &officer,
        &permit("jane@example.com", "PR1000001", "2026-01-01", &until),
    )
    .await;
    let number = p["number"].as_str().unwrap().to_owned();
    let path = format!("/stay/permits/{number}");
    let (_, html) = page(&app, &path, "id", Some(&jane)).await;
    assert!(html.contains("Laporkan perubahan") && html.contains("id=\"report-address-change\""));
    // Another holder cannot report on it.
    let reports = format!("{path}/reports");
    let fields = [
        ("kind", "address_change"),
        ("line", "Jl. Gatot Subroto 5"),
        ("regency", "12.71"),
    ];
    let (status, _, _) = form(&app, &bob, &reports, &fields).await;
    assert_eq!(status, 404);
    // An unknown regency is named next to its field; nothing moves.
    let bad = [
        ("kind", "address_change"),
        ("line", "Jl. Gatot Subroto 5"),
        ("regency", "99.99"),
    ];
    let (status, _, html) = form(&app, &jane, &reports, &bad).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"report-regency-error\""), "{html}");
    let (status, location, _) = form(&app, &jane, &reports, &fields).await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{path}#history").as_str())
    );
    let (_, html) = page(&app, &path, "en", Some(&jane)).await;
    assert!(html.contains("LAP-") && html.contains("MEDAN"), "{html}");
    let (status, _, _) = form(
        &app,
        &jane,
        &reports,
        &[
            ("kind", "job"),
            ("employer", "PT Maju"),
            ("position", "Engineer"),
        ],
    )
    .await;
    assert_eq!(status, 303);
}

both_databases!(a_holder_reports_a_new_address_on_the_permit_page);

//! Issue 15, part 3, the pages: an office's lotteries and a supervisor's
//! form creating one; a citizen enters a lottery through its page (errors
//! in both languages), sees their entries and withdraws them.

use imigrasi_platform::policy::Role;
use serde_json::Value;

use crate::both_databases;
use crate::helpers::TestApp;
use crate::helpers::pages::{form_en, page_as, post_form};
use crate::helpers::passport::{days_ahead, nik, slot};

fn entry_form<'a>(nik: &'a str, date_key: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("nik", nik),
        ("full_name", "Budi Santoso"),
        ("birth_date", "1990-03-12"),
        ("sex", "M"),
        ("passport_type", "regular"),
        ("service", "new"),
        (date_key, "yes"),
    ]
}

async fn lottery_pages_create_enter_and_withdraw(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let day = days_ahead(5);
    let s = slot(&app, &sup, &day, "08:00", "10:00", 2, None).await;
    let ani = app.citizen("ani@example.id").await;
    let office_path = "/passport/offices/BATAM/lotteries";

    // The supervisor's form lists the session; a citizen may not create.
    let (status, html) = page_as(&app, office_path, "id", Some(&sup), None).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("slot-{s}")) && html.contains("closes_at"));
    let (_, html) = page_as(&app, office_path, "id", Some(&ani), None).await;
    assert!(!html.contains("closes_at"));
    let slot_key = format!("slot-{s}");
    let tz = jiff::tz::TimeZone::get("Asia/Jakarta").unwrap();
    let closes = tz
        .to_datetime(jiff::Timestamp::now() + jiff::SignedDuration::from_hours(2))
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    let (status, _, _) = post_form(
        &app,
        office_path,
        Some(&ani),
        None,
        &[(slot_key.as_str(), "yes"), ("closes_at", &closes)],
    )
    .await;
    assert_eq!(status, 403);
    // No session chosen: the form again, the error in the visitor's language.
    let (status, _, html) = post_form(
        &app,
        office_path,
        Some(&sup),
        None,
        &[("closes_at", &closes)],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("Berikan sesi"), "{html}");
    let (status, _, html) = form_en(&app, &sup, office_path, &[("closes_at", "soon")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("Give the sessions"), "{html}");
    let (status, location, _) = post_form(
        &app,
        office_path,
        Some(&sup),
        None,
        &[(slot_key.as_str(), "yes"), ("closes_at", &closes)],
    )
    .await;
    assert_eq!(status, 303);
    assert!(location.ends_with("?done=created"), "{location}");
    let id = location
        .trim_start_matches("/passport/lotteries/")
        .trim_end_matches("?done=created")
        .to_owned();
    let lot: Value = app
        .get(&format!("/api/v1/passport/lotteries/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(lot["places"], 2);
    // The public list links to it.
    let (_, html) = page_as(&app, office_path, "en", None, None).await;
    assert!(html.contains(&format!("/passport/lotteries/{id}")));

    // A visitor is asked to log in; a citizen gets the form.
    let path = format!("/passport/lotteries/{id}");
    let (_, html) = page_as(&app, &path, "id", None, None).await;
    assert!(html.contains("/login?next=") && !html.contains("/enter\""));
    let (_, html) = page_as(&app, &path, "id", Some(&ani), None).await;
    assert!(html.contains(&format!("{path}/enter")) && html.contains(&format!("date-{day}")));

    // Refusals next to their fields, in both languages; nothing entered.
    let enter_path = format!("{path}/enter");
    let nik1 = nik(1);
    let mut bad = entry_form(&nik1, "nothing");
    bad[1] = ("full_name", "");
    let (status, _, html) = post_form(&app, &enter_path, Some(&ani), None, &bad).await;
    assert_eq!(status, 422);
    assert!(html.contains("Pilih setidaknya satu tanggal"), "{html}");
    assert!(html.contains("full_name-error"), "{html}");
    let (status, _, html) = form_en(&app, &ani, &enter_path, &bad).await;
    assert_eq!(status, 422);
    assert!(html.contains("Choose at least one date"), "{html}");
    let res = app
        .client
        .post(app.url(&enter_path))
        .bearer_auth(&ani)
        .form(&[("nik", nik1.as_str()), ("full_name", "Budi\u{1}Santoso")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(lot_entries(&app, &id).await, 0);

    // Entering; the page shows the entry; the same NIK twice is refused.
    let date_key = format!("date-{day}");
    let form = entry_form(&nik1, &date_key);
    let (status, location, _) = post_form(&app, &enter_path, Some(&ani), None, &form).await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{path}?done=entered").as_str())
    );
    assert_eq!(lot_entries(&app, &id).await, 1);
    let (_, html) = page_as(
        &app,
        &format!("{path}?done=entered"),
        "en",
        Some(&ani),
        None,
    )
    .await;
    assert!(html.contains("You entered the lottery") && html.contains("Waiting for the draw"));
    assert!(html.contains(&format!("{path}/withdraw")));
    let (status, _, html) = form_en(&app, &ani, &enter_path, &form).await;
    assert_eq!(status, 409);
    assert!(html.contains("This NIK has already entered"), "{html}");

    // Withdrawing.
    let (status, location, _) =
        post_form(&app, &format!("{path}/withdraw"), Some(&ani), None, &[]).await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{path}?done=withdrawn").as_str())
    );
    assert_eq!(lot_entries(&app, &id).await, 0);
    let (_, html) = page_as(&app, &path, "id", Some(&ani), None).await;
    assert!(!html.contains(&format!("{path}/withdraw")));
}

async fn lot_entries(app: &TestApp, id: &str) -> i64 {
    let lot: Value = app
        .get(&format!("/api/v1/passport/lotteries/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    lot["entries"].as_i64().unwrap()
}

both_databases!(lottery_pages_create_enter_and_withdraw);

//! The supervisor's quota page and its forms.

use imigrasi_platform::policy::Role;
use jiff::civil::Weekday;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::TestApp;
use crate::helpers::quota::*;

async fn supervisor_pages(app: TestApp) {
    let res = app.get("/offices/BATAM/quota", None).await;
    assert_eq!(res.status(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login?next=")
    );
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let medan = app
        .staff("sup@medan.go.id", Role::Supervisor, Some("MEDAN"))
        .await;
    assert_eq!(
        app.get("/offices/BATAM/quota", Some(&medan)).await.status(),
        403
    );
    let res = app.get("/offices/BATAM/quota", Some(&sup)).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    for needle in [
        "<label class=\"sr-only\" for=\"s0-weekday\">",
        "name=\"s34_capacity\"",
        "name=\"s39_capacity\"",
        "<label for=\"set-at\">",
        "<label for=\"exc-date\">",
        "scope=\"col\"",
    ] {
        assert!(html.contains(needle), "{needle}");
    }

    let post = |path: &str, form: Vec<(String, String)>| {
        app.client
            .post(app.url(path))
            .bearer_auth(&sup)
            .header("accept-language", "en")
            .form(&form)
            .send()
    };
    let row = |n: usize, w: &str, s: &str, e: &str, c: &str, cap: &str| {
        vec![
            (format!("s{n}_weekday"), w.to_owned()),
            (format!("s{n}_start"), s.to_owned()),
            (format!("s{n}_end"), e.to_owned()),
            (format!("s{n}_category"), c.to_owned()),
            (format!("s{n}_capacity"), cap.to_owned()),
        ]
    };
    // Overlapping rows: 422 with the problem at the top and by the row.
    let mut form = row(0, "monday", "08:00", "10:00", "regular", "40");
    form.extend(row(1, "", "", "", "", ""));
    form.extend(row(2, "monday", "09:00", "11:00", "regular", "40"));
    let res = post("/offices/BATAM/quota/template", form).await.unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("href=\"#s2-start\""), "{html}");
    assert!(html.contains("overlap on Monday"), "{html}");
    assert!(html.contains("id=\"s2-error\""));

    // A valid form: row 1 has capacity 0 and is removed.
    let mut form = row(0, "monday", "08:00", "10:00", "regular", "40");
    form.extend(row(1, "monday", "10:00", "12:00", "regular", "0"));
    form.extend(row(2, "friday", "13:00", "15:00", "priority", "6"));
    let res = post("/offices/BATAM/quota/template", form).await.unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/offices/BATAM/quota?done=template");
    let v: Value = app.get(TEMPLATE, Some(&sup)).await.json().await.unwrap();
    assert_eq!(
        v["sessions"],
        json!([
            session("monday", "08:00", "10:00", "regular", 40),
            session("friday", "13:00", "15:00", "priority", 6)
        ])
    );
    let html = app
        .client
        .get(app.url(&location))
        .bearer_auth(&sup)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("The weekly template was saved"));

    let settings = vec![
        ("kind".to_owned(), "weekly".to_owned()),
        ("weekday".to_owned(), "thursday".to_owned()),
        ("at".to_owned(), "10:00".to_owned()),
        ("opens_from_days".to_owned(), "7".to_owned()),
        ("opens_to_days".to_owned(), "13".to_owned()),
        ("min_lead_minutes".to_owned(), "abc".to_owned()),
        ("max_advance_days".to_owned(), "60".to_owned()),
    ];
    let res = post("/offices/BATAM/quota/settings", settings.clone())
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("href=\"#set-min_lead_minutes\"")
    );
    let mut settings = settings;
    settings[5].1 = "60".to_owned();
    let res = post("/offices/BATAM/quota/settings", settings)
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let v: Value = app.get(SETTINGS, Some(&sup)).await.json().await.unwrap();
    assert_eq!(v["release_rule"]["weekday"], "thursday");
    assert_eq!(v["min_lead_minutes"], 60);

    let day = next_weekday(4, Weekday::Friday).to_string();
    let exception = vec![
        ("date".to_owned(), day.clone()),
        ("kind".to_owned(), "closed".to_owned()),
        ("category".to_owned(), String::new()),
        ("note".to_owned(), "Cuti bersama".to_owned()),
    ];
    let res = post("/offices/BATAM/quota/exceptions", exception)
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let list: Value = app.get(EXCEPTIONS, Some(&sup)).await.json().await.unwrap();
    let id = list["exceptions"][0]["id"].as_str().unwrap().to_owned();
    let res = post(
        &format!("/offices/BATAM/quota/exceptions/{id}/delete"),
        vec![],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 303);
    let list: Value = app.get(EXCEPTIONS, Some(&sup)).await.json().await.unwrap();
    assert!(list["exceptions"].as_array().unwrap().is_empty());
}
both_databases!(supervisor_pages);

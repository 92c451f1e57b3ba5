//! APOA supervision alerts: each kind fires on a crafted stay and not on
//! a clean one (visas and stay permits crafted through their APIs, dates
//! in the past set in the database); officers of another office see
//! none, administrators all, lodgings and citizens are refused.

use imigrasi_platform::policy::Role;
use serde_json::Value;

use crate::both_databases;
use crate::helpers::apoa_watch::{Area, area, guest, lodge, sql};
use crate::helpers::stay::{permit_ending_in, plus_days, registered_number, wita_today};
use crate::helpers::visa::{
    applicant, apply, created, decide, get_case, submit_and_pay, upload_all,
};
use crate::helpers::{TestApp, count};

async fn alerts(app: &TestApp, token: &str, query: &str, lang: &str) -> (u16, Value) {
    let res = app
        .client
        .get(app.url(&format!("/api/v1/apoa/alerts{query}")))
        .bearer_auth(token)
        .header("accept-language", lang)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The kinds of the alerts about `stay`, sorted.
fn kinds(v: &Value, stay: &str) -> Vec<String> {
    let mut k: Vec<String> = v["alerts"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .filter(|a| a["stay_id"] == stay)
        .map(|a| a["kind"].as_str().unwrap().to_owned())
        .collect();
    k.sort();
    k
}

/// An issued C1 e-Visa for `passport` (AUS); its number.
async fn issued_c1(app: &TestApp, passport: &str) -> String {
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let officer = app
        .staff("officer@ditjen.example.id", Role::Officer, Some("DITJEN"))
        .await;
    let sup = app
        .staff("sup@ditjen.example.id", Role::Supervisor, Some("DITJEN"))
        .await;
    let v = created(apply(app, &jane, "c1", applicant("jane@example.com", passport)).await).await;
    let number = v["register_number"].as_str().unwrap().to_owned();
    upload_all(
        app,
        &jane,
        &number,
        &["passport_bio_page", "photo", "bank_statement"],
    )
    .await;
    submit_and_pay(app, &jane, &number, "APOAWATCH0000001").await;
    let res = decide(app, &officer, &number, "recommend_approve", "").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        decide(app, &sup, &number, "approve", "").await.status(),
        200
    );
    get_case(app, &jane, &number).await["evisa"]["number"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A stay permit (ITAS, address in `51.71` Denpasar) for `passport` whose
/// last day is `days` from today.
async fn itas(app: &TestApp, a: &Area, passport: &str, days: i64) {
    let email = format!("{}@example.com", passport.to_lowercase());
    registered_number(app, &a.denpasar, &permit_ending_in(&email, passport, days)).await;
}

async fn each_alert_fires_on_its_case_only(app: TestApp) {
    let a = area(&app).await;
    let g = |p: &str| guest(p, "Smith", "Jane Mary", "AUS");
    // (a) past the stay permit; a current one is clean.
    itas(&app, &a, "AL000001", -5).await;
    let expired = lodge(&app, &a, &a.sanur, g("AL000001"), 2).await;
    itas(&app, &a, "AL000002", 30).await;
    let clean = lodge(&app, &a, &a.sanur, g("AL000002"), 2).await;
    // (f) a holder registered in Denpasar lodging in Gianyar.
    itas(&app, &a, "AL000003", 30).await;
    let outside = lodge(&app, &a, &a.ubud, g("AL000003"), 2).await;
    // (b) an expired passport.
    let passport = lodge(&app, &a, &a.sanur, g("AL000004"), 2).await;
    sql(
        &app,
        &format!("UPDATE apoa_stays SET passport_expiry = '2020-01-31' WHERE id = '{passport}'"),
    )
    .await;
    // (c) reported 30 hours after the check-in.
    let late = lodge(&app, &a, &a.sanur, g("AL000005"), 30).await;
    // (d) the expected check-out five days ago, still in.
    let overdue = lodge(&app, &a, &a.sanur, g("AL000006"), 2).await;
    let five_ago = plus_days(wita_today(), -5);
    sql(
        &app,
        &format!("UPDATE apoa_stays SET expected_check_out = '{five_ago}' WHERE id = '{overdue}'"),
    )
    .await;
    // (e) three premises within a day; two are clean.
    let m1 = lodge(&app, &a, &a.sanur, g("AL000007"), 12).await;
    let m2 = lodge(&app, &a, &a.ubud, g("AL000007"), 6).await;
    let m3 = lodge(&app, &a, &a.klungkung, g("AL000007"), 1).await;
    let two1 = lodge(&app, &a, &a.sanur, g("AL000008"), 12).await;
    let two2 = lodge(&app, &a, &a.ubud, g("AL000008"), 1).await;
    // (a) an e-Visa not used yet is clean; used 90 days ago, C1's 60 days
    // of stay are over.
    let evisa = issued_c1(&app, "AL000009").await;
    let on_visa = lodge(&app, &a, &a.sanur, g("AL000009"), 2).await;

    let (status, v) = alerts(&app, &a.denpasar, "", "en").await;
    assert_eq!(status, 200, "{v}");
    let none: Vec<String> = Vec::new();
    assert_eq!(kinds(&v, &expired), ["permit_expired"]);
    assert_eq!(kinds(&v, &clean), none);
    assert_eq!(kinds(&v, &outside), ["outside_regency"]);
    assert_eq!(kinds(&v, &passport), ["passport_expired"]);
    assert_eq!(kinds(&v, &late), ["late_report"]);
    assert_eq!(kinds(&v, &overdue), ["no_check_out"]);
    assert_eq!(kinds(&v, &m3), ["many_premises"]);
    for s in [&m1, &m2, &two1, &two2, &on_visa] {
        assert_eq!(kinds(&v, s), none, "{v}");
    }
    assert_eq!(v["total"], 6);
    assert_eq!(v["complete"], true);
    let one = v["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["stay_id"] == expired.as_str())
        .unwrap()
        .clone();
    assert_eq!(one["passport_number"], "AL000001");
    assert_eq!(one["premise_name"], "Wisma Sanur");
    let english = one["reason"].as_str().unwrap().to_owned();
    assert!(english.contains("visa or stay permit"), "{english}");
    let (_, v_id) = alerts(&app, &a.denpasar, "?kind=permit_expired", "id").await;
    let indonesian = v_id["alerts"][0]["reason"].as_str().unwrap().to_owned();
    assert!(indonesian.contains("izin tinggal"), "{indonesian}");
    assert_eq!(v_id["total"], 1);

    sql(
        &app,
        &format!(
            "UPDATE visa_evisas SET status = 'used', entered_at = {} WHERE number = '{evisa}'",
            imigrasi_platform::db::millis(
                jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 90)
            )
        ),
    )
    .await;
    let (_, v) = alerts(&app, &a.denpasar, "", "en").await;
    assert_eq!(kinds(&v, &on_visa), ["permit_expired"]);
    assert_eq!(v["total"], 7);
    // Checked out, the guest raises no lodging alert any more.
    let res = crate::helpers::apoa::check_out(
        &app,
        &a.hotel,
        &overdue,
        &jiff::Timestamp::now().to_string(),
    )
    .await;
    assert_eq!(res.status(), 200);
    let (_, v) = alerts(&app, &a.denpasar, "?kind=no_check_out", "en").await;
    assert_eq!(v["total"], 0);
    let (status, _) = alerts(&app, &a.denpasar, "?kind=other", "en").await;
    assert_eq!(status, 422);

    // Another office sees none of them; administrators all.
    let (_, v) = alerts(&app, &a.medan_officer, "", "en").await;
    assert_eq!(v["total"], 0, "{v}");
    let (_, v) = alerts(&app, &a.admin, "", "en").await;
    assert_eq!(v["total"], 6);
    for token in [&a.hotel, &a.citizen] {
        assert_eq!(alerts(&app, token, "", "en").await.0, 403);
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'apoa.alerts'"
        )
        .await,
        6
    );
}
both_databases!(each_alert_fires_on_its_case_only);

/// The grace before `no_check_out` and the many-premises rule follow the
/// settings.
fn strict(config: &mut imigrasi_platform::Config) {
    config
        .services
        .insert(imigrasi_apoa::domain::alerts::Rules {
            grace_days: 0,
            many_premises: 2,
            ..Default::default()
        });
}

async fn the_rules_follow_the_settings(app: TestApp) {
    let a = area(&app).await;
    let g = |p: &str| guest(p, "Smith", "Jane Mary", "AUS");
    let overdue = lodge(&app, &a, &a.sanur, g("AL100001"), 2).await;
    let yesterday = plus_days(wita_today(), -1);
    sql(
        &app,
        &format!("UPDATE apoa_stays SET expected_check_out = '{yesterday}' WHERE id = '{overdue}'"),
    )
    .await;
    lodge(&app, &a, &a.sanur, g("AL100002"), 5).await;
    let second = lodge(&app, &a, &a.ubud, g("AL100002"), 1).await;
    let (_, v) = alerts(&app, &a.denpasar, "", "en").await;
    assert_eq!(kinds(&v, &overdue), ["no_check_out"]);
    assert_eq!(kinds(&v, &second), ["many_premises"]);
    assert_eq!(v["total"], 2, "{v}");
}
both_databases!(the_rules_follow_the_settings, strict);

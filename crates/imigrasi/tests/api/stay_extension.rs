//! Extensions of a stay permit: the window in the supervising office's
//! time zone, the limits of B1 and C1, and what a paid or unpaid case does
//! to the holder after the permit's end.

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::passport::pay_at;
use crate::helpers::stay::{
    applied, apply, approve_all, attach_documents, denpasar_staff, get_permit, permit, plus_days,
    registered, submit, today_in,
};
use crate::helpers::{TestApp, count, error_code};

const ITAS_DOCS: &[&str] = &[
    "passport_bio_page",
    "stay_sponsor_letter",
    "residence_letter",
];
const ITK_DOCS: &[&str] = &["passport_bio_page", "onward_ticket"];

fn extension(number: &str) -> Value {
    json!({ "kind": "extension", "permit_number": number })
}

/// An ITK from `visa` for jane, ending `until`, in Denpasar.
fn itk(visa: &str, passport: &str, until: &str) -> Value {
    let mut body = permit("jane@example.com", passport, "2026-01-01", until);
    body["kind"] = json!("ITK");
    body["origin_visa"] = json!(visa);
    body
}

async fn the_window_opens_in_the_offices_own_date(app: TestApp) {
    let (officer, _) = denpasar_staff(&app).await;
    let ambon = app
        .staff("officer@ambon.imigrasi.go.id", Role::Officer, Some("AMBON"))
        .await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    // WITA (Denpasar): an ITAS may be extended from 30 days before its end.
    let wita = today_in("Asia/Makassar");
    let open = registered(
        &app,
        &officer,
        &permit(
            "jane@example.com",
            "PA1000001",
            "2026-01-01",
            &plus_days(wita, 30),
        ),
    )
    .await;
    let shut = registered(
        &app,
        &officer,
        &permit(
            "jane@example.com",
            "PA1000002",
            "2026-01-01",
            &plus_days(wita, 31),
        ),
    )
    .await;
    applied(&app, &jane, &extension(open["number"].as_str().unwrap())).await;
    let res = apply(&app, &jane, &extension(shut["number"].as_str().unwrap())).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 409, "{v}");
    assert_eq!(v["error"]["code"], "window_not_open");
    // The message names the first day, in the office's calendar.
    let opens = plus_days(wita, 1);
    assert!(
        v["error"]["message"].as_str().unwrap().contains(&opens),
        "{v}"
    );

    // WIT (Ambon): the same edges in its own date.
    let wit = today_in("Asia/Jayapura");
    let mut body = permit(
        "jane@example.com",
        "PA1000003",
        "2026-01-01",
        &plus_days(wit, 30),
    );
    body["address"] = json!({ "line": "Jl. Pattimura 3", "regency": "81.71" });
    let open = registered(&app, &ambon, &body).await;
    assert_eq!(open["office"], "AMBON");
    body["holder"]["passport_number"] = json!("PA1000004");
    body["valid_until"] = json!(plus_days(wit, 31));
    let shut = registered(&app, &ambon, &body).await;
    applied(&app, &jane, &extension(open["number"].as_str().unwrap())).await;
    let (status, code) =
        error_code(apply(&app, &jane, &extension(shut["number"].as_str().unwrap())).await).await;
    assert_eq!((status, code.as_str()), (409, "window_not_open"));
    // Refusals write nothing.
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM stay_applications").await,
        2
    );
}

both_databases!(the_window_opens_in_the_offices_own_date);

async fn b1_extends_once_and_never_again(app: TestApp) {
    let staff = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let until = plus_days(today_in("Asia/Makassar"), 10);
    let p = registered(&app, &staff.0, &itk("B1", "PB1000001", &until)).await;
    let number = p["number"].as_str().unwrap().to_owned();
    let rn = applied(&app, &jane, &extension(&number)).await;
    let case = approve_all(&app, &jane, &staff, &rn, ITK_DOCS).await;
    assert_eq!(case["fee"], 500_000);
    assert_eq!(case["asked"]["days"], 30);
    let v: Value = get_permit(&app, &jane, &number).await.json().await.unwrap();
    assert_eq!(v["status"], "active");
    assert_eq!(v["valid_until"], plus_days(today_in("Asia/Makassar"), 40));
    assert!(
        v["history"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["what"] == "extended")
    );
    // A second extension: refused whatever the date (the window is shut too).
    let (status, code) = error_code(apply(&app, &jane, &extension(&number)).await).await;
    assert_eq!((status, code.as_str()), (409, "extension_limit"));
    // A visit visa without extensions says so.
    let p = registered(&app, &staff.0, &itk("A1", "PB1000002", &until)).await;
    let (status, code) =
        error_code(apply(&app, &jane, &extension(p["number"].as_str().unwrap())).await).await;
    assert_eq!((status, code.as_str()), (409, "not_extensible"));
}

both_databases!(b1_extends_once_and_never_again);

async fn c1_stops_at_180_days_in_all(app: TestApp) {
    let staff = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let until = plus_days(today_in("Asia/Makassar"), 5);
    let p = registered(&app, &staff.0, &itk("C1", "PC1000001", &until)).await;
    let number = p["number"].as_str().unwrap().to_owned();
    // Two 60-day steps: 60 days of visa stay + 120 = 180.
    let rn = applied(&app, &jane, &extension(&number)).await;
    let case = approve_all(&app, &jane, &staff, &rn, ITK_DOCS).await;
    assert_eq!(case["fee"], 1_000_000);
    // The next window opens 14 days before the new end: move the end closer
    // (as if the weeks had passed).
    let v: Value = get_permit(&app, &jane, &number).await.json().await.unwrap();
    assert_eq!(v["valid_until"], plus_days(today_in("Asia/Makassar"), 65));
    let (status, code) = error_code(apply(&app, &jane, &extension(&number)).await).await;
    assert_eq!((status, code.as_str()), (409, "window_not_open"));
    move_end(&app, &number, &plus_days(today_in("Asia/Makassar"), 3)).await;
    let rn = applied(&app, &jane, &extension(&number)).await;
    approve_all(&app, &jane, &staff, &rn, ITK_DOCS).await;
    move_end(&app, &number, &plus_days(today_in("Asia/Makassar"), 3)).await;
    let (status, code) = error_code(apply(&app, &jane, &extension(&number)).await).await;
    assert_eq!((status, code.as_str()), (409, "extension_limit"));
    let v: Value = get_permit(&app, &jane, &number).await.json().await.unwrap();
    let extended = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["what"] == "extended")
        .count();
    assert_eq!(extended, 2);
}

both_databases!(c1_stops_at_180_days_in_all);

/// Time passing, as far as the permit is concerned: its last day moves.
async fn move_end(app: &TestApp, number: &str, until: &str) {
    use sea_orm::ConnectionTrait;
    let sql = format!("UPDATE stay_permits SET valid_until = '{until}' WHERE number = '{number}'");
    app.state.db.execute_unprepared(&sql).await.unwrap();
}

async fn a_paid_case_holds_the_stay_and_an_unpaid_one_overstays(app: TestApp) {
    let (officer, _) = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let wita = today_in("Asia/Makassar");
    // Paid on the day before the end.
    let p = registered(
        &app,
        &officer,
        &permit(
            "jane@example.com",
            "PD1000001",
            "2026-01-01",
            &plus_days(wita, 1),
        ),
    )
    .await;
    let paid = p["number"].as_str().unwrap().to_owned();
    let rn = applied(&app, &jane, &extension(&paid)).await;
    attach_documents(&app, &jane, &rn, ITAS_DOCS).await;
    let (code, amount, _) = submit(&app, &jane, &rn).await;
    let res = pay_at(
        &app,
        &code,
        amount,
        "STAYPAID00000001",
        jiff::Timestamp::now(),
    )
    .await;
    assert_eq!(res.status(), 200);
    let v: Value = get_permit(&app, &jane, &paid).await.json().await.unwrap();
    assert_eq!(v["status"], "in_process");
    // Days after the end, still undecided: in process, no fine.
    move_end(&app, &paid, &plus_days(wita, -5)).await;
    let v: Value = get_permit(&app, &officer, &paid)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "in_process");
    assert!(v.get("overstay").is_none(), "{v}");

    // Filed and billed but never paid: the bill lapses at the end of the
    // permit's last day (office time), and after it the holder overstays.
    let p = registered(
        &app,
        &officer,
        &permit(
            "jane@example.com",
            "PD1000002",
            "2026-01-01",
            &plus_days(wita, 1),
        ),
    )
    .await;
    let unpaid = p["number"].as_str().unwrap().to_owned();
    let rn = applied(&app, &jane, &extension(&unpaid)).await;
    attach_documents(&app, &jane, &rn, ITAS_DOCS).await;
    let (code, amount, expires_at) = submit(&app, &jane, &rn).await;
    let due: jiff::Timestamp = expires_at.parse().unwrap();
    let wita_tz = jiff::tz::TimeZone::get("Asia/Makassar").unwrap();
    let end = plus_days(wita, 2)
        .parse::<jiff::civil::Date>()
        .unwrap()
        .to_datetime(jiff::civil::Time::midnight());
    let end = wita_tz.to_timestamp(end).unwrap();
    assert_eq!(due, end, "the bill lapses at midnight after the last day");
    // Paid too late: refused, and the permit is not held.
    let late = end.checked_add(jiff::SignedDuration::from_mins(1)).unwrap();
    let res = pay_at(&app, &code, amount, "STAYLATE00000001", late).await;
    let v: Value = res.json().await.unwrap();
    assert_ne!(v["status"], "paid", "{v}");
    for (days_ago, days, fine, deportation) in [
        (3, 3, 3_000_000, false),
        (4, 4, 4_000_000, false),
        (75, 75, 60_000_000, true),
    ] {
        move_end(&app, &unpaid, &plus_days(wita, -days_ago)).await;
        let v: Value = get_permit(&app, &officer, &unpaid)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["status"], "active");
        assert_eq!(
            v["overstay"],
            json!({ "days": days, "fine": fine, "deportation": deportation }),
            "{days_ago} days after the end"
        );
    }
}

both_databases!(a_paid_case_holds_the_stay_and_an_unpaid_one_overstays);

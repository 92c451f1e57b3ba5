//! Officers' steps on a permit: the overstay fine billed and paid like any
//! fee, and departures (an exit or visit permit ends, a re-entry permit
//! keeps it).

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::passport::pay;
use crate::helpers::stay::{
    applied, approve_all, denpasar_staff, get_permit, permit, plus_days, registered, today_in,
};
use crate::helpers::{TestApp, count, error_code};

async fn fine(app: &TestApp, token: &str, number: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/stay/permits/{number}/fine"),
        Some(token),
        &json!({}),
    )
    .await
}

async fn depart(app: &TestApp, token: &str, number: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/stay/permits/{number}/departure"),
        Some(token),
        &json!({ "port": "DPS" }),
    )
    .await
}

async fn an_overstay_fine_is_billed_once_and_paid_like_any_fee(app: TestApp) {
    let (officer, _) = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let medan = app
        .staff("officer@medan.imigrasi.go.id", Role::Officer, Some("MEDAN"))
        .await;
    let wita = today_in("Asia/Makassar");
    let p = registered(
        &app,
        &officer,
        &permit(
            "jane@example.com",
            "PJ1000001",
            "2025-01-01",
            &plus_days(wita, -10),
        ),
    )
    .await;
    let number = p["number"].as_str().unwrap().to_owned();
    // Only the supervising office bills it.
    for token in [&jane, &medan] {
        let (status, _) = error_code(fine(&app, token, &number).await).await;
        assert_eq!(status, 404);
    }
    let res = fine(&app, &officer, &number).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    assert_eq!(
        (v["days"].as_i64(), v["amount"].as_i64()),
        (Some(10), Some(10_000_000))
    );
    let (status, code) = error_code(fine(&app, &officer, &number).await).await;
    assert_eq!((status, code.as_str()), (409, "fine_already_billed"));
    let res = pay(
        &app,
        v["billing_code"].as_str().unwrap(),
        10_000_000,
        "STAYFINE00000001",
    )
    .await;
    assert_eq!(res.status(), 200);
    let v: Value = get_permit(&app, &jane, &number).await.json().await.unwrap();
    let whats: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["what"].as_str().unwrap())
        .collect();
    assert!(whats.ends_with(&["fine_billed", "fine_paid"]), "{whats:?}");
    // Paid in full: nothing more is owed for those days.
    let (status, code) = error_code(fine(&app, &officer, &number).await).await;
    assert_eq!((status, code.as_str()), (409, "no_overstay"));
    // A permit still valid owes nothing.
    let p = registered(
        &app,
        &officer,
        &permit(
            "jane@example.com",
            "PJ1000002",
            "2026-01-01",
            &plus_days(wita, 10),
        ),
    )
    .await;
    let (status, code) =
        error_code(fine(&app, &officer, p["number"].as_str().unwrap()).await).await;
    assert_eq!((status, code.as_str()), (409, "no_overstay"));
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM stay_fines").await, 1);
}

both_databases!(an_overstay_fine_is_billed_once_and_paid_like_any_fee);

async fn a_departure_ends_an_exit_or_visit_permit_and_a_reentry_permit_keeps_it(app: TestApp) {
    let staff = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let border = app
        .staff(
            "officer@ngurahrai.imigrasi.go.id",
            Role::Officer,
            Some("DENPASAR"),
        )
        .await;
    let until = plus_days(today_in("Asia/Makassar"), 200);
    let docs = ["passport_bio_page"];
    // An ITAS without an exit or re-entry permit may not simply leave.
    let itas = registered(
        &app,
        &staff.0,
        &permit("jane@example.com", "PK1000001", "2026-01-01", &until),
    )
    .await;
    let itas = itas["number"].as_str().unwrap().to_owned();
    let (status, code) = error_code(depart(&app, &border, &itas).await).await;
    assert_eq!((status, code.as_str()), (409, "exit_permit_required"));
    // With a re-entry permit it stays active.
    let rn = applied(&app, &jane, &json!({ "kind": "reentry_permit", "permit_number": itas, "reentry_until": plus_days(today_in("Asia/Makassar"), 400) })).await;
    let v = approve_all(&app, &jane, &staff, &rn, &docs).await;
    // Never beyond the permit.
    assert_eq!(v["asked"]["reentry_until"], until.as_str());
    let v: Value = depart(&app, &border, &itas).await.json().await.unwrap();
    assert_eq!(v, json!({ "status": "active", "reentry_until": until }));
    // With an exit permit it ends.
    let rn = applied(
        &app,
        &jane,
        &json!({ "kind": "exit_permit", "permit_number": itas }),
    )
    .await;
    approve_all(
        &app,
        &jane,
        &staff,
        &rn,
        &["passport_bio_page", "onward_ticket"],
    )
    .await;
    let v: Value = depart(&app, &border, &itas).await.json().await.unwrap();
    assert_eq!(v["status"], "cancelled");
    let v: Value = get_permit(&app, &jane, &itas).await.json().await.unwrap();
    assert_eq!(v["status"], "cancelled");
    let (status, code) = error_code(depart(&app, &border, &itas).await).await;
    assert_eq!((status, code.as_str()), (409, "permit_not_active"));
    // A visit permit ends with the departure; a holder cannot record it.
    let mut body = permit("jane@example.com", "PK1000002", "2026-01-01", &until);
    body["kind"] = json!("ITK");
    body["origin_visa"] = json!("B1");
    let itk = registered(&app, &staff.0, &body).await;
    let itk = itk["number"].as_str().unwrap();
    let (status, _) = error_code(depart(&app, &jane, itk).await).await;
    assert_eq!(status, 403);
    let res = app
        .post_json(
            &format!("/api/v1/stay/permits/{itk}/departure"),
            Some(&border),
            &json!({ "port": "  " }),
        )
        .await;
    assert_eq!(res.status(), 422);
    let v: Value = depart(&app, &border, itk).await.json().await.unwrap();
    assert_eq!(v["status"], "cancelled");
}

both_databases!(a_departure_ends_an_exit_or_visit_permit_and_a_reentry_permit_keeps_it);

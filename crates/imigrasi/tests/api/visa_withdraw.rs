//! Withdrawing a visa application: the applicant withdraws before a
//! decision (an unpaid bill is cancelled and its late payment refused; the
//! passport may apply again); too late is 409; anyone else 404.

use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::visa::{
    applicant, apply, created, decide, get_case, pay, submit_and_pay, upload_all,
};
use crate::helpers::{TestApp, error_code};

async fn withdraw(app: &TestApp, token: &str, number: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/visa/applications/{number}/withdraw"),
        Some(token),
        &json!({}),
    )
    .await
}

async fn new_case(app: &TestApp, token: &str, passport: &str) -> String {
    let v = created(apply(app, token, "C1", applicant("jane@example.com", passport)).await).await;
    v["register_number"].as_str().unwrap().to_owned()
}

const KINDS: [&str; 3] = ["passport_bio_page", "photo", "bank_statement"];

async fn an_applicant_withdraws_before_a_decision(app: TestApp) {
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;

    // A draft: withdrawn, on the timeline, and the passport may apply again.
    let number = new_case(&app, &jane, "PW1234567").await;
    let res = withdraw(&app, &jane, &number).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["register_number"], number.as_str());
    assert_eq!(v["status"], "withdrawn");
    let last = v["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["status"], "withdrawn");
    assert_eq!(last["role"], "foreigner");
    let (status, code) = error_code(withdraw(&app, &jane, &number).await).await;
    assert_eq!((status, code.as_str()), (409, "invalid_transition"));

    // Awaiting payment: the bill is cancelled; a payment after it is refused.
    let number = new_case(&app, &jane, "PW1234567").await;
    upload_all(&app, &jane, &number, &KINDS).await;
    let res = app
        .post_json(
            &format!("/api/v1/visa/applications/{number}/submit"),
            Some(&jane),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    let code = v["payment"]["billing_code"].as_str().unwrap().to_owned();
    let amount = v["payment"]["amount"].as_i64().unwrap();
    let v: Value = withdraw(&app, &jane, &number).await.json().await.unwrap();
    assert_eq!(v["status"], "withdrawn");
    assert_eq!(v["payment"]["status"], "cancelled");
    let paid: Value = pay(&app, &code, amount, "WDRW000000000001")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(paid["status"], "refund_due", "{paid}");
    assert_eq!(get_case(&app, &jane, &number).await["status"], "withdrawn");

    // In review (paid): still possible; the fee stays paid.
    let number = new_case(&app, &jane, "PW1234567").await;
    upload_all(&app, &jane, &number, &KINDS).await;
    submit_and_pay(&app, &jane, &number, "WDRW000000000002").await;
    let v: Value = withdraw(&app, &jane, &number).await.json().await.unwrap();
    assert_eq!(v["status"], "withdrawn");
    assert_eq!(v["payment"]["status"], "paid");

    // Recommended: too late.
    let number = new_case(&app, &jane, "PW1234567").await;
    upload_all(&app, &jane, &number, &KINDS).await;
    submit_and_pay(&app, &jane, &number, "WDRW000000000003").await;
    let officer = app
        .staff("officer@ditjen.example.id", Role::Officer, Some("DITJEN"))
        .await;
    let res = decide(&app, &officer, &number, "recommend_approve", "").await;
    assert_eq!(res.status(), 200);
    let (status, code) = error_code(withdraw(&app, &jane, &number).await).await;
    assert_eq!((status, code.as_str()), (409, "invalid_transition"));
    assert_eq!(
        get_case(&app, &jane, &number).await["status"],
        "recommended"
    );

    // Anyone else, staff included, and an unknown number: 404.
    let number = new_case(&app, &jane, "PX7654321").await;
    let other = app.staff("other@example.com", Role::Foreigner, None).await;
    for token in [&other, &officer] {
        let (status, _) = error_code(withdraw(&app, token, &number).await).await;
        assert_eq!(status, 404);
    }
    let (status, _) = error_code(withdraw(&app, &jane, "V-2026-AAAAAAAA").await).await;
    assert_eq!(status, 404);
    let (status, _) = error_code(withdraw(&app, &jane, "nonsense").await).await;
    assert_eq!(status, 404);
    let res = app
        .client
        .post(app.url(&format!("/api/v1/visa/applications/{number}/withdraw")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(get_case(&app, &jane, &number).await["status"], "draft");

    let row = db::one(
        &app.state.db,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'visa.withdraw'",
        [],
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(db::col::<i64>(&row, "n").unwrap(), 3);
}
both_databases!(an_applicant_withdraws_before_a_decision);

async fn a_sponsor_withdraws_for_the_named_foreigner(app: TestApp) {
    let sponsor = app
        .staff("hr@company.example.id", Role::Sponsor, None)
        .await;
    let res = app
        .client
        .put(app.url("/api/v1/visa/sponsor"))
        .bearer_auth(&sponsor)
        .json(&json!({"kind": "company", "id_number": "1234567890123",
            "name": "PT Contoh Maju", "regency": "31.71"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v = created(
        apply(
            &app,
            &sponsor,
            "C2",
            applicant("worker@example.com", "PS1234567"),
        )
        .await,
    )
    .await;
    let number = v["register_number"].as_str().unwrap().to_owned();
    let v: Value = withdraw(&app, &sponsor, &number)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "withdrawn");
    assert_eq!(
        v["timeline"].as_array().unwrap().last().unwrap()["role"],
        "sponsor"
    );
}
both_databases!(a_sponsor_withdraws_for_the_named_foreigner);

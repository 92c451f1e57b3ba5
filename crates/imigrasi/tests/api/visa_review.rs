//! Visa decisions on the shared casework flows: a reviewer's reason may
//! hold lines; a rejection is told to the applicant (a withdrawal is not)
//! and frees the passport; the audit names the application or the case.

use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use sea_orm::Value as Param;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::TestApp;
use crate::helpers::visa::{applicant, apply, created, decide, submit_and_pay, upload_all};

const KINDS: [&str; 3] = ["passport_bio_page", "photo", "bank_statement"];

async fn new_case(app: &TestApp, token: &str, passport: &str) -> String {
    let v = created(apply(app, token, "C1", applicant("jane@example.com", passport)).await).await;
    v["register_number"].as_str().unwrap().to_owned()
}

async fn count(app: &TestApp, sql: &str, param: &str) -> i64 {
    let row = db::one(&app.state.db, sql, [Param::from(param)])
        .await
        .unwrap()
        .unwrap();
    db::col::<i64>(&row, "n").unwrap()
}

async fn notices(app: &TestApp, number: &str) -> i64 {
    let sql =
        "SELECT COUNT(*) AS n FROM outbox WHERE template = 'visa.decided' AND payload LIKE $1";
    count(app, sql, &format!("%{number}%")).await
}

async fn a_rejection_with_a_reason_in_lines(app: TestApp) {
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let officer = app
        .staff("officer@ditjen.example.id", Role::Officer, Some("DITJEN"))
        .await;
    let supervisor = app
        .staff("sup@ditjen.example.id", Role::Supervisor, Some("DITJEN"))
        .await;
    let number = new_case(&app, &jane, "PR1234567").await;
    upload_all(&app, &jane, &number, &KINDS).await;
    submit_and_pay(&app, &jane, &number, "RVW0000000000001").await;

    let why = "The bank statement is too old.\nSend one of the last three months.";
    let res = decide(&app, &officer, &number, "recommend_reject", why).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "recommended");
    let last = v["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["note"], why, "{last}");
    assert_eq!(notices(&app, &number).await, 0);

    let res = decide(&app, &supervisor, &number, "reject", "Rejected:\n\tstale.").await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "rejected");
    assert_eq!(notices(&app, &number).await, 1);

    // The passport may apply again; a withdrawal is not told.
    let again = new_case(&app, &jane, "PR1234567").await;
    let res = app
        .post_json(
            &format!("/api/v1/visa/applications/{again}/withdraw"),
            Some(&jane),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(notices(&app, &again).await, 0);

    let by_type = "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1";
    assert_eq!(count(&app, by_type, "visa.decision").await, 2);
    let objects = "SELECT COUNT(*) AS n FROM audit_log WHERE object_type = $1";
    assert_eq!(count(&app, objects, "visa_case").await, 1);
    let paid = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'visa.paid' \
                AND object_type = $1";
    assert_eq!(count(&app, paid, "visa_case").await, 1);
}
both_databases!(a_rejection_with_a_reason_in_lines);

//! E-mail verification: the code flow (wrong code, expiry, void after five
//! wrong tries, success, replay), the per-account throttle enforced by the
//! database, the account page, and the hole it closes: an account
//! registered with someone else's e-mail does not see the cases naming it
//! until it proves the address.

use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::email::{confirm, latest_code, register_foreigner, verify};
use crate::helpers::pages::{page, post_form};
use crate::helpers::visa::{applicant, apply, created};
use crate::helpers::{TestApp, count, error_code};

const EMAIL: &str = "x@example.com";

async fn me(app: &TestApp, token: &str) -> Value {
    app.get("/api/v1/me", Some(token))
        .await
        .json()
        .await
        .unwrap()
}

async fn request_code(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_json("/api/v1/me/email/verification", Some(token), &json!({}))
        .await
}

/// Shift the pending code's timestamps back, as if `ms` had passed.
async fn age_code(app: &TestApp, column: &str, ms: i64) {
    db::exec(
        &app.state.db,
        &format!("UPDATE email_verifications SET {column} = {column} - {ms}"),
        [],
    )
    .await
    .unwrap();
}

async fn the_code_flow(app: TestApp) {
    let token = register_foreigner(&app, EMAIL).await;
    assert_eq!(me(&app, &token).await["email_verified"], false);
    let code = latest_code(&app, EMAIL).await;
    assert_eq!(code.len(), 6);
    // Only a keyed hash is stored.
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM email_verifications WHERE code_hash LIKE '%{code}%'"
            )
        )
        .await,
        0
    );
    let wrong = if code == "000000" { "000001" } else { "000000" };

    // A wrong code, in Indonesian by default and in English on request.
    let res = confirm(&app, &token, wrong).await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_code");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("Kode"),
        "{v}"
    );
    let res = app
        .client
        .post(app.url("/api/v1/me/email/verification/confirm"))
        .bearer_auth(&token)
        .header("accept-language", "en")
        .json(&json!({ "code": wrong }))
        .send()
        .await
        .unwrap();
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_code");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("code is not right"),
        "{v}"
    );

    // The right code verifies, once; it is audited.
    verify(&app, &token, EMAIL).await;
    assert_eq!(me(&app, &token).await["email_verified"], true);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'email.verify'"
        )
        .await,
        1
    );
    assert_eq!(
        error_code(confirm(&app, &token, &code).await).await,
        (409, "no_pending_code".into())
    );
    assert_eq!(
        error_code(request_code(&app, &token).await).await,
        (409, "already_verified".into())
    );

    // Operator-made accounts, and staff an administrator creates, count
    // as verified.
    let admin = app
        .staff("admin@imigrasi.go.id", Role::Administrator, None)
        .await;
    assert_eq!(me(&app, &admin).await["email_verified"], true);
    let body = json!({"email": "officer@jkt.example.id", "password": "kantor jaga 77x",
        "full_name": "Officer", "kind": "officer", "office": "JKT-PUSAT"});
    let res = app
        .post_json("/api/v1/staff-accounts", Some(&admin), &body)
        .await;
    assert_eq!(res.status(), 201);
    let officer = app.login("officer@jkt.example.id", "kantor jaga 77x").await;
    assert_eq!(me(&app, &officer).await["email_verified"], true);
    // A citizen registers unverified and asks for a code itself.
    let citizen = app.citizen("warga@example.id").await;
    assert_eq!(me(&app, &citizen).await["email_verified"], false);
    assert_eq!(
        error_code(confirm(&app, &citizen, "123456").await).await,
        (409, "no_pending_code".into())
    );
    assert_eq!(request_code(&app, &citizen).await.status(), 202);
    verify(&app, &citizen, "warga@example.id").await;
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'email.verify_request'"
        )
        .await,
        1
    );
}
both_databases!(the_code_flow);

async fn codes_expire_are_replaced_and_void_after_five_wrong_tries(app: TestApp) {
    let token = register_foreigner(&app, EMAIL).await;
    let first = latest_code(&app, EMAIL).await;
    // Past its 30 minutes the code no longer works.
    age_code(&app, "expires_at", 31 * 60 * 1000).await;
    assert_eq!(
        error_code(confirm(&app, &token, &first).await).await,
        (409, "code_expired".into())
    );

    // A new request replaces it (after the throttle's minute).
    age_code(&app, "created_at", 61 * 1000).await;
    assert_eq!(request_code(&app, &token).await.status(), 202);
    let second = latest_code(&app, EMAIL).await;
    if second != first {
        assert_eq!(
            error_code(confirm(&app, &token, &first).await).await,
            (422, "invalid_code".into())
        );
    }
    // Wrong tries up to five are counted; then even the right code is void.
    let wrong = if second == "999999" {
        "999998"
    } else {
        "999999"
    };
    let already = if second != first { 1 } else { 0 };
    for _ in already..5 {
        assert_eq!(
            error_code(confirm(&app, &token, wrong).await).await,
            (422, "invalid_code".into())
        );
    }
    assert_eq!(
        error_code(confirm(&app, &token, &second).await).await,
        (409, "code_void".into())
    );
    assert_eq!(me(&app, &token).await["email_verified"], false);

    // A fresh code works again.
    age_code(&app, "created_at", 61 * 1000).await;
    assert_eq!(request_code(&app, &token).await.status(), 202);
    verify(&app, &token, EMAIL).await;
}
both_databases!(codes_expire_are_replaced_and_void_after_five_wrong_tries);

async fn requests_are_throttled_per_account(app: TestApp) {
    let token = register_foreigner(&app, EMAIL).await;
    // The registration's code was just sent: the next waits a minute.
    let res = request_code(&app, &token).await;
    assert!(res.headers().get("retry-after").is_some());
    assert_eq!(error_code(res).await, (429, "too_many_attempts".into()));

    // Parallel requests after the minute: exactly one passes.
    age_code(&app, "created_at", 61 * 1000).await;
    let answers = futures::future::join_all((0..5).map(|_| request_code(&app, &token))).await;
    let passed = answers.iter().filter(|r| r.status() == 202).count();
    let refused = answers.iter().filter(|r| r.status() == 429).count();
    assert_eq!((passed, refused), (1, 4));

    // Five codes an hour: the registration's, then four more at most.
    for _ in 0..3 {
        age_code(&app, "created_at", 61 * 1000).await;
        assert_eq!(request_code(&app, &token).await.status(), 202);
    }
    age_code(&app, "created_at", 61 * 1000).await;
    assert_eq!(
        error_code(request_code(&app, &token).await).await,
        (429, "too_many_attempts".into())
    );
    // Another account is not held back.
    let other = register_foreigner(&app, "y@example.com").await;
    age_code(&app, "created_at", 61 * 1000).await;
    assert_eq!(request_code(&app, &other).await.status(), 202);
    // The hour passes: codes flow again.
    age_code(&app, "window_start", 3600 * 1000).await;
    assert_eq!(request_code(&app, &token).await.status(), 202);
}
both_databases!(requests_are_throttled_per_account);

async fn the_account_page_sends_and_confirms_a_code(app: TestApp) {
    let token = register_foreigner(&app, EMAIL).await;
    for lang in ["id", "en"] {
        let (status, html) = page(&app, "/account", lang, Some(&token)).await;
        assert_eq!(status, 200);
        assert!(html.contains("action=\"/account/email/confirm\""), "{html}");
    }
    let (status, location, _) = post_form(&app, "/account/email", Some(&token), None, &[]).await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/account?email=throttled")
    );
    let (_, html) = page(&app, &location, "en", Some(&token)).await;
    assert!(html.contains("Please wait"), "{html}");
    let code = latest_code(&app, EMAIL).await;
    let (status, location, _) = post_form(
        &app,
        "/account/email/confirm",
        Some(&token),
        None,
        &[("code", &code)],
    )
    .await;
    assert_eq!((status, location.as_str()), (303, "/account?email=done"));
    let (_, html) = page(&app, &location, "id", Some(&token)).await;
    assert!(html.contains("kini terverifikasi"), "{html}");
    assert!(!html.contains("action=\"/account/email/confirm\""));
}
both_databases!(the_account_page_sends_and_confirms_a_code);

async fn an_unverified_account_does_not_see_the_case_naming_its_email(app: TestApp) {
    let sponsor = app
        .staff("hr@pt-maju.example.id", Role::Sponsor, None)
        .await;
    let res = app
        .client
        .put(app.url("/api/v1/visa/sponsor"))
        .bearer_auth(&sponsor)
        .json(&json!({"kind": "company", "id_number": "9120001234567", "name": "PT Maju Jaya", "regency": "31.71"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v = created(apply(&app, &sponsor, "E23", applicant(EMAIL, "TK7654321")).await).await;
    let number = v["register_number"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/visa/applications/{number}");

    // Someone registers with that e-mail: nothing to see.
    let token = register_foreigner(&app, EMAIL).await;
    assert_eq!(error_code(app.get(&path, Some(&token)).await).await.0, 404);
    assert_eq!(
        error_code(app.get(&format!("{path}/evisa.pdf"), Some(&token)).await)
            .await
            .0,
        404
    );
    let list: Value = app
        .get("/api/v1/visa/applications", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["applications"], json!([]));
    let (status, _) = page(
        &app,
        &format!("/visa/applications/{number}"),
        "en",
        Some(&token),
    )
    .await;
    assert_eq!(status, 404);

    // The owner of the address proves it: now the case is theirs to see.
    verify(&app, &token, EMAIL).await;
    let res = app.get(&path, Some(&token)).await;
    assert_eq!(res.status(), 200);
    let list: Value = app
        .get("/api/v1/visa/applications", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["applications"][0]["register_number"], number.as_str());
}
both_databases!(an_unverified_account_does_not_see_the_case_naming_its_email);

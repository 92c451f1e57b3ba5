//! E-mail verification fixtures: registering a foreigner through the API,
//! reading the code the outbox holds for an address, confirming it.

use imigrasi_platform::{email_verification, outbox};
use serde_json::{Value, json};

use super::TestApp;

/// The password of accounts registered here.
pub const PASSWORD: &str = "correct horse 1";

/// Register a foreigner through the API (a code goes out) and log in; the
/// e-mail is NOT verified yet. Returns the token.
pub async fn register_foreigner(app: &TestApp, email: &str) -> String {
    let res = app
        .post_json(
            "/api/v1/accounts",
            None,
            &json!({"email": email, "password": PASSWORD, "full_name": "Ken Sato", "kind": "foreigner"}),
        )
        .await;
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    app.login(email, PASSWORD).await
}

/// The latest verification code queued for `email`.
pub async fn latest_code(app: &TestApp, email: &str) -> String {
    let msgs = outbox::for_recipient(&app.state.db, &email.to_lowercase())
        .await
        .unwrap();
    let (_, payload) = msgs
        .iter()
        .find(|(t, _)| t == email_verification::CODE_TEMPLATE)
        .unwrap_or_else(|| panic!("no verification code for {email}"));
    payload["code"].as_str().unwrap().to_owned()
}

/// POST a code to the confirmation route.
pub async fn confirm(app: &TestApp, token: &str, code: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/me/email/verification/confirm",
        Some(token),
        &json!({ "code": code }),
    )
    .await
}

/// Confirm the latest code sent to `email` (the account of `token`).
pub async fn verify(app: &TestApp, token: &str, email: &str) {
    let code = latest_code(app, email).await;
    let res = confirm(app, token, &code).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["email_verified"], true);
}

/// Register a foreigner through the API and verify the e-mail with the
/// code from the outbox; returns the token.
pub async fn foreigner(app: &TestApp, email: &str) -> String {
    let token = register_foreigner(app, email).await;
    verify(app, &token, email).await;
    token
}

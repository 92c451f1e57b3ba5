//! Visa Online fixtures: applicants, applications, uploads, decisions,
//! submitting and paying.

use serde_json::{Value, json};

use super::TestApp;
pub use super::documents::{JPEG, pdf};
pub use super::passport::pay;

pub fn applicant(email: &str, passport: &str) -> Value {
    json!({"surname": "Smith", "given_names": "Jane Mary", "nationality": "AUS",
        "passport_number": passport, "passport_expiry": "2035-01-31",
        "birth_date": "1990-05-01", "sex": "F", "email": email})
}

pub fn arrival() -> String {
    let today = imigrasi_core::OfficeZone::Jakarta.local_date(jiff::Timestamp::now());
    today
        .checked_add(jiff::ToSpan::days(30))
        .unwrap()
        .to_string()
}

pub async fn apply(
    app: &TestApp,
    token: &str,
    visa_type: &str,
    applicant: Value,
) -> reqwest::Response {
    app.post_json(
        "/api/v1/visa/applications",
        Some(token),
        &json!({"visa_type": visa_type, "applicant": applicant, "intended_arrival": arrival()}),
    )
    .await
}

pub async fn created(res: reqwest::Response) -> Value {
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    v
}

/// Send a multipart upload to a visa application.
pub async fn upload(
    app: &TestApp,
    token: &str,
    number: &str,
    kind: &str,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let path = format!("/api/v1/visa/applications/{number}/documents");
    let file = super::documents::Part {
        kind,
        file_name,
        content_type,
        bytes,
    };
    super::documents::attach(app, token, &path, file).await
}

pub async fn upload_all(app: &TestApp, token: &str, number: &str, kinds: &[&str]) {
    let path = format!("/api/v1/visa/applications/{number}/documents");
    super::documents::attach_all(app, token, &path, kinds).await
}

pub async fn get_case(app: &TestApp, token: &str, number: &str) -> Value {
    let res = app
        .get(&format!("/api/v1/visa/applications/{number}"), Some(token))
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

pub async fn decide(
    app: &TestApp,
    token: &str,
    number: &str,
    decision: &str,
    reason: &str,
) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/visa/applications/{number}/decision"),
        Some(token),
        &json!({"decision": decision, "reason": reason}),
    )
    .await
}

pub async fn submit_and_pay(app: &TestApp, token: &str, number: &str, ntpn: &str) {
    let res = app
        .post_json(
            &format!("/api/v1/visa/applications/{number}/submit"),
            Some(token),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "awaiting_payment");
    let code = v["payment"]["billing_code"].as_str().unwrap().to_owned();
    let amount = v["payment"]["amount"].as_i64().unwrap();
    let paid: Value = pay(app, &code, amount, ntpn).await.json().await.unwrap();
    assert_eq!(paid["status"], "paid", "{paid}");
}

/// `imigrasi document verify` with the served key file: 0 for the payload
/// (naming the holder's passport), 1 for a changed byte, 2 for a usage
/// error. No server, no database.
pub fn offline_verification(keys: &Value, qr: &str, passport_number: &str) {
    let dir = std::env::temp_dir().join(format!("imigrasi-keys-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("keys.json");
    std::fs::write(&file, keys.to_string()).unwrap();
    let run = |payload: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_imigrasi"))
            .args(["document", "verify", payload, "--keys"])
            .arg(&file)
            .output()
            .unwrap()
    };
    let ok = run(qr);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains(passport_number));
    let mut bytes = qr.as_bytes().to_vec();
    let i = bytes.len() / 3;
    bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
    let bad = run(std::str::from_utf8(&bytes).unwrap());
    assert_eq!(bad.status.code(), Some(1));
    let usage = std::process::Command::new(env!("CARGO_BIN_EXE_imigrasi"))
        .args(["document", "verify"])
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

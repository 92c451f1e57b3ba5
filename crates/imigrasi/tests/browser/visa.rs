//! Visa Online journeys: a foreigner registers, proves its e-mail with the
//! code on the account page, applies for a visa without
//! sponsor, uploads the documents (one refused, named), submits, pays at
//! the simulated bank and follows the timeline; an officer recommends from
//! the work queue, a supervisor approves, the applicant sees the e-Visa's
//! QR code, and the public verification page says the payload is valid.

use std::path::{Path, PathBuf};

use imigrasi_platform::billing;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::harness::{Browser, PASSWORD, PAYMENT_SECRET, Step, days_ahead, journey};

/// A one-pixel JPEG (by magic bytes).
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9";

fn pdf() -> Vec<u8> {
    let mut v = b"%PDF-1.7\n".to_vec();
    v.resize(2000, b' ');
    v.extend_from_slice(b"%%EOF\n");
    v
}

/// Files to upload, in a folder of their own (removed on drop).
struct Files(PathBuf);

impl Files {
    fn new() -> Step<Files> {
        let dir = std::env::temp_dir().join(format!("visa-journey-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("passport.pdf"), pdf())?;
        std::fs::write(dir.join("photo.jpg"), JPEG)?;
        std::fs::write(dir.join("bank-statement.pdf"), pdf())?;
        std::fs::write(dir.join("setup.exe"), b"MZ\x90\0 not a document")?;
        Ok(Files(dir))
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Attach a file through the case page's upload form.
async fn attach(b: &Browser, kind: &str, file: &Path) -> Step {
    b.select("#kind", kind).await?;
    b.find("#file")
        .await?
        .send_keys(&file.display().to_string())
        .await?;
    b.click_button(&b.t("visa-upload-submit")).await
}

journey!(visa_applicant_applies_and_pays, |b: Browser| async move {
    let files = Files::new()?;
    b.goto("/").await?;
    // Register as a foreign national, then log in.
    b.click_link(&b.t("nav-register")).await?;
    b.fill("#full_name", "Jane Mary Smith").await?;
    b.fill("#email", "jane@example.com").await?;
    b.fill("#password", "correct horse 1").await?;
    b.choose("input[name=\"kind\"][value=\"foreigner\"]")
        .await?;
    b.click_button(&b.t("register-submit")).await?;
    b.assert_path("/login").await?;
    b.login("jane@example.com", "correct horse 1").await?;

    // The account page proves the e-mail with the code sent on registration.
    b.goto("/account").await?;
    b.assert_text(&b.t("email-verify-unverified")).await?;
    b.check_page().await?;
    let code = b.email_code("jane@example.com").await?;
    b.fill("#code", &code).await?;
    b.click_button(&b.t("email-verify-confirm")).await?;
    b.assert_text(&b.t("email-verify-done")).await?;
    b.check_page().await?;
    b.goto("/").await?;

    // The service from the start page; the index with its requirements.
    b.follow(".card a[href=\"/visa\"]").await?;
    b.assert_path("/visa").await?;
    b.check_page().await?;
    b.screenshot("visa-start").await?;
    b.follow("a[href=\"/visa/apply?type=C1\"]").await?;
    b.check_page().await?;
    b.fill("#surname", "Smith").await?;
    b.fill("#given_names", "Jane Mary").await?;
    b.fill("#nationality", "AUS").await?;
    b.fill("#passport_number", "PB7654321").await?;
    b.fill("#passport_expiry", "2035-01-31").await?;
    b.fill("#birth_date", "1990-05-01").await?;
    b.choose("#sex-F").await?;
    // An arrival in the past is refused next to its field.
    b.fill("#intended_arrival", "2020-01-01").await?;
    b.click_button(&b.t("visa-apply-submit")).await?;
    b.assert_text(&b.t("visa-error-intended-arrival")).await?;
    b.check_page().await?;
    b.fill("#intended_arrival", &days_ahead(30)).await?;
    b.click_button(&b.t("visa-apply-submit")).await?;
    let path = b.assert_path("/visa/applications/V-").await?;
    let rn = path
        .trim_start_matches("/visa/applications/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    b.assert_text(&b.t("visa-done-applied")).await?;
    b.check_page().await?;

    // Documents: a program is refused, naming the file.
    attach(&b, "photo", &files.path("setup.exe")).await?;
    b.assert_text("setup.exe").await?;
    b.assert_text(&b.t("visa-invalid-file-type")).await?;
    b.check_page().await?;
    attach(&b, "passport_bio_page", &files.path("passport.pdf")).await?;
    b.assert_text(&b.t("visa-done-uploaded")).await?;
    attach(&b, "photo", &files.path("photo.jpg")).await?;
    attach(&b, "bank_statement", &files.path("bank-statement.pdf")).await?;
    b.assert_text(&b.t("visa-done-uploaded")).await?;

    // Submit: the payment details.
    b.click_button(&b.t("visa-submit-button")).await?;
    b.assert_text(&b.t("visa-done-submitted")).await?;
    b.assert_text(&b.t("visa-status-awaiting-payment")).await?;
    b.check_page().await?;
    b.screenshot("visa-awaiting-payment").await?;
    let code = b.text("[data-billing-code]").await?;
    if code.len() != 15 {
        anyhow::bail!("billing code {code:?}");
    }

    // Pay at the simulated bank, then follow the timeline.
    b.click_link(&b.t("visa-payment-demo-bank")).await?;
    b.assert_text(&b.t("appt-bank-bill")).await?;
    b.follow("form[action=\"/demo/bank/pay\"] button").await?;
    b.goto(&format!("/visa/applications/{rn}")).await?;
    b.assert_text(&b.t("visa-status-note-in-review")).await?;
    let timeline = b.text("#timeline").await?;
    for key in [
        "visa-status-draft",
        "visa-status-awaiting-payment",
        "visa-status-in-review",
    ] {
        if !timeline.contains(&b.t(key)) {
            anyhow::bail!("the timeline lacks {key}: {timeline}");
        }
    }
    b.check_page().await?;
    b.follow("a[href=\"/visa/applications\"]").await?;
    b.assert_text(&rn).await?;
    b.check_page().await
});

/// A paid C1 application made through the API; returns its register number.
async fn paid_application(b: &Browser, email: &str) -> Step<String> {
    b.account(email, Role::Foreigner, None).await?;
    let token = b.api_login(email, PASSWORD).await?;
    let applicant = json!({"surname": "Tanaka", "given_names": "Yuki", "nationality": "JPN",
        "passport_number": "TK1234567", "passport_expiry": "2034-06-30",
        "birth_date": "1988-11-02", "sex": "F", "email": email});
    let v = b
        .api(
            "POST",
            "/api/v1/visa/applications",
            Some(&token),
            &json!({"visa_type": "C1", "applicant": applicant, "intended_arrival": days_ahead(20)}),
        )
        .await?;
    let rn = v["register_number"].as_str().unwrap_or_default().to_owned();
    let http = reqwest::Client::new();
    for (kind, name, ctype, bytes) in [
        ("passport_bio_page", "bio.pdf", "application/pdf", pdf()),
        ("photo", "photo.jpg", "image/jpeg", JPEG.to_vec()),
        ("bank_statement", "bank.pdf", "application/pdf", pdf()),
    ] {
        let boundary = "journeyBoundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {ctype}\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(&bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let res = http
            .post(b.url(&format!("/api/v1/visa/applications/{rn}/documents")))
            .bearer_auth(&token)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await?;
        if res.status() != 201 {
            anyhow::bail!("uploading {kind}: {}", res.text().await?);
        }
    }
    let v = b
        .api(
            "POST",
            &format!("/api/v1/visa/applications/{rn}/submit"),
            Some(&token),
            &json!({}),
        )
        .await?;
    let payment = &v["payment"];
    let body = json!({"billing_code": payment["billing_code"], "ntpn": "JRNY000000000001",
        "amount": payment["amount"], "paid_at": jiff::Timestamp::now().to_string()})
    .to_string();
    let res = http
        .post(b.url("/api/v1/payments/notifications"))
        .header("content-type", "application/json")
        .header(
            "x-signature",
            billing::sign(PAYMENT_SECRET, body.as_bytes()),
        )
        .body(body)
        .send()
        .await?;
    let paid: Value = res.json().await?;
    if paid["status"] != "paid" {
        anyhow::bail!("payment not applied: {paid}");
    }
    Ok(rn)
}

journey!(
    visa_officer_recommends_and_supervisor_approves,
    |b: Browser| async move {
        let applicant = "yuki@example.com";
        let rn = paid_application(&b, applicant).await?;

        // The officer: queue → case → recommend approval.
        b.account(
            "officer@ditjen.imigrasi.go.id",
            Role::Officer,
            Some("DITJEN"),
        )
        .await?;
        b.login("officer@ditjen.imigrasi.go.id", PASSWORD).await?;
        b.goto("/visa").await?;
        b.follow("a[href=\"/visa/queue\"]").await?;
        b.check_page().await?;
        b.screenshot("visa-queue").await?;
        b.follow(&format!("a[href=\"/visa/applications/{rn}\"]"))
            .await?;
        b.assert_text(&b.t("visa-decision-recommend-approve"))
            .await?;
        b.check_page().await?;
        b.choose("#decision-first").await?;
        b.fill("#reason", "Documents complete and consistent.")
            .await?;
        b.click_button(&b.t("visa-decision-submit")).await?;
        b.assert_text(&b.t("visa-done-decided")).await?;
        b.assert_text(&b.t("visa-status-recommended")).await?;
        b.logout().await?;

        // The supervisor approves.
        b.account(
            "supervisor@ditjen.imigrasi.go.id",
            Role::Supervisor,
            Some("DITJEN"),
        )
        .await?;
        b.login("supervisor@ditjen.imigrasi.go.id", PASSWORD)
            .await?;
        b.goto(&format!("/visa/applications/{rn}")).await?;
        b.assert_text(&b.t("visa-recommendation-approve")).await?;
        b.check_page().await?;
        b.choose("#decision-first").await?;
        b.click_button(&b.t("visa-decision-submit")).await?;
        b.assert_text(&b.t("visa-done-decided")).await?;
        b.assert_text(&b.t("visa-evisa-status-valid")).await?;
        b.logout().await?;

        // The applicant sees the e-Visa with its QR code.
        b.login(applicant, PASSWORD).await?;
        b.goto(&format!("/visa/applications/{rn}")).await?;
        b.find("#evisa svg[role=\"img\"]").await?;
        b.assert_text(&b.t("visa-evisa-title")).await?;
        b.check_page().await?;
        b.screenshot("visa-evisa").await?;
        let token = b.api_login(applicant, PASSWORD).await?;
        let case = b
            .api(
                "GET",
                &format!("/api/v1/visa/applications/{rn}"),
                Some(&token),
                &Value::Null,
            )
            .await?;
        let qr = case["evisa"]["qr"].as_str().unwrap_or_default().to_owned();

        // Anyone verifies the payload on the public page.
        b.logout().await?;
        b.goto("/verify").await?;
        b.check_page().await?;
        b.fill("#qr", &qr).await?;
        b.click_button(&b.t("visa-verify-submit")).await?;
        b.assert_text(&b.t("visa-verify-title-valid")).await?;
        b.assert_text("Yuki Tanaka").await?;
        b.check_page().await?;
        b.screenshot("visa-verify").await
    }
);

//! Stay-permit journeys: a holder signs in, opens their permit from the
//! start page, files an extension, uploads its documents, submits and
//! pays at the simulated bank; an officer recommends from the work queue,
//! a supervisor approves, the holder sees the signed permit's QR code and
//! the public verification page says it is valid.

use std::path::{Path, PathBuf};

use imigrasi_platform::billing;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::harness::{Browser, PASSWORD, PAYMENT_SECRET, Step, days_ahead, journey};

const OFFICER: &str = "officer@denpasar.imigrasi.go.id";
const SUPERVISOR: &str = "supervisor@denpasar.imigrasi.go.id";

/// The documents an ITAS extension asks for.
const ITAS_DOCS: [&str; 3] = [
    "passport_bio_page",
    "stay_sponsor_letter",
    "residence_letter",
];

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
        let dir = std::env::temp_dir().join(format!("stay-journey-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir)?;
        for kind in ITAS_DOCS {
            std::fs::write(dir.join(format!("{kind}.pdf")), pdf())?;
        }
        Ok(Files(dir))
    }

    fn path(&self, kind: &str) -> PathBuf {
        self.0.join(format!("{kind}.pdf"))
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Attach a file through the application page's upload form.
async fn attach(b: &Browser, kind: &str, file: &Path) -> Step {
    b.select("#kind", kind).await?;
    b.find("#file")
        .await?
        .send_keys(&file.display().to_string())
        .await?;
    b.click_button(&b.t("stay-page-upload-submit")).await
}

/// The Denpasar officer registers an ITAS for `email` ending in 20 days
/// (its extension window is open); returns the permit number.
async fn permit_for(b: &Browser, email: &str) -> Step<String> {
    b.account(OFFICER, Role::Officer, Some("DENPASAR")).await?;
    let token = b.api_login(OFFICER, PASSWORD).await?;
    let body = json!({
        "kind": "ITAS",
        "holder": {
            "surname": "Smith", "given_names": "Jane Mary", "nationality": "AUS",
            "passport_number": "PJ2000001", "birth_date": "1990-05-01", "sex": "F",
            "email": email,
        },
        "address": { "line": "Jl. Raya Sanur 12", "regency": "51.71" },
        "valid_from": "2026-01-01",
        "valid_until": days_ahead(20),
        "origin_visa": "E23",
    });
    let v = b
        .api("POST", "/api/v1/stay/permits", Some(&token), &body)
        .await?;
    v["number"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("no permit number in {v}"))
}

journey!(stay_holder_files_an_extension, |b: Browser| async move {
    let files = Files::new()?;
    let holder = "jane@example.com";
    let number = permit_for(&b, holder).await?;
    b.account(holder, Role::Foreigner, None).await?;
    b.login(holder, PASSWORD).await?;

    // From the home page to the service, then the permit.
    b.goto("/").await?;
    b.follow(".card a[href=\"/stay\"]").await?;
    b.assert_path("/stay").await?;
    b.assert_text(&b.t("stay-page-mine-title")).await?;
    b.assert_text(&b.t("stay-page-applications-empty")).await?;
    b.check_page().await?;
    b.screenshot("stay-start").await?;
    b.follow(&format!("a[href=\"/stay/permits/{number}\"]"))
        .await?;
    b.assert_text(&number).await?;
    b.check_page().await?;
    b.screenshot("stay-permit").await?;

    // The extension: a draft, then its documents.
    b.click_button(&b.t("stay-page-apply-extension")).await?;
    let path = b.assert_path("/stay/applications/S-").await?;
    let rn = path
        .trim_start_matches("/stay/applications/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    b.assert_text(&b.t("stay-page-done-applied")).await?;
    b.check_page().await?;
    // Submitting too early names what is missing.
    b.click_button(&b.t("stay-page-submit-button")).await?;
    b.assert_text(&b.t("stay-page-doc-residence-letter"))
        .await?;
    b.check_page().await?;
    for kind in ITAS_DOCS {
        attach(&b, kind, &files.path(kind)).await?;
        b.assert_text(&b.t("stay-page-done-uploaded")).await?;
    }

    // Submit: the bill.
    b.click_button(&b.t("stay-page-submit-button")).await?;
    b.assert_text(&b.t("stay-page-done-submitted")).await?;
    b.assert_text(&b.t("stay-page-status-awaiting-payment"))
        .await?;
    b.assert_text("Rp 1.500.000").await?;
    b.check_page().await?;
    b.screenshot("stay-awaiting-payment").await?;
    let code = b.text("[data-billing-code]").await?;
    if code.len() != 15 {
        anyhow::bail!("billing code {code:?}");
    }

    // Pay at the simulated bank, then follow the timeline.
    b.click_link(&b.t("stay-page-payment-demo-bank")).await?;
    b.assert_text(&b.t("appt-bank-bill")).await?;
    b.follow("form[action=\"/demo/bank/pay\"] button").await?;
    b.goto(&format!("/stay/applications/{rn}")).await?;
    b.assert_text(&b.t("stay-page-status-note-in-review"))
        .await?;
    let timeline = b.text("#timeline").await?;
    for key in [
        "stay-page-status-draft",
        "stay-page-status-awaiting-payment",
        "stay-page-status-in-review",
    ] {
        if !timeline.contains(&b.t(key)) {
            anyhow::bail!("the timeline lacks {key}: {timeline}");
        }
    }
    b.check_page().await?;
    // The permit is in process and lists the application.
    b.goto(&format!("/stay/permits/{number}")).await?;
    b.assert_text(&b.t("stay-page-permit-status-in-process"))
        .await?;
    b.assert_text(&rn).await?;
    b.check_page().await
});

/// An ITAS extension filed, documented, submitted and paid through the
/// API by `email`; returns the permit and register numbers.
async fn paid_extension(b: &Browser, email: &str) -> Step<(String, String)> {
    let number = permit_for(b, email).await?;
    b.account(email, Role::Foreigner, None).await?;
    let token = b.api_login(email, PASSWORD).await?;
    let v = b
        .api(
            "POST",
            "/api/v1/stay/applications",
            Some(&token),
            &json!({"kind": "extension", "permit_number": number}),
        )
        .await?;
    let rn = v["register_number"].as_str().unwrap_or_default().to_owned();
    let http = reqwest::Client::new();
    for kind in ITAS_DOCS {
        let boundary = "journeyBoundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{kind}.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(&pdf());
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let res = http
            .post(b.url(&format!("/api/v1/stay/applications/{rn}/documents")))
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
            &format!("/api/v1/stay/applications/{rn}/submit"),
            Some(&token),
            &json!({}),
        )
        .await?;
    let payment = &v["payment"];
    let body = json!({"billing_code": payment["billing_code"], "ntpn": "STAYJRNY00000001",
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
    Ok((number, rn))
}

journey!(
    stay_officer_recommends_and_supervisor_approves,
    |b: Browser| async move {
        let holder = "yuki@example.com";
        let (number, rn) = paid_extension(&b, holder).await?;

        // The officer: queue → application → recommend approval.
        b.login(OFFICER, PASSWORD).await?;
        // The permit search (the form posts: no name in the address).
        b.goto("/stay/permits").await?;
        b.check_page().await?;
        b.fill("#q", "smith").await?;
        b.click_button(&b.t("stay-page-search-submit")).await?;
        b.assert_path("/stay/permits").await?;
        b.assert_text(&number).await?;
        b.check_page().await?;
        b.click_link(&b.t("stay-page-list-in-process")).await?;
        b.assert_text(&number).await?;
        b.goto("/stay").await?;
        b.follow("main a[href=\"/stay/queue\"]").await?;
        b.check_page().await?;
        b.screenshot("stay-queue").await?;
        b.follow(&format!("a[href=\"/stay/applications/{rn}\"]"))
            .await?;
        b.assert_text(&b.t("stay-page-decision-recommend-approve"))
            .await?;
        b.check_page().await?;
        b.choose("#decision-first").await?;
        b.fill("#reason", "Sponsor letter and residence letter in order.")
            .await?;
        b.click_button(&b.t("stay-page-decision-submit")).await?;
        b.assert_text(&b.t("stay-page-done-decided")).await?;
        b.assert_text(&b.t("stay-page-status-recommended")).await?;
        b.logout().await?;

        // A supervisor approves.
        b.account(SUPERVISOR, Role::Supervisor, Some("DENPASAR"))
            .await?;
        b.login(SUPERVISOR, PASSWORD).await?;
        b.goto(&format!("/stay/applications/{rn}")).await?;
        b.assert_text(&b.t("stay-page-recommendation-approve"))
            .await?;
        b.check_page().await?;
        b.choose("#decision-first").await?;
        b.click_button(&b.t("stay-page-decision-submit")).await?;
        b.assert_text(&b.t("stay-page-done-decided")).await?;
        b.assert_text(&b.t("stay-page-issued-title")).await?;
        b.logout().await?;

        // The holder sees the approved application with the QR code.
        b.login(holder, PASSWORD).await?;
        b.goto(&format!("/stay/applications/{rn}")).await?;
        b.assert_text(&b.t("stay-page-status-approved")).await?;
        b.find("#issued svg[role=\"img\"]").await?;
        b.assert_text(&number).await?;
        b.check_page().await?;
        b.screenshot("stay-approved").await?;
        let token = b.api_login(holder, PASSWORD).await?;
        let v = b
            .api(
                "GET",
                &format!("/api/v1/stay/applications/{rn}"),
                Some(&token),
                &Value::Null,
            )
            .await?;
        let qr = v["issued"]["qr"].as_str().unwrap_or_default().to_owned();

        // Anyone verifies the signed permit on the public page.
        b.follow("#issued a[href=\"/verify\"]").await?;
        b.logout().await?;
        b.goto("/verify").await?;
        b.fill("#qr", &qr).await?;
        b.click_button(&b.t("visa-verify-submit")).await?;
        b.assert_text(&b.t("visa-verify-title-stay-permit-valid"))
            .await?;
        b.assert_text(&number).await?;
        b.check_page().await
    }
);

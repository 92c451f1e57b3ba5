//! The Visa Online pages over HTTP (no browser): the public verification
//! page, the applicant's pages (apply, upload with refusals naming the
//! file, submit, pay, withdraw) and the officer's (queue, case, decision
//! with the two-person rule in words, revoke), in both languages.

use imigrasi_platform::policy::Role;
use serde_json::Value;

use crate::both_databases;
use crate::helpers::TestApp;
use crate::helpers::pages::form_en as form;
use crate::helpers::visa::{JPEG, arrival, pay, pdf};

/// GET a page as `token`; returns status and HTML, fully translated.
async fn page(app: &TestApp, token: Option<&str>, path: &str, lang: &str) -> (u16, String) {
    let mut req = app
        .client
        .get(app.url(path))
        .header("accept-language", lang);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let html = res.text().await.unwrap();
    assert!(
        !html.contains("Unknown localization") && !html.contains(">visa-"),
        "{path} ({lang}) has an untranslated message:\n{html}"
    );
    (status, html)
}

/// Upload through the page's multipart form.
async fn upload(
    app: &TestApp,
    token: &str,
    rn: &str,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, String) {
    let boundary = "xXpageBoundaryXx";
    // As a browser declares it: from the file name's extension.
    let declared = match name.rsplit('.').next() {
        Some("jpg") => "image/jpeg",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    };
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {declared}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let res = app
        .client
        .post(app.url(&format!("/visa/applications/{rn}/documents")))
        .bearer_auth(token)
        .header("accept-language", "en")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

fn billing_code(html: &str) -> String {
    let start = html.find("data-billing-code>").unwrap() + "data-billing-code>".len();
    html[start..start + 15].to_owned()
}

async fn the_verification_page_says_what_a_payload_is(app: TestApp) {
    for lang in ["id", "en"] {
        let (status, html) = page(&app, None, "/verify", lang).await;
        assert_eq!(status, 200);
        assert!(html.contains("name=\"qr\"") && html.contains("/assets/visa/scan.js"));
    }
    let res = app
        .client
        .get(app.url("/assets/visa/scan.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("BarcodeDetector"));
    let anyone = app.staff("anyone@example.com", Role::Foreigner, None).await;
    let (status, _, html) = form(&app, &anyone, "/verify", &[("qr", "  ")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("Paste the text of the QR code"));
    let (status, _, html) = form(&app, &anyone, "/verify", &[("qr", "IMG1.nonsense")]).await;
    assert_eq!(status, 200);
    assert!(html.contains("Not a valid document") && html.contains("data-verdict=\"malformed\""));
}
both_databases!(the_verification_page_says_what_a_payload_is);

async fn an_application_from_start_to_e_visa_through_the_pages(app: TestApp) {
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let (status, html) = page(&app, Some(&jane), "/visa", "en").await;
    assert_eq!(status, 200);
    assert!(html.contains("/visa/apply?type=C1") && !html.contains("/visa/apply?type=C2"));
    let (_, html) = page(&app, Some(&jane), "/visa/applications", "id").await;
    assert!(html.contains("Anda belum memiliki permohonan visa"));
    let (status, html) = page(&app, Some(&jane), "/visa/apply?type=C1", "en").await;
    assert_eq!(status, 200);
    assert!(html.contains("Bank statement") && html.contains("value=\"jane@example.com\""));

    // Field errors next to their fields.
    let bad = [
        ("visa_type", "C1"),
        ("surname", "Smith"),
        ("given_names", "Jane"),
        ("nationality", "Australia"),
        ("passport_number", "PG1234567"),
        ("passport_expiry", "2035-01-31"),
        ("birth_date", "1990-05-01"),
        ("sex", "F"),
        ("email", "jane@example.com"),
        ("intended_arrival", ""),
    ];
    let (status, _, html) = form(&app, &jane, "/visa/apply", &bad).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("id=\"nationality-error\"") && html.contains("id=\"intended_arrival-error\"")
    );
    let arrival = arrival();
    let mut good = bad;
    good[3] = ("nationality", "AUS");
    good[9] = ("intended_arrival", arrival.as_str());
    let (status, location, _) = form(&app, &jane, "/visa/apply", &good).await;
    assert_eq!(status, 303, "{location}");
    let rn = location
        .strip_prefix("/visa/applications/")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let (_, html) = page(&app, Some(&jane), &location, "en").await;
    assert!(html.contains("saved as a draft") && html.contains("data-status=\"draft\""));

    // Uploads: a refusal names the file and the reason.
    let (status, html) = upload(
        &app,
        &jane,
        &rn,
        "photo",
        "holiday.exe",
        b"MZ\x90\0binary".to_vec(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        html.contains("holiday.exe") && html.contains("id=\"file-error\""),
        "{html}"
    );
    let (status, html) = upload(
        &app,
        &jane,
        &rn,
        "photo",
        "big.jpg",
        vec![0xff; 2 * 1024 * 1024 + 10],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("big.jpg") && html.contains("2 MiB"));
    let (_, _, html) = form(&app, &jane, &format!("/visa/applications/{rn}/submit"), &[]).await;
    assert!(html.contains("Documents are missing") && html.contains("Passport bio page"));
    for (kind, name, bytes) in [
        ("passport_bio_page", "bio.pdf", pdf(3000)),
        ("photo", "me.jpg", JPEG.to_vec()),
        ("bank_statement", "bank.pdf", pdf(4000)),
    ] {
        let (status, _) = upload(&app, &jane, &rn, kind, name, bytes).await;
        assert_eq!(status, 303, "{kind}");
    }
    let (status, location, _) =
        form(&app, &jane, &format!("/visa/applications/{rn}/submit"), &[]).await;
    assert_eq!(
        (status, location.as_str()),
        (
            303,
            format!("/visa/applications/{rn}?done=submitted").as_str()
        )
    );
    let (_, html) = page(&app, Some(&jane), &format!("/visa/applications/{rn}"), "id").await;
    assert!(html.contains("Menunggu pembayaran") && html.contains("Rp 1.500.000"));
    let code = billing_code(&html);
    let paid: Value = pay(&app, &code, 1_500_000, "PAGE000000000001")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(paid["status"], "paid");

    // The officer's queue and case; the recommender may not approve.
    let officer = app
        .staff("officer@ditjen.example.id", Role::Officer, Some("DITJEN"))
        .await;
    let (status, html) = page(&app, Some(&officer), "/visa/queue", "en").await;
    assert_eq!(status, 200);
    assert!(html.contains(&rn) && html.contains("0 days"));
    let (_, html) = page(
        &app,
        Some(&officer),
        "/visa/queue?status=approved&type=C1&min_age=3",
        "en",
    )
    .await;
    assert!(html.contains("No application matches these filters"));
    let (status, html) = page(
        &app,
        Some(&officer),
        &format!("/visa/applications/{rn}"),
        "en",
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Recommend approval") && !html.contains("Approve (the e-Visa is issued)")
    );
    let file_link = html
        .split(&format!("/visa/applications/{rn}/files/"))
        .nth(1)
        .unwrap();
    let id = &file_link[..36];
    let res = app
        .client
        .get(app.url(&format!("/visa/applications/{rn}/files/{id}")))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.bytes().await.unwrap().len() >= 20);
    let other = app.staff("other@example.com", Role::Foreigner, None).await;
    let (status, _) = page(
        &app,
        Some(&other),
        &format!("/visa/applications/{rn}"),
        "en",
    )
    .await;
    assert_eq!(status, 404);
    let res = app
        .client
        .get(app.url(&format!("/visa/applications/{rn}/files/{id}")))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // A request for information needs a reason; the applicant answers it.
    let decision = format!("/visa/applications/{rn}/decision");
    let (status, _, html) = form(
        &app,
        &officer,
        &decision,
        &[("decision", "request_info"), ("reason", " ")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"reason-error\""), "{html}");
    let (status, _, _) = form(
        &app,
        &officer,
        &decision,
        &[
            ("decision", "request_info"),
            ("reason", "The bank statement is unreadable"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = page(&app, Some(&jane), &format!("/visa/applications/{rn}"), "en").await;
    assert!(
        html.contains("Information requested") && html.contains("The bank statement is unreadable")
    );
    assert!(html.contains("Send the application back"));
    let (status, _) = upload(&app, &jane, &rn, "bank_statement", "bank2.pdf", pdf(5000)).await;
    assert_eq!(status, 303);
    let (status, _, _) = form(&app, &jane, &format!("/visa/applications/{rn}/submit"), &[]).await;
    assert_eq!(status, 303);
    let (_, html) = page(
        &app,
        Some(&officer),
        &format!("/visa/applications/{rn}"),
        "en",
    )
    .await;
    assert!(html.contains("data-status=\"in_review\""));

    let sup = app
        .staff("sup@ditjen.example.id", Role::Supervisor, Some("DITJEN"))
        .await;
    let (status, location, _) = form(
        &app,
        &sup,
        &format!("/visa/applications/{rn}/decision"),
        &[("decision", "recommend_approve"), ("reason", "")],
    )
    .await;
    assert_eq!(status, 303, "{location}");
    let (status, _, html) = form(
        &app,
        &sup,
        &format!("/visa/applications/{rn}/decision"),
        &[("decision", "approve"), ("reason", "")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("cannot also approve or reject"), "{html}");
    let sup2 = app
        .staff("sup2@ditjen.example.id", Role::Supervisor, Some("DITJEN"))
        .await;
    let (status, _, _) = form(
        &app,
        &sup2,
        &format!("/visa/applications/{rn}/decision"),
        &[("decision", "approve"), ("reason", "")],
    )
    .await;
    assert_eq!(status, 303);

    // The applicant sees the e-Visa with its QR code; the page verifies it.
    let (_, html) = page(&app, Some(&jane), &format!("/visa/applications/{rn}"), "en").await;
    assert!(
        html.contains("<svg role=\"img\"")
            && html.contains(&format!("/api/v1/visa/applications/{rn}/evisa.pdf"))
    );
    assert!(html.contains("Approved") && !html.contains("Withdraw the application"));
    let case: Value = app
        .get(&format!("/api/v1/visa/applications/{rn}"), Some(&jane))
        .await
        .json()
        .await
        .unwrap();
    let qr = case["evisa"]["qr"].as_str().unwrap().to_owned();
    let number = case["evisa"]["number"].as_str().unwrap().to_owned();
    let (_, _, html) = form(&app, &jane, "/verify", &[("qr", &qr)]).await;
    assert!(
        html.contains("Genuine and valid")
            && html.contains("Jane Smith")
            && html.contains("PG1234567")
    );

    // A supervisor revokes; the page then says so.
    let (status, _, html) = form(
        &app,
        &sup2,
        &format!("/visa/evisas/{number}/revoke"),
        &[("register_number", &rn), ("reason", "")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"revoke-reason-error\""));
    let (status, _, _) = form(
        &app,
        &sup2,
        &format!("/visa/evisas/{number}/revoke"),
        &[
            ("register_number", &rn),
            ("reason", "Fraudulent bank statement"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, _, html) = form(&app, &jane, "/verify", &[("qr", &qr)]).await;
    assert!(html.contains("Genuine, but revoked"));
    let (_, html) = page(&app, Some(&jane), "/visa/applications", "en").await;
    assert!(html.contains(&rn) && html.contains("Approved"));
}
both_databases!(an_application_from_start_to_e_visa_through_the_pages);

async fn withdrawing_and_sponsoring_through_the_pages(app: TestApp) {
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let arrival = arrival();
    let fields = [
        ("visa_type", "C1"),
        ("surname", "Smith"),
        ("given_names", "Jane"),
        ("nationality", "AUS"),
        ("passport_number", "PH1234567"),
        ("passport_expiry", "2035-01-31"),
        ("birth_date", "1990-05-01"),
        ("sex", "F"),
        ("email", "jane@example.com"),
        ("intended_arrival", arrival.as_str()),
    ];
    let (_, location, _) = form(&app, &jane, "/visa/apply", &fields).await;
    let rn = location
        .trim_start_matches("/visa/applications/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let (status, location, _) = form(
        &app,
        &jane,
        &format!("/visa/applications/{rn}/withdraw"),
        &[],
    )
    .await;
    assert_eq!(status, 303, "{location}");
    let (_, html) = page(&app, Some(&jane), &location, "en").await;
    assert!(
        html.contains("The application is withdrawn") && html.contains("data-status=\"withdrawn\"")
    );
    let (status, _, html) = form(
        &app,
        &jane,
        &format!("/visa/applications/{rn}/withdraw"),
        &[],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("not in a state that allows this step"));
    // A foreigner may not apply for a sponsored type; the page says why.
    let mut c2 = fields;
    c2[0] = ("visa_type", "C2");
    let (status, _, html) = form(&app, &jane, "/visa/apply", &c2).await;
    assert_eq!(status, 422);
    assert!(html.contains("needs an Indonesian sponsor"));

    // A sponsor records the profile, then applies for a named foreigner.
    let sponsor = app
        .staff("hr@company.example.id", Role::Sponsor, None)
        .await;
    let (_, html) = page(&app, Some(&sponsor), "/visa/sponsor", "en").await;
    assert!(html.contains("You have no sponsor profile yet"));
    let (status, _, html) = form(
        &app,
        &sponsor,
        "/visa/sponsor",
        &[
            ("kind", "company"),
            ("id_number", "123"),
            ("name", "PT Contoh"),
            ("regency", "99.99"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"id_number-error\""));
    let (status, location, _) = form(
        &app,
        &sponsor,
        "/visa/sponsor",
        &[
            ("kind", "company"),
            ("id_number", "1234567890123"),
            ("name", "PT Contoh Maju"),
            ("regency", "31.71"),
        ],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/visa/sponsor?done=saved")
    );
    let (_, html) = page(&app, Some(&sponsor), "/visa", "en").await;
    assert!(html.contains("/visa/apply?type=C2") && !html.contains("/visa/apply?type=C1"));
    let mut named = c2;
    named[8] = ("email", "worker@example.com");
    let (status, location, _) = form(&app, &sponsor, "/visa/apply", &named).await;
    assert_eq!(status, 303, "{location}");
    let (_, html) = page(&app, Some(&sponsor), &location, "en").await;
    assert!(
        html.contains("JKT-PUSAT") && html.contains("Sponsor&#39;s letter"),
        "{html}"
    );
    let worker = app.staff("worker@example.com", Role::Foreigner, None).await;
    let rn = location
        .trim_start_matches("/visa/applications/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let (_, html) = page(&app, Some(&worker), "/visa/applications", "en").await;
    assert!(html.contains(&rn));
}
both_databases!(withdrawing_and_sponsoring_through_the_pages);

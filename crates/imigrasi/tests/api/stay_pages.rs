//! The stay-permit pages over HTTP (no browser): the holder's start page
//! and permit, an extension filed, documented, submitted and paid through
//! the forms; refusals in words; another holder's 404; the officer's queue,
//! permit search and decision with the two-person rule in words; the
//! signed permit's QR code; both languages.

use imigrasi_platform::policy::Role;
use serde_json::json;

use crate::both_databases;
use crate::helpers::documents::pdf;
use crate::helpers::pages::form_en as form;
use crate::helpers::pages::{page, post_form};
use crate::helpers::stay::{denpasar_staff, permit, plus_days, registered, today_in};
use crate::helpers::{TestApp, count};

const ITAS_DOCS: &[&str] = &[
    "passport_bio_page",
    "stay_sponsor_letter",
    "residence_letter",
];

/// GET a page as `token`; no message id may show raw.
async fn get(app: &TestApp, token: &str, path: &str, lang: &str) -> (u16, String) {
    let (status, html) = page(app, path, lang, Some(token)).await;
    assert!(
        !html.contains(">stay-page-") && !html.contains(" stay-page-"),
        "{path} ({lang}) shows a message id:\n{html}"
    );
    (status, html)
}

/// Upload a PDF through the application page's multipart form.
async fn upload(app: &TestApp, token: &str, rn: &str, kind: &str) -> (u16, String) {
    upload_file(app, token, rn, kind, &format!("{kind}.pdf"), pdf(3000)).await
}

/// Upload `bytes` named `name` through the page's multipart form; returns
/// the status and the `Location` (or the page, when refused).
async fn upload_file(
    app: &TestApp,
    token: &str,
    rn: &str,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, String) {
    let boundary = "xXstayBoundaryXx";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let res = app
        .client
        .post(app.url(&format!("/stay/applications/{rn}/documents")))
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
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    if location.is_empty() {
        return (status, res.text().await.unwrap());
    }
    (status, location)
}

fn billing_code(html: &str) -> String {
    let start = html.find("data-billing-code>").unwrap() + "data-billing-code>".len();
    html[start..start + 15].to_owned()
}

/// The register number of an application page's address.
fn register_number(location: &str) -> String {
    location
        .strip_prefix("/stay/applications/")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}

/// An ITAS for jane@example.com in Denpasar ending in `days` days.
async fn jane_permit(app: &TestApp, officer: &str, days: i64) -> String {
    let body = permit(
        "jane@example.com",
        "PE3000001",
        "2026-01-01",
        &plus_days(today_in("Asia/Makassar"), days),
    );
    let p = registered(app, officer, &body).await;
    p["number"].as_str().unwrap().to_owned()
}

async fn a_holder_files_an_extension_through_the_pages(app: TestApp) {
    let staff = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let bob = app.staff("bob@example.com", Role::Foreigner, None).await;
    let number = jane_permit(&app, &staff.0, 20).await;

    // The start page lists the permit, in both languages.
    let (status, html) = get(&app, &jane, "/stay", "en").await;
    assert_eq!(status, 200);
    assert!(html.contains("Your permits") && html.contains(&format!("/stay/permits/{number}")));
    assert!(html.contains("You have no applications yet"));
    let (_, html) = get(&app, &jane, "/stay", "id").await;
    assert!(html.contains("Izin tinggal Anda") && html.contains("Anda belum memiliki permohonan"));
    let (status, html) = get(&app, &jane, &format!("/stay/permits/{number}"), "en").await;
    assert_eq!(status, 200);
    assert!(html.contains("Apply for an extension") && html.contains("Jane Mary Smith"));
    assert!(html.contains("No applications about this permit yet"));
    let (_, html) = get(&app, &jane, &format!("/stay/permits/{number}"), "id").await;
    assert!(html.contains("Ajukan perpanjangan") && html.contains("Riwayat"));

    // Another holder sees nothing, and cannot file.
    let (status, _) = get(&app, &bob, &format!("/stay/permits/{number}"), "en").await;
    assert_eq!(status, 404);
    let path = format!("/stay/permits/{number}/applications");
    let (status, _, _) = form(&app, &bob, &path, &[("kind", "extension")]).await;
    assert_eq!(status, 404);
    let (_, html) = get(&app, &bob, "/stay", "en").await;
    assert!(html.contains("You have no stay permits yet"));

    // The extension, through the form.
    let (status, location, _) = form(&app, &jane, &path, &[("kind", "extension")]).await;
    assert_eq!(status, 303, "{location}");
    let rn = register_number(&location);
    let (_, html) = get(&app, &jane, &location, "en").await;
    assert!(html.contains("saved as a draft") && html.contains("data-status=\"draft\""));
    // One at a time: the refusal in words.
    let (status, _, html) = form(&app, &jane, &path, &[("kind", "extension")]).await;
    assert_eq!(status, 409);
    assert!(html.contains("already has an application") && html.contains("apply-extension-error"));
    // Submitting without documents names what is missing.
    let submit = format!("/stay/applications/{rn}/submit");
    let (status, _, html) = form(&app, &jane, &submit, &[]).await;
    assert_eq!(status, 409);
    assert!(html.contains("Documents are missing") && html.contains("Residence letter"));
    // A program is refused, naming the file, next to the file input.
    let exe = b"MZ\x90\0 not a document".to_vec();
    let (status, html) = upload_file(&app, &jane, &rn, "residence_letter", "setup.exe", exe).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("setup.exe") && html.contains("id=\"file-error\""),
        "{html}"
    );
    for kind in ITAS_DOCS {
        let (status, location) = upload(&app, &jane, &rn, kind).await;
        assert_eq!(status, 303, "{kind}");
        assert!(location.ends_with("done=uploaded"));
    }
    let (status, location, _) = form(&app, &jane, &submit, &[]).await;
    assert_eq!(status, 303);
    let (_, html) = get(&app, &jane, &location, "en").await;
    assert!(
        html.contains("Awaiting payment") && html.contains("Rp 1.500.000"),
        "{html}"
    );
    let code = billing_code(&html);
    let (_, html) = get(&app, &jane, &format!("/stay/permits/{number}"), "en").await;
    assert!(html.contains(&format!("/stay/applications/{rn}")));

    // The office's queue lists it; others are refused.
    let (status, html) = get(&app, &staff.0, "/stay/queue", "en").await;
    assert_eq!(status, 200);
    assert!(html.contains(&rn) && html.contains("Awaiting payment"));
    let (_, html) = get(&app, &staff.0, "/stay/queue?status=in_review", "id").await;
    assert!(!html.contains(&rn) && html.contains("Tidak ada permohonan yang sesuai"));
    let (_, html) = get(&app, &staff.0, "/stay/queue?min_age=1&kind=extension", "en").await;
    assert!(!html.contains(&rn) && html.contains("value=\"1\""));
    let (_, html) = get(&app, &staff.0, "/stay/queue?kind=extension", "en").await;
    assert!(html.contains(&rn));
    let (status, _) = get(&app, &jane, "/stay/queue", "en").await;
    assert_eq!(status, 403);
    let medan = app
        .staff("officer@medan.imigrasi.go.id", Role::Officer, Some("MEDAN"))
        .await;
    let (status, _) = get(&app, &medan, &format!("/stay/applications/{rn}"), "en").await;
    assert_eq!(status, 404);
    let (_, html) = get(&app, &medan, "/stay/queue", "en").await;
    assert!(!html.contains(&rn) && html.contains("No applications are waiting"));

    // Paid: in review.
    let ntpn = format!("STAYPG00{}", &rn[rn.len() - 8..]);
    let res = crate::helpers::passport::pay(&app, &code, 1_500_000, &ntpn).await;
    assert_eq!(res.status(), 200);
    let (_, html) = get(&app, &staff.0, "/stay/queue?status=in_review", "en").await;
    assert!(html.contains(&rn));
}
both_databases!(a_holder_files_an_extension_through_the_pages);

async fn refusals_and_the_staff_search_in_words(app: TestApp) {
    let staff = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    // Ending in 60 days: the ITAS window (30 days) is not open yet.
    let number = jane_permit(&app, &staff.0, 60).await;
    let path = format!("/stay/permits/{number}/applications");
    let (status, _, html) = form(&app, &jane, &path, &[("kind", "extension")]).await;
    assert_eq!(status, 409);
    let opens = plus_days(today_in("Asia/Makassar"), 30);
    assert!(
        html.contains("It is too early") && html.contains(&opens),
        "{html}"
    );
    // A field refused next to its field.
    let fields = [
        ("kind", "sponsor_change"),
        ("new_sponsor_email", "nobody@example.com"),
    ];
    let (status, _, html) = form(&app, &jane, &path, &fields).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"new_sponsor_email-error\"") && html.contains("nobody@example.com"));
    let fields = [("kind", "reentry_permit"), ("reentry_until", "2020-01-01")];
    let (status, _, html) = form(&app, &jane, &path, &fields).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"reentry_until-error\""));

    // Three days past the end: the overstay with its fine, and the
    // extension refused in words.
    let body = permit(
        "jane@example.com",
        "PE3000003",
        "2025-01-01",
        &plus_days(today_in("Asia/Makassar"), -3),
    );
    let ended = registered(&app, &staff.0, &body).await;
    let ended = ended["number"].as_str().unwrap().to_owned();
    let (_, html) = get(&app, &jane, "/stay", "en").await;
    assert!(
        html.contains("3 days past the end of the permit; fine owed Rp 3.000.000"),
        "{html}"
    );
    let (_, html) = get(&app, &jane, &format!("/stay/permits/{ended}"), "id").await;
    assert!(html.contains("denda terutang Rp 3.000.000"));
    let ended_path = format!("/stay/permits/{ended}/applications");
    let (status, _, html) = form(&app, &jane, &ended_path, &[("kind", "extension")]).await;
    assert_eq!(status, 409);
    assert!(html.contains("it can no longer be extended"), "{html}");

    // The same e-mail, not verified yet: no permit, and a pointer to the
    // account page.
    let res = app
        .post_json(
            "/api/v1/accounts",
            None,
            &json!({"email": "ken@example.com", "password": "correct horse 1",
                "full_name": "Ken Smith", "kind": "foreigner"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let ken = app.login("ken@example.com", "correct horse 1").await;
    let (_, html) = get(&app, &ken, "/stay", "en").await;
    assert!(html.contains("id=\"verify-email\"") && html.contains("You have no stay permits yet"));
    let (_, html) = get(&app, &jane, "/stay", "en").await;
    assert!(!html.contains("id=\"verify-email\""));

    // A report shows in the permit's history, with its receipt.
    let report = json!({"permit_number": number, "kind": "job",
        "details": {"employer": "PT Villa Sanur", "position": "Chef"}});
    let res = app
        .post_json("/api/v1/stay/reports", Some(&jane), &report)
        .await;
    assert_eq!(res.status(), 201);
    let receipt = res.json::<serde_json::Value>().await.unwrap()["receipt_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, html) = get(&app, &jane, &format!("/stay/permits/{number}"), "en").await;
    assert!(html.contains("Report filed") && html.contains(&format!("Change of job · {receipt}")));

    // Staff search (audited); the holder is sent to the start page.
    let (status, html) = get(&app, &staff.0, "/stay/permits", "en").await;
    assert_eq!(status, 200);
    assert!(html.contains(&number));
    let (status, _, html) = form(&app, &staff.0, "/stay/permits", &[("q", "smith")]).await;
    assert_eq!(status, 200);
    assert!(html.contains(&number) && html.contains("Jane Mary Smith"));
    let (_, _, html) = form(&app, &staff.0, "/stay/permits", &[("q", "Nobody")]).await;
    assert!(html.contains("No permit matches this search"));
    // The officers' lists.
    let (status, html) = get(&app, &staff.0, "/stay/permits?list=overstaying", "en").await;
    assert_eq!(status, 200);
    assert!(html.contains(&ended) && !html.contains(&format!("/stay/permits/{number}\"")));
    assert!(html.contains("fine owed Rp 3.000.000"));
    let (status, _) = get(
        &app,
        &staff.0,
        "/stay/permits?list=overstaying&after=IT-0000-NOPE",
        "en",
    )
    .await;
    assert_eq!(status, 400);
    let (_, html) = get(&app, &staff.0, "/stay/permits?list=in_process", "id").await;
    assert!(html.contains("Tidak ada izin dalam daftar ini"));
    let searches = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stay.search'";
    assert_eq!(count(&app, searches).await, 2);
    let (status, location, _) =
        post_form(&app, "/stay/permits", Some(&jane), None, &[("q", "x")]).await;
    assert_eq!((status, location.as_str()), (303, "/stay"));
    // The officer sees the permit with its history; the holder's forms are
    // not offered to staff.
    let (status, html) = get(&app, &staff.0, &format!("/stay/permits/{number}"), "id").await;
    assert_eq!(status, 200);
    assert!(html.contains("Dicatat") && !html.contains("Ajukan perpanjangan"));
    let (_, html) = get(&app, &staff.0, "/stay", "en").await;
    assert!(html.contains("href=\"/stay/queue\""));
    // An administrator reads the permit (audited), with no list of its own.
    let admin = app
        .staff("admin@imigrasi.go.id", Role::Administrator, None)
        .await;
    let (status, html) = get(&app, &admin, &format!("/stay/permits/{number}"), "en").await;
    assert_eq!(status, 200);
    assert!(html.contains("No applications about this permit yet"));
}
both_databases!(refusals_and_the_staff_search_in_words);

async fn a_decision_with_the_two_person_rule_and_the_signed_permit(app: TestApp) {
    let staff = denpasar_staff(&app).await;
    let second = app
        .staff(
            "sup2@denpasar.imigrasi.go.id",
            Role::Supervisor,
            Some("DENPASAR"),
        )
        .await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let number = jane_permit(&app, &staff.0, 20).await;
    let ext = json!({ "kind": "extension", "permit_number": number });
    let rn = crate::helpers::stay::applied(&app, &jane, &ext).await;
    crate::helpers::stay::attach_documents(&app, &jane, &rn, ITAS_DOCS).await;
    let (code, amount, _) = crate::helpers::stay::submit(&app, &jane, &rn).await;
    let ntpn = format!("STAYDC00{}", &rn[rn.len() - 8..]);
    let res = crate::helpers::passport::pay(&app, &code, amount, &ntpn).await;
    assert_eq!(res.status(), 200);

    let case = format!("/stay/applications/{rn}");
    let decision = format!("{case}/decision");
    let (status, html) = get(&app, &staff.1, &case, "en").await;
    assert_eq!(status, 200);
    assert!(html.contains("Recommend approval") && html.contains("In review"));
    // No decision chosen; a rejection without a reason.
    let (status, _, html) = form(&app, &staff.1, &decision, &[("reason", "")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"decision-error\""));
    let fields = [("decision", "recommend_reject"), ("reason", "")];
    let (status, _, html) = form(&app, &staff.1, &decision, &fields).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"reason-error\""), "{html}");
    // The officer asks for more; the holder answers on the page.
    let fields = [
        ("decision", "request_info"),
        ("reason", "Upload a clearer residence letter."),
    ];
    let (status, _, _) = form(&app, &staff.0, &decision, &fields).await;
    assert_eq!(status, 303);
    let (_, html) = get(&app, &jane, &case, "en").await;
    assert!(
        html.contains("Information requested")
            && html.contains("Upload a clearer residence letter.")
    );
    assert!(
        html.contains("Send the application back") && html.contains("action=\"/stay/applications/")
    );
    let (status, _) = upload(&app, &jane, &rn, "residence_letter").await;
    assert_eq!(status, 303);
    let (status, _, _) = form(&app, &jane, &format!("{case}/submit"), &[]).await;
    assert_eq!(status, 303);
    // The supervisor recommends, then may not approve their own.
    let fields = [("decision", "recommend_approve"), ("reason", "")];
    let (status, location, _) = form(&app, &staff.1, &decision, &fields).await;
    assert_eq!(status, 303, "{location}");
    let (_, html) = get(&app, &staff.1, &case, "id").await;
    assert!(html.contains("Direkomendasikan") && html.contains("persetujuan"));
    let fields = [("decision", "approve"), ("reason", "")];
    let (status, _, html) = form(&app, &staff.1, &decision, &fields).await;
    assert_eq!(status, 409);
    assert!(html.contains("another supervisor must decide"), "{html}");
    let (status, _, _) = form(&app, &second, &decision, &fields).await;
    assert_eq!(status, 303);

    // The holder sees the approved application with the signed permit.
    for lang in ["en", "id"] {
        let (status, html) = get(&app, &jane, &case, lang).await;
        assert_eq!(status, 200);
        assert!(html.contains("data-status=\"approved\"") && html.contains("<svg role=\"img\""));
        assert!(html.contains("href=\"/verify\"") && html.contains(&number));
    }
    let (_, html) = get(&app, &jane, &case, "en").await;
    assert!(html.contains("Signed stay permit"));
    let (_, html) = get(&app, &jane, &format!("/stay/permits/{number}"), "en").await;
    assert!(html.contains("Extended") && html.contains("Approved"));
}
both_databases!(a_decision_with_the_two_person_rule_and_the_signed_permit);

async fn a_new_sponsor_accepts_a_sponsor_change_on_the_page(app: TestApp) {
    let staff = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let old = app.staff("hr@villa.example.id", Role::Sponsor, None).await;
    let new = app.staff("hr@resort.example.id", Role::Sponsor, None).await;
    let other = app.staff("hr@other.example.id", Role::Sponsor, None).await;
    let mut body = permit(
        "jane@example.com",
        "PE3000002",
        "2026-01-01",
        &plus_days(today_in("Asia/Makassar"), 200),
    );
    body["sponsor_email"] = json!("hr@villa.example.id");
    let p = registered(&app, &staff.0, &body).await;
    let number = p["number"].as_str().unwrap().to_owned();
    let (_, html) = get(&app, &old, "/stay", "en").await;
    assert!(html.contains("Permits you sponsor") && html.contains(&number));
    let (_, html) = get(&app, &new, "/stay", "id").await;
    assert!(html.contains("Anda belum menjamin izin tinggal apa pun"));

    let path = format!("/stay/permits/{number}/applications");
    let fields = [
        ("kind", "sponsor_change"),
        ("new_sponsor_email", "hr@resort.example.id"),
    ];
    let (status, location, _) = form(&app, &jane, &path, &fields).await;
    assert_eq!(status, 303, "{location}");
    let rn = register_number(&location);
    let case = format!("/stay/applications/{rn}");
    let (_, html) = get(&app, &jane, &case, "en").await;
    assert!(html.contains("id=\"sponsor-waiting\"") && !html.contains("id=\"accept-sponsor\""));
    // The new sponsor finds it on the start page and accepts; nobody else
    // can.
    let (_, html) = get(&app, &new, "/stay", "en").await;
    assert!(html.contains(&case));
    let (status, html) = get(&app, &new, &case, "en").await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"accept-sponsor\"") && !html.contains("id=\"decision\""));
    let accept = format!("{case}/accept");
    for token in [&other, &jane] {
        let (status, _, _) = form(&app, token, &accept, &[]).await;
        assert_eq!(status, 404);
    }
    let (status, _) = get(&app, &other, &case, "en").await;
    assert_eq!(status, 404);
    let (status, location, _) = form(&app, &new, &accept, &[]).await;
    assert_eq!(status, 303);
    let (_, html) = get(&app, &new, &location, "en").await;
    assert!(
        html.contains("You accepted to sponsor this permit")
            && !html.contains("id=\"accept-sponsor\"")
    );
    // Twice is refused in words.
    let (status, _, html) = form(&app, &new, &accept, &[]).await;
    assert_eq!(status, 409);
    assert!(html.contains("not in a state that allows this step"));
    let (_, html) = get(&app, &jane, &case, "id").await;
    assert!(html.contains("data-sponsor-accepted=\"true\"") && html.contains("Sudah menyetujui"));
}
both_databases!(a_new_sponsor_accepts_a_sponsor_change_on_the_page);

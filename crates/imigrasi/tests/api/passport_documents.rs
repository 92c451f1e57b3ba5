//! Issue 14, documents per applicant: the checklist a booking requires
//! (adult or child, by service), uploads through the platform's documents
//! part (`POST /api/v1/passport/bookings/{code}/documents`), refusals, the
//! application number and NTPN once paid, the booking page and proof, and
//! the officer at the counter opening a file (audited).

use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::documents::{JPEG, PNG, Part, attach, pdf};
use crate::helpers::floor::{booking, check_in, person, setup, years_ago};
use crate::helpers::pages::{page, post_form};
use crate::helpers::passport::{applicant, days_ahead, slot};
use crate::helpers::{TestApp, count, error_code, today};

fn docs_path(code: &str) -> String {
    format!("/api/v1/passport/bookings/{code}/documents")
}

fn jpeg(kind: &str) -> Part<'_> {
    Part {
        kind,
        file_name: "scan.jpg",
        content_type: "image/jpeg",
        bytes: JPEG,
    }
}

async fn view(app: &TestApp, token: &str, code: &str) -> Value {
    let res = app
        .get(&format!("/api/v1/passport/bookings/{code}"), Some(token))
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

fn kinds(v: &Value) -> Vec<String> {
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap().to_owned())
        .collect()
}

fn item<'a>(v: &'a Value, kind: &str) -> &'a Value {
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("{kind} in {v}"))
}

/// Book `applicant` on `slot` for `service`; returns the booking's view.
async fn book_for(app: &TestApp, token: &str, slot: &str, who: Value, service: &str) -> Value {
    let res = app
        .post_json(
            "/api/v1/passport/bookings",
            Some(token),
            &json!({"slot_id": slot, "applicant": who, "passport_type": "regular", "service": service}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

async fn checklists_by_applicant_and_service(app: TestApp) {
    let floor = setup(&app).await;
    let (code, citizen) = booking(&app, &floor.slot_today, 1, false).await;
    let adult = view(&app, &citizen, &code).await;
    assert_eq!(
        kinds(&adult),
        ["ektp", "family_card", "birth_marriage_or_diploma"]
    );
    for d in adult["documents"].as_array().unwrap() {
        assert_eq!(
            (&d["required"], &d["uploaded"]),
            (&json!(true), &json!(false))
        );
        assert!(d.get("document_id").is_none());
    }
    assert!(adult.get("application_number").is_none() && adult.get("ntpn").is_none());

    // Renewal: the old passport too, already in the booking's answer.
    let renewal = book_for(&app, &citizen, &floor.slot_today, applicant(2), "renewal").await;
    assert_eq!(
        kinds(&renewal),
        [
            "ektp",
            "family_card",
            "birth_marriage_or_diploma",
            "old_passport"
        ]
    );
    // A data change: the old passport and the evidence.
    let change = book_for(
        &app,
        &citizen,
        &floor.slot_today,
        applicant(3),
        "data_change",
    )
    .await;
    assert_eq!(
        kinds(&change)[3..],
        ["old_passport", "data_change_evidence"]
    );

    // A child of 10: no e-KTP, the parents' papers.
    let child = book_for(
        &app,
        &citizen,
        &floor.slot_today,
        person(years_ago(10), true, 4),
        "new",
    )
    .await;
    assert_eq!(
        kinds(&child),
        [
            "family_card",
            "birth_certificate",
            "father_ektp",
            "mother_ektp",
            "father_passport",
            "mother_passport",
            "parents_marriage_book",
            "parents_statement"
        ]
    );
    let child_code = child["code"].as_str().unwrap();
    assert_eq!(
        kinds(&view(&app, &citizen, child_code).await),
        kinds(&child)
    );

    // A lost passport is replaced at the counter (no online booking); a
    // booking of that service (made there) asks for the police report.
    db::exec(
        &app.state.db,
        "UPDATE passport_bookings SET service = 'replacement_lost' WHERE code = $1",
        [code.clone().into()],
    )
    .await
    .unwrap();
    let lost = view(&app, &citizen, &code).await;
    assert_eq!(kinds(&lost)[3..], ["police_report"]);
    let res = attach(&app, &citizen, &docs_path(&code), jpeg("police_report")).await;
    assert_eq!(res.status(), 201);
}
both_databases!(checklists_by_applicant_and_service);

async fn uploads_and_refusals(app: TestApp) {
    let floor = setup(&app).await;
    // A session ahead: the booking can still be cancelled at the end.
    let ahead = slot(&app, &floor.sup, &days_ahead(3), "08:00", "10:00", 5, None).await;
    let (code, citizen) = booking(&app, &ahead, 1, false).await;
    let path = docs_path(&code);

    let res = attach(&app, &citizen, &path, jpeg("ektp")).await;
    assert_eq!(res.status(), 201);
    let first: Value = res.json().await.unwrap();
    assert_eq!(first["kind"], "ektp");
    assert_eq!(first["content_type"], "image/jpeg");
    let v = view(&app, &citizen, &code).await;
    assert_eq!(item(&v, "ektp")["uploaded"], true);
    assert_eq!(item(&v, "ektp")["document_id"], first["id"]);
    assert_eq!(item(&v, "family_card")["uploaded"], false);

    // Again: kept as history, the checklist shows the latest.
    let scan = pdf(3000);
    let again = Part {
        kind: "ektp",
        file_name: "ktp.pdf",
        content_type: "application/pdf",
        bytes: &scan,
    };
    let res = attach(&app, &citizen, &path, again).await;
    assert_eq!(res.status(), 201);
    let second: Value = res.json().await.unwrap();
    let v = view(&app, &citizen, &code).await;
    assert_eq!(item(&v, "ektp")["document_id"], second["id"]);
    assert_eq!(item(&v, "ektp")["content_type"], "application/pdf");
    let sql = "SELECT COUNT(*) AS n FROM documents WHERE service = 'passport' AND kind = 'ektp'";
    assert_eq!(count(&app, sql).await, 2);
    // The owner reads it through the platform's route too.
    let id = second["id"].as_str().unwrap();
    let res = app
        .get(&format!("/api/v1/documents/{id}"), Some(&citizen))
        .await;
    assert_eq!(res.status(), 200);

    // Kinds: unknown, a platform kind of no booking, one not required.
    for (kind, code_expected) in [
        ("selfie", "unknown_document_kind"),
        ("photo", "unknown_document_kind"),
        ("police_report", "document_not_required"),
        ("father_ektp", "document_not_required"),
    ] {
        let res = attach(&app, &citizen, &path, jpeg(kind)).await;
        assert_eq!(
            error_code(res).await,
            (422, code_expected.to_owned()),
            "{kind}"
        );
    }
    let res = attach(&app, &citizen, &path, jpeg("police_report")).await;
    let v: Value = res.json().await.unwrap();
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("police_report") && message.contains("tidak diperlukan"),
        "{v}"
    );

    // Bad files: the platform's codes.
    let text = b"just some text, not a scan".as_slice();
    let big = pdf(2 * 1024 * 1024 + 1);
    for (part, expected) in [
        (
            Part {
                kind: "family_card",
                file_name: "a.pdf",
                content_type: "application/pdf",
                bytes: PNG,
            },
            (422, "document_type_mismatch"),
        ),
        (
            Part {
                kind: "family_card",
                file_name: "a.png",
                content_type: "image/png",
                bytes: b"",
            },
            (422, "empty_document"),
        ),
        (
            Part {
                kind: "family_card",
                file_name: "a.png",
                content_type: "image/png",
                bytes: text,
            },
            (415, "unsupported_document_type"),
        ),
        (
            Part {
                kind: "family_card",
                file_name: "a.pdf",
                content_type: "application/pdf",
                bytes: &big,
            },
            (413, "document_too_large"),
        ),
    ] {
        let res = attach(&app, &citizen, &path, part).await;
        assert_eq!(error_code(res).await, (expected.0, expected.1.to_owned()));
    }
    // Not a form with kind and file.
    let res = app
        .client
        .post(app.url(&path))
        .bearer_auth(&citizen)
        .json(&json!({"kind": "ektp"}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await.0, 400);

    // Someone else's booking, an officer, no session: refused.
    let other = app.citizen("lain@example.id").await;
    let res = attach(&app, &other, &path, jpeg("family_card")).await;
    assert_eq!(error_code(res).await, (404, "not_found".to_owned()));
    let res = attach(&app, &floor.officer, &path, jpeg("family_card")).await;
    assert_eq!(error_code(res).await.0, 404);
    let res = app
        .client
        .post(app.url(&path))
        .header("content-type", "multipart/form-data; boundary=x")
        .body("--x\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nektp\r\n--x--\r\n")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = attach(&app, &citizen, &docs_path("ZZZZ234567"), jpeg("ektp")).await;
    assert_eq!(res.status(), 404);
    let uploads = "SELECT COUNT(*) AS n FROM documents";
    assert_eq!(count(&app, uploads).await, 2, "nothing refused was stored");

    // Once cancelled, no more uploads.
    let res = app
        .post_json(
            &format!("/api/v1/passport/bookings/{code}/cancel"),
            Some(&citizen),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = attach(&app, &citizen, &path, jpeg("family_card")).await;
    assert_eq!(
        error_code(res).await,
        (409, "booking_not_active".to_owned())
    );
}
both_databases!(uploads_and_refusals);

async fn paid_booking_proof_and_counter(app: TestApp) {
    let floor = setup(&app).await;
    let (code, citizen) = booking(&app, &floor.slot_today, 5, true).await;
    let (code2, _) = booking(&app, &floor.slot_today, 6, true).await;
    let v = view(&app, &citizen, &code).await;
    let day = today().strftime("%Y%m%d").to_string();
    let number = v["application_number"].as_str().unwrap().to_owned();
    assert!(number.starts_with(&format!("BATAM-{day}-")), "{number}");
    assert_eq!(v["ntpn"], "NTPN000000000005");
    let sql = "SELECT COUNT(DISTINCT application_number) AS n FROM passport_bookings";
    assert_eq!(count(&app, sql).await, 2, "{code2} has its own number");

    // Upload through the booking page's form, then the page and the proof.
    let res = attach(
        &app,
        &citizen,
        &format!("/passport/bookings/{code}/documents"),
        jpeg("ektp"),
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        format!("/passport/bookings/{code}?done=uploaded")
    );
    let res = attach(
        &app,
        &citizen,
        &format!("/passport/bookings/{code}/documents"),
        jpeg("selfie"),
    )
    .await;
    assert_eq!(res.status(), 422);
    let (status, html) = page(
        &app,
        &format!("/passport/bookings/{code}"),
        "en",
        Some(&citizen),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"enctype="multipart/form-data""#));
    assert!(html.contains("e-KTP (identity card)") && html.contains("Not uploaded yet"));
    assert!(html.contains(&number) && html.contains("NTPN000000000005"));
    let (status, html) = page(
        &app,
        &format!("/passport/bookings/{code}/proof"),
        "id",
        Some(&citizen),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("Nomor permohonan") && html.contains(&number));
    assert!(html.contains("NTPN000000000005") && html.contains("Sudah diunggah"));
    assert!(html.contains("Kartu Keluarga (KK)") && html.contains("Belum diunggah"));

    // At the counter: check in, call, the officer sees the checklist and
    // opens the file; the read is audited.
    assert_eq!(
        check_in(&app, Some(&floor.officer), "BATAM", &code)
            .await
            .status(),
        201
    );
    let form = [("counter", "1")];
    post_form(
        &app,
        "/offices/BATAM/counter/open",
        Some(&floor.officer),
        None,
        &form,
    )
    .await;
    let (status, _, _) = post_form(
        &app,
        "/offices/BATAM/counter/call-next",
        Some(&floor.officer),
        None,
        &form,
    )
    .await;
    assert_eq!(status, 303);
    let (status, html) = page(
        &app,
        "/offices/BATAM/counter?c=1",
        "en",
        Some(&floor.officer),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Applicant&#39;s documents") && html.contains(r#"id="documents""#),
        "{html}"
    );
    let v = view(&app, &citizen, &code).await;
    let id = item(&v, "ektp")["document_id"].as_str().unwrap().to_owned();
    let link = format!("/passport/bookings/{code}/documents/{id}");
    assert!(html.contains(&link), "{html}");
    assert!(html.contains("Family card (KK) — not uploaded"));
    let reads = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'document.read'";
    assert_eq!(count(&app, reads).await, 0);
    let res = app.get(&link, Some(&floor.officer)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), JPEG);
    assert_eq!(count(&app, reads).await, 1);
    // The officer's API view of the booking lists it too (booking.read).
    let officer_view = view(&app, &floor.officer, &code).await;
    assert_eq!(item(&officer_view, "ektp")["document_id"], id.as_str());
    // Another office's officer, another citizen: nothing.
    let medan = app
        .staff("petugas@medan.go.id", Role::Officer, Some("MEDAN"))
        .await;
    assert_eq!(app.get(&link, Some(&medan)).await.status(), 404);
    let other = app.citizen("lain@example.id").await;
    assert_eq!(app.get(&link, Some(&other)).await.status(), 404);
    assert_eq!(count(&app, reads).await, 1);
    let wrong = format!("/passport/bookings/{code2}/documents/{id}");
    assert_eq!(app.get(&wrong, Some(&floor.officer)).await.status(), 404);
}
both_databases!(paid_booking_proof_and_counter);

//! Stay applications on casework: who sees them, the documents each asks
//! for, the two-person rule, a change of sponsor and of status, and the
//! signed permit an approval issues.

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::stay::{
    applied, apply, approve_all, attach_documents, decide, denpasar_staff, get_application,
    get_permit, list_numbers, permit, plus_days, registered, step, submit, today_in,
};
use crate::helpers::verify_document as verify;
use crate::helpers::{TestApp, count, error_code};

const ITAS_DOCS: &[&str] = &[
    "passport_bio_page",
    "stay_sponsor_letter",
    "residence_letter",
];

async fn only_the_parties_and_the_office_see_an_application(app: TestApp) {
    let staff = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let sponsor = app.staff("hr@villa.example.id", Role::Sponsor, None).await;
    let other = app.staff("bob@example.com", Role::Foreigner, None).await;
    let other_sponsor = app.staff("hr@other.example.id", Role::Sponsor, None).await;
    let medan = app
        .staff("officer@medan.imigrasi.go.id", Role::Officer, Some("MEDAN"))
        .await;
    let mut body = permit(
        "jane@example.com",
        "PE1000001",
        "2026-01-01",
        &plus_days(today_in("Asia/Makassar"), 20),
    );
    body["sponsor_email"] = json!("hr@villa.example.id");
    let p = registered(&app, &staff.0, &body).await;
    let number = p["number"].as_str().unwrap().to_owned();
    // Others cannot even file about it.
    let ext = json!({ "kind": "extension", "permit_number": number });
    for token in [&other, &other_sponsor, &medan] {
        let (status, _) = error_code(apply(&app, token, &ext).await).await;
        assert_eq!(status, 404);
    }
    // The sponsor files (ITAS extensions are the sponsor's).
    let rn = applied(&app, &sponsor, &ext).await;
    // Holder, sponsor and the office see it, with its timeline.
    for token in [&jane, &sponsor, &staff.0] {
        let v = get_application(&app, token, &rn).await;
        assert_eq!(v["permit_number"], number);
        assert_eq!(v["timeline"][0]["status"], "draft");
    }
    let reads = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stay.application_read'";
    assert_eq!(count(&app, reads).await, 1);
    for token in [&other, &other_sponsor, &medan] {
        let res = app
            .get(&format!("/api/v1/stay/applications/{rn}"), Some(token))
            .await;
        assert_eq!(res.status(), 404);
        let (status, _) = error_code(step(&app, token, &rn, "submit").await).await;
        assert_eq!(status, 404);
    }
    // Lists: the holder and sponsor find it; the office's queue lists it
    // once submitted (drafts are the applicant's own).
    for token in [&jane, &sponsor] {
        let v: Value = app
            .get("/api/v1/stay/applications", Some(token))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["applications"][0]["register_number"], rn.as_str(), "{v}");
    }
    let v: Value = app
        .get("/api/v1/stay/applications", Some(&other))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["applications"], json!([]));
    // One open application per permit.
    let (status, code) = error_code(apply(&app, &jane, &ext).await).await;
    assert_eq!((status, code.as_str()), (409, "already_applied"));
    // Documents first.
    let res = step(&app, &jane, &rn, "submit").await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "missing_documents");
    assert_eq!(v["error"]["missing"], json!(ITAS_DOCS));
    attach_documents(&app, &sponsor, &rn, ITAS_DOCS).await;
    let (_, amount, _) = submit(&app, &sponsor, &rn).await;
    assert_eq!(amount, 1_500_000);
    let v: Value = app
        .get("/api/v1/stay/applications", Some(&staff.0))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["applications"][0]["status"], "awaiting_payment", "{v}");
    // Withdrawn: the permit is free again.
    let v: Value = step(&app, &jane, &rn, "withdraw")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "withdrawn");
    assert_eq!(v["payment"]["status"], "cancelled");
    applied(&app, &jane, &ext).await;
}

both_databases!(only_the_parties_and_the_office_see_an_application);

async fn approval_needs_two_people_and_issues_a_signed_permit(app: TestApp) {
    let staff = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let until = plus_days(today_in("Asia/Makassar"), 10);
    let p = registered(
        &app,
        &staff.0,
        &permit("jane@example.com", "PF1000001", "2026-01-01", &until),
    )
    .await;
    let number = p["number"].as_str().unwrap().to_owned();
    let rn = applied(
        &app,
        &jane,
        &json!({ "kind": "extension", "permit_number": number }),
    )
    .await;
    attach_documents(&app, &jane, &rn, ITAS_DOCS).await;
    let (code, amount, _) = submit(&app, &jane, &rn).await;
    crate::helpers::passport::pay(&app, &code, amount, "STAYTWO000000001").await;
    // The supervisor recommends, then may not decide alone.
    let res = decide(&app, &staff.1, &rn, "recommend_approve", "").await;
    assert_eq!(res.status(), 200);
    let (status, code) = error_code(decide(&app, &staff.1, &rn, "approve", "").await).await;
    assert_eq!((status, code.as_str()), (403, "two_person_rule"));
    let (status, code) = error_code(decide(&app, &staff.0, &rn, "approve", "").await).await;
    assert_eq!((status, code.as_str()), (403, "forbidden"));
    // A reason is required for a rejection; none is written without one.
    let (status, _) = error_code(decide(&app, &staff.1, &rn, "reject", " ").await).await;
    assert_eq!(status, 422);
    let sup2 = app
        .staff(
            "sup2@denpasar.imigrasi.go.id",
            Role::Supervisor,
            Some("DENPASAR"),
        )
        .await;
    let v: Value = decide(&app, &sup2, &rn, "approve", "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "approved", "{v}");
    let qr = v["issued"]["qr"].as_str().unwrap().to_owned();
    assert_eq!(v["issued"]["permit_number"], number.as_str());
    let found = verify(&app, &qr).await;
    assert_eq!(found["valid"], true, "{found}");
    assert_eq!(found["kind"], "stay_permit");
    assert_eq!(found["status"], "valid");
    assert_eq!(found["number"], number.as_str());
    assert_eq!(
        found["valid_until"],
        plus_days(today_in("Asia/Makassar"), 375)
    );
    assert_eq!(found["holder"]["passport_number"], "PF1000001");
    let v: Value = get_permit(&app, &jane, &number).await.json().await.unwrap();
    assert_eq!(v["status"], "active");
    // The permit changes again: the older document is superseded.
    let until = plus_days(today_in("Asia/Makassar"), 12);
    let sql = format!("UPDATE stay_permits SET valid_until = '{until}' WHERE number = '{number}'");
    sea_orm::ConnectionTrait::execute_unprepared(&app.state.db, &sql)
        .await
        .unwrap();
    let rn = applied(
        &app,
        &jane,
        &json!({ "kind": "extension", "permit_number": number }),
    )
    .await;
    let v = approve_all(
        &app,
        &jane,
        &(staff.0.clone(), sup2.clone()),
        &rn,
        ITAS_DOCS,
    )
    .await;
    assert_eq!(verify(&app, &qr).await["status"], "superseded");
    let newest = v["issued"]["qr"].as_str().unwrap();
    assert_eq!(verify(&app, newest).await["status"], "valid");
}

both_databases!(approval_needs_two_people_and_issues_a_signed_permit);

async fn the_old_sponsor_loses_access_after_a_sponsor_change(app: TestApp) {
    let staff = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let old = app.staff("hr@villa.example.id", Role::Sponsor, None).await;
    let new = app.staff("hr@resort.example.id", Role::Sponsor, None).await;
    let mut body = permit(
        "jane@example.com",
        "PG1000001",
        "2026-01-01",
        &plus_days(today_in("Asia/Makassar"), 200),
    );
    body["sponsor_email"] = json!("hr@villa.example.id");
    let p = registered(&app, &staff.0, &body).await;
    let number = p["number"].as_str().unwrap().to_owned();
    let change = json!({ "kind": "sponsor_change", "permit_number": number, "new_sponsor_email": "hr@resort.example.id" });
    // Bad input: an unknown or the same sponsor.
    let mut bad = change.clone();
    bad["new_sponsor_email"] = json!("nobody@example.id");
    let (status, code) = error_code(apply(&app, &jane, &bad).await).await;
    assert_eq!((status, code.as_str()), (422, "invalid_input"));
    bad["new_sponsor_email"] = json!("hr@villa.example.id");
    let (status, _) = error_code(apply(&app, &jane, &bad).await).await;
    assert_eq!(status, 422);
    let rn = applied(&app, &jane, &change).await;
    let docs = ["passport_bio_page", "release_letter", "stay_sponsor_letter"];
    attach_documents(&app, &jane, &rn, &docs).await;
    // Not before the new sponsor accepts.
    let (status, code) = error_code(step(&app, &jane, &rn, "submit").await).await;
    assert_eq!((status, code.as_str()), (409, "sponsor_not_accepted"));
    // Only the named sponsor may accept.
    let (status, _) = error_code(step(&app, &old, &rn, "accept").await).await;
    assert_eq!(status, 404);
    let v: Value = get_application(&app, &new, &rn).await;
    assert_eq!(v["asked"]["sponsor_accepted"], false);
    let v: Value = step(&app, &new, &rn, "accept").await.json().await.unwrap();
    assert_eq!(v["asked"]["sponsor_accepted"], true, "{v}");
    let (code, amount, _) = submit(&app, &jane, &rn).await;
    crate::helpers::passport::pay(&app, &code, amount, "STAYSPONSOR00001").await;
    decide(&app, &staff.0, &rn, "recommend_approve", "").await;
    let v: Value = decide(&app, &staff.1, &rn, "approve", "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "approved", "{v}");
    // The old sponsor sees the permit no more; the new one does.
    let (status, _) = error_code(get_permit(&app, &old, &number).await).await;
    assert_eq!(status, 404);
    assert!(list_numbers(&app, &old).await.is_empty());
    assert_eq!(get_permit(&app, &new, &number).await.status(), 200);
    assert_eq!(list_numbers(&app, &new).await, vec![number.clone()]);
    let v: Value = get_permit(&app, &jane, &number).await.json().await.unwrap();
    let whats: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["what"].as_str().unwrap())
        .collect();
    assert!(
        whats.contains(&"sponsor_change_accepted") && whats.contains(&"sponsor_changed"),
        "{whats:?}"
    );
}

both_databases!(the_old_sponsor_loses_access_after_a_sponsor_change);

async fn a_change_of_status_closes_the_old_permit_and_opens_a_new_one(app: TestApp) {
    let staff = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let mut body = permit(
        "jane@example.com",
        "PH1000001",
        "2026-01-01",
        &plus_days(today_in("Asia/Makassar"), 40),
    );
    body["kind"] = json!("ITK");
    body["origin_visa"] = json!("C1");
    let p = registered(&app, &staff.0, &body).await;
    let number = p["number"].as_str().unwrap().to_owned();
    // Up only, and to a kind that exists.
    for (to, code) in [("ITAP", "invalid_input"), ("KITAS", "invalid_input")] {
        let body = json!({ "kind": "status_change", "permit_number": number, "to_kind": to });
        let (status, got) = error_code(apply(&app, &jane, &body).await).await;
        assert_eq!((status, got.as_str()), (422, code));
    }
    let (status, _) = error_code(
        apply(
            &app,
            &jane,
            &json!({ "kind": "renewal", "permit_number": number }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
    let rn = applied(
        &app,
        &jane,
        &json!({ "kind": "status_change", "permit_number": number, "to_kind": "ITAS" }),
    )
    .await;
    let v = approve_all(
        &app,
        &jane,
        &staff,
        &rn,
        &["passport_bio_page", "photo", "stay_sponsor_letter"],
    )
    .await;
    let new_number = v["issued"]["permit_number"].as_str().unwrap().to_owned();
    assert_ne!(new_number, number);
    let old: Value = get_permit(&app, &jane, &number).await.json().await.unwrap();
    assert_eq!(old["status"], "converted");
    let new: Value = get_permit(&app, &jane, &new_number)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(new["kind"], "ITAS");
    assert_eq!(new["status"], "active");
    assert_eq!(
        new["valid_until"],
        plus_days(today_in("Asia/Makassar"), 365)
    );
    assert_eq!(
        verify(&app, v["issued"]["qr"].as_str().unwrap()).await["status"],
        "valid"
    );
    // A converted permit takes no more applications.
    let (status, code) = error_code(
        apply(
            &app,
            &jane,
            &json!({ "kind": "exit_permit", "permit_number": number }),
        )
        .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (409, "permit_not_active"));
    // Messages in the caller's language.
    let res = app
        .client
        .post(app.url("/api/v1/stay/applications"))
        .bearer_auth(&jane)
        .header("accept-language", "en")
        .json(&json!({ "kind": "reentry_permit", "permit_number": number }))
        .send()
        .await
        .unwrap();
    let v: Value = res.json().await.unwrap();
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no longer active"),
        "{v}"
    );
}

both_databases!(a_change_of_status_closes_the_old_permit_and_opens_a_new_one);

async fn an_unpaid_application_expires_and_frees_the_permit(app: TestApp) {
    let staff = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let p = registered(
        &app,
        &staff.0,
        &permit(
            "jane@example.com",
            "PM1000001",
            "2026-01-01",
            &plus_days(today_in("Asia/Makassar"), 300),
        ),
    )
    .await;
    let number = p["number"].as_str().unwrap().to_owned();
    let body = json!({ "kind": "exit_permit", "permit_number": number });
    let rn = applied(&app, &jane, &body).await;
    attach_documents(&app, &jane, &rn, &["passport_bio_page", "onward_ticket"]).await;
    let (_, amount, expires_at) = submit(&app, &jane, &rn).await;
    assert_eq!(amount, 300_000);
    let due: jiff::Timestamp = expires_at.parse().unwrap();
    let before = due.checked_sub(jiff::SignedDuration::from_mins(1)).unwrap();
    let expire = |at| imigrasi_stay::app::applications::expire_unpaid(&app.state, at);
    assert_eq!(expire(before).await.unwrap(), 0);
    assert_eq!(expire(due).await.unwrap(), 1);
    assert_eq!(expire(due).await.unwrap(), 0, "once");
    let v = get_application(&app, &jane, &rn).await;
    assert_eq!(v["status"], "expired_unpaid");
    assert_eq!(v["payment"]["status"], "expired");
    // The permit takes a new application.
    applied(&app, &jane, &body).await;
}

both_databases!(an_unpaid_application_expires_and_frees_the_permit);

async fn an_open_application_moves_with_the_holders_address(app: TestApp) {
    let staff = denpasar_staff(&app).await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let medan = app
        .staff("officer@medan.imigrasi.go.id", Role::Officer, Some("MEDAN"))
        .await;
    let p = registered(
        &app,
        &staff.0,
        &permit(
            "jane@example.com",
            "PP1000001",
            "2026-01-01",
            &plus_days(today_in("Asia/Makassar"), 20),
        ),
    )
    .await;
    let number = p["number"].as_str().unwrap().to_owned();
    let rn = applied(
        &app,
        &jane,
        &json!({ "kind": "extension", "permit_number": number }),
    )
    .await;
    attach_documents(&app, &jane, &rn, ITAS_DOCS).await;
    submit(&app, &jane, &rn).await;
    let details = json!({ "line": "Jl. Gatot Subroto 5", "regency": "12.71" });
    let res =
        crate::helpers::stay::file_report(&app, &jane, &number, "address_change", details).await;
    assert_eq!(res.status(), 201);
    // Medan has the file now; Denpasar no longer sees it.
    let v = get_application(&app, &medan, &rn).await;
    assert_eq!(v["office"], "MEDAN");
    let v: Value = app
        .get("/api/v1/stay/applications", Some(&medan))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["applications"][0]["register_number"], rn.as_str(), "{v}");
    let res = app
        .get(&format!("/api/v1/stay/applications/{rn}"), Some(&staff.0))
        .await;
    assert_eq!(res.status(), 404);
}

both_databases!(an_open_application_moves_with_the_holders_address);

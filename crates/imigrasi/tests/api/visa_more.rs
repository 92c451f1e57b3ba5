//! Visa Online through the API, continued: a sponsor for a named
//! foreigner, unpaid expiry and the late payment, refused files.

use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::documents::{JPEG, PNG, pdf};
use crate::helpers::passport::pay;
use crate::helpers::visa::{
    applicant, apply, arrival, created, decide, get_case, submit_and_pay, upload, upload_all,
};
use crate::helpers::{TestApp, error_code};

async fn a_sponsor_applies_for_a_named_foreigner(app: TestApp) {
    let sponsor = app
        .staff("hr@pt-maju.example.id", Role::Sponsor, None)
        .await;
    // No profile yet.
    let (status, code) = error_code(
        apply(
            &app,
            &sponsor,
            "E23",
            applicant("ken@example.jp", "TK7654321"),
        )
        .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (422, "sponsor_profile_required"));
    let res = app
        .client
        .put(app.url("/api/v1/visa/sponsor"))
        .bearer_auth(&sponsor)
        .json(&json!({"kind": "company", "id_number": "9120001234567", "name": "PT Maju Jaya", "regency": "31.71"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["office"], "JKT-PUSAT");

    let mut ken = applicant("Ken@Example.jp", "TK7654321");
    ken["nationality"] = json!("JPN");
    let v = created(apply(&app, &sponsor, "E23", ken.clone()).await).await;
    assert_eq!(v["office"], "JKT-PUSAT");
    let number = v["register_number"].as_str().unwrap().to_owned();

    // The named foreigner sees the same case; another sponsor does not.
    // (registered by the foreigner, who proves the e-mail with its code)
    let ken_token = crate::helpers::email::foreigner(&app, "ken@example.jp").await;
    let list: Value = app
        .get("/api/v1/visa/applications", Some(&ken_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["applications"][0]["register_number"], number.as_str());
    let case = get_case(&app, &ken_token, &number).await;
    assert_eq!(case["applicant"]["nationality"], "JPN");
    let rival = app
        .staff("hr@pt-lain.example.id", Role::Sponsor, None)
        .await;
    let (status, _) = error_code(
        app.get(&format!("/api/v1/visa/applications/{number}"), Some(&rival))
            .await,
    )
    .await;
    assert_eq!(status, 404);
    let list: Value = app
        .get("/api/v1/visa/applications", Some(&rival))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["applications"], json!([]));

    // A foreigner cannot apply alone for a sponsored type; a passport
    // expiring too soon is refused; bad input names the field.
    let (status, code) = error_code(
        apply(
            &app,
            &ken_token,
            "E23",
            applicant("ken@example.jp", "TK1111111"),
        )
        .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (422, "sponsor_required"));
    let mut short = applicant("ken@example.jp", "TK2222222");
    short["passport_expiry"] = json!(arrival());
    let (status, code) = error_code(apply(&app, &sponsor, "E23", short).await).await;
    assert_eq!((status, code.as_str()), (422, "passport_validity"));
    let mut bad = applicant("ken@example.jp", "TK3333333");
    bad["sex"] = json!("Q");
    let res = apply(&app, &sponsor, "E23", bad).await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_input");
    assert!(v["error"]["fields"]["applicant.sex"].is_string());

    // The sponsor completes it; the processing office decides; the
    // foreigner may not decide on their own case even as staff would.
    upload_all(
        &app,
        &sponsor,
        &number,
        &[
            "passport_bio_page",
            "photo",
            "sponsor_letter",
            "employment_contract",
        ],
    )
    .await;
    submit_and_pay(&app, &sponsor, &number, "VISA000000000002").await;
    let ditjen = app
        .staff("officer2@ditjen.example.id", Role::Officer, Some("DITJEN"))
        .await;
    assert_eq!(
        error_code(decide(&app, &ditjen, &number, "request_info", "more").await).await,
        (403, "forbidden".into())
    );
    let officer = app
        .staff("officer@jkt.example.id", Role::Officer, Some("JKT-PUSAT"))
        .await;
    let v: Value = decide(
        &app,
        &officer,
        &number,
        "request_info",
        "Please add the contract page 2",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(v["status"], "info_requested");
    let case = get_case(&app, &ken_token, &number).await;
    let last = case["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["role"], "officer");
    assert_eq!(last["note"], "Please add the contract page 2");
    // The sponsor adds the page and hands it back; the officer recommends.
    upload_all(&app, &sponsor, &number, &["employment_contract"]).await;
    let v: Value = app
        .post_json(
            &format!("/api/v1/visa/applications/{number}/submit"),
            Some(&sponsor),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "in_review", "{v}");
    assert_eq!(v["payment"]["status"], "paid");
    let v: Value = decide(&app, &officer, &number, "recommend_approve", "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "recommended");
    let sup = app
        .staff("sup@jkt.example.id", Role::Supervisor, Some("JKT-PUSAT"))
        .await;
    let v: Value = decide(&app, &sup, &number, "approve", "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "approved");
    let evisa_number = v["evisa"]["number"].as_str().unwrap().to_owned();
    // The foreigner and the sponsor are told.
    for to in ["ken@example.jp", "hr@pt-maju.example.id"] {
        let sent = imigrasi_platform::outbox::for_recipient(&app.state.db, to)
            .await
            .unwrap();
        assert!(sent.iter().any(|(t, _)| t == "visa.decided"), "{to}");
    }
    let qr = v["evisa"]["qr"].as_str().unwrap().to_owned();

    // Revoked by a supervisor of the office only, with a reason.
    let path = format!("/api/v1/visa/evisas/{evisa_number}/revoke");
    let body = json!({"reason": "Sponsor withdrew the guarantee"});
    assert_eq!(
        error_code(app.post_json(&path, Some(&officer), &body).await).await,
        (403, "forbidden".into())
    );
    let res = app.post_json(&path, Some(&sup), &body).await;
    assert_eq!(res.status(), 200);
    let v: Value = app
        .post_json("/api/v1/documents/verify", None, &json!({"qr": qr}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (v["valid"].as_bool(), v["status"].as_str()),
        (Some(true), Some("revoked"))
    );
    // The named foreigner downloads the e-Visa the sponsor's files made;
    // it says it was revoked.
    let res = app
        .get(
            &format!("/api/v1/visa/applications/{number}/evisa.pdf"),
            Some(&ken_token),
        )
        .await;
    assert_eq!(res.status(), 200);
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.windows(19).any(|w| w == b"REVOKED - NOT VALID"));
}
both_databases!(a_sponsor_applies_for_a_named_foreigner);

async fn an_unpaid_case_expires_and_its_late_payment_is_refused(app: TestApp) {
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let v = created(
        apply(
            &app,
            &jane,
            "B1",
            applicant("jane@example.com", "PB1234567"),
        )
        .await,
    )
    .await;
    let number = v["register_number"].as_str().unwrap().to_owned();
    upload_all(&app, &jane, &number, &["passport_bio_page", "photo"]).await;
    let v: Value = app
        .post_json(
            &format!("/api/v1/visa/applications/{number}/submit"),
            Some(&jane),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let code = v["payment"]["billing_code"].as_str().unwrap().to_owned();
    let amount = v["payment"]["amount"].as_i64().unwrap();
    let now = jiff::Timestamp::now();
    assert_eq!(
        imigrasi_visa::app::payment::expire_unpaid(&app.state.db, now)
            .await
            .unwrap(),
        0
    );
    let later = now + jiff::SignedDuration::from_hours(8 * 24);
    assert_eq!(
        imigrasi_visa::app::payment::expire_unpaid(&app.state.db, later)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        get_case(&app, &jane, &number).await["status"],
        "expired_unpaid"
    );
    let late: Value = pay(&app, &code, amount, "VISA000000000003")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(late["status"], "refund_due", "{late}");
    let case = get_case(&app, &jane, &number).await;
    assert_eq!(case["status"], "expired_unpaid");
    // The passport may apply again. Paid after the deadline but before the
    // worker ran: refused all the same, and the case expires at once.
    let v = created(
        apply(
            &app,
            &jane,
            "B1",
            applicant("jane@example.com", "PB1234567"),
        )
        .await,
    )
    .await;
    let number = v["register_number"].as_str().unwrap().to_owned();
    upload_all(&app, &jane, &number, &["passport_bio_page", "photo"]).await;
    let v: Value = app
        .post_json(
            &format!("/api/v1/visa/applications/{number}/submit"),
            Some(&jane),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let code = v["payment"]["billing_code"].as_str().unwrap().to_owned();
    db::exec(
        &app.state.db,
        "UPDATE bills SET expires_at = $1 WHERE billing_code = $2",
        [
            sea_orm::Value::from(jiff::Timestamp::now().as_millisecond() - 60_000),
            sea_orm::Value::from(code.clone()),
        ],
    )
    .await
    .unwrap();
    let late: Value = pay(&app, &code, amount, "VISA000000000004")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(late["status"], "refund_due", "{late}");
    assert_eq!(
        get_case(&app, &jane, &number).await["status"],
        "expired_unpaid"
    );
}
both_databases!(an_unpaid_case_expires_and_its_late_payment_is_refused);

async fn bad_files_are_refused_with_nothing_stored(app: TestApp) {
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let v = created(
        apply(
            &app,
            &jane,
            "C1",
            applicant("jane@example.com", "PC1234567"),
        )
        .await,
    )
    .await;
    let number = v["register_number"].as_str().unwrap().to_owned();
    // A JPEG renamed .pdf.
    let res = upload(
        &app,
        &jane,
        &number,
        "passport_bio_page",
        "bio.pdf",
        "application/pdf",
        JPEG,
    )
    .await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        (status.as_u16(), v["error"]["code"].as_str()),
        (422, Some("invalid_file"))
    );
    assert!(v["error"]["message"].as_str().unwrap().contains("bio.pdf"));
    // 20 MiB.
    let big = pdf(20 * 1024 * 1024);
    let res = upload(
        &app,
        &jane,
        &number,
        "passport_bio_page",
        "big.pdf",
        "application/pdf",
        &big,
    )
    .await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "file_too_large", "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("big.pdf"));
    // An executable.
    let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".repeat(10);
    let (status, code) = error_code(
        upload(
            &app,
            &jane,
            &number,
            "photo",
            "photo.exe",
            "application/octet-stream",
            &exe,
        )
        .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (422, "invalid_file"));
    // A kind this type does not ask for.
    let (status, code) = error_code(
        upload(
            &app,
            &jane,
            &number,
            "sponsor_letter",
            "l.png",
            "image/png",
            PNG,
        )
        .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (422, "invalid_file"));
    let row = db::one(&app.state.db, "SELECT COUNT(*) AS n FROM documents", [])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(db::col::<i64>(&row, "n").unwrap(), 0);
}
both_databases!(bad_files_are_refused_with_nothing_stored);

async fn administrators_edit_and_retire_indices(app: TestApp) {
    let admin = app
        .staff("admin@ditjen.example.id", Role::Administrator, None)
        .await;
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let body = json!({"name": {"id": "Visa Kunjungan Wisata", "en": "Tourism visit visa"},
        "purpose": "tourism", "sponsor": "none", "entries": "single", "stay_days": 60,
        "use_within_days": 90, "extensible": true, "fee": 2000000,
        "min_passport_validity_months": 6,
        "documents": [{"kind": "passport_bio_page", "required": true}, {"kind": "photo", "required": true}]});
    let put = |token: String, code: &'static str, body: Value| {
        let app = app.clone();
        async move {
            app.client
                .put(app.url(&format!("/api/v1/visa/types/{code}")))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        error_code(put(jane.clone(), "C1", body.clone()).await).await,
        (403, "forbidden".into())
    );
    let mut bad = body.clone();
    bad["documents"] = json!([{"kind": "no_such_kind", "required": true}]);
    assert_eq!(
        error_code(put(admin.clone(), "C1", bad).await).await,
        (422, "invalid_input".into())
    );
    assert_eq!(put(admin.clone(), "C1", body.clone()).await.status(), 204);
    let mut retired = body.clone();
    retired["retired"] = json!(true);
    assert_eq!(put(admin.clone(), "D1", retired).await.status(), 204);
    let types: Value = app
        .get("/api/v1/visa/types", None)
        .await
        .json()
        .await
        .unwrap();
    let list = types["types"].as_array().unwrap();
    assert!(!list.iter().any(|t| t["code"] == "D1"));
    let c1 = list.iter().find(|t| t["code"] == "C1").unwrap();
    assert_eq!(c1["fee"], 2000000);
    assert_eq!(c1["documents"].as_array().unwrap().len(), 2);
    let res = apply(
        &app,
        &jane,
        "D1",
        applicant("jane@example.com", "PD1234567"),
    )
    .await;
    assert_eq!(res.status(), 422);
    let row = db::one(
        &app.state.db,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'visa.type_update'",
        [],
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(db::col::<i64>(&row, "n").unwrap(), 2);
}
both_databases!(administrators_edit_and_retire_indices);

/// The database decides races: of parallel applications for one passport
/// and type one is accepted; of two supervisors approving at once one wins.
async fn races_are_decided_by_the_database(app: TestApp) {
    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let tries = (0..6).map(|_| {
        apply(
            &app,
            &jane,
            "B1",
            applicant("jane@example.com", "PR1234567"),
        )
    });
    let answers = futures::future::join_all(tries).await;
    let mut codes: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    codes.sort_unstable();
    assert_eq!(codes, [201, 409, 409, 409, 409, 409]);
    let number = {
        let mut found = None;
        for r in answers {
            if r.status() == 201 {
                let v: Value = r.json().await.unwrap();
                found = v["register_number"].as_str().map(str::to_owned);
            }
        }
        found.unwrap()
    };
    upload_all(&app, &jane, &number, &["passport_bio_page", "photo"]).await;
    submit_and_pay(&app, &jane, &number, "VISA000000000009").await;
    let officer = app
        .staff("o@ditjen.example.id", Role::Officer, Some("DITJEN"))
        .await;
    let res = decide(&app, &officer, &number, "recommend_approve", "").await;
    assert_eq!(res.status(), 200);
    let a = app
        .staff("a@ditjen.example.id", Role::Supervisor, Some("DITJEN"))
        .await;
    let b = app
        .staff("b@ditjen.example.id", Role::Supervisor, Some("DITJEN"))
        .await;
    let (ra, rb) = tokio::join!(
        decide(&app, &a, &number, "approve", ""),
        decide(&app, &b, &number, "reject", "No")
    );
    let mut codes = [ra.status().as_u16(), rb.status().as_u16()];
    codes.sort_unstable();
    assert_eq!(codes, [200, 409]);
    let case = get_case(&app, &jane, &number).await;
    let decided = case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| matches!(s["status"].as_str(), Some("approved" | "rejected")))
        .count();
    assert_eq!(decided, 1);
    let row = db::one(&app.state.db, "SELECT COUNT(*) AS n FROM visa_evisas", [])
        .await
        .unwrap()
        .unwrap();
    let evisas = db::col::<i64>(&row, "n").unwrap();
    assert_eq!(evisas, i64::from(case["status"] == "approved"));
}
both_databases!(races_are_decided_by_the_database);

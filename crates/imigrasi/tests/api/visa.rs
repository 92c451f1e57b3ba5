//! Visa Online through the API: the whole lifecycle (a foreigner alone, a
//! sponsor for a named foreigner), every forbidden actor, unpaid expiry
//! and the late payment, refused files, and e-Visa verification.

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::visa::{
    applicant, apply, created, decide, get_case, offline_verification, submit_and_pay, upload_all,
};
use crate::helpers::{TestApp, error_code};

async fn the_whole_lifecycle_of_a_foreigner(app: TestApp) {
    let types: Value = app
        .get("/api/v1/visa/types", None)
        .await
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = types["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    for code in ["B1", "C1", "C2", "D1", "D2", "E23", "E28A", "E31A", "E33G"] {
        assert!(codes.contains(&code), "{code}");
    }
    let c1 = types["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "C1")
        .unwrap();
    assert_eq!(c1["sponsor"], "none");
    assert_eq!(c1["use_within_days"], 90);
    assert!(c1["name"]["id"].is_string() && c1["name"]["en"].is_string());

    let jane = app.staff("jane@example.com", Role::Foreigner, None).await;
    let v = created(
        apply(
            &app,
            &jane,
            "c1",
            applicant("jane@example.com", "PA1234567"),
        )
        .await,
    )
    .await;
    assert_eq!(v["status"], "draft");
    assert_eq!(v["office"], "DITJEN");
    let number = v["register_number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("V-") && number.len() == 15, "{number}");

    // Nothing uploaded: the missing kinds are named.
    let res = app
        .post_json(
            &format!("/api/v1/visa/applications/{number}/submit"),
            Some(&jane),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"]["code"], "missing_documents");
    assert_eq!(
        v["error"]["missing"],
        json!(["passport_bio_page", "photo", "bank_statement"])
    );
    upload_all(
        &app,
        &jane,
        &number,
        &["passport_bio_page", "photo", "bank_statement"],
    )
    .await;
    submit_and_pay(&app, &jane, &number, "VISA000000000001").await;
    let case = get_case(&app, &jane, &number).await;
    assert_eq!(case["status"], "in_review");
    assert_eq!(case["documents"].as_array().unwrap().len(), 3);
    assert_eq!(case["payment"]["status"], "paid");

    // Forbidden actors.
    let other = app.staff("other@example.com", Role::Foreigner, None).await;
    let (status, _) = error_code(
        app.get(&format!("/api/v1/visa/applications/{number}"), Some(&other))
            .await,
    )
    .await;
    assert_eq!(status, 404);
    let elsewhere = app
        .staff("officer@jkt.example.id", Role::Officer, Some("JKT-PUSAT"))
        .await;
    let (status, _) = error_code(
        app.get(
            &format!("/api/v1/visa/applications/{number}"),
            Some(&elsewhere),
        )
        .await,
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        error_code(decide(&app, &elsewhere, &number, "recommend_approve", "").await).await,
        (403, "forbidden".into())
    );
    assert_eq!(
        error_code(decide(&app, &jane, &number, "recommend_approve", "").await).await,
        (403, "forbidden".into())
    );

    // An officer asks for more, the applicant uploads and answers… here
    // the officer recommends directly; a supervisor who recommended may not
    // approve; another supervisor does.
    let sup_a = app
        .staff("sup.a@ditjen.example.id", Role::Supervisor, Some("DITJEN"))
        .await;
    let sup_b = app
        .staff("sup.b@ditjen.example.id", Role::Supervisor, Some("DITJEN"))
        .await;
    let officer = app
        .staff("officer@ditjen.example.id", Role::Officer, Some("DITJEN"))
        .await;
    let queue: Value = app
        .get("/api/v1/visa/applications?status=in_review", Some(&officer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["applications"][0]["register_number"], number.as_str());
    assert_eq!(
        error_code(decide(&app, &officer, &number, "approve", "").await).await,
        (403, "forbidden".into())
    );
    let res = decide(&app, &sup_a, &number, "recommend_approve", "").await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "recommended");
    assert_eq!(
        error_code(decide(&app, &sup_a, &number, "approve", "").await).await,
        (403, "two_person_rule".into())
    );
    let res = decide(&app, &sup_b, &number, "approve", "").await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "approved");
    assert_eq!(
        error_code(decide(&app, &sup_b, &number, "reject", "late").await).await,
        (409, "invalid_transition".into())
    );

    // The applicant sees the e-Visa and the timeline (roles, never people).
    let case = get_case(&app, &jane, &number).await;
    let statuses: Vec<&str> = case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "draft",
            "submitted",
            "awaiting_payment",
            "in_review",
            "recommended",
            "approved"
        ]
    );
    assert_eq!(case["timeline"][5]["role"], "supervisor");
    assert!(case["timeline"][5].get("actor_id").is_none());
    let evisa = &case["evisa"];
    assert_eq!(evisa["status"], "issued");
    let qr = evisa["qr"].as_str().unwrap().to_owned();

    // Anyone verifies it; any changed byte is refused.
    let v: Value = app
        .post_json("/api/v1/documents/verify", None, &json!({"qr": qr}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["kind"], "evisa");
    assert_eq!(v["number"], evisa["number"]);
    assert_eq!(v["holder"]["name"], "Jane Mary Smith");
    assert_eq!(v["holder"]["passport_number"], "PA1234567");
    assert_eq!(v["status"], "valid");
    for i in [5, qr.len() / 2, qr.len() - 3] {
        let mut bytes = qr.clone().into_bytes();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap();
        let v: Value = app
            .post_json("/api/v1/documents/verify", None, &json!({"qr": tampered}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["valid"], false, "byte {i}: {v}");
        assert!(v["reason"].is_string());
    }
    let keys: Value = app
        .get("/api/v1/documents/keys", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(keys["keys"][0]["alg"], "Ed25519");
    let kid = keys["keys"][0]["kid"].as_str().unwrap();
    assert!(qr.starts_with(&format!("IMG1.{kid}.")));
    offline_verification(&keys, &qr, "PA1234567");

    // One active application or unused e-Visa per passport and type.
    let (status, code) = error_code(
        apply(
            &app,
            &jane,
            "C1",
            applicant("jane@example.com", "PA1234567"),
        )
        .await,
    )
    .await;
    assert_eq!((status, code.as_str()), (409, "already_applied"));
}
both_databases!(the_whole_lifecycle_of_a_foreigner);

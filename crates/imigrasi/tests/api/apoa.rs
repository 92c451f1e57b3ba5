//! Foreigner presence reports (APOA): premises and their office, API keys
//! (shown once, revocable, one premise each), check-in reports from the
//! MRZ (every check digit named) or typed, the late flag, check-out, and
//! isolation between lodgings.

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::apoa::{
    SPECIMEN_1, SPECIMEN_2, check_out, new_key, premise, registered_premise, report, reported,
    revoke_key, specimen_with, stay, typed_guest,
};
use crate::helpers::{TestApp, count, error_code};

async fn lodging(app: &TestApp, email: &str) -> String {
    app.staff(email, Role::Lodging, None).await
}

async fn premises_and_their_office(app: TestApp) {
    let hotel = lodging(&app, "desk@sanur.example.id").await;
    let other = lodging(&app, "desk@medan.example.id").await;
    let citizen = app.staff("siti@example.id", Role::Citizen, None).await;

    let v = registered_premise(&app, &hotel, &premise("Wisma Sanur", "51.71")).await;
    assert_eq!(v["office"], "DENPASAR");
    assert_eq!(v["kind"], "guest_house");
    assert_eq!(v["licence_number"], "1234567890123");
    let m = registered_premise(&app, &other, &premise("Wisma Medan", "12.71")).await;
    assert_eq!(m["office"], "MEDAN");

    let res = app.get("/api/v1/apoa/premises", Some(&hotel)).await;
    assert_eq!(res.status(), 200);
    let list: Value = res.json().await.unwrap();
    let names: Vec<_> = list["premises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["Wisma Sanur"]);

    let res = app
        .post_json(
            "/api/v1/apoa/premises",
            Some(&citizen),
            &premise("Rumah", "51.71"),
        )
        .await;
    assert_eq!(error_code(res).await, (403, "forbidden".into()));
    let res = app
        .post_json("/api/v1/apoa/premises", None, &premise("Rumah", "51.71"))
        .await;
    assert_eq!(res.status(), 401);

    // Every bad field is named, in the caller's language; nothing is written.
    let bad = json!({"name": "Wisma\tSanur", "kind": "castle", "address": "Jl. A",
        "regency": "99.99", "licence_number": "12 34"});
    let before = count(&app, "SELECT COUNT(*) AS n FROM apoa_premises").await;
    let mut messages = Vec::new();
    for lang in ["id", "en"] {
        let res = app
            .client
            .post(app.url("/api/v1/apoa/premises"))
            .bearer_auth(&hotel)
            .header("accept-language", lang)
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["error"]["code"], "invalid_input");
        let fields = v["error"]["fields"].as_object().unwrap();
        let names: Vec<_> = fields.keys().map(String::as_str).collect();
        assert_eq!(names, ["kind", "licence_number", "name", "regency"], "{v}");
        messages.push(v["error"]["fields"]["name"].as_str().unwrap().to_owned());
    }
    assert_ne!(messages[0], messages[1], "Indonesian and English differ");
    assert!(messages[1].contains("not valid"), "{}", messages[1]);
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM apoa_premises").await,
        before
    );
}
both_databases!(premises_and_their_office);

async fn keys_shown_once_revocable_and_bound_to_their_premise(app: TestApp) {
    let hotel = lodging(&app, "desk@sanur.example.id").await;
    let other = lodging(&app, "desk@kuta.example.id").await;
    let a = registered_premise(&app, &hotel, &premise("Wisma Sanur", "51.71")).await;
    let a = a["id"].as_str().unwrap();
    let b = registered_premise(&app, &hotel, &premise("Villa Ubud", "51.71")).await;
    let b = b["id"].as_str().unwrap();
    let c = registered_premise(&app, &other, &premise("Kuta Inn", "51.71")).await;
    let c = c["id"].as_str().unwrap();

    let (key_id, key) = new_key(&app, &hotel, a).await;
    assert!(key.starts_with("apoa_") && key.len() == 69, "{key}");
    let stored = count(
        &app,
        &format!("SELECT COUNT(*) AS n FROM apoa_api_keys WHERE key_hash = '{key}'"),
    )
    .await;
    assert_eq!(stored, 0, "only a hash is kept");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM apoa_api_keys WHERE last_used_at IS NOT NULL"
        )
        .await,
        0
    );

    // The key reports for its premise, and its use is recorded.
    let v = reported(&app, &key, &stay(a, typed_guest("PA1234567"), 1)).await;
    assert_eq!(v["premise_id"], a);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM apoa_api_keys WHERE last_used_at IS NOT NULL"
        )
        .await,
        1
    );
    // Not for another premise, the owner's or another lodging's.
    for other_premise in [b, c] {
        let res = report(
            &app,
            &key,
            &stay(other_premise, typed_guest("PA1234567"), 1),
        )
        .await;
        assert_eq!(error_code(res).await, (404, "not_found".into()));
    }
    // A key is no account: it manages no premise.
    let res = app.get("/api/v1/apoa/premises", Some(&key)).await;
    assert_eq!(res.status(), 401);

    // Another lodging cannot create or revoke the premise's keys.
    let res = app
        .post_json(
            &format!("/api/v1/apoa/premises/{a}/api-keys"),
            Some(&other),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(revoke_key(&app, &other, a, &key_id).await, 404);
    assert_eq!(revoke_key(&app, &hotel, b, &key_id).await, 404);

    assert_eq!(revoke_key(&app, &hotel, a, &key_id).await, 204);
    assert_eq!(revoke_key(&app, &hotel, a, &key_id).await, 204);
    let res = report(&app, &key, &stay(a, typed_guest("PA7654321"), 1)).await;
    assert_eq!(error_code(res).await, (401, "unauthenticated".into()));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'apoa.key.revoke'"
        )
        .await,
        1
    );
}
both_databases!(keys_shown_once_revocable_and_bound_to_their_premise);

async fn mrz_specimen_parses_and_each_fault_is_named(app: TestApp) {
    let hotel = lodging(&app, "desk@sanur.example.id").await;
    let p = registered_premise(&app, &hotel, &premise("Wisma Sanur", "51.71")).await;
    let p = p["id"].as_str().unwrap();

    let mrz = format!("{SPECIMEN_1}\n{SPECIMEN_2}");
    let v = reported(&app, &hotel, &stay(p, json!({ "mrz": mrz }), 2)).await;
    assert_eq!(v["guest"]["surname"], "ERIKSSON");
    assert_eq!(v["guest"]["given_names"], "ANNA MARIA");
    assert_eq!(v["guest"]["nationality"], "UTO");
    assert_eq!(v["guest"]["birth_date"], "1974-08-12");
    assert_eq!(v["guest"]["sex"], "F");
    assert_eq!(v["guest"]["source"], "mrz");
    assert_eq!(v["guest"]["passport_number"], "******2C3");
    assert_eq!(v["late"], false);

    let mut cases: Vec<(String, &str)> = [
        (10, "document_number"),
        (20, "birth_date"),
        (28, "expiry_date"),
        (43, "personal_number"),
        (44, "composite"),
    ]
    .into_iter()
    .map(|(position, part)| {
        let c = SPECIMEN_2.as_bytes()[position - 1];
        (
            specimen_with(position, if c == b'9' { '1' } else { '9' }),
            part,
        )
    })
    .collect();
    cases.push((format!("{SPECIMEN_1}\n{}", &SPECIMEN_2[..43]), "format"));
    cases.push((format!("{SPECIMEN_1}\n{SPECIMEN_2}<"), "format"));
    cases.push((
        format!("{}\n{SPECIMEN_2}", SPECIMEN_1.to_lowercase()),
        "format",
    ));
    cases.push((
        format!("{SPECIMEN_1}\n{}", SPECIMEN_2.replace("740812", "741312")),
        "birth_date",
    ));
    for (mrz, part) in cases {
        let res = report(&app, &hotel, &stay(p, json!({ "mrz": mrz }), 2)).await;
        assert_eq!(res.status(), 422, "{part}");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["error"]["code"], "invalid_mrz", "{v}");
        let fields: Vec<_> = v["error"]["fields"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(fields, [part], "{mrz}: {v}");
    }
    // The check digit's message in English names the part.
    let res = app
        .client
        .post(app.url("/api/v1/apoa/stays"))
        .bearer_auth(&hotel)
        .header("accept-language", "en")
        .json(&stay(p, json!({ "mrz": specimen_with(20, '9') }), 2))
        .send()
        .await
        .unwrap();
    let v: Value = res.json().await.unwrap();
    let message = v["error"]["fields"]["birth_date"].as_str().unwrap();
    assert!(message.contains("birth date"), "{message}");
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM apoa_stays").await, 1);
}
both_databases!(mrz_specimen_parses_and_each_fault_is_named);

async fn late_reports_receipts_and_check_out(app: TestApp) {
    let hotel = lodging(&app, "desk@sanur.example.id").await;
    let p = registered_premise(&app, &hotel, &premise("Wisma Sanur", "51.71")).await;
    let p = p["id"].as_str().unwrap();

    let on_time = reported(&app, &hotel, &stay(p, typed_guest("PA1234567"), 23)).await;
    assert_eq!(on_time["late"], false);
    let late = reported(&app, &hotel, &stay(p, typed_guest("PB7654321"), 25)).await;
    assert_eq!(late["late"], true);
    let receipt = late["receipt_number"].as_str().unwrap();
    let year = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get("Asia/Makassar").unwrap())
        .year();
    assert!(
        receipt.starts_with(&format!("STTPOA-{year}-")) && receipt.len() == 20,
        "{receipt}"
    );
    assert_ne!(receipt, on_time["receipt_number"].as_str().unwrap());
    // The passport number is stored with its blind index.
    let indexed = count(
        &app,
        "SELECT COUNT(*) AS n FROM apoa_stays WHERE passport_number = 'PB7654321'
         AND passport_index <> '' AND passport_index <> passport_number",
    )
    .await;
    assert_eq!(indexed, 1);

    // A group member links to the head's stay at the same premise.
    let mut member = stay(p, typed_guest("PC1111111"), 1);
    member["group_head_id"] = on_time["id"].clone();
    let m = reported(&app, &hotel, &member).await;
    assert_eq!(m["group_head_id"], on_time["id"]);
    member["group_head_id"] = json!("no-such-stay");
    let (status, code) = error_code(report(&app, &hotel, &member).await).await;
    assert_eq!((status, code.as_str()), (422, "invalid_input"));

    let id = on_time["id"].as_str().unwrap();
    let before = (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(48)).to_string();
    let res = check_out(&app, &hotel, id, &before).await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));
    let now = jiff::Timestamp::now().to_string();
    let res = check_out(&app, &hotel, id, &now).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "checked_out");
    assert!(v["check_out"].is_string());
    let res = check_out(&app, &hotel, id, &now).await;
    assert_eq!(error_code(res).await, (409, "already_checked_out".into()));
}
both_databases!(late_reports_receipts_and_check_out);

async fn lodgings_never_see_each_other(app: TestApp) {
    let hotel = lodging(&app, "desk@sanur.example.id").await;
    let other = lodging(&app, "desk@kuta.example.id").await;
    let a = registered_premise(&app, &hotel, &premise("Wisma Sanur", "51.71")).await;
    let a = a["id"].as_str().unwrap();
    let c = registered_premise(&app, &other, &premise("Kuta Inn", "51.71")).await;
    let c = c["id"].as_str().unwrap();
    let (_, other_key) = new_key(&app, &other, c).await;
    let guest = reported(&app, &hotel, &stay(a, typed_guest("PA1234567"), 1)).await;
    let id = guest["id"].as_str().unwrap();
    let now = jiff::Timestamp::now().to_string();

    for token in [&other, &other_key] {
        let res = report(&app, token, &stay(a, typed_guest("PA7654321"), 1)).await;
        assert_eq!(error_code(res).await, (404, "not_found".into()));
        let res = check_out(&app, token, id, &now).await;
        assert_eq!(error_code(res).await, (404, "not_found".into()));
    }
    // Another premise's stay is no group head.
    let mut member = stay(c, typed_guest("PA7654321"), 1);
    member["group_head_id"] = json!(id);
    let (status, _) = error_code(report(&app, &other_key, &member).await).await;
    assert_eq!(status, 422);
    let res = report(
        &app,
        &hotel,
        &stay("no-such-premise", typed_guest("PA1"), 1),
    )
    .await;
    assert_eq!(res.status(), 404);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM apoa_stays").await, 1);
}
both_databases!(lodgings_never_see_each_other);

async fn bad_input_is_named_in_both_languages_and_nothing_written(app: TestApp) {
    let hotel = lodging(&app, "desk@sanur.example.id").await;
    let p = registered_premise(&app, &hotel, &premise("Wisma Sanur", "51.71")).await;
    let p = p["id"].as_str().unwrap();

    let mut body = stay(p, typed_guest("PA1234567"), 1);
    body["guest"]["surname"] = json!("Smith\n");
    body["guest"]["nationality"] = json!("ZZ");
    body["guest"]["birth_date"] = json!("1990-13-01");
    body["room"] = json!("12\tB");
    body["purpose"] = json!("");
    body["check_in"] = json!("tomorrow");
    let mut messages = Vec::new();
    for lang in ["id", "en"] {
        let res = app
            .client
            .post(app.url("/api/v1/apoa/stays"))
            .bearer_auth(&hotel)
            .header("accept-language", lang)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["error"]["code"], "invalid_input");
        let fields: Vec<_> = v["error"]["fields"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(
            fields,
            [
                "check_in",
                "guest.birth_date",
                "guest.nationality",
                "guest.surname",
                "purpose",
                "room"
            ],
            "{v}"
        );
        messages.push(v["error"]["fields"]["room"].as_str().unwrap().to_owned());
    }
    assert_ne!(messages[0], messages[1]);
    // A control character anywhere in the JSON is refused before any rule.
    let mut nul = stay(p, typed_guest("PA1234567"), 1);
    nul["purpose"] = json!("Holiday\u{0}");
    let (status, _) = error_code(report(&app, &hotel, &nul).await).await;
    assert_eq!(status, 422);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM apoa_stays").await, 0);
}
both_databases!(bad_input_is_named_in_both_languages_and_nothing_written);

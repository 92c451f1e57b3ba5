//! APOA amendments kept as versions (never a silent overwrite) and
//! cancellation with a reason; another lodging sees neither.

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::apoa::{
    SPECIMEN_1, SPECIMEN_2, amend, cancel, check_out, new_key, premise, registered_premise, report,
    reported, specimen_with, stay, typed_guest,
};
use crate::helpers::{TestApp, count, error_code};

async fn amendments_are_versions_and_cancellation_is_final(app: TestApp) {
    let hotel = app
        .staff("desk@sanur.example.id", Role::Lodging, None)
        .await;
    let other = app.staff("desk@kuta.example.id", Role::Lodging, None).await;
    let p = registered_premise(&app, &hotel, &premise("Wisma Sanur", "51.71")).await;
    let p = p["id"].as_str().unwrap();
    let (_, key) = new_key(&app, &hotel, p).await;
    let v = reported(&app, &hotel, &stay(p, typed_guest("PA1234567"), 2)).await;
    let id = v["id"].as_str().unwrap();
    assert_eq!(v["version"], 1);

    // The key amends the room; the account then the guest, from the MRZ.
    let res = amend(&app, &key, id, &json!({ "room": "14C" })).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        (v["version"].clone(), v["room"].clone()),
        (json!(2), json!("14C"))
    );
    assert_eq!(v["purpose"], "Holiday", "what is absent stays");
    let mrz = format!("{SPECIMEN_1}\n{SPECIMEN_2}");
    let res = amend(&app, &hotel, id, &json!({ "guest": { "mrz": mrz } })).await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["version"], 3);
    assert_eq!(v["guest"]["surname"], "ERIKSSON");
    assert_eq!(v["room"], "14C");

    // A bad amendment names its fault and changes nothing.
    let res = amend(
        &app,
        &hotel,
        id,
        &json!({ "guest": { "mrz": specimen_with(44, '9') } }),
    )
    .await;
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["error"]["code"], "invalid_mrz");
    assert!(e["error"]["fields"]["composite"].is_string(), "{e}");
    let res = amend(&app, &hotel, id, &json!({ "purpose": "a\tb" })).await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));

    let res = app
        .get(&format!("/api/v1/apoa/stays/{id}"), Some(&key))
        .await;
    assert_eq!(res.status(), 200);
    let file: Value = res.json().await.unwrap();
    assert_eq!(file["version"], 3);
    let versions = file["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], 1);
    assert_eq!(versions[0]["replaced_by"], "api_key");
    assert_eq!(versions[0]["fields"]["room"], "12B");
    assert_eq!(versions[1]["fields"]["surname"], "Smith");
    assert_eq!(versions[1]["fields"]["passport_number"], "******567");
    assert_eq!(versions[1]["replaced_by"], "account");

    // Another lodging neither reads, amends nor cancels it.
    let res = app
        .get(&format!("/api/v1/apoa/stays/{id}"), Some(&other))
        .await;
    assert_eq!(res.status(), 404);
    let res = amend(&app, &other, id, &json!({ "room": "1" })).await;
    assert_eq!(res.status(), 404);
    let res = cancel(&app, &other, id, "wrong guest").await;
    assert_eq!(res.status(), 404);

    // A reason is required; cancelled, the report changes no more.
    let res = cancel(&app, &hotel, id, " ").await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));
    let res = cancel(&app, &hotel, id, "Reported for the wrong premise").await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "cancelled");
    assert_eq!(v["cancel_reason"], "Reported for the wrong premise");
    let res = cancel(&app, &hotel, id, "again").await;
    assert_eq!(error_code(res).await, (409, "stay_cancelled".into()));
    let res = amend(&app, &key, id, &json!({ "room": "1" })).await;
    assert_eq!(error_code(res).await, (409, "stay_cancelled".into()));
    let now = jiff::Timestamp::now().to_string();
    let res = check_out(&app, &hotel, id, &now).await;
    assert_eq!(error_code(res).await, (409, "stay_cancelled".into()));

    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM apoa_stay_versions").await,
        2
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('apoa.stay.amend', 'apoa.stay.cancel')"
        )
        .await,
        3
    );
}
both_databases!(amendments_are_versions_and_cancellation_is_final);

/// The port of entry (TPI): optional, one line, at most 60 characters;
/// returned, amended as a new version, and kept in the version replaced.
async fn the_port_of_entry_is_reported_and_amended(app: TestApp) {
    let hotel = app
        .staff("desk@sanur.example.id", Role::Lodging, None)
        .await;
    let p = registered_premise(&app, &hotel, &premise("Wisma Sanur", "51.71")).await;
    let p = p["id"].as_str().unwrap();
    let stays = "SELECT COUNT(*) AS n FROM apoa_stays";

    // Refused, it is named and nothing is written.
    for bad in [
        "DPS\u{7}".to_owned(),
        "Batam\nCentre".to_owned(),
        "P".repeat(61),
    ] {
        let mut body = stay(p, typed_guest("PA1234567"), 2);
        body["entry_port"] = json!(bad);
        let res = report(&app, &hotel, &body).await;
        assert_eq!(res.status(), 422);
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["error"]["code"], "invalid_input", "{e}");
        let fields = e["error"]["fields"].as_object().unwrap();
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["entry_port"], "{e}");
        assert_eq!(count(&app, stays).await, 0);
    }

    let mut body = stay(p, typed_guest("PA1234567"), 2);
    body["entry_port"] = json!(" CGK ");
    let v = reported(&app, &hotel, &body).await;
    assert_eq!(v["entry_port"], "CGK");
    let id = v["id"].as_str().unwrap();
    let none = reported(&app, &hotel, &stay(p, typed_guest("PB7654321"), 2)).await;
    assert_eq!(none["entry_port"], Value::Null, "optional");

    let res = amend(&app, &hotel, id, &json!({ "entry_port": "P".repeat(61) })).await;
    assert_eq!(error_code(res).await, (422, "invalid_input".into()));
    let res = amend(&app, &hotel, id, &json!({ "room": "14C" })).await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["entry_port"], "CGK", "what is absent stays");
    let res = amend(&app, &hotel, id, &json!({ "entry_port": "Batam Centre" })).await;
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        (v["version"].clone(), v["entry_port"].clone()),
        (json!(3), json!("Batam Centre"))
    );

    let res = app
        .get(&format!("/api/v1/apoa/stays/{id}"), Some(&hotel))
        .await;
    let file: Value = res.json().await.unwrap();
    assert_eq!(file["entry_port"], "Batam Centre");
    let versions = file["versions"].as_array().unwrap();
    assert_eq!(versions[1]["fields"]["entry_port"], "CGK", "{file}");
    assert_eq!(count(&app, stays).await, 2);
}
both_databases!(the_port_of_entry_is_reported_and_amended);

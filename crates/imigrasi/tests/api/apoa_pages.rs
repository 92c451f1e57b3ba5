//! APOA receipts and the reporter's pages over HTTP (no browser): the
//! signed receipt verifies and follows the report (amended, checked out,
//! cancelled); a premise registered, a guest reported from a pasted MRZ
//! and refused field by field, the receipt with its QR code, check-out,
//! API keys shown once; another lodging's 404; both languages.

use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::apoa::{
    SPECIMEN_1, SPECIMEN_2, amend, cancel, check_out, new_key, premise, registered_premise,
    reported, specimen_with, stay, typed_guest,
};
use crate::helpers::pages::form_en as form;
use crate::helpers::pages::page;
use crate::helpers::verify_document as verify;
use crate::helpers::{TestApp, count};

/// GET a page as `token`; no message id may show raw.
async fn get(app: &TestApp, token: Option<&str>, path: &str, lang: &str) -> (u16, String) {
    let (status, html) = page(app, path, lang, token).await;
    assert!(
        !html.contains(">apoa-page-") && !html.contains(" apoa-page-"),
        "{path} ({lang}) shows a message id:\n{html}"
    );
    (status, html)
}

async fn receipt(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.get(&format!("/api/v1/apoa/stays/{id}/receipt"), Some(token))
        .await
}

async fn receipt_qr(app: &TestApp, token: &str, id: &str) -> Value {
    let res = receipt(app, token, id).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn receipts_verify_and_follow_the_report(app: TestApp) {
    let hotel = app
        .staff("desk@sanur.example.id", Role::Lodging, None)
        .await;
    let other = app
        .staff("desk@medan.example.id", Role::Lodging, None)
        .await;
    let p = registered_premise(&app, &hotel, &premise("Wisma Sanur", "51.71")).await;
    let pid = p["id"].as_str().unwrap();
    let mrz = format!("{SPECIMEN_1}\n{SPECIMEN_2}");
    let s = reported(&app, &hotel, &stay(pid, json!({ "mrz": mrz }), 2)).await;
    let id = s["id"].as_str().unwrap();

    let first = receipt_qr(&app, &hotel, id).await;
    assert_eq!(first["receipt_number"], s["receipt_number"]);
    assert_eq!(
        (first["status"].as_str(), first["version"].as_i64()),
        (Some("valid"), Some(1))
    );
    // The same version always gives the same payload.
    assert_eq!(receipt_qr(&app, &hotel, id).await["qr"], first["qr"]);
    let v = verify(&app, first["qr"].as_str().unwrap()).await;
    assert_eq!(
        (v["valid"].as_bool(), v["status"].as_str()),
        (Some(true), Some("valid"))
    );
    assert_eq!(v["kind"], "apoa_receipt");
    assert_eq!(v["data"]["name"], "ANNA MARIA ERIKSSON");
    assert_eq!(v["data"]["premise"], "Wisma Sanur");
    assert_eq!(v["number"], s["receipt_number"]);

    // The premise's key reads it too; another lodging is told nothing.
    let (_, key) = new_key(&app, &hotel, pid).await;
    assert_eq!(receipt(&app, &key, id).await.status(), 200);
    assert_eq!(receipt(&app, &other, id).await.status(), 404);
    assert_eq!(receipt(&app, &hotel, "nope").await.status(), 404);

    // Amended: the old receipt is superseded, the new one valid.
    let res = amend(&app, &hotel, id, &json!({"room": "14"})).await;
    assert_eq!(res.status(), 200);
    let second = receipt_qr(&app, &hotel, id).await;
    assert_eq!(second["version"], 2);
    assert_ne!(second["qr"], first["qr"]);
    assert_eq!(
        verify(&app, first["qr"].as_str().unwrap()).await["status"],
        "superseded"
    );
    assert_eq!(
        verify(&app, second["qr"].as_str().unwrap()).await["status"],
        "valid"
    );

    // Checked out, then cancelled.
    let at = jiff::Timestamp::now().to_string();
    assert_eq!(check_out(&app, &hotel, id, &at).await.status(), 200);
    let third = receipt_qr(&app, &hotel, id).await;
    assert_eq!(third["status"], "checked_out");
    assert_eq!(
        verify(&app, second["qr"].as_str().unwrap()).await["status"],
        "checked_out"
    );
    assert_eq!(cancel(&app, &hotel, id, "Wrong guest").await.status(), 200);
    assert_eq!(
        verify(&app, third["qr"].as_str().unwrap()).await["status"],
        "cancelled"
    );

    // A tampered receipt is not genuine.
    let qr = third["qr"].as_str().unwrap();
    let tampered = format!("{}x", &qr[..qr.len() - 1]);
    assert_eq!(verify(&app, &tampered).await["valid"], false);
}

both_databases!(receipts_verify_and_follow_the_report);

async fn the_reporter_registers_a_premise_and_a_guest(app: TestApp) {
    let hotel = app
        .staff("desk@sanur.example.id", Role::Lodging, None)
        .await;
    for lang in ["id", "en"] {
        let (status, html) = get(&app, None, "/apoa", lang).await;
        assert_eq!(status, 200);
        assert!(html.contains("/login?next=/apoa"));
        let (status, html) = get(&app, Some(&hotel), "/apoa", lang).await;
        assert_eq!(status, 200);
        assert!(html.contains("action=\"/apoa/premises\""));
    }
    let (_, html) = get(&app, Some(&hotel), "/apoa", "en").await;
    assert!(html.contains("You have registered no premises yet"));

    // A refused premise: each field named, nothing written.
    let bad = [
        ("name", "Wisma Sanur"),
        ("kind", "castle"),
        ("address", "Jl. Danau Tamblingan 12"),
        ("regency", "99.99"),
    ];
    let (status, _, html) = form(&app, &hotel, "/apoa/premises", &bad).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"kind-error\"") && html.contains("id=\"regency-error\""));
    assert!(
        html.contains("value=\"Wisma Sanur\""),
        "the form keeps what was typed"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM apoa_premises").await,
        0
    );

    let good = [
        ("name", "Wisma Sanur"),
        ("kind", "guest_house"),
        ("address", "Jl. Danau Tamblingan 12"),
        ("regency", "51.71"),
        ("licence_number", ""),
    ];
    let (status, location, _) = form(&app, &hotel, "/apoa/premises", &good).await;
    assert_eq!(status, 303);
    let pid = location.strip_prefix("/apoa/premises/").unwrap().to_owned();
    let (status, html) = get(&app, Some(&hotel), &location, "en").await;
    assert_eq!(status, 200);
    assert!(html.contains("No reported guest is in house") && html.contains("DENPASAR"));

    // The guest form comes with today's dates; a wrong check digit is
    // named next to the MRZ and nothing is written.
    let new = format!("/apoa/premises/{pid}/guests/new");
    for lang in ["id", "en"] {
        let (status, html) = get(&app, Some(&hotel), &new, lang).await;
        assert_eq!(status, 200);
        assert!(html.contains("name=\"mrz\"") && html.contains("type=\"datetime-local\""));
        assert!(html.contains("name=\"entry_port\"") && html.contains("id=\"entry_port-hint\""));
    }
    let today = crate::helpers::today().to_string();
    let now = jiff::tz::TimeZone::get("Asia/Makassar")
        .unwrap()
        .to_datetime(jiff::Timestamp::now())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    let out = crate::helpers::today()
        .checked_add(jiff::Span::new().days(3))
        .unwrap()
        .to_string();
    let guests = format!("/apoa/premises/{pid}/guests");
    let wrong = specimen_with(10, '7');
    let fields = |mrz: &str| {
        vec![
            ("mrz", mrz.to_owned()),
            ("entry_date", today.clone()),
            ("entry_port", "DPS Ngurah Rai".to_owned()),
            ("check_in", now.clone()),
            ("expected_check_out", out.clone()),
            ("room", "7".to_owned()),
            ("purpose", "Tourism".to_owned()),
        ]
    };
    let as_pairs = |v: &[(&'static str, String)]| -> Vec<(&'static str, String)> { v.to_vec() };
    let sent = as_pairs(&fields(&wrong));
    let refs: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, _, html) = form(&app, &hotel, &guests, &refs).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("id=\"mrz-error\"") && html.contains("check digit of the passport number")
    );
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM apoa_stays").await, 0);

    // Pasted in lowercase, as a phone keyboard may: taken as printed.
    let lower = format!("{SPECIMEN_1}\r\n{SPECIMEN_2}").to_ascii_lowercase();
    let sent = as_pairs(&fields(&lower));
    let refs: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, receipt_page, _) = form(&app, &hotel, &guests, &refs).await;
    assert_eq!(status, 303, "reported");
    assert!(receipt_page.starts_with("/apoa/stays/"));
    for lang in ["id", "en"] {
        let (status, html) = get(&app, Some(&hotel), &receipt_page, lang).await;
        assert_eq!(status, 200);
        assert!(html.contains("ANNA MARIA ERIKSSON") && html.contains("STTPOA-"));
        assert!(html.contains("<svg") && html.contains("class=\"qr\""));
        assert!(html.contains("id=\"entry-port\">DPS Ngurah Rai<"), "{html}");
    }
    let (_, html) = get(&app, Some(&hotel), &format!("/apoa/premises/{pid}"), "en").await;
    assert!(html.contains("ANNA MARIA ERIKSSON") && html.contains(&receipt_page));
    // The same guest again on the same day: told, nothing new written.
    let (status, _, html) = form(&app, &hotel, &guests, &refs).await;
    assert_eq!(status, 422);
    assert!(html.contains("was reported already"), "{html}");
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM apoa_stays").await, 1);

    // Typed fields, refused one by one.
    let long_port = "P".repeat(61);
    let typed = [
        ("mrz", ""),
        ("passport_number", "X1234567"),
        ("nationality", "ZZ"),
        ("surname", "Smith"),
        ("given_names", "Jane"),
        ("birth_date", "1990-13-01"),
        ("sex", "F"),
        ("passport_expiry", "2031-01-31"),
        ("entry_date", &today),
        ("entry_port", &long_port),
        ("check_in", &now),
        ("expected_check_out", &out),
        ("purpose", "Tourism"),
    ];
    let (status, _, html) = form(&app, &hotel, &guests, &typed).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"nationality-error\"") && html.contains("id=\"birth_date-error\""));
    assert!(
        html.contains("id=\"entry_port-error\"")
            && html.contains("aria-describedby=\"entry_port-hint entry_port-error\"")
    );
    assert!(
        html.contains("<details id=\"typed\" open>"),
        "the typed fields stay open"
    );

    // Another lodging sees none of it.
    let other = app
        .staff("desk@medan.example.id", Role::Lodging, None)
        .await;
    for path in [
        format!("/apoa/premises/{pid}"),
        new.clone(),
        receipt_page.clone(),
    ] {
        assert_eq!(get(&app, Some(&other), &path, "en").await.0, 404, "{path}");
    }
    let (status, _, _) = form(
        &app,
        &other,
        &format!("{receipt_page}/check-out"),
        &[("check_out", &now)],
    )
    .await;
    assert_eq!(status, 404);
    let (status, _, _) = form(&app, &other, &guests, &refs).await;
    assert_eq!(status, 404);

    // Check-out from the receipt.
    let (status, location, _) = form(
        &app,
        &hotel,
        &format!("{receipt_page}/check-out"),
        &[("check_out", &now)],
    )
    .await;
    assert_eq!((status, location.as_str()), (303, receipt_page.as_str()));
    let (_, html) = get(&app, Some(&hotel), &receipt_page, "en").await;
    assert!(html.contains("data-status=\"checked_out\"") && !html.contains("id=\"check-out\""));
}

both_databases!(the_reporter_registers_a_premise_and_a_guest);

async fn api_keys_are_shown_once_on_the_page(app: TestApp) {
    let hotel = app
        .staff("desk@sanur.example.id", Role::Lodging, None)
        .await;
    let p = registered_premise(&app, &hotel, &premise("Wisma Sanur", "51.71")).await;
    let pid = p["id"].as_str().unwrap();
    let path = format!("/apoa/premises/{pid}/keys");
    let res = app
        .client
        .post(app.url(&path))
        .header("accept-language", "en")
        .bearer_auth(&hotel)
        .form(&[("x", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let html = res.text().await.unwrap();
    let start = html.find("apoa_").expect("the key is shown");
    let key: String = html[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    assert_eq!(key.len(), "apoa_".len() + 64);

    // The key reports for its premise; the page never shows it again.
    let res = app
        .post_json(
            "/api/v1/apoa/stays",
            Some(&key),
            &stay(pid, typed_guest("X1234567"), 1),
        )
        .await;
    assert_eq!(res.status(), 201);
    let (_, html) = get(&app, Some(&hotel), &format!("/apoa/premises/{pid}"), "en").await;
    assert!(!html.contains(&key) && html.contains("Revoke"));
    let key_id: String = {
        let at = html.find("/keys/").unwrap() + "/keys/".len();
        html[at..].chars().take_while(|c| *c != '/').collect()
    };
    let (status, location, _) = form(
        &app,
        &hotel,
        &format!("/apoa/premises/{pid}/keys/{key_id}/revoke"),
        &[],
    )
    .await;
    assert_eq!(
        (status, location),
        (303, format!("/apoa/premises/{pid}#keys"))
    );
    let res = app
        .post_json(
            "/api/v1/apoa/stays",
            Some(&key),
            &stay(pid, typed_guest("X7654321"), 1),
        )
        .await;
    assert_eq!(res.status(), 401);
    let (_, html) = get(&app, Some(&hotel), &format!("/apoa/premises/{pid}"), "id").await;
    assert!(html.contains("Dicabut"));
}

both_databases!(api_keys_are_shown_once_on_the_page);

async fn the_verify_page_reads_a_receipt(app: TestApp) {
    let hotel = app
        .staff("desk@sanur.example.id", Role::Lodging, None)
        .await;
    let p = registered_premise(&app, &hotel, &premise("Wisma Sanur", "51.71")).await;
    let pid = p["id"].as_str().unwrap();
    let s = reported(&app, &hotel, &stay(pid, typed_guest("X1234567"), 1)).await;
    let qr = receipt_qr(&app, &hotel, s["id"].as_str().unwrap()).await;
    let qr = qr["qr"].as_str().unwrap();
    let res = app
        .client
        .post(app.url("/verify"))
        .header("accept-language", "en")
        .form(&[("qr", qr)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Genuine receipt: the guest is reported in"),
        "{html}"
    );
    assert!(html.contains("Wisma Sanur"));
    assert!(html.to_ascii_uppercase().contains("JANE MARY SMITH"));
    assert!(html.contains(s["receipt_number"].as_str().unwrap()));
}

both_databases!(the_verify_page_reads_a_receipt);

async fn a_control_character_at_the_end_is_refused_too(app: TestApp) {
    let hotel = app
        .staff("desk@sanur.example.id", Role::Lodging, None)
        .await;
    let mut body = premise("Wisma Sanur\n", "51.71");
    let res = app
        .post_json("/api/v1/apoa/premises", Some(&hotel), &body)
        .await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert!(v["error"]["fields"]["name"].is_string(), "{v}");
    body["name"] = json!("Wisma Sanur");
    let p = registered_premise(&app, &hotel, &body).await;
    let mut guest = typed_guest("X1234567");
    guest["surname"] = json!("Smith\t");
    let res = app
        .post_json(
            "/api/v1/apoa/stays",
            Some(&hotel),
            &stay(p["id"].as_str().unwrap(), guest, 1),
        )
        .await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert!(v["error"]["fields"]["guest.surname"].is_string(), "{v}");
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM apoa_stays").await, 0);
}

both_databases!(a_control_character_at_the_end_is_refused_too);

async fn the_desk_corrects_a_stay_on_its_version(app: TestApp) {
    let hotel = app
        .staff("desk@sanur.example.id", Role::Lodging, None)
        .await;
    let p = registered_premise(&app, &hotel, &premise("Wisma Sanur", "51.71")).await;
    let s = reported(
        &app,
        &hotel,
        &stay(p["id"].as_str().unwrap(), typed_guest("X1234567"), 1),
    )
    .await;
    let id = s["id"].as_str().unwrap();
    let path = format!("/apoa/stays/{id}/amend");
    let out = crate::helpers::today()
        .checked_add(jiff::Span::new().days(6))
        .unwrap()
        .to_string();
    let fields = |version: &'static str, room: &'static str| {
        vec![
            ("version", version.to_owned()),
            ("expected_check_out", out.clone()),
            ("room", room.to_owned()),
            ("entry_port", "DPS".to_owned()),
            ("purpose", "Holiday".to_owned()),
        ]
    };
    let send = |v: Vec<(&'static str, String)>| {
        let app = &app;
        let hotel = hotel.clone();
        let path = path.clone();
        async move {
            let refs: Vec<(&str, &str)> = v.iter().map(|(k, x)| (*k, x.as_str())).collect();
            form(app, &hotel, &path, &refs).await
        }
    };
    let (status, location, _) = send(fields("1", "21")).await;
    assert_eq!((status, location), (303, format!("/apoa/stays/{id}")));
    let (_, html) = get(&app, Some(&hotel), &format!("/apoa/stays/{id}"), "en").await;
    assert!(html.contains("value=\"21\"") && html.contains("name=\"version\" value=\"2\""));
    // The same form again, shown on version 1: refused, nothing changes.
    let (status, _, html) = send(fields("1", "99")).await;
    assert_eq!(status, 409);
    assert!(html.contains("amended meanwhile"), "{html}");
    let v = app
        .get(&format!("/api/v1/apoa/stays/{id}"), Some(&hotel))
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(
        v["stay"]["room"].as_str().or(v["room"].as_str()),
        Some("21"),
        "{v}"
    );
    // A bad value is named next to its field.
    let (status, _, html) = send(fields("2", "a room far too long to be a room")).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"room-error\""));
}

both_databases!(the_desk_corrects_a_stay_on_its_version);

//! The passport use cases through the API: refusals in the caller's
//! language (never mixed), the Idempotency-Key of a booking, and bookings
//! and cancellations of one session in parallel (no deadlock, no 500).

use futures::future::join_all;
use imigrasi_platform::policy::Role;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::passport::{applicant, book, days_ahead, slot};
use crate::helpers::{TestApp, count, error_code};

async fn post_booking(app: &TestApp, token: &str, body: &Value, lang: Option<&str>) -> Value {
    let mut req = app
        .client
        .post(app.url("/api/v1/passport/bookings"))
        .bearer_auth(token)
        .json(body);
    if let Some(l) = lang {
        req = req.header("accept-language", l);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 422);
    res.json().await.unwrap()
}

async fn refusals_speak_the_callers_language(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let slot_id = slot(&app, &sup, &days_ahead(2), "08:00", "10:00", 5, None).await;
    let citizen = app.citizen("warga@example.id").await;
    let mut bad_nik = applicant(1);
    bad_nik["nik"] = json!("123");
    let mut wrong_birth = applicant(1);
    wrong_birth["birth_date"] = json!("1990-03-13");
    let cases = [
        ("invalid_nik", bad_nik),
        ("identity_mismatch", wrong_birth),
        ("invalid_input", json!({"full_name": "", "sex": "X"})),
    ];
    for (code, person) in cases {
        let body = json!({"slot_id": slot_id, "applicant": person, "passport_type": "regular", "service": "new"});
        let id = post_booking(&app, &citizen, &body, None).await;
        let en = post_booking(&app, &citizen, &body, Some("en")).await;
        assert_eq!(id["error"]["code"], code);
        assert_eq!(en["error"]["code"], code);
        let (id_msg, en_msg) = (
            id["error"]["message"].as_str().unwrap(),
            en["error"]["message"].as_str().unwrap(),
        );
        assert_ne!(id_msg, en_msg, "{code}");
        assert!(
            !en_msg.contains("tidak") && !en_msg.contains("Identitas"),
            "{en_msg}"
        );
        assert!(
            !id_msg.contains(" not ") && !id_msg.contains("Check"),
            "{id_msg}"
        );
        let fields = en["error"]["fields"].as_object().unwrap();
        assert!(!fields.is_empty(), "{code}: {en}");
        for (name, text) in fields {
            let text = text.as_str().unwrap();
            assert!(!text.contains("tidak"), "{name}: {text}");
            assert_ne!(
                id["error"]["fields"][name].as_str().unwrap(),
                text,
                "{name}"
            );
        }
    }
    // A missing field of the booking itself, too.
    let body = json!({"applicant": applicant(1), "passport_type": "regular", "service": "new"});
    let id = post_booking(&app, &citizen, &body, None).await;
    let en = post_booking(&app, &citizen, &body, Some("en")).await;
    assert_ne!(
        id["error"]["fields"]["slot_id"],
        en["error"]["fields"]["slot_id"]
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM passport_bookings").await,
        0
    );
}
both_databases!(refusals_speak_the_callers_language);

async fn a_reused_idempotency_key_with_another_body_is_refused(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let slot_id = slot(&app, &sup, &days_ahead(2), "08:00", "10:00", 5, None).await;
    let citizen = app.citizen("warga@example.id").await;
    let send = |serial: u32| {
        app.client
            .post(app.url("/api/v1/passport/bookings"))
            .bearer_auth(&citizen)
            .header("idempotency-key", "retry-7")
            .json(&json!({"slot_id": slot_id, "applicant": applicant(serial), "passport_type": "regular", "service": "new"}))
            .send()
    };
    assert_eq!(send(1).await.unwrap().status(), 201);
    let replay = send(1).await.unwrap();
    assert_eq!(replay.status(), 201);
    assert_eq!(
        replay
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    assert_eq!(
        error_code(send(2).await.unwrap()).await,
        (422, "idempotency_key_reused".to_owned())
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM passport_bookings").await,
        1
    );
}
both_databases!(a_reused_idempotency_key_with_another_body_is_refused);

/// Cancelling returns a place (slot row) and appends to the audit chain;
/// booking takes the place and then appends. Both in one order, so that
/// neither waits for the other forever (PostgreSQL would abort one with a
/// deadlock: a 500).
async fn parallel_bookings_and_cancellations_of_one_session(app: TestApp) {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let slot_id = slot(&app, &sup, &days_ahead(3), "08:00", "10:00", 12, None).await;
    let mut holders = Vec::new();
    for i in 0..12u32 {
        let token = app.citizen(&format!("holder{i}@example.id")).await;
        let res = book(&app, &token, &slot_id, i + 1).await;
        assert_eq!(res.status(), 201);
        let v: Value = res.json().await.unwrap();
        holders.push((token, v["code"].as_str().unwrap().to_owned()));
    }
    let mut newcomers = Vec::new();
    for i in 0..12u32 {
        newcomers.push(app.citizen(&format!("new{i}@example.id")).await);
    }
    let cancels = holders.iter().map(|(token, code)| {
        let (app, token, code) = (app.clone(), token.clone(), code.clone());
        tokio::spawn(async move {
            let res = app
                .post_json(
                    &format!("/api/v1/passport/bookings/{code}/cancel"),
                    Some(&token),
                    &json!({}),
                )
                .await;
            res.status().as_u16()
        })
    });
    let bookings = newcomers.iter().enumerate().map(|(i, token)| {
        let (app, token, slot_id) = (app.clone(), token.clone(), slot_id.clone());
        tokio::spawn(async move {
            let res = book(&app, &token, &slot_id, 100 + i as u32).await;
            let status = res.status().as_u16();
            if status == 201 {
                (status, String::new())
            } else {
                error_code(res).await
            }
        })
    });
    let (cancelled, booked) = futures::join!(join_all(cancels), join_all(bookings));
    for c in cancelled {
        assert_eq!(c.unwrap(), 200);
    }
    let mut made = 0;
    for b in booked {
        match b.unwrap() {
            (201, _) => made += 1,
            (409, code) => assert_eq!(code, "slot_full"),
            other => panic!("unexpected answer {other:?}"),
        }
    }
    let booked_now = count(
        &app,
        "SELECT CAST(booked AS BIGINT) AS n FROM passport_slots WHERE source = 'extra'",
    )
    .await;
    assert_eq!(booked_now, made);
    assert!(made <= 12);
    assert!(
        imigrasi_platform::audit::verify(&app.state.db)
            .await
            .unwrap()
            .is_ok()
    );
}
both_databases!(parallel_bookings_and_cancellations_of_one_session);

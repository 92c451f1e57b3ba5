//! The grouped booking engine: a group of requests decided together gives
//! each request the answer the direct engine gives it alone; what it writes
//! is what a booking alone writes; a NIK booked meanwhile by another
//! transaction is left to be booked alone; and through the API both engines
//! answer a burst alike.

use std::collections::HashMap;

use futures::future::join_all;
use imigrasi_core::{Nik, PersonName, Sex};
use imigrasi_passport::app::PassportSettings;
use imigrasi_passport::app::engine::BookingEngine;
use imigrasi_passport::domain::{PassportType, Purpose, ServiceKind};
use imigrasi_passport::store::{
    self, BookError, BookingRequest, BookingSettings, GroupItem, Origin, Outcome,
};
use imigrasi_platform::policy::Role;
use imigrasi_platform::{audit, db};
use sea_orm::Value;

use crate::both_databases;
use crate::helpers::passport::{applicant, book, days_ahead, nik, slot};
use crate::helpers::{Backend, TestApp, error_code};

fn request(
    settings: &BookingSettings,
    account: Option<&str>,
    slot_id: &str,
    serial: u32,
) -> BookingRequest {
    let applicant = settings.applicant(
        &Nik::parse(&nik(serial)).unwrap(),
        &PersonName::parse("Budi Santoso").unwrap(),
        "1990-03-12".parse().unwrap(),
        Sex::Male,
    );
    BookingRequest {
        account_id: account.map(str::to_owned),
        slot_id: slot_id.to_owned(),
        applicant,
        passport_type: PassportType::Regular,
        service: ServiceKind::New,
        validity_years: 5,
        purpose: Purpose::Other,
        married: false,
        channel: "api",
        waitlist_id: None,
    }
}

async fn account_id(app: &TestApp, email: &str) -> String {
    let row = db::one(
        &app.state.db,
        "SELECT id FROM accounts WHERE email = $1",
        [Value::from(email)],
    )
    .await
    .unwrap()
    .unwrap();
    db::col(&row, "id").unwrap()
}

async fn count(app: &TestApp, sql: &str, value: &str) -> i64 {
    let row = db::one(&app.state.db, sql, [Value::from(value)])
        .await
        .unwrap()
        .unwrap();
    db::col(&row, "n").unwrap()
}

async fn decide(app: &TestApp, reqs: &[BookingRequest]) -> Result<Vec<Outcome>, sea_orm::DbErr> {
    let settings = imigrasi_passport::app::settings(&app.state);
    let items: Vec<GroupItem<'_>> = reqs
        .iter()
        .map(|req| GroupItem {
            req,
            origin: Origin::SYSTEM,
        })
        .collect();
    let txn = db::begin_write(&app.state.db).await?;
    let out = store::book_all(&txn, &items, &settings, jiff::Timestamp::now()).await?;
    txn.commit().await?;
    Ok(out)
}

fn refusal(o: &Outcome) -> &'static str {
    match o {
        Outcome::Booked(..) => "booked",
        Outcome::Alone => "alone",
        Outcome::Refused(BookError::SlotFull) => "slot_full",
        Outcome::Refused(BookError::AlreadyBooked) => "already_booked",
        Outcome::Refused(BookError::BookingLimit(_)) => "booking_limit",
        Outcome::Refused(BookError::SlotNotFound) => "slot_not_found",
        Outcome::Refused(BookError::NotBookable(_)) => "not_bookable",
        Outcome::Refused(BookError::Ineligible(_)) => "ineligible",
        Outcome::Refused(BookError::Db(_)) => "db",
    }
}

async fn a_group_answers_each_request_as_alone(app: TestApp) {
    let sup = app
        .staff("sup@imigrasi.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let date = days_ahead(7);
    let small = slot(&app, &sup, &date, "08:00", "09:00", 2, None).await;
    let roomy = slot(&app, &sup, &date, "09:00", "10:00", 20, None).await;
    let opens = format!("{}T08:00:00+07:00", days_ahead(1));
    let later = slot(&app, &sup, &date, "10:00", "11:00", 5, Some(&opens)).await;
    // One account already holds four bookings (the limit is five).
    let busy_token = app.citizen("busy@example.id").await;
    for serial in 1..=4 {
        assert_eq!(book(&app, &busy_token, &roomy, serial).await.status(), 201);
    }
    app.citizen("free@example.id").await;
    let busy = account_id(&app, "busy@example.id").await;
    let free = account_id(&app, "free@example.id").await;
    let settings = imigrasi_passport::app::settings(&app.state);
    let mut ten_unmarried_child = request(&settings, Some(&free), &roomy, 30);
    ten_unmarried_child.applicant.birth_date = crate::helpers::floor::years_ago(10);
    ten_unmarried_child.validity_years = 10;
    let reqs = vec![
        request(&settings, Some(&free), &small, 11),
        request(&settings, Some(&free), &small, 11),
        request(&settings, Some(&free), &small, 12),
        request(&settings, Some(&free), &small, 13),
        request(&settings, Some(&busy), &roomy, 14),
        request(&settings, Some(&busy), &roomy, 15),
        request(&settings, None, "no-such-session", 16),
        request(&settings, Some(&free), &later, 17),
        ten_unmarried_child,
        request(&settings, Some(&free), &roomy, 1),
    ];
    let out = decide(&app, &reqs).await.unwrap();
    let answers: Vec<&str> = out.iter().map(refusal).collect();
    assert_eq!(
        answers,
        [
            "booked",
            "already_booked",
            "booked",
            "slot_full",
            "booked",
            "booking_limit",
            "slot_not_found",
            "not_bookable",
            "ineligible",
            "already_booked",
        ]
    );
    // What the group answered is what was stored.
    for o in &out {
        if let Outcome::Booked(booked) = o {
            let (booking, session, zone) = &**booked;
            let stored = store::find_by_code(&app.state.db, &booking.code)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(&stored, booking);
            assert_eq!(zone.iana(), "Asia/Jakarta");
            let now = store::slot(&app.state.db, &session.id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(&now, session);
            let bill = imigrasi_platform::billing::find(&app.state.db, &booking.billing_code)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(bill.amount, booking.amount);
            assert_eq!(bill.object_id, booking.id);
        }
    }
    let small_now = store::slot(&app.state.db, &small).await.unwrap().unwrap();
    assert_eq!((small_now.booked, small_now.capacity), (2, 2));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_bookings WHERE slot_id = $1",
            &small
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_bookings WHERE account_id = $1",
            &busy
        )
        .await,
        5
    );
    // One audit row and one e-mail per booking; the chains verify.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1",
            "booking.create"
        )
        .await,
        4 + 3
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM outbox WHERE recipient = $1",
            "free@example.id"
        )
        .await,
        2
    );
    assert!(audit::verify(&app.state.db).await.unwrap().is_ok());
}
both_databases!(a_group_answers_each_request_as_alone);

/// Another transaction books a NIK of the group (at another session) before
/// the group looks it up, and commits after: on PostgreSQL the group's
/// insert waits for it and then leaves that request to be booked alone
/// (nothing of it written); on SQLite the group waits for the other writer
/// before it reads anything, and refuses it.
async fn a_nik_booked_meanwhile_is_left_alone(app: TestApp) {
    let sup = app
        .staff("sup@imigrasi.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let session = slot(&app, &sup, &days_ahead(7), "08:00", "09:00", 10, None).await;
    // The other transaction books another session (else the group would
    // wait for that session's lock before it looked the NIK up).
    let other = slot(&app, &sup, &days_ahead(7), "09:00", "10:00", 10, None).await;
    let settings = imigrasi_passport::app::settings(&app.state);
    let first = db::begin_write(&app.state.db).await.unwrap();
    store::book_in(
        &first,
        &request(&settings, None, &other, 41),
        &settings,
        Origin::SYSTEM,
        jiff::Timestamp::now(),
    )
    .await
    .unwrap();
    let group = {
        let app = app.clone();
        let session = session.clone();
        tokio::spawn(async move {
            let settings = imigrasi_passport::app::settings(&app.state);
            let reqs = vec![
                request(&settings, None, &session, 41),
                request(&settings, None, &session, 42),
            ];
            decide(&app, &reqs).await.unwrap()
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    first.commit().await.unwrap();
    let out = group.await.unwrap();
    let expected = match app.backend {
        Backend::Postgres => "alone",
        Backend::Sqlite => "already_booked",
    };
    assert_eq!(
        out.iter().map(refusal).collect::<Vec<_>>(),
        [expected, "booked"]
    );
    let now = store::slot(&app.state.db, &session).await.unwrap().unwrap();
    assert_eq!(
        now.booked, 1,
        "the place of the request left alone is given back"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM bills WHERE service = $1",
            "passport"
        )
        .await,
        2,
        "no bill left behind for the request left alone"
    );
    assert!(audit::verify(&app.state.db).await.unwrap().is_ok());
}
both_databases!(a_nik_booked_meanwhile_is_left_alone);

/// A burst through the API: capacity 12, 36 requests from 9 accounts, each
/// NIK sent twice. Returns the answers by code.
async fn burst(app: &TestApp) -> HashMap<String, usize> {
    let sup = app
        .staff("sup@imigrasi.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let session = slot(app, &sup, &days_ahead(7), "08:00", "09:00", 12, None).await;
    let mut tokens = Vec::new();
    for i in 0..9 {
        tokens.push(app.citizen(&format!("w{i}@example.id")).await);
    }
    let calls = (0..36u32).map(|i| {
        let (app, token, session) = (app.clone(), tokens[(i / 4) as usize].clone(), session.clone());
        async move {
            let res = app
                .post_json(
                    "/api/v1/passport/bookings",
                    Some(&token),
                    &serde_json::json!({"slot_id": session, "applicant": applicant(100 + i / 2), "passport_type": "regular", "service": "new"}),
                )
                .await;
            match error_code(res).await {
                (201, _) => "created".to_owned(),
                (status, code) => format!("{status} {code}"),
            }
        }
    });
    let mut answers = HashMap::new();
    for a in join_all(calls).await {
        *answers.entry(a).or_default() += 1;
    }
    let now = store::slot(&app.state.db, &session).await.unwrap().unwrap();
    assert_eq!(now.booked, 12);
    assert_eq!(
        count(
            app,
            "SELECT COUNT(*) AS n FROM passport_bookings WHERE slot_id = $1",
            &session
        )
        .await,
        12
    );
    assert!(audit::verify(&app.state.db).await.unwrap().is_ok());
    answers
}

async fn grouped_burst(app: TestApp) {
    let answers = burst(&app).await;
    assert_eq!(answers.get("created"), Some(&12), "{answers:?}");
    assert_eq!(answers.values().sum::<usize>(), 36, "{answers:?}");
    assert!(
        answers
            .keys()
            .all(|k| ["created", "409 slot_full", "409 already_booked"].contains(&k.as_str())),
        "{answers:?}"
    );
}
both_databases!(grouped_burst);

fn direct(config: &mut imigrasi_platform::Config) {
    config.services.insert(PassportSettings {
        booking_engine: BookingEngine::Direct,
        ..PassportSettings::default()
    });
}

async fn direct_burst(app: TestApp) {
    let answers = burst(&app).await;
    assert_eq!(answers.get("created"), Some(&12), "{answers:?}");
    assert!(
        answers
            .keys()
            .all(|k| ["created", "409 slot_full", "409 already_booked"].contains(&k.as_str())),
        "{answers:?}"
    );
}
both_databases!(direct_burst, direct);

/// Idempotent requests in groups: one key sent three times at once books
/// once and answers the same booking three times (in one group the later
/// two wait for it); a refused keyed request leaves its key free.
async fn keys_in_groups(app: TestApp) {
    let sup = app
        .staff("sup@imigrasi.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let session = slot(&app, &sup, &days_ahead(7), "08:00", "09:00", 1, None).await;
    let first = app.citizen("first@example.id").await;
    let second = app.citizen("second@example.id").await;
    let send = |token: String, key: &'static str, serial: u32| {
        let (app, session) = (app.clone(), session.clone());
        async move {
            let res = app
                .client
                .post(app.url("/api/v1/passport/bookings"))
                .bearer_auth(&token)
                .header("idempotency-key", key)
                .json(&serde_json::json!({"slot_id": session, "applicant": applicant(serial), "passport_type": "regular", "service": "new"}))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let body: serde_json::Value = res.json().await.unwrap();
            (status, body)
        }
    };
    // The second account's request is sent a moment later, so the first
    // key (whichever of its copies comes first) takes the one place.
    let same = join_all((0..3).map(|_| send(first.clone(), "release-1", 1))).await;
    let other = send(second.clone(), "release-2", 2).await;
    let codes: Vec<&str> = same
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, 201, "{body}");
            body["code"].as_str().unwrap()
        })
        .collect();
    assert!(codes.iter().all(|c| *c == codes[0]), "{codes:?}");
    assert_eq!(other.0, 409, "{}", other.1);
    assert_eq!(other.1["error"]["code"], "slot_full");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM passport_bookings WHERE slot_id = $1",
            &session
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM idempotency_records WHERE key = $1",
            "release-2"
        )
        .await,
        0,
        "a refused request's key is not kept"
    );
    // The place returns: the same key now books.
    let res = app
        .post_json(
            &format!("/api/v1/passport/bookings/{}/cancel", codes[0]),
            Some(&first),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let again = send(second.clone(), "release-2", 2).await;
    assert_eq!(again.0, 201, "{}", again.1);
}
both_databases!(keys_in_groups);

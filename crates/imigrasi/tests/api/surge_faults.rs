//! Faults at a quota release (issue 15), with the real binary: a server
//! SIGKILLed in the middle of a burst and started again loses no booking
//! it acknowledged and never overbooks; a burst split across two
//! `imigrasi serve` processes on one database never overbooks, one NIK
//! sent to both at once (or twice to one) is booked once, and when one of
//! the two is SIGKILLed the other fills the slot exactly. For both booking
//! engines.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use imigrasi_platform::db;
use imigrasi_platform::policy::Role;
use sea_orm::Value as DbValue;

use crate::both_databases;
use crate::helpers::TestApp;
use crate::helpers::passport::{days_ahead, slot};
use crate::helpers::serve::{
    Answer, Server, Shot, audit_verify, burst, burst_client, citizens, surge_nik,
};

const ACTIVE: &str = "('awaiting_payment', 'confirmed', 'checked_in')";

async fn scalar(app: &TestApp, sql: &str, values: Vec<DbValue>) -> i64 {
    let row = db::one(&app.state.db, sql, values).await.unwrap().unwrap();
    db::col::<i64>(&row, "n").unwrap()
}

/// A released session at BATAM with `capacity` places; its id.
async fn released_slot(app: &TestApp, capacity: i64) -> String {
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    slot(app, &sup, &days_ahead(7), "08:00", "10:00", capacity, None).await
}

/// One shot per serial in `serials`, five per account (the limit), each
/// to the server `bases[i % bases.len()]`.
fn shots(tokens: &[String], serials: std::ops::Range<usize>, bases: &[&str]) -> Vec<Shot> {
    serials
        .enumerate()
        .map(|(i, serial)| Shot {
            base: bases[i % bases.len()].to_owned(),
            token: tokens[i / 5].clone(),
            nik: surge_nik(serial),
        })
        .collect()
}

/// What the database holds of the slot after the faults, checked against
/// what the clients were told: every acknowledged code exists exactly once
/// and is active on the slot; the active bookings never exceed the
/// capacity and equal the slot's counter; every booking has exactly one
/// audit row; the audit chains verify. Returns the active bookings.
async fn check_slot(app: &TestApp, slot_id: &str, capacity: i64, acknowledged: &[String]) -> i64 {
    let unique: HashSet<&String> = acknowledged.iter().collect();
    assert_eq!(
        unique.len(),
        acknowledged.len(),
        "a code acknowledged twice"
    );
    for code in acknowledged {
        let n = scalar(
            app,
            "SELECT COUNT(*) AS n FROM passport_bookings WHERE code = $1",
            vec![code.clone().into()],
        )
        .await;
        assert_eq!(
            n, 1,
            "acknowledged booking {code} is in the database {n} times"
        );
        let n = scalar(
            app,
            &format!(
                "SELECT COUNT(*) AS n FROM passport_bookings WHERE code = $1 AND slot_id = $2 AND status IN {ACTIVE}"
            ),
            vec![code.clone().into(), slot_id.into()],
        )
        .await;
        assert_eq!(
            n, 1,
            "acknowledged booking {code} is not active on the slot"
        );
    }
    let active = scalar(
        app,
        &format!(
            "SELECT COUNT(*) AS n FROM passport_bookings WHERE slot_id = $1 AND status IN {ACTIVE}"
        ),
        vec![slot_id.into()],
    )
    .await;
    let booked = scalar(
        app,
        "SELECT CAST(booked AS BIGINT) AS n FROM passport_slots WHERE id = $1",
        vec![slot_id.into()],
    )
    .await;
    assert!(active <= capacity, "overbooked: {active} of {capacity}");
    assert_eq!(
        booked, active,
        "the slot's counter disagrees with its bookings"
    );
    assert!(active >= acknowledged.len() as i64);
    let unaudited = scalar(
        app,
        "SELECT COUNT(*) AS n FROM passport_bookings b WHERE b.slot_id = $1 AND
         (SELECT COUNT(*) FROM audit_log a WHERE a.action = 'booking.create' AND a.object_id = b.code) <> 1",
        vec![slot_id.into()],
    )
    .await;
    assert_eq!(unaudited, 0, "bookings without exactly one audit row");
    let (code, out) = audit_verify(app);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("audit log intact"), "{out}");
    active
}

fn codes(answers: &[Answer]) -> Vec<String> {
    answers
        .iter()
        .filter(|a| a.status == 201)
        .map(|a| {
            assert!(!a.code().is_empty(), "201 without a code: {}", a.body);
            a.code().to_owned()
        })
        .collect()
}

/// Every answer is 201 or 409 `slot_full`; `none_ok`: no answer at all
/// (the connection failed) is allowed too.
fn only_booked_or_full(answers: &[Answer], none_ok: bool, log: &str) {
    for a in answers {
        let fine = a.status == 201
            || (a.status == 409 && a.error() == "slot_full")
            || (none_ok && a.status == 0);
        assert!(
            fine,
            "request {}: {} {}\n{log}",
            a.request, a.status, a.body
        );
    }
}

/// SIGKILL after `KILL_AFTER` acknowledgements of a burst of 200 requests
/// (32 at a time) for 60 places; start again on the same database, fill
/// the slot with 100 more; then check what the clients were told.
async fn sigkill_mid_burst(app: TestApp, engine: &str) {
    const CAPACITY: i64 = 60;
    const KILL_AFTER: usize = 15;
    let slot_id = released_slot(&app, CAPACITY).await;
    let before = citizens(&app, "before", 40).await;
    let after = citizens(&app, "after", 20).await;
    let client = burst_client(32);

    let mut server = Server::start(&app, engine).await;
    let acked = Arc::new(AtomicUsize::new(0));
    let seen = acked.clone();
    let on_answer = Arc::new(move |a: &Answer| {
        if a.status == 201 {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    let fired = tokio::spawn({
        let (client, slot_id) = (client.clone(), slot_id.clone());
        let shots = shots(&before, 1..201, &[&server.base]);
        async move { burst(&client, &slot_id, shots, 32, on_answer).await }
    });
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while acked.load(Ordering::SeqCst) < KILL_AFTER {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no bookings: {}",
            server.log_text()
        );
        assert!(!fired.is_finished(), "the burst ended before the kill");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    server.kill();
    let log = server.log_text();
    drop(server);
    let first = tokio::time::timeout(Duration::from_secs(90), fired)
        .await
        .expect("the burst ends once the server is gone")
        .unwrap();
    only_booked_or_full(&first, true, &log);
    let lost = first.iter().filter(|a| a.status == 0).count();
    assert!(lost > 0, "the kill came after the burst: nothing to test");
    let mut acknowledged = codes(&first);
    assert!(acknowledged.len() >= KILL_AFTER);
    check_slot(&app, &slot_id, CAPACITY, &acknowledged).await;

    // Started again on the same database: the rest of the places go, and
    // not one more.
    let server = Server::start(&app, engine).await;
    let second = burst(
        &client,
        &slot_id,
        shots(&after, 201..301, &[&server.base]),
        32,
        Arc::new(|_: &Answer| {}),
    )
    .await;
    only_booked_or_full(&second, false, &server.log_text());
    acknowledged.extend(codes(&second));
    let active = check_slot(&app, &slot_id, CAPACITY, &acknowledged).await;
    assert_eq!(active, CAPACITY, "the slot did not fill after the restart");
    eprintln!(
        "{engine} on {:?}: {} acknowledged before the kill, {lost} unanswered, {} committed unanswered",
        app.backend,
        codes(&first).len(),
        active - acknowledged.len() as i64,
    );
}

async fn sigkill_mid_burst_grouped(app: TestApp) {
    sigkill_mid_burst(app, "grouped").await
}
both_databases!(sigkill_mid_burst_grouped);

async fn sigkill_mid_burst_direct(app: TestApp) {
    sigkill_mid_burst(app, "direct").await
}
both_databases!(sigkill_mid_burst_direct);

/// 300 requests for 80 places, split round-robin between two processes on
/// one database: exactly 80 booked, every other answer `slot_full`.
async fn burst_on_two_processes(app: TestApp, engine: &str) {
    const CAPACITY: i64 = 80;
    let slot_id = released_slot(&app, CAPACITY).await;
    let tokens = citizens(&app, "two", 60).await;
    let one = Server::start(&app, engine).await;
    let two = Server::start(&app, engine).await;
    let answers = burst(
        &burst_client(64),
        &slot_id,
        shots(&tokens, 1..301, &[&one.base, &two.base]),
        64,
        Arc::new(|_: &Answer| {}),
    )
    .await;
    let logs = format!("{}\n{}", one.log_text(), two.log_text());
    only_booked_or_full(&answers, false, &logs);
    let acknowledged = codes(&answers);
    assert_eq!(acknowledged.len() as i64, CAPACITY, "{logs}");
    let active = check_slot(&app, &slot_id, CAPACITY, &acknowledged).await;
    assert_eq!(active, CAPACITY);
}

async fn burst_on_two_processes_grouped(app: TestApp) {
    burst_on_two_processes(app, "grouped").await
}
both_databases!(burst_on_two_processes_grouped);

async fn burst_on_two_processes_direct(app: TestApp) {
    burst_on_two_processes(app, "direct").await
}
both_databases!(burst_on_two_processes_direct);

/// 20 NIKs, each sent twice at once, to `processes` processes in turn (a
/// double submit, through a load balancer when two): each is booked once,
/// the other answer is `already_booked`.
async fn one_nik_twice(app: TestApp, engine: &str, processes: usize) {
    const NIKS: usize = 20;
    let slot_id = released_slot(&app, 80).await;
    let tokens = citizens(&app, "twice", NIKS).await;
    let mut servers = Vec::new();
    for _ in 0..processes {
        servers.push(Server::start(&app, engine).await);
    }
    let client = burst_client(2 * NIKS);
    // Each account sends its NIK twice (once to each process when two).
    let shots: Vec<Shot> = (0..2 * NIKS)
        .map(|i| Shot {
            base: servers[i % processes].base.clone(),
            token: tokens[i / 2].clone(),
            nik: surge_nik(i / 2 + 1),
        })
        .collect();
    let mut answers = burst(
        &client,
        &slot_id,
        shots,
        2 * NIKS,
        Arc::new(|_: &Answer| {}),
    )
    .await;
    answers.sort_by_key(|a| a.request);
    let logs: Vec<String> = servers.iter().map(Server::log_text).collect();
    let logs = logs.join("\n");
    for pair in answers.chunks(2) {
        let mut statuses: Vec<(u16, &str)> = pair.iter().map(|a| (a.status, a.error())).collect();
        statuses.sort();
        assert_eq!(
            statuses,
            vec![(201, ""), (409, "already_booked")],
            "NIK {}: {} / {}\n{logs}",
            pair[0].request / 2 + 1,
            pair[0].body,
            pair[1].body
        );
    }
    let acknowledged = codes(&answers);
    assert_eq!(acknowledged.len(), NIKS);
    let active = check_slot(&app, &slot_id, 80, &acknowledged).await;
    assert_eq!(active, NIKS as i64);
    // One active booking per account, hence per NIK.
    let doubled = scalar(
        &app,
        &format!(
            "SELECT COUNT(*) AS n FROM (SELECT account_id FROM passport_bookings WHERE status IN {ACTIVE}
             GROUP BY account_id HAVING COUNT(*) <> 1) d"
        ),
        vec![],
    )
    .await;
    assert_eq!(doubled, 0);
}

async fn one_nik_on_two_processes_grouped(app: TestApp) {
    one_nik_twice(app, "grouped", 2).await
}
both_databases!(one_nik_on_two_processes_grouped);

async fn one_nik_on_two_processes_direct(app: TestApp) {
    one_nik_twice(app, "direct", 2).await
}
both_databases!(one_nik_on_two_processes_direct);

async fn one_nik_twice_on_one_process_grouped(app: TestApp) {
    one_nik_twice(app, "grouped", 1).await
}
both_databases!(one_nik_twice_on_one_process_grouped);

/// Two processes share a burst of 300 requests for 80 places; one is
/// SIGKILLed after 20 acknowledgements while the other goes on: the slot
/// fills through the survivor, exactly to its capacity, and nothing either
/// process acknowledged is lost.
async fn sigkill_one_of_two_processes(app: TestApp) {
    const CAPACITY: i64 = 80;
    const KILL_AFTER: usize = 20;
    let slot_id = released_slot(&app, CAPACITY).await;
    let tokens = citizens(&app, "pair", 60).await;
    let mut one = Server::start(&app, "grouped").await;
    let two = Server::start(&app, "grouped").await;
    let acked = Arc::new(AtomicUsize::new(0));
    let seen = acked.clone();
    let on_answer = Arc::new(move |a: &Answer| {
        if a.status == 201 {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    let fired = tokio::spawn({
        let slot_id = slot_id.clone();
        let shots = shots(&tokens, 1..301, &[&one.base, &two.base]);
        async move { burst(&burst_client(32), &slot_id, shots, 32, on_answer).await }
    });
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while acked.load(Ordering::SeqCst) < KILL_AFTER {
        assert!(tokio::time::Instant::now() < deadline, "no bookings");
        assert!(!fired.is_finished(), "the burst ended before the kill");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    one.kill();
    let answers = tokio::time::timeout(Duration::from_secs(90), fired)
        .await
        .expect("the burst ends")
        .unwrap();
    let logs = format!("{}\n{}", one.log_text(), two.log_text());
    // The survivor answered every request it was sent.
    let survivor: Vec<Answer> = answers
        .iter()
        .filter(|a| a.request % 2 == 1)
        .cloned()
        .collect();
    only_booked_or_full(&survivor, false, &logs);
    only_booked_or_full(&answers, true, &logs);
    assert!(answers.iter().any(|a| a.status == 0), "nothing was cut off");
    let active = check_slot(&app, &slot_id, CAPACITY, &codes(&answers)).await;
    assert_eq!(active, CAPACITY, "the survivor did not fill the slot");
}
both_databases!(sigkill_one_of_two_processes);

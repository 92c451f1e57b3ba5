//! Live events cross processes on PostgreSQL: a call made through one
//! `imigrasi serve` shows on a display board served by another one on the
//! same database (LISTEN/NOTIFY).

use std::time::Duration;

use imigrasi::Application;
use imigrasi_platform::policy::Role;
use serde_json::json;

use crate::both_databases;
use crate::helpers::{Backend, TestApp, test_config};

async fn read_until(res: &mut reqwest::Response, needle: &str, within: Duration) -> Option<String> {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + within;
    while !seen.contains(needle) {
        let left = deadline.checked_duration_since(tokio::time::Instant::now())?;
        match tokio::time::timeout(left, res.chunk()).await {
            Ok(Ok(Some(bytes))) => seen.push_str(&String::from_utf8_lossy(&bytes)),
            _ => return None,
        }
    }
    Some(seen)
}

async fn a_call_on_one_process_shows_on_the_other(app: TestApp) {
    if app.backend != Backend::Postgres {
        // SQLite is the single-process deployment: nothing to cross.
        return;
    }
    let second = Application::build(test_config(&app.database_url))
        .await
        .unwrap();
    let base2 = format!("http://{}", second.local_addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(second.run_until(async {
        let _ = stopped.await;
    }));
    // The board is served by the second process.
    let mut board = app
        .client
        .get(format!("{base2}/api/v1/offices/BATAM/board/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(board.status(), 200);
    read_until(&mut board, "snapshot", Duration::from_secs(5))
        .await
        .expect("snapshot");
    // Give the second process's LISTEN a moment to be in place.
    tokio::time::sleep(Duration::from_millis(300)).await;

    // The officer works through the first process.
    let officer = app
        .staff("petugas@batam.go.id", Role::Officer, Some("BATAM"))
        .await;
    let res = app
        .post_json(
            "/api/v1/offices/BATAM/walk-ins",
            Some(&officer),
            &json!({"applicant": {"nik": "3171011203900001", "full_name": "Budi", "birth_date": "1990-03-12", "sex": "M"}, "priority_reason": "disability"}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let res = app
        .post_json(
            "/api/v1/offices/BATAM/counters/7/open",
            Some(&officer),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let started = tokio::time::Instant::now();
    let res = app
        .post_json(
            "/api/v1/offices/BATAM/counters/7/call-next",
            Some(&officer),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let seen = read_until(&mut board, "\"counter\":\"7\"", Duration::from_secs(1))
        .await
        .expect("the call reached the other process's board within one second");
    assert!(seen.contains("event: call"), "{seen}");
    assert!(started.elapsed() < Duration::from_secs(1));
    drop(board);
    let _ = stop.send(());
    let _ = server.await;
}
both_databases!(a_call_on_one_process_shows_on_the_other);

/// A place returned through one process is announced to the others on
/// PostgreSQL, inside the returning transaction: heard only once it commits
/// (their sold-out memory forgets the session at once).
async fn a_returned_place_is_announced_to_other_processes(app: TestApp) {
    use imigrasi_passport::store::sold_out;
    use imigrasi_platform::events::Events;
    if app.backend != Backend::Postgres {
        return;
    }
    let second = Application::build(test_config(&app.database_url))
        .await
        .unwrap();
    let mut heard = second.state().events.subscribe();
    let listener = second
        .state()
        .events
        .spawn_listener(&second.state().db)
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Rolled back: nobody hears it.
    let txn = imigrasi_platform::db::begin_write(&app.state.db)
        .await
        .unwrap();
    assert!(
        Events::notify_in(&txn, sold_out::TOPIC, json!({"slot": "rolled-back"}))
            .await
            .unwrap()
    );
    txn.rollback().await.unwrap();

    // A paid booking cancelled through the first process returns its place.
    let sup = app
        .staff("sup@batam.go.id", Role::Supervisor, Some("BATAM"))
        .await;
    let slot = crate::helpers::passport::slot(
        &app,
        &sup,
        &crate::helpers::passport::days_ahead(3),
        "08:00",
        "10:00",
        1,
        None,
    )
    .await;
    let (code, citizen) = crate::helpers::floor::booking(&app, &slot, 71, true).await;
    let res = app
        .post_json(
            &format!("/api/v1/passport/bookings/{code}/cancel"),
            Some(&citizen),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let event = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let e = heard.recv().await.unwrap();
            if e.topic == sold_out::TOPIC {
                return e;
            }
        }
    })
    .await
    .expect("the other process heard the returned place");
    let payload: serde_json::Value = serde_json::from_str(&event.payload).unwrap();
    assert_eq!(
        payload["slot"],
        slot.as_str(),
        "and not the rolled-back one"
    );
    listener.abort();
}
both_databases!(a_returned_place_is_announced_to_other_processes);

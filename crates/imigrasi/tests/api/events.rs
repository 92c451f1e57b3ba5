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

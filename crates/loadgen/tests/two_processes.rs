//! The surge benchmark end to end, small: two server processes on one
//! PostgreSQL database sell exactly the capacity (never more, nothing
//! acknowledged lost), and the direct engine does the same on SQLite.

use std::process::Command;

use imigrasi_platform::db;
use sea_orm::ConnectionTrait;
use serde_json::Value;

/// Run the loadgen binary with `--json` and read its one JSON object.
fn loadgen(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_imigrasi-loadgen"))
        .args(args)
        .arg("--json")
        .output()
        .expect("run imigrasi-loadgen");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "loadgen failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    let mut lines = stdout.lines().filter(|l| !l.trim().is_empty());
    let json: Value = serde_json::from_str(lines.next().expect("one JSON line"))
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"));
    assert!(lines.next().is_none(), "more than one line:\n{stdout}");
    json
}

/// The URL of database `name` on the server of `base`.
fn with_database(base: &str, name: &str) -> String {
    let (scheme, rest) = base.split_once("://").unwrap_or(("postgres", base));
    let (authority, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    let host = authority.split('/').next().unwrap_or(authority);
    match query {
        Some(q) => format!("{scheme}://{host}/{name}?{q}"),
        None => format!("{scheme}://{host}/{name}"),
    }
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("{prefix}_{}_{nanos}", std::process::id())
}

fn assert_sold_exactly(report: &Value, capacity: u64) {
    assert_eq!(report["accepted"], capacity, "{report}");
    assert_eq!(report["overbooked"], 0, "{report}");
    assert_eq!(report["errors"], 0, "{report}");
    assert_eq!(
        report["rejected"].as_u64(),
        Some(report["requests"].as_u64().unwrap_or(0) - capacity),
        "{report}"
    );
}

#[tokio::test]
async fn two_processes_on_postgresql_sell_exactly_the_capacity() {
    let Ok(base) = std::env::var("IMIGRASI_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must set IMIGRASI_TEST_POSTGRES_URL: the PostgreSQL run is never skipped"
        );
        eprintln!("skipped: IMIGRASI_TEST_POSTGRES_URL is not set");
        return;
    };
    let name = unique("imigrasi_lg");
    let admin = db::connect(&base, 1).await.expect("connect to PostgreSQL");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create the database");
    let url = with_database(&base, &name);
    let report = tokio::task::spawn_blocking(move || {
        loadgen(&[
            "--database-url",
            &url,
            "--engine",
            "grouped",
            "--processes",
            "2",
            "--requests",
            "300",
            "--capacity",
            "100",
            "--concurrency",
            "32",
        ])
    })
    .await;
    let _ = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await;
    let report = report.expect("loadgen run");
    assert_sold_exactly(&report, 100);
    assert_eq!(report["engine"], "grouped");
    assert_eq!(report["database"], "postgres");
    assert_eq!(report["processes"], 2);
}

#[test]
fn direct_engine_on_sqlite_sells_exactly_the_capacity() {
    let dir = std::env::temp_dir().join(unique("imigrasi-lg"));
    std::fs::create_dir_all(&dir).expect("temp folder");
    let url = format!("sqlite://{}", dir.join("bench.db").display());
    let report = loadgen(&[
        "--database-url",
        &url,
        "--engine",
        "direct",
        "--requests",
        "300",
        "--capacity",
        "100",
        "--concurrency",
        "32",
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_sold_exactly(&report, 100);
    assert_eq!(report["engine"], "direct");
    assert_eq!(report["database"], "sqlite");
}

//! One audit chain per office: appends for different offices do not wait
//! for each other, each chain verifies on its own, tampering names its
//! chain, and a database written before the split still verifies.

use std::time::Duration;

use imigrasi_platform::audit::{self, Broken, Entry, NO_OFFICE, Row};
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::migrations::{self, PLATFORM};
use sea_orm::{ConnectionTrait, Value};

use crate::both_databases;
use crate::helpers::{Backend, TestApp};

fn verify_cli(app: &TestApp) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_imigrasi"))
        .args(["audit", "verify", "--database-url", &app.database_url])
        .output()
        .expect("run imigrasi");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn entry(office: Option<&str>) -> Entry<'_> {
    Entry {
        actor: None,
        action: "test.append",
        object_type: "test",
        object_id: "1",
        office,
        request_id: None,
        detail: serde_json::json!({ "n": 1 }),
    }
}

/// `n` appends for `office`, each in a transaction of its own.
async fn append_in(db: &Db, office: Option<&str>, n: usize) {
    for _ in 0..n {
        let txn = db::begin_write(db).await.unwrap();
        audit::append(&txn, entry(office)).await.unwrap();
        txn.commit().await.unwrap();
    }
}

/// The rows of each chain, by name.
async fn chains(db: &Db) -> Vec<(String, i64)> {
    let v = audit::verify(db).await.unwrap().unwrap();
    v.chains.into_iter().map(|c| (c.chain, c.rows)).collect()
}

fn has(chains: &[(String, i64)], chain: &str, rows: i64) -> bool {
    chains.iter().any(|(c, n)| c == chain && *n == rows)
}

async fn exec(db: &impl ConnectionTrait, sql: &str) {
    db.execute_unprepared(sql).await.unwrap();
}

async fn offices_do_not_share_a_head(app: TestApp) {
    let db = app.state.db.clone();
    let held = db::begin_write(&db).await.unwrap();
    assert_eq!(audit::append(&held, entry(Some("BATAM"))).await.unwrap(), 1);
    if app.backend == Backend::Postgres {
        // Another office's append commits while BATAM's transaction is open.
        tokio::time::timeout(
            Duration::from_secs(10),
            append_in(&db, Some("JKT-PUSAT"), 1),
        )
        .await
        .expect("JKT-PUSAT's append waited for BATAM's open transaction");
        // So does an entry without an office.
        tokio::time::timeout(Duration::from_secs(10), append_in(&db, None, 1))
            .await
            .expect("an office-less append waited for BATAM's open transaction");
        // The same office's next append waits for it (and for its first
        // head row, created by the open transaction).
        let db2 = db.clone();
        let same = tokio::spawn(async move { append_in(&db2, Some("BATAM"), 1).await });
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!same.is_finished(), "BATAM's second append did not wait");
        held.commit().await.unwrap();
        tokio::time::timeout(Duration::from_secs(10), same)
            .await
            .expect("BATAM's second append never ended")
            .unwrap();
    } else {
        // SQLite has one writer at a time whatever the chains.
        held.commit().await.unwrap();
        append_in(&db, Some("JKT-PUSAT"), 1).await;
        append_in(&db, None, 1).await;
        append_in(&db, Some("BATAM"), 1).await;
    }
    let found = chains(&db).await;
    assert!(has(&found, "BATAM", 2), "{found:?}");
    assert!(has(&found, "JKT-PUSAT", 1), "{found:?}");
    let heads = db::all(
        &db,
        "SELECT chain, last_seq FROM audit_head WHERE chain IN ('BATAM', 'JKT-PUSAT')",
        [],
    )
    .await
    .unwrap();
    let mut heads: Vec<(String, i64)> = heads
        .iter()
        .map(|r| {
            (
                db::col(r, "chain").unwrap(),
                db::col(r, "last_seq").unwrap(),
            )
        })
        .collect();
    heads.sort();
    assert_eq!(
        heads,
        [("BATAM".to_owned(), 2), ("JKT-PUSAT".to_owned(), 1)]
    );
    let (code, out) = verify_cli(&app);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("chain 'BATAM': 2 rows"), "{out}");
    assert!(out.contains("chain 'JKT-PUSAT': 1 row\n"), "{out}");
    assert!(out.contains("chain '-': "), "{out}");
}
both_databases!(offices_do_not_share_a_head);

/// Three rows for BATAM, two for JKT-PUSAT, one without an office.
async fn seed(db: &Db) {
    append_in(db, Some("BATAM"), 3).await;
    append_in(db, Some("JKT-PUSAT"), 2).await;
    append_in(db, None, 1).await;
    let found = chains(db).await;
    assert!(has(&found, "BATAM", 3) && has(&found, "JKT-PUSAT", 2));
}

async fn an_edited_row_names_its_chain(app: TestApp) {
    let db = &app.state.db;
    seed(db).await;
    exec(
        db,
        "UPDATE audit_log SET action = 'nothing' WHERE chain = 'JKT-PUSAT' AND seq = 1",
    )
    .await;
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Err(Broken::Edited {
            chain: "JKT-PUSAT".to_owned(),
            seq: 1
        })
    );
    let (code, out) = verify_cli(&app);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("chain 'JKT-PUSAT', row 1"), "{out}");
    exec(
        db,
        "UPDATE audit_log SET action = 'test.append' WHERE chain = 'JKT-PUSAT' AND seq = 1",
    )
    .await;
    assert!(audit::verify(db).await.unwrap().is_ok());
}
both_databases!(an_edited_row_names_its_chain);

async fn a_chains_deleted_last_row_or_head_is_detected(app: TestApp) {
    let db = &app.state.db;
    seed(db).await;
    exec(
        db,
        "DELETE FROM audit_log WHERE chain = 'JKT-PUSAT' AND seq = 2",
    )
    .await;
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Err(Broken::Truncated {
            chain: "JKT-PUSAT".to_owned(),
            expected: 2,
            last: 1,
            head: 2
        })
    );
    let (code, out) = verify_cli(&app);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("chain 'JKT-PUSAT', row 2: missing"), "{out}");
    // Deleting the head as well leaves a chain without a head.
    exec(db, "DELETE FROM audit_head WHERE chain = 'JKT-PUSAT'").await;
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Err(Broken::Headless {
            chain: "JKT-PUSAT".to_owned(),
            last: 1
        })
    );
}
both_databases!(a_chains_deleted_last_row_or_head_is_detected);

async fn reordered_or_moved_rows_are_detected(app: TestApp) {
    let db = &app.state.db;
    seed(db).await;
    let swap = [
        "UPDATE audit_log SET seq = 100 WHERE chain = 'BATAM' AND seq = 1",
        "UPDATE audit_log SET seq = 1 WHERE chain = 'BATAM' AND seq = 2",
        "UPDATE audit_log SET seq = 2 WHERE chain = 'BATAM' AND seq = 100",
    ];
    for sql in swap {
        exec(db, sql).await;
    }
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Err(Broken::Edited {
            chain: "BATAM".to_owned(),
            seq: 1
        })
    );
    for sql in swap {
        exec(db, sql).await;
    }
    assert!(audit::verify(db).await.unwrap().is_ok());
    // A row moved to the end of another office's chain, head and all.
    let last = db::one(
        db,
        "SELECT hash FROM audit_log WHERE chain = 'BATAM' AND seq = 3",
        [],
    )
    .await
    .unwrap()
    .unwrap();
    let hash: String = db::col(&last, "hash").unwrap();
    exec(
        db,
        "UPDATE audit_log SET chain = 'JKT-PUSAT', seq = 3 WHERE chain = 'BATAM' AND seq = 3",
    )
    .await;
    db::exec(
        db,
        "UPDATE audit_head SET last_seq = 3, last_hash = $1 WHERE chain = 'JKT-PUSAT'",
        [Value::from(hash)],
    )
    .await
    .unwrap();
    exec(
        db,
        "UPDATE audit_head SET last_seq = 2, last_hash =
            (SELECT hash FROM audit_log WHERE chain = 'BATAM' AND seq = 2)
         WHERE chain = 'BATAM'",
    )
    .await;
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Err(Broken::Edited {
            chain: "JKT-PUSAT".to_owned(),
            seq: 3
        })
    );
}
both_databases!(reordered_or_moved_rows_are_detected);

/// Put the audit tables back as `platform_0001_foundation` made them,
/// unapplied the split, and write three rows the way the single chain did.
/// One transaction, hence one connection: on SQLite, a pooled connection
/// that did not see the tables dropped could still find their indexes when
/// asked to create them.
async fn downgrade_with_rows(database: &Db) {
    let txn = db::begin_write(database).await.unwrap();
    let db = &txn;
    exec(db, "DROP TABLE audit_log").await;
    exec(db, "DROP TABLE audit_head").await;
    for sql in PLATFORM[0]
        .statements
        .iter()
        .filter(|s| s.contains("audit_log") || s.contains("audit_head"))
    {
        exec(db, sql).await;
    }
    exec(
        db,
        "DELETE FROM schema_migrations WHERE name = 'platform_0105_audit_chains'",
    )
    .await;
    let mut prev = audit::GENESIS.to_owned();
    for (seq, office) in [(1i64, None), (2, Some("BATAM")), (3, None)] {
        let mut row = Row {
            id: String::new(),
            chain: NO_OFFICE.to_owned(),
            seq,
            at: 1_700_000_000_000 + seq,
            actor_id: None,
            actor_role: "system".to_owned(),
            action: "old.action".to_owned(),
            object_type: "test".to_owned(),
            object_id: seq.to_string(),
            office_code: office.map(str::to_owned),
            request_id: None,
            detail: "{}".to_owned(),
            prev_hash: prev.clone(),
            hash: String::new(),
        };
        row.hash = row.compute_hash();
        db::exec(
            db,
            "INSERT INTO audit_log (seq, at, actor_role, action, object_type, object_id,
                office_code, detail, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            [
                Value::from(row.seq),
                Value::from(row.at),
                Value::from(row.actor_role),
                Value::from(row.action),
                Value::from(row.object_type),
                Value::from(row.object_id),
                Value::from(row.office_code),
                Value::from(row.detail),
                Value::from(row.prev_hash),
                Value::from(row.hash.clone()),
            ],
        )
        .await
        .unwrap();
        db::exec(
            db,
            "UPDATE audit_head SET last_seq = $1, last_hash = $2 WHERE id = 1",
            [Value::from(seq), Value::from(row.hash.clone())],
        )
        .await
        .unwrap();
        prev = row.hash;
    }
    txn.commit().await.unwrap();
}

async fn an_upgraded_database_still_verifies(app: TestApp) {
    let db = &app.state.db;
    downgrade_with_rows(db).await;
    assert_eq!(
        migrations::run(db, &[PLATFORM]).await.unwrap(),
        ["platform_0105_audit_chains"]
    );
    assert_eq!(chains(db).await, [("-".to_owned(), 3)]);
    // The office-less chain goes on from the old rows; BATAM starts its own.
    append_in(db, None, 1).await;
    append_in(db, Some("BATAM"), 1).await;
    assert_eq!(
        chains(db).await,
        [("-".to_owned(), 4), ("BATAM".to_owned(), 1)]
    );
    let (code, out) = verify_cli(&app);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("intact: 5 rows in 2 chains"), "{out}");
    // Old rows are still checked: editing one is caught.
    exec(
        db,
        "UPDATE audit_log SET action = 'x' WHERE chain = '-' AND seq = 2",
    )
    .await;
    assert_eq!(
        audit::verify(db).await.unwrap(),
        Err(Broken::Edited {
            chain: "-".to_owned(),
            seq: 2
        })
    );
}
both_databases!(an_upgraded_database_still_verifies);

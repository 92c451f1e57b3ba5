//! Chains on SQLite: an upgraded database keeps its old rows valid, and
//! each office's rows form a chain of their own.
#![allow(clippy::unwrap_used)]

use sea_orm::Value;

use super::{Entry, GENESIS, NO_OFFICE, Row, append, list, verify};
use crate::db::{self, Db};
use crate::migrations::{self, PLATFORM};
use crate::test_support::temp_dir;

fn entry<'a>(action: &'a str, office: Option<&'a str>) -> Entry<'a> {
    Entry {
        actor: None,
        action,
        object_type: "test",
        object_id: "1",
        office,
        request_id: None,
        detail: serde_json::json!({}),
    }
}

/// Append one row the way the single global chain did (before
/// `platform_0105_audit_chains`).
async fn append_before_chains(db: &Db, seq: i64, prev_hash: &str, office: Option<&str>) -> String {
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
        prev_hash: prev_hash.to_owned(),
        hash: String::new(),
    };
    row.hash = row.compute_hash();
    db::exec(
        db,
        "INSERT INTO audit_log (seq, at, actor_id, actor_role, action, object_type, object_id,
            office_code, request_id, detail, prev_hash, hash)
         VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, NULL, $8, $9, $10)",
        [
            Value::from(row.seq),
            Value::from(row.at),
            Value::from(row.actor_role.clone()),
            Value::from(row.action.clone()),
            Value::from(row.object_type.clone()),
            Value::from(row.object_id.clone()),
            Value::from(row.office_code.clone()),
            Value::from(row.detail.clone()),
            Value::from(row.prev_hash.clone()),
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
    row.hash
}

fn chains(v: &super::Verified) -> Vec<(&str, i64)> {
    v.chains
        .iter()
        .map(|c| (c.chain.as_str(), c.rows))
        .collect()
}

#[tokio::test]
async fn an_upgraded_log_keeps_its_rows_as_the_chain_without_office() {
    let dir = temp_dir("audit-upgrade");
    let url = format!("sqlite://{}", dir.join("test.db").display());
    let db = db::connect(&url, 2).await.unwrap();
    let split = PLATFORM
        .iter()
        .position(|m| m.name == "platform_0105_audit_chains")
        .unwrap();
    migrations::run(&db, &[&PLATFORM[..split]]).await.unwrap();
    let mut prev = GENESIS.to_owned();
    for (seq, office) in [(1, None), (2, Some("BATAM")), (3, None)] {
        prev = append_before_chains(&db, seq, &prev, office).await;
    }

    migrations::run(&db, &[PLATFORM]).await.unwrap();
    let v = verify(&db).await.unwrap().unwrap();
    assert_eq!(v.rows, 3);
    assert_eq!(chains(&v), [("-", 3)]);

    // New rows: without an office they continue the old chain; an office
    // starts its own.
    let txn = db::begin_write(&db).await.unwrap();
    assert_eq!(append(&txn, entry("new.none", None)).await.unwrap(), 4);
    assert_eq!(
        append(&txn, entry("new.batam", Some("BATAM")))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        append(&txn, entry("new.batam", Some("BATAM")))
            .await
            .unwrap(),
        2
    );
    txn.commit().await.unwrap();
    let v = verify(&db).await.unwrap().unwrap();
    assert_eq!(chains(&v), [("-", 4), ("BATAM", 2)]);
    assert_eq!(v.rows, 6);

    // Listing reads across chains, newest first, old rows last in their
    // old order.
    let rows = list(&db, None, None, 10).await.unwrap();
    let seqs: Vec<(&str, i64)> = rows.iter().map(|r| (r.chain.as_str(), r.seq)).collect();
    assert_eq!(
        seqs,
        [
            ("BATAM", 2),
            ("BATAM", 1),
            ("-", 4),
            ("-", 3),
            ("-", 2),
            ("-", 1)
        ]
    );
    assert_eq!(rows[5].id, "0000000000000001");
    let page = list(&db, None, Some(&rows[2].id), 2).await.unwrap();
    assert_eq!(page, rows[3..5].to_vec());
    drop(db);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_office_row_hashes_its_chain() {
    let mut row = Row {
        id: "x".to_owned(),
        chain: "BATAM".to_owned(),
        seq: 1,
        at: 1,
        actor_id: None,
        actor_role: "system".to_owned(),
        action: "a".to_owned(),
        object_type: "t".to_owned(),
        object_id: "1".to_owned(),
        office_code: Some("BATAM".to_owned()),
        request_id: None,
        detail: "{}".to_owned(),
        prev_hash: GENESIS.to_owned(),
        hash: String::new(),
    };
    let in_office = row.compute_hash();
    row.chain = "JAKARTA".to_owned();
    assert_ne!(row.compute_hash(), in_office);
    row.chain = NO_OFFICE.to_owned();
    assert_ne!(row.compute_hash(), in_office);
    // The id is reading order only.
    row.chain = "BATAM".to_owned();
    row.id = "y".to_owned();
    assert_eq!(row.compute_hash(), in_office);
}

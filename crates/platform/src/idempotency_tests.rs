#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::test_support::TempDb;

#[test]
fn keys_are_bounded_visible_ascii() {
    assert_eq!(
        IdempotencyKey::parse("retry-42").unwrap().as_str(),
        "retry-42"
    );
    assert_eq!(IdempotencyKey::parse("  k1  ").unwrap().as_str(), "k1");
    assert_eq!(IdempotencyKey::parse(""), Err(KeyError::Empty));
    assert_eq!(IdempotencyKey::parse("   "), Err(KeyError::Empty));
    assert_eq!(
        IdempotencyKey::parse("a\u{0}b"),
        Err(KeyError::InvalidCharacters)
    );
    assert_eq!(
        IdempotencyKey::parse("a\tb"),
        Err(KeyError::InvalidCharacters)
    );
    assert_eq!(
        IdempotencyKey::parse("a b"),
        Err(KeyError::InvalidCharacters)
    );
    assert_eq!(
        IdempotencyKey::parse("kunci-é"),
        Err(KeyError::InvalidCharacters)
    );
    assert!(IdempotencyKey::parse(&"k".repeat(MAX_KEY_LEN)).is_ok());
    assert_eq!(
        IdempotencyKey::parse(&"k".repeat(MAX_KEY_LEN + 1)),
        Err(KeyError::TooLong)
    );
    let mut h = HeaderMap::new();
    assert_eq!(IdempotencyKey::from_headers(&h), Ok(None));
    h.insert(HEADER, HeaderValue::from_static("abc"));
    assert_eq!(
        IdempotencyKey::from_headers(&h).unwrap().unwrap().as_str(),
        "abc"
    );
}

#[test]
fn json_fingerprints_ignore_key_order_but_not_values() {
    let a = serde_json::json!({"slot_id": "s1", "applicant": {"nik": "1", "name": "A"}});
    let b = serde_json::json!({"applicant": {"name": "A", "nik": "1"}, "slot_id": "s1"});
    let c = serde_json::json!({"applicant": {"name": "A", "nik": "2"}, "slot_id": "s1"});
    assert_eq!(fingerprint_json(&a), fingerprint_json(&b));
    assert_ne!(fingerprint_json(&a), fingerprint_json(&c));
    // Length prefixes keep parts apart.
    assert_ne!(fingerprint(&[b"ab", b"c"]), fingerprint(&[b"a", b"bc"]));
}

fn req<'a>(account: &'a str, scope: &'a str, key: &'a IdempotencyKey, fp: &'a str) -> Request<'a> {
    Request {
        account_id: account,
        scope,
        key,
        fingerprint: fp,
    }
}

/// Run a use case answering `status` under the key: `None` when it ran,
/// the replayed answer otherwise.
async fn answered(
    db: &Db,
    r: &Request<'_>,
    now: jiff::Timestamp,
    status: u16,
) -> Option<StoredAnswer> {
    let txn = db::begin_write(db).await.unwrap();
    match reserve(&txn, r, now).await.unwrap() {
        Outcome::Reserved(res) => {
            let answer = StoredAnswer::new(
                StatusCode::from_u16(status).unwrap(),
                serde_json::json!({"n": status}),
            );
            complete(&txn, res, &answer).await.unwrap();
            txn.commit().await.unwrap();
            None
        }
        Outcome::Replay(a) => Some(a),
    }
}

#[tokio::test]
async fn same_request_replays_other_request_is_refused() {
    let t = TempDb::new().await;
    let now = jiff::Timestamp::now();
    let key = IdempotencyKey::parse("k-1").unwrap();
    let r = req("acc-1", "POST /x", &key, "fp-1");
    assert_eq!(answered(&t.db, &r, now, 201).await, None);
    let replay = answered(&t.db, &r, now, 500).await.unwrap();
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.body, serde_json::json!({"n": 201}));
    assert_eq!(
        lookup(&t.db, &r, now).await.unwrap().map(|a| a.status),
        Some(StatusCode::CREATED)
    );
    // Another body with the same key.
    let other = req("acc-1", "POST /x", &key, "fp-2");
    let txn = db::begin_write(&t.db).await.unwrap();
    assert!(matches!(
        reserve(&txn, &other, now).await,
        Err(IdempotencyError::KeyReused)
    ));
    drop(txn);
    assert!(matches!(
        lookup(&t.db, &other, now).await,
        Err(IdempotencyError::KeyReused)
    ));
    // Keys are scoped by account and route.
    let r2 = req("acc-2", "POST /x", &key, "fp-2");
    assert_eq!(answered(&t.db, &r2, now, 201).await, None);
    let r3 = req("acc-1", "POST /y", &key, "fp-2");
    assert_eq!(answered(&t.db, &r3, now, 201).await, None);
}

#[tokio::test]
async fn a_failed_use_case_leaves_the_key_free_and_answers_expire() {
    let t = TempDb::new().await;
    let now = jiff::Timestamp::now();
    let key = IdempotencyKey::parse("k-2").unwrap();
    let r = req("acc-1", "POST /x", &key, "fp-1");
    {
        let txn = db::begin_write(&t.db).await.unwrap();
        assert!(matches!(
            reserve(&txn, &r, now).await.unwrap(),
            Outcome::Reserved(_)
        ));
        // Dropped without commit: the use case failed.
    }
    assert!(lookup(&t.db, &r, now).await.unwrap().is_none());
    assert_eq!(answered(&t.db, &r, now, 201).await, None);
    // A day later the key starts afresh, even with another body.
    let later = now.checked_add(TTL).unwrap();
    assert!(lookup(&t.db, &r, later).await.unwrap().is_none());
    let changed = req("acc-1", "POST /x", &key, "fp-9");
    assert_eq!(answered(&t.db, &changed, later, 200).await, None);
    let replay = answered(&t.db, &changed, later, 500).await.unwrap();
    assert_eq!(replay.status, StatusCode::OK);
    let much_later = later.checked_add(TTL).unwrap();
    assert_eq!(purge_expired(&t.db, much_later).await.unwrap(), 1);
    assert_eq!(purge_expired(&t.db, much_later).await.unwrap(), 0);
}

#[tokio::test]
async fn concurrent_duplicates_run_the_use_case_once() {
    let t = TempDb::new().await;
    let runs = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let db = t.db.clone();
        let runs = runs.clone();
        tasks.push(tokio::spawn(async move {
            let key = IdempotencyKey::parse("same").unwrap();
            let r = req("acc-1", "POST /x", &key, "fp");
            let now = jiff::Timestamp::now();
            let txn = db::begin_write(&db).await.unwrap();
            match reserve(&txn, &r, now).await.unwrap() {
                Outcome::Reserved(res) => {
                    runs.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    let a = StoredAnswer::new(StatusCode::CREATED, serde_json::json!({"ok": 1}));
                    complete(&txn, res, &a).await.unwrap();
                    txn.commit().await.unwrap();
                    StatusCode::CREATED
                }
                Outcome::Replay(a) => a.status,
            }
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::CREATED);
    }
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[test]
fn replayed_answers_are_marked() {
    let res = StoredAnswer::new(StatusCode::CREATED, serde_json::json!({"a": 1})).into_response();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()[REPLAYED_HEADER], "true");
    let e = IdempotencyError::KeyReused.api_error(Lang::En);
    assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e.code, "idempotency_key_reused");
    assert!(!e.message.is_empty());
}

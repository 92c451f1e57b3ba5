//! The audit log: an append-only, hash-chained record of every state change
//! and every officer read of personal data.
//!
//! Each row's hash covers its own fields and the previous row's hash, and
//! `audit_head` remembers the last sequence number and hash, so editing,
//! deleting (even the last row) or reordering rows breaks the chain and
//! [`verify`] names the first row where it breaks.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Value};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db;
use crate::policy::Actor;

/// The hash that precedes the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One thing to record.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// Who acted; `None` for the system or an anonymous caller.
    pub actor: Option<&'a Actor>,
    /// What happened, e.g. `account.create`, `booking.read`.
    pub action: &'a str,
    /// The kind of object, e.g. `account`, `booking`.
    pub object_type: &'a str,
    /// The object's id or public reference.
    pub object_id: &'a str,
    /// The office concerned, if any.
    pub office: Option<&'a str>,
    /// The request that caused it.
    pub request_id: Option<&'a str>,
    /// Extra facts (never personal data in clear).
    pub detail: serde_json::Value,
}

/// A stored row.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Row {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// Milliseconds since the epoch.
    pub at: i64,
    /// Actor account id.
    pub actor_id: Option<String>,
    /// Actor role (`system` or `anonymous` without an account).
    pub actor_role: String,
    /// Action name.
    pub action: String,
    /// Object kind.
    pub object_type: String,
    /// Object id.
    pub object_id: String,
    /// Office code.
    pub office_code: Option<String>,
    /// Request id.
    pub request_id: Option<String>,
    /// JSON detail.
    pub detail: String,
    /// Hash of the previous row.
    pub prev_hash: String,
    /// This row's hash.
    pub hash: String,
}

impl Row {
    /// The hash this row should have, given its fields.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        for part in [
            self.prev_hash.as_str(),
            &self.seq.to_string(),
            &self.at.to_string(),
            self.actor_id.as_deref().unwrap_or(""),
            &self.actor_role,
            &self.action,
            &self.object_type,
            &self.object_id,
            self.office_code.as_deref().unwrap_or(""),
            self.request_id.as_deref().unwrap_or(""),
            &self.detail,
        ] {
            // Length-prefix each field so that moving text between fields changes the hash.
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        hex::encode(h.finalize())
    }

    fn from_query(r: &sea_orm::QueryResult) -> Result<Row, DbErr> {
        Ok(Row {
            seq: db::col(r, "seq")?,
            at: db::col(r, "at")?,
            actor_id: db::col(r, "actor_id")?,
            actor_role: db::col(r, "actor_role")?,
            action: db::col(r, "action")?,
            object_type: db::col(r, "object_type")?,
            object_id: db::col(r, "object_id")?,
            office_code: db::col(r, "office_code")?,
            request_id: db::col(r, "request_id")?,
            detail: db::col(r, "detail")?,
            prev_hash: db::col(r, "prev_hash")?,
            hash: db::col(r, "hash")?,
        })
    }
}

/// Append an entry inside the caller's transaction (so the change and its
/// audit row commit together).
pub async fn append(txn: &impl ConnectionTrait, entry: Entry<'_>) -> Result<i64, DbErr> {
    let head_sql = if txn.get_database_backend() == DbBackend::Postgres {
        "SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE"
    } else {
        "SELECT last_seq, last_hash FROM audit_head WHERE id = 1"
    };
    let head = db::one(txn, head_sql, [])
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("audit_head".into()))?;
    let last_seq: i64 = db::col(&head, "last_seq")?;
    let last_hash: String = db::col(&head, "last_hash")?;
    let mut row = Row {
        seq: last_seq + 1,
        at: db::millis(jiff::Timestamp::now()),
        actor_id: entry.actor.map(|a| a.id.clone()),
        actor_role: entry
            .actor
            .map(|a| a.role.as_str().to_owned())
            .unwrap_or_else(|| "system".to_owned()),
        action: entry.action.to_owned(),
        object_type: entry.object_type.to_owned(),
        object_id: entry.object_id.to_owned(),
        office_code: entry.office.map(str::to_owned),
        request_id: entry.request_id.map(str::to_owned),
        detail: entry.detail.to_string(),
        prev_hash: last_hash,
        hash: String::new(),
    };
    row.hash = row.compute_hash();
    db::exec(
        txn,
        "INSERT INTO audit_log (seq, at, actor_id, actor_role, action, object_type, object_id,
            office_code, request_id, detail, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        [
            Value::from(row.seq),
            Value::from(row.at),
            Value::from(row.actor_id.clone()),
            Value::from(row.actor_role.clone()),
            Value::from(row.action.clone()),
            Value::from(row.object_type.clone()),
            Value::from(row.object_id.clone()),
            Value::from(row.office_code.clone()),
            Value::from(row.request_id.clone()),
            Value::from(row.detail.clone()),
            Value::from(row.prev_hash.clone()),
            Value::from(row.hash.clone()),
        ],
    )
    .await?;
    db::exec(
        txn,
        "UPDATE audit_head SET last_seq = $1, last_hash = $2 WHERE id = 1",
        [Value::from(row.seq), Value::from(row.hash)],
    )
    .await?;
    Ok(row.seq)
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Broken {
    /// A row's stored hash does not match its content (it was edited).
    #[error("row {seq}: its content does not match its hash (edited)")]
    Edited {
        /// The row.
        seq: i64,
    },
    /// A row does not follow the previous one (one was deleted or reordered).
    #[error("row {seq}: expected row {expected} here (a row was deleted or reordered)")]
    OutOfSequence {
        /// The row found.
        seq: i64,
        /// The row expected.
        expected: i64,
    },
    /// A row's link to the previous row is wrong.
    #[error(
        "row {seq}: it does not link to the previous row (a row was deleted, inserted or reordered)"
    )]
    Unlinked {
        /// The row.
        seq: i64,
    },
    /// The chain ends before the recorded head (rows at the end were deleted).
    #[error("row {expected}: missing; the log ends at row {last} but {head} rows were written")]
    Truncated {
        /// First missing row.
        expected: i64,
        /// Last row present.
        last: i64,
        /// Rows the head records.
        head: i64,
    },
}

/// The outcome of a verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Rows checked.
    pub rows: i64,
}

/// Recompute the whole chain. `Ok(Err(..))` names the first broken row.
pub async fn verify(db: &impl ConnectionTrait) -> Result<Result<Verified, Broken>, DbErr> {
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_owned();
    loop {
        let rows = db::all(
            db,
            "SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT 1000",
            [Value::from(expected_seq)],
        )
        .await?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            let row = Row::from_query(r)?;
            if row.seq != expected_seq {
                return Ok(Err(Broken::OutOfSequence {
                    seq: row.seq,
                    expected: expected_seq,
                }));
            }
            if row.compute_hash() != row.hash {
                return Ok(Err(Broken::Edited { seq: row.seq }));
            }
            if row.prev_hash != prev {
                return Ok(Err(Broken::Unlinked { seq: row.seq }));
            }
            prev = row.hash;
            expected_seq += 1;
        }
    }
    let head = db::one(
        db,
        "SELECT last_seq, last_hash FROM audit_head WHERE id = 1",
        [],
    )
    .await?
    .ok_or_else(|| DbErr::RecordNotFound("audit_head".into()))?;
    let head_seq: i64 = db::col(&head, "last_seq")?;
    let head_hash: String = db::col(&head, "last_hash")?;
    let last = expected_seq - 1;
    if head_seq != last {
        return Ok(Err(Broken::Truncated {
            expected: last + 1,
            last,
            head: head_seq,
        }));
    }
    if head_hash != prev {
        return Ok(Err(Broken::Edited { seq: last }));
    }
    Ok(Ok(Verified { rows: last }))
}

/// A page of audit rows, newest first, optionally for one object.
pub async fn list(
    db: &impl ConnectionTrait,
    object: Option<(&str, &str)>,
    before_seq: Option<i64>,
    limit: u64,
) -> Result<Vec<Row>, DbErr> {
    let before = before_seq.unwrap_or(i64::MAX);
    let rows = match object {
        Some((t, id)) => {
            db::all(
                db,
                "SELECT * FROM audit_log WHERE object_type = $1 AND object_id = $2 AND seq < $3
                 ORDER BY seq DESC LIMIT $4",
                [
                    Value::from(t),
                    Value::from(id),
                    Value::from(before),
                    Value::from(limit as i64),
                ],
            )
            .await?
        }
        None => {
            db::all(
                db,
                "SELECT * FROM audit_log WHERE seq < $1 ORDER BY seq DESC LIMIT $2",
                [Value::from(before), Value::from(limit as i64)],
            )
            .await?
        }
    };
    rows.iter().map(Row::from_query).collect()
}

/// Record the policy refusals of one request (`access.denied`, one row
/// each, in one transaction); see `policy::recording`.
pub async fn record_denials(
    database: &db::Db,
    denials: &[crate::policy::Denial],
    path: &str,
    request_id: &str,
    method: &str,
    status: u16,
) -> Result<(), DbErr> {
    db::write(
        database,
        |txn: std::sync::Arc<sea_orm::DatabaseTransaction>| async move {
            for d in denials {
                append(
                    &*txn,
                    Entry {
                        actor: Some(&d.actor),
                        action: "access.denied",
                        object_type: "route",
                        object_id: path,
                        office: d.office.as_deref(),
                        request_id: Some(request_id),
                        detail: serde_json::json!({
                            "permission": d.permission,
                            "method": method,
                            "status": status,
                        }),
                    },
                )
                .await?;
            }
            Ok::<_, DbErr>(())
        },
    )
    .await
}

//! The audit log: an append-only, hash-chained record of every state change
//! and every officer read of personal data.
//!
//! The log is made of several chains: one per office (the entry's office
//! code) and the chain [`NO_OFFICE`] for entries without one (accounts,
//! sessions, platform settings). Each row's hash covers its own fields and
//! the previous row's hash in the same chain, and `audit_head` keeps one row
//! per chain with its last sequence number and hash, so editing, deleting
//! (even a chain's last row) or reordering rows breaks that chain and
//! [`verify`] names the chain and the first row where it breaks.
//!
//! Why per office: an append locks its chain's head until the transaction
//! ends, so with one global head every audited write of every office waited
//! for the one before (at a quota release, every booking of the country).
//! Offices are the unit the data is already partitioned by (every hot table
//! carries `office_code`), an office's own history stays one readable chain,
//! and a booking touches exactly one office. Entries without an office (log
//! in, registration) still share the chain `-`; it holds the rows written
//! before the chains were split, unchanged.
//!
//! A transaction that appends to several chains takes their heads in the
//! order of its appends; one that may append to many should first call
//! [`lock_chains`], which takes them in a fixed order, so that two such
//! transactions never wait for each other in a cycle.

#[cfg(test)]
mod tests;
mod verify;

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Value};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db;
use crate::policy::Actor;

pub use verify::{Broken, ChainVerified, Verified, verify};

/// The hash that precedes the first row of every chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The chain of entries without an office (and of every row written before
/// the log was split into chains).
pub const NO_OFFICE: &str = "-";

/// The chain an entry for `office` belongs to.
pub fn chain_of(office: Option<&str>) -> &str {
    office.unwrap_or(NO_OFFICE)
}

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
    /// The office concerned, if any; it also chooses the chain.
    pub office: Option<&'a str>,
    /// The request that caused it.
    pub request_id: Option<&'a str>,
    /// Extra facts (never personal data in clear).
    pub detail: serde_json::Value,
}

/// A stored row.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Row {
    /// Reading order across chains (a UUIDv7; not covered by the hash).
    pub id: String,
    /// The chain: an office code, or [`NO_OFFICE`].
    pub chain: String,
    /// Position in its chain, from 1.
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
    /// Hash of the previous row of the chain.
    pub prev_hash: String,
    /// This row's hash.
    pub hash: String,
}

impl Row {
    /// The hash this row should have, given its fields. Rows of the chain
    /// [`NO_OFFICE`] hash as every row did before the split; rows of an
    /// office's chain also cover the chain's name.
    pub fn compute_hash(&self) -> String {
        let seq = self.seq.to_string();
        let at = self.at.to_string();
        let mut parts = vec![
            self.prev_hash.as_str(),
            &seq,
            &at,
            self.actor_id.as_deref().unwrap_or(""),
            &self.actor_role,
            &self.action,
            &self.object_type,
            &self.object_id,
            self.office_code.as_deref().unwrap_or(""),
            self.request_id.as_deref().unwrap_or(""),
            &self.detail,
        ];
        if self.chain != NO_OFFICE {
            parts.push(&self.chain);
        }
        let mut h = Sha256::new();
        for part in parts {
            // Length-prefix each field so that moving text between fields changes the hash.
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        hex::encode(h.finalize())
    }

    fn from_query(r: &sea_orm::QueryResult) -> Result<Row, DbErr> {
        Ok(Row {
            id: db::col(r, "id")?,
            chain: db::col(r, "chain")?,
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

/// Take `chain`'s head until the transaction ends (`FOR UPDATE` on
/// PostgreSQL; on SQLite the write transaction already excludes other
/// writers), creating it on the chain's first use. Returns the last
/// sequence number and hash.
async fn lock_head(txn: &impl ConnectionTrait, chain: &str) -> Result<(i64, String), DbErr> {
    let sql = if txn.get_database_backend() == DbBackend::Postgres {
        "SELECT last_seq, last_hash FROM audit_head WHERE chain = $1 FOR UPDATE"
    } else {
        "SELECT last_seq, last_hash FROM audit_head WHERE chain = $1"
    };
    let mut head = db::one(txn, sql, [Value::from(chain)]).await?;
    if head.is_none() {
        // A concurrent first append waits here for the other's commit (or
        // rollback), then finds the row.
        db::exec(
            txn,
            "INSERT INTO audit_head (chain, last_seq, last_hash) VALUES ($1, 0, $2)
             ON CONFLICT (chain) DO NOTHING",
            [Value::from(chain), Value::from(GENESIS)],
        )
        .await?;
        head = db::one(txn, sql, [Value::from(chain)]).await?;
    }
    let head = head.ok_or_else(|| DbErr::RecordNotFound(format!("audit_head {chain}")))?;
    Ok((db::col(&head, "last_seq")?, db::col(&head, "last_hash")?))
}

/// Take the heads of the chains of `offices` in a fixed order (see the
/// module notes); later appends to them in the same transaction find them
/// already held.
pub async fn lock_chains<'a>(
    txn: &impl ConnectionTrait,
    offices: impl IntoIterator<Item = Option<&'a str>>,
) -> Result<(), DbErr> {
    let chains: std::collections::BTreeSet<&str> = offices.into_iter().map(chain_of).collect();
    for chain in chains {
        lock_head(txn, chain).await?;
    }
    Ok(())
}

/// Append an entry inside the caller's transaction (so the change and its
/// audit row commit together). Returns its position in its chain.
pub async fn append(txn: &impl ConnectionTrait, entry: Entry<'_>) -> Result<i64, DbErr> {
    append_many(txn, std::slice::from_ref(&entry))
        .await?
        .pop()
        .ok_or_else(|| DbErr::Custom("no audit row appended".to_owned()))
}

/// Append several entries in order inside the caller's transaction, with
/// one `INSERT` and one head update per chain (a group of bookings). The
/// chains' heads are taken in a fixed order ([`lock_chains`]). Returns each
/// entry's position in its chain.
pub async fn append_many(
    txn: &impl ConnectionTrait,
    entries: &[Entry<'_>],
) -> Result<Vec<i64>, DbErr> {
    let chains: std::collections::BTreeSet<&str> =
        entries.iter().map(|e| chain_of(e.office)).collect();
    let mut heads = std::collections::BTreeMap::new();
    for chain in chains {
        heads.insert(chain, lock_head(txn, chain).await?);
    }
    let at = db::millis(jiff::Timestamp::now());
    let mut rows = Vec::with_capacity(entries.len());
    for entry in entries {
        let chain = chain_of(entry.office);
        let Some((last_seq, last_hash)) = heads.get_mut(chain) else {
            return Err(DbErr::Custom(format!("audit chain {chain} not locked")));
        };
        let mut row = Row {
            id: uuid::Uuid::now_v7().to_string(),
            chain: chain.to_owned(),
            seq: *last_seq + 1,
            at,
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
            prev_hash: std::mem::take(last_hash),
            hash: String::new(),
        };
        row.hash = row.compute_hash();
        *last_seq = row.seq;
        last_hash.clone_from(&row.hash);
        rows.push(row);
    }
    // At most 1,000 rows per statement (14 values each).
    for chunk in rows.chunks(1000) {
        let mut values = Vec::with_capacity(chunk.len() * 14);
        for row in chunk {
            values.extend([
                Value::from(row.id.clone()),
                Value::from(row.chain.clone()),
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
            ]);
        }
        db::exec(
            txn,
            &format!(
                "INSERT INTO audit_log (id, chain, seq, at, actor_id, actor_role, action, object_type,
                    object_id, office_code, request_id, detail, prev_hash, hash)
                 VALUES {}",
                db::row_placeholders(txn, chunk.len(), 14, 1)
            ),
            values,
        )
        .await?;
    }
    for (chain, (last_seq, last_hash)) in heads {
        db::exec(
            txn,
            "UPDATE audit_head SET last_seq = $1, last_hash = $2 WHERE chain = $3",
            [
                Value::from(last_seq),
                Value::from(last_hash),
                Value::from(chain),
            ],
        )
        .await?;
    }
    Ok(rows.iter().map(|r| r.seq).collect())
}

/// A page of audit rows of every chain, newest first (by `id`), optionally
/// for one object; `before` is the `id` of the last row of the previous page.
pub async fn list(
    db: &impl ConnectionTrait,
    object: Option<(&str, &str)>,
    before: Option<&str>,
    limit: u64,
) -> Result<Vec<Row>, DbErr> {
    // Every id (old zero-padded numbers, UUIDv7) sorts before this one.
    let before = before.unwrap_or("g");
    let rows = match object {
        Some((t, id)) => {
            db::all(
                db,
                "SELECT * FROM audit_log WHERE object_type = $1 AND object_id = $2 AND id < $3
                 ORDER BY id DESC LIMIT $4",
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
                "SELECT * FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2",
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
            lock_chains(&*txn, denials.iter().map(|d| d.office.as_deref())).await?;
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

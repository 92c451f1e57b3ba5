//! Recomputing every chain of the audit log.

use std::collections::BTreeSet;

use sea_orm::{ConnectionTrait, DbErr, Value};

use super::{GENESIS, Row};
use crate::db;

/// Where a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Broken {
    /// A row's stored hash does not match its content (it was edited).
    #[error("chain '{chain}', row {seq}: its content does not match its hash (edited)")]
    Edited {
        /// The chain.
        chain: String,
        /// The row.
        seq: i64,
    },
    /// A row does not follow the previous one (one was deleted or reordered).
    #[error(
        "chain '{chain}', row {seq}: expected row {expected} here (a row was deleted or reordered)"
    )]
    OutOfSequence {
        /// The chain.
        chain: String,
        /// The row found.
        seq: i64,
        /// The row expected.
        expected: i64,
    },
    /// A row's link to the previous row is wrong.
    #[error(
        "chain '{chain}', row {seq}: it does not link to the previous row (a row was deleted, inserted or reordered)"
    )]
    Unlinked {
        /// The chain.
        chain: String,
        /// The row.
        seq: i64,
    },
    /// The chain ends before its recorded head (rows at the end were deleted).
    #[error(
        "chain '{chain}', row {expected}: missing; the chain ends at row {last} but {head} rows were written"
    )]
    Truncated {
        /// The chain.
        chain: String,
        /// First missing row.
        expected: i64,
        /// Last row present.
        last: i64,
        /// Rows the head records.
        head: i64,
    },
    /// The chain has rows but no head (its head row was deleted).
    #[error("chain '{chain}', row {last}: the chain has no head (it was deleted)")]
    Headless {
        /// The chain.
        chain: String,
        /// Last row present.
        last: i64,
    },
}

/// One chain found intact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainVerified {
    /// The chain: an office code, or `-`.
    pub chain: String,
    /// Its rows.
    pub rows: i64,
}

/// The outcome of a verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Rows checked, over all chains.
    pub rows: i64,
    /// Every chain checked, by name.
    pub chains: Vec<ChainVerified>,
}

/// Recompute every chain, in the order of their names. `Ok(Err(..))` names
/// the first broken row of the first broken chain. Run it when no one
/// appends (or accept that a chain grown meanwhile reads as broken and run
/// it again).
pub async fn verify(db: &impl ConnectionTrait) -> Result<Result<Verified, Broken>, DbErr> {
    let mut names = BTreeSet::new();
    for sql in [
        "SELECT chain FROM audit_head",
        "SELECT DISTINCT chain FROM audit_log",
    ] {
        for r in db::all(db, sql, []).await? {
            names.insert(db::col::<String>(&r, "chain")?);
        }
    }
    let mut verified = Verified {
        rows: 0,
        chains: Vec::new(),
    };
    for chain in names {
        match verify_chain(db, &chain).await? {
            Ok(rows) => {
                verified.rows += rows;
                verified.chains.push(ChainVerified { chain, rows });
            }
            Err(broken) => return Ok(Err(broken)),
        }
    }
    Ok(Ok(verified))
}

/// Recompute one chain; its row count when intact.
async fn verify_chain(
    db: &impl ConnectionTrait,
    chain: &str,
) -> Result<Result<i64, Broken>, DbErr> {
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_owned();
    loop {
        let rows = db::all(
            db,
            "SELECT * FROM audit_log WHERE chain = $1 AND seq >= $2 ORDER BY seq LIMIT 1000",
            [Value::from(chain), Value::from(expected_seq)],
        )
        .await?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            let row = Row::from_query(r)?;
            let chain = chain.to_owned();
            if row.seq != expected_seq {
                return Ok(Err(Broken::OutOfSequence {
                    chain,
                    seq: row.seq,
                    expected: expected_seq,
                }));
            }
            if row.compute_hash() != row.hash {
                return Ok(Err(Broken::Edited {
                    chain,
                    seq: row.seq,
                }));
            }
            if row.prev_hash != prev {
                return Ok(Err(Broken::Unlinked {
                    chain,
                    seq: row.seq,
                }));
            }
            prev = row.hash;
            expected_seq += 1;
        }
    }
    let last = expected_seq - 1;
    let chain = chain.to_owned();
    let head = db::one(
        db,
        "SELECT last_seq, last_hash FROM audit_head WHERE chain = $1",
        [Value::from(chain.as_str())],
    )
    .await?;
    let Some(head) = head else {
        return Ok(Err(Broken::Headless { chain, last }));
    };
    let head_seq: i64 = db::col(&head, "last_seq")?;
    let head_hash: String = db::col(&head, "last_hash")?;
    if head_seq != last {
        return Ok(Err(Broken::Truncated {
            chain,
            expected: last + 1,
            last,
            head: head_seq,
        }));
    }
    if head_hash != prev {
        return Ok(Err(Broken::Edited { chain, seq: last }));
    }
    Ok(Ok(last))
}

//! Reads of reports for the reporter's pages and for verifiers.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::stays::{CANCELLED, CHECKED_IN, Stay, from_row};

/// A report by its receipt number.
pub async fn find_by_receipt(
    c: &impl ConnectionTrait,
    number: &str,
) -> Result<Option<Stay>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM apoa_stays WHERE receipt_number = $1",
        [Value::from(number)],
        from_row,
    )
    .await
}

/// Which reports of a premise a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Guests checked in now.
    InHouse,
    /// Every report that was not cancelled, newest check-in first.
    All,
}

/// One page of a premise's reports: `limit` rows from `offset`, newest
/// check-in first (guests in house: earliest expected check-out first).
pub async fn of_premise(
    c: &impl ConnectionTrait,
    premise_id: &str,
    shown: Shown,
    limit: u64,
    offset: u64,
) -> Result<Vec<Stay>, DbErr> {
    let (filter, order) = match shown {
        Shown::InHouse => ("status = $2", "expected_check_out, check_in, id"),
        Shown::All => ("status <> $2", "check_in DESC, id DESC"),
    };
    let status = if shown == Shown::InHouse {
        CHECKED_IN
    } else {
        CANCELLED
    };
    db::all_as(
        c,
        &format!(
            "SELECT * FROM apoa_stays WHERE premise_id = $1 AND {filter}
             ORDER BY {order} LIMIT $3 OFFSET $4"
        ),
        [
            Value::from(premise_id),
            Value::from(status),
            Value::from(limit as i64),
            Value::from(offset as i64),
        ],
        from_row,
    )
    .await
}

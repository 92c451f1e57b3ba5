//! Deleting reports past their retention period (with their versions).

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, Value};

/// The stays past retention, at most `limit` of them, as a subquery of ids:
/// ended (checked out, or without a check-out the expected check-out date)
/// before the cutoff. `$1` is the cutoff instant (ms), `$2` its date.
fn past(limit: u64) -> String {
    format!(
        "SELECT id FROM apoa_stays
         WHERE (check_out IS NOT NULL AND check_out < $1)
            OR (check_out IS NULL AND expected_check_out < $2)
         ORDER BY id LIMIT {limit}"
    )
}

/// Delete up to `limit` stays ended before `cutoff_ms` (`cutoff_date` its
/// `YYYY-MM-DD`), their replaced versions, and the links of the stays that
/// named one of them as their group's head; how many stays went.
pub async fn delete_past(
    c: &impl ConnectionTrait,
    cutoff_ms: i64,
    cutoff_date: &str,
    limit: u64,
) -> Result<u64, DbErr> {
    let ids = past(limit);
    let args = || [Value::from(cutoff_ms), Value::from(cutoff_date)];
    db::exec(
        c,
        &format!("UPDATE apoa_stays SET group_head_id = NULL WHERE group_head_id IN ({ids})"),
        args(),
    )
    .await?;
    db::exec(
        c,
        &format!("DELETE FROM apoa_stay_versions WHERE stay_id IN ({ids})"),
        args(),
    )
    .await?;
    db::exec(
        c,
        &format!("DELETE FROM apoa_stays WHERE id IN ({ids})"),
        args(),
    )
    .await
}

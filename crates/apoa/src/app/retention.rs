//! Retention: reports are deleted, with their replaced versions, once
//! their stay ended more than the retention period ago (checked out then,
//! or, never checked out, expected to leave then). One audit row per
//! deleting transaction, with the count and no personal data.

use imigrasi_platform::db::{self, Db};
use imigrasi_platform::{AppState, audit};
use jiff::{SignedDuration, Timestamp};

use super::ApoaError;
use crate::store::retention;

/// Days a report is kept after its stay ended, by default (three years).
pub const DEFAULT_RETENTION_DAYS: u32 = 3 * 365;

/// Stays deleted in one transaction at most (a sweep repeats until done).
const CHUNK: u64 = 500;

/// The APOA service's own settings (`imigrasi serve` sets them from
/// `--apoa-retention-days` / `IMIGRASI_APOA_RETENTION_DAYS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApoaSettings {
    /// Days a report is kept after its stay ended.
    pub retention_days: u32,
}

impl Default for ApoaSettings {
    fn default() -> Self {
        ApoaSettings {
            retention_days: DEFAULT_RETENTION_DAYS,
        }
    }
}

/// The APOA settings of this platform (defaults where not set).
pub fn settings(state: &AppState) -> ApoaSettings {
    state
        .config
        .services
        .get::<ApoaSettings>()
        .copied()
        .unwrap_or_default()
}

/// Delete every report whose stay ended more than `retention_days` before
/// `now`; how many were deleted.
pub async fn sweep(db: &Db, now: Timestamp, retention_days: u32) -> Result<u64, ApoaError> {
    let period = SignedDuration::from_hours(24 * i64::from(retention_days));
    let cutoff = now
        .checked_sub(period)
        .map_err(|e| ApoaError::Db(sea_orm::DbErr::Custom(format!("retention cutoff: {e}"))))?;
    let cutoff_ms = db::millis(cutoff);
    let cutoff_date = cutoff
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    let cutoff_date = &cutoff_date;
    let mut total = 0;
    loop {
        let deleted = db::write(db, |txn| async move {
            let txn = &*txn;
            let n = retention::delete_past(txn, cutoff_ms, cutoff_date, CHUNK).await?;
            if n > 0 {
                let entry = audit::Entry {
                    actor: None,
                    action: "apoa.retention.delete",
                    object_type: "apoa_stay",
                    object_id: cutoff_date,
                    office: None,
                    request_id: None,
                    detail: serde_json::json!({
                        "deleted": n, "retention_days": retention_days, "ended_before": cutoff_date,
                    }),
                };
                audit::append(txn, entry).await?;
            }
            Ok::<_, ApoaError>(n)
        })
        .await?;
        total += deleted;
        if deleted < CHUNK {
            return Ok(total);
        }
    }
}

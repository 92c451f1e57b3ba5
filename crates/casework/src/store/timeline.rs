//! The timeline: every step of a case (when, which role, note).

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, Value};

/// One step as shown to the parties and officers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// When (ms since the epoch).
    pub at: i64,
    /// The status the step led to.
    pub status: String,
    /// The step (`submit`, `pay`, `approve`, …).
    pub action: String,
    /// The role that took it (`system` for the gateway and workers).
    pub role: String,
    /// The account that took it (never shown to the parties).
    pub actor_id: Option<String>,
    /// The reason or note given.
    pub note: Option<String>,
}

/// Append a step (inside the transaction that changed the status).
pub(crate) async fn append(
    c: &impl ConnectionTrait,
    case_id: &str,
    entry: &TimelineEntry,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO casework_timeline (case_id, seq, at, status, action, role, actor_id, note)
         VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM casework_timeline WHERE case_id = $1),
                 $2, $3, $4, $5, $6, $7)",
        [
            Value::from(case_id),
            Value::from(entry.at),
            Value::from(entry.status.clone()),
            Value::from(entry.action.clone()),
            Value::from(entry.role.clone()),
            Value::from(entry.actor_id.clone()),
            Value::from(entry.note.clone()),
        ],
    )
    .await?;
    Ok(())
}

/// The steps of a case, oldest first.
pub async fn timeline(
    c: &impl ConnectionTrait,
    case_id: &str,
) -> Result<Vec<TimelineEntry>, DbErr> {
    db::all_as(
        c,
        "SELECT at, status, action, role, actor_id, note FROM casework_timeline
         WHERE case_id = $1 ORDER BY seq",
        [Value::from(case_id)],
        |r| {
            Ok(TimelineEntry {
                at: db::col(r, "at")?,
                status: db::col(r, "status")?,
                action: db::col(r, "action")?,
                role: db::col(r, "role")?,
                actor_id: db::col(r, "actor_id")?,
                note: db::col(r, "note")?,
            })
        },
    )
    .await
}

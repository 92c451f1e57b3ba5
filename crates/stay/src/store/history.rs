//! The `stay_permit_history` table: every change of a permit.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

/// One entry of a permit's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Instant (ms UTC).
    pub at: i64,
    /// What happened, e.g. `registered`.
    pub what: String,
    /// The acting role, if a person acted.
    pub actor_role: Option<String>,
    /// Details (JSON).
    pub detail: serde_json::Value,
}

/// Append an entry to a permit's history.
pub async fn append(c: &impl ConnectionTrait, permit_id: &str, e: &Entry) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO stay_permit_history (id, permit_id, at, what, actor_role, detail)
         VALUES ($1, $2, $3, $4, $5, $6)",
        [
            Value::from(uuid::Uuid::now_v7().to_string()),
            Value::from(permit_id),
            Value::from(e.at),
            Value::from(e.what.clone()),
            Value::from(e.actor_role.clone()),
            Value::from(e.detail.to_string()),
        ],
    )
    .await?;
    Ok(())
}

fn from_row(r: &QueryResult) -> Result<Entry, DbErr> {
    let detail: String = db::col(r, "detail")?;
    Ok(Entry {
        at: db::col(r, "at")?,
        what: db::col(r, "what")?,
        actor_role: db::col(r, "actor_role")?,
        detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
    })
}

/// A permit's history, oldest first.
pub async fn list(c: &impl ConnectionTrait, permit_id: &str) -> Result<Vec<Entry>, DbErr> {
    db::all_as(
        c,
        "SELECT at, what, actor_role, detail FROM stay_permit_history
         WHERE permit_id = $1 ORDER BY at, id",
        [Value::from(permit_id)],
        from_row,
    )
    .await
}

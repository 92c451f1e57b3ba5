//! The `apoa_stay_versions` table: what a stay said before each amendment.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, Value};

/// A replaced version of a stay.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// The stay.
    pub stay_id: String,
    /// The version replaced.
    pub version: i32,
    /// Its reported fields (JSON).
    pub snapshot: serde_json::Value,
    /// When it was replaced (ms).
    pub replaced_at: i64,
    /// The account that amended, if an account did.
    pub replaced_by_account: Option<String>,
    /// The API key that amended, if a key did.
    pub replaced_by_key: Option<String>,
}

/// Keep a replaced version (a version is kept once: `UNIQUE (stay_id, version)`).
pub async fn insert(c: &impl ConnectionTrait, v: &Version) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO apoa_stay_versions (id, stay_id, version, snapshot, replaced_at,
            replaced_by_account, replaced_by_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        [
            Value::from(uuid::Uuid::now_v7().to_string()),
            Value::from(v.stay_id.clone()),
            Value::from(v.version),
            Value::from(v.snapshot.to_string()),
            Value::from(v.replaced_at),
            Value::from(v.replaced_by_account.clone()),
            Value::from(v.replaced_by_key.clone()),
        ],
    )
    .await?;
    Ok(())
}

/// The versions a stay replaced, oldest first.
pub async fn of_stay(c: &impl ConnectionTrait, stay_id: &str) -> Result<Vec<Version>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM apoa_stay_versions WHERE stay_id = $1 ORDER BY version",
        [Value::from(stay_id)],
        |r| {
            let snapshot: String = db::col(r, "snapshot")?;
            Ok(Version {
                stay_id: db::col(r, "stay_id")?,
                version: db::col(r, "version")?,
                snapshot: serde_json::from_str(&snapshot).unwrap_or(serde_json::Value::Null),
                replaced_at: db::col(r, "replaced_at")?,
                replaced_by_account: db::col(r, "replaced_by_account")?,
                replaced_by_key: db::col(r, "replaced_by_key")?,
            })
        },
    )
    .await
}

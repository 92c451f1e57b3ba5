//! The `apoa_api_keys` table: a premise's keys, only their SHA-256 kept.

use imigrasi_platform::{db, sessions};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

/// An API key as stored (without the key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// Id (UUIDv7).
    pub id: String,
    /// The premise it reports for.
    pub premise_id: String,
    /// Created (ms).
    pub created_at: i64,
    /// Last successful use (ms).
    pub last_used_at: Option<i64>,
    /// Revoked (ms).
    pub revoked_at: Option<i64>,
}

fn from_row(r: &QueryResult) -> Result<ApiKey, DbErr> {
    Ok(ApiKey {
        id: db::col(r, "id")?,
        premise_id: db::col(r, "premise_id")?,
        created_at: db::col(r, "created_at")?,
        last_used_at: db::col(r, "last_used_at")?,
        revoked_at: db::col(r, "revoked_at")?,
    })
}

/// The stored form of a key (SHA-256, hex).
pub fn key_hash(key: &str) -> String {
    sessions::token_hash(key)
}

/// Insert a key by its hash.
pub async fn insert(
    c: &impl ConnectionTrait,
    id: &str,
    premise_id: &str,
    key: &str,
    created_by: &str,
    now: i64,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO apoa_api_keys (id, premise_id, key_hash, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5)",
        [
            Value::from(id),
            Value::from(premise_id),
            Value::from(key_hash(key)),
            Value::from(created_by),
            Value::from(now),
        ],
    )
    .await?;
    Ok(())
}

/// A premise's keys, oldest first, revoked ones included.
pub async fn of_premise(c: &impl ConnectionTrait, premise_id: &str) -> Result<Vec<ApiKey>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM apoa_api_keys WHERE premise_id = $1 ORDER BY created_at, id",
        [Value::from(premise_id)],
        from_row,
    )
    .await
}

/// Revoke a key of a premise; whether it was live (revoking twice keeps
/// the first instant).
pub async fn revoke(
    c: &impl ConnectionTrait,
    premise_id: &str,
    id: &str,
    now: i64,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "UPDATE apoa_api_keys SET revoked_at = $1
         WHERE id = $2 AND premise_id = $3 AND revoked_at IS NULL",
        [Value::from(now), Value::from(id), Value::from(premise_id)],
    )
    .await?
        == 1)
}

/// Whether a key of this id belongs to the premise (live or revoked).
pub async fn exists(c: &impl ConnectionTrait, premise_id: &str, id: &str) -> Result<bool, DbErr> {
    Ok(db::one(
        c,
        "SELECT id FROM apoa_api_keys WHERE id = $1 AND premise_id = $2",
        [Value::from(id), Value::from(premise_id)],
    )
    .await?
    .is_some())
}

/// The live key holding `key`, its last use set to `now`; `None` for an
/// unknown or revoked key.
pub async fn use_key(
    c: &impl ConnectionTrait,
    key: &str,
    now: i64,
) -> Result<Option<ApiKey>, DbErr> {
    let hash = key_hash(key);
    let used = db::exec(
        c,
        "UPDATE apoa_api_keys SET last_used_at = $1 WHERE key_hash = $2 AND revoked_at IS NULL",
        [Value::from(now), Value::from(hash.clone())],
    )
    .await?;
    if used == 0 {
        return Ok(None);
    }
    db::one_as(
        c,
        "SELECT * FROM apoa_api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
        [Value::from(hash)],
        from_row,
    )
    .await
}

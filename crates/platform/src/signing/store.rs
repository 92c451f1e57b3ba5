//! SQL of the published keys (`signing_keys`): every process records its
//! keys at start; verifiers read them through `GET /api/v1/signing/keys`.

use sea_orm::{ConnectionTrait, DbErr, Value};

use super::{ALG, Keys, PublicKey};
use crate::db;

/// Record this process's public keys (safe to run at every start).
pub async fn publish(c: &impl ConnectionTrait, keys: &Keys) -> Result<(), DbErr> {
    let now = db::millis(jiff::Timestamp::now());
    for k in keys.public_keys() {
        db::exec(
            c,
            "INSERT INTO signing_keys (kid, alg, public_key, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (kid) DO NOTHING",
            [
                Value::from(k.kid.clone()),
                Value::from(ALG),
                Value::from(k.to_base64url()),
                Value::from(now),
            ],
        )
        .await?;
    }
    Ok(())
}

/// Every published public key, oldest first (unreadable rows are skipped).
pub async fn published(c: &impl ConnectionTrait) -> Result<Vec<PublicKey>, DbErr> {
    let rows = db::all(
        c,
        "SELECT kid, public_key FROM signing_keys WHERE alg = $1 ORDER BY created_at, kid",
        [Value::from(ALG)],
    )
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let kid: String = db::col(r, "kid")?;
        let text: String = db::col(r, "public_key")?;
        match PublicKey::from_base64url(&text).filter(|k| k.kid == kid) {
            Some(k) => out.push(k),
            None => tracing::warn!(%kid, "a published signing key does not match its id; skipped"),
        }
    }
    Ok(out)
}

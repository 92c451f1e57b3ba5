//! Sessions: opaque random tokens (256 bits) handed to the client and
//! stored only as SHA-256 hashes, with expiry and revocation.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::{ConnectionTrait, DbErr, Value};
use sha2::{Digest, Sha256};

use crate::accounts;
use crate::db;
use crate::policy::Actor;

/// A new session as given to the client.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The bearer token (never stored).
    pub token: String,
    /// When it stops working.
    pub expires_at: jiff::Timestamp,
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Open a session for an account.
pub async fn create(
    c: &impl ConnectionTrait,
    account_id: &str,
    ttl: jiff::SignedDuration,
) -> Result<NewSession, DbErr> {
    let bytes: [u8; 32] = rand::random();
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let now = jiff::Timestamp::now();
    let expires_at = now.checked_add(ttl).unwrap_or(now);
    db::exec(
        c,
        "INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        [
            Value::from(token_hash(&token)),
            Value::from(account_id),
            Value::from(db::millis(now)),
            Value::from(db::millis(expires_at)),
        ],
    )
    .await?;
    Ok(NewSession { token, expires_at })
}

/// The actor behind a live token, if any.
pub async fn authenticate(c: &impl ConnectionTrait, token: &str) -> Result<Option<Actor>, DbErr> {
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    // One round trip: every request of a surge passes here.
    Ok(accounts::find_one(
        c,
        "SELECT accounts.* FROM sessions JOIN accounts ON accounts.id = sessions.account_id
         WHERE sessions.token_hash = $1 AND sessions.revoked_at IS NULL AND sessions.expires_at > $2",
        [
            Value::from(token_hash(token)),
            Value::from(db::millis(jiff::Timestamp::now())),
        ],
    )
    .await?
    .filter(|a| !a.disabled)
    .map(|a| a.actor()))
}

/// Log out: revoke the session of `token` (of `actor`), audited
/// (`session.revoke`), in one transaction.
pub async fn end(
    database: &crate::db::Db,
    token: &str,
    actor: &crate::policy::Actor,
    request_id: &str,
) -> Result<(), DbErr> {
    db::write(
        database,
        |txn: std::sync::Arc<sea_orm::DatabaseTransaction>| async move {
            if revoke(&*txn, token).await? {
                crate::audit::append(
                    &*txn,
                    crate::audit::Entry {
                        actor: Some(actor),
                        action: "session.revoke",
                        object_type: "account",
                        object_id: &actor.id,
                        office: actor.office.as_deref(),
                        request_id: Some(request_id),
                        detail: serde_json::json!({}),
                    },
                )
                .await?;
            }
            Ok::<_, DbErr>(())
        },
    )
    .await
}

/// Revoke a token. Returns whether a live session was revoked.
pub async fn revoke(c: &impl ConnectionTrait, token: &str) -> Result<bool, DbErr> {
    let n = db::exec(
        c,
        "UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
        [
            Value::from(db::millis(jiff::Timestamp::now())),
            Value::from(token_hash(token)),
        ],
    )
    .await?;
    Ok(n > 0)
}

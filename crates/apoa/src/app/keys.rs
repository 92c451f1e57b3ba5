//! A premise's API keys for its property-management system: created with
//! a random key shown once (only its SHA-256 is kept), revocable, last use
//! recorded.

use imigrasi_platform::policy::Actor;
use imigrasi_platform::{AppState, audit, db};

use super::{ApoaError, Reporter, premise_for};
use crate::store::keys::{self, ApiKey};

/// Every key starts with this, so that a bearer token is told from a
/// session token without a look-up.
pub const KEY_PREFIX: &str = "apoa_";

/// A key just created (the key itself is never stored).
#[derive(Debug, Clone)]
pub struct NewKey {
    /// Its id.
    pub id: String,
    /// The key: `apoa_` and 32 random bytes in hex.
    pub key: String,
}

fn fresh_key() -> String {
    let bytes: [u8; 32] = rand::random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{KEY_PREFIX}{hex}")
}

/// Create a key for a premise of the actor's.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    premise_id: &str,
) -> Result<NewKey, ApoaError> {
    let reporter = Reporter::Account(actor.clone());
    let new = NewKey {
        id: uuid::Uuid::now_v7().to_string(),
        key: fresh_key(),
    };
    let new_ref = &new;
    let reporter = &reporter;
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        let premise = premise_for(txn, reporter, premise_id).await?;
        let now = db::millis(jiff::Timestamp::now());
        keys::insert(txn, &new_ref.id, &premise.id, &new_ref.key, &actor.id, now).await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "apoa.key.create",
                object_type: "apoa_api_key",
                object_id: &new_ref.id,
                office: Some(&premise.office_code),
                request_id: Some(request_id),
                detail: serde_json::json!({ "premise": premise.id }),
            },
        )
        .await?;
        Ok::<_, ApoaError>(())
    })
    .await?;
    Ok(new)
}

/// Revoke a key of a premise of the actor's (revoking twice is no error).
pub async fn revoke(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    premise_id: &str,
    key_id: &str,
) -> Result<(), ApoaError> {
    let reporter = &Reporter::Account(actor.clone());
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        let premise = premise_for(txn, reporter, premise_id).await?;
        if !keys::exists(txn, &premise.id, key_id).await? {
            return Err(ApoaError::NotFound);
        }
        let now = db::millis(jiff::Timestamp::now());
        if keys::revoke(txn, &premise.id, key_id, now).await? {
            audit::append(
                txn,
                audit::Entry {
                    actor: Some(actor),
                    action: "apoa.key.revoke",
                    object_type: "apoa_api_key",
                    object_id: key_id,
                    office: Some(&premise.office_code),
                    request_id: Some(request_id),
                    detail: serde_json::json!({ "premise": premise.id }),
                },
            )
            .await?;
        }
        Ok(())
    })
    .await
}

/// A premise's keys (without the keys), for its owner.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    premise_id: &str,
) -> Result<Vec<ApiKey>, ApoaError> {
    let premise = premise_for(&state.db, &Reporter::Account(actor.clone()), premise_id).await?;
    Ok(keys::of_premise(&state.db, &premise.id).await?)
}

/// The live key a bearer token names, its use recorded; `None` for a
/// token that is not a key, an unknown or a revoked key.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Option<ApiKey>, ApoaError> {
    let token = token.trim();
    if !token.starts_with(KEY_PREFIX) || token.len() > 100 {
        return Ok(None);
    }
    db::write(&state.db, |txn| async move {
        let now = db::millis(jiff::Timestamp::now());
        Ok::<_, ApoaError>(keys::use_key(&*txn, token, now).await?)
    })
    .await
}

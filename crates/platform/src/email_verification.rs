//! Proving an account's e-mail: a one-time 6-digit code sent through the
//! outbox, confirmed by the account's owner.
//!
//! - Only a keyed hash of the code is stored (HMAC-SHA256 under the data
//!   key, bound to the account), with the address it went to.
//! - A code lasts [`CODE_TTL`]; [`MAX_WRONG_TRIES`] wrong tries void it; a
//!   new request replaces the pending code; a used code never works again.
//! - Requests are throttled per account by the database: the code row is
//!   written by one conditional upsert that changes nothing when the last
//!   code is younger than [`MIN_INTERVAL`] or [`MAX_PER_WINDOW`] codes were
//!   sent within [`WINDOW`] (no read-then-write, so parallel requests
//!   cannot pass together).
//! - Wrong tries are counted by a conditional update (`failed_attempts <
//!   5`), so parallel guesses cannot exceed the limit either.
//!
//! Staff accounts created by an administrator, accounts the operator
//! creates (CLI, demo) and demo accounts count as verified (see
//! `accounts::insert`, `accounts::create` and the migration). A foreigner
//! account's verified e-mail is what lets it see the cases that name it
//! (`imigrasi_casework::store::Case::is_party`).

use std::time::Duration;

use sea_orm::{ConnectionTrait, DbErr, Value};
use secrecy::ExposeSecret;

use crate::audit;
use crate::db;
use crate::i18n::Lang;
use crate::notify::templates::Template;
use crate::outbox;
use crate::pii;
use crate::policy::Actor;
use crate::state::AppState;

/// How long a code works.
pub const CODE_TTL: Duration = Duration::from_secs(30 * 60);
/// Wrong tries before a code is void.
pub const MAX_WRONG_TRIES: i32 = 5;
/// Shortest time between two codes for one account.
pub const MIN_INTERVAL: Duration = Duration::from_secs(60);
/// The window of [`MAX_PER_WINDOW`].
pub const WINDOW: Duration = Duration::from_secs(3600);
/// Codes one account may be sent within [`WINDOW`].
pub const MAX_PER_WINDOW: i32 = 5;

/// The e-mail carrying a code.
pub const CODE_TEMPLATE: &str = "account.email_code";

/// The platform's notification templates (the code is in the text).
pub const TEMPLATES: &[Template] = &[Template {
    name: CODE_TEMPLATE,
    facts: &[],
}];

/// Why no code was sent.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// The e-mail is verified already.
    #[error("the e-mail is already verified")]
    AlreadyVerified,
    /// Too many codes: retry after this many seconds.
    #[error("too many codes requested")]
    Throttled(u64),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl db::LostConnection for RequestError {
    fn connection_lost(&self) -> bool {
        matches!(self, RequestError::Db(e) if db::is_unavailable(e))
    }
}

/// What a confirmation found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// The e-mail is now verified.
    Verified,
    /// The code is wrong (the try was counted).
    InvalidCode,
    /// The pending code expired.
    Expired,
    /// The pending code had too many wrong tries.
    Void,
    /// No code is pending (none sent, or already used).
    NoPendingCode,
}

/// The stored form of a code: bound to the account, keyed by the data key.
fn code_hash(key: &[u8], account_id: &str, code: &str) -> String {
    pii::blind_index(key, "email-code", &format!("{account_id}\0{code}"))
}

fn new_code() -> String {
    format!("{:06}", rand::random_range(0..1_000_000u32))
}

fn ms(d: Duration) -> i64 {
    d.as_millis() as i64
}

/// Store a fresh code for the account, replacing the pending one, unless
/// the throttle refuses; returns whether it was stored.
async fn store_code(
    c: &impl ConnectionTrait,
    account_id: &str,
    email: &str,
    hash: &str,
    now: i64,
) -> Result<bool, DbErr> {
    let n = db::exec(
        c,
        "INSERT INTO email_verifications (account_id, email, code_hash, created_at, expires_at,
            failed_attempts, used_at, window_start, sent_in_window)
         VALUES ($1, $2, $3, $4, $5, 0, NULL, $4, 1)
         ON CONFLICT (account_id) DO UPDATE SET
            email = excluded.email, code_hash = excluded.code_hash,
            created_at = excluded.created_at, expires_at = excluded.expires_at,
            failed_attempts = 0, used_at = NULL,
            window_start = CASE WHEN email_verifications.window_start <= $6
                THEN excluded.created_at ELSE email_verifications.window_start END,
            sent_in_window = CASE WHEN email_verifications.window_start <= $6
                THEN 1 ELSE email_verifications.sent_in_window + 1 END
         WHERE email_verifications.created_at <= $7
           AND (email_verifications.window_start <= $6 OR email_verifications.sent_in_window < $8)",
        [
            Value::from(account_id),
            Value::from(email),
            Value::from(hash),
            Value::from(now),
            Value::from(now + ms(CODE_TTL)),
            Value::from(now - ms(WINDOW)),
            Value::from(now - ms(MIN_INTERVAL)),
            Value::from(MAX_PER_WINDOW),
        ],
    )
    .await?;
    Ok(n == 1)
}

/// Seconds until the throttle lets the account ask again.
async fn retry_after(c: &impl ConnectionTrait, account_id: &str, now: i64) -> Result<u64, DbErr> {
    let Some(row) = db::one(
        c,
        "SELECT created_at, window_start, sent_in_window FROM email_verifications WHERE account_id = $1",
        [Value::from(account_id)],
    )
    .await?
    else {
        return Ok(1);
    };
    let created: i64 = db::col(&row, "created_at")?;
    let window_start: i64 = db::col(&row, "window_start")?;
    let sent: i32 = db::col(&row, "sent_in_window")?;
    let mut until = created + ms(MIN_INTERVAL);
    if sent >= MAX_PER_WINDOW {
        until = until.max(window_start + ms(WINDOW));
    }
    Ok(((until - now).max(1000) as u64).div_ceil(1000))
}

/// Issue a code inside the caller's transaction (registration, a request):
/// store its hash and queue the e-mail in `lang`. `Ok(false)`: throttled,
/// nothing written.
pub async fn issue(
    c: &impl ConnectionTrait,
    data_key: &[u8],
    account_id: &str,
    email: &str,
    lang: Lang,
) -> Result<bool, DbErr> {
    let code = new_code();
    let now = db::millis(jiff::Timestamp::now());
    if !store_code(
        c,
        account_id,
        email,
        &code_hash(data_key, account_id, &code),
        now,
    )
    .await?
    {
        return Ok(false);
    }
    outbox::enqueue(
        c,
        outbox::Message {
            channel: "email",
            recipient: email,
            template: CODE_TEMPLATE,
            lang,
            payload: serde_json::json!({ "code": code }),
        },
    )
    .await?;
    Ok(true)
}

/// The use case behind "send me a code": one write transaction with the
/// code, its e-mail and the `email.verify_request` audit row.
pub async fn request(
    state: &AppState,
    actor: &Actor,
    lang: Lang,
    request_id: &str,
) -> Result<(), RequestError> {
    if actor.email_verified {
        return Err(RequestError::AlreadyVerified);
    }
    let key = state.config.data_key.expose_secret().as_bytes();
    db::write(&state.db, |txn| async move {
        if !issue(&*txn, key, &actor.id, &actor.email, lang).await? {
            let now = db::millis(jiff::Timestamp::now());
            return Err(RequestError::Throttled(
                retry_after(&*txn, &actor.id, now).await?,
            ));
        }
        audit::append(
            &*txn,
            audit::Entry {
                actor: Some(actor),
                action: "email.verify_request",
                object_type: "account",
                object_id: &actor.id,
                office: actor.office.as_deref(),
                request_id: Some(request_id),
                detail: serde_json::json!({}),
            },
        )
        .await?;
        Ok(())
    })
    .await
}

/// The use case behind "here is my code": in one write transaction, either
/// the code is used and the account verified (audited `email.verify`), or
/// a wrong try is counted, or nothing is pending; the answer says which.
pub async fn confirm(
    state: &AppState,
    actor: &Actor,
    code: &str,
    request_id: &str,
) -> Result<Confirmed, DbErr> {
    let key = state.config.data_key.expose_secret().as_bytes();
    let hash = code_hash(key, &actor.id, code.trim());
    let hash = &hash;
    db::write(&state.db, |txn| async move {
        let now = db::millis(jiff::Timestamp::now());
        let used = db::exec(
            &*txn,
            "UPDATE email_verifications SET used_at = $1
             WHERE account_id = $2 AND email = $3 AND code_hash = $4
               AND used_at IS NULL AND expires_at > $1 AND failed_attempts < $5",
            [
                Value::from(now),
                Value::from(actor.id.clone()),
                Value::from(actor.email.clone()),
                Value::from(hash.clone()),
                Value::from(MAX_WRONG_TRIES),
            ],
        )
        .await?;
        if used == 1 {
            db::exec(
                &*txn,
                "UPDATE accounts SET email_verified_at = $1
                 WHERE id = $2 AND email = $3 AND email_verified_at IS NULL",
                [
                    Value::from(now),
                    Value::from(actor.id.clone()),
                    Value::from(actor.email.clone()),
                ],
            )
            .await?;
            audit::append(
                &*txn,
                audit::Entry {
                    actor: Some(actor),
                    action: "email.verify",
                    object_type: "account",
                    object_id: &actor.id,
                    office: actor.office.as_deref(),
                    request_id: Some(request_id),
                    detail: serde_json::json!({}),
                },
            )
            .await?;
            return Ok(Confirmed::Verified);
        }
        let counted = db::exec(
            &*txn,
            "UPDATE email_verifications SET failed_attempts = failed_attempts + 1
             WHERE account_id = $1 AND email = $2
               AND used_at IS NULL AND expires_at > $3 AND failed_attempts < $4",
            [
                Value::from(actor.id.clone()),
                Value::from(actor.email.clone()),
                Value::from(now),
                Value::from(MAX_WRONG_TRIES),
            ],
        )
        .await?;
        if counted == 1 {
            return Ok(Confirmed::InvalidCode);
        }
        let row = db::one(
            &*txn,
            "SELECT email, failed_attempts, used_at, expires_at FROM email_verifications
             WHERE account_id = $1",
            [Value::from(actor.id.clone())],
        )
        .await?;
        let Some(row) = row else {
            return Ok(Confirmed::NoPendingCode);
        };
        let email: String = db::col(&row, "email")?;
        let used_at: Option<i64> = db::col(&row, "used_at")?;
        let tries: i32 = db::col(&row, "failed_attempts")?;
        let expires_at: i64 = db::col(&row, "expires_at")?;
        Ok(if used_at.is_some() || email != actor.email {
            Confirmed::NoPendingCode
        } else if tries >= MAX_WRONG_TRIES {
            Confirmed::Void
        } else if expires_at <= now {
            Confirmed::Expired
        } else {
            Confirmed::InvalidCode
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_six_digits_and_hashes_are_keyed_and_bound() {
        for _ in 0..50 {
            let c = new_code();
            assert_eq!(c.len(), 6);
            assert!(c.chars().all(|d| d.is_ascii_digit()));
        }
        let h = code_hash(b"key", "a1", "123456");
        assert_eq!(h, code_hash(b"key", "a1", "123456"));
        assert_ne!(h, code_hash(b"other", "a1", "123456"));
        assert_ne!(h, code_hash(b"key", "a2", "123456"));
        assert!(!h.contains("123456"));
    }
}

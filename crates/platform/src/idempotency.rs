//! `Idempotency-Key`: a client that retries a write (a lost answer, a
//! double tap) gets the first answer again instead of a second effect.
//!
//! Rules, for any route that adopts it:
//! - A key belongs to one account and one route (`scope`, e.g.
//!   `"POST /api/v1/documents"`): another account or route may reuse it.
//! - Same key, same request ([`fingerprint`] of what the use case reads)
//!   → the stored answer (status and JSON body), marked with the header
//!   `Idempotent-Replayed: true`, without running the use case again.
//! - Same key, another request → 422 `idempotency_key_reused`.
//! - Keys are 1 to [`MAX_KEY_LEN`] visible ASCII characters (no control
//!   characters, no spaces); anything else is 422 `invalid_input` on the
//!   field `Idempotency-Key`.
//! - Answers are kept [`TTL`] (24 h); after that the key starts afresh.
//!   [`spawn_cleanup`] deletes expired rows every hour.
//! - Only answers stored by [`complete`] are replayed. A use case that fails
//!   rolls its transaction back and with it the reservation, so the client
//!   may retry with the same key.
//!
//! How a use case adopts it, inside its own write transaction:
//!
//! ```text
//! let key = IdempotencyKey::from_headers(&headers).map_err(|e| e.api_error(ctx.lang))?;
//! let request = key.as_ref().map(|k| Request { account_id: &actor.id, scope: SCOPE, key: k,
//!     fingerprint: &fingerprint_json(&body) });
//! // Optional fast path outside the transaction (a retry answers without a write lock):
//! if let Some(r) = &request && let Some(answer) = idempotency::lookup(&state.db, r, now).await? { return Ok(answer) }
//! let txn = db::begin_write(&state.db).await?;
//! let reservation = match &request {
//!     Some(r) => match idempotency::reserve(&txn, r, now).await? {
//!         Outcome::Replay(answer) => return Ok(answer),    // dropping txn rolls back
//!         Outcome::Reserved(res) => Some(res),
//!     },
//!     None => None,
//! };
//! let view = /* the use case's own writes, audit and outbox rows */;
//! if let Some(res) = reservation {
//!     idempotency::complete(&txn, res, &StoredAnswer::new(StatusCode::CREATED, json)).await?;
//! }
//! txn.commit().await?;
//! ```
//!
//! `reserve` inserts the row with `ON CONFLICT DO NOTHING` on the primary key
//! (account, scope, key). A concurrent duplicate therefore waits for the
//! first transaction (PostgreSQL's unique index; SQLite's `BEGIN IMMEDIATE`)
//! and then reads its committed answer: the use case runs once.
//!
//! The passport booking (`passport::app::book::book_once`) and the
//! document upload use it. The passport's older `idempotency_keys` table
//! is no longer written (a later migration drops it).

use std::time::Duration;

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sea_orm::{ConnectionTrait, DbErr, Value};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::{self, Db};
use crate::http::error::ApiError;
use crate::i18n::Lang;

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// The header marking a replayed answer.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
/// Longest key accepted, in characters.
pub const MAX_KEY_LEN: usize = 200;
/// How long an answer is kept.
pub const TTL: jiff::SignedDuration = jiff::SignedDuration::from_hours(24);
/// How often [`spawn_cleanup`] deletes expired answers.
pub const CLEANUP_EVERY: Duration = Duration::from_secs(3600);

/// A client's idempotency key: 1 to [`MAX_KEY_LEN`] visible ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

/// Why a key is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Empty (or only spaces).
    #[error("the idempotency key is empty")]
    Empty,
    /// Longer than [`MAX_KEY_LEN`].
    #[error("the idempotency key is longer than {MAX_KEY_LEN} characters")]
    TooLong,
    /// A control character, a space or a character outside ASCII.
    #[error("the idempotency key holds a character other than visible ASCII")]
    InvalidCharacters,
}

impl IdempotencyKey {
    /// Parse a key (surrounding spaces are ignored).
    pub fn parse(s: &str) -> Result<IdempotencyKey, KeyError> {
        let s = s.trim_matches(' ');
        if s.is_empty() {
            return Err(KeyError::Empty);
        }
        if !s.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(KeyError::InvalidCharacters);
        }
        if s.len() > MAX_KEY_LEN {
            return Err(KeyError::TooLong);
        }
        Ok(IdempotencyKey(s.to_owned()))
    }

    /// The key of a request's `Idempotency-Key` header, if it has one.
    pub fn from_headers(headers: &HeaderMap) -> Result<Option<IdempotencyKey>, KeyError> {
        match headers.get(HEADER) {
            None => Ok(None),
            Some(v) => {
                let s = v.to_str().map_err(|_| KeyError::InvalidCharacters)?;
                IdempotencyKey::parse(s).map(Some)
            }
        }
    }

    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl KeyError {
    /// 422 `invalid_input` on the field `Idempotency-Key`, in `lang`.
    pub fn api_error(self, lang: Lang) -> ApiError {
        ApiError::invalid_field(
            "Idempotency-Key",
            lang.t_args(
                "idempotency-key-invalid",
                &[("max", &MAX_KEY_LEN.to_string())],
            ),
        )
    }
}

/// SHA-256 (hex) over length-prefixed parts: the fingerprint of a request
/// whose parts are bytes (an upload: kind, content type, file hash).
pub fn fingerprint(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    hex::encode(h.finalize())
}

/// The fingerprint of a JSON request, independent of key order and spacing.
pub fn fingerprint_json(value: &impl Serialize) -> String {
    let canonical = canonical_json(&serde_json::to_value(value).unwrap_or_default());
    fingerprint(&[canonical.as_bytes()])
}

/// JSON text with object keys sorted at every level.
fn canonical_json(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let inner: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| {
                    format!(
                        "{}:{}",
                        serde_json::Value::from(k.as_str()),
                        canonical_json(v)
                    )
                })
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        serde_json::Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(canonical_json).collect();
            format!("[{}]", inner.join(","))
        }
        other => other.to_string(),
    }
}

/// One idempotent request: who, which route, which key, which request.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The account asking.
    pub account_id: &'a str,
    /// The route, e.g. `"POST /api/v1/documents"`.
    pub scope: &'a str,
    /// The client's key.
    pub key: &'a IdempotencyKey,
    /// [`fingerprint`] or [`fingerprint_json`] of the request.
    pub fingerprint: &'a str,
}

/// A stored answer: status and JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnswer {
    /// HTTP status.
    pub status: StatusCode,
    /// JSON body.
    pub body: serde_json::Value,
}

impl StoredAnswer {
    /// An answer to store.
    pub fn new(status: StatusCode, body: serde_json::Value) -> StoredAnswer {
        StoredAnswer { status, body }
    }
}

impl IntoResponse for StoredAnswer {
    /// The answer as first given, marked `Idempotent-Replayed: true`.
    fn into_response(self) -> Response {
        let mut res = (self.status, Json(self.body)).into_response();
        res.headers_mut()
            .insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
        res
    }
}

/// Proof that this transaction reserved the key; hand it to [`complete`].
#[derive(Debug)]
#[must_use = "store the answer with idempotency::complete before commit"]
pub struct Reservation {
    account_id: String,
    scope: String,
    key: String,
}

/// What [`reserve`] found.
#[derive(Debug)]
pub enum Outcome {
    /// The key is new (or expired): run the use case, then [`complete`].
    Reserved(Reservation),
    /// The same request was answered before: give this answer.
    Replay(StoredAnswer),
}

/// Why an idempotent request cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum IdempotencyError {
    /// The key was used with another request.
    #[error("the idempotency key was used for another request")]
    KeyReused,
    /// The key's row exists without an answer (a use case committed without
    /// calling [`complete`]).
    #[error("the idempotency key has no stored answer")]
    InProgress,
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl IdempotencyError {
    /// The API error, in `lang`.
    pub fn api_error(self, lang: Lang) -> ApiError {
        match self {
            IdempotencyError::KeyReused => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                lang.t("idempotency-key-reused"),
            ),
            IdempotencyError::InProgress => ApiError::conflict(
                "idempotency_key_in_progress",
                lang.t("idempotency-key-in-progress"),
            ),
            IdempotencyError::Db(e) => ApiError::from(e),
        }
    }
}

struct Record {
    request_hash: String,
    status: Option<i32>,
    body: Option<String>,
    expires_at: i64,
}

async fn record(c: &impl ConnectionTrait, r: &Request<'_>) -> Result<Option<Record>, DbErr> {
    db::one_as(
        c,
        "SELECT request_hash, status_code, body, expires_at FROM idempotency_records
         WHERE account_id = $1 AND scope = $2 AND key = $3",
        [
            Value::from(r.account_id),
            Value::from(r.scope),
            Value::from(r.key.as_str()),
        ],
        |row| {
            Ok(Record {
                request_hash: db::col(row, "request_hash")?,
                status: db::col(row, "status_code")?,
                body: db::col(row, "body")?,
                expires_at: db::col(row, "expires_at")?,
            })
        },
    )
    .await
}

/// The answer a live record gives to `r`.
fn answer(rec: Record, r: &Request<'_>) -> Result<StoredAnswer, IdempotencyError> {
    if rec.request_hash != r.fingerprint {
        return Err(IdempotencyError::KeyReused);
    }
    let (Some(status), Some(body)) = (rec.status, rec.body) else {
        return Err(IdempotencyError::InProgress);
    };
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .ok_or_else(|| DbErr::Custom(format!("stored status {status} is not an HTTP status")))?;
    let body = serde_json::from_str(&body)
        .map_err(|e| DbErr::Custom(format!("stored answer is not JSON: {e}")))?;
    Ok(StoredAnswer { status, body })
}

/// Read-only look-up (a fast path before opening a write transaction): the
/// stored answer for this request, if any. A reservation still in progress
/// elsewhere is invisible here; [`reserve`] settles it.
pub async fn lookup(
    c: &impl ConnectionTrait,
    r: &Request<'_>,
    now: jiff::Timestamp,
) -> Result<Option<StoredAnswer>, IdempotencyError> {
    match record(c, r).await? {
        Some(rec) if rec.expires_at > db::millis(now) && rec.status.is_some() => {
            answer(rec, r).map(Some)
        }
        _ => Ok(None),
    }
}

/// Reserve the key inside the use case's write transaction, or find the
/// answer to replay. Call it before the use case's own writes.
pub async fn reserve(
    txn: &impl ConnectionTrait,
    r: &Request<'_>,
    now: jiff::Timestamp,
) -> Result<Outcome, IdempotencyError> {
    let now_ms = db::millis(now);
    let expires = db::millis(now.checked_add(TTL).unwrap_or(now));
    let inserted = db::exec(
        txn,
        "INSERT INTO idempotency_records
            (account_id, scope, key, request_hash, status_code, body, created_at, expires_at)
         VALUES ($1, $2, $3, $4, NULL, NULL, $5, $6)
         ON CONFLICT (account_id, scope, key) DO NOTHING",
        [
            Value::from(r.account_id),
            Value::from(r.scope),
            Value::from(r.key.as_str()),
            Value::from(r.fingerprint),
            Value::from(now_ms),
            Value::from(expires),
        ],
    )
    .await?;
    if inserted == 0 {
        // An expired record starts afresh (the condition is evaluated again
        // if a concurrent transaction renewed it first).
        let renewed = db::exec(
            txn,
            "UPDATE idempotency_records
             SET request_hash = $4, status_code = NULL, body = NULL, created_at = $5, expires_at = $6
             WHERE account_id = $1 AND scope = $2 AND key = $3 AND expires_at <= $5",
            [
                Value::from(r.account_id),
                Value::from(r.scope),
                Value::from(r.key.as_str()),
                Value::from(r.fingerprint),
                Value::from(now_ms),
                Value::from(expires),
            ],
        )
        .await?;
        if renewed == 0 {
            let rec = record(txn, r)
                .await?
                .ok_or_else(|| DbErr::Custom("idempotency record vanished".to_owned()))?;
            return answer(rec, r).map(Outcome::Replay);
        }
    }
    Ok(Outcome::Reserved(Reservation {
        account_id: r.account_id.to_owned(),
        scope: r.scope.to_owned(),
        key: r.key.as_str().to_owned(),
    }))
}

/// Give a reservation up in its transaction (the request was refused, or
/// will be answered by another transaction): the key is free again.
pub async fn release(txn: &impl ConnectionTrait, reservation: Reservation) -> Result<(), DbErr> {
    db::exec(
        txn,
        "DELETE FROM idempotency_records
         WHERE account_id = $1 AND scope = $2 AND key = $3 AND status_code IS NULL",
        [
            Value::from(reservation.account_id),
            Value::from(reservation.scope),
            Value::from(reservation.key),
        ],
    )
    .await?;
    Ok(())
}

/// Store the answer of a reserved request, in the same transaction, before
/// it commits.
pub async fn complete(
    txn: &impl ConnectionTrait,
    reservation: Reservation,
    answer: &StoredAnswer,
) -> Result<(), DbErr> {
    let n = db::exec(
        txn,
        "UPDATE idempotency_records SET status_code = $4, body = $5
         WHERE account_id = $1 AND scope = $2 AND key = $3 AND status_code IS NULL",
        [
            Value::from(reservation.account_id),
            Value::from(reservation.scope),
            Value::from(reservation.key),
            Value::from(i32::from(answer.status.as_u16())),
            Value::from(answer.body.to_string()),
        ],
    )
    .await?;
    if n == 1 {
        Ok(())
    } else {
        Err(DbErr::Custom(
            "the idempotency reservation is not in this transaction".to_owned(),
        ))
    }
}

/// Delete the answers that expired before `now`; returns how many.
pub async fn purge_expired(c: &impl ConnectionTrait, now: jiff::Timestamp) -> Result<u64, DbErr> {
    db::exec(
        c,
        "DELETE FROM idempotency_records WHERE expires_at <= $1",
        [Value::from(db::millis(now))],
    )
    .await
}

/// Delete expired answers now and every [`CLEANUP_EVERY`] (abort the
/// handle to stop). Several processes may run it: the delete is harmless
/// twice.
pub fn spawn_cleanup(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CLEANUP_EVERY);
        loop {
            tick.tick().await;
            match purge_expired(&db, jiff::Timestamp::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(deleted = n, "expired idempotency answers deleted"),
                Err(e) => tracing::warn!(error = %e, "idempotency cleanup failed"),
            }
        }
    })
}

#[cfg(test)]
#[path = "idempotency_tests.rs"]
mod tests;

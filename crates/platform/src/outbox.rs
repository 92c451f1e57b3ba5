//! The notifications outbox: a message is a row written in the same
//! transaction as the change that causes it; delivery workers send it later
//! (see [`crate::notify`]).
//!
//! A row moves `pending` → `sending` (claimed) → `sent` (or `logged` when no
//! transport is configured), back to `pending` with a later
//! `next_attempt_at` after a failure, and to `failed` after
//! [`MAX_ATTEMPTS`] attempts or a permanent refusal. Claiming is one
//! conditional `UPDATE` that sets a fresh claim token and a lease: two
//! workers never hold the same row, a row already `sent` is never claimed
//! again, and a row whose worker died mid-send becomes claimable when its
//! lease expires.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::db;
use crate::i18n::Lang;

/// Row statuses.
pub mod status {
    /// Waiting for its next attempt.
    pub const PENDING: &str = "pending";
    /// Claimed by a worker (until its lease expires).
    pub const SENDING: &str = "sending";
    /// Handed to the transport (SMTP server, Graph API).
    pub const SENT: &str = "sent";
    /// No transport configured: written to the log, kept for administrators.
    pub const LOGGED: &str = "logged";
    /// Given up (too many attempts, or refused for good).
    pub const FAILED: &str = "failed";
    /// Every status, for filters.
    pub const ALL: [&str; 5] = [PENDING, SENDING, SENT, LOGGED, FAILED];
}

/// Attempts before a message is marked `failed`.
pub const MAX_ATTEMPTS: i32 = 8;
/// Delay after the first failed attempt; doubled after each further one.
pub const FIRST_RETRY: Duration = Duration::from_secs(30);
/// Longest delay between two attempts.
pub const MAX_RETRY: Duration = Duration::from_secs(3600);

/// A message to deliver.
#[derive(Debug, Clone)]
pub struct Message<'a> {
    /// `email` or `whatsapp`.
    pub channel: &'a str,
    /// Address (e-mail or phone number).
    pub recipient: &'a str,
    /// Template name, e.g. `passport.booking_held`.
    pub template: &'a str,
    /// Language of the message.
    pub lang: Lang,
    /// Values for the template (no identity numbers in clear).
    pub payload: serde_json::Value,
}

/// Queue a message inside the caller's transaction; returns its id.
pub async fn enqueue(c: &impl ConnectionTrait, m: Message<'_>) -> Result<String, DbErr> {
    enqueue_many(c, std::slice::from_ref(&m))
        .await?
        .pop()
        .ok_or_else(|| DbErr::Custom("no message queued".to_owned()))
}

/// Queue several messages with one statement (a group of bookings);
/// returns their ids in order.
pub async fn enqueue_many(
    c: &impl ConnectionTrait,
    messages: &[Message<'_>],
) -> Result<Vec<String>, DbErr> {
    if messages.is_empty() {
        return Ok(Vec::new());
    }
    let now = db::millis(jiff::Timestamp::now());
    let ids: Vec<String> = messages
        .iter()
        .map(|_| uuid::Uuid::now_v7().to_string())
        .collect();
    let mut values = Vec::with_capacity(messages.len() * 10);
    for (id, m) in ids.iter().zip(messages) {
        values.extend([
            Value::from(id.clone()),
            Value::from(now),
            Value::from(m.channel),
            Value::from(m.recipient),
            Value::from(m.template),
            Value::from(m.lang.code()),
            Value::from(m.payload.to_string()),
            Value::from(status::PENDING),
            Value::from(0i32),
            Value::from(now),
        ]);
    }
    db::exec(
        c,
        &format!(
            "INSERT INTO outbox (id, created_at, channel, recipient, template, lang, payload, status, attempts, next_attempt_at)
             VALUES {}",
            db::row_placeholders(c, messages.len(), 10, 1)
        ),
        values,
    )
    .await?;
    Ok(ids)
}

/// Messages queued for a recipient, newest first (for tests and the admin page).
pub async fn for_recipient(
    c: &impl ConnectionTrait,
    recipient: &str,
) -> Result<Vec<(String, serde_json::Value)>, DbErr> {
    let rows = db::all(
        c,
        "SELECT template, payload FROM outbox WHERE recipient = $1 ORDER BY created_at DESC, id DESC",
        [Value::from(recipient)],
    )
    .await?;
    rows.iter()
        .map(|r| {
            let t: String = db::col(r, "template")?;
            let p: String = db::col(r, "payload")?;
            Ok((
                t,
                serde_json::from_str(&p).unwrap_or(serde_json::Value::Null),
            ))
        })
        .collect()
}

/// A stored message.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Message id.
    pub id: String,
    /// Queued (ms).
    pub created_at: i64,
    /// `email` or `whatsapp`.
    pub channel: String,
    /// Address.
    pub recipient: String,
    /// Template name.
    pub template: String,
    /// Language.
    pub lang: Lang,
    /// Template values.
    pub payload: serde_json::Value,
    /// See [`status`].
    pub status: String,
    /// Attempts made (a claim counts as one).
    pub attempts: i32,
    /// Earliest next attempt (ms).
    pub next_attempt_at: i64,
    /// When it was sent or logged (ms).
    pub sent_at: Option<i64>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

impl Row {
    fn from_row(r: &sea_orm::QueryResult) -> Result<Row, DbErr> {
        let lang: String = db::col(r, "lang")?;
        let payload: String = db::col(r, "payload")?;
        Ok(Row {
            id: db::col(r, "id")?,
            created_at: db::col(r, "created_at")?,
            channel: db::col(r, "channel")?,
            recipient: db::col(r, "recipient")?,
            template: db::col(r, "template")?,
            lang: Lang::parse(&lang).unwrap_or_default(),
            payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
            status: db::col(r, "status")?,
            attempts: db::col(r, "attempts")?,
            next_attempt_at: db::col(r, "next_attempt_at")?,
            sent_at: db::col(r, "sent_at")?,
            last_error: db::col(r, "last_error")?,
        })
    }
}

/// A message claimed by one worker: only the holder of `token` may settle it.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// The message (status `sending`, attempts already counting this one).
    pub row: Row,
    /// The claim token.
    pub token: String,
}

/// Claim up to `limit` messages that are due at `now`: pending ones whose
/// `next_attempt_at` has come, and `sending` ones whose lease expired (their
/// worker stopped mid-send). Each claim is a conditional update, so a row
/// is held by at most one worker at a time.
pub async fn claim_due(
    c: &impl ConnectionTrait,
    now: jiff::Timestamp,
    lease: Duration,
    limit: u64,
) -> Result<Vec<Claimed>, DbErr> {
    let now_ms = db::millis(now);
    let candidates = db::all(
        c,
        "SELECT id FROM outbox
         WHERE (status = $1 AND next_attempt_at <= $2) OR (status = $3 AND lease_until <= $2)
         ORDER BY next_attempt_at, id LIMIT $4",
        [
            Value::from(status::PENDING),
            Value::from(now_ms),
            Value::from(status::SENDING),
            Value::from(limit as i64),
        ],
    )
    .await?;
    let lease_until = now_ms.saturating_add(lease.as_millis() as i64);
    let mut out = Vec::new();
    for cand in candidates {
        let id: String = db::col(&cand, "id")?;
        let token = uuid::Uuid::new_v4().simple().to_string();
        let claimed = db::exec(
            c,
            "UPDATE outbox SET status = $1, claim_token = $2, lease_until = $3, attempts = attempts + 1
             WHERE id = $4 AND ((status = $5 AND next_attempt_at <= $6) OR (status = $1 AND lease_until <= $6))",
            [
                Value::from(status::SENDING),
                Value::from(token.clone()),
                Value::from(lease_until),
                Value::from(id.clone()),
                Value::from(status::PENDING),
                Value::from(now_ms),
            ],
        )
        .await?;
        if claimed != 1 {
            continue; // another worker was faster
        }
        let row = db::one(
            c,
            "SELECT * FROM outbox WHERE id = $1 AND claim_token = $2",
            [Value::from(id), Value::from(token.clone())],
        )
        .await?;
        if let Some(r) = row {
            out.push(Claimed {
                row: Row::from_row(&r)?,
                token,
            });
        }
    }
    Ok(out)
}

/// Record a claimed message as delivered (`sent`) or written to the log
/// (`logged`). Returns false when the claim was lost (the lease expired and
/// another worker took the row).
pub async fn mark_done(
    c: &impl ConnectionTrait,
    claimed: &Claimed,
    final_status: &str,
    now: jiff::Timestamp,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "UPDATE outbox SET status = $1, sent_at = $2, claim_token = NULL, lease_until = NULL, last_error = NULL
         WHERE id = $3 AND claim_token = $4 AND status = $5",
        [
            Value::from(final_status),
            Value::from(db::millis(now)),
            Value::from(claimed.row.id.clone()),
            Value::from(claimed.token.clone()),
            Value::from(status::SENDING),
        ],
    )
    .await?
        == 1)
}

/// Hand a claimed message back untouched (its worker is stopping before
/// sending it): pending again, the claim not counted as an attempt.
pub async fn release(c: &impl ConnectionTrait, claimed: &Claimed) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "UPDATE outbox SET status = $1, attempts = attempts - 1, claim_token = NULL, lease_until = NULL
         WHERE id = $2 AND claim_token = $3 AND status = $4",
        [
            Value::from(status::PENDING),
            Value::from(claimed.row.id.clone()),
            Value::from(claimed.token.clone()),
            Value::from(status::SENDING),
        ],
    )
    .await?
        == 1)
}

/// The delay before the next attempt after `attempts` attempts failed:
/// 30 s, 1 min, 2 min, … capped at one hour.
pub fn backoff(attempts: i32) -> Duration {
    let doublings = attempts.saturating_sub(1).clamp(0, 20) as u32;
    FIRST_RETRY
        .saturating_mul(2u32.pow(doublings))
        .min(MAX_RETRY)
}

/// Record a failed attempt: back to `pending` with a later
/// `next_attempt_at`, or `failed` when `permanent` or out of attempts.
/// Returns the status written, or `None` when the claim was lost.
pub async fn mark_failed(
    c: &impl ConnectionTrait,
    claimed: &Claimed,
    error: &str,
    permanent: bool,
    now: jiff::Timestamp,
) -> Result<Option<&'static str>, DbErr> {
    let give_up = permanent || claimed.row.attempts >= MAX_ATTEMPTS;
    let to = if give_up {
        status::FAILED
    } else {
        status::PENDING
    };
    let next = db::millis(now).saturating_add(backoff(claimed.row.attempts).as_millis() as i64);
    let error: String = error.chars().take(500).collect();
    let n = db::exec(
        c,
        "UPDATE outbox SET status = $1, next_attempt_at = $2, last_error = $3, claim_token = NULL, lease_until = NULL
         WHERE id = $4 AND claim_token = $5 AND status = $6",
        [
            Value::from(to),
            Value::from(next),
            Value::from(error),
            Value::from(claimed.row.id.clone()),
            Value::from(claimed.token.clone()),
            Value::from(status::SENDING),
        ],
    )
    .await?;
    Ok((n == 1).then_some(to))
}

/// One page of messages, newest first, optionally of one status, with the
/// total count for that filter.
pub async fn list(
    c: &impl ConnectionTrait,
    status_filter: Option<&str>,
    limit: u64,
    offset: u64,
) -> Result<(Vec<Row>, i64), DbErr> {
    let (rows, total) = match status_filter {
        Some(s) => (
            db::all(
                c,
                "SELECT * FROM outbox WHERE status = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
                [
                    Value::from(s),
                    Value::from(limit as i64),
                    Value::from(offset as i64),
                ],
            )
            .await?,
            db::one(
                c,
                "SELECT COUNT(*) AS n FROM outbox WHERE status = $1",
                [Value::from(s)],
            )
            .await?,
        ),
        None => (
            db::all(
                c,
                "SELECT * FROM outbox ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2",
                [Value::from(limit as i64), Value::from(offset as i64)],
            )
            .await?,
            db::one(c, "SELECT COUNT(*) AS n FROM outbox", []).await?,
        ),
    };
    let total = total
        .map(|r| db::col::<i64>(&r, "n"))
        .transpose()?
        .unwrap_or(0);
    let rows = rows.iter().map(Row::from_row).collect::<Result<_, _>>()?;
    Ok((rows, total))
}

/// One message by id.
pub async fn find(c: &impl ConnectionTrait, id: &str) -> Result<Option<Row>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM outbox WHERE id = $1",
        [Value::from(id)],
        Row::from_row,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::from_secs(30));
        assert_eq!(backoff(2), Duration::from_secs(60));
        assert_eq!(backoff(3), Duration::from_secs(120));
        assert_eq!(backoff(7), Duration::from_secs(1920));
        assert_eq!(backoff(8), Duration::from_secs(3600));
        assert_eq!(backoff(50), Duration::from_secs(3600));
        assert_eq!(backoff(0), Duration::from_secs(30));
    }
}

//! The notifications outbox: a message is a row written in the same
//! transaction as the change that causes it; delivery workers send it later.

use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::db;
use crate::i18n::Lang;

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
    let id = uuid::Uuid::now_v7().to_string();
    let now = db::millis(jiff::Timestamp::now());
    db::exec(
        c,
        "INSERT INTO outbox (id, created_at, channel, recipient, template, lang, payload, status, attempts, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        [
            Value::from(id.clone()),
            Value::from(now),
            Value::from(m.channel),
            Value::from(m.recipient),
            Value::from(m.template),
            Value::from(m.lang.code()),
            Value::from(m.payload.to_string()),
            Value::from("pending"),
            Value::from(0i32),
            Value::from(now),
        ],
    )
    .await?;
    Ok(id)
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

//! Linking a WhatsApp number to an account (use cases): the citizen gives
//! the number, a 6-digit code is sent to it through the outbox, and typing
//! that code back links the number. A linked number books under the
//! account (its limit, not one booking per number).
//!
//! One account per number and one number per account: linking again
//! replaces the earlier link. Codes are stored only as a keyed hash, expire
//! after [`CODE_TTL_MS`] and are void after [`MAX_TRIES`] wrong tries.
//! Every change is audited in its own transaction; the SQL is in
//! `whatsapp::store::links`; the page and the API are `whatsapp::link`.

use imigrasi_platform::i18n::Lang;
use imigrasi_platform::notify::templates::TEXT_TEMPLATE;
use imigrasi_platform::policy::Actor;
use imigrasi_platform::{AppState, audit, db, outbox, pii};
use jiff::Timestamp;
use sea_orm::DbErr;
use secrecy::ExposeSecret;

use crate::whatsapp::store::links;

/// How long a code is valid (10 minutes).
pub const CODE_TTL_MS: i64 = 10 * 60 * 1000;
/// Wrong tries after which a code is void.
pub const MAX_TRIES: i32 = 5;

/// A WhatsApp number in E.164 digits (country code first, no `+`), from
/// what a person typed (`+62 812-3456-7890` is accepted).
pub fn normalize_number(raw: &str) -> Option<String> {
    let s: String = raw
        .trim()
        .trim_start_matches('+')
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    let ok =
        (8..=15).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit()) && !s.starts_with('0');
    ok.then_some(s)
}

fn code_hash(key: &[u8], account_id: &str, number: &str, code: &str) -> String {
    pii::blind_index(key, "wa-link", &format!("{account_id}\0{number}\0{code}"))
}

/// Why a code was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmError {
    /// No code was requested.
    NoPending,
    /// The code is older than 10 minutes.
    Expired,
    /// Too many wrong tries: ask for a new code.
    Void,
    /// Not the code sent.
    Wrong,
}

/// Start linking `number` (already normalized) to the actor's account: a
/// fresh code replaces any pending one and is queued to the number.
pub async fn request(
    state: &AppState,
    actor: &Actor,
    number: &str,
    lang: Lang,
    request_id: &str,
) -> Result<(), DbErr> {
    let now = Timestamp::now();
    let code = format!("{:06}", rand::random_range(0..1_000_000u32));
    let key = state.config.data_key.expose_secret().as_bytes().to_vec();
    let txn = db::begin_write(&state.db).await?;
    let hash = code_hash(&key, &actor.id, number, &code);
    let expires_at = db::millis(now) + CODE_TTL_MS;
    links::replace_code(&txn, &actor.id, number, &hash, expires_at, now).await?;
    let phone_number_id = links::sender_id(&txn, number).await?;
    outbox::enqueue(
        &txn,
        outbox::Message {
            channel: "whatsapp",
            recipient: number,
            template: TEXT_TEMPLATE,
            lang,
            payload: serde_json::json!({
                "phone_number_id": phone_number_id,
                "text": lang.t_args("wa-link-code-text", &[("code", &code)]),
            }),
        },
    )
    .await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: Some(actor),
            action: "whatsapp.link_requested",
            object_type: "account",
            object_id: &actor.id,
            office: None,
            request_id: Some(request_id),
            detail: serde_json::json!({"number": pii::mask_phone(number)}),
        },
    )
    .await?;
    txn.commit().await
}

/// Check a typed code; when right, link its number to the actor's account
/// (replacing the account's earlier number and the number's earlier
/// account). Wrong tries are counted and committed.
pub async fn confirm(
    state: &AppState,
    actor: &Actor,
    code: &str,
    request_id: &str,
) -> Result<Result<String, ConfirmError>, DbErr> {
    let now = Timestamp::now();
    let key = state.config.data_key.expose_secret().as_bytes().to_vec();
    let txn = db::begin_write(&state.db).await?;
    let Some(pending) = links::pending_code(&txn, &actor.id).await? else {
        return Ok(Err(ConfirmError::NoPending));
    };
    let links::PendingCode {
        number,
        code_hash: stored,
        attempts,
        expires_at,
    } = pending;
    if attempts >= MAX_TRIES {
        return Ok(Err(ConfirmError::Void));
    }
    if expires_at <= db::millis(now) {
        return Ok(Err(ConfirmError::Expired));
    }
    let code = code.trim();
    if code_hash(&key, &actor.id, &number, code) != stored {
        links::count_wrong_try(&txn, &actor.id).await?;
        audit::append(
            &txn,
            audit::Entry {
                actor: Some(actor),
                action: "whatsapp.link_code_wrong",
                object_type: "account",
                object_id: &actor.id,
                office: None,
                request_id: Some(request_id),
                detail: serde_json::json!({"number": pii::mask_phone(&number), "tries": attempts + 1}),
            },
        )
        .await?;
        txn.commit().await?;
        return Ok(Err(if attempts + 1 >= MAX_TRIES {
            ConfirmError::Void
        } else {
            ConfirmError::Wrong
        }));
    }
    links::delete_code(&txn, &actor.id).await?;
    links::link(&txn, &actor.id, &number, now).await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: Some(actor),
            action: "whatsapp.link",
            object_type: "account",
            object_id: &actor.id,
            office: None,
            request_id: Some(request_id),
            detail: serde_json::json!({"number": pii::mask_phone(&number)}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(number))
}

/// Unlink the actor's number (and drop a pending code); returns the number
/// that was linked, if any.
pub async fn unlink(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
) -> Result<Option<String>, DbErr> {
    let txn = db::begin_write(&state.db).await?;
    let number = links::linked_number(&txn, &actor.id).await?;
    links::unlink(&txn, &actor.id).await?;
    links::delete_code(&txn, &actor.id).await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: Some(actor),
            action: "whatsapp.unlink",
            object_type: "account",
            object_id: &actor.id,
            office: None,
            request_id: Some(request_id),
            detail: serde_json::json!({"number": number.as_deref().map(pii::mask_phone)}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(number)
}

//! SQL of linking a WhatsApp number to an account: the pending codes
//! (`passport_wa_link_codes`, one per account, stored as a keyed hash) and
//! the link itself (`passport_wa_numbers.account_id`).
//!
//! No rules: when a code is right, void or expired, and which audit row goes
//! with each change, is `whatsapp::link`'s; it runs these inside its own
//! write transactions.

use imigrasi_platform::db;
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

/// The code pending for an account, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingCode {
    /// The number the code was sent to.
    pub number: String,
    /// The code's keyed hash.
    pub code_hash: String,
    /// Wrong tries so far.
    pub attempts: i32,
    /// When it stops being valid (ms).
    pub expires_at: i64,
}

/// The number linked to an account, if any.
pub async fn linked_number(
    c: &impl ConnectionTrait,
    account_id: &str,
) -> Result<Option<String>, DbErr> {
    let sql = "SELECT wa_number FROM passport_wa_numbers WHERE account_id = $1";
    db::one_as(c, sql, [Value::from(account_id)], number).await
}

fn number(r: &QueryResult) -> Result<String, DbErr> {
    db::col(r, "wa_number")
}

/// The number a code is pending for, if it has not expired by `now` and
/// has had fewer than `max_tries` wrong tries.
pub async fn pending_number(
    c: &impl ConnectionTrait,
    account_id: &str,
    now: Timestamp,
    max_tries: i32,
) -> Result<Option<String>, DbErr> {
    let sql = "SELECT wa_number FROM passport_wa_link_codes WHERE account_id = $1 AND expires_at > $2 AND attempts < $3";
    let values = [
        Value::from(account_id),
        Value::from(db::millis(now)),
        Value::from(max_tries),
    ];
    db::one_as(c, sql, values, number).await
}

/// The code pending for an account (whatever its age and tries).
pub async fn pending_code(
    c: &impl ConnectionTrait,
    account_id: &str,
) -> Result<Option<PendingCode>, DbErr> {
    let sql = "SELECT wa_number, code_hash, attempts, expires_at FROM passport_wa_link_codes WHERE account_id = $1";
    db::one_as(c, sql, [Value::from(account_id)], |r| {
        Ok(PendingCode {
            number: number(r)?,
            code_hash: db::col(r, "code_hash")?,
            attempts: db::col(r, "attempts")?,
            expires_at: db::col(r, "expires_at")?,
        })
    })
    .await
}

/// Run one statement whose only value is the account id.
async fn for_account(c: &impl ConnectionTrait, sql: &str, account_id: &str) -> Result<(), DbErr> {
    db::exec(c, sql, [Value::from(account_id)]).await?;
    Ok(())
}

/// Drop the account's pending code, if any.
pub async fn delete_code(c: &impl ConnectionTrait, account_id: &str) -> Result<(), DbErr> {
    let sql = "DELETE FROM passport_wa_link_codes WHERE account_id = $1";
    for_account(c, sql, account_id).await
}

/// Store a fresh code for the account, replacing any pending one.
pub async fn replace_code(
    c: &impl ConnectionTrait,
    account_id: &str,
    number: &str,
    code_hash: &str,
    expires_at: i64,
    now: Timestamp,
) -> Result<(), DbErr> {
    delete_code(c, account_id).await?;
    let sql = "INSERT INTO passport_wa_link_codes (account_id, wa_number, code_hash, attempts, expires_at, created_at)
         VALUES ($1, $2, $3, 0, $4, $5)";
    let values = [
        Value::from(account_id),
        Value::from(number),
        Value::from(code_hash),
        Value::from(expires_at),
        Value::from(db::millis(now)),
    ];
    db::exec(c, sql, values).await?;
    Ok(())
}

/// Count one wrong try of the account's code.
pub async fn count_wrong_try(c: &impl ConnectionTrait, account_id: &str) -> Result<(), DbErr> {
    let sql = "UPDATE passport_wa_link_codes SET attempts = attempts + 1 WHERE account_id = $1";
    for_account(c, sql, account_id).await
}

/// Link `number` to the account, replacing the account's earlier number and
/// the number's earlier account.
pub async fn link(
    c: &impl ConnectionTrait,
    account_id: &str,
    number: &str,
    now: Timestamp,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "UPDATE passport_wa_numbers SET account_id = NULL, linked_at = NULL WHERE account_id = $1 AND wa_number <> $2",
        [Value::from(account_id), Value::from(number)],
    )
    .await?;
    db::exec(
        c,
        "INSERT INTO passport_wa_numbers (wa_number, account_id, linked_at, created_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (wa_number) DO UPDATE SET account_id = excluded.account_id, linked_at = excluded.linked_at",
        [
            Value::from(number),
            Value::from(account_id),
            Value::from(db::millis(now)),
        ],
    )
    .await?;
    Ok(())
}

/// Unlink the account's number, if any.
pub async fn unlink(c: &impl ConnectionTrait, account_id: &str) -> Result<(), DbErr> {
    let sql =
        "UPDATE passport_wa_numbers SET account_id = NULL, linked_at = NULL WHERE account_id = $1";
    for_account(c, sql, account_id).await
}

/// Our business number to send from: the one this number last wrote to,
/// else the one any conversation last used (empty when none is known).
pub async fn sender_id(c: &impl ConnectionTrait, number: &str) -> Result<String, DbErr> {
    let own = db::one(
        c,
        "SELECT phone_number_id FROM passport_wa_conversations WHERE wa_number = $1",
        [Value::from(number)],
    )
    .await?;
    let row = match own {
        Some(r) => Some(r),
        None => {
            db::one(
                c,
                "SELECT phone_number_id FROM passport_wa_conversations ORDER BY updated_at DESC LIMIT 1",
                [],
            )
            .await?
        }
    };
    Ok(match row {
        Some(r) => db::col(&r, "phone_number_id")?,
        None => String::new(),
    })
}

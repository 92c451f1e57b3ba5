//! Login throttling, per account and per client address, kept in the
//! database so that it holds across processes.

use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::db;

/// Window over which failures count.
pub const WINDOW_MINUTES: i64 = 15;
/// Failures per e-mail within the window before logins are refused.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failures per client address within the window before logins are refused.
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;

/// Whether a login may be attempted now; `Err(seconds)` to wait otherwise.
pub async fn check(
    c: &impl ConnectionTrait,
    email: &str,
    client: &str,
) -> Result<Result<(), i64>, DbErr> {
    let since = db::millis(jiff::Timestamp::now()) - WINDOW_MINUTES * 60_000;
    let by_email = count(c, "email", email, since).await?;
    let by_client = count(c, "client", client, since).await?;
    if by_email >= MAX_FAILURES_PER_ACCOUNT || by_client >= MAX_FAILURES_PER_CLIENT {
        return Ok(Err(WINDOW_MINUTES * 60));
    }
    Ok(Ok(()))
}

async fn count(
    c: &impl ConnectionTrait,
    column: &str,
    value: &str,
    since: i64,
) -> Result<i64, DbErr> {
    // `column` is one of two fixed names chosen above, never input.
    let sql = format!(
        "SELECT COUNT(*) AS n FROM login_attempts WHERE {column} = $1 AND at > $2 AND success = $3"
    );
    let row = db::one(
        c,
        &sql,
        [Value::from(value), Value::from(since), Value::from(false)],
    )
    .await?;
    Ok(row
        .map(|r| db::col::<i64>(&r, "n"))
        .transpose()?
        .unwrap_or(0))
}

/// Record an attempt. A success clears the account's earlier failures.
pub async fn record(
    c: &impl ConnectionTrait,
    email: &str,
    client: &str,
    success: bool,
) -> Result<(), DbErr> {
    if success {
        db::exec(
            c,
            "DELETE FROM login_attempts WHERE email = $1 AND success = $2",
            [Value::from(email), Value::from(false)],
        )
        .await?;
    }
    db::exec(
        c,
        "INSERT INTO login_attempts (id, email, client, at, success) VALUES ($1, $2, $3, $4, $5)",
        [
            Value::from(uuid::Uuid::now_v7().to_string()),
            Value::from(email),
            Value::from(client),
            Value::from(db::millis(jiff::Timestamp::now())),
            Value::from(success),
        ],
    )
    .await?;
    Ok(())
}

//! The public status look-up: register number and passport number
//! together, rate-limited per client address.

use imigrasi_casework::store as cases;
use imigrasi_platform::{AppState, db};
use sea_orm::Value;

use super::apply::passport_index;
use super::{SERVICE, VisaError};
use crate::store::applications;

/// Misses allowed per address in a window.
pub const MAX_MISSES: i32 = 10;
/// The window, in milliseconds (15 minutes).
pub const WINDOW_MS: i64 = 15 * 60 * 1000;

/// What the look-up gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Looked {
    /// The case's status.
    Found(&'static str),
    /// Unknown number, or the passport does not match (the same answer).
    NotFound,
    /// Too many misses from this address; retry after this many seconds.
    Limited(u64),
}

/// Look up a status for `client`.
pub async fn public_status(
    state: &AppState,
    client: &str,
    register_number: &str,
    passport_number: &str,
) -> Result<Looked, VisaError> {
    let now = db::millis(jiff::Timestamp::now());
    let row = db::one(
        &state.db,
        "SELECT window_start, misses FROM visa_status_misses WHERE client = $1",
        [Value::from(client)],
    )
    .await?;
    if let Some(r) = row {
        let start: i64 = db::col(&r, "window_start")?;
        let misses: i32 = db::col(&r, "misses")?;
        if misses >= MAX_MISSES && now < start + WINDOW_MS {
            let secs = u64::try_from((start + WINDOW_MS - now) / 1000 + 1).unwrap_or(1);
            return Ok(Looked::Limited(secs));
        }
    }
    let register = imigrasi_casework::RegisterNumber::parse(register_number)
        .map(|r| r.to_string())
        .unwrap_or_default();
    let passport = imigrasi_core::PassportNumber::parse(passport_number)
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let mut found = None;
    if let Some(case) = cases::find_by_register(&state.db, SERVICE, &register).await?
        && let Some(app) = applications::find(&state.db, &case.id).await?
        && !passport.is_empty()
        && app.passport_index == passport_index(state, &passport)
    {
        found = Some(case.status.as_str());
    }
    if let Some(status) = found {
        return Ok(Looked::Found(status));
    }
    // Count the miss: a new window when the old one has passed.
    db::write(&state.db, |txn| async move {
        db::exec(
            &*txn,
            "INSERT INTO visa_status_misses (client, window_start, misses) VALUES ($1, $2, 1)
             ON CONFLICT (client) DO UPDATE SET
               misses = CASE WHEN visa_status_misses.window_start + $3 <= $2 THEN 1
                             ELSE visa_status_misses.misses + 1 END,
               window_start = CASE WHEN visa_status_misses.window_start + $3 <= $2 THEN $2
                             ELSE visa_status_misses.window_start END",
            [
                Value::from(client),
                Value::from(now),
                Value::from(WINDOW_MS),
            ],
        )
        .await?;
        Ok::<_, VisaError>(())
    })
    .await?;
    Ok(Looked::NotFound)
}

//! The `stay_reminders` table (each reminder queued once), and the permits
//! the reminder and expiry worker looks at.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use crate::domain::permit::PermitStatus;

/// What the worker needs of an active permit with an end date.
#[derive(Clone, PartialEq, Eq)]
pub struct Ending {
    /// Id.
    pub id: String,
    /// Number.
    pub number: String,
    /// The holder's e-mail.
    pub email: String,
    /// Supervising office.
    pub office_code: String,
    /// Last valid day, `YYYY-MM-DD`.
    pub valid_until: String,
}

impl std::fmt::Debug for Ending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ending")
            .field("number", &self.number)
            .field("valid_until", &self.valid_until)
            .finish_non_exhaustive()
    }
}

fn from_row(r: &QueryResult) -> Result<Ending, DbErr> {
    Ok(Ending {
        id: db::col(r, "id")?,
        number: db::col(r, "number")?,
        email: db::col(r, "email")?,
        office_code: db::col(r, "office_code")?,
        valid_until: db::col(r, "valid_until")?,
    })
}

/// Active permits whose last valid day is between `from` and `to`
/// (`YYYY-MM-DD`, inclusive), by end date and number, after the position
/// `after` (end date, number; `("", "")` for the first page); at most
/// `limit`.
pub async fn active_ending_between(
    c: &impl ConnectionTrait,
    from: &str,
    to: &str,
    after: (&str, &str),
    limit: u32,
) -> Result<Vec<Ending>, DbErr> {
    db::all_as(
        c,
        "SELECT id, number, email, office_code, valid_until FROM stay_permits
         WHERE status = $1 AND valid_until IS NOT NULL AND valid_until >= $2 AND valid_until <= $3
           AND (valid_until > $4 OR (valid_until = $4 AND number > $5))
         ORDER BY valid_until, number LIMIT $6",
        [
            Value::from(PermitStatus::Active.as_str()),
            Value::from(from),
            Value::from(to),
            Value::from(after.0),
            Value::from(after.1),
            Value::from(i64::from(limit)),
        ],
        from_row,
    )
    .await
}

/// The permit `id` if it is still active and still ends on `valid_until`
/// (read again inside the worker's transaction).
pub async fn still_active_ending(
    c: &impl ConnectionTrait,
    id: &str,
    valid_until: &str,
) -> Result<Option<Ending>, DbErr> {
    db::one_as(
        c,
        "SELECT id, number, email, office_code, valid_until FROM stay_permits
         WHERE id = $1 AND status = $2 AND valid_until = $3",
        [
            Value::from(id),
            Value::from(PermitStatus::Active.as_str()),
            Value::from(valid_until),
        ],
        from_row,
    )
    .await
}

/// Claim the reminder `days_before` the end `valid_until` of permit
/// `permit_id`, before its outbox row is written in the same transaction;
/// answers `false` (and writes nothing) when it was already claimed. The
/// primary key decides, so two workers never both queue it.
pub async fn claim(
    c: &impl ConnectionTrait,
    permit_id: &str,
    valid_until: &str,
    days_before: i64,
    now: jiff::Timestamp,
) -> Result<bool, DbErr> {
    let inserted = db::exec(
        c,
        "INSERT INTO stay_reminders (permit_id, valid_until, days_before, queued_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (permit_id, valid_until, days_before) DO NOTHING",
        [
            Value::from(permit_id),
            Value::from(valid_until),
            Value::from(i32::try_from(days_before).unwrap_or(i32::MAX)),
            Value::from(db::millis(now)),
        ],
    )
    .await?;
    Ok(inserted == 1)
}

//! The `visa_evisas` table.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, Value};

/// A stored e-Visa.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EVisa {
    /// Public number.
    pub number: String,
    /// The case it came from.
    pub case_id: String,
    /// `YYYY-MM-DD`.
    pub valid_from: String,
    /// `YYYY-MM-DD` (the last day to enter).
    pub valid_until: String,
    /// See `domain::evisa::status`.
    pub status: String,
    /// The signed QR payload.
    pub qr: String,
}

fn from_row(r: &sea_orm::QueryResult) -> Result<EVisa, DbErr> {
    Ok(EVisa {
        number: db::col(r, "number")?,
        case_id: db::col(r, "case_id")?,
        valid_from: db::col(r, "valid_from")?,
        valid_until: db::col(r, "valid_until")?,
        status: db::col(r, "status")?,
        qr: db::col(r, "qr")?,
    })
}

/// Record an issued e-Visa.
pub async fn insert(
    c: &impl ConnectionTrait,
    e: &EVisa,
    passport_index: &str,
    nationality: &str,
    at: i64,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO visa_evisas (number, case_id, passport_index, nationality, valid_from,
            valid_until, status, qr, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        [
            Value::from(e.number.clone()),
            Value::from(e.case_id.clone()),
            Value::from(passport_index),
            Value::from(nationality),
            Value::from(e.valid_from.clone()),
            Value::from(e.valid_until.clone()),
            Value::from(e.status.clone()),
            Value::from(e.qr.clone()),
            Value::from(at),
        ],
    )
    .await?;
    Ok(())
}

/// The e-Visa of a case.
pub async fn for_case(c: &impl ConnectionTrait, case_id: &str) -> Result<Option<EVisa>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM visa_evisas WHERE case_id = $1",
        [Value::from(case_id)],
        from_row,
    )
    .await
}

/// An e-Visa by number.
pub async fn find(c: &impl ConnectionTrait, number: &str) -> Result<Option<EVisa>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM visa_evisas WHERE number = $1",
        [Value::from(number)],
        from_row,
    )
    .await
}

/// Move an e-Visa from `issued` to `to` (used, revoked), recording the
/// reason or the entry; returns whether it was still issued.
pub async fn close(
    c: &impl ConnectionTrait,
    number: &str,
    to: &str,
    reason: Option<&str>,
    entry: Option<(i64, &str)>,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "UPDATE visa_evisas SET status = $2, revoked_reason = $3, entered_at = $4, entry_port = $5
         WHERE number = $1 AND status = $6",
        [
            Value::from(number),
            Value::from(to),
            Value::from(reason.map(str::to_owned)),
            Value::from(entry.map(|e| e.0)),
            Value::from(entry.map(|e| e.1.to_owned())),
            Value::from(crate::domain::evisa::status::ISSUED),
        ],
    )
    .await?
        == 1)
}

/// E-Visas issued for a passport (blind index) and nationality, newest first.
pub async fn by_passport(
    c: &impl ConnectionTrait,
    passport_index: &str,
    nationality: &str,
) -> Result<Vec<EVisa>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM visa_evisas WHERE passport_index = $1 AND nationality = $2
         ORDER BY issued_at DESC",
        [Value::from(passport_index), Value::from(nationality)],
        from_row,
    )
    .await
}

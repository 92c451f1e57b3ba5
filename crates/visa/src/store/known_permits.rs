//! The e-Visas of passports, with what decides how long they let their
//! holder stay (the entry and the visa index's days of stay).

use imigrasi_platform::db;
use imigrasi_platform::permits::{PassportKey, passport_filter};
use sea_orm::{ConnectionTrait, DbErr};

use crate::domain::evisa::status;

/// An e-Visa of one of the passports asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EVisaStay {
    /// The passport.
    pub passport: PassportKey,
    /// Its number.
    pub number: String,
    /// The visa index code.
    pub visa_type: String,
    /// `issued`, `used` or `expired` (revoked ones are left out).
    pub status: String,
    /// The last day to enter, `YYYY-MM-DD`.
    pub valid_until: String,
    /// The entry (ms), once used.
    pub entered_at: Option<i64>,
    /// Days of stay the visa index grants.
    pub stay_days: i32,
}

/// The e-Visas, not revoked, of any of `passports`.
pub async fn of_passports(
    c: &impl ConnectionTrait,
    passports: &[PassportKey],
) -> Result<Vec<EVisaStay>, DbErr> {
    let (filter, mut values) = passport_filter(passports, "e.passport_index", "e.nationality");
    values.push(sea_orm::Value::from(status::REVOKED));
    let sql = format!(
        "SELECT e.number, e.passport_index, e.nationality, e.status, e.valid_until,
            e.entered_at, a.visa_type, t.stay_days
         FROM visa_evisas e
         JOIN visa_applications a ON a.case_id = e.case_id
         JOIN visa_types t ON t.code = a.visa_type
         WHERE {filter} AND e.status <> ${}",
        values.len()
    );
    db::all_as(c, &sql, values, |r| {
        Ok(EVisaStay {
            passport: PassportKey {
                index: db::col(r, "passport_index")?,
                nationality: db::col(r, "nationality")?,
            },
            number: db::col(r, "number")?,
            visa_type: db::col(r, "visa_type")?,
            status: db::col(r, "status")?,
            valid_until: db::col(r, "valid_until")?,
            entered_at: db::col(r, "entered_at")?,
            stay_days: db::col(r, "stay_days")?,
        })
    })
    .await
}

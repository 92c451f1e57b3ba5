//! What the office floor reads of bookings beyond a single booking (through
//! `crate::floor_port`): the NIK's blind index for its ticket, bookings due
//! to become no-shows, and the bookings of an office's day.

use imigrasi_platform::db;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::domain::BookingStatus;

/// The blind index of a booking's NIK.
pub async fn nik_index(
    c: &impl ConnectionTrait,
    booking_id: &str,
) -> Result<Option<String>, DbErr> {
    db::one(
        c,
        "SELECT nik_index FROM passport_bookings WHERE id = $1",
        [Value::from(booking_id)],
    )
    .await?
    .map(|r| db::col(&r, "nik_index"))
    .transpose()
}

/// Ids of confirmed bookings whose session ended by `now` (never checked
/// in), the earliest session first, at most `limit`.
pub async fn due_no_shows(
    c: &impl ConnectionTrait,
    now: Timestamp,
    limit: u32,
) -> Result<Vec<String>, DbErr> {
    db::all(
        c,
        "SELECT b.id FROM passport_bookings b JOIN passport_slots s ON s.id = b.slot_id
         WHERE b.status = $1 AND s.ends_at <= $2
         ORDER BY s.ends_at, b.code LIMIT $3",
        [
            Value::from(BookingStatus::Confirmed.as_str()),
            Value::from(db::millis(now)),
            Value::from(i64::from(limit)),
        ],
    )
    .await?
    .iter()
    .map(|r| db::col(r, "id"))
    .collect()
}

/// The bookings (id, status) of the sessions of `office` on `date`;
/// unreadable statuses are left out.
pub async fn bookings_of_day(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
) -> Result<Vec<(String, BookingStatus)>, DbErr> {
    let rows = db::all(
        c,
        "SELECT b.id, b.status FROM passport_bookings b JOIN passport_slots s ON s.id = b.slot_id
         WHERE s.office_code = $1 AND s.date = $2",
        [Value::from(office), Value::from(date.to_string())],
    )
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let status: String = db::col(r, "status")?;
        if let Ok(status) = status.parse::<BookingStatus>() {
            out.push((db::col(r, "id")?, status));
        }
    }
    Ok(out)
}

//! SQL for changes to an existing booking (the flows are in
//! `app::changes`): moving it to another slot, finding the unpaid ones due
//! to expire.

use imigrasi_platform::db;
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::bookings::status::sql_list;
use crate::domain::BookingStatus;

/// Move a booking to another slot, marking it rescheduled, if it has not
/// been rescheduled yet and is still movable. The status stays (see
/// `domain::reschedule_allowed`). Returns whether it moved.
pub async fn move_to_slot(
    c: &impl ConnectionTrait,
    booking_id: &str,
    new_slot_id: &str,
    now: Timestamp,
) -> Result<bool, DbErr> {
    let movable = sql_list(&[BookingStatus::AwaitingPayment, BookingStatus::Confirmed]);
    let moved = db::exec(
        c,
        &format!(
            "UPDATE passport_bookings SET slot_id = $1, rescheduled = $2, updated_at = $3
             WHERE id = $4 AND rescheduled = $5 AND status IN {movable}"
        ),
        [
            Value::from(new_slot_id),
            Value::from(true),
            Value::from(db::millis(now)),
            Value::from(booking_id),
            Value::from(false),
        ],
    )
    .await?;
    Ok(moved == 1)
}

/// Codes of unpaid bookings whose payment deadline passed, oldest first.
pub async fn due_for_expiry(
    c: &impl ConnectionTrait,
    now: Timestamp,
    limit: u64,
) -> Result<Vec<String>, DbErr> {
    let rows = db::all(
        c,
        "SELECT code FROM passport_bookings WHERE status = $1 AND payment_deadline < $2
         ORDER BY payment_deadline LIMIT $3",
        [
            Value::from(BookingStatus::AwaitingPayment.as_str()),
            Value::from(db::millis(now)),
            Value::from(i64::try_from(limit).unwrap_or(i64::MAX)),
        ],
    )
    .await?;
    rows.iter().map(|r| db::col(r, "code")).collect()
}

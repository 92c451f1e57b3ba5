//! What the examination of a walk-in (lost or damaged passport) writes
//! besides the status: the bill once approved, and the report's number.
//! The status itself moves through [`super::status::transition`] first,
//! in the same transaction.

use imigrasi_platform::db;
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DbErr, Value};

/// The bill issued on approval: its code, amount and deadline. Applies
/// only to a booking that awaits payment and has no bill yet.
pub async fn record_bill(
    c: &impl ConnectionTrait,
    booking_id: &str,
    billing_code: &str,
    amount: i64,
    deadline: Timestamp,
) -> Result<(), DbErr> {
    let n = db::exec(
        c,
        "UPDATE passport_bookings SET billing_code = $1, amount = $2, payment_deadline = $3
         WHERE id = $4 AND status = 'awaiting_payment' AND billing_code = ''",
        [
            Value::from(billing_code),
            Value::from(amount),
            Value::from(db::millis(deadline)),
            Value::from(booking_id),
        ],
    )
    .await?;
    if n != 1 {
        return Err(DbErr::Custom(format!(
            "booking {booking_id}: the bill of an examination could not be recorded"
        )));
    }
    Ok(())
}

/// The examination report's number (nomor BAP).
pub async fn record_report(
    c: &impl ConnectionTrait,
    booking_id: &str,
    report_number: &str,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "UPDATE passport_bookings SET examination_report = $1 WHERE id = $2",
        [Value::from(report_number), Value::from(booking_id)],
    )
    .await?;
    Ok(())
}

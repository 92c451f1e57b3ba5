//! A booking's application number (given when it is paid). Its documents
//! are the platform's `documents` rows attached to it
//! (`imigrasi_platform::documents::store`).

use imigrasi_platform::db;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

use crate::domain::application_number::application_number as number_of;

/// Give the booking its application number, inside the settling
/// transaction: the next of its office's sequence for `day`. A booking that
/// has one keeps it. Returns the booking's number.
pub async fn assign_application_number(
    txn: &DatabaseTransaction,
    booking_id: &str,
    office: &str,
    day: Date,
) -> Result<String, DbErr> {
    if let Some(n) = application_number(txn, booking_id).await? {
        return Ok(n);
    }
    let key = || [Value::from(office), Value::from(day.to_string())];
    db::exec(
        txn,
        "INSERT INTO passport_application_counters (office_code, service_date, last)
         VALUES ($1, $2, 1)
         ON CONFLICT (office_code, service_date)
         DO UPDATE SET last = passport_application_counters.last + 1",
        key(),
    )
    .await?;
    let row = db::one(
        txn,
        "SELECT last FROM passport_application_counters WHERE office_code = $1 AND service_date = $2",
        key(),
    )
    .await?
    .ok_or_else(|| DbErr::RecordNotFound("application counter just written".into()))?;
    let seq = u32::try_from(db::col::<i32>(&row, "last")?).unwrap_or(0);
    let number = number_of(office, day, seq);
    db::exec(
        txn,
        "UPDATE passport_bookings SET application_number = $1
         WHERE id = $2 AND application_number IS NULL",
        [Value::from(number.clone()), Value::from(booking_id)],
    )
    .await?;
    Ok(number)
}

/// The booking's application number, once paid.
pub async fn application_number(
    c: &impl ConnectionTrait,
    booking_id: &str,
) -> Result<Option<String>, DbErr> {
    let row = db::one(
        c,
        "SELECT application_number FROM passport_bookings WHERE id = $1",
        [Value::from(booking_id)],
    )
    .await?;
    Ok(match row {
        Some(r) => db::col::<Option<String>>(&r, "application_number")?,
        None => None,
    })
}

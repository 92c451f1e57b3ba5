//! The no-show sweep: confirmed bookings whose session ended without a
//! check-in become `no_show` (this feeds the fairness rules).

use imigrasi_platform::audit;
use imigrasi_platform::db::{self, Db};
use jiff::Timestamp;
use sea_orm::{DbErr, Value};

use crate::domain::booking::{self, BookingStatus};
use crate::domain::floor::FloorSettings;
use crate::store as booking_store;

/// Bookings handled per call; the worker calls again on its next tick.
pub const NO_SHOW_BATCH: i64 = 1000;

/// Mark confirmed bookings whose session has ended (check-in closes when
/// the session ends) and that never checked in as `no_show`: each with a
/// conditional update and its audit row (`booking.no_show`, system actor)
/// in its own transaction. Returns how many were marked (at most
/// [`NO_SHOW_BATCH`] per call). Meant for a periodic worker.
pub async fn mark_no_shows(database: &Db, now: Timestamp) -> Result<usize, DbErr> {
    let due = db::all(
        database,
        "SELECT b.code FROM passport_bookings b JOIN passport_slots s ON s.id = b.slot_id
         WHERE b.status = 'confirmed' AND s.ends_at <= $1
         ORDER BY s.ends_at, b.code LIMIT $2",
        [Value::from(db::millis(now)), Value::from(NO_SHOW_BATCH)],
    )
    .await?;
    let window = FloorSettings::defaults(0).check_in_window();
    let mut marked = 0;
    for row in due {
        let code: String = db::col(&row, "code")?;
        let txn = db::begin_write(database).await?;
        let Some(b) = booking_store::find_by_code(&txn, &code).await? else {
            continue;
        };
        let Some(slot) = booking_store::slot(&txn, &b.slot_id).await? else {
            continue;
        };
        let Ok(to) = booking::mark_no_show(
            b.status,
            now,
            &window,
            db::from_millis(slot.starts_at),
            db::from_millis(slot.ends_at),
        ) else {
            continue;
        };
        if !booking_store::status::transition(&txn, &b.id, &[BookingStatus::Confirmed], to, now)
            .await?
        {
            continue;
        }
        audit::append(
            &txn,
            audit::Entry {
                actor: None,
                action: "booking.no_show",
                object_type: "booking",
                object_id: &b.code,
                office: Some(&b.office_code),
                request_id: None,
                detail: serde_json::json!({"slot": b.slot_id, "reason": "not_checked_in"}),
            },
        )
        .await?;
        txn.commit().await?;
        marked += 1;
    }
    Ok(marked)
}

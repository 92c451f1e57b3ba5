//! Changes to an existing booking that may return its place: cancel,
//! reschedule, expire. A returned place is offered to the waitlist, so this
//! module stands above both `bookings` and `waitlist` (which books through
//! `bookings`), and neither of those imports the other.

use imigrasi_platform::audit;
use imigrasi_platform::billing;
use imigrasi_platform::db::{self, Db};
use jiff::Timestamp;
use sea_orm::{DatabaseTransaction, DbErr, Value};

use super::bookings::status::{self, sql_list};
use super::bookings::{
    BookError, Booking, BookingSettings, find_by_code, notify_owner, office_zone,
};
use super::slots::{self, Slot};
use super::{Origin, waitlist};
use crate::domain::{self, BookingStatus, RescheduleError, TransitionError};

/// Why a booking could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// No such booking.
    #[error("no such booking")]
    NotFound,
    /// The state machine refuses.
    #[error(transparent)]
    Transition(TransitionError),
    /// Rescheduling refused.
    #[error(transparent)]
    Reschedule(RescheduleError),
    /// The new slot is unsuitable (other office or category).
    #[error("{0}")]
    Unsuitable(&'static str),
    /// The new slot cannot be booked.
    #[error(transparent)]
    Book(BookError),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Free a booking's place and hand it to the waitlist.
async fn release_place(
    txn: &DatabaseTransaction,
    booking: &Booking,
    settings: &BookingSettings,
    now: Timestamp,
) -> Result<(), DbErr> {
    slots::return_place(txn, &booking.slot_id).await?;
    if let Some(slot) = slots::slot(txn, &booking.slot_id).await? {
        waitlist::offer_returned_place(txn, &slot, settings, now).await?;
    }
    Ok(())
}

/// Cancel a booking (any time before the appointment); its place returns.
pub async fn cancel(
    database: &Db,
    code: &str,
    settings: &BookingSettings,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<Booking, ChangeError> {
    let txn = db::begin_write(database).await?;
    let booking = find_by_code(&txn, code)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let slot = slots::slot(&txn, &booking.slot_id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let to = domain::cancel(booking.status, now, db::from_millis(slot.starts_at))
        .map_err(ChangeError::Transition)?;
    if !status::transition(&txn, &booking.id, &[booking.status], to, now).await? {
        return Err(ChangeError::Transition(TransitionError::NotAllowed {
            from: booking.status,
            action: domain::BookingAction::Cancel,
        }));
    }
    billing::close_unpaid(&txn, &booking.billing_code, billing::status::CANCELLED).await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: origin.actor,
            action: "booking.cancel",
            object_type: "booking",
            object_id: &booking.code,
            office: Some(&booking.office_code),
            request_id: Some(origin.request_id),
            detail: serde_json::json!({"from": booking.status.as_str()}),
        },
    )
    .await?;
    release_place(&txn, &booking, settings, now).await?;
    let updated = find_by_code(&txn, code)
        .await?
        .ok_or(ChangeError::NotFound)?;
    notify_owner(&txn, &updated, "passport.booking_cancelled").await?;
    txn.commit().await?;
    Ok(updated)
}

/// Move a booking to another slot of the same office and category, once,
/// no later than the day before the appointment (office time).
pub async fn reschedule(
    database: &Db,
    code: &str,
    new_slot_id: &str,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<(Booking, Slot), ChangeError> {
    let txn = db::begin_write(database).await?;
    let booking = find_by_code(&txn, code)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let old = slots::slot(&txn, &booking.slot_id)
        .await?
        .ok_or(ChangeError::NotFound)?;
    let zone = office_zone(&txn, &booking.office_code).await?;
    domain::reschedule_allowed(
        booking.status,
        booking.rescheduled,
        &zone.time_zone(),
        now,
        old.date,
    )
    .map_err(ChangeError::Reschedule)?;
    let new = slots::slot(&txn, new_slot_id)
        .await?
        .ok_or(ChangeError::Book(BookError::SlotNotFound))?;
    if new.office_code != old.office_code {
        return Err(ChangeError::Unsuitable(
            "the new session must be at the same office",
        ));
    }
    if new.category != old.category {
        return Err(ChangeError::Unsuitable(
            "the new session must be of the same category",
        ));
    }
    if new.id == old.id {
        return Err(ChangeError::Unsuitable(
            "the new session is the current one",
        ));
    }
    let window = slots::booking_window(&txn, &new.office_code).await?;
    domain::bookable(
        &window,
        &zone.time_zone(),
        now,
        new.date,
        new.start,
        new.end,
        db::from_millis(new.release_at),
    )
    .map_err(|e| ChangeError::Book(BookError::NotBookable(e)))?;
    if !slots::take_place(&txn, &new.id).await? {
        return Err(ChangeError::Book(BookError::SlotFull));
    }
    // Moves the slot only; the status stays (see `domain::reschedule_allowed`).
    let movable = sql_list(&[BookingStatus::AwaitingPayment, BookingStatus::Confirmed]);
    let moved = db::exec(
        &txn,
        &format!(
            "UPDATE passport_bookings SET slot_id = $1, rescheduled = $2, updated_at = $3
             WHERE id = $4 AND rescheduled = $5 AND status IN {movable}"
        ),
        [
            Value::from(new.id.clone()),
            Value::from(true),
            Value::from(db::millis(now)),
            Value::from(booking.id.clone()),
            Value::from(false),
        ],
    )
    .await?;
    if moved != 1 {
        return Err(ChangeError::Reschedule(RescheduleError::AlreadyRescheduled));
    }
    audit::append(
        &txn,
        audit::Entry {
            actor: origin.actor,
            action: "booking.reschedule",
            object_type: "booking",
            object_id: &booking.code,
            office: Some(&booking.office_code),
            request_id: Some(origin.request_id),
            detail: serde_json::json!({"from_slot": old.id, "to_slot": new.id}),
        },
    )
    .await?;
    slots::return_place(&txn, &old.id).await?;
    let updated = find_by_code(&txn, code)
        .await?
        .ok_or(ChangeError::NotFound)?;
    notify_owner(&txn, &updated, "passport.booking_rescheduled").await?;
    let new = slots::slot(&txn, &new.id).await?.unwrap_or(new);
    txn.commit().await?;
    Ok((updated, new))
}

/// Expire unpaid bookings whose deadline passed; their places return and
/// go to the waitlist. Returns how many expired.
pub async fn expire_due(
    database: &Db,
    settings: &BookingSettings,
    now: Timestamp,
    limit: u64,
) -> Result<usize, DbErr> {
    let due = db::all(
        database,
        "SELECT code FROM passport_bookings WHERE status = $1 AND payment_deadline < $2
         ORDER BY payment_deadline LIMIT $3",
        [
            Value::from(BookingStatus::AwaitingPayment.as_str()),
            Value::from(db::millis(now)),
            Value::from(limit as i64),
        ],
    )
    .await?;
    let mut n = 0;
    for row in due {
        let code: String = db::col(&row, "code")?;
        let txn = db::begin_write(database).await?;
        let Some(booking) = find_by_code(&txn, &code).await? else {
            continue;
        };
        let Ok(to) = domain::expire(
            booking.status,
            now,
            db::from_millis(booking.payment_deadline),
        ) else {
            continue;
        };
        if !status::transition(&txn, &booking.id, &[booking.status], to, now).await? {
            continue;
        }
        billing::close_unpaid(&txn, &booking.billing_code, billing::status::EXPIRED).await?;
        audit::append(
            &txn,
            audit::Entry {
                actor: None,
                action: "booking.expire",
                object_type: "booking",
                object_id: &booking.code,
                office: Some(&booking.office_code),
                request_id: None,
                detail: serde_json::json!({}),
            },
        )
        .await?;
        release_place(&txn, &booking, settings, now).await?;
        let updated = find_by_code(&txn, &code).await?.unwrap_or(booking);
        notify_owner(&txn, &updated, "passport.booking_expired").await?;
        txn.commit().await?;
        n += 1;
    }
    Ok(n)
}

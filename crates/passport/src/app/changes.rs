//! Changes to an existing booking: cancel, reschedule, expire. A place that
//! returns (cancel, expiry) is offered to the waitlist in the same
//! transaction ([`super::waitlist::offer_returned_place`]).

use std::sync::Arc;

use imigrasi_platform::db::{self, Db};
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, billing};
use jiff::Timestamp;
use sea_orm::{DatabaseTransaction, DbErr};

use super::{BookingError, Origin, Unsuitable, settings, waitlist};
use crate::domain::{self, BookingAction, RescheduleError, TransitionError};
use crate::notices;
use crate::store::bookings::status;
use crate::store::{self, Booking, BookingSettings, Slot};

/// A booking its owner may change (others get `NotFound`, never a hint).
async fn owned(state: &AppState, actor: &Actor, code: &str) -> Result<Booking, BookingError> {
    let booking = store::find_by_code(&state.db, &code.trim().to_uppercase())
        .await?
        .ok_or(BookingError::NotFound)?;
    let owner = booking.account_id.clone().unwrap_or_default();
    policy::authorize(actor, Permission::ManageOwn { owner_id: &owner })
        .map_err(|_| BookingError::NotFound)?;
    Ok(booking)
}

/// Return a booking's place to its session and offer it to the waitlist.
/// Before the audit row (see the lock order in [`super`]).
async fn release_place(
    txn: &DatabaseTransaction,
    booking: &Booking,
    settings: &BookingSettings,
    now: Timestamp,
) -> Result<(), DbErr> {
    store::return_place(txn, &booking.slot_id).await?;
    if let Some(slot) = store::slot(txn, &booking.slot_id).await? {
        waitlist::offer_returned_place(txn, &slot, settings, now).await?;
    }
    Ok(())
}

/// Cancel the actor's own booking (any time before the appointment).
pub async fn cancel(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    code: &str,
    now: Timestamp,
) -> Result<Cancelled, BookingError> {
    let booking = owned(state, actor, code).await?;
    let updated = cancel_checked(state, origin, &booking.code, now).await?;
    Ok(Cancelled {
        booking: updated,
        // A paid fee is never refunded (PNBP): the applicant is told so.
        fee_forfeited: booking.status == crate::domain::BookingStatus::Confirmed,
    })
}

/// A cancelled booking, and whether its paid fee is lost (never refunded).
#[derive(Debug, Clone)]
pub struct Cancelled {
    /// The booking, now cancelled.
    pub booking: Booking,
    /// Whether the fee had been paid: it is not refunded.
    pub fee_forfeited: bool,
}

/// Cancel a booking whose owner the channel has already established (the
/// WhatsApp number linked to the account).
pub async fn cancel_checked(
    state: &AppState,
    origin: Origin<'_>,
    code: &str,
    now: Timestamp,
) -> Result<Booking, BookingError> {
    let settings = settings(state);
    db::write(&state.db, |txn: Arc<DatabaseTransaction>| {
        let settings = &settings;
        async move {
            let booking = store::find_by_code(&*txn, code)
                .await?
                .ok_or(BookingError::NotFound)?;
            let slot = store::slot(&*txn, &booking.slot_id)
                .await?
                .ok_or(BookingError::NotFound)?;
            let to = domain::cancel(booking.status, now, db::from_millis(slot.starts_at))
                .map_err(BookingError::Transition)?;
            if !status::transition(&*txn, &booking.id, &[booking.status], to, now).await? {
                return Err(BookingError::Transition(TransitionError::NotAllowed {
                    from: booking.status,
                    action: BookingAction::Cancel,
                }));
            }
            billing::close_unpaid(&*txn, &booking.billing_code, billing::status::CANCELLED).await?;
            release_place(&txn, &booking, settings, now).await?;
            audit::append(
                &*txn,
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
            let updated = store::find_by_code(&*txn, code)
                .await?
                .ok_or(BookingError::NotFound)?;
            store::notify_owner(&*txn, &updated, notices::BOOKING_CANCELLED).await?;
            Ok(updated)
        }
    })
    .await
}

/// Move the actor's booking to another session of the same office and
/// category, once, no later than the day before the appointment.
pub async fn reschedule(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    code: &str,
    new_slot_id: &str,
    now: Timestamp,
) -> Result<(Booking, Slot), BookingError> {
    let booking = owned(state, actor, code).await?;
    reschedule_checked(state, origin, &booking.code, new_slot_id, now).await
}

/// Reschedule a booking whose owner the caller has already established.
pub async fn reschedule_checked(
    state: &AppState,
    origin: Origin<'_>,
    code: &str,
    new_slot_id: &str,
    now: Timestamp,
) -> Result<(Booking, Slot), BookingError> {
    let new_slot_id = new_slot_id.trim();
    db::write(&state.db, |txn: Arc<DatabaseTransaction>| async move {
        let booking = store::find_by_code(&*txn, code)
            .await?
            .ok_or(BookingError::NotFound)?;
        let old = store::slot(&*txn, &booking.slot_id)
            .await?
            .ok_or(BookingError::NotFound)?;
        let zone = store::office_zone(&*txn, &booking.office_code).await?;
        domain::reschedule_allowed(
            booking.status,
            booking.rescheduled,
            &zone.time_zone(),
            now,
            old.date,
        )
        .map_err(BookingError::Reschedule)?;
        let new = store::bookable_slot(&*txn, new_slot_id)
            .await?
            .ok_or(BookingError::SlotNotFound)?;
        let unsuitable = if new.office_code != old.office_code {
            Some(Unsuitable::OtherOffice)
        } else if new.category != old.category {
            Some(Unsuitable::OtherCategory)
        } else if new.id == old.id {
            Some(Unsuitable::SameSession)
        } else {
            None
        };
        if let Some(u) = unsuitable {
            return Err(BookingError::Unsuitable(u));
        }
        let window = store::booking_window(&*txn, &new.office_code).await?;
        domain::bookable(
            &window,
            &zone.time_zone(),
            now,
            new.date,
            new.start,
            new.end,
            db::from_millis(new.release_at),
        )
        .map_err(BookingError::NotBookable)?;
        if !store::take_place(&*txn, &new.id).await? {
            return Err(BookingError::SlotFull);
        }
        if !store::move_to_slot(&*txn, &booking.id, &new.id, now).await? {
            return Err(BookingError::Reschedule(
                RescheduleError::AlreadyRescheduled,
            ));
        }
        store::return_place(&*txn, &old.id).await?;
        audit::append(
            &*txn,
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
        let updated = store::find_by_code(&*txn, code)
            .await?
            .ok_or(BookingError::NotFound)?;
        store::notify_owner(&*txn, &updated, notices::BOOKING_RESCHEDULED).await?;
        let new = store::slot(&*txn, &new.id).await?.unwrap_or(new);
        Ok((updated, new))
    })
    .await
}

/// Expire unpaid bookings whose deadline passed (the worker); their places
/// return and go to the waitlist. Each in its own transaction. Returns how
/// many expired.
pub async fn expire_due(
    database: &Db,
    settings: &BookingSettings,
    now: Timestamp,
    limit: u64,
) -> Result<usize, DbErr> {
    let mut n = 0;
    for code in store::due_for_expiry(database, now, limit).await? {
        let expired = db::write(database, |txn: Arc<DatabaseTransaction>| {
            let code = &code;
            async move { expire_one(&txn, code, settings, now).await }
        })
        .await?;
        if expired {
            n += 1;
        }
    }
    Ok(n)
}

async fn expire_one(
    txn: &DatabaseTransaction,
    code: &str,
    settings: &BookingSettings,
    now: Timestamp,
) -> Result<bool, DbErr> {
    let Some(booking) = store::find_by_code(txn, code).await? else {
        return Ok(false);
    };
    let Ok(to) = domain::expire(
        booking.status,
        now,
        db::from_millis(booking.payment_deadline),
    ) else {
        return Ok(false);
    };
    if !status::transition(txn, &booking.id, &[booking.status], to, now).await? {
        return Ok(false);
    }
    billing::close_unpaid(txn, &booking.billing_code, billing::status::EXPIRED).await?;
    release_place(txn, &booking, settings, now).await?;
    audit::append(
        txn,
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
    let updated = store::find_by_code(txn, code).await?.unwrap_or(booking);
    store::notify_owner(txn, &updated, notices::BOOKING_EXPIRED).await?;
    Ok(true)
}

//! The waitlist: join, leave, and offering a returned place. A place that
//! returns (cancel, expiry) becomes a new hold for the first person waiting
//! whose range and category fit, with its own payment deadline.

use std::sync::Arc;

use imigrasi_core::CheckedIdentity;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, accounts, audit, db, outbox};
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{DatabaseTransaction, DbErr, TransactionTrait};

use super::{BookingError, Origin, settings};
use crate::domain::{Category, PassportType, ServiceKind};
use crate::notices;
use crate::store::waitlist::{self, JoinError, JoinRequest, WaitlistEntry};
use crate::store::{self, BookError, BookingRequest, BookingSettings, Slot};

/// The command: wait for a place at an office within a date range.
#[derive(Debug, Clone)]
pub struct Join {
    /// Office code.
    pub office_code: String,
    /// First acceptable date (office-local; the range is checked by the adapter
    /// with `domain::validate_range`, which needs the office's today).
    pub date_from: Date,
    /// Last acceptable date.
    pub date_to: Date,
    /// Category.
    pub category: Category,
    /// The applicant, checked against the NIK.
    pub applicant: CheckedIdentity,
    /// Passport type.
    pub passport_type: PassportType,
    /// Service.
    pub service: ServiceKind,
}

/// Join the waitlist (`AlreadyBooked` when the NIK holds a booking or waits).
pub async fn join(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    cmd: Join,
) -> Result<WaitlistEntry, BookingError> {
    policy::authorize(actor, Permission::BookAppointment).map_err(|_| BookingError::Forbidden)?;
    let a = &cmd.applicant;
    let req = JoinRequest {
        account_id: actor.id.clone(),
        office_code: cmd.office_code.clone(),
        date_from: cmd.date_from,
        date_to: cmd.date_to,
        category: cmd.category,
        applicant: settings(state).applicant(&a.nik, &a.full_name, a.birth_date, a.sex),
        passport_type: cmd.passport_type,
        service: cmd.service,
    };
    let now = Timestamp::now();
    db::write(&state.db, |txn: Arc<DatabaseTransaction>| {
        let req = &req;
        async move {
            let id = waitlist::insert(&*txn, req, now).await.map_err(|e| match e {
                JoinError::AlreadyBooked => BookingError::AlreadyBooked,
                JoinError::Db(e) => BookingError::Db(e),
            })?;
            audit::append(
                &*txn,
                audit::Entry {
                    actor: origin.actor,
                    action: "waitlist.join",
                    object_type: "waitlist",
                    object_id: &id,
                    office: Some(&req.office_code),
                    request_id: Some(origin.request_id),
                    detail: serde_json::json!({"from": req.date_from.to_string(), "to": req.date_to.to_string()}),
                },
            )
            .await?;
            waitlist::find(&*txn, &id)
                .await?
                .ok_or_else(|| BookingError::Db(DbErr::RecordNotFound("waitlist entry".into())))
        }
    })
    .await
}

/// The actor's own entries, newest first.
pub async fn mine(state: &AppState, actor: &Actor) -> Result<Vec<WaitlistEntry>, BookingError> {
    Ok(waitlist::list_for_account(&state.db, &actor.id).await?)
}

/// Leave the waitlist (owner only; others get `NotFound`). Returns whether
/// the entry was still waiting.
pub async fn leave(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    id: &str,
) -> Result<bool, BookingError> {
    let entry = waitlist::find(&state.db, id)
        .await?
        .ok_or(BookingError::NotFound)?;
    policy::authorize(
        actor,
        Permission::ManageOwn {
            owner_id: &entry.account_id,
        },
    )
    .map_err(|_| BookingError::NotFound)?;
    let now = Timestamp::now();
    db::write(&state.db, |txn: Arc<DatabaseTransaction>| async move {
        let left = waitlist::mark_left(&*txn, id, now).await?;
        if left {
            audit::append(
                &*txn,
                audit::Entry {
                    actor: origin.actor,
                    action: "waitlist.leave",
                    object_type: "waitlist",
                    object_id: id,
                    office: None,
                    request_id: Some(origin.request_id),
                    detail: serde_json::json!({}),
                },
            )
            .await?;
        }
        Ok::<_, BookingError>(left)
    })
    .await
}

/// Offer a returned place of `slot` to the first fitting person waiting,
/// inside the transaction that returned it. Entries that can no longer be
/// booked (limit reached, NIK now booked) are passed over for this place.
/// Returns the booking code offered.
pub async fn offer_returned_place(
    txn: &DatabaseTransaction,
    slot: &Slot,
    settings: &BookingSettings,
    now: Timestamp,
) -> Result<Option<String>, DbErr> {
    if slot.remaining() <= 0
        || now.as_millisecond() >= slot.ends_at
        || now.as_millisecond() < slot.release_at
    {
        return Ok(None);
    }
    for (entry, req) in waitlist::candidates(txn, slot).await? {
        match offer(txn, &req, settings, now).await {
            Ok(code) => {
                if let Some(account) = accounts::find_by_id(txn, &entry.account_id).await? {
                    outbox::enqueue(
                        txn,
                        outbox::Message {
                            channel: "email",
                            recipient: &account.email,
                            template: notices::WAITLIST_OFFER,
                            lang: Lang::Id,
                            payload: serde_json::json!({"code": code, "office": slot.office_code, "date": slot.date.to_string()}),
                        },
                    )
                    .await?;
                }
                return Ok(Some(code));
            }
            Err(BookError::Db(e)) => return Err(e),
            Err(_) => continue,
        }
    }
    Ok(None)
}

async fn offer(
    txn: &DatabaseTransaction,
    req: &BookingRequest,
    settings: &BookingSettings,
    now: Timestamp,
) -> Result<String, BookError> {
    // A savepoint, so that a refused offer leaves the outer transaction intact.
    let sp = txn.begin().await?;
    let (booking, _) = store::book_in(&sp, req, settings, Origin::SYSTEM, now).await?;
    let waitlist_id = req.waitlist_id.as_deref().unwrap_or_default();
    waitlist::mark_offered(&sp, waitlist_id, &booking.id, now).await?;
    sp.commit().await?;
    Ok(booking.code)
}

/// Put someone on the waitlist inside the caller's transaction (the
/// lottery's draw for its losers), audited and told by e-mail with
/// `template`. In a savepoint: when the waitlist refuses (the NIK holds a
/// booking or already waits) nothing is written and `None` comes back.
pub async fn join_in(
    txn: &DatabaseTransaction,
    req: &JoinRequest,
    origin: Origin<'_>,
    template: &str,
    payload: serde_json::Value,
    now: Timestamp,
) -> Result<Option<String>, DbErr> {
    let sp = txn.begin().await?;
    let id = match waitlist::insert(&sp, req, now).await {
        Ok(id) => id,
        Err(JoinError::AlreadyBooked) => {
            sp.rollback().await?;
            return Ok(None);
        }
        Err(JoinError::Db(e)) => return Err(e),
    };
    sp.commit().await?;
    audit::append(
        txn,
        audit::Entry {
            actor: origin.actor,
            action: "waitlist.join",
            object_type: "waitlist",
            object_id: &id,
            office: Some(&req.office_code),
            request_id: Some(origin.request_id),
            detail: serde_json::json!({"from": req.date_from.to_string(), "to": req.date_to.to_string()}),
        },
    )
    .await?;
    if let Some(account) = accounts::find_by_id(txn, &req.account_id).await? {
        outbox::enqueue(
            txn,
            outbox::Message {
                channel: "email",
                recipient: &account.email,
                template,
                lang: Lang::Id,
                payload,
            },
        )
        .await?;
    }
    Ok(Some(id))
}

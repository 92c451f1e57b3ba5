//! The waitlist: people waiting for an office and a date range. A place
//! that returns (cancel, expiry) becomes a new hold for the first person
//! waiting whose range and category fit, with its own payment deadline.

use imigrasi_platform::db::{self, Db};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::{accounts, audit, outbox};
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

use super::Origin;
use super::bookings::{self, Applicant, BookError, BookingRequest, BookingSettings};
use super::slots::Slot;
use crate::domain::{Category, PassportType, ServiceKind};

/// A waitlist entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitlistEntry {
    /// Id.
    pub id: String,
    /// Owner.
    pub account_id: String,
    /// Office.
    pub office_code: String,
    /// First acceptable date.
    pub date_from: String,
    /// Last acceptable date.
    pub date_to: String,
    /// Category.
    pub category: String,
    /// Applicant's NIK, masked.
    pub nik_masked: String,
    /// Applicant's name.
    pub full_name: String,
    /// `waiting`, `offered`, `fulfilled`, `cancelled`.
    pub status: String,
    /// The booking offered.
    pub booking_id: Option<String>,
    /// Created (ms).
    pub created_at: i64,
}

impl WaitlistEntry {
    fn from_row(r: &sea_orm::QueryResult) -> Result<WaitlistEntry, DbErr> {
        Ok(WaitlistEntry {
            id: db::col(r, "id")?,
            account_id: db::col(r, "account_id")?,
            office_code: db::col(r, "office_code")?,
            date_from: db::col(r, "date_from")?,
            date_to: db::col(r, "date_to")?,
            category: db::col(r, "category")?,
            nik_masked: db::col(r, "nik_masked")?,
            full_name: db::col(r, "full_name")?,
            status: db::col(r, "status")?,
            booking_id: db::col(r, "booking_id")?,
            created_at: db::col(r, "created_at")?,
        })
    }
}

/// A request to wait.
#[derive(Debug, Clone)]
pub struct JoinRequest {
    /// Owner.
    pub account_id: String,
    /// Office.
    pub office_code: String,
    /// Range start (office-local).
    pub date_from: Date,
    /// Range end (office-local).
    pub date_to: Date,
    /// Category.
    pub category: Category,
    /// Applicant.
    pub applicant: Applicant,
    /// Passport type.
    pub passport_type: PassportType,
    /// Service.
    pub service: ServiceKind,
}

/// Why joining failed.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    /// The NIK already has an active booking or is already waiting.
    #[error("this NIK already has an active booking or is already waiting")]
    AlreadyBooked,
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Join the waitlist.
pub async fn join(
    database: &Db,
    req: &JoinRequest,
    settings: &BookingSettings,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<WaitlistEntry, JoinError> {
    let _ = settings;
    let nik_index = req.applicant.nik_index.clone();
    let txn = db::begin_write(database).await?;
    if bookings::nik_is_active(&txn, &nik_index).await? {
        return Err(JoinError::AlreadyBooked);
    }
    let id = uuid::Uuid::now_v7().to_string();
    let a = &req.applicant;
    let res = db::exec(
        &txn,
        "INSERT INTO passport_waitlist (id, account_id, office_code, date_from, date_to, category, nik_index,
            nik_masked, full_name, birth_date, sex, passport_type, service, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'waiting', $14, $14)",
        [
            Value::from(id.clone()),
            Value::from(req.account_id.clone()),
            Value::from(req.office_code.clone()),
            Value::from(req.date_from.to_string()),
            Value::from(req.date_to.to_string()),
            Value::from(req.category.as_str()),
            Value::from(nik_index),
            Value::from(a.nik_masked.clone()),
            Value::from(a.full_name.trim().to_owned()),
            Value::from(a.birth_date.to_string()),
            Value::from(a.sex.as_str()),
            Value::from(req.passport_type.as_str()),
            Value::from(req.service.as_str()),
            Value::from(db::millis(now)),
        ],
    )
    .await;
    match res {
        Ok(_) => {}
        Err(e) if db::is_unique_violation(&e) => return Err(JoinError::AlreadyBooked),
        Err(e) => return Err(e.into()),
    }
    audit::append(
        &txn,
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
    let entry = find(&txn, &id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("waitlist entry".into()))?;
    txn.commit().await?;
    Ok(entry)
}

/// One entry.
pub async fn find(c: &impl ConnectionTrait, id: &str) -> Result<Option<WaitlistEntry>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM passport_waitlist WHERE id = $1",
        [Value::from(id)],
        WaitlistEntry::from_row,
    )
    .await
}

/// An account's entries, newest first.
pub async fn list_for_account(
    c: &impl ConnectionTrait,
    account_id: &str,
) -> Result<Vec<WaitlistEntry>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM passport_waitlist WHERE account_id = $1 ORDER BY created_at DESC, id DESC",
        [Value::from(account_id)],
        WaitlistEntry::from_row,
    )
    .await
}

/// Leave the waitlist. Returns whether the entry was waiting.
pub async fn leave(database: &Db, id: &str, origin: Origin<'_>) -> Result<bool, DbErr> {
    let txn = db::begin_write(database).await?;
    let n = db::exec(
        &txn,
        "UPDATE passport_waitlist SET status = 'cancelled', updated_at = $1 WHERE id = $2 AND status = 'waiting'",
        [Value::from(db::millis(Timestamp::now())), Value::from(id)],
    )
    .await?;
    if n == 1 {
        audit::append(
            &txn,
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
    txn.commit().await?;
    Ok(n == 1)
}

/// Offer a returned place of `slot` to the first fitting person waiting.
/// Entries that can no longer be booked (limit reached, NIK now booked)
/// are passed over for this place. Returns the booking code offered.
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
    let date = slot.date.to_string();
    let candidates = db::all(
        txn,
        "SELECT * FROM passport_waitlist WHERE office_code = $1 AND status = 'waiting' AND category = $2
         AND date_from <= $3 AND date_to >= $3 ORDER BY created_at, id LIMIT 5",
        [Value::from(slot.office_code.clone()), Value::from(slot.category.as_str()), Value::from(date)],
    )
    .await?;
    for row in candidates {
        let entry = WaitlistEntry::from_row(&row)?;
        let birth: String = db::col(&row, "birth_date")?;
        let sex: String = db::col(&row, "sex")?;
        let passport: String = db::col(&row, "passport_type")?;
        let service: String = db::col(&row, "service")?;
        let nik_index: String = db::col(&row, "nik_index")?;
        let (Ok(birth_date), Ok(sex), Ok(passport_type), Ok(service)) = (
            birth.parse::<Date>(),
            sex.parse(),
            passport.parse(),
            service.parse(),
        ) else {
            continue;
        };
        let req = BookingRequest {
            account_id: Some(entry.account_id.clone()),
            slot_id: slot.id.clone(),
            applicant: Applicant {
                nik_index,
                nik_masked: entry.nik_masked.clone(),
                full_name: entry.full_name.clone(),
                birth_date,
                sex,
            },
            passport_type,
            service,
            channel: "waitlist",
            waitlist_id: Some(entry.id.clone()),
        };
        match offer(txn, &req, settings, now).await {
            Ok(code) => {
                let account = accounts::find_by_id(txn, &entry.account_id).await?;
                if let Some(account) = account {
                    outbox::enqueue(
                        txn,
                        outbox::Message {
                            channel: "email",
                            recipient: &account.email,
                            template: "passport.waitlist_offer",
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
    let sp = sea_orm::TransactionTrait::begin(txn).await?;
    let (booking, _) = bookings::book_in(&sp, req, settings, Origin::SYSTEM, now).await?;
    db::exec(
        &sp,
        "UPDATE passport_waitlist SET status = 'offered', booking_id = $1, updated_at = $2 WHERE id = $3",
        [
            Value::from(booking.id.clone()),
            Value::from(db::millis(now)),
            Value::from(req.waitlist_id.clone()),
        ],
    )
    .await?;
    sp.commit().await?;
    Ok(booking.code)
}

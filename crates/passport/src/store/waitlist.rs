//! SQL of the waitlist: people waiting for an office and a date range. The
//! flows (join, leave, offering a returned place) are in `app::waitlist`.

use imigrasi_platform::db;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::bookings::{self, Applicant, BookingRequest};
use super::slots::Slot;
use crate::domain::{Category, PassportType, Purpose, ServiceKind};

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

/// Insert a waiting entry (the caller audits and commits). Returns its id.
pub async fn insert(
    c: &impl ConnectionTrait,
    req: &JoinRequest,
    now: Timestamp,
) -> Result<String, JoinError> {
    let nik_index = req.applicant.nik_index.clone();
    if bookings::nik_is_active(c, &nik_index).await? {
        return Err(JoinError::AlreadyBooked);
    }
    let id = uuid::Uuid::now_v7().to_string();
    let a = &req.applicant;
    let res = db::exec(
        c,
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
        Ok(_) => Ok(id),
        Err(e) if db::is_unique_violation(&e) => Err(JoinError::AlreadyBooked),
        Err(e) => Err(e.into()),
    }
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

/// Stop waiting. Returns whether the entry was waiting.
pub async fn mark_left(c: &impl ConnectionTrait, id: &str, now: Timestamp) -> Result<bool, DbErr> {
    let n = db::exec(
        c,
        "UPDATE passport_waitlist SET status = 'cancelled', updated_at = $1 WHERE id = $2 AND status = 'waiting'",
        [Value::from(db::millis(now)), Value::from(id)],
    )
    .await?;
    Ok(n == 1)
}

/// The first people waiting whose range and category fit `slot`, each
/// with the booking request that would give them the place.
pub async fn candidates(
    c: &impl ConnectionTrait,
    slot: &Slot,
) -> Result<Vec<(WaitlistEntry, BookingRequest)>, DbErr> {
    let date = slot.date.to_string();
    let rows = db::all(
        c,
        "SELECT * FROM passport_waitlist WHERE office_code = $1 AND status = 'waiting' AND category = $2
         AND date_from <= $3 AND date_to >= $3 ORDER BY created_at, id LIMIT 5",
        [Value::from(slot.office_code.clone()), Value::from(slot.category.as_str()), Value::from(date)],
    )
    .await?;
    let mut out = Vec::new();
    for row in rows {
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
            validity_years: 5,
            purpose: Purpose::Other,
            married: false,
            channel: "waitlist",
            waitlist_id: Some(entry.id.clone()),
        };
        out.push((entry, req));
    }
    Ok(out)
}

/// Mark an entry offered, with the booking holding its place.
pub async fn mark_offered(
    c: &impl ConnectionTrait,
    waitlist_id: &str,
    booking_id: &str,
    now: Timestamp,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "UPDATE passport_waitlist SET status = 'offered', booking_id = $1, updated_at = $2 WHERE id = $3",
        [Value::from(booking_id), Value::from(db::millis(now)), Value::from(waitlist_id)],
    )
    .await?;
    Ok(())
}

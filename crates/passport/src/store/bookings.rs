//! Bookings: book, read, and settle payments. Status changes go through
//! [`status::transition`]; cancel, reschedule and expiry (which hand places
//! to the waitlist) live in `store::changes`.

use imigrasi_core::{Nik, OfficeZone, PersonName, Sex};
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::{accounts, audit, offices, outbox, pii};
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

use super::Origin;
use super::slots::{self, Slot};
use crate::domain::{
    self, BookingStatus, Ineligible, NotBookable, PassportType, Purpose, ServiceKind,
};

pub mod examination;
mod group;
mod insert;
mod settle;
pub mod status;

pub use group::{GroupItem, Outcome, book_all};
pub(crate) use insert::{NewRow, insert_held, insert_row};
pub use settle::BookingSettler;

/// The person an appointment is for. The NIK itself is not kept: only its
/// keyed blind index (for the one-active-booking rule) and a masked form.
#[derive(Debug, Clone)]
pub struct Applicant {
    /// Blind index of the NIK.
    pub nik_index: String,
    /// NIK, masked for display.
    pub nik_masked: String,
    /// Full name.
    pub full_name: String,
    /// Declared birth date.
    pub birth_date: Date,
    /// Declared sex.
    pub sex: Sex,
}

/// Settings that shape bookings (from configuration).
#[derive(Debug, Clone)]
pub struct BookingSettings {
    /// Minutes a new booking is held awaiting payment.
    pub hold_minutes: u32,
    /// Active bookings one account may hold.
    pub max_active_per_account: u32,
    /// Key of the NIK blind index.
    pub data_key: Vec<u8>,
}

impl BookingSettings {
    /// The blind index of a NIK.
    pub fn nik_index(&self, nik: &Nik) -> String {
        pii::blind_index(&self.data_key, "nik", nik.as_str())
    }

    /// An applicant from a NIK already checked against birth date and sex.
    pub fn applicant(
        &self,
        nik: &Nik,
        full_name: &PersonName,
        birth_date: Date,
        sex: Sex,
    ) -> Applicant {
        Applicant {
            nik_index: self.nik_index(nik),
            nik_masked: nik.masked(),
            full_name: full_name.as_str().to_owned(),
            birth_date,
            sex,
        }
    }
}

/// A request to book.
#[derive(Debug, Clone)]
pub struct BookingRequest {
    /// The booking account (none for channels without an account).
    pub account_id: Option<String>,
    /// The slot.
    pub slot_id: String,
    /// The applicant.
    pub applicant: Applicant,
    /// Passport type.
    pub passport_type: PassportType,
    /// New passport, renewal, replacement or data change.
    pub service: ServiceKind,
    /// Years of validity (5 or 10).
    pub validity_years: u8,
    /// Purpose of travel.
    pub purpose: Purpose,
    /// Whether the applicant is married (the 10-year rule).
    pub married: bool,
    /// `api`, `web`, `whatsapp`, `waitlist`.
    pub channel: &'static str,
    /// The waitlist entry this booking fulfils.
    pub waitlist_id: Option<String>,
}

/// A stored booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    /// Internal id.
    pub id: String,
    /// Public booking code.
    pub code: String,
    /// Owner.
    pub account_id: Option<String>,
    /// Office.
    pub office_code: String,
    /// Slot.
    pub slot_id: String,
    /// Status.
    pub status: BookingStatus,
    /// NIK, masked.
    pub nik_masked: String,
    /// Applicant's name.
    pub full_name: String,
    /// Applicant's birth date.
    pub birth_date: String,
    /// Applicant's sex (`M`/`F`).
    pub sex: String,
    /// Passport type.
    pub passport_type: String,
    /// Service kind.
    pub service: String,
    /// Years of validity.
    pub validity_years: u8,
    /// Purpose of travel.
    pub purpose: String,
    /// Declared married.
    pub married: bool,
    /// Billing code.
    pub billing_code: String,
    /// Fee, rupiah.
    pub amount: i64,
    /// Payment deadline (ms).
    pub payment_deadline: i64,
    /// Whether it was rescheduled already.
    pub rescheduled: bool,
    /// Channel it was made through.
    pub channel: String,
    /// Created (ms).
    pub created_at: i64,
}

impl Booking {
    fn from_row(r: &sea_orm::QueryResult) -> Result<Booking, DbErr> {
        let status: String = db::col(r, "status")?;
        Ok(Booking {
            id: db::col(r, "id")?,
            code: db::col(r, "code")?,
            account_id: db::col(r, "account_id")?,
            office_code: db::col(r, "office_code")?,
            slot_id: db::col(r, "slot_id")?,
            status: status
                .parse()
                .map_err(|_| DbErr::Custom(format!("bad booking status {status}")))?,
            nik_masked: db::col(r, "nik_masked")?,
            full_name: db::col(r, "full_name")?,
            birth_date: db::col(r, "birth_date")?,
            sex: db::col(r, "sex")?,
            passport_type: db::col(r, "passport_type")?,
            service: db::col(r, "service")?,
            validity_years: u8::try_from(db::col::<i32>(r, "validity_years")?).unwrap_or(5),
            purpose: db::col(r, "purpose")?,
            married: db::col(r, "married")?,
            billing_code: db::col(r, "billing_code")?,
            amount: db::col(r, "amount")?,
            payment_deadline: db::col(r, "payment_deadline")?,
            rescheduled: db::col(r, "rescheduled")?,
            channel: db::col(r, "channel")?,
            created_at: db::col(r, "created_at")?,
        })
    }
}

/// Why a booking could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// No such slot (or not at the office asked for).
    #[error("no such slot")]
    SlotNotFound,
    /// The slot cannot be booked now.
    #[error(transparent)]
    NotBookable(NotBookable),
    /// No place left.
    #[error("this session is full")]
    SlotFull,
    /// The NIK already has an active booking.
    #[error("this NIK already has an active booking")]
    AlreadyBooked,
    /// The account holds the maximum of active bookings.
    #[error("an account may hold at most {0} active bookings")]
    BookingLimit(u32),
    /// Not bookable online for this applicant, service or product.
    #[error(transparent)]
    Ineligible(Ineligible),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

pub(crate) async fn office_zone(
    c: &impl ConnectionTrait,
    office: &str,
) -> Result<OfficeZone, DbErr> {
    offices::find(c, office)
        .await?
        .and_then(|o| o.zone())
        .ok_or_else(|| DbErr::Custom(format!("office {office} has no valid time zone")))
}

pub(crate) async fn active_for_account(
    c: &impl ConnectionTrait,
    account_id: &str,
) -> Result<i64, DbErr> {
    let row = db::one(
        c,
        &format!(
            "SELECT COUNT(*) AS n FROM passport_bookings WHERE account_id = $1 AND status IN {}",
            status::active_sql()
        ),
        [Value::from(account_id)],
    )
    .await?;
    Ok(row
        .map(|r| db::col::<i64>(&r, "n"))
        .transpose()?
        .unwrap_or(0))
}

/// `BookingLimit` when the account holds its maximum of active bookings.
async fn check_account_limit(
    c: &impl ConnectionTrait,
    account_id: &str,
    settings: &BookingSettings,
) -> Result<(), BookError> {
    let max = settings.max_active_per_account;
    if active_for_account(c, account_id).await? >= i64::from(max) {
        return Err(BookError::BookingLimit(max));
    }
    Ok(())
}

/// Whether the NIK (by its blind index) holds an active booking.
pub async fn nik_is_active(c: &impl ConnectionTrait, nik_index: &str) -> Result<bool, DbErr> {
    Ok(db::one(
        c,
        &format!(
            "SELECT id FROM passport_bookings WHERE nik_index = $1 AND status IN {}",
            status::active_sql()
        ),
        [Value::from(nik_index)],
    )
    .await?
    .is_some())
}

/// Refuse what cannot be booked online (`domain::product::check`) and a
/// passport type the slot's office does not issue; nothing is written.
async fn check_eligible(
    c: &impl ConnectionTrait,
    req: &BookingRequest,
    slot: &Slot,
    zone: &jiff::tz::TimeZone,
    now: Timestamp,
) -> Result<(), BookError> {
    check_product(req, slot, zone, now)?;
    let offered = super::products::office_types(c, &slot.office_code).await?;
    if !offered.contains(&req.passport_type)
        || super::products::product_fee(c, req.passport_type, req.validity_years)
            .await?
            .is_none()
    {
        return Err(BookError::Ineligible(Ineligible::ProductNotOffered));
    }
    Ok(())
}

/// The product rules of `domain::product::check` for `req` on `slot`.
pub(crate) fn check_product(
    req: &BookingRequest,
    slot: &Slot,
    zone: &jiff::tz::TimeZone,
    now: Timestamp,
) -> Result<(), BookError> {
    domain::product::check(&domain::product::Request {
        birth_date: req.applicant.birth_date,
        married: req.married,
        validity_years: req.validity_years,
        service: req.service,
        category: slot.category,
        appointment: slot.date,
        today: domain::office_date(zone, now),
    })
    .map_err(BookError::Ineligible)
}

/// Book inside an open write transaction (the caller commits).
pub async fn book_in(
    txn: &DatabaseTransaction,
    req: &BookingRequest,
    settings: &BookingSettings,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<(Booking, Slot), BookError> {
    let slot = slots::bookable_slot(txn, &req.slot_id)
        .await?
        .ok_or(BookError::SlotNotFound)?;
    let zone = office_zone(txn, &slot.office_code).await?;
    let window = slots::booking_window(txn, &slot.office_code).await?;
    domain::bookable(
        &window,
        &zone.time_zone(),
        now,
        slot.date,
        slot.start,
        slot.end,
        db::from_millis(slot.release_at),
    )
    .map_err(BookError::NotBookable)?;
    check_eligible(txn, req, &slot, &zone.time_zone(), now).await?;
    // A shortcut only (no lock): an account already at its limit is refused
    // before it touches the slot's counter.
    if let Some(account) = &req.account_id {
        check_account_limit(txn, account, settings).await?;
    }
    let nik_index = req.applicant.nik_index.clone();
    if nik_is_active(txn, &nik_index).await? {
        return Err(BookError::AlreadyBooked);
    }
    if !slots::take_place(txn, &slot.id).await? {
        super::sold_out::mark_full(&slot.id);
        return Err(BookError::SlotFull);
    }
    // The decision: under the account's row lock, held to commit, so that
    // parallel bookings of one account are counted one after the other.
    // Taken after the slot's counter (the order a returned place offered to
    // the waitlist takes them too), so the surge path is not slowed.
    if let Some(account) = &req.account_id {
        accounts::lock_for_update(txn, account).await?;
        check_account_limit(txn, account, settings).await?;
    }
    let (_, code, amount) = insert_held(txn, req, &slot, settings.hold_minutes, now).await?;
    if req.waitlist_id.is_none() {
        // Booked directly: the same person stops waiting (one NIK, one place).
        db::exec(
            txn,
            "UPDATE passport_waitlist SET status = 'fulfilled', updated_at = $1
             WHERE nik_index = $2 AND status = 'waiting'",
            [
                Value::from(db::millis(now)),
                Value::from(req.applicant.nik_index.clone()),
            ],
        )
        .await?;
    }
    audit::append(
        txn,
        audit::Entry {
            actor: origin.actor,
            action: "booking.create",
            object_type: "booking",
            object_id: &code,
            office: Some(&slot.office_code),
            request_id: Some(origin.request_id),
            detail: serde_json::json!({"slot": slot.id, "channel": req.channel, "amount": amount}),
        },
    )
    .await?;
    let booking = find_by_code(txn, &code)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("booking just inserted".into()))?;
    notify_owner(txn, &booking, crate::notices::BOOKING_HELD).await?;
    let slot = slots::slot(txn, &slot.id).await?.unwrap_or(slot);
    Ok((booking, slot))
}

/// Answer `SlotFull`, or `NotReleased`, without a write transaction when
/// the slot is known (from this process's memory, `sold_out`) or seen to be
/// full or not yet released. Only a shortcut: [`book_in`] still checks
/// both, and the conditional update of the counter decides every booking.
pub async fn precheck_full(database: &Db, slot_id: &str) -> Result<(), BookError> {
    precheck_known(slot_id)?;
    let now = Timestamp::now().as_millisecond();
    if let Some(slot) = slots::slot(database, slot_id).await? {
        if now < slot.release_at {
            super::sold_out::mark_unreleased(slot_id, slot.release_at);
            return Err(not_released(slot.release_at));
        }
        if slot.remaining() <= 0 {
            super::sold_out::mark_full(slot_id);
            return Err(BookError::SlotFull);
        }
    }
    Ok(())
}

fn not_released(at: i64) -> BookError {
    BookError::NotBookable(NotBookable::NotReleased {
        opens_at: db::from_millis(at),
    })
}

/// Answer `SlotFull`, or `NotReleased`, from this process's memory alone
/// (`sold_out`): the grouped engine's shortcut, whose groups read the
/// session anyway and teach the memory what they find.
pub fn precheck_known(slot_id: &str) -> Result<(), BookError> {
    if let Some(at) = super::sold_out::opens_at(slot_id, Timestamp::now().as_millisecond()) {
        return Err(not_released(at));
    }
    if super::sold_out::is_full(slot_id) {
        return Err(BookError::SlotFull);
    }
    Ok(())
}

/// Book in a transaction of its own.
pub async fn book(
    database: &Db,
    req: &BookingRequest,
    settings: &BookingSettings,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<(Booking, Slot), BookError> {
    precheck_full(database, &req.slot_id).await?;
    let txn = db::begin_write(database).await?;
    let out = book_in(&txn, req, settings, origin, now).await?;
    txn.commit().await?;
    Ok(out)
}

/// Queue a notification to the booking's owner (e-mail of the account).
pub(crate) async fn notify_owner(
    c: &impl ConnectionTrait,
    booking: &Booking,
    template: &str,
) -> Result<(), DbErr> {
    let Some(account_id) = &booking.account_id else {
        return Ok(());
    };
    let Some(account) = accounts::find_by_id(c, account_id).await? else {
        return Ok(());
    };
    outbox::enqueue(c, owner_message(booking, &account.email, template)).await?;
    Ok(())
}

/// The e-mail telling a booking's owner (at `email`) of it.
pub(crate) fn owner_message<'a>(
    booking: &Booking,
    email: &'a str,
    template: &'a str,
) -> outbox::Message<'a> {
    outbox::Message {
        channel: "email",
        recipient: email,
        template,
        lang: Lang::Id,
        payload: serde_json::json!({
            "code": booking.code,
            "status": booking.status.as_str(),
            "office": booking.office_code,
            "billing_code": booking.billing_code,
            "amount": booking.amount,
            "payment_deadline": db::from_millis(booking.payment_deadline).to_string(),
        }),
    }
}

/// A booking by its public code.
pub async fn find_by_code(c: &impl ConnectionTrait, code: &str) -> Result<Option<Booking>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM passport_bookings WHERE code = $1",
        [Value::from(code)],
        Booking::from_row,
    )
    .await
}

/// A booking by its internal id.
pub async fn find_by_id(c: &impl ConnectionTrait, id: &str) -> Result<Option<Booking>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM passport_bookings WHERE id = $1",
        [Value::from(id)],
        Booking::from_row,
    )
    .await
}

/// An account's bookings, newest first.
pub async fn list_for_account(
    c: &impl ConnectionTrait,
    account_id: &str,
) -> Result<Vec<Booking>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM passport_bookings WHERE account_id = $1 ORDER BY created_at DESC, id DESC",
        [Value::from(account_id)],
        Booking::from_row,
    )
    .await
}

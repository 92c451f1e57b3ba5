//! Writing a booking's row: the one INSERT, and a held booking (fee, bill
//! and row) whose place is already taken.

use imigrasi_platform::{billing, db};
use jiff::Timestamp;
use sea_orm::{DatabaseTransaction, Value};

use super::{BookError, BookingRequest};
use crate::domain::{self, BookingCode, BookingStatus};
use crate::store::slots::Slot;

/// A booking row to insert.
pub(crate) struct NewRow<'a> {
    /// Internal id.
    pub id: &'a str,
    /// Public code.
    pub code: &'a str,
    /// What was asked for (its slot is the booking's).
    pub req: &'a BookingRequest,
    /// The slot's office.
    pub office_code: &'a str,
    /// The first status.
    pub status: BookingStatus,
    /// The bill's code (empty until billed).
    pub billing_code: &'a str,
    /// Fee, rupiah (0 until billed).
    pub amount: i64,
    /// Pay before this (none until billed).
    pub deadline: Option<Timestamp>,
}

/// Insert a booking row; the NIK's active booking is refused by the
/// database's partial unique index (`AlreadyBooked`).
pub(crate) async fn insert_row(
    txn: &DatabaseTransaction,
    row: &NewRow<'_>,
    now: Timestamp,
) -> Result<(), BookError> {
    let req = row.req;
    let a = &req.applicant;
    let inserted = db::exec(
        txn,
        "INSERT INTO passport_bookings (id, code, account_id, office_code, slot_id, status, nik_index,
            nik_masked, full_name, birth_date, sex, passport_type, service, billing_code, amount,
            payment_deadline, rescheduled, channel, waitlist_id, created_at, updated_at,
            validity_years, purpose, married)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20,
            $21, $22, $23)",
        [
            Value::from(row.id),
            Value::from(row.code),
            Value::from(req.account_id.clone()),
            Value::from(row.office_code),
            Value::from(req.slot_id.clone()),
            Value::from(row.status.as_str()),
            Value::from(a.nik_index.clone()),
            Value::from(a.nik_masked.clone()),
            Value::from(a.full_name.trim().to_owned()),
            Value::from(a.birth_date.to_string()),
            Value::from(a.sex.as_str()),
            Value::from(req.passport_type.as_str()),
            Value::from(req.service.as_str()),
            Value::from(row.billing_code),
            Value::from(row.amount),
            Value::from(row.deadline.map_or(0, db::millis)),
            Value::from(false),
            Value::from(req.channel),
            Value::from(req.waitlist_id.clone()),
            Value::from(db::millis(now)),
            Value::from(i32::from(req.validity_years)),
            Value::from(req.purpose.as_str()),
            Value::from(req.married),
        ],
    )
    .await;
    match inserted {
        Ok(_) => Ok(()),
        Err(e) if db::is_unique_violation(&e) => Err(BookError::AlreadyBooked),
        Err(e) => Err(e.into()),
    }
}

/// Write a booking awaiting payment for `req` on `slot`, whose place is
/// already taken: its fee (product + surcharge + same-day), bill and row.
/// Returns its id, code and amount.
pub(crate) async fn insert_held(
    txn: &DatabaseTransaction,
    req: &BookingRequest,
    slot: &Slot,
    hold_minutes: u32,
    now: Timestamp,
) -> Result<(String, String, i64), BookError> {
    let id = uuid::Uuid::now_v7().to_string();
    let code = BookingCode::generate(&mut rand::rng()).to_string();
    let amount = crate::store::products::fee_items(
        txn,
        req.passport_type,
        req.validity_years,
        req.service,
        slot.category,
    )
    .await?
    .total();
    let deadline = domain::payment_deadline(now, hold_minutes);
    let bill = billing::create(
        txn,
        "passport",
        &id,
        req.account_id.as_deref(),
        amount,
        deadline,
    )
    .await?;
    insert_row(
        txn,
        &NewRow {
            id: &id,
            code: &code,
            req,
            office_code: &slot.office_code,
            status: BookingStatus::AwaitingPayment,
            billing_code: &bill.billing_code,
            amount,
            deadline: Some(deadline),
        },
        now,
    )
    .await?;
    Ok((id, code, amount))
}

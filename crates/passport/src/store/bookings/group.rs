//! Booking a group of requests in one transaction with set-based
//! statements: the `grouped` engine's writer (`app::engine`) hands each
//! group here.
//!
//! The statements do not grow with the group: one read (and row lock) of
//! the group's sessions, one of its accounts (with their e-mail), one count
//! of their active bookings, one look-up of the NIKs, then one conditional
//! counter update per session, one `INSERT` each for the bills, bookings,
//! audit rows (one head update per office chain) and e-mails, and one
//! waitlist update. The decisions are the direct engine's, in the order the
//! requests arrived, and the database still enforces them: the counter's
//! update refuses to pass the capacity, the partial unique index refuses a
//! second active booking of a NIK (made meanwhile by another process: that
//! request is then booked alone, see [`Outcome::Alone`]), and the accounts'
//! rows stay locked to commit.
//!
//! Lock order, as in `app`: sessions (by id), then accounts (by id), then
//! the audit chains (by name).

use std::collections::{BTreeSet, HashMap, HashSet};

use imigrasi_core::OfficeZone;
use imigrasi_platform::{audit, billing, db, outbox};
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, Value};

use super::{BookError, Booking, BookingRequest, BookingSettings, Origin};
use crate::domain::{
    self, BookingCode, BookingStatus, BookingWindow, Category, Ineligible, PassportType,
    ServiceKind,
};
use crate::store::products;
use crate::store::slots::{self, Slot, WALK_IN_SOURCE};

/// One request of a group.
#[derive(Debug, Clone, Copy)]
pub struct GroupItem<'a> {
    /// What is asked for.
    pub req: &'a BookingRequest,
    /// Who asks, for the audit row.
    pub origin: Origin<'a>,
}

/// What became of one request of a group.
#[derive(Debug)]
pub enum Outcome {
    /// Booked (awaiting payment), with its session after the group and the
    /// office's zone.
    Booked(Box<(Booking, Slot, OfficeZone)>),
    /// Refused, as the direct engine would have refused it.
    Refused(BookError),
    /// The database refused its row (its NIK was booked meanwhile by
    /// another process): nothing of it was written; book it alone.
    Alone,
}

struct OfficeFacts {
    zone: OfficeZone,
    window: BookingWindow,
    offered: Vec<PassportType>,
}

type FeeKey = (PassportType, u8, ServiceKind, Category);

fn in_list(c: &impl ConnectionTrait, values: &[&str], first: usize) -> (String, Vec<Value>) {
    (
        db::list_placeholders(c, values.len(), first),
        values.iter().map(|v| Value::from(*v)).collect(),
    )
}

fn for_update(c: &impl ConnectionTrait, mode: &str) -> String {
    if c.get_database_backend() == DbBackend::Postgres {
        format!(" FOR {mode}")
    } else {
        String::new()
    }
}

async fn lock_slots(
    txn: &DatabaseTransaction,
    ids: &[&str],
) -> Result<HashMap<String, Slot>, DbErr> {
    let (list, values) = in_list(txn, ids, 1);
    let sql = format!(
        "SELECT * FROM passport_slots WHERE id IN ({list}) ORDER BY id{}",
        for_update(txn, "UPDATE")
    );
    let rows = db::all_as(txn, &sql, values, Slot::from_row).await?;
    Ok(rows.into_iter().map(|s| (s.id.clone(), s)).collect())
}

/// Lock the accounts (by id) and read their e-mail.
async fn lock_accounts(
    txn: &DatabaseTransaction,
    ids: &[&str],
) -> Result<HashMap<String, String>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let (list, values) = in_list(txn, ids, 1);
    let sql = format!(
        "SELECT id, email FROM accounts WHERE id IN ({list}) ORDER BY id{}",
        for_update(txn, "NO KEY UPDATE")
    );
    let rows = db::all(txn, &sql, values).await?;
    rows.iter()
        .map(|r| Ok((db::col(r, "id")?, db::col(r, "email")?)))
        .collect()
}

async fn active_per_account(
    txn: &DatabaseTransaction,
    ids: &[&str],
) -> Result<HashMap<String, i64>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let (list, values) = in_list(txn, ids, 1);
    let sql = format!(
        "SELECT account_id, COUNT(*) AS n FROM passport_bookings
         WHERE account_id IN ({list}) AND status IN {} GROUP BY account_id",
        super::status::active_sql()
    );
    let rows = db::all(txn, &sql, values).await?;
    rows.iter()
        .map(|r| Ok((db::col(r, "account_id")?, db::col(r, "n")?)))
        .collect()
}

async fn active_niks(txn: &DatabaseTransaction, niks: &[&str]) -> Result<HashSet<String>, DbErr> {
    if niks.is_empty() {
        return Ok(HashSet::new());
    }
    let (list, values) = in_list(txn, niks, 1);
    let sql = format!(
        "SELECT nik_index FROM passport_bookings WHERE nik_index IN ({list}) AND status IN {}",
        super::status::active_sql()
    );
    let rows = db::all(txn, &sql, values).await?;
    rows.iter().map(|r| db::col(r, "nik_index")).collect()
}

async fn office_facts(
    txn: &DatabaseTransaction,
    slots: &HashMap<String, Slot>,
) -> Result<HashMap<String, OfficeFacts>, DbErr> {
    let offices: BTreeSet<&str> = slots.values().map(|s| s.office_code.as_str()).collect();
    let mut facts = HashMap::new();
    for office in offices {
        facts.insert(
            office.to_owned(),
            OfficeFacts {
                zone: super::office_zone(txn, office).await?,
                window: slots::booking_window(txn, office).await?,
                offered: products::office_types(txn, office).await?,
            },
        );
    }
    Ok(facts)
}

/// The checks of `book_in` that read no booking: the session, the booking
/// window, the product rules and what the office offers.
async fn check(
    txn: &DatabaseTransaction,
    req: &BookingRequest,
    slots: &HashMap<String, Slot>,
    offices: &HashMap<String, OfficeFacts>,
    products_offered: &mut HashMap<(PassportType, u8), bool>,
    now: Timestamp,
) -> Result<(), BookError> {
    let slot = slots
        .get(&req.slot_id)
        .filter(|s| s.source != WALK_IN_SOURCE)
        .ok_or(BookError::SlotNotFound)?;
    let facts = offices
        .get(&slot.office_code)
        .ok_or_else(|| DbErr::Custom(format!("office {} not read", slot.office_code)))?;
    let tz = facts.zone.time_zone();
    domain::bookable(
        &facts.window,
        &tz,
        now,
        slot.date,
        slot.start,
        slot.end,
        db::from_millis(slot.release_at),
    )
    .map_err(|e| {
        if let domain::NotBookable::NotReleased { .. } = e {
            crate::store::sold_out::mark_unreleased(&slot.id, slot.release_at);
        }
        BookError::NotBookable(e)
    })?;
    super::check_product(req, slot, &tz, now)?;
    let key = (req.passport_type, req.validity_years);
    let exists = match products_offered.get(&key) {
        Some(known) => *known,
        None => {
            let known = products::product_fee(txn, key.0, key.1).await?.is_some();
            products_offered.insert(key, known);
            known
        }
    };
    if !facts.offered.contains(&req.passport_type) || !exists {
        return Err(BookError::Ineligible(Ineligible::ProductNotOffered));
    }
    Ok(())
}

/// An accepted request, before its rows are written.
struct Accepted {
    index: usize,
    id: String,
    code: String,
    amount: i64,
}

/// Decide and write a group of requests inside `txn` (the caller commits).
/// Returns one outcome per item, in order. An `Err` means the group as a
/// whole could not be written (the caller rolls back and books each
/// request alone).
pub async fn book_all(
    txn: &DatabaseTransaction,
    items: &[GroupItem<'_>],
    settings: &BookingSettings,
    now: Timestamp,
) -> Result<Vec<Outcome>, DbErr> {
    let mut outcomes: Vec<Option<Outcome>> = items.iter().map(|_| None).collect();
    let slot_ids: BTreeSet<&str> = items.iter().map(|i| i.req.slot_id.as_str()).collect();
    let slot_ids: Vec<&str> = slot_ids.into_iter().collect();
    let mut slots = lock_slots(txn, &slot_ids).await?;
    let offices = office_facts(txn, &slots).await?;

    let mut offered = HashMap::new();
    let mut candidates = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match check(txn, item.req, &slots, &offices, &mut offered, now).await {
            Ok(()) => candidates.push(i),
            Err(BookError::Db(e)) => return Err(e),
            Err(e) => outcomes[i] = Some(Outcome::Refused(e)),
        }
    }

    let account_ids: BTreeSet<&str> = candidates
        .iter()
        .filter_map(|&i| items[i].req.account_id.as_deref())
        .collect();
    let account_ids: Vec<&str> = account_ids.into_iter().collect();
    let emails = lock_accounts(txn, &account_ids).await?;
    let mut held = active_per_account(txn, &account_ids).await?;
    let niks: Vec<&str> = candidates
        .iter()
        .map(|&i| items[i].req.applicant.nik_index.as_str())
        .collect();
    let mut busy = active_niks(txn, &niks).await?;

    // The decisions, in arrival order, as `book_in` makes them.
    let max = settings.max_active_per_account;
    let mut taken: HashMap<&str, i64> = HashMap::new();
    let mut fees: HashMap<FeeKey, i64> = HashMap::new();
    let mut accepted = Vec::new();
    for &i in &candidates {
        let req = items[i].req;
        let slot = &slots[&req.slot_id];
        let refusal = if req
            .account_id
            .as_ref()
            .is_some_and(|a| held.get(a).copied().unwrap_or(0) >= i64::from(max))
        {
            Some(BookError::BookingLimit(max))
        } else if busy.contains(&req.applicant.nik_index) {
            Some(BookError::AlreadyBooked)
        } else if slot.remaining() - taken.get(slot.id.as_str()).copied().unwrap_or(0) <= 0 {
            crate::store::sold_out::mark_full(&slot.id);
            Some(BookError::SlotFull)
        } else {
            None
        };
        if let Some(e) = refusal {
            outcomes[i] = Some(Outcome::Refused(e));
            continue;
        }
        *taken.entry(req.slot_id.as_str()).or_default() += 1;
        if let Some(a) = &req.account_id {
            *held.entry(a.clone()).or_default() += 1;
        }
        busy.insert(req.applicant.nik_index.clone());
        let key = (
            req.passport_type,
            req.validity_years,
            req.service,
            slot.category,
        );
        let amount = match fees.get(&key) {
            Some(a) => *a,
            None => {
                let a = products::fee_items(txn, key.0, key.1, key.2, key.3)
                    .await?
                    .total();
                fees.insert(key, a);
                a
            }
        };
        accepted.push(Accepted {
            index: i,
            id: uuid::Uuid::now_v7().to_string(),
            code: BookingCode::generate(&mut rand::rng()).to_string(),
            amount,
        });
    }

    // The writes: counters, bills, bookings.
    for (slot_id, k) in &taken {
        let changed = db::exec(
            txn,
            "UPDATE passport_slots SET booked = booked + $1 WHERE id = $2 AND booked + $1 <= capacity",
            [Value::from(*k), Value::from(*slot_id)],
        )
        .await?;
        if changed != 1 {
            return Err(DbErr::Custom(format!(
                "session {slot_id} changed under its lock"
            )));
        }
    }
    let deadline = domain::payment_deadline(now, settings.hold_minutes);
    let new_bills: Vec<billing::NewBill<'_>> = accepted
        .iter()
        .map(|a| billing::NewBill {
            object_id: &a.id,
            account_id: items[a.index].req.account_id.as_deref(),
            amount: a.amount,
            expires_at: deadline,
        })
        .collect();
    let bills = billing::create_many(txn, "passport", &new_bills).await?;
    let inserted = insert_rows(txn, items, &slots, &accepted, &bills, deadline, now).await?;

    // Rows the database refused: give their places and bills back.
    let mut returned: HashMap<&str, i64> = HashMap::new();
    let mut dropped_bills = Vec::new();
    for (a, bill) in accepted.iter().zip(&bills) {
        if !inserted.contains(&a.id) {
            *returned
                .entry(items[a.index].req.slot_id.as_str())
                .or_default() += 1;
            dropped_bills.push(bill.billing_code.as_str());
            outcomes[a.index] = Some(Outcome::Alone);
        }
    }
    if !dropped_bills.is_empty() {
        let (list, values) = in_list(txn, &dropped_bills, 1);
        db::exec(
            txn,
            &format!("DELETE FROM bills WHERE billing_code IN ({list})"),
            values,
        )
        .await?;
        for (slot_id, k) in &returned {
            db::exec(
                txn,
                "UPDATE passport_slots SET booked = booked - $1 WHERE id = $2",
                [Value::from(*k), Value::from(*slot_id)],
            )
            .await?;
        }
    }
    for (slot_id, k) in &taken {
        if let Some(slot) = slots.get_mut(*slot_id) {
            slot.booked += k - returned.get(slot_id).copied().unwrap_or(0);
        }
    }

    let booked: Vec<(usize, Booking)> = accepted
        .iter()
        .zip(&bills)
        .filter(|(a, _)| inserted.contains(&a.id))
        .map(|(a, bill)| {
            let req = items[a.index].req;
            (a.index, held_booking(req, a, bill, &slots, deadline, now))
        })
        .collect();
    follow_up(txn, items, &booked, &emails, now).await?;
    for (i, booking) in booked {
        let slot = slots[&booking.slot_id].clone();
        let zone = offices[&slot.office_code].zone;
        outcomes[i] = Some(Outcome::Booked(Box::new((booking, slot, zone))));
    }
    outcomes
        .into_iter()
        .map(|o| o.ok_or_else(|| DbErr::Custom("a request of the group was not decided".into())))
        .collect()
}

/// The waitlist, audit and e-mail rows of the bookings just written.
async fn follow_up(
    txn: &DatabaseTransaction,
    items: &[GroupItem<'_>],
    booked: &[(usize, Booking)],
    emails: &HashMap<String, String>,
    now: Timestamp,
) -> Result<(), DbErr> {
    if booked.is_empty() {
        return Ok(());
    }
    // Booked directly: the same people stop waiting (one NIK, one place).
    let niks: Vec<&str> = booked
        .iter()
        .map(|(i, _)| items[*i].req.applicant.nik_index.as_str())
        .collect();
    let (list, mut values) = in_list(txn, &niks, 2);
    values.insert(0, Value::from(db::millis(now)));
    db::exec(
        txn,
        &format!(
            "UPDATE passport_waitlist SET status = 'fulfilled', updated_at = $1
             WHERE status = 'waiting' AND nik_index IN ({list})"
        ),
        values,
    )
    .await?;
    let entries: Vec<audit::Entry<'_>> = booked
        .iter()
        .map(|(i, b)| audit::Entry {
            actor: items[*i].origin.actor,
            action: "booking.create",
            object_type: "booking",
            object_id: &b.code,
            office: Some(&b.office_code),
            request_id: Some(items[*i].origin.request_id),
            detail: serde_json::json!({"slot": b.slot_id, "channel": b.channel, "amount": b.amount}),
        })
        .collect();
    audit::append_many(txn, &entries).await?;
    let messages: Vec<outbox::Message<'_>> = booked
        .iter()
        .filter_map(|(_, b)| {
            let email = emails.get(b.account_id.as_ref()?)?;
            Some(super::owner_message(b, email, crate::notices::BOOKING_HELD))
        })
        .collect();
    outbox::enqueue_many(txn, &messages).await?;
    Ok(())
}

/// Insert the accepted bookings; a row the database refuses (a NIK booked
/// meanwhile) is skipped. Returns the ids written.
async fn insert_rows(
    txn: &DatabaseTransaction,
    items: &[GroupItem<'_>],
    slots: &HashMap<String, Slot>,
    accepted: &[Accepted],
    bills: &[billing::Bill],
    deadline: Timestamp,
    now: Timestamp,
) -> Result<HashSet<String>, DbErr> {
    const COLS: usize = 24;
    let mut written = HashSet::new();
    let pairs: Vec<(&Accepted, &billing::Bill)> = accepted.iter().zip(bills).collect();
    for chunk in pairs.chunks(500) {
        let mut values = Vec::with_capacity(chunk.len() * COLS);
        for (a, bill) in chunk {
            let req = items[a.index].req;
            let ap = &req.applicant;
            values.extend([
                Value::from(a.id.clone()),
                Value::from(a.code.clone()),
                Value::from(req.account_id.clone()),
                Value::from(slots[&req.slot_id].office_code.clone()),
                Value::from(req.slot_id.clone()),
                Value::from(BookingStatus::AwaitingPayment.as_str()),
                Value::from(ap.nik_index.clone()),
                Value::from(ap.nik_masked.clone()),
                Value::from(ap.full_name.trim().to_owned()),
                Value::from(ap.birth_date.to_string()),
                Value::from(ap.sex.as_str()),
                Value::from(req.passport_type.as_str()),
                Value::from(req.service.as_str()),
                Value::from(bill.billing_code.clone()),
                Value::from(a.amount),
                Value::from(db::millis(deadline)),
                Value::from(false),
                Value::from(req.channel),
                Value::from(req.waitlist_id.clone()),
                Value::from(db::millis(now)),
                Value::from(db::millis(now)),
                Value::from(i32::from(req.validity_years)),
                Value::from(req.purpose.as_str()),
                Value::from(req.married),
            ]);
        }
        let sql = format!(
            "INSERT INTO passport_bookings (id, code, account_id, office_code, slot_id, status, nik_index,
                nik_masked, full_name, birth_date, sex, passport_type, service, billing_code, amount,
                payment_deadline, rescheduled, channel, waitlist_id, created_at, updated_at,
                validity_years, purpose, married)
             VALUES {} ON CONFLICT DO NOTHING RETURNING id",
            db::row_placeholders(txn, chunk.len(), COLS, 1)
        );
        for row in db::all(txn, &sql, values).await? {
            written.insert(db::col::<String>(&row, "id")?);
        }
    }
    Ok(written)
}

fn held_booking(
    req: &BookingRequest,
    a: &Accepted,
    bill: &billing::Bill,
    slots: &HashMap<String, Slot>,
    deadline: Timestamp,
    now: Timestamp,
) -> Booking {
    let ap = &req.applicant;
    Booking {
        id: a.id.clone(),
        code: a.code.clone(),
        account_id: req.account_id.clone(),
        office_code: slots[&req.slot_id].office_code.clone(),
        slot_id: req.slot_id.clone(),
        status: BookingStatus::AwaitingPayment,
        nik_masked: ap.nik_masked.clone(),
        full_name: ap.full_name.trim().to_owned(),
        birth_date: ap.birth_date.to_string(),
        sex: ap.sex.as_str().to_owned(),
        passport_type: req.passport_type.as_str().to_owned(),
        service: req.service.as_str().to_owned(),
        validity_years: req.validity_years,
        purpose: req.purpose.as_str().to_owned(),
        married: req.married,
        billing_code: bill.billing_code.clone(),
        amount: a.amount,
        payment_deadline: db::millis(deadline),
        rescheduled: false,
        channel: req.channel.to_owned(),
        created_at: db::millis(now),
    }
}

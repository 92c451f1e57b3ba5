//! Lotteries: their sessions and held places, entries, and the draw's
//! writes. No HTTP types here; the draw itself is `domain::lottery`.
//!
//! A lottery holds the free places of its sessions from creation to the
//! draw (`booked` raised to `capacity`), so the race cannot take them; the
//! draw turns held places into winners' bookings and returns the rest.

use imigrasi_platform::db;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, TransactionTrait, Value};

use super::bookings::{Applicant, BookError, BookingRequest};
use super::slots::{self, Slot, WALK_IN_SOURCE};
use crate::domain::lottery::{LotteryEntry, LotterySlot};

/// A stored lottery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lottery {
    /// Id (public).
    pub id: String,
    /// Office.
    pub office_code: String,
    /// `open` or `drawn`.
    pub status: String,
    /// The seed, hex: secret until `drawn`.
    pub seed: String,
    /// SHA-256 of the seed, hex.
    pub commitment: String,
    /// SHA-256 of the published list, once drawn.
    pub entries_hash: Option<String>,
    /// Places in all.
    pub places: i64,
    /// Window opens (ms).
    pub opens_at: i64,
    /// Window closes (ms).
    pub closes_at: i64,
    /// Drawn (ms).
    pub drawn_at: Option<i64>,
}

impl Lottery {
    fn from_row(r: &sea_orm::QueryResult) -> Result<Lottery, DbErr> {
        Ok(Lottery {
            id: db::col(r, "id")?,
            office_code: db::col(r, "office_code")?,
            status: db::col(r, "status")?,
            seed: db::col(r, "seed")?,
            commitment: db::col(r, "commitment")?,
            entries_hash: db::col(r, "entries_hash")?,
            places: i64::from(db::col::<i32>(r, "places")?),
            opens_at: db::col(r, "opens_at")?,
            closes_at: db::col(r, "closes_at")?,
            drawn_at: db::col(r, "drawn_at")?,
        })
    }

    /// Whether the draw has run.
    pub fn is_drawn(&self) -> bool {
        self.status == "drawn"
    }
}

/// A stored entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Id (public, in the list).
    pub id: String,
    /// Lottery.
    pub lottery_id: String,
    /// Owner.
    pub account_id: Option<String>,
    /// NIK, masked.
    pub nik_masked: String,
    /// Name.
    pub full_name: String,
    /// Accepted dates, ascending.
    pub dates: Vec<Date>,
    /// `pending`, `won`, `not_drawn`, `not_booked`, `over_limit` (skipped
    /// by the draw: the account held its limit of active bookings; not in
    /// the published list).
    pub result: String,
    /// The winner's booking.
    pub booking_id: Option<String>,
    /// What the booking is made of.
    pub request: BookingRequest,
}

fn entry_from_row(r: &sea_orm::QueryResult) -> Result<Entry, DbErr> {
    let bad = |what: &str| DbErr::Custom(format!("bad lottery entry {what}"));
    let dates: String = db::col(r, "dates")?;
    let birth: String = db::col(r, "birth_date")?;
    let sex: String = db::col(r, "sex")?;
    let ptype: String = db::col(r, "passport_type")?;
    let service: String = db::col(r, "service")?;
    let purpose: String = db::col(r, "purpose")?;
    Ok(Entry {
        id: db::col(r, "id")?,
        lottery_id: db::col(r, "lottery_id")?,
        account_id: db::col(r, "account_id")?,
        nik_masked: db::col(r, "nik_masked")?,
        full_name: db::col(r, "full_name")?,
        dates: dates
            .split(',')
            .map(|d| d.parse().map_err(|_| bad("dates")))
            .collect::<Result<_, _>>()?,
        result: db::col(r, "result")?,
        booking_id: db::col(r, "booking_id")?,
        request: BookingRequest {
            account_id: db::col(r, "account_id")?,
            slot_id: String::new(),
            applicant: Applicant {
                nik_index: db::col(r, "nik_index")?,
                nik_masked: db::col(r, "nik_masked")?,
                full_name: db::col(r, "full_name")?,
                birth_date: birth.parse().map_err(|_| bad("birth date"))?,
                sex: sex.parse().map_err(|_| bad("sex"))?,
            },
            passport_type: ptype.parse().map_err(|_| bad("passport type"))?,
            service: service.parse().map_err(|_| bad("service"))?,
            validity_years: u8::try_from(db::col::<i32>(r, "validity_years")?).unwrap_or(5),
            purpose: purpose.parse().map_err(|_| bad("purpose"))?,
            married: db::col(r, "married")?,
            channel: "lottery",
            waitlist_id: None,
        },
    })
}

impl Entry {
    /// The entry as it appears in the published list.
    pub fn listed(&self) -> LotteryEntry {
        LotteryEntry {
            id: self.id.clone(),
            dates: self.dates.clone(),
        }
    }
}

/// Why a slot cannot be put in a lottery.
#[derive(Debug, thiserror::Error)]
pub enum HoldError {
    /// Unknown, a walk-in session, of another office, or starting before the window closes.
    #[error("slot {0} cannot be drawn for")]
    Unusable(String),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A lottery to create.
#[derive(Debug, Clone)]
pub struct NewLottery<'a> {
    /// Id.
    pub id: &'a str,
    /// Office.
    pub office_code: &'a str,
    /// Slot ids.
    pub slot_ids: &'a [String],
    /// Seed, hex.
    pub seed: &'a str,
    /// Its commitment.
    pub commitment: &'a str,
    /// Window opens.
    pub opens_at: Timestamp,
    /// Window closes.
    pub closes_at: Timestamp,
    /// Creator's account id.
    pub created_by: Option<&'a str>,
}

/// Create a lottery and hold the free places of its slots. Returns the places held.
pub async fn create(txn: &DatabaseTransaction, new: &NewLottery<'_>) -> Result<i64, HoldError> {
    let now = db::millis(Timestamp::now());
    let mut held = Vec::new();
    for id in new.slot_ids {
        let slot = slots::slot(txn, id)
            .await?
            .filter(|s: &Slot| {
                s.source != WALK_IN_SOURCE
                    && s.office_code == new.office_code
                    && s.starts_at > db::millis(new.closes_at)
            })
            .ok_or_else(|| HoldError::Unusable(id.clone()))?;
        if held.iter().any(|(s, _): &(Slot, i64)| s.id == slot.id) {
            continue;
        }
        // Conditional on the counter just read: a booking in between makes
        // the lottery ask again rather than hold a place already sold.
        let places = slot.remaining().max(0);
        let took = db::exec(
            txn,
            "UPDATE passport_slots SET booked = capacity WHERE id = $1 AND booked = $2",
            [Value::from(slot.id.clone()), Value::from(slot.booked)],
        )
        .await?;
        if took != 1 {
            return Err(HoldError::Unusable(slot.id));
        }
        super::sold_out::mark_full(&slot.id);
        held.push((slot, places));
    }
    let total: i64 = held.iter().map(|(_, p)| p).sum();
    db::exec(
        txn,
        "INSERT INTO passport_lotteries (id, office_code, status, seed, commitment, places,
            opens_at, closes_at, created_by, created_at, updated_at)
         VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $8, $9, $9)",
        [
            Value::from(new.id),
            Value::from(new.office_code),
            Value::from(new.seed),
            Value::from(new.commitment),
            Value::from(total),
            Value::from(db::millis(new.opens_at)),
            Value::from(db::millis(new.closes_at)),
            Value::from(new.created_by.map(str::to_owned)),
            Value::from(now),
        ],
    )
    .await?;
    for (slot, places) in &held {
        db::exec(
            txn,
            "INSERT INTO passport_lottery_slots (lottery_id, slot_id, date, places) VALUES ($1, $2, $3, $4)",
            [
                Value::from(new.id),
                Value::from(slot.id.clone()),
                Value::from(slot.date.to_string()),
                Value::from(*places),
            ],
        )
        .await?;
    }
    Ok(total)
}

/// A lottery by id.
pub async fn find(c: &impl ConnectionTrait, id: &str) -> Result<Option<Lottery>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM passport_lotteries WHERE id = $1",
        [Value::from(id)],
        Lottery::from_row,
    )
    .await
}

/// An office's lotteries, latest window first, and how many there are.
pub async fn list_for_office(
    c: &impl ConnectionTrait,
    office: &str,
    limit: u64,
    offset: u64,
) -> Result<(Vec<Lottery>, i64), DbErr> {
    let rows = db::all_as(
        c,
        "SELECT * FROM passport_lotteries WHERE office_code = $1
         ORDER BY closes_at DESC, id DESC LIMIT $2 OFFSET $3",
        [
            Value::from(office),
            Value::from(i64::try_from(limit).unwrap_or(i64::MAX)),
            Value::from(i64::try_from(offset).unwrap_or(i64::MAX)),
        ],
        Lottery::from_row,
    )
    .await?;
    let total = db::one(
        c,
        "SELECT COUNT(*) AS n FROM passport_lotteries WHERE office_code = $1",
        [Value::from(office)],
    )
    .await?
    .map(|r| db::col::<i64>(&r, "n"))
    .transpose()?
    .unwrap_or(0);
    Ok((rows, total))
}

/// Withdraw an account's entries from a lottery (before the draw: the
/// caller holds the open lottery's row, [`lock_open`]). Returns the ids.
pub async fn delete_entries_of_account(
    txn: &DatabaseTransaction,
    lottery_id: &str,
    account_id: &str,
) -> Result<Vec<String>, DbErr> {
    let ids: Vec<String> = entries_of_account(txn, lottery_id, account_id)
        .await?
        .into_iter()
        .filter(|e| e.result == "pending")
        .map(|e| e.id)
        .collect();
    for id in &ids {
        db::exec(
            txn,
            "DELETE FROM passport_lottery_entries WHERE id = $1 AND result = 'pending'",
            [Value::from(id.clone())],
        )
        .await?;
    }
    Ok(ids)
}

/// A lottery's sessions and places.
pub async fn slots_of(c: &impl ConnectionTrait, id: &str) -> Result<Vec<LotterySlot>, DbErr> {
    db::all_as(
        c,
        "SELECT slot_id, date, places FROM passport_lottery_slots WHERE lottery_id = $1
         ORDER BY date, slot_id",
        [Value::from(id)],
        |r| {
            let date: String = db::col(r, "date")?;
            Ok(LotterySlot {
                date: date
                    .parse()
                    .map_err(|_| DbErr::Custom("bad lottery slot date".into()))?,
                slot_id: db::col(r, "slot_id")?,
                places: u32::try_from(db::col::<i32>(r, "places")?).unwrap_or(0),
            })
        },
    )
    .await
}

/// A lottery's entries, by id.
pub async fn entries(c: &impl ConnectionTrait, id: &str) -> Result<Vec<Entry>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM passport_lottery_entries WHERE lottery_id = $1 ORDER BY id",
        [Value::from(id)],
        entry_from_row,
    )
    .await
}

/// How many entries a lottery has.
pub async fn count_entries(c: &impl ConnectionTrait, id: &str) -> Result<i64, DbErr> {
    let row = db::one(
        c,
        "SELECT COUNT(*) AS n FROM passport_lottery_entries WHERE lottery_id = $1",
        [Value::from(id)],
    )
    .await?;
    Ok(row
        .map(|r| db::col::<i64>(&r, "n"))
        .transpose()?
        .unwrap_or(0))
}

/// An account's entries still waiting for the draw of an open lottery
/// (they count against its limit of active bookings).
pub async fn open_entries_of_account(
    c: &impl ConnectionTrait,
    account_id: &str,
) -> Result<i64, DbErr> {
    let row = db::one(
        c,
        "SELECT COUNT(*) AS n FROM passport_lottery_entries e
         JOIN passport_lotteries l ON l.id = e.lottery_id
         WHERE e.account_id = $1 AND e.result = 'pending' AND l.status = 'open'",
        [Value::from(account_id)],
    )
    .await?;
    Ok(row
        .map(|r| db::col::<i64>(&r, "n"))
        .transpose()?
        .unwrap_or(0))
}

/// An account's entries, newest first.
pub async fn entries_of_account(
    c: &impl ConnectionTrait,
    lottery_id: &str,
    account_id: &str,
) -> Result<Vec<Entry>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM passport_lottery_entries WHERE lottery_id = $1 AND account_id = $2
         ORDER BY created_at DESC, id DESC",
        [Value::from(lottery_id), Value::from(account_id)],
        entry_from_row,
    )
    .await
}

/// Insert an entry; `Ok(false)` when the NIK already entered (unique index).
pub async fn insert_entry(
    txn: &DatabaseTransaction,
    id: &str,
    lottery_id: &str,
    req: &BookingRequest,
    dates: &[Date],
    now: Timestamp,
) -> Result<bool, DbErr> {
    let a = &req.applicant;
    let dates: Vec<String> = dates.iter().map(Date::to_string).collect();
    let inserted = db::exec(
        txn,
        "INSERT INTO passport_lottery_entries (id, lottery_id, account_id, nik_index, nik_masked,
            full_name, birth_date, sex, passport_type, service, validity_years, purpose, married,
            dates, result, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'pending', $15, $15)",
        [
            Value::from(id),
            Value::from(lottery_id),
            Value::from(req.account_id.clone()),
            Value::from(a.nik_index.clone()),
            Value::from(a.nik_masked.clone()),
            Value::from(a.full_name.trim().to_owned()),
            Value::from(a.birth_date.to_string()),
            Value::from(a.sex.as_str()),
            Value::from(req.passport_type.as_str()),
            Value::from(req.service.as_str()),
            Value::from(i32::from(req.validity_years)),
            Value::from(req.purpose.as_str()),
            Value::from(req.married),
            Value::from(dates.join(",")),
            Value::from(db::millis(now)),
        ],
    )
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if db::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Open lotteries whose window has closed.
pub async fn due(c: &impl ConnectionTrait, now: Timestamp) -> Result<Vec<String>, DbErr> {
    let rows = db::all(
        c,
        "SELECT id FROM passport_lotteries WHERE status = 'open' AND closes_at <= $1 ORDER BY closes_at",
        [Value::from(db::millis(now))],
    )
    .await?;
    rows.iter().map(|r| db::col(r, "id")).collect()
}

/// Mark a lottery drawn, once: `false` when it was drawn already. The
/// draw's first write: it waits for entries being made (they hold the
/// row, [`lock_open`]) and stops a second draw.
pub async fn mark_drawn(
    txn: &DatabaseTransaction,
    id: &str,
    now: Timestamp,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        txn,
        "UPDATE passport_lotteries SET status = 'drawn', drawn_at = $1, updated_at = $1
         WHERE id = $2 AND status = 'open'",
        [Value::from(db::millis(now)), Value::from(id)],
    )
    .await?
        == 1)
}

/// Publish the hash of the list drawn from.
pub async fn set_entries_hash(
    txn: &DatabaseTransaction,
    id: &str,
    entries_hash: &str,
) -> Result<(), DbErr> {
    db::exec(
        txn,
        "UPDATE passport_lotteries SET entries_hash = $1 WHERE id = $2",
        [Value::from(entries_hash), Value::from(id)],
    )
    .await?;
    Ok(())
}

/// Hold a lottery's row while an entry is made, if its window is open at
/// `now`: `false` when closed or drawn. The draw's [`mark_drawn`] waits
/// for the entry to commit, so no entry lands after the list is read.
pub async fn lock_open(txn: &DatabaseTransaction, id: &str, now: Timestamp) -> Result<bool, DbErr> {
    Ok(db::exec(
        txn,
        "UPDATE passport_lotteries SET updated_at = updated_at
         WHERE id = $1 AND status = 'open' AND closes_at > $2",
        [Value::from(id), Value::from(db::millis(now))],
    )
    .await?
        == 1)
}

/// Record an entry's result.
pub async fn set_result(
    txn: &DatabaseTransaction,
    entry_id: &str,
    result: &str,
    booking_id: Option<&str>,
    now: Timestamp,
) -> Result<(), DbErr> {
    db::exec(
        txn,
        "UPDATE passport_lottery_entries SET result = $1, booking_id = $2, updated_at = $3 WHERE id = $4",
        [
            Value::from(result),
            Value::from(booking_id.map(str::to_owned)),
            Value::from(db::millis(now)),
            Value::from(entry_id),
        ],
    )
    .await?;
    Ok(())
}

/// Turn a place the lottery holds in `slot` into a winner's booking
/// awaiting payment (bill and deadline as any booking). In a savepoint: a
/// NIK that meanwhile holds another booking (`AlreadyBooked`) leaves the
/// transaction intact. Returns the booking's id and code.
pub async fn hold_for_winner(
    txn: &DatabaseTransaction,
    req: &BookingRequest,
    slot: &Slot,
    hold_minutes: u32,
    now: Timestamp,
) -> Result<(String, String), BookError> {
    let sp = txn.begin().await?;
    let (id, code, _) = super::bookings::insert_held(&sp, req, slot, hold_minutes, now).await?;
    sp.commit().await?;
    Ok((id, code))
}

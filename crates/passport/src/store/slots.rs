//! Slots: reading them with their remaining places, and extra quota.

use imigrasi_core::OfficeZone;
use imigrasi_platform::db;
use jiff::civil::{Date, Time};
use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::domain::{BookingWindow, Category};

/// A bookable session of one category at one office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// Id.
    pub id: String,
    /// Office code.
    pub office_code: String,
    /// Office-local date.
    pub date: Date,
    /// Office-local start.
    pub start: Time,
    /// Office-local end.
    pub end: Time,
    /// Start instant (ms).
    pub starts_at: i64,
    /// End instant (ms).
    pub ends_at: i64,
    /// Category.
    pub category: Category,
    /// Places.
    pub capacity: i64,
    /// Places held by bookings.
    pub booked: i64,
    /// When it opens for booking (ms).
    pub release_at: i64,
    /// `template` or `extra`.
    pub source: String,
}

impl Slot {
    /// Places still free.
    pub fn remaining(&self) -> i64 {
        (self.capacity - self.booked).max(0)
    }

    pub(crate) fn from_row(r: &sea_orm::QueryResult) -> Result<Slot, DbErr> {
        let bad = |what: &str| DbErr::Custom(format!("passport_slots: bad {what}"));
        let date: String = db::col(r, "date")?;
        let start: String = db::col(r, "start_time")?;
        let end: String = db::col(r, "end_time")?;
        let category: String = db::col(r, "category")?;
        Ok(Slot {
            id: db::col(r, "id")?,
            office_code: db::col(r, "office_code")?,
            date: date.parse().map_err(|_| bad("date"))?,
            start: parse_hhmm(&start).ok_or_else(|| bad("start_time"))?,
            end: parse_hhmm(&end).ok_or_else(|| bad("end_time"))?,
            starts_at: db::col(r, "starts_at")?,
            ends_at: db::col(r, "ends_at")?,
            category: category.parse().map_err(|_| bad("category"))?,
            capacity: i64::from(db::col::<i32>(r, "capacity")?),
            booked: i64::from(db::col::<i32>(r, "booked")?),
            release_at: db::col(r, "release_at")?,
            source: db::col(r, "source")?,
        })
    }
}

/// Parse `HH:MM` (24-hour).
pub fn parse_hhmm(s: &str) -> Option<Time> {
    let (h, m) = s.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

/// Format a time as `HH:MM`.
pub fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A slot by id.
pub async fn slot(c: &impl ConnectionTrait, id: &str) -> Result<Option<Slot>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM passport_slots WHERE id = $1",
        [Value::from(id)],
        Slot::from_row,
    )
    .await
}

/// A slot that may be booked or moved to: any but a walk-in's own session.
pub async fn bookable_slot(c: &impl ConnectionTrait, id: &str) -> Result<Option<Slot>, DbErr> {
    Ok(slot(c, id).await?.filter(|s| s.source != WALK_IN_SOURCE))
}

/// Slots of an office between two office-local dates (inclusive), in order.
pub async fn slots_between(
    c: &impl ConnectionTrait,
    office: &str,
    from: Date,
    to: Date,
) -> Result<Vec<Slot>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM passport_slots WHERE office_code = $1 AND date >= $2 AND date <= $3
         AND source <> 'walk_in' ORDER BY date, start_time, category",
        [
            Value::from(office),
            Value::from(from.to_string()),
            Value::from(to.to_string()),
        ],
        Slot::from_row,
    )
    .await
}

/// Extra quota outside the templates.
#[derive(Debug, Clone)]
pub struct NewSlot {
    /// Office.
    pub office_code: String,
    /// Office-local date.
    pub date: Date,
    /// Office-local start.
    pub start: Time,
    /// Office-local end.
    pub end: Time,
    /// Category.
    pub category: Category,
    /// Places.
    pub capacity: i64,
    /// Release instant; now when absent.
    pub release_at: jiff::Timestamp,
}

/// Insert an extra slot.
pub async fn insert_extra_slot(
    c: &impl ConnectionTrait,
    zone: OfficeZone,
    s: &NewSlot,
) -> Result<Slot, DbErr> {
    insert_slot(c, zone, s, "extra", 0).await
}

/// Insert the one-place session of a walk-in (source `walk_in`, its place
/// already taken): it is never listed, offered or counted as quota.
pub async fn insert_walk_in_slot(
    c: &impl ConnectionTrait,
    zone: OfficeZone,
    s: &NewSlot,
) -> Result<Slot, DbErr> {
    insert_slot(c, zone, s, WALK_IN_SOURCE, s.capacity).await
}

/// The `source` of a walk-in's session.
pub const WALK_IN_SOURCE: &str = "walk_in";

async fn insert_slot(
    c: &impl ConnectionTrait,
    zone: OfficeZone,
    s: &NewSlot,
    source: &'static str,
    booked: i64,
) -> Result<Slot, DbErr> {
    let id = uuid::Uuid::now_v7().to_string();
    let starts_at = db::millis(zone.local_to_utc(s.date, s.start));
    let ends_at = db::millis(zone.local_to_utc(s.date, s.end));
    db::exec(
        c,
        "INSERT INTO passport_slots (id, office_code, date, start_time, end_time, starts_at, ends_at,
            category, capacity, booked, release_at, source, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        [
            Value::from(id.clone()),
            Value::from(s.office_code.clone()),
            Value::from(s.date.to_string()),
            Value::from(hhmm(s.start)),
            Value::from(hhmm(s.end)),
            Value::from(starts_at),
            Value::from(ends_at),
            Value::from(s.category.as_str()),
            Value::from(s.capacity as i32),
            Value::from(booked as i32),
            Value::from(db::millis(s.release_at)),
            Value::from(source),
            Value::from(db::millis(jiff::Timestamp::now())),
        ],
    )
    .await?;
    slot(c, &id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("slot just inserted".into()))
}

/// The office's booking window (defaults when not configured).
pub async fn booking_window(
    c: &impl ConnectionTrait,
    office: &str,
) -> Result<BookingWindow, DbErr> {
    let row = db::one(
        c,
        "SELECT min_lead_minutes, max_advance_days FROM passport_office_settings WHERE office_code = $1",
        [Value::from(office)],
    )
    .await?;
    Ok(match row {
        Some(r) => BookingWindow {
            min_lead_minutes: db::col::<i32>(&r, "min_lead_minutes")?.max(0) as u32,
            max_advance_days: db::col::<i32>(&r, "max_advance_days")?.max(0) as u32,
        },
        None => BookingWindow::default(),
    })
}

/// Take one place of a slot if one is free. Returns whether it was taken.
pub async fn take_place(c: &impl ConnectionTrait, slot_id: &str) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "UPDATE passport_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity",
        [Value::from(slot_id)],
    )
    .await?
        == 1)
}

/// Give a place back to a slot.
pub async fn return_place(c: &impl ConnectionTrait, slot_id: &str) -> Result<(), DbErr> {
    super::sold_out::announce_returned(c, slot_id).await?;
    db::exec(
        c,
        "UPDATE passport_slots SET booked = booked - 1 WHERE id = $1 AND booked > 0",
        [Value::from(slot_id)],
    )
    .await?;
    Ok(())
}

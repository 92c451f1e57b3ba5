//! Queue tickets: check-in of a booking, priority walk-ins, reading tickets.

use imigrasi_platform::audit;
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::events::Events;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

use super::{FloorError, FloorOrigin, floor_settings, publish_ticket};
use crate::domain::booking::{self, BookingStatus, TransitionError};
use crate::domain::category::Category;
use crate::domain::floor::{
    PriorityReason, TicketKind, TicketStatus, check_priority_reason, ticket_number, ticket_prefix,
};
use crate::domain::office_time::office_date;
use crate::quota_store;
use crate::store::{self as booking_store, Applicant};

/// The key of the day-wide sequence in `passport_ticket_counters` (ticket
/// prefixes are letters, so it never collides).
const SEQ_KEY: &str = "#";

/// A queue ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// Id (UUIDv7).
    pub id: String,
    /// Office.
    pub office_code: String,
    /// Office-local date it is valid for.
    pub service_date: Date,
    /// Number shown on the board (`A007`).
    pub number: String,
    /// Order of issue within the office's day (all categories).
    pub seq: i64,
    /// Category (`A` regular, `B` accelerated, `P` priority).
    pub category: Category,
    /// Booking check-in or priority walk-in.
    pub kind: TicketKind,
    /// The booking checked in (booking tickets).
    pub booking_id: Option<String>,
    /// The booking's public code (booking tickets).
    pub booking_code: Option<String>,
    /// Why a walk-in has priority.
    pub priority_reason: Option<PriorityReason>,
    /// NIK, masked.
    pub nik_masked: String,
    /// Holder's name.
    pub full_name: String,
    /// Status.
    pub status: TicketStatus,
    /// Counter that called it last.
    pub counter: Option<String>,
    /// Issued (ms).
    pub checked_in_at: i64,
    /// Last called (ms).
    pub called_at: Option<i64>,
    /// Times it was called again.
    pub recalls: i64,
    /// Served or marked no-show (ms).
    pub finished_at: Option<i64>,
}

impl Ticket {
    pub(crate) fn from_row(r: &sea_orm::QueryResult) -> Result<Ticket, DbErr> {
        let bad = |what: &str, v: &str| DbErr::Custom(format!("passport_tickets: bad {what} {v}"));
        let date: String = db::col(r, "service_date")?;
        let category: String = db::col(r, "category")?;
        let kind: String = db::col(r, "kind")?;
        let status: String = db::col(r, "status")?;
        let reason: Option<String> = db::col(r, "priority_reason")?;
        Ok(Ticket {
            id: db::col(r, "id")?,
            office_code: db::col(r, "office_code")?,
            service_date: date.parse().map_err(|_| bad("date", &date))?,
            number: db::col(r, "number")?,
            seq: i64::from(db::col::<i32>(r, "seq")?),
            category: category.parse().map_err(|_| bad("category", &category))?,
            kind: kind.parse().map_err(|_| bad("kind", &kind))?,
            booking_id: db::col(r, "booking_id")?,
            booking_code: db::col(r, "booking_code")?,
            priority_reason: match reason {
                Some(s) => Some(s.parse().map_err(|_| bad("priority reason", &s))?),
                None => None,
            },
            nik_masked: db::col(r, "nik_masked")?,
            full_name: db::col(r, "full_name")?,
            status: status.parse().map_err(|_| bad("status", &status))?,
            counter: db::col(r, "counter")?,
            checked_in_at: db::col(r, "checked_in_at")?,
            called_at: db::col(r, "called_at")?,
            recalls: i64::from(db::col::<i32>(r, "recalls")?),
            finished_at: db::col(r, "finished_at")?,
        })
    }
}

/// Tickets with the booking code joined; append `WHERE ...`.
pub(crate) const TICKET_SELECT: &str = "SELECT t.*, b.code AS booking_code FROM passport_tickets t
    LEFT JOIN passport_bookings b ON b.id = t.booking_id";

/// A ticket by id.
pub async fn ticket_by_id(c: &impl ConnectionTrait, id: &str) -> Result<Option<Ticket>, DbErr> {
    db::one(
        c,
        &format!("{TICKET_SELECT} WHERE t.id = $1"),
        [Value::from(id)],
    )
    .await?
    .map(|r| Ticket::from_row(&r))
    .transpose()
}

/// A ticket by its number (canonical, e.g. `A007`) at an office on a date.
pub async fn find_ticket(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
    number: &str,
) -> Result<Option<Ticket>, DbErr> {
    db::one(
        c,
        &format!(
            "{TICKET_SELECT} WHERE t.office_code = $1 AND t.service_date = $2 AND t.number = $3"
        ),
        [
            Value::from(office),
            Value::from(date.to_string()),
            Value::from(number),
        ],
    )
    .await?
    .map(|r| Ticket::from_row(&r))
    .transpose()
}

/// The ticket of a booking, if it checked in.
pub async fn ticket_for_booking(
    c: &impl ConnectionTrait,
    booking_id: &str,
) -> Result<Option<Ticket>, DbErr> {
    db::one(
        c,
        &format!("{TICKET_SELECT} WHERE t.booking_id = $1"),
        [Value::from(booking_id)],
    )
    .await?
    .map(|r| Ticket::from_row(&r))
    .transpose()
}

/// Every ticket of an office's day, in order of issue.
pub async fn tickets_of_day(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
) -> Result<Vec<Ticket>, DbErr> {
    db::all(
        c,
        &format!("{TICKET_SELECT} WHERE t.office_code = $1 AND t.service_date = $2 ORDER BY t.seq"),
        [Value::from(office), Value::from(date.to_string())],
    )
    .await?
    .iter()
    .map(Ticket::from_row)
    .collect()
}

/// Waiting tickets of the office's day issued before `seq` (all categories).
pub async fn people_ahead(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
    seq: i64,
) -> Result<u32, DbErr> {
    let row = db::one(
        c,
        "SELECT COUNT(*) AS n FROM passport_tickets
         WHERE office_code = $1 AND service_date = $2 AND status = 'waiting' AND seq < $3",
        [
            Value::from(office),
            Value::from(date.to_string()),
            Value::from(seq),
        ],
    )
    .await?;
    Ok(match row {
        Some(r) => u32::try_from(db::col::<i64>(&r, "n")?).unwrap_or(0),
        None => 0,
    })
}

/// The next value of a per-office-day counter. The upsert locks the row
/// until the transaction ends, so concurrent transactions take turns.
async fn next_value(
    txn: &DatabaseTransaction,
    office: &str,
    date: Date,
    key: &str,
) -> Result<u32, DbErr> {
    let values = || {
        [
            Value::from(office),
            Value::from(date.to_string()),
            Value::from(key),
        ]
    };
    db::exec(
        txn,
        "INSERT INTO passport_ticket_counters (office_code, service_date, prefix, last)
         VALUES ($1, $2, $3, 1)
         ON CONFLICT (office_code, service_date, prefix)
         DO UPDATE SET last = passport_ticket_counters.last + 1",
        values(),
    )
    .await?;
    let row = db::one(
        txn,
        "SELECT last FROM passport_ticket_counters
         WHERE office_code = $1 AND service_date = $2 AND prefix = $3",
        values(),
    )
    .await?
    .ok_or_else(|| DbErr::RecordNotFound("ticket counter just written".into()))?;
    Ok(u32::try_from(db::col::<i32>(&row, "last")?).unwrap_or(0))
}

/// What a new ticket holds.
struct NewTicket<'a> {
    office: &'a str,
    date: Date,
    number: String,
    category: Category,
    kind: TicketKind,
    booking_id: Option<&'a str>,
    priority_reason: Option<PriorityReason>,
    nik_index: &'a str,
    nik_masked: &'a str,
    full_name: &'a str,
}

/// Insert a waiting ticket; a second open ticket for the NIK that day is
/// [`FloorError::AlreadyCheckedIn`] (unique index).
async fn insert_ticket(
    txn: &DatabaseTransaction,
    t: NewTicket<'_>,
    now: Timestamp,
) -> Result<Ticket, FloorError> {
    let seq = next_value(txn, t.office, t.date, SEQ_KEY).await?;
    let id = uuid::Uuid::now_v7().to_string();
    let inserted = db::exec(
        txn,
        "INSERT INTO passport_tickets (id, office_code, service_date, number, seq, category, kind,
            booking_id, priority_reason, nik_index, nik_masked, full_name, status, counter,
            checked_in_at, called_at, recalls, finished_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'waiting', NULL, $13, NULL, 0, NULL)",
        [
            Value::from(id.clone()),
            Value::from(t.office),
            Value::from(t.date.to_string()),
            Value::from(t.number),
            Value::from(i32::try_from(seq).unwrap_or(i32::MAX)),
            Value::from(t.category.as_str()),
            Value::from(t.kind.as_str()),
            Value::from(t.booking_id.map(str::to_owned)),
            Value::from(t.priority_reason.map(|r| r.as_str().to_owned())),
            Value::from(t.nik_index),
            Value::from(t.nik_masked),
            Value::from(t.full_name),
            Value::from(db::millis(now)),
        ],
    )
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if db::is_unique_violation(&e) => return Err(FloorError::AlreadyCheckedIn),
        Err(e) => return Err(e.into()),
    }
    ticket_by_id(txn, &id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("ticket just inserted".into()).into())
}

/// A check-in: the ticket and how many wait before it.
#[derive(Debug, Clone)]
pub struct CheckIn {
    /// The new ticket.
    pub ticket: Ticket,
    /// Waiting tickets issued before it.
    pub people_ahead: u32,
}

/// Check a booking in at `office` (kiosk or desk) and issue its ticket.
///
/// The booking must be of this office, confirmed, for today (office time),
/// within the arrival window (from `arrive_before_minutes` before the
/// session starts until it ends) and not checked in before. In one
/// transaction: the booking becomes `checked_in`, the ticket is numbered
/// (`A`/`B`/`P` by the slot's category) and inserted, and the audit row
/// `booking.check_in` is written. Then the board hears `checked_in`.
///
/// Errors: `NotFound`, `WrongOffice`, `AlreadyCheckedIn`, `NotConfirmed`,
/// `NotToday`, `OutsideWindow`.
pub async fn check_in(
    database: &Db,
    events: &Events,
    office: &str,
    booking_code: &str,
    origin: FloorOrigin<'_>,
    now: Timestamp,
) -> Result<CheckIn, FloorError> {
    let code = booking_code.trim().to_uppercase();
    if code.is_empty() || code.len() > 40 {
        return Err(FloorError::NotFound);
    }
    let txn = db::begin_write(database).await?;
    let booking = booking_store::find_by_code(&txn, &code)
        .await?
        .ok_or(FloorError::NotFound)?;
    if booking.office_code != office {
        return Err(FloorError::WrongOffice {
            office: booking.office_code,
        });
    }
    if ticket_for_booking(&txn, &booking.id).await?.is_some()
        || matches!(
            booking.status,
            BookingStatus::CheckedIn | BookingStatus::Served
        )
    {
        return Err(FloorError::AlreadyCheckedIn);
    }
    if booking.status != BookingStatus::Confirmed {
        return Err(FloorError::NotConfirmed {
            status: booking.status,
        });
    }
    let slot = booking_store::slot(&txn, &booking.slot_id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("slot of booking {code}")))?;
    let (_, zone) = quota_store::office_with_zone(&txn, office).await?;
    let today = office_date(&zone, now);
    if slot.date != today {
        return Err(FloorError::NotToday { date: slot.date });
    }
    let settings = floor_settings(&txn, office).await?;
    let to = booking::check_in(
        booking.status,
        now,
        &settings.check_in_window(),
        db::from_millis(slot.starts_at),
        db::from_millis(slot.ends_at),
    )
    .map_err(|e| match e {
        TransitionError::OutsideCheckInWindow { opens, closes } => {
            FloorError::OutsideWindow { opens, closes }
        }
        _ => FloorError::NotConfirmed {
            status: booking.status,
        },
    })?;
    if !booking_store::status::transition(&txn, &booking.id, &[BookingStatus::Confirmed], to, now)
        .await?
    {
        return Err(FloorError::AlreadyCheckedIn);
    }
    let nik_index: String = match db::one(
        &txn,
        "SELECT nik_index FROM passport_bookings WHERE id = $1",
        [Value::from(booking.id.clone())],
    )
    .await?
    {
        Some(r) => db::col(&r, "nik_index")?,
        None => return Err(FloorError::NotFound),
    };
    let prefix = ticket_prefix(slot.category);
    let n = next_value(&txn, office, today, &prefix.to_string()).await?;
    let ticket = insert_ticket(
        &txn,
        NewTicket {
            office,
            date: today,
            number: ticket_number(prefix, n),
            category: slot.category,
            kind: TicketKind::Booking,
            booking_id: Some(&booking.id),
            priority_reason: None,
            nik_index: &nik_index,
            nik_masked: &booking.nik_masked,
            full_name: &booking.full_name,
        },
        now,
    )
    .await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: origin.actor,
            action: "booking.check_in",
            object_type: "booking",
            object_id: &booking.code,
            office: Some(office),
            request_id: Some(origin.request_id),
            detail: origin.detail(serde_json::json!({
                "ticket": ticket.number,
                "date": today.to_string(),
            })),
        },
    )
    .await?;
    let ahead = people_ahead(&txn, office, today, ticket.seq).await?;
    txn.commit().await?;
    publish_ticket(database, events, "checked_in", &ticket, now).await;
    Ok(CheckIn {
        ticket,
        people_ahead: ahead,
    })
}

/// A priority walk-in to register.
#[derive(Debug, Clone)]
pub struct WalkIn {
    /// The person (NIK already checked against birth date and sex).
    pub applicant: Applicant,
    /// Why they have priority.
    pub reason: PriorityReason,
}

/// Register a priority walk-in at `office` and issue a `P` ticket.
///
/// The reason must fit the declared birth date and sex on today's date
/// (elderly 60+, child under 5, pregnant: sex F); the office's daily cap of
/// walk-ins applies; a NIK holds at most one open ticket per day. Audited
/// as `floor.walk_in`; the board hears `checked_in`.
///
/// Errors: `Priority` (422), `PriorityCapReached`, `AlreadyCheckedIn`.
pub async fn walk_in(
    database: &Db,
    events: &Events,
    office: &str,
    walk_in: &WalkIn,
    origin: FloorOrigin<'_>,
    now: Timestamp,
) -> Result<Ticket, FloorError> {
    let txn = db::begin_write(database).await?;
    let (_, zone) = quota_store::office_with_zone(&txn, office).await?;
    let today = office_date(&zone, now);
    let a = &walk_in.applicant;
    check_priority_reason(walk_in.reason, a.birth_date, a.sex, today)
        .map_err(FloorError::Priority)?;
    let settings = floor_settings(&txn, office).await?;
    // Taking the number first locks the office's `P` counter for the day,
    // so the cap and NIK checks below see every other walk-in.
    let prefix = ticket_prefix(Category::Priority);
    let n = next_value(&txn, office, today, &prefix.to_string()).await?;
    let row = db::one(
        &txn,
        "SELECT COUNT(*) AS n FROM passport_tickets
         WHERE office_code = $1 AND service_date = $2 AND kind = 'walk_in'",
        [Value::from(office), Value::from(today.to_string())],
    )
    .await?;
    let walk_ins = match row {
        Some(r) => db::col::<i64>(&r, "n")?,
        None => 0,
    };
    if walk_ins >= i64::from(settings.walk_in_daily_cap) {
        return Err(FloorError::PriorityCapReached {
            cap: settings.walk_in_daily_cap,
        });
    }
    let open = db::one(
        &txn,
        "SELECT id FROM passport_tickets
         WHERE service_date = $1 AND nik_index = $2 AND status IN ('waiting', 'called')",
        [
            Value::from(today.to_string()),
            Value::from(a.nik_index.clone()),
        ],
    )
    .await?;
    if open.is_some() {
        return Err(FloorError::AlreadyCheckedIn);
    }
    let ticket = insert_ticket(
        &txn,
        NewTicket {
            office,
            date: today,
            number: ticket_number(prefix, n),
            category: Category::Priority,
            kind: TicketKind::WalkIn,
            booking_id: None,
            priority_reason: Some(walk_in.reason),
            nik_index: &a.nik_index,
            nik_masked: &a.nik_masked,
            full_name: &a.full_name,
        },
        now,
    )
    .await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: origin.actor,
            action: "floor.walk_in",
            object_type: "ticket",
            object_id: &ticket.id,
            office: Some(office),
            request_id: Some(origin.request_id),
            detail: origin.detail(serde_json::json!({
                "ticket": ticket.number,
                "date": today.to_string(),
                "reason": walk_in.reason.as_str(),
            })),
        },
    )
    .await?;
    txn.commit().await?;
    publish_ticket(database, events, "checked_in", &ticket, now).await;
    Ok(ticket)
}

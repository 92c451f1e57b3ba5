//! Queue tickets: reading them, numbering, issuing, calling and finishing.

use imigrasi_platform::db;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

use crate::domain::{Category, PriorityReason, TicketKind, TicketStatus};

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
    /// Appointment check-in or priority walk-in.
    pub kind: TicketKind,
    /// The appointment checked in (column `booking_id`), by internal id.
    pub appointment_id: Option<String>,
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
            appointment_id: db::col(r, "booking_id")?,
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

/// A ticket by id.
pub async fn ticket_by_id(c: &impl ConnectionTrait, id: &str) -> Result<Option<Ticket>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM passport_tickets WHERE id = $1",
        [Value::from(id)],
        Ticket::from_row,
    )
    .await
}

/// A ticket by its number (canonical, e.g. `A007`) at an office on a date.
pub async fn find_ticket(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
    number: &str,
) -> Result<Option<Ticket>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM passport_tickets WHERE office_code = $1 AND service_date = $2 AND number = $3",
        [
            Value::from(office),
            Value::from(date.to_string()),
            Value::from(number),
        ],
        Ticket::from_row,
    )
    .await
}

/// The ticket of an appointment (by internal id), if it checked in.
pub async fn ticket_for_appointment(
    c: &impl ConnectionTrait,
    appointment_id: &str,
) -> Result<Option<Ticket>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM passport_tickets WHERE booking_id = $1",
        [Value::from(appointment_id)],
        Ticket::from_row,
    )
    .await
}

/// Every ticket of an office's day, in order of issue.
pub async fn tickets_of_day(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
) -> Result<Vec<Ticket>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM passport_tickets WHERE office_code = $1 AND service_date = $2 ORDER BY seq",
        [Value::from(office), Value::from(date.to_string())],
        Ticket::from_row,
    )
    .await
}

/// Served tickets of an office's day.
pub async fn served_of_day(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
) -> Result<Vec<Ticket>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM passport_tickets WHERE office_code = $1 AND service_date = $2 AND status = $3",
        [
            Value::from(office),
            Value::from(date.to_string()),
            Value::from(TicketStatus::Served.as_str()),
        ],
        Ticket::from_row,
    )
    .await
}

fn count(row: Option<sea_orm::QueryResult>) -> Result<u32, DbErr> {
    Ok(match row {
        Some(r) => u32::try_from(db::col::<i64>(&r, "n")?).unwrap_or(0),
        None => 0,
    })
}

/// Tickets still waiting at an office on a day.
pub async fn waiting_count(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
) -> Result<u32, DbErr> {
    count(
        db::one(
            c,
            "SELECT COUNT(*) AS n FROM passport_tickets
             WHERE office_code = $1 AND service_date = $2 AND status = $3",
            [
                Value::from(office),
                Value::from(date.to_string()),
                Value::from(TicketStatus::Waiting.as_str()),
            ],
        )
        .await?,
    )
}

/// Waiting tickets of the office's day issued before `seq` (all categories).
pub async fn people_ahead(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
    seq: i64,
) -> Result<u32, DbErr> {
    count(
        db::one(
            c,
            "SELECT COUNT(*) AS n FROM passport_tickets
             WHERE office_code = $1 AND service_date = $2 AND status = $3 AND seq < $4",
            [
                Value::from(office),
                Value::from(date.to_string()),
                Value::from(TicketStatus::Waiting.as_str()),
                Value::from(seq),
            ],
        )
        .await?,
    )
}

/// Priority walk-ins registered at an office on a day (the walk-ins of a
/// lost or damaged passport, in the regular queue, are not counted).
pub async fn walk_ins_of_day(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
) -> Result<u32, DbErr> {
    count(
        db::one(
            c,
            "SELECT COUNT(*) AS n FROM passport_tickets
             WHERE office_code = $1 AND service_date = $2 AND kind = $3 AND category = $4",
            [
                Value::from(office),
                Value::from(date.to_string()),
                Value::from(TicketKind::WalkIn.as_str()),
                Value::from(Category::Priority.as_str()),
            ],
        )
        .await?,
    )
}

/// Whether the NIK (blind index) holds an open (waiting or called) ticket
/// on a date, at any office.
pub async fn nik_has_open_ticket(
    c: &impl ConnectionTrait,
    date: Date,
    nik_index: &str,
) -> Result<bool, DbErr> {
    Ok(db::one(
        c,
        "SELECT id FROM passport_tickets
         WHERE service_date = $1 AND nik_index = $2 AND status IN ($3, $4)",
        [
            Value::from(date.to_string()),
            Value::from(nik_index),
            Value::from(TicketStatus::Waiting.as_str()),
            Value::from(TicketStatus::Called.as_str()),
        ],
    )
    .await?
    .is_some())
}

/// The next value of a per-office-day counter: the day-wide sequence, or
/// the numbers of one prefix. The upsert locks the row until the
/// transaction ends, so concurrent transactions take turns.
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

/// The next number of a ticket prefix (`A`, `B`, `P`) at an office on a day.
pub async fn next_number(
    txn: &DatabaseTransaction,
    office: &str,
    date: Date,
    prefix: char,
) -> Result<u32, DbErr> {
    next_value(txn, office, date, &prefix.to_string()).await
}

/// What a new ticket holds.
#[derive(Debug, Clone)]
pub struct NewTicket<'a> {
    /// Office.
    pub office: &'a str,
    /// Office-local date.
    pub date: Date,
    /// Number (`A007`), from [`next_number`].
    pub number: String,
    /// Queue.
    pub category: Category,
    /// Check-in or walk-in.
    pub kind: TicketKind,
    /// The appointment checked in.
    pub appointment_id: Option<&'a str>,
    /// Why a walk-in has priority.
    pub priority_reason: Option<PriorityReason>,
    /// Blind index of the holder's NIK.
    pub nik_index: &'a str,
    /// NIK, masked.
    pub nik_masked: &'a str,
    /// Holder's name.
    pub full_name: &'a str,
}

/// Insert a waiting ticket. `None` when the appointment, or the NIK that
/// day, already holds an open ticket (unique indexes).
pub async fn insert_ticket(
    txn: &DatabaseTransaction,
    t: NewTicket<'_>,
    now: Timestamp,
) -> Result<Option<Ticket>, DbErr> {
    let seq = next_value(txn, t.office, t.date, SEQ_KEY).await?;
    let id = uuid::Uuid::now_v7().to_string();
    let inserted = db::exec(
        txn,
        "INSERT INTO passport_tickets (id, office_code, service_date, number, seq, category, kind,
            booking_id, priority_reason, nik_index, nik_masked, full_name, status, counter,
            checked_in_at, called_at, recalls, finished_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL, $14, NULL, 0, NULL)",
        [
            Value::from(id.clone()),
            Value::from(t.office),
            Value::from(t.date.to_string()),
            Value::from(t.number),
            Value::from(i32::try_from(seq).unwrap_or(i32::MAX)),
            Value::from(t.category.as_str()),
            Value::from(t.kind.as_str()),
            Value::from(t.appointment_id.map(str::to_owned)),
            Value::from(t.priority_reason.map(|r| r.as_str().to_owned())),
            Value::from(t.nik_index),
            Value::from(t.nik_masked),
            Value::from(t.full_name),
            Value::from(TicketStatus::Waiting.as_str()),
            Value::from(db::millis(now)),
        ],
    )
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if db::is_unique_violation(&e) => return Ok(None),
        Err(e) => return Err(e),
    }
    ticket_by_id(txn, &id)
        .await?
        .map(Some)
        .ok_or_else(|| DbErr::RecordNotFound("ticket just inserted".into()))
}

/// The oldest waiting ticket (id, seq) of the priority queue, or of the
/// other queues.
pub async fn oldest_waiting(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
    priority: bool,
) -> Result<Option<(String, i64)>, DbErr> {
    let sql = if priority {
        "SELECT id, seq FROM passport_tickets WHERE office_code = $1 AND service_date = $2
         AND status = $3 AND category = $4 ORDER BY seq LIMIT 1"
    } else {
        "SELECT id, seq FROM passport_tickets WHERE office_code = $1 AND service_date = $2
         AND status = $3 AND category <> $4 ORDER BY seq LIMIT 1"
    };
    db::one(
        c,
        sql,
        [
            Value::from(office),
            Value::from(date.to_string()),
            Value::from(TicketStatus::Waiting.as_str()),
            Value::from(Category::Priority.as_str()),
        ],
    )
    .await?
    .map(|r| Ok((db::col(&r, "id")?, i64::from(db::col::<i32>(&r, "seq")?))))
    .transpose()
}

/// Take a waiting ticket for a counter (`waiting -> called`). Returns
/// whether it was still waiting (another counter may have taken it).
pub async fn take(
    txn: &DatabaseTransaction,
    id: &str,
    counter: &str,
    now: Timestamp,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        txn,
        "UPDATE passport_tickets SET status = $1, counter = $2, called_at = $3
         WHERE id = $4 AND status = $5",
        [
            Value::from(TicketStatus::Called.as_str()),
            Value::from(counter),
            Value::from(db::millis(now)),
            Value::from(id),
            Value::from(TicketStatus::Waiting.as_str()),
        ],
    )
    .await?
        == 1)
}

/// Call a called ticket again. Returns whether it was still called.
pub async fn recall(txn: &DatabaseTransaction, id: &str, now: Timestamp) -> Result<bool, DbErr> {
    Ok(db::exec(
        txn,
        "UPDATE passport_tickets SET recalls = recalls + 1, called_at = $1
         WHERE id = $2 AND status = $3",
        [
            Value::from(db::millis(now)),
            Value::from(id),
            Value::from(TicketStatus::Called.as_str()),
        ],
    )
    .await?
        == 1)
}

/// Finish a called ticket as `to` (served or no-show). Returns whether it
/// was still called.
pub async fn finish(
    txn: &DatabaseTransaction,
    id: &str,
    to: TicketStatus,
    now: Timestamp,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        txn,
        "UPDATE passport_tickets SET status = $1, finished_at = $2
         WHERE id = $3 AND status = $4",
        [
            Value::from(to.as_str()),
            Value::from(db::millis(now)),
            Value::from(id),
            Value::from(TicketStatus::Called.as_str()),
        ],
    )
    .await?
        == 1)
}

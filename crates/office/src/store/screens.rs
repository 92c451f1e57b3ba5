//! Read-only queries of the floor's screens: the board's snapshot (the last
//! called or served tickets and the waiting count) and the counter page's
//! waiting list and current ticket, as plain rows for the pages. Nothing
//! here writes.

use imigrasi_platform::db::{self, Db};
use sea_orm::{DbErr, Value};

use crate::domain::TicketStatus;

/// How many calls the board shows.
pub const BOARD_CALLS: i64 = 8;

/// A call as the board shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// Ticket number.
    pub number: String,
    /// Counter (empty when none).
    pub counter: String,
    /// Category value.
    pub category: String,
    /// `called` or `served`.
    pub status: String,
    /// Last called (ms).
    pub called_at: i64,
}

/// The last calls of the day, newest first, and how many wait.
pub async fn board(db: &Db, office: &str, date: &str) -> Result<(Vec<Call>, i64), DbErr> {
    let rows = db::all(
        db,
        "SELECT number, counter, category, status, called_at FROM passport_tickets
         WHERE office_code = $1 AND service_date = $2 AND called_at IS NOT NULL
           AND status IN ($3, $4)
         ORDER BY called_at DESC, seq DESC LIMIT $5",
        [
            Value::from(office),
            Value::from(date),
            Value::from(TicketStatus::Called.as_str()),
            Value::from(TicketStatus::Served.as_str()),
            Value::from(BOARD_CALLS),
        ],
    )
    .await?;
    let mut calls = Vec::with_capacity(rows.len());
    for r in &rows {
        calls.push(Call {
            number: db::col(r, "number")?,
            counter: db::col::<Option<String>>(r, "counter")?.unwrap_or_default(),
            category: db::col(r, "category")?,
            status: db::col(r, "status")?,
            called_at: db::col::<Option<i64>>(r, "called_at")?.unwrap_or_default(),
        });
    }
    let waiting = waiting_count(db, office, date).await?;
    Ok((calls, waiting))
}

/// How many tickets of the day wait to be called.
pub async fn waiting_count(db: &Db, office: &str, date: &str) -> Result<i64, DbErr> {
    let row = db::one(
        db,
        "SELECT COUNT(*) AS n FROM passport_tickets
         WHERE office_code = $1 AND service_date = $2 AND status = $3",
        [
            Value::from(office),
            Value::from(date),
            Value::from(TicketStatus::Waiting.as_str()),
        ],
    )
    .await?;
    match row {
        Some(r) => db::col::<i64>(&r, "n"),
        None => Ok(0),
    }
}

/// One ticket of the day, as the counter page and the dashboard read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenTicket {
    /// Id.
    pub id: String,
    /// Number.
    pub number: String,
    /// Category value.
    pub category: String,
    /// Kind value.
    pub kind: String,
    /// Priority reason value (walk-ins).
    pub priority_reason: Option<String>,
    /// Status value.
    pub status: String,
    /// Counter that called it.
    pub counter: Option<String>,
    /// Holder's name.
    pub full_name: String,
    /// Issued (ms).
    pub checked_in_at: i64,
    /// Last called (ms).
    pub called_at: Option<i64>,
    /// Finished (ms).
    pub finished_at: Option<i64>,
    /// Times called again.
    pub recalls: i64,
    /// The appointment checked in (column `booking_id`); none for walk-ins.
    pub appointment_id: Option<String>,
}

const TICKET_COLUMNS: &str = "id, number, category, kind, priority_reason, status, counter, \
     full_name, checked_in_at, called_at, finished_at, recalls, booking_id";

fn ticket(r: &sea_orm::QueryResult) -> Result<ScreenTicket, DbErr> {
    Ok(ScreenTicket {
        id: db::col(r, "id")?,
        number: db::col(r, "number")?,
        category: db::col(r, "category")?,
        kind: db::col(r, "kind")?,
        priority_reason: db::col(r, "priority_reason")?,
        status: db::col(r, "status")?,
        counter: db::col(r, "counter")?,
        full_name: db::col(r, "full_name")?,
        checked_in_at: db::col(r, "checked_in_at")?,
        called_at: db::col(r, "called_at")?,
        finished_at: db::col(r, "finished_at")?,
        recalls: i64::from(db::col::<i32>(r, "recalls")?),
        appointment_id: db::col(r, "booking_id")?,
    })
}

/// Tickets of the day waiting to be called, in queue order.
pub async fn waiting(db: &Db, office: &str, date: &str) -> Result<Vec<ScreenTicket>, DbErr> {
    let rows = db::all(
        db,
        &format!(
            "SELECT {TICKET_COLUMNS} FROM passport_tickets
             WHERE office_code = $1 AND service_date = $2 AND status = $3 ORDER BY seq"
        ),
        [
            Value::from(office),
            Value::from(date),
            Value::from(TicketStatus::Waiting.as_str()),
        ],
    )
    .await?;
    rows.iter().map(ticket).collect()
}

/// The ticket a counter has called and not finished, if any.
pub async fn at_counter(
    db: &Db,
    office: &str,
    date: &str,
    counter: &str,
) -> Result<Option<ScreenTicket>, DbErr> {
    let row = db::one(
        db,
        &format!(
            "SELECT {TICKET_COLUMNS} FROM passport_tickets
             WHERE office_code = $1 AND service_date = $2 AND counter = $3 AND status = $4
             ORDER BY called_at DESC LIMIT 1"
        ),
        [
            Value::from(office),
            Value::from(date),
            Value::from(counter),
            Value::from(TicketStatus::Called.as_str()),
        ],
    )
    .await?;
    row.as_ref().map(ticket).transpose()
}

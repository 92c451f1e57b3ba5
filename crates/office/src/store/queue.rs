//! Reading the queue: the live position of a ticket (what a citizen sees
//! once checked in) and the display board's latest calls.

use imigrasi_platform::db;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DbErr, Value};
use serde::Serialize;

use super::counters::open_counter_count;
use super::tickets::{Ticket, people_ahead, served_of_day, ticket_for_appointment, waiting_count};
use crate::domain::{
    Category, DEFAULT_SERVICE_MINUTES, TicketFacts, TicketStatus, average_service_minutes,
    estimate_wait_minutes,
};

/// Where a ticket stands in the queue (serializes as
/// `{"ticket","status","category","counter","people_ahead","estimated_wait_minutes"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Position {
    /// Ticket number (`A007`).
    pub ticket: String,
    /// `waiting`, `called`, `served` or `no_show`.
    #[schema(value_type = String)]
    pub status: TicketStatus,
    /// `regular`, `accelerated` or `priority`.
    #[schema(value_type = String)]
    pub category: Category,
    /// The counter that called it (when called).
    pub counter: Option<String>,
    /// Waiting tickets of the office's day issued before it (all
    /// categories; an approximation: priority interleaving may reorder).
    /// 0 once called.
    pub people_ahead: u32,
    /// `people_ahead` x the day's average service time (10 minutes before
    /// any ticket is served) / open counters (at least 1), rounded up.
    /// 0 once called.
    pub estimated_wait_minutes: u32,
}

/// The facts the day's statistics are computed from.
pub fn facts(t: &Ticket) -> TicketFacts {
    TicketFacts {
        category: t.category,
        kind: t.kind,
        status: t.status,
        counter: t.counter.clone(),
        checked_in_at: t.checked_in_at,
        called_at: t.called_at,
        finished_at: t.finished_at,
    }
}

/// The average service minutes of an office's day so far (served tickets).
pub async fn day_average_service_minutes(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
) -> Result<Option<f64>, DbErr> {
    let served: Vec<TicketFacts> = served_of_day(c, office, date)
        .await?
        .iter()
        .map(facts)
        .collect();
    Ok(average_service_minutes(&served))
}

/// Where a ticket stands now.
pub async fn ticket_position(c: &impl ConnectionTrait, t: &Ticket) -> Result<Position, DbErr> {
    let (ahead, minutes) = if t.status == TicketStatus::Waiting {
        let ahead = people_ahead(c, &t.office_code, t.service_date, t.seq).await?;
        let average = day_average_service_minutes(c, &t.office_code, t.service_date)
            .await?
            .unwrap_or(DEFAULT_SERVICE_MINUTES);
        let counters = open_counter_count(c, &t.office_code).await?;
        (ahead, estimate_wait_minutes(ahead, average, counters))
    } else {
        (0, 0)
    };
    Ok(Position {
        ticket: t.number.clone(),
        status: t.status,
        category: t.category,
        counter: t.counter.clone(),
        people_ahead: ahead,
        estimated_wait_minutes: minutes,
    })
}

/// The live position of an appointment's ticket (`appointment_id` is the
/// service's internal id, e.g. passport's `Booking::id`), or `None` when it
/// has not checked in.
pub async fn position(
    c: &impl ConnectionTrait,
    appointment_id: &str,
) -> Result<Option<Position>, DbErr> {
    match ticket_for_appointment(c, appointment_id).await? {
        Some(t) => Ok(Some(ticket_position(c, &t).await?)),
        None => Ok(None),
    }
}

/// One call shown on the display board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardCall {
    /// Ticket number.
    pub ticket: String,
    /// Category.
    pub category: Category,
    /// Counter it was called to.
    pub counter: Option<String>,
    /// Status now (`called`, or `served`/`no_show` for finished ones).
    pub status: TicketStatus,
    /// Last called (ms).
    pub called_at: i64,
    /// Times called again.
    pub recalls: i64,
}

/// What the display board shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    /// Office.
    pub office: String,
    /// Office-local date.
    pub date: Date,
    /// The latest calls, most recent (by last call or recall) first.
    pub calls: Vec<BoardCall>,
    /// Tickets waiting.
    pub waiting: u32,
}

/// The board of an office's day: the `limit` latest calls and the number
/// of tickets waiting. No personal data.
pub async fn board(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
    limit: u32,
) -> Result<Board, DbErr> {
    let calls = db::all(
        c,
        "SELECT * FROM passport_tickets
         WHERE office_code = $1 AND service_date = $2 AND called_at IS NOT NULL
         ORDER BY called_at DESC, seq DESC LIMIT $3",
        [
            Value::from(office),
            Value::from(date.to_string()),
            Value::from(i64::from(limit)),
        ],
    )
    .await?
    .iter()
    .map(|r| {
        Ticket::from_row(r).map(|t| BoardCall {
            called_at: t.called_at.unwrap_or(t.checked_in_at),
            ticket: t.number,
            category: t.category,
            counter: t.counter,
            status: t.status,
            recalls: t.recalls,
        })
    })
    .collect::<Result<Vec<_>, _>>()?;
    Ok(Board {
        office: office.to_owned(),
        date,
        calls,
        waiting: waiting_count(c, office, date).await?,
    })
}

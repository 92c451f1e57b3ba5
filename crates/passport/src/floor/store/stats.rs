//! Reading the floor: live position of a ticket, the display board, and
//! the officer dashboard's day statistics.

use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DbErr, Value};
use serde::Serialize;

use imigrasi_platform::db;

use super::tickets::{TICKET_SELECT, people_ahead, ticket_for_booking, tickets_of_day};
use super::{Ticket, open_counter_count, waiting_count};
use crate::domain::booking::BookingStatus;
use crate::domain::category::Category;
use crate::domain::floor::{
    DEFAULT_SERVICE_MINUTES, DayStats, TicketFacts, TicketStatus, average_service_minutes,
    estimate_wait_minutes, summarize,
};
use crate::quota_store;

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

fn facts(t: &Ticket) -> TicketFacts {
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
    let served = db::all(
        c,
        &format!(
            "{TICKET_SELECT} WHERE t.office_code = $1 AND t.service_date = $2 AND t.status = 'served'"
        ),
        [Value::from(office), Value::from(date.to_string())],
    )
    .await?
    .iter()
    .map(|r| Ticket::from_row(r).map(|t| facts(&t)))
    .collect::<Result<Vec<_>, _>>()?;
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

/// The live position of a booking's ticket (`booking_id` is the internal
/// id, `Booking::id`), or `None` when it has not checked in.
pub async fn position(
    c: &impl ConnectionTrait,
    booking_id: &str,
) -> Result<Option<Position>, DbErr> {
    match ticket_for_booking(c, booking_id).await? {
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
        &format!(
            "{TICKET_SELECT} WHERE t.office_code = $1 AND t.service_date = $2 AND t.called_at IS NOT NULL
             ORDER BY t.called_at DESC, t.seq DESC LIMIT $3"
        ),
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

/// The officer dashboard's figures for an office's day: booked, checked
/// in, walk-ins, waiting, called, served, no-shows, average wait and
/// service time, per counter, per category and arrivals per office-local
/// hour (see `domain::floor::DayStats`).
pub async fn day_stats(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
) -> Result<DayStats, DbErr> {
    let (_, zone) = quota_store::office_with_zone(c, office).await?;
    let tickets = tickets_of_day(c, office, date).await?;
    let bookings = db::all(
        c,
        "SELECT b.id, b.status FROM passport_bookings b JOIN passport_slots s ON s.id = b.slot_id
         WHERE s.office_code = $1 AND s.date = $2",
        [Value::from(office), Value::from(date.to_string())],
    )
    .await?;
    let mut booked = 0u32;
    let mut absent = 0u32;
    for r in &bookings {
        let id: String = db::col(r, "id")?;
        let status: String = db::col(r, "status")?;
        let Ok(status) = status.parse::<BookingStatus>() else {
            continue;
        };
        if status.holds_slot() {
            booked += 1;
        }
        let had_ticket = tickets
            .iter()
            .any(|t| t.booking_id.as_deref() == Some(id.as_str()));
        if status == BookingStatus::NoShow && !had_ticket {
            absent += 1;
        }
    }
    let facts: Vec<TicketFacts> = tickets.iter().map(facts).collect();
    Ok(summarize(date, booked, absent, &facts, &zone))
}

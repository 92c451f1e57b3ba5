//! SQL of the office floor: kiosk devices, floor settings, queue tickets,
//! counters, calls, the no-show sweep, live positions and day statistics.
//!
//! Every change commits with its audit row in ONE write transaction
//! ([`db::begin_write`]). Changes that the display board shows (check-in,
//! walk-in, call, recall, served, no-show) are then announced on the topic
//! [`board_topic`] through [`Events::publish`]; the functions that make
//! them take the [`Events`] bus and publish after the commit, so callers
//! (API and pages) cannot forget it.
//!
//! The office code passed to these functions is the canonical (upper-case)
//! code of an existing office; "today" is the office-local date of `now`.
//!
//! Board event payload (JSON):
//! `{"type": "checked_in"|"called"|"recalled"|"served"|"no_show",
//!   "ticket": "A007", "category": "regular", "counter": "3"|null,
//!   "waiting": 12, "at": "RFC 3339 UTC"}` where `waiting` is the number
//! of tickets still waiting at the office after the change.

mod calls;
mod devices;
mod noshow;
mod settings;
mod stats;
mod tickets;

pub use calls::*;
pub use devices::*;
pub use noshow::*;
pub use settings::*;
pub use stats::*;
pub use tickets::*;

use imigrasi_platform::db::{self, Db};
use imigrasi_platform::events::Events;
use imigrasi_platform::policy::Actor;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::domain::booking::BookingStatus;
use crate::domain::floor::{PriorityRefusal, TicketError};

/// Who caused a floor change, for the audit log.
#[derive(Debug, Clone, Copy)]
pub struct FloorOrigin<'a> {
    /// The officer or supervisor acting; `None` for a kiosk device.
    pub actor: Option<&'a Actor>,
    /// The kiosk device acting, by id (audited as `{"device": id}`).
    pub device_id: Option<&'a str>,
    /// The request id.
    pub request_id: &'a str,
}

impl FloorOrigin<'_> {
    /// `detail` with the device added when a device acted.
    pub(crate) fn detail(&self, mut detail: serde_json::Value) -> serde_json::Value {
        if let (Some(device), Some(map)) = (self.device_id, detail.as_object_mut()) {
            map.insert("device".to_owned(), serde_json::Value::from(device));
        }
        detail
    }
}

/// Why a floor operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum FloorError {
    /// No booking with this code, or no ticket with this number today.
    #[error("not found")]
    NotFound,
    /// The booking is for another office.
    #[error("this booking is for another office ({office})")]
    WrongOffice {
        /// The booking's office.
        office: String,
    },
    /// The booking is for another day.
    #[error("this booking is for {date}, not today")]
    NotToday {
        /// The appointment's office-local date.
        date: Date,
    },
    /// The booking is not confirmed (unpaid, expired, cancelled, no-show).
    #[error("this booking is {status}, not confirmed")]
    NotConfirmed {
        /// Its status.
        status: BookingStatus,
    },
    /// The booking or NIK already holds a ticket.
    #[error("already checked in")]
    AlreadyCheckedIn,
    /// Too early or too late for the session.
    #[error("check-in is open from {opens} until {closes}")]
    OutsideWindow {
        /// First instant accepted.
        opens: Timestamp,
        /// First instant refused again.
        closes: Timestamp,
    },
    /// The office's daily cap of priority walk-ins is reached.
    #[error("the daily cap of {cap} priority walk-ins is reached")]
    PriorityCapReached {
        /// The cap.
        cap: u32,
    },
    /// The counter is not open.
    #[error("counter {counter} is not open")]
    CounterClosed {
        /// The counter.
        counter: String,
    },
    /// The priority reason does not fit the declared identity (422).
    #[error(transparent)]
    Priority(PriorityRefusal),
    /// The ticket cannot take this action.
    #[error(transparent)]
    Ticket(TicketError),
    /// Other counters kept taking the candidates; try again.
    #[error("other counters are calling at the same moment; try again")]
    Contention,
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl FloorError {
    /// Machine-readable error code (`not_found`, `wrong_office`, `not_today`,
    /// `not_confirmed`, `already_checked_in`, `outside_window`,
    /// `priority_cap_reached`, `invalid_input` (priority reason), `counter_closed`, `ticket_not_called`,
    /// `ticket_finished`, `ticket_not_waiting`, `try_again`, `internal_error`).
    pub fn code(&self) -> &'static str {
        match self {
            FloorError::NotFound => "not_found",
            FloorError::WrongOffice { .. } => "wrong_office",
            FloorError::NotToday { .. } => "not_today",
            FloorError::NotConfirmed { .. } => "not_confirmed",
            FloorError::AlreadyCheckedIn => "already_checked_in",
            FloorError::OutsideWindow { .. } => "outside_window",
            FloorError::PriorityCapReached { .. } => "priority_cap_reached",
            FloorError::CounterClosed { .. } => "counter_closed",
            FloorError::Priority(_) => "invalid_input",
            FloorError::Ticket(t) => t.code(),
            FloorError::Contention => "try_again",
            FloorError::Db(_) => "internal_error",
        }
    }
}

/// The event topic of an office's display board: `board:{office}`.
pub fn board_topic(office: &str) -> String {
    format!("board:{office}")
}

/// Tickets still waiting at an office on a day.
pub async fn waiting_count(
    c: &impl ConnectionTrait,
    office: &str,
    date: Date,
) -> Result<u32, DbErr> {
    let row = db::one(
        c,
        "SELECT COUNT(*) AS n FROM passport_tickets
         WHERE office_code = $1 AND service_date = $2 AND status = 'waiting'",
        [Value::from(office), Value::from(date.to_string())],
    )
    .await?;
    Ok(match row {
        Some(r) => u32::try_from(db::col::<i64>(&r, "n")?).unwrap_or(0),
        None => 0,
    })
}

/// Announce a ticket change on the office's board (after the commit).
pub(crate) async fn publish_ticket(
    database: &Db,
    events: &Events,
    kind: &str,
    ticket: &Ticket,
    now: Timestamp,
) {
    let waiting = match waiting_count(database, &ticket.office_code, ticket.service_date).await {
        Ok(n) => Some(n),
        Err(e) => {
            tracing::warn!(error = %e, "counting waiting tickets for the board failed");
            None
        }
    };
    events
        .publish(
            database,
            &board_topic(&ticket.office_code),
            serde_json::json!({
                "type": kind,
                "ticket": ticket.number,
                "category": ticket.category.as_str(),
                "counter": ticket.counter,
                "waiting": waiting,
                "at": now.to_string(),
            }),
        )
        .await;
}

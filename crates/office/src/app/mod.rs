//! The floor's use cases, one function each: check in, register a walk-in,
//! open and close a counter, call the next ticket, recall, serve, no-show,
//! register and revoke a kiosk device, change the floor settings, mark the
//! day's no-shows, and the day's figures.
//!
//! Each use case that changes something opens ONE write transaction
//! ([`imigrasi_platform::db::begin_write`]), applies the domain rule, writes through
//! [`crate::store`] (and through [`crate::port::Appointments`] for the
//! appointment behind a ticket), appends its audit row, commits, and
//! returns a typed error (never an HTTP type). Changes that the display
//! board shows (check-in, walk-in, call, recall, served, no-show) are then
//! announced on the topic [`board_topic`] through [`Events::publish`], so
//! adapters cannot forget it.
//!
//! Board event payload (JSON):
//! `{"type": "checked_in"|"called"|"recalled"|"served"|"no_show",
//!   "ticket": "A007", "category": "regular", "counter": "3"|null,
//!   "waiting": 12, "at": "RFC 3339 UTC"}` where `waiting` is the number
//! of tickets still waiting at the office after the change.

mod calls;
mod check_in;
mod counters;
mod devices;
mod no_show;
mod settings;
mod stats;
mod walk_in;

pub use calls::{CallError, TicketChange, TicketChangeError, call_next, change_ticket};
pub use check_in::{CheckIn, CheckInError, check_in};
pub use counters::{close_counter, open_counter};
pub use devices::{NewDevice, create_device, revoke_device};
pub use no_show::{NO_SHOW_BATCH, mark_no_shows};
pub use settings::save_floor_settings;
pub use stats::day_stats;
pub use walk_in::{WalkIn, WalkInError, WalkInPerson, walk_in, walk_in_case};

use imigrasi_platform::db::Db;
use imigrasi_platform::events::Events;
use imigrasi_platform::offices;
use imigrasi_platform::policy::Actor;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use sea_orm::{ConnectionTrait, DbErr};

use crate::port::FloorServices;
use crate::store::{Ticket, waiting_count};

/// What the use cases that touch tickets work with.
#[derive(Debug, Clone, Copy)]
pub struct Floor<'a> {
    /// The database.
    pub db: &'a Db,
    /// Where board events are published after a commit.
    pub events: &'a Events,
    /// The services whose appointments the floor serves.
    pub services: &'a FloorServices,
}

/// Who caused a floor change, for the audit log.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The officer or supervisor acting; `None` for a kiosk device.
    pub actor: Option<&'a Actor>,
    /// The kiosk device acting, by id (audited as `{"device": id}`).
    pub device_id: Option<&'a str>,
    /// The request id.
    pub request_id: &'a str,
}

impl Origin<'_> {
    /// `detail` with the device added when a device acted.
    pub(crate) fn detail(&self, mut detail: serde_json::Value) -> serde_json::Value {
        if let (Some(device), Some(map)) = (self.device_id, detail.as_object_mut()) {
            map.insert("device".to_owned(), serde_json::Value::from(device));
        }
        detail
    }
}

/// A ticket with the public code of its appointment (booking tickets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketWithCode {
    /// The ticket.
    pub ticket: Ticket,
    /// The appointment's public code (booking code); `None` for walk-ins.
    pub appointment_code: Option<String>,
}

/// The event topic of an office's display board: `board:{office}`.
pub fn board_topic(office: &str) -> String {
    format!("board:{office}")
}

/// The time zone of an office, or `RecordNotFound` for an unknown code.
pub(crate) async fn office_zone(c: &impl ConnectionTrait, office: &str) -> Result<TimeZone, DbErr> {
    let found = offices::find(c, office)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("office {office}")))?;
    found
        .zone()
        .map(|z| z.time_zone())
        .ok_or_else(|| DbErr::Custom(format!("office {office} has an unknown time zone")))
}

/// Announce a ticket change on the office's board (after the commit).
pub(crate) async fn publish_ticket(floor: Floor<'_>, kind: &str, ticket: &Ticket, now: Timestamp) {
    let waiting = match waiting_count(floor.db, &ticket.office_code, ticket.service_date).await {
        Ok(n) => Some(n),
        Err(e) => {
            tracing::warn!(error = %e, "counting waiting tickets for the board failed");
            None
        }
    };
    floor
        .events
        .publish(
            floor.db,
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

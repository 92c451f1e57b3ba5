//! Check-in of an appointment (kiosk or desk): the appointment becomes
//! checked in and its queue ticket is issued, in one transaction.

use imigrasi_platform::audit;
use imigrasi_platform::db;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::DbErr;

use super::{Floor, Origin, office_zone, publish_ticket};
use crate::domain::{TicketKind, office_date, ticket_number, ticket_prefix};
use crate::port::Stage;
use crate::store::tickets::{self, NewTicket, Ticket};
use crate::store::{floor_settings, people_ahead, ticket_for_appointment};

/// Why a check-in was refused.
#[derive(Debug, thiserror::Error)]
pub enum CheckInError {
    /// No appointment has this code.
    #[error("not found")]
    NotFound,
    /// The appointment is at another office.
    #[error("this booking is for another office ({office})")]
    WrongOffice {
        /// The appointment's office.
        office: String,
    },
    /// The appointment is on another day.
    #[error("this booking is for {date}, not today")]
    NotToday {
        /// The session's office-local date.
        date: Date,
    },
    /// The appointment is not expected (passport: unpaid, expired,
    /// cancelled, no-show).
    #[error("this booking is {status}, not confirmed")]
    NotConfirmed {
        /// The service's word for its state.
        status: String,
    },
    /// The appointment, or the holder's NIK, already holds a ticket.
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
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl CheckInError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            CheckInError::NotFound => "not_found",
            CheckInError::WrongOffice { .. } => "wrong_office",
            CheckInError::NotToday { .. } => "not_today",
            CheckInError::NotConfirmed { .. } => "not_confirmed",
            CheckInError::AlreadyCheckedIn => "already_checked_in",
            CheckInError::OutsideWindow { .. } => "outside_window",
            CheckInError::Db(_) => "internal_error",
        }
    }
}

/// A check-in: the ticket, the appointment's code and how many wait before it.
#[derive(Debug, Clone)]
pub struct CheckIn {
    /// The new ticket.
    pub ticket: Ticket,
    /// The appointment's public code.
    pub appointment_code: String,
    /// Waiting tickets issued before it.
    pub people_ahead: u32,
}

/// Check an appointment in at `office` and issue its ticket.
///
/// The appointment must be of this office, expected (passport: confirmed),
/// for today (office time), within the arrival window (from
/// `arrive_before_minutes` before the session starts until it ends) and
/// not checked in before. In one transaction: the appointment becomes
/// checked in (through its service), the ticket is numbered (`A`/`B`/`P`
/// by its category) and inserted, and the audit row
/// `{object_type}.check_in` (`booking.check_in`) is written. Then the board
/// hears `checked_in`.
pub async fn check_in(
    floor: Floor<'_>,
    office: &str,
    code: &str,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<CheckIn, CheckInError> {
    let code = code.trim().to_uppercase();
    if code.is_empty() || code.len() > 40 {
        return Err(CheckInError::NotFound);
    }
    let txn = db::begin_write(floor.db).await?;
    let (service, appointment) = floor
        .services
        .find_by_code(&txn, &code)
        .await?
        .ok_or(CheckInError::NotFound)?;
    if appointment.office_code != office {
        return Err(CheckInError::WrongOffice {
            office: appointment.office_code,
        });
    }
    if ticket_for_appointment(&txn, &appointment.id)
        .await?
        .is_some()
        || appointment.stage == Stage::Arrived
    {
        return Err(CheckInError::AlreadyCheckedIn);
    }
    if appointment.stage != Stage::Expected {
        return Err(CheckInError::NotConfirmed {
            status: appointment.status,
        });
    }
    let zone = office_zone(&txn, office).await?;
    let today = office_date(&zone, now);
    if appointment.date != today {
        return Err(CheckInError::NotToday {
            date: appointment.date,
        });
    }
    let settings = floor_settings(&txn, office).await?;
    let (opens, closes) = settings
        .check_in_window()
        .bounds(appointment.starts_at, appointment.ends_at);
    if now < opens || now >= closes {
        return Err(CheckInError::OutsideWindow { opens, closes });
    }
    if !service.check_in(&txn, &appointment.id, now).await? {
        return Err(CheckInError::AlreadyCheckedIn);
    }
    let prefix = ticket_prefix(appointment.category);
    let n = tickets::next_number(&txn, office, today, prefix).await?;
    let ticket = tickets::insert_ticket(
        &txn,
        NewTicket {
            office,
            date: today,
            number: ticket_number(prefix, n),
            category: appointment.category,
            kind: TicketKind::Booking,
            appointment_id: Some(&appointment.id),
            priority_reason: None,
            nik_index: &appointment.nik_index,
            nik_masked: &appointment.nik_masked,
            full_name: &appointment.full_name,
        },
        now,
    )
    .await?
    .ok_or(CheckInError::AlreadyCheckedIn)?;
    let object_type = service.object_type();
    audit::append(
        &txn,
        audit::Entry {
            actor: origin.actor,
            action: &format!("{object_type}.check_in"),
            object_type,
            object_id: &appointment.code,
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
    publish_ticket(floor, "checked_in", &ticket, now).await;
    Ok(CheckIn {
        ticket,
        appointment_code: appointment.code,
        people_ahead: ahead,
    })
}

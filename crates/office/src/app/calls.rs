//! Calling tickets to counters, and what happens to a called ticket:
//! recall, served, no-show.

use std::sync::Arc;

use imigrasi_platform::audit;
use imigrasi_platform::db;
use jiff::Timestamp;
use sea_orm::{DatabaseTransaction, DbErr};

use super::{Floor, Origin, TicketWithCode, office_zone, publish_ticket};
use crate::domain::{
    Pick, TicketAction, TicketError, TicketStatus, after_pick, next_pick, office_date,
    ticket_transition,
};
use crate::port::{Absence, Appointment, Appointments, FloorServices};
use crate::store::tickets::{self, Ticket};
use crate::store::{counter_state, counters, find_ticket, floor_settings, ticket_by_id};

/// How many times call-next looks for another candidate when other counters
/// took the ones it chose.
const CALL_ATTEMPTS: usize = 8;

/// Why a call was refused.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The counter is not open.
    #[error("counter {counter} is not open")]
    CounterClosed {
        /// The counter.
        counter: String,
    },
    /// Other counters kept taking the candidates; try again.
    #[error("other counters are calling at the same moment; try again")]
    Contention,
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl CallError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            CallError::CounterClosed { .. } => "counter_closed",
            CallError::Contention => "try_again",
            CallError::Db(_) => "internal_error",
        }
    }
}

/// The appointment behind a ticket, with its service.
async fn appointment_of(
    txn: &DatabaseTransaction,
    services: &FloorServices,
    ticket: &Ticket,
) -> Result<Option<(Arc<dyn Appointments>, Appointment)>, DbErr> {
    match &ticket.appointment_id {
        Some(id) => services.find_by_id(txn, id).await,
        None => Ok(None),
    }
}

/// Call the next ticket of today to an open `counter`, or `None` when
/// nobody waits.
///
/// The oldest waiting ticket goes first, except that once `priority_every`
/// regular or accelerated tickets were called since the last priority one
/// (`passport_call_state`), a waiting priority ticket goes next
/// (`domain::next_pick`). The chosen ticket is taken with a conditional
/// update (`status = 'waiting'`), so two counters never get the same
/// ticket; a counter whose candidate was taken looks again. The counter's
/// previous ticket, if still `called`, is left as it is. Audited as
/// `ticket.call`; the board hears `called`.
pub async fn call_next(
    floor: Floor<'_>,
    office: &str,
    counter: &str,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<Option<TicketWithCode>, CallError> {
    let txn = db::begin_write(floor.db).await?;
    if !counter_state(&txn, office, counter).await?.open {
        return Err(CallError::CounterClosed {
            counter: counter.to_owned(),
        });
    }
    let zone = office_zone(&txn, office).await?;
    let date = office_date(&zone, now);
    let since = counters::lock_call_state(&txn, office, date).await?;
    let settings = floor_settings(&txn, office).await?;
    let mut called = None;
    for _ in 0..CALL_ATTEMPTS {
        let priority = tickets::oldest_waiting(&txn, office, date, true).await?;
        let other = tickets::oldest_waiting(&txn, office, date, false).await?;
        let Some(pick) = next_pick(
            settings.priority_every,
            since,
            priority.as_ref().map(|p| p.1),
            other.as_ref().map(|o| o.1),
        ) else {
            return Ok(None);
        };
        let candidate = match pick {
            Pick::Priority => priority,
            Pick::Other => other,
        };
        let Some((id, _)) = candidate else {
            return Ok(None);
        };
        if tickets::take(&txn, &id, counter, now).await? {
            called = Some((id, pick));
            break;
        }
    }
    let Some((id, pick)) = called else {
        return Err(CallError::Contention);
    };
    counters::set_call_state(&txn, office, date, after_pick(pick, since)).await?;
    let ticket = ticket_by_id(&txn, &id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("ticket just called".into()))?;
    let code = appointment_of(&txn, floor.services, &ticket)
        .await?
        .map(|(_, a)| a.code);
    audit::append(
        &txn,
        audit::Entry {
            actor: origin.actor,
            action: "ticket.call",
            object_type: "ticket",
            object_id: &ticket.id,
            office: Some(office),
            request_id: Some(origin.request_id),
            detail: origin.detail(serde_json::json!({
                "ticket": ticket.number,
                "counter": counter,
                "booking": code,
            })),
        },
    )
    .await?;
    txn.commit().await?;
    publish_ticket(floor, "called", &ticket, now).await;
    Ok(Some(TicketWithCode {
        ticket,
        appointment_code: code,
    }))
}

/// What an officer does to a called ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketChange {
    /// Call it again (recalls + 1, called now).
    Recall,
    /// Served: the ticket and its appointment become served.
    Serve,
    /// Did not come: the ticket and its appointment become no-shows.
    NoShow,
}

impl TicketChange {
    /// The ticket state machine's action.
    pub fn action(self) -> TicketAction {
        match self {
            TicketChange::Recall => TicketAction::Recall,
            TicketChange::Serve => TicketAction::Serve,
            TicketChange::NoShow => TicketAction::NoShow,
        }
    }

    fn audit_action(self) -> &'static str {
        match self {
            TicketChange::Recall => "ticket.recall",
            TicketChange::Serve => "ticket.serve",
            TicketChange::NoShow => "ticket.no_show",
        }
    }

    /// The board event type: `recalled`, `served` or `no_show`.
    pub fn event(self) -> &'static str {
        match self {
            TicketChange::Recall => "recalled",
            TicketChange::Serve => "served",
            TicketChange::NoShow => "no_show",
        }
    }
}

/// Why a change of a called ticket was refused.
#[derive(Debug, thiserror::Error)]
pub enum TicketChangeError {
    /// No ticket with this number today.
    #[error("not found")]
    NotFound,
    /// The ticket cannot take this action.
    #[error(transparent)]
    Ticket(TicketError),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl TicketChangeError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            TicketChangeError::NotFound => "not_found",
            TicketChangeError::Ticket(t) => t.code(),
            TicketChangeError::Db(_) => "internal_error",
        }
    }
}

/// Recall, serve or mark no-show today's ticket `number` (canonical, e.g.
/// `A007`) at `office`. The ticket must be `called`. Serving moves its
/// appointment to served; a no-show moves it to no-show (a missed call),
/// both through the appointment's service. Audited as `ticket.recall` /
/// `ticket.serve` / `ticket.no_show`; the board hears `recalled` /
/// `served` / `no_show`.
pub async fn change_ticket(
    floor: Floor<'_>,
    office: &str,
    number: &str,
    change: TicketChange,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<TicketWithCode, TicketChangeError> {
    let txn = db::begin_write(floor.db).await?;
    let zone = office_zone(&txn, office).await?;
    let date = office_date(&zone, now);
    let ticket = find_ticket(&txn, office, date, number)
        .await?
        .ok_or(TicketChangeError::NotFound)?;
    let to =
        ticket_transition(ticket.status, change.action()).map_err(TicketChangeError::Ticket)?;
    let changed = match change {
        TicketChange::Recall => tickets::recall(&txn, &ticket.id, now).await?,
        TicketChange::Serve | TicketChange::NoShow => {
            tickets::finish(&txn, &ticket.id, to, now).await?
        }
    };
    if !changed {
        // Someone changed it first; report from its current state.
        let current = ticket_by_id(&txn, &ticket.id)
            .await?
            .map_or(TicketStatus::Served, |t| t.status);
        return Err(TicketChangeError::Ticket(
            ticket_transition(current, change.action())
                .err()
                .unwrap_or(TicketError::Finished(current)),
        ));
    }
    let appointment = appointment_of(&txn, floor.services, &ticket).await?;
    if change != TicketChange::Recall
        && let Some((service, a)) = &appointment
    {
        let followed = match change {
            TicketChange::Serve => service.mark_served(&txn, &a.id, now).await?,
            _ => {
                service
                    .mark_no_show(&txn, &a.id, Absence::MissedCall, now)
                    .await?
            }
        };
        if !followed {
            tracing::warn!(appointment = %a.code, status = %a.status, change = ?change,
                "ticket changed but its appointment could not follow");
        }
    }
    let code = appointment.map(|(_, a)| a.code);
    let updated = ticket_by_id(&txn, &ticket.id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("ticket just changed".into()))?;
    audit::append(
        &txn,
        audit::Entry {
            actor: origin.actor,
            action: change.audit_action(),
            object_type: "ticket",
            object_id: &updated.id,
            office: Some(office),
            request_id: Some(origin.request_id),
            detail: origin.detail(serde_json::json!({
                "ticket": updated.number,
                "counter": updated.counter,
                "booking": code,
            })),
        },
    )
    .await?;
    txn.commit().await?;
    publish_ticket(floor, change.event(), &updated, now).await;
    Ok(TicketWithCode {
        ticket: updated,
        appointment_code: code,
    })
}

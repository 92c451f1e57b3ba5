//! Counters and calls: open and close a counter, call the next ticket
//! (priority interleaved with the others), recall, served, no-show.

use imigrasi_platform::audit;
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::events::Events;
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::tickets::{find_ticket, ticket_by_id};
use super::{FloorError, FloorOrigin, Ticket, floor_settings, publish_ticket};
use crate::domain::booking::{self, BookingStatus};
use crate::domain::floor::{
    Pick, TicketAction, TicketError, TicketStatus, after_pick, next_pick, ticket_transition,
};
use crate::domain::office_time::office_date;
use crate::quota_store;
use crate::store as booking_store;

/// How many times call-next looks for another candidate when other counters
/// took the ones it chose.
const CALL_ATTEMPTS: usize = 8;

/// A counter of an office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterState {
    /// Name (`1`, `12`, `A1`).
    pub counter: String,
    /// Whether it is open (calls are accepted).
    pub open: bool,
    /// Account that opened it last.
    pub opened_by: Option<String>,
    /// Opened last (ms).
    pub opened_at: Option<i64>,
    /// Closed last (ms).
    pub closed_at: Option<i64>,
}

impl CounterState {
    fn from_row(r: &sea_orm::QueryResult) -> Result<CounterState, DbErr> {
        let opened_at: Option<i64> = db::col(r, "opened_at")?;
        let closed_at: Option<i64> = db::col(r, "closed_at")?;
        Ok(CounterState {
            counter: db::col(r, "counter")?,
            open: opened_at.is_some() && closed_at.is_none(),
            opened_by: db::col(r, "opened_by")?,
            opened_at,
            closed_at,
        })
    }

    fn closed(counter: &str) -> CounterState {
        CounterState {
            counter: counter.to_owned(),
            open: false,
            opened_by: None,
            opened_at: None,
            closed_at: None,
        }
    }
}

/// Numbers in numeric order, then names.
fn counter_order(name: &str) -> (u64, String) {
    (name.parse::<u64>().unwrap_or(u64::MAX), name.to_owned())
}

/// One counter of an office (closed when never opened).
pub async fn counter_state(
    c: &impl ConnectionTrait,
    office: &str,
    counter: &str,
) -> Result<CounterState, DbErr> {
    Ok(db::one_as(
        c,
        "SELECT * FROM passport_counters WHERE office_code = $1 AND counter = $2",
        [Value::from(office), Value::from(counter)],
        CounterState::from_row,
    )
    .await?
    .unwrap_or_else(|| CounterState::closed(counter)))
}

/// Every counter ever opened at an office, `1, 2, ..., 10, A1`.
pub async fn counters(c: &impl ConnectionTrait, office: &str) -> Result<Vec<CounterState>, DbErr> {
    let mut list = db::all(
        c,
        "SELECT * FROM passport_counters WHERE office_code = $1",
        [Value::from(office)],
    )
    .await?
    .iter()
    .map(CounterState::from_row)
    .collect::<Result<Vec<_>, _>>()?;
    list.sort_by_key(|c| counter_order(&c.counter));
    Ok(list)
}

/// How many counters of an office are open.
pub async fn open_counter_count(c: &impl ConnectionTrait, office: &str) -> Result<u32, DbErr> {
    let row = db::one(
        c,
        "SELECT COUNT(*) AS n FROM passport_counters
         WHERE office_code = $1 AND opened_at IS NOT NULL AND closed_at IS NULL",
        [Value::from(office)],
    )
    .await?;
    Ok(match row {
        Some(r) => u32::try_from(db::col::<i64>(&r, "n")?).unwrap_or(0),
        None => 0,
    })
}

/// Open a counter (canonical name, see `domain::floor::parse_counter`);
/// opening an open counter records the new officer. Audited as `counter.open`.
pub async fn open_counter(
    database: &Db,
    office: &str,
    counter: &str,
    origin: FloorOrigin<'_>,
    now: Timestamp,
) -> Result<CounterState, DbErr> {
    let txn = db::begin_write(database).await?;
    db::exec(
        &txn,
        "INSERT INTO passport_counters (office_code, counter, opened_by, opened_at, closed_at)
         VALUES ($1, $2, $3, $4, NULL)
         ON CONFLICT (office_code, counter) DO UPDATE SET opened_by = excluded.opened_by,
            opened_at = excluded.opened_at, closed_at = NULL",
        [
            Value::from(office),
            Value::from(counter),
            Value::from(origin.actor.map(|a| a.id.clone())),
            Value::from(db::millis(now)),
        ],
    )
    .await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: origin.actor,
            action: "counter.open",
            object_type: "counter",
            object_id: counter,
            office: Some(office),
            request_id: Some(origin.request_id),
            detail: origin.detail(serde_json::json!({})),
        },
    )
    .await?;
    let state = counter_state(&txn, office, counter).await?;
    txn.commit().await?;
    Ok(state)
}

/// Close a counter; its called ticket (if any) stays as it is. Closing a
/// closed counter changes nothing. Audited as `counter.close`.
pub async fn close_counter(
    database: &Db,
    office: &str,
    counter: &str,
    origin: FloorOrigin<'_>,
    now: Timestamp,
) -> Result<CounterState, DbErr> {
    let txn = db::begin_write(database).await?;
    let changed = db::exec(
        &txn,
        "UPDATE passport_counters SET closed_at = $1
         WHERE office_code = $2 AND counter = $3 AND opened_at IS NOT NULL AND closed_at IS NULL",
        [
            Value::from(db::millis(now)),
            Value::from(office),
            Value::from(counter),
        ],
    )
    .await?;
    if changed == 1 {
        audit::append(
            &txn,
            audit::Entry {
                actor: origin.actor,
                action: "counter.close",
                object_type: "counter",
                object_id: counter,
                office: Some(office),
                request_id: Some(origin.request_id),
                detail: origin.detail(serde_json::json!({})),
            },
        )
        .await?;
    }
    let state = counter_state(&txn, office, counter).await?;
    txn.commit().await?;
    Ok(state)
}

async fn oldest_waiting(
    c: &impl ConnectionTrait,
    office: &str,
    date: &str,
    priority: bool,
) -> Result<Option<(String, i64)>, DbErr> {
    let sql = if priority {
        "SELECT id, seq FROM passport_tickets WHERE office_code = $1 AND service_date = $2
         AND status = 'waiting' AND category = 'priority' ORDER BY seq LIMIT 1"
    } else {
        "SELECT id, seq FROM passport_tickets WHERE office_code = $1 AND service_date = $2
         AND status = 'waiting' AND category <> 'priority' ORDER BY seq LIMIT 1"
    };
    db::one(c, sql, [Value::from(office), Value::from(date)])
        .await?
        .map(|r| Ok((db::col(&r, "id")?, i64::from(db::col::<i32>(&r, "seq")?))))
        .transpose()
}

/// Call the next ticket of today to an open `counter`, or `None` when
/// nobody waits.
///
/// The oldest waiting ticket goes first, except that once `priority_every`
/// regular or accelerated tickets were called since the last priority one
/// (`passport_call_state`), a waiting priority ticket goes next
/// (`domain::floor::next_pick`). The chosen ticket is taken with a
/// conditional update (`status = 'waiting'`), so two counters never get the
/// same ticket; a counter whose candidate was taken looks again. The
/// counter's previous ticket, if still `called`, is left as it is. Audited
/// as `ticket.call`; the board hears `called`.
///
/// Errors: `CounterClosed`, `Contention` (after repeated losses).
pub async fn call_next(
    database: &Db,
    events: &Events,
    office: &str,
    counter: &str,
    origin: FloorOrigin<'_>,
    now: Timestamp,
) -> Result<Option<Ticket>, FloorError> {
    let txn = db::begin_write(database).await?;
    if !counter_state(&txn, office, counter).await?.open {
        return Err(FloorError::CounterClosed {
            counter: counter.to_owned(),
        });
    }
    let (_, zone) = quota_store::office_with_zone(&txn, office).await?;
    let date = office_date(&zone, now).to_string();
    // Calls of one office day take turns on this row (the upsert locks it
    // on PostgreSQL; SQLite's write transaction is exclusive anyway), so
    // the interleaving count is never lost between two counters.
    db::exec(
        &txn,
        "INSERT INTO passport_call_state (office_code, service_date, regular_since_priority)
         VALUES ($1, $2, 0)
         ON CONFLICT (office_code, service_date)
         DO UPDATE SET regular_since_priority = passport_call_state.regular_since_priority",
        [Value::from(office), Value::from(date.clone())],
    )
    .await?;
    let row = db::one(
        &txn,
        "SELECT regular_since_priority FROM passport_call_state
         WHERE office_code = $1 AND service_date = $2",
        [Value::from(office), Value::from(date.clone())],
    )
    .await?
    .ok_or_else(|| DbErr::RecordNotFound("call state just written".into()))?;
    let since = u32::try_from(db::col::<i32>(&row, "regular_since_priority")?).unwrap_or(0);
    let settings = floor_settings(&txn, office).await?;
    let mut called = None;
    for _ in 0..CALL_ATTEMPTS {
        let priority = oldest_waiting(&txn, office, &date, true).await?;
        let other = oldest_waiting(&txn, office, &date, false).await?;
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
        let taken = db::exec(
            &txn,
            "UPDATE passport_tickets SET status = 'called', counter = $1, called_at = $2
             WHERE id = $3 AND status = 'waiting'",
            [
                Value::from(counter),
                Value::from(db::millis(now)),
                Value::from(id.clone()),
            ],
        )
        .await?;
        if taken == 1 {
            called = Some((id, pick));
            break;
        }
    }
    let Some((id, pick)) = called else {
        return Err(FloorError::Contention);
    };
    db::exec(
        &txn,
        "UPDATE passport_call_state SET regular_since_priority = $1
         WHERE office_code = $2 AND service_date = $3",
        [
            Value::from(i32::try_from(after_pick(pick, since)).unwrap_or(i32::MAX)),
            Value::from(office),
            Value::from(date),
        ],
    )
    .await?;
    let ticket = ticket_by_id(&txn, &id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("ticket just called".into()))?;
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
                "booking": ticket.booking_code,
            })),
        },
    )
    .await?;
    txn.commit().await?;
    publish_ticket(database, events, "called", &ticket, now).await;
    Ok(Some(ticket))
}

/// What an officer does to a called ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketChange {
    /// Call it again (recalls + 1, called now).
    Recall,
    /// Served: the ticket and its booking become `served`.
    Serve,
    /// Did not come: the ticket and its booking become `no_show`.
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

/// Recall, serve or mark no-show today's ticket `number` (canonical, e.g.
/// `A007`) at `office`. The ticket must be `called`. Serving moves its
/// booking `checked_in -> served`; a no-show moves it to `no_show`.
/// Audited as `ticket.recall` / `ticket.serve` / `ticket.no_show`; the
/// board hears `recalled` / `served` / `no_show`.
///
/// Errors: `NotFound`, `Ticket(NotCalled | Finished)`.
pub async fn change_ticket(
    database: &Db,
    events: &Events,
    office: &str,
    number: &str,
    change: TicketChange,
    origin: FloorOrigin<'_>,
    now: Timestamp,
) -> Result<Ticket, FloorError> {
    let txn = db::begin_write(database).await?;
    let (_, zone) = quota_store::office_with_zone(&txn, office).await?;
    let date = office_date(&zone, now);
    let ticket = find_ticket(&txn, office, date, number)
        .await?
        .ok_or(FloorError::NotFound)?;
    let to = ticket_transition(ticket.status, change.action()).map_err(FloorError::Ticket)?;
    let (sql, values) = match change {
        TicketChange::Recall => (
            "UPDATE passport_tickets SET recalls = recalls + 1, called_at = $1
             WHERE id = $2 AND status = 'called'",
            vec![Value::from(db::millis(now)), Value::from(ticket.id.clone())],
        ),
        TicketChange::Serve | TicketChange::NoShow => (
            "UPDATE passport_tickets SET status = $1, finished_at = $2
             WHERE id = $3 AND status = 'called'",
            vec![
                Value::from(to.as_str()),
                Value::from(db::millis(now)),
                Value::from(ticket.id.clone()),
            ],
        ),
    };
    if db::exec(&txn, sql, values).await? != 1 {
        // Someone changed it first; report from its current state.
        let current = ticket_by_id(&txn, &ticket.id)
            .await?
            .map_or(TicketStatus::Served, |t| t.status);
        return Err(FloorError::Ticket(
            ticket_transition(current, change.action())
                .err()
                .unwrap_or(TicketError::Finished(current)),
        ));
    }
    if change != TicketChange::Recall
        && let Some(code) = &ticket.booking_code
        && let Some(b) = booking_store::find_by_code(&txn, code).await?
    {
        let next = match change {
            TicketChange::Serve => booking::serve(b.status),
            _ => booking::miss_call(b.status),
        };
        match next {
            Ok(next) => {
                booking_store::status::transition(
                    &txn,
                    &b.id,
                    &[BookingStatus::CheckedIn],
                    next,
                    now,
                )
                .await?;
            }
            Err(e) => {
                tracing::warn!(booking = %b.code, error = %e, "ticket changed but its booking could not follow");
            }
        }
    }
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
                "booking": updated.booking_code,
            })),
        },
    )
    .await?;
    txn.commit().await?;
    publish_ticket(database, events, change.event(), &updated, now).await;
    Ok(updated)
}

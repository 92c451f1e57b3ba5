//! After the visit: the officer records the outcome at the counter, then the
//! passport is printed, waits at the office, and is collected or sent by
//! post; the worker cancels what is not collected in 30 days and refuses
//! postponements whose 7 days passed.
//!
//! Only officers and supervisors of the booking's office act
//! (`Permission::OperateOfficeFloor`); anyone else gets `NotFound`, as for
//! reading a booking (`super::read::visible`). The outcome is recorded only
//! for a booking at the counter: `checked_in` (called, being interviewed)
//! or `served`. Each step is one write transaction with its audit row; the
//! status moves by `store::applications::transition`, whose conditional
//! write decides between concurrent requests.

use std::sync::Arc;

use imigrasi_core::PersonName;
use imigrasi_platform::db::{self, Db, LostConnection};
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit};
use jiff::Timestamp;
use sea_orm::{DatabaseTransaction, DbErr};

use super::Origin;
use crate::domain::BookingStatus;
use crate::domain::application::{
    self as rules, ApplicationAction, ApplicationError, ApplicationStatus, Current, Outcome,
    Relation,
};
use crate::domain::office_time::add_minutes;
use crate::notices;
use crate::store::applications::{self, Application, Change};
use crate::store::{self, Booking};

/// The booking statuses at which an outcome may be recorded.
pub const AT_THE_COUNTER: [BookingStatus; 2] = [BookingStatus::CheckedIn, BookingStatus::Served];

/// Why a step after the visit was refused.
#[derive(Debug, thiserror::Error)]
pub enum VisitError {
    /// No such booking, or not one of the actor's office.
    #[error("no such booking")]
    NotFound,
    /// The booking was not at the counter (not checked in or served).
    #[error("a booking that is {0} has no outcome to record")]
    NotAtCounter(BookingStatus),
    /// The application's state machine refuses.
    #[error(transparent)]
    Application(ApplicationError),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl LostConnection for VisitError {
    fn connection_lost(&self) -> bool {
        matches!(self, VisitError::Db(e) if db::is_unavailable(e))
    }
}

/// The outcome the officer records.
#[derive(Debug, Clone)]
pub struct Decision {
    /// Approved, postponed or refused.
    pub outcome: Outcome,
    /// The reason (required for a refusal; checked by the adapter).
    pub reason: Option<String>,
}

/// A step taken: the booking and its application afterwards.
#[derive(Debug, Clone)]
pub struct Step {
    /// The booking.
    pub booking: Booking,
    /// Its application.
    pub application: Application,
}

/// A booking of an office the actor works at; `NotFound` otherwise.
async fn of_office(state: &AppState, actor: &Actor, code: &str) -> Result<Booking, VisitError> {
    let booking = store::find_by_code(&state.db, &code.trim().to_uppercase())
        .await?
        .ok_or(VisitError::NotFound)?;
    policy::authorize(
        actor,
        Permission::OperateOfficeFloor {
            office: &booking.office_code,
        },
    )
    .map_err(|_| VisitError::NotFound)?;
    Ok(booking)
}

fn current(a: Option<&Application>) -> Option<Current> {
    a.map(|a| Current {
        status: a.status,
        postponed_until: a.postponed_until.map(db::from_millis),
    })
}

fn refused(from: Option<ApplicationStatus>, action: ApplicationAction) -> VisitError {
    VisitError::Application(ApplicationError::InvalidTransition { from, action })
}

/// What a step does: its name, what it writes, what its audit row says.
struct Move<'a> {
    action: ApplicationAction,
    change: Change<'a>,
    detail: serde_json::Value,
}

/// One step in one transaction: the rule picks the next status from the
/// stored one, the conditional write applies it (or the step is refused),
/// then the audit row and, for `ready_for_pickup`, the holder's notice.
async fn step<R>(
    state: &AppState,
    origin: Origin<'_>,
    booking: &Booking,
    what: Move<'_>,
    rule: R,
    now: Timestamp,
) -> Result<Step, VisitError>
where
    R: Fn(&Booking, Option<&Application>) -> Result<ApplicationStatus, VisitError> + Sync,
{
    let Move {
        action,
        change,
        detail,
    } = what;
    let (rule, detail) = (&rule, &detail);
    db::write(&state.db, |txn: Arc<DatabaseTransaction>| async move {
        let booking = store::find_by_id(&*txn, &booking.id)
            .await?
            .ok_or(VisitError::NotFound)?;
        let before = applications::find(&*txn, &booking.id).await?;
        let from = before.as_ref().map(|a| a.status);
        let to = rule(&booking, before.as_ref())?;
        if !applications::transition(&*txn, &booking.id, from, to, change, now).await? {
            return Err(refused(from, action));
        }
        audit::append(
            &*txn,
            audit::Entry {
                actor: origin.actor,
                action: &format!("application.{}", action.as_str()),
                object_type: "booking",
                object_id: &booking.code,
                office: Some(&booking.office_code),
                request_id: Some(origin.request_id).filter(|r| !r.is_empty()),
                detail: serde_json::json!({
                    "from": from.map(ApplicationStatus::as_str),
                    "to": to.as_str(),
                    "facts": detail,
                }),
            },
        )
        .await?;
        if to == ApplicationStatus::ReadyForPickup {
            store::notify_owner(&*txn, &booking, notices::READY_FOR_PICKUP).await?;
        }
        let application = applications::find(&*txn, &booking.id)
            .await?
            .ok_or(VisitError::NotFound)?;
        Ok(Step {
            booking,
            application,
        })
    })
    .await
}

/// Record the outcome at the counter (first, or after a postponement).
pub async fn record_outcome(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    code: &str,
    decision: &Decision,
    now: Timestamp,
) -> Result<Step, VisitError> {
    let booking = of_office(state, actor, code).await?;
    let postponed_until =
        (decision.outcome == Outcome::Postponed).then(|| rules::postponed_until(now));
    let change = Change::Outcome {
        office: &booking.office_code,
        outcome: decision.outcome,
        reason: decision.reason.as_deref(),
        postponed_until,
        by: Some(actor.id.as_str()),
    };
    let rule = |b: &Booking, a: Option<&Application>| {
        if a.is_none() && !AT_THE_COUNTER.contains(&b.status) {
            return Err(VisitError::NotAtCounter(b.status));
        }
        rules::record_outcome(current(a), decision.outcome, now).map_err(VisitError::Application)
    };
    let what = Move {
        action: ApplicationAction::Outcome,
        change,
        detail: serde_json::json!({"outcome": decision.outcome.as_str()}),
    };
    step(state, origin, &booking, what, rule, now).await
}

/// The passport is printed and waits at the office; the holder is told.
pub async fn mark_ready(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    code: &str,
    now: Timestamp,
) -> Result<Step, VisitError> {
    let booking = of_office(state, actor, code).await?;
    let rule = |_: &Booking, a: Option<&Application>| {
        rules::mark_ready(a.map(|a| a.status)).map_err(VisitError::Application)
    };
    let what = Move {
        action: ApplicationAction::Ready,
        change: Change::Ready,
        detail: serde_json::json!({}),
    };
    step(state, origin, &booking, what, rule, now).await
}

/// The passport was collected at the office by `by` (`relation` to the holder).
pub async fn collected(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    code: &str,
    by: &PersonName,
    relation: Relation,
    now: Timestamp,
) -> Result<Step, VisitError> {
    let booking = of_office(state, actor, code).await?;
    let change = Change::Collected {
        by: by.as_str(),
        relation,
    };
    let rule = |_: &Booking, a: Option<&Application>| {
        rules::collect(a.map(|a| a.status)).map_err(VisitError::Application)
    };
    // The collector's name is personal data: the audit row keeps the relation.
    let what = Move {
        action: ApplicationAction::Collect,
        change,
        detail: serde_json::json!({"relation": relation.as_str()}),
    };
    step(state, origin, &booking, what, rule, now).await
}

/// The passport was sent by post with `tracking_number`.
pub async fn delivered(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    code: &str,
    tracking_number: &str,
    now: Timestamp,
) -> Result<Step, VisitError> {
    let booking = of_office(state, actor, code).await?;
    let change = Change::Delivered { tracking_number };
    let rule = |_: &Booking, a: Option<&Application>| {
        rules::deliver(a.map(|a| a.status)).map_err(VisitError::Application)
    };
    let what = Move {
        action: ApplicationAction::Deliver,
        change,
        detail: serde_json::json!({"tracking_number": tracking_number}),
    };
    step(state, origin, &booking, what, rule, now).await
}

/// A booking of the actor's office with its application, for the staff
/// page (the read is audited as `booking.read`, see `super::read::visible`).
pub async fn for_staff(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    code: &str,
) -> Result<(Booking, Option<Application>), VisitError> {
    let booking = of_office(state, actor, code).await?;
    let booking = super::read::visible(state, actor, origin, &booking.code)
        .await
        .map_err(|e| match e {
            super::BookingError::Db(e) => VisitError::Db(e),
            _ => VisitError::NotFound,
        })?;
    let application = applications::find(&state.db, &booking.id).await?;
    Ok((booking, application))
}

/// The application of a booking, if an outcome was recorded (for the
/// booking's views; the caller has already checked access to the booking).
pub async fn of_booking(db: &Db, booking: &Booking) -> Result<Option<Application>, DbErr> {
    applications::find(db, &booking.id).await
}

/// What one sweep closed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Passports not collected within 30 days of being ready.
    pub cancelled_uncollected: usize,
    /// Postponements whose 7 days passed without the papers.
    pub lapsed: usize,
}

/// The worker's sweep at `now`: cancel passports ready for 30 days and not
/// collected, refuse postponements whose 7 days passed. Each in its own
/// transaction, audited (no actor).
pub async fn sweep(database: &Db, now: Timestamp, limit: u64) -> Result<Swept, DbErr> {
    let mut swept = Swept::default();
    let now_ms = db::millis(now);
    let ready_before = db::millis(add_minutes(now, -rules::COLLECT_DAYS * 24 * 60));
    for id in applications::due_uncollected(database, ready_before, limit).await? {
        let rule = |a: &Application| {
            rules::cancel_uncollected(Some(a.status), db::from_millis(a.ready_at?), now).ok()
        };
        if close(
            database,
            &id,
            ApplicationAction::CancelUncollected,
            rule,
            now,
        )
        .await?
        {
            swept.cancelled_uncollected += 1;
        }
    }
    for id in applications::due_lapsed(database, now_ms, limit).await? {
        let rule = |a: &Application| {
            rules::lapse(Some(a.status), db::from_millis(a.postponed_until?), now).ok()
        };
        if close(database, &id, ApplicationAction::Lapse, rule, now).await? {
            swept.lapsed += 1;
        }
    }
    Ok(swept)
}

async fn close<R>(
    database: &Db,
    booking_id: &str,
    action: ApplicationAction,
    rule: R,
    now: Timestamp,
) -> Result<bool, DbErr>
where
    R: Fn(&Application) -> Option<ApplicationStatus> + Sync,
{
    let rule = &rule;
    db::write(database, |txn: Arc<DatabaseTransaction>| async move {
        let (Some(a), Some(booking)) = (
            applications::find(&*txn, booking_id).await?,
            store::find_by_id(&*txn, booking_id).await?,
        ) else {
            return Ok(false);
        };
        let Some(to) = rule(&a) else {
            return Ok(false);
        };
        if !applications::transition(&*txn, booking_id, Some(a.status), to, Change::Closed, now)
            .await?
        {
            return Ok(false);
        }
        audit::append(
            &*txn,
            audit::Entry {
                actor: None,
                action: &format!("application.{}", action.as_str()),
                object_type: "booking",
                object_id: &booking.code,
                office: Some(&booking.office_code),
                request_id: None,
                detail: serde_json::json!({"from": a.status.as_str(), "to": to.as_str()}),
            },
        )
        .await?;
        Ok(true)
    })
    .await
}

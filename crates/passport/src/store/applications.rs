//! SQL of the application after the visit (`passport_applications`).
//!
//! An application's status changes in one function only, [`transition`]:
//! the first outcome is an `INSERT … ON CONFLICT DO NOTHING` (a second
//! concurrent outcome inserts nothing), every later step an
//! `UPDATE … WHERE status = <expected>`; the row count says whether it
//! applied, so two concurrent requests can never both apply.

use imigrasi_platform::db;
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use crate::domain::application::{ApplicationStatus, Outcome, Relation, is_edge};

/// A stored application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// The booking it follows.
    pub booking_id: String,
    /// The office that decided it.
    pub office_code: String,
    /// Where it is.
    pub status: ApplicationStatus,
    /// The last outcome recorded.
    pub outcome: Outcome,
    /// Why refused (or postponed), as the officer wrote it.
    pub reason: Option<String>,
    /// Until when a postponed application may be completed (ms).
    pub postponed_until: Option<i64>,
    /// When the last outcome was recorded (ms).
    pub decided_at: i64,
    /// When the passport was ready for pickup (ms).
    pub ready_at: Option<i64>,
    /// Who collected it.
    pub collected_by: Option<String>,
    /// Their relation to the holder.
    pub relation: Option<Relation>,
    /// The postal tracking number of a delivered passport.
    pub tracking_number: Option<String>,
    /// When it was collected, delivered, refused or cancelled (ms).
    pub closed_at: Option<i64>,
}

fn parsed<T: std::str::FromStr>(value: &str) -> Result<T, DbErr> {
    value
        .parse()
        .map_err(|_| DbErr::Custom(format!("bad application value {value}")))
}

impl Application {
    fn from_row(r: &QueryResult) -> Result<Application, DbErr> {
        let relation: Option<String> = db::col(r, "relation")?;
        Ok(Application {
            booking_id: db::col(r, "booking_id")?,
            office_code: db::col(r, "office_code")?,
            status: parsed(&db::col::<String>(r, "status")?)?,
            outcome: parsed(&db::col::<String>(r, "outcome")?)?,
            reason: db::col(r, "reason")?,
            postponed_until: db::col(r, "postponed_until")?,
            decided_at: db::col(r, "decided_at")?,
            ready_at: db::col(r, "ready_at")?,
            collected_by: db::col(r, "collected_by")?,
            relation: relation.as_deref().map(parsed).transpose()?,
            tracking_number: db::col(r, "tracking_number")?,
            closed_at: db::col(r, "closed_at")?,
        })
    }
}

/// The application of a booking, if an outcome was recorded.
pub async fn find(
    c: &impl ConnectionTrait,
    booking_id: &str,
) -> Result<Option<Application>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM passport_applications WHERE booking_id = $1",
        [Value::from(booking_id)],
        Application::from_row,
    )
    .await
}

/// What a transition writes besides the status.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    /// An outcome recorded at the counter.
    Outcome {
        /// The office of the booking.
        office: &'a str,
        /// The outcome.
        outcome: Outcome,
        /// The reason given.
        reason: Option<&'a str>,
        /// The end of a postponement.
        postponed_until: Option<Timestamp>,
        /// The officer (account id).
        by: Option<&'a str>,
    },
    /// Printed and waiting at the office.
    Ready,
    /// Collected at the office.
    Collected {
        /// The collector's name.
        by: &'a str,
        /// Their relation to the holder.
        relation: Relation,
    },
    /// Sent by post.
    Delivered {
        /// The postal tracking number.
        tracking_number: &'a str,
    },
    /// Closed by the worker (not collected; papers not completed).
    Closed,
}

/// Move the application of `booking_id` from `from` (`None`: none yet) to
/// `to`, writing `change`. Returns whether it applied (`false`: someone
/// moved it first, or it is elsewhere). A move that is not an edge of the
/// state machine is an error, never a write.
pub async fn transition(
    c: &impl ConnectionTrait,
    booking_id: &str,
    from: Option<ApplicationStatus>,
    to: ApplicationStatus,
    change: Change<'_>,
    now: Timestamp,
) -> Result<bool, DbErr> {
    if !is_edge(from, to) {
        return Err(DbErr::Custom(format!(
            "application {booking_id}: {from:?} -> {to} is not a transition"
        )));
    }
    let now_ms = db::millis(now);
    let closes = to.is_final().then_some(now_ms);
    let (sql, values): (&str, Vec<Value>) = match (from, change) {
        (
            None,
            Change::Outcome {
                office,
                outcome,
                reason,
                postponed_until,
                by,
            },
        ) => (
            "INSERT INTO passport_applications (booking_id, office_code, status, outcome, reason,
                postponed_until, decided_at, decided_by, closed_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $7)
             ON CONFLICT (booking_id) DO NOTHING",
            vec![
                Value::from(booking_id),
                Value::from(office),
                Value::from(to.as_str()),
                Value::from(outcome.as_str()),
                Value::from(reason.map(str::to_owned)),
                Value::from(postponed_until.map(db::millis)),
                Value::from(now_ms),
                Value::from(by.map(str::to_owned)),
                Value::from(closes),
            ],
        ),
        (
            Some(from),
            Change::Outcome {
                outcome,
                reason,
                postponed_until,
                by,
                ..
            },
        ) => (
            "UPDATE passport_applications SET status = $1, outcome = $2, reason = $3,
                postponed_until = $4, decided_at = $5, decided_by = $6, closed_at = $7,
                updated_at = $5
             WHERE booking_id = $8 AND status = $9",
            vec![
                Value::from(to.as_str()),
                Value::from(outcome.as_str()),
                Value::from(reason.map(str::to_owned)),
                Value::from(postponed_until.map(db::millis)),
                Value::from(now_ms),
                Value::from(by.map(str::to_owned)),
                Value::from(closes),
                Value::from(booking_id),
                Value::from(from.as_str()),
            ],
        ),
        (Some(from), Change::Ready) => (
            "UPDATE passport_applications SET status = $1, ready_at = $2, updated_at = $2
             WHERE booking_id = $3 AND status = $4",
            vec![
                Value::from(to.as_str()),
                Value::from(now_ms),
                Value::from(booking_id),
                Value::from(from.as_str()),
            ],
        ),
        (Some(from), Change::Collected { by, relation }) => (
            "UPDATE passport_applications SET status = $1, collected_by = $2, relation = $3,
                closed_at = $4, updated_at = $4
             WHERE booking_id = $5 AND status = $6",
            vec![
                Value::from(to.as_str()),
                Value::from(by),
                Value::from(relation.as_str()),
                Value::from(now_ms),
                Value::from(booking_id),
                Value::from(from.as_str()),
            ],
        ),
        (Some(from), Change::Delivered { tracking_number }) => (
            "UPDATE passport_applications SET status = $1, tracking_number = $2,
                closed_at = $3, updated_at = $3
             WHERE booking_id = $4 AND status = $5",
            vec![
                Value::from(to.as_str()),
                Value::from(tracking_number),
                Value::from(now_ms),
                Value::from(booking_id),
                Value::from(from.as_str()),
            ],
        ),
        (Some(from), Change::Closed) => (
            "UPDATE passport_applications SET status = $1, closed_at = $2, updated_at = $2
             WHERE booking_id = $3 AND status = $4",
            vec![
                Value::from(to.as_str()),
                Value::from(now_ms),
                Value::from(booking_id),
                Value::from(from.as_str()),
            ],
        ),
        (None, _) => {
            return Err(DbErr::Custom(format!(
                "application {booking_id}: only an outcome starts an application"
            )));
        }
    };
    Ok(db::exec(c, sql, values).await? == 1)
}

/// Booking ids of passports ready since before `ready_before` (ms), still
/// not collected: the 30-day sweep's work.
pub async fn due_uncollected(
    c: &impl ConnectionTrait,
    ready_before: i64,
    limit: u64,
) -> Result<Vec<String>, DbErr> {
    due(
        c,
        "SELECT booking_id FROM passport_applications
         WHERE status = $1 AND ready_at <= $2 ORDER BY ready_at LIMIT $3",
        ApplicationStatus::ReadyForPickup,
        ready_before,
        limit,
    )
    .await
}

/// Booking ids of postponed applications whose 7 days ended before `now`.
pub async fn due_lapsed(
    c: &impl ConnectionTrait,
    now: i64,
    limit: u64,
) -> Result<Vec<String>, DbErr> {
    due(
        c,
        "SELECT booking_id FROM passport_applications
         WHERE status = $1 AND postponed_until < $2 ORDER BY postponed_until LIMIT $3",
        ApplicationStatus::Postponed,
        now,
        limit,
    )
    .await
}

async fn due(
    c: &impl ConnectionTrait,
    sql: &str,
    status: ApplicationStatus,
    at: i64,
    limit: u64,
) -> Result<Vec<String>, DbErr> {
    let rows = db::all(
        c,
        sql,
        [
            Value::from(status.as_str()),
            Value::from(at),
            Value::from(i64::try_from(limit).unwrap_or(i64::MAX)),
        ],
    )
    .await?;
    rows.iter().map(|r| db::col(r, "booking_id")).collect()
}

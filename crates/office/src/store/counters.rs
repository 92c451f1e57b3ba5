//! Counters (open, closed, who opened them) and the call state of an
//! office's day (how many regular or accelerated tickets were called since
//! the last priority one).

use imigrasi_platform::db;
use imigrasi_platform::policy::Actor;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

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

/// Open a counter (or record the new officer of an open one).
pub async fn open(
    txn: &DatabaseTransaction,
    office: &str,
    counter: &str,
    actor: Option<&Actor>,
    now: Timestamp,
) -> Result<(), DbErr> {
    db::exec(
        txn,
        "INSERT INTO passport_counters (office_code, counter, opened_by, opened_at, closed_at)
         VALUES ($1, $2, $3, $4, NULL)
         ON CONFLICT (office_code, counter) DO UPDATE SET opened_by = excluded.opened_by,
            opened_at = excluded.opened_at, closed_at = NULL",
        [
            Value::from(office),
            Value::from(counter),
            Value::from(actor.map(|a| a.id.clone())),
            Value::from(db::millis(now)),
        ],
    )
    .await?;
    Ok(())
}

/// Close an open counter. Returns whether it was open.
pub async fn close(
    txn: &DatabaseTransaction,
    office: &str,
    counter: &str,
    now: Timestamp,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        txn,
        "UPDATE passport_counters SET closed_at = $1
         WHERE office_code = $2 AND counter = $3 AND opened_at IS NOT NULL AND closed_at IS NULL",
        [
            Value::from(db::millis(now)),
            Value::from(office),
            Value::from(counter),
        ],
    )
    .await?
        == 1)
}

/// Lock the call state of an office's day and read how many other tickets
/// were called since the last priority one. Calls of one office day take
/// turns on this row (the upsert locks it on PostgreSQL; SQLite's write
/// transaction is exclusive anyway), so the count is never lost between
/// two counters.
pub async fn lock_call_state(
    txn: &DatabaseTransaction,
    office: &str,
    date: Date,
) -> Result<u32, DbErr> {
    let values = || [Value::from(office), Value::from(date.to_string())];
    db::exec(
        txn,
        "INSERT INTO passport_call_state (office_code, service_date, regular_since_priority)
         VALUES ($1, $2, 0)
         ON CONFLICT (office_code, service_date)
         DO UPDATE SET regular_since_priority = passport_call_state.regular_since_priority",
        values(),
    )
    .await?;
    let row = db::one(
        txn,
        "SELECT regular_since_priority FROM passport_call_state
         WHERE office_code = $1 AND service_date = $2",
        values(),
    )
    .await?
    .ok_or_else(|| DbErr::RecordNotFound("call state just written".into()))?;
    Ok(u32::try_from(db::col::<i32>(&row, "regular_since_priority")?).unwrap_or(0))
}

/// Store the call state of an office's day.
pub async fn set_call_state(
    txn: &DatabaseTransaction,
    office: &str,
    date: Date,
    regular_since_priority: u32,
) -> Result<(), DbErr> {
    db::exec(
        txn,
        "UPDATE passport_call_state SET regular_since_priority = $1
         WHERE office_code = $2 AND service_date = $3",
        [
            Value::from(i32::try_from(regular_since_priority).unwrap_or(i32::MAX)),
            Value::from(office),
            Value::from(date.to_string()),
        ],
    )
    .await?;
    Ok(())
}

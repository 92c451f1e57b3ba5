//! Opening and closing counters.

use imigrasi_platform::audit;
use imigrasi_platform::db::{self, Db};
use jiff::Timestamp;
use sea_orm::DbErr;

use super::Origin;
use crate::store::counters::{self, CounterState, counter_state};

/// Open a counter (canonical name, see `domain::parse_counter`); opening an
/// open counter records the new officer. Audited as `counter.open`.
pub async fn open_counter(
    database: &Db,
    office: &str,
    counter: &str,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<CounterState, DbErr> {
    let txn = db::begin_write(database).await?;
    counters::open(&txn, office, counter, origin.actor, now).await?;
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
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<CounterState, DbErr> {
    let txn = db::begin_write(database).await?;
    if counters::close(&txn, office, counter, now).await? {
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

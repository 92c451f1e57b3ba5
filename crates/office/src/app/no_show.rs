//! The no-show sweep: expected appointments whose session ended without a
//! check-in become no-shows (this feeds the services' fairness rules).

use imigrasi_platform::audit;
use imigrasi_platform::db::{self, Db};
use jiff::Timestamp;
use sea_orm::DbErr;

use crate::port::{Absence, FloorServices};

/// Appointments handled per service and call; the worker calls again on
/// its next tick.
pub const NO_SHOW_BATCH: u32 = 1000;

/// Mark the expected appointments whose session has ended (check-in closes
/// when the session ends) and that never checked in as no-shows: each in
/// its own transaction, through its service, with its audit row
/// (`{object_type}.no_show`, system actor). Returns how many were marked
/// (at most [`NO_SHOW_BATCH`] per service and call). Meant for a periodic
/// worker.
pub async fn mark_no_shows(
    database: &Db,
    services: &FloorServices,
    now: Timestamp,
) -> Result<usize, DbErr> {
    let mut marked = 0;
    for service in services.iter() {
        for id in service.due_no_shows(database, now, NO_SHOW_BATCH).await? {
            let txn = db::begin_write(database).await?;
            let Some(a) = service.find_by_id(&txn, &id).await? else {
                continue;
            };
            if !service
                .mark_no_show(&txn, &a.id, Absence::NeverArrived, now)
                .await?
            {
                continue;
            }
            let object_type = service.object_type();
            audit::append(
                &txn,
                audit::Entry {
                    actor: None,
                    action: &format!("{object_type}.no_show"),
                    object_type,
                    object_id: &a.code,
                    office: Some(&a.office_code),
                    request_id: None,
                    detail: serde_json::json!({"slot": a.session_id, "reason": "not_checked_in"}),
                },
            )
            .await?;
            txn.commit().await?;
            marked += 1;
        }
    }
    Ok(marked)
}

//! Extra sessions added by an office's supervisor (besides the ones the
//! quota templates generate).

use std::sync::Arc;

use imigrasi_core::OfficeZone;
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, db};
use sea_orm::{DatabaseTransaction, DbErr};

use super::Origin;
use crate::domain::{OutsideHorizon, office_date};
use crate::store::{self, NewSlot, Slot};

/// Why an extra session was refused.
#[derive(Debug, thiserror::Error)]
pub enum SlotError {
    /// The actor may not manage this office's quota.
    #[error("forbidden")]
    Forbidden,
    /// The date is past or beyond the booking horizon.
    #[error(transparent)]
    OutsideHorizon(OutsideHorizon),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl db::LostConnection for SlotError {
    fn connection_lost(&self) -> bool {
        matches!(self, SlotError::Db(e) if db::is_unavailable(e))
    }
}

/// Add a session. Sessions no one could ever book (past, or beyond the
/// office's booking horizon) are refused, checked in the transaction that
/// inserts.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    zone: OfficeZone,
    slot: NewSlot,
) -> Result<Slot, SlotError> {
    policy::authorize(
        actor,
        Permission::ManageOfficeQuota {
            office: &slot.office_code,
        },
    )
    .map_err(|_| SlotError::Forbidden)?;
    let now = jiff::Timestamp::now();
    db::write(&state.db, |txn: Arc<DatabaseTransaction>| {
        let new = &slot;
        async move {
            let today = office_date(&zone.time_zone(), now);
            let window = store::booking_window(&*txn, &new.office_code).await?;
            window
                .within_horizon(today, new.date)
                .map_err(SlotError::OutsideHorizon)?;
            let slot = store::insert_extra_slot(&*txn, zone, new).await?;
            audit::append(
                &*txn,
                audit::Entry {
                    actor: Some(actor),
                    action: "slot.create",
                    object_type: "slot",
                    object_id: &slot.id,
                    office: Some(&new.office_code),
                    request_id: Some(origin.request_id),
                    detail: serde_json::json!({"date": slot.date.to_string(), "capacity": new.capacity}),
                },
            )
            .await?;
            Ok(slot)
        }
    })
    .await
}

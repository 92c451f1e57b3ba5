//! Changing an office's floor settings.

use imigrasi_platform::audit;
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::policy::Actor;
use jiff::Timestamp;
use sea_orm::DbErr;

use crate::domain::FloorSettings;
use crate::store::settings;

/// Store the office's floor settings (already validated); audited as
/// `floor.settings` with the new values.
pub async fn save_floor_settings(
    database: &Db,
    office: &str,
    new: &FloorSettings,
    actor: &Actor,
    request_id: &str,
    now: Timestamp,
) -> Result<(), DbErr> {
    let txn = db::begin_write(database).await?;
    settings::save_floor_settings(&txn, office, new, now).await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: Some(actor),
            action: "floor.settings",
            object_type: "office",
            object_id: office,
            office: Some(office),
            request_id: Some(request_id),
            detail: serde_json::to_value(new).unwrap_or_default(),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

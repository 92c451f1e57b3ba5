//! Registering and revoking kiosk devices (Anjungan Paspor Mandiri): one
//! office each, a random key shown once (only its SHA-256 is kept).

use imigrasi_platform::audit;
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::policy::Actor;
use jiff::Timestamp;
use sea_orm::DbErr;

use crate::domain::base64url;
use crate::store::devices::{self, Device};

/// A device just created, with its key (shown once, never stored).
#[derive(Debug, Clone)]
pub struct NewDevice {
    /// The device.
    pub device: Device,
    /// The key: 32 random bytes, base64url. Sent as `Authorization: Device KEY`.
    pub key: String,
}

/// Register a device for `office` (the caller checked the actor may manage
/// the office's floor and cleaned the name); audited as `device.create`.
pub async fn create_device(
    database: &Db,
    office: &str,
    name: &str,
    actor: &Actor,
    request_id: &str,
    now: Timestamp,
) -> Result<NewDevice, DbErr> {
    let bytes: [u8; 32] = rand::random();
    let key = base64url(&bytes);
    let id = uuid::Uuid::now_v7().to_string();
    let txn = db::begin_write(database).await?;
    devices::insert_device(&txn, &id, office, name, &key, &actor.id, now).await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: Some(actor),
            action: "device.create",
            object_type: "device",
            object_id: &id,
            office: Some(office),
            request_id: Some(request_id),
            detail: serde_json::json!({"name": name}),
        },
    )
    .await?;
    let device = devices::device(&txn, office, &id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("device just inserted".into()))?;
    txn.commit().await?;
    Ok(NewDevice { device, key })
}

/// Revoke a device of `office`; `None` when the office has no such device.
/// Revoking twice keeps the first instant (and audits once).
pub async fn revoke_device(
    database: &Db,
    office: &str,
    id: &str,
    actor: &Actor,
    request_id: &str,
    now: Timestamp,
) -> Result<Option<Device>, DbErr> {
    let txn = db::begin_write(database).await?;
    if devices::revoke(&txn, office, id, now).await? {
        audit::append(
            &txn,
            audit::Entry {
                actor: Some(actor),
                action: "device.revoke",
                object_type: "device",
                object_id: id,
                office: Some(office),
                request_id: Some(request_id),
                detail: serde_json::json!({}),
            },
        )
        .await?;
    }
    let found = devices::device(&txn, office, id).await?;
    txn.commit().await?;
    Ok(found)
}

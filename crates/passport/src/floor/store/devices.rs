//! Kiosk devices (Anjungan Paspor Mandiri): one office each, a random key
//! shown once (only its SHA-256 is kept), revocable.

use imigrasi_platform::db::{self, Db};
use imigrasi_platform::policy::Actor;
use imigrasi_platform::{audit, sessions};
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::domain::floor::base64url;

/// Longest device name, in characters.
pub const MAX_DEVICE_NAME_CHARS: usize = 60;

/// A kiosk device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Id (UUIDv7).
    pub id: String,
    /// The office it checks in for.
    pub office_code: String,
    /// Name given by the supervisor ("Kiosk lobby 1").
    pub name: String,
    /// Account that created it.
    pub created_by: String,
    /// Created (ms).
    pub created_at: i64,
    /// Revoked (ms); a revoked device's key no longer works.
    pub revoked_at: Option<i64>,
}

impl Device {
    fn from_row(r: &sea_orm::QueryResult) -> Result<Device, DbErr> {
        Ok(Device {
            id: db::col(r, "id")?,
            office_code: db::col(r, "office_code")?,
            name: db::col(r, "name")?,
            created_by: db::col(r, "created_by")?,
            created_at: db::col(r, "created_at")?,
            revoked_at: db::col(r, "revoked_at")?,
        })
    }
}

/// A device just created, with its key (shown once, never stored).
#[derive(Debug, Clone)]
pub struct NewDevice {
    /// The device.
    pub device: Device,
    /// The key: 32 random bytes, base64url. Sent as `Authorization: Device KEY`.
    pub key: String,
}

/// The stored form of a device key (SHA-256, hex).
pub fn device_key_hash(key: &str) -> String {
    sessions::token_hash(key)
}

/// A device name as typed, trimmed, or `None` when empty or too long.
pub fn clean_device_name(name: &str) -> Option<String> {
    let name = name.trim();
    (!name.is_empty() && name.chars().count() <= MAX_DEVICE_NAME_CHARS).then(|| name.to_owned())
}

/// Create a device for `office` (the caller checked the actor may manage
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
    db::exec(
        &txn,
        "INSERT INTO passport_devices (id, office_code, name, key_hash, created_by, created_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, NULL)",
        [
            Value::from(id.clone()),
            Value::from(office),
            Value::from(name),
            Value::from(device_key_hash(&key)),
            Value::from(actor.id.clone()),
            Value::from(db::millis(now)),
        ],
    )
    .await?;
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
    let device = device(&txn, office, &id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("device just inserted".into()))?;
    txn.commit().await?;
    Ok(NewDevice { device, key })
}

/// One device of an office.
pub async fn device(
    c: &impl ConnectionTrait,
    office: &str,
    id: &str,
) -> Result<Option<Device>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM passport_devices WHERE id = $1 AND office_code = $2",
        [Value::from(id), Value::from(office)],
        Device::from_row,
    )
    .await
}

/// An office's devices, oldest first, revoked ones included.
pub async fn list_devices(c: &impl ConnectionTrait, office: &str) -> Result<Vec<Device>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM passport_devices WHERE office_code = $1 ORDER BY created_at, id",
        [Value::from(office)],
        Device::from_row,
    )
    .await
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
    let changed = db::exec(
        &txn,
        "UPDATE passport_devices SET revoked_at = $1
         WHERE id = $2 AND office_code = $3 AND revoked_at IS NULL",
        [
            Value::from(db::millis(now)),
            Value::from(id),
            Value::from(office),
        ],
    )
    .await?;
    if changed == 1 {
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
    let found = device(&txn, office, id).await?;
    txn.commit().await?;
    Ok(found)
}

/// The live (not revoked) device holding `key`, if any.
pub async fn authenticate_device(
    c: &impl ConnectionTrait,
    key: &str,
) -> Result<Option<Device>, DbErr> {
    let key = key.trim();
    if key.is_empty() || key.len() > 100 {
        return Ok(None);
    }
    db::one_as(
        c,
        "SELECT * FROM passport_devices WHERE key_hash = $1 AND revoked_at IS NULL",
        [Value::from(device_key_hash(key))],
        Device::from_row,
    )
    .await
}

//! Kiosk devices (Anjungan Paspor Mandiri): one office each, a random key
//! shown once (only its SHA-256 is kept), revocable.

use imigrasi_platform::{db, sessions};
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

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

/// The stored form of a device key (SHA-256, hex).
pub fn device_key_hash(key: &str) -> String {
    sessions::token_hash(key)
}

/// Insert a device with the hash of its key.
pub async fn insert_device(
    txn: &DatabaseTransaction,
    id: &str,
    office: &str,
    name: &str,
    key: &str,
    created_by: &str,
    now: Timestamp,
) -> Result<(), DbErr> {
    db::exec(
        txn,
        "INSERT INTO passport_devices (id, office_code, name, key_hash, created_by, created_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, NULL)",
        [
            Value::from(id),
            Value::from(office),
            Value::from(name),
            Value::from(device_key_hash(key)),
            Value::from(created_by),
            Value::from(db::millis(now)),
        ],
    )
    .await?;
    Ok(())
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

/// Revoke a device of `office`. Returns whether it was live (revoking
/// twice keeps the first instant).
pub async fn revoke(
    txn: &DatabaseTransaction,
    office: &str,
    id: &str,
    now: Timestamp,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        txn,
        "UPDATE passport_devices SET revoked_at = $1
         WHERE id = $2 AND office_code = $3 AND revoked_at IS NULL",
        [
            Value::from(db::millis(now)),
            Value::from(id),
            Value::from(office),
        ],
    )
    .await?
        == 1)
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

/// Whether `key` belonged to a device of `office` that was revoked.
pub async fn was_revoked_at(
    c: &impl ConnectionTrait,
    office: &str,
    key: &str,
) -> Result<bool, DbErr> {
    Ok(db::one(
        c,
        "SELECT id FROM passport_devices
         WHERE key_hash = $1 AND office_code = $2 AND revoked_at IS NOT NULL",
        [Value::from(device_key_hash(key)), Value::from(office)],
    )
    .await?
    .is_some())
}

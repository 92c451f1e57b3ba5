//! Floor settings per office (defaults when the office has none).

use imigrasi_platform::{db, offices};
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, Value};

use crate::domain::FloorSettings;

fn non_negative(v: i32) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

/// The office's floor settings: the stored row, or the defaults
/// (arrive 30 minutes before, one priority after every 2 calls, walk-in cap
/// = the office's daily priority quota or 20).
pub async fn floor_settings(
    c: &impl ConnectionTrait,
    office: &str,
) -> Result<FloorSettings, DbErr> {
    let row = db::one(
        c,
        "SELECT arrive_before_minutes, priority_every, walk_in_daily_cap
         FROM passport_floor_settings WHERE office_code = $1",
        [Value::from(office)],
    )
    .await?;
    if let Some(r) = row {
        return Ok(FloorSettings {
            arrive_before_minutes: non_negative(db::col(&r, "arrive_before_minutes")?),
            priority_every: non_negative(db::col(&r, "priority_every")?),
            walk_in_daily_cap: non_negative(db::col(&r, "walk_in_daily_cap")?),
        });
    }
    let quota = offices::find(c, office)
        .await?
        .map(|o| o.daily_quota[2])
        .unwrap_or(0);
    Ok(FloorSettings::defaults(quota))
}

fn int(v: u32) -> Value {
    Value::from(i32::try_from(v).unwrap_or(i32::MAX))
}

/// Store the office's floor settings (already validated).
pub async fn save_floor_settings(
    txn: &DatabaseTransaction,
    office: &str,
    settings: &FloorSettings,
    now: Timestamp,
) -> Result<(), DbErr> {
    db::exec(
        txn,
        "INSERT INTO passport_floor_settings
            (office_code, arrive_before_minutes, priority_every, walk_in_daily_cap, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (office_code) DO UPDATE SET
            arrive_before_minutes = excluded.arrive_before_minutes,
            priority_every = excluded.priority_every,
            walk_in_daily_cap = excluded.walk_in_daily_cap,
            updated_at = excluded.updated_at",
        [
            Value::from(office),
            int(settings.arrive_before_minutes),
            int(settings.priority_every),
            int(settings.walk_in_daily_cap),
            Value::from(db::millis(now)),
        ],
    )
    .await?;
    Ok(())
}

//! Default templates for offices never configured, from their demo quota.

use imigrasi_platform::db::{self, Db};
use imigrasi_platform::offices;
use jiff::civil::{Time, Weekday};
use sea_orm::{DbErr, Value};

use super::config::{ensure_settings, insert_template_rows};
use crate::domain::{Category, QuotaError, SessionTemplate, WeeklyTemplate};

/// The default sessions of a working day: 08:00-10:00, 10:00-12:00, 13:00-15:00.
pub const DEFAULT_SESSIONS: [(Time, Time); 3] = [
    (Time::constant(8, 0, 0, 0), Time::constant(10, 0, 0, 0)),
    (Time::constant(10, 0, 0, 0), Time::constant(12, 0, 0, 0)),
    (Time::constant(13, 0, 0, 0), Time::constant(15, 0, 0, 0)),
];

/// Splits `total` into `parts` shares that differ by at most one, the
/// larger shares first (`split_evenly(200, 3) == [67, 67, 66]`). A negative
/// total counts as zero.
pub fn split_evenly(total: i32, parts: usize) -> Vec<u32> {
    let total = u32::try_from(total).unwrap_or(0);
    let n = u32::try_from(parts).unwrap_or(u32::MAX).max(1);
    let (base, rest) = (total / n, total % n);
    (0..n)
        .map(|i| base + u32::from(i < rest))
        .take(parts)
        .collect()
}

/// A Monday-to-Friday template whose daily totals are `daily_quota`
/// (regular, accelerated, priority): regular and priority spread over the
/// three [`DEFAULT_SESSIONS`], accelerated (same-day service) all in the
/// first. Shares of zero make no session.
pub fn default_template(daily_quota: [i32; 3]) -> Result<WeeklyTemplate, QuotaError> {
    let [regular, accelerated, priority] = daily_quota;
    let mut sessions = Vec::new();
    for day in 1..=5 {
        let weekday = Weekday::from_monday_one_offset(day).unwrap_or(Weekday::Monday);
        let plan = [
            (Category::Regular, split_evenly(regular, 3)),
            (Category::Accelerated, split_evenly(accelerated, 1)),
            (Category::Priority, split_evenly(priority, 3)),
        ];
        for (category, shares) in plan {
            for (&(start, end), capacity) in DEFAULT_SESSIONS.iter().zip(shares) {
                if capacity > 0 {
                    sessions.push(SessionTemplate {
                        weekday,
                        start,
                        end,
                        category,
                        capacity,
                    });
                }
            }
        }
    }
    WeeklyTemplate::new(sessions)
}

/// Gives every office that was never configured (no settings row) the
/// default template from its demo daily quota and the default settings.
/// Idempotent: run at every start, then generate slots.
pub async fn seed_default_templates(db: &Db) -> Result<(), DbErr> {
    for office in offices::list(db).await? {
        let txn = db::begin_write(db).await?;
        let configured = db::one(
            &txn,
            "SELECT office_code FROM passport_office_settings WHERE office_code = $1",
            [Value::from(office.code.clone())],
        )
        .await?
        .is_some();
        let has_template = db::one(
            &txn,
            "SELECT office_code FROM passport_templates WHERE office_code = $1 LIMIT 1",
            [Value::from(office.code.clone())],
        )
        .await?
        .is_some();
        if !configured && !has_template {
            match default_template(office.daily_quota) {
                Ok(template) => insert_template_rows(&txn, &office.code, &template, true).await?,
                Err(e) => tracing::warn!(office = %office.code, error = %e,
                    "demo daily quota does not make a valid template; left empty"),
            }
        }
        ensure_settings(&txn, &office.code).await?;
        txn.commit().await?;
    }
    Ok(())
}

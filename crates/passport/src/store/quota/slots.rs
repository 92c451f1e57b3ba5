//! Generating `passport_slots` from an office's template and exceptions.

use std::collections::HashSet;

use imigrasi_platform::db::{self, Db};
use imigrasi_platform::offices;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::{format_hhmm, list_exceptions, load_settings, load_template, office_with_zone};
use crate::domain::office_time::{add_days, office_date, office_instant};
use crate::domain::{ReleaseRule, SlotSpec, expand, release_instant_for};

/// Slot rows upserted per statement (13 parameters each).
const UPSERT_BATCH: usize = 150;

/// Generates the office's template slots for `today..=today + max_advance_days`
/// in one write transaction; returns how many slots the expansion has.
///
/// See [`generate_slots_in`] for what changes.
pub async fn generate_slots(db: &Db, office_code: &str, today: Date) -> Result<usize, DbErr> {
    let txn = db::begin_write(db).await?;
    let n = generate_slots_in(&txn, office_code, today, Timestamp::now()).await?;
    txn.commit().await?;
    Ok(n)
}

/// Generates every active office's slots from its own "today" at `now`.
pub async fn generate_all_slots(db: &Db, now: Timestamp) -> Result<usize, DbErr> {
    let mut total = 0;
    for office in offices::list(db).await? {
        let Some(zone) = office.zone() else {
            tracing::warn!(office = %office.code, "office has an unknown time zone; no slots");
            continue;
        };
        let today = office_date(&zone.time_zone(), now);
        total += generate_slots(db, &office.code, today).await?;
    }
    Ok(total)
}

/// Generates the office's template slots inside the caller's transaction.
///
/// - Each expanded slot is inserted, or its existing row (same office, date,
///   start and category, source `template`) gets the new end, capacity and
///   release instant. Capacity never drops below `booked`; a release instant
///   already reached (`<= now`) is kept, so open slots never close again.
/// - Template slots dated `today` or later that the expansion no longer has
///   (closed date, removed session) are deleted when nobody ever booked them;
///   the others stay for their bookings, with capacity lowered to `booked`
///   so no new booking lands on them.
/// - Slots dated before `today` are left alone.
pub async fn generate_slots_in(
    c: &impl ConnectionTrait,
    office_code: &str,
    today: Date,
    now: Timestamp,
) -> Result<usize, DbErr> {
    let (office, zone) = office_with_zone(c, office_code).await?;
    let code = office.code.as_str();
    let template = load_template(c, code).await?;
    let settings = load_settings(c, code).await?;
    let exceptions: Vec<_> = list_exceptions(c, code, today)
        .await?
        .into_iter()
        .map(|e| e.exception)
        .collect();
    let to = add_days(today, i64::from(settings.window.max_advance_days));
    let specs = merge_same_start(expand(&template, &exceptions, today, to));
    for chunk in specs.chunks(UPSERT_BATCH) {
        upsert(c, code, chunk, &zone, &settings.release_rule, now).await?;
    }
    remove_stale(c, code, today, &specs).await?;
    Ok(specs.len())
}

/// Merges slots of one date that share start and category (an extra whose
/// end differs from the template session's): they would be one row, so the
/// capacities add up and the later end wins. Keeps the order otherwise.
pub fn merge_same_start(specs: Vec<SlotSpec>) -> Vec<SlotSpec> {
    let mut out: Vec<SlotSpec> = Vec::with_capacity(specs.len());
    for spec in specs {
        match out
            .iter_mut()
            .rev()
            .take_while(|s| s.date == spec.date)
            .find(|s| s.start == spec.start && s.category == spec.category)
        {
            Some(same) => {
                same.capacity = same.capacity.saturating_add(spec.capacity);
                same.end = same.end.max(spec.end);
            }
            None => out.push(spec),
        }
    }
    out
}

async fn upsert(
    c: &impl ConnectionTrait,
    office_code: &str,
    specs: &[SlotSpec],
    zone: &TimeZone,
    rule: &ReleaseRule,
    now: Timestamp,
) -> Result<(), DbErr> {
    if specs.is_empty() {
        return Ok(());
    }
    // $1 = now (for the release rule), $2 = created_at; then 10 per row.
    let mut sql = String::from(
        "INSERT INTO passport_slots (id, office_code, date, start_time, end_time, starts_at,
            ends_at, category, capacity, booked, release_at, source, created_at) VALUES ",
    );
    let mut values = vec![Value::from(db::millis(now)), Value::from(db::millis(now))];
    for (i, s) in specs.iter().enumerate() {
        let p = 2 + i * 10;
        if i > 0 {
            sql.push_str(", ");
        }
        let n: Vec<String> = (1..=10).map(|k| format!("${}", p + k)).collect();
        sql.push_str(&format!(
            "({}, {}, {}, {}, {}, {}, {}, {}, {}, 0, {}, 'template', $2)",
            n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9]
        ));
        values.extend([
            Value::from(uuid::Uuid::now_v7().to_string()),
            Value::from(office_code),
            Value::from(s.date.to_string()),
            Value::from(format_hhmm(s.start)),
            Value::from(format_hhmm(s.end)),
            Value::from(db::millis(office_instant(zone, s.date, s.start))),
            Value::from(db::millis(office_instant(zone, s.date, s.end))),
            Value::from(s.category.as_str()),
            Value::from(i32::try_from(s.capacity).unwrap_or(i32::MAX)),
            Value::from(db::millis(release_instant_for(rule, zone, s.date))),
        ]);
    }
    sql.push_str(
        " ON CONFLICT (office_code, date, start_time, category) WHERE source = 'template'
          DO UPDATE SET end_time = excluded.end_time, starts_at = excluded.starts_at,
            ends_at = excluded.ends_at,
            capacity = CASE WHEN excluded.capacity < passport_slots.booked
                THEN passport_slots.booked ELSE excluded.capacity END,
            release_at = CASE WHEN passport_slots.release_at <= $1
                THEN passport_slots.release_at ELSE excluded.release_at END",
    );
    db::exec(c, &sql, values).await?;
    Ok(())
}

/// Deletes or closes template slots from `today` on that `specs` lacks.
async fn remove_stale(
    c: &impl ConnectionTrait,
    office_code: &str,
    today: Date,
    specs: &[SlotSpec],
) -> Result<(), DbErr> {
    let wanted: HashSet<(String, String, &str)> = specs
        .iter()
        .map(|s| {
            (
                s.date.to_string(),
                format_hhmm(s.start),
                s.category.as_str(),
            )
        })
        .collect();
    let rows = db::all(
        c,
        "SELECT id, date, start_time, category FROM passport_slots
         WHERE office_code = $1 AND source = 'template' AND date >= $2",
        [Value::from(office_code), Value::from(today.to_string())],
    )
    .await?;
    let mut stale = Vec::new();
    for r in &rows {
        let date: String = db::col(r, "date")?;
        let start: String = db::col(r, "start_time")?;
        let category: String = db::col(r, "category")?;
        if !wanted.contains(&(date, start, category.as_str())) {
            stale.push(db::col::<String>(r, "id")?);
        }
    }
    for chunk in stale.chunks(UPSERT_BATCH) {
        let list = (1..=chunk.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let ids = || chunk.iter().map(|id| Value::from(id.clone()));
        db::exec(
            c,
            &format!(
                "DELETE FROM passport_slots WHERE id IN ({list}) AND booked = 0
                 AND NOT EXISTS (SELECT 1 FROM passport_bookings b WHERE b.slot_id = passport_slots.id)"
            ),
            ids(),
        )
        .await?;
        db::exec(
            c,
            &format!(
                "UPDATE passport_slots SET capacity = booked
                 WHERE id IN ({list}) AND capacity > booked"
            ),
            ids(),
        )
        .await?;
    }
    Ok(())
}

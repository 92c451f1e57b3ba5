//! An office's quota configuration: weekly template, settings, exceptions.

use imigrasi_platform::db;
use jiff::Timestamp;
use jiff::civil::{Date, Time, Weekday};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use super::{corrupt, format_hhmm, parse_hhmm};
use crate::domain::office_time::{parse_weekday, weekday_name};
use crate::domain::{
    BookingWindow, Category, ExceptionKind, QuotaException, ReleaseRule, SessionTemplate,
    WeeklyTemplate,
};

/// Template rows inserted per statement.
const INSERT_BATCH: usize = 100;

/// The release rule of an office that never chose one: every Friday 14:00
/// office time, open the dates 14 to 20 days ahead.
pub fn default_release_rule() -> ReleaseRule {
    ReleaseRule::Weekly {
        weekday: Weekday::Friday,
        at: Time::constant(14, 0, 0, 0),
        opens_from_days: 14,
        opens_to_days: 20,
    }
}

/// An office's release rule and booking window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeSettings {
    /// When quota is released.
    pub release_rule: ReleaseRule,
    /// Minimum lead time and maximum advance of a booking.
    pub window: BookingWindow,
}

impl Default for OfficeSettings {
    /// Weekly Friday 14:00 opening 14..=20 days ahead, lead 0, advance 90 days.
    fn default() -> Self {
        OfficeSettings {
            release_rule: default_release_rule(),
            window: BookingWindow::default(),
        }
    }
}

/// The weekly template of an office (empty when it has none).
pub async fn load_template(
    c: &impl ConnectionTrait,
    office_code: &str,
) -> Result<WeeklyTemplate, DbErr> {
    let rows = db::all(
        c,
        "SELECT weekday, start_time, end_time, category, capacity FROM passport_templates
         WHERE office_code = $1",
        [Value::from(office_code)],
    )
    .await?;
    let mut sessions = Vec::with_capacity(rows.len());
    for r in &rows {
        let weekday: String = db::col(r, "weekday")?;
        let start: String = db::col(r, "start_time")?;
        let end: String = db::col(r, "end_time")?;
        let category: String = db::col(r, "category")?;
        let capacity: i32 = db::col(r, "capacity")?;
        sessions.push(SessionTemplate {
            weekday: parse_weekday(&weekday).ok_or_else(|| corrupt("weekday", &weekday))?,
            start: parse_hhmm(&start).ok_or_else(|| corrupt("start time", &start))?,
            end: parse_hhmm(&end).ok_or_else(|| corrupt("end time", &end))?,
            category: category
                .parse::<Category>()
                .map_err(|e| corrupt("category", e))?,
            capacity: u32::try_from(capacity).map_err(|_| corrupt("capacity", capacity))?,
        });
    }
    WeeklyTemplate::new(sessions).map_err(|e| corrupt("template", e))
}

/// Replaces every template row of the office (run inside a write transaction).
///
/// Also records default settings when the office has none, so that the
/// office counts as configured and start-up seeding leaves it alone.
pub async fn save_template(
    c: &impl ConnectionTrait,
    office_code: &str,
    template: &WeeklyTemplate,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "DELETE FROM passport_templates WHERE office_code = $1",
        [Value::from(office_code)],
    )
    .await?;
    insert_template_rows(c, office_code, template, false).await?;
    ensure_settings(c, office_code).await
}

/// Inserts template rows; with `skip_existing`, rows already present stay.
pub(super) async fn insert_template_rows(
    c: &impl ConnectionTrait,
    office_code: &str,
    template: &WeeklyTemplate,
    skip_existing: bool,
) -> Result<(), DbErr> {
    for chunk in template.sessions().chunks(INSERT_BATCH) {
        let mut sql = String::from(
            "INSERT INTO passport_templates
             (office_code, weekday, start_time, end_time, category, capacity) VALUES ",
        );
        let mut values = Vec::with_capacity(chunk.len() * 6);
        for (i, s) in chunk.iter().enumerate() {
            let p = i * 6;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${})",
                p + 1,
                p + 2,
                p + 3,
                p + 4,
                p + 5,
                p + 6
            ));
            values.extend([
                Value::from(office_code),
                Value::from(weekday_name(s.weekday)),
                Value::from(format_hhmm(s.start)),
                Value::from(format_hhmm(s.end)),
                Value::from(s.category.as_str()),
                Value::from(capacity_i32(s.capacity)),
            ]);
        }
        if skip_existing {
            sql.push_str(" ON CONFLICT DO NOTHING");
        }
        db::exec(c, &sql, values).await?;
    }
    Ok(())
}

fn capacity_i32(capacity: u32) -> i32 {
    i32::try_from(capacity).unwrap_or(i32::MAX)
}

/// Whether the office has settings stored (it was seeded or configured).
pub async fn is_configured(c: &impl ConnectionTrait, office_code: &str) -> Result<bool, DbErr> {
    Ok(db::one(
        c,
        "SELECT office_code FROM passport_office_settings WHERE office_code = $1",
        [Value::from(office_code)],
    )
    .await?
    .is_some())
}

/// The office's settings, or [`OfficeSettings::default`] when none are stored.
pub async fn load_settings(
    c: &impl ConnectionTrait,
    office_code: &str,
) -> Result<OfficeSettings, DbErr> {
    let Some(r) = db::one(
        c,
        "SELECT release_rule, min_lead_minutes, max_advance_days FROM passport_office_settings
         WHERE office_code = $1",
        [Value::from(office_code)],
    )
    .await?
    else {
        return Ok(OfficeSettings::default());
    };
    let rule: String = db::col(&r, "release_rule")?;
    let lead: i32 = db::col(&r, "min_lead_minutes")?;
    let advance: i32 = db::col(&r, "max_advance_days")?;
    Ok(OfficeSettings {
        release_rule: serde_json::from_str(&rule).map_err(|e| corrupt("release rule", e))?,
        window: BookingWindow {
            min_lead_minutes: u32::try_from(lead).map_err(|_| corrupt("lead time", lead))?,
            max_advance_days: u32::try_from(advance)
                .map_err(|_| corrupt("advance days", advance))?,
        },
    })
}

fn settings_values(office_code: &str, s: &OfficeSettings) -> Result<[Value; 5], DbErr> {
    let rule = serde_json::to_string(&s.release_rule).map_err(|e| DbErr::Custom(e.to_string()))?;
    Ok([
        Value::from(office_code),
        Value::from(rule),
        Value::from(capacity_i32(s.window.min_lead_minutes)),
        Value::from(capacity_i32(s.window.max_advance_days)),
        Value::from(db::millis(Timestamp::now())),
    ])
}

/// Stores the office's settings (insert or replace).
pub async fn save_settings(
    c: &impl ConnectionTrait,
    office_code: &str,
    settings: &OfficeSettings,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO passport_office_settings
            (office_code, release_rule, min_lead_minutes, max_advance_days, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (office_code) DO UPDATE SET release_rule = excluded.release_rule,
            min_lead_minutes = excluded.min_lead_minutes,
            max_advance_days = excluded.max_advance_days, updated_at = excluded.updated_at",
        settings_values(office_code, settings)?,
    )
    .await?;
    Ok(())
}

/// Stores the default settings unless the office already has some.
pub(super) async fn ensure_settings(
    c: &impl ConnectionTrait,
    office_code: &str,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO passport_office_settings
            (office_code, release_rule, min_lead_minutes, max_advance_days, updated_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (office_code) DO NOTHING",
        settings_values(office_code, &OfficeSettings::default())?,
    )
    .await?;
    Ok(())
}

/// A stored exception with its id and note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredException {
    /// Id (UUIDv7).
    pub id: String,
    /// The date and what happens on it.
    pub exception: QuotaException,
    /// Why (holiday name, outage, event).
    pub note: String,
    /// When it was entered.
    pub created_at: Timestamp,
}

fn exception_from_row(r: &QueryResult) -> Result<StoredException, DbErr> {
    let date: String = db::col(r, "date")?;
    let kind: String = db::col(r, "kind")?;
    let created_at: i64 = db::col(r, "created_at")?;
    let kind = match kind.as_str() {
        "closed" => ExceptionKind::Closed,
        "extra" => {
            let category: Option<String> = db::col(r, "category")?;
            let start: Option<String> = db::col(r, "start_time")?;
            let end: Option<String> = db::col(r, "end_time")?;
            let capacity: Option<i32> = db::col(r, "capacity")?;
            let category = category.unwrap_or_default();
            let (start, end) = (start.unwrap_or_default(), end.unwrap_or_default());
            ExceptionKind::ExtraCapacity {
                category: category.parse().map_err(|e| corrupt("category", e))?,
                start: parse_hhmm(&start).ok_or_else(|| corrupt("start time", &start))?,
                end: parse_hhmm(&end).ok_or_else(|| corrupt("end time", &end))?,
                capacity: capacity
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| corrupt("capacity", format!("{capacity:?}")))?,
            }
        }
        other => return Err(corrupt("exception kind", other)),
    };
    Ok(StoredException {
        id: db::col(r, "id")?,
        exception: QuotaException {
            date: date.parse().map_err(|_| corrupt("date", &date))?,
            kind,
        },
        note: db::col(r, "note")?,
        created_at: db::from_millis(created_at),
    })
}

/// The office's exceptions dated `from` or later, by date then start.
pub async fn list_exceptions(
    c: &impl ConnectionTrait,
    office_code: &str,
    from: Date,
) -> Result<Vec<StoredException>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM passport_exceptions WHERE office_code = $1 AND date >= $2
         ORDER BY date, kind, start_time, category, created_at",
        [Value::from(office_code), Value::from(from.to_string())],
        exception_from_row,
    )
    .await
}

/// One exception of the office by id.
pub async fn find_exception(
    c: &impl ConnectionTrait,
    office_code: &str,
    id: &str,
) -> Result<Option<StoredException>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM passport_exceptions WHERE office_code = $1 AND id = $2",
        [Value::from(office_code), Value::from(id)],
        exception_from_row,
    )
    .await
}

/// Stores an exception (validate it first) and returns it with its id.
pub async fn add_exception(
    c: &impl ConnectionTrait,
    office_code: &str,
    exception: &QuotaException,
    note: &str,
) -> Result<StoredException, DbErr> {
    let id = uuid::Uuid::now_v7().to_string();
    let now = Timestamp::now();
    let (kind, category, start, end, capacity) = match &exception.kind {
        ExceptionKind::Closed => ("closed", None, None, None, None),
        ExceptionKind::ExtraCapacity {
            category,
            start,
            end,
            capacity,
        } => (
            "extra",
            Some(category.as_str().to_owned()),
            Some(format_hhmm(*start)),
            Some(format_hhmm(*end)),
            Some(capacity_i32(*capacity)),
        ),
    };
    db::exec(
        c,
        "INSERT INTO passport_exceptions
            (id, office_code, date, kind, category, start_time, end_time, capacity, note, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        [
            Value::from(id.clone()),
            Value::from(office_code),
            Value::from(exception.date.to_string()),
            Value::from(kind),
            Value::from(category),
            Value::from(start),
            Value::from(end),
            Value::from(capacity),
            Value::from(note),
            Value::from(db::millis(now)),
        ],
    )
    .await?;
    Ok(StoredException {
        id,
        exception: exception.clone(),
        note: note.to_owned(),
        created_at: db::from_millis(db::millis(now)),
    })
}

/// Deletes an exception of the office; `false` when there was none.
pub async fn delete_exception(
    c: &impl ConnectionTrait,
    office_code: &str,
    id: &str,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "DELETE FROM passport_exceptions WHERE office_code = $1 AND id = $2",
        [Value::from(office_code), Value::from(id)],
    )
    .await?
        > 0)
}

//! The public release calendar: when quota opens next, and how much.

use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::{list_exceptions, load_settings, load_template, office_with_zone};
use crate::domain::office_time::{add_days, office_date};
use crate::domain::{expand, next_releases, release_instant_for};
use imigrasi_platform::db;

/// How many upcoming releases the calendar shows.
pub const CALENDAR_RELEASES: usize = 4;

/// One upcoming release of an office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseInfo {
    /// When it happens.
    pub at: Timestamp,
    /// First office-local date it opens.
    pub dates_from: Date,
    /// Last office-local date it opens.
    pub dates_to: Date,
    /// Places it opens (sum of the capacities of the slots released then).
    pub places: i64,
}

/// The office's next [`CALENDAR_RELEASES`] releases after `now`.
///
/// Places come from the stored slots whose release instant is that
/// release; for dates beyond the last generated slot they are computed
/// from the template and exceptions as generation would make them.
/// `RecordNotFound` for an unknown office.
pub async fn release_calendar(
    c: &impl ConnectionTrait,
    office_code: &str,
    now: Timestamp,
) -> Result<Vec<ReleaseInfo>, DbErr> {
    let (office, zone) = office_with_zone(c, office_code).await?;
    let code = office.code.as_str();
    let settings = load_settings(c, code).await?;
    let events = next_releases(&settings.release_rule, &zone, now, CALENDAR_RELEASES);
    let generated_to: Option<Date> = db::one(
        c,
        "SELECT MAX(date) AS last FROM passport_slots
         WHERE office_code = $1 AND source = 'template'",
        [Value::from(code)],
    )
    .await?
    .map(|r| db::col::<Option<String>>(&r, "last"))
    .transpose()?
    .flatten()
    .and_then(|d| d.parse().ok());
    // Generation covers today..=today + max_advance_days at most.
    let horizon = add_days(
        office_date(&zone, now),
        i64::from(settings.window.max_advance_days),
    );
    let generated_to = generated_to.map(|d| d.min(horizon));
    let mut template = None;
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        let at_ms = db::millis(e.at);
        let stored: i64 = match generated_to {
            Some(last) if e.dates_from <= last => db::one(
                c,
                "SELECT COALESCE(SUM(capacity), 0) AS places FROM passport_slots
                 WHERE office_code = $1 AND release_at = $2 AND date <= $3
                   AND source <> 'walk_in'",
                [
                    Value::from(code),
                    Value::from(at_ms),
                    Value::from(last.to_string()),
                ],
            )
            .await?
            .map(|r| db::col::<i64>(&r, "places"))
            .transpose()?
            .unwrap_or(0),
            _ => 0,
        };
        let first_missing =
            generated_to.map_or(e.dates_from, |last| add_days(last, 1).max(e.dates_from));
        let mut computed = 0i64;
        if first_missing <= e.dates_to {
            if template.is_none() {
                let t = load_template(c, code).await?;
                let x: Vec<_> = list_exceptions(c, code, office_date(&zone, now))
                    .await?
                    .into_iter()
                    .map(|s| s.exception)
                    .collect();
                template = Some((t, x));
            }
            if let Some((t, x)) = &template {
                computed = expand(t, x, first_missing, e.dates_to)
                    .iter()
                    .filter(|s| release_instant_for(&settings.release_rule, &zone, s.date) == e.at)
                    .map(|s| i64::from(s.capacity))
                    .sum();
            }
        }
        out.push(ReleaseInfo {
            at: e.at,
            dates_from: e.dates_from,
            dates_to: e.dates_to,
            places: stored + computed,
        });
    }
    Ok(out)
}

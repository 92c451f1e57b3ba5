//! The supervision dashboard of an office's area (administrators: every
//! office): reports per day over a period (for a chart), by nationality,
//! premise and regency, and the premises that stopped reporting. Figures
//! only, no guest's data; audited `apoa.dashboard`.

use imigrasi_platform::policy::Actor;
use imigrasi_platform::{AppState, db, regions};
use jiff::civil::{Date, Time};
use jiff::{SignedDuration, Timestamp, ToSpan};

use super::alerts::settings;
use super::watch::{audited, scope, scope_zone};
use super::{ApoaError, field};
use crate::domain::date;
use crate::store::dashboard::{self, CountBy, PremiseFigure};

/// The longest period, in days.
pub const MAX_DAYS: i64 = 366;
/// The period when none is given: the last 30 days, today included.
pub const DEFAULT_DAYS: i64 = 30;

/// Reports on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    /// The day (in the area's zone).
    pub date: Date,
    /// Reports made that day.
    pub reports: i64,
}

/// A count under a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// Nationality or regency code.
    pub key: String,
    /// Regency name, when `key` is a regency.
    pub name: Option<String>,
    /// Reports.
    pub reports: i64,
}

/// A premise's reports in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PremiseCount {
    /// Premise id.
    pub premise_id: String,
    /// Name.
    pub name: String,
    /// Regency code.
    pub regency: String,
    /// Reports.
    pub reports: i64,
}

/// A premise that reported before but not in the last days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Silent {
    /// Premise id.
    pub premise_id: String,
    /// Name.
    pub name: String,
    /// Regency code.
    pub regency: String,
    /// Its last report.
    pub last_report: Timestamp,
}

/// The dashboard.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// First day of the period.
    pub from: Date,
    /// Last day of the period.
    pub to: Date,
    /// Reports in the period.
    pub total: i64,
    /// Every day of the period, with its reports (zero included).
    pub per_day: Vec<Day>,
    /// By nationality, most first.
    pub by_nationality: Vec<Count>,
    /// By premise, most first (at most 200).
    pub by_premise: Vec<PremiseCount>,
    /// By the premise's regency, most first.
    pub by_regency: Vec<Count>,
    /// Premises without a report in the last `silent_days` days that
    /// reported before, longest silent first (at most 200).
    pub silent: Vec<Silent>,
    /// The days of silence that count.
    pub silent_days: i64,
}

fn period(from: Option<&str>, to: Option<&str>, today: Date) -> Result<(Date, Date), ApoaError> {
    let day = |s: Option<&str>, name: &str| -> Result<Option<Date>, ApoaError> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => date(s).map(Some).ok_or_else(|| field(name, "invalid")),
        }
    };
    let to = day(to, "to")?.unwrap_or(today);
    let from = match day(from, "from")? {
        Some(f) => f,
        None => to
            .checked_sub((DEFAULT_DAYS - 1).days())
            .map_err(|_| field("to", "invalid"))?,
    };
    let days = (to - from).get_days();
    if days < 0 || i64::from(days) >= MAX_DAYS {
        return Err(field("to", "invalid"));
    }
    Ok((from, to))
}

/// The dashboard of the actor's area for the days `from` to `to`
/// (`YYYY-MM-DD` in the area's zone; by default the last 30 days).
pub async fn dashboard(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Dashboard, ApoaError> {
    let office = scope(actor)?;
    let office = office.as_deref();
    let zone = scope_zone(state, office).await?;
    let now = Timestamp::now();
    let (from, to) = period(from, to, zone.local_date(now))?;
    let start = db::millis(zone.local_to_utc(from, Time::midnight()));
    let next = to
        .checked_add(1.day())
        .map_err(|_| field("to", "invalid"))?;
    let end = db::millis(zone.local_to_utc(next, Time::midnight()));
    let range = (start, end);
    let offset_ms = i64::from(zone.utc_offset_hours()) * 3_600_000;

    let counted = dashboard::per_day(&state.db, office, range, offset_ms).await?;
    let epoch = jiff::civil::date(1970, 1, 1);
    let mut per_day = Vec::new();
    let mut d = from;
    while d <= to {
        let n = (d - epoch).get_days();
        let reports = counted
            .iter()
            .find(|(day, _)| *day == i64::from(n))
            .map_or(0, |(_, r)| *r);
        per_day.push(Day { date: d, reports });
        d = d.checked_add(1.day()).map_err(|_| field("to", "invalid"))?;
    }
    let total = per_day.iter().map(|d| d.reports).sum();
    let by_nationality = dashboard::counted_by(&state.db, office, range, CountBy::Nationality)
        .await?
        .into_iter()
        .map(|(key, reports)| Count {
            key,
            name: None,
            reports,
        })
        .collect();
    let mut by_regency = Vec::new();
    for (key, reports) in dashboard::counted_by(&state.db, office, range, CountBy::Regency).await? {
        let name = regions::find(&state.db, &key).await?.map(|r| r.name);
        by_regency.push(Count { key, name, reports });
    }
    let by_premise = dashboard::by_premise(&state.db, office, range)
        .await?
        .into_iter()
        .map(|p: PremiseFigure| PremiseCount {
            premise_id: p.id,
            name: p.name,
            regency: p.regency,
            reports: p.value,
        })
        .collect();
    let silent_days = settings(state).silent_days;
    let cutoff = now - SignedDuration::from_hours(24 * silent_days);
    let silent = dashboard::silent(&state.db, office, db::millis(cutoff))
        .await?
        .into_iter()
        .map(|p| Silent {
            premise_id: p.id,
            name: p.name,
            regency: p.regency,
            last_report: db::from_millis(p.value),
        })
        .collect();
    let detail = serde_json::json!({ "from": from.to_string(), "to": to.to_string() });
    audited(
        state,
        actor,
        request_id,
        ("apoa.dashboard", ""),
        office,
        detail,
    )
    .await?;
    Ok(Dashboard {
        from,
        to,
        total,
        per_day,
        by_nationality,
        by_premise,
        by_regency,
        silent,
        silent_days,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::date as day;

    #[test]
    fn the_period_defaults_to_thirty_days_and_stays_bounded() {
        let today = day(2026, 3, 31);
        assert_eq!(period(None, None, today).unwrap(), (day(2026, 3, 2), today));
        assert_eq!(
            period(Some("2026-03-01"), Some("2026-03-01"), today).unwrap(),
            (day(2026, 3, 1), day(2026, 3, 1))
        );
        assert!(period(Some("2026-03-02"), Some("2026-03-01"), today).is_err());
        // At most 366 days, both ends included.
        assert!(period(Some("2025-02-28"), Some("2026-03-01"), today).is_err());
        assert!(period(Some("2025-03-01"), Some("2026-03-01"), today).is_ok());
        assert!(period(Some("2026-02-30"), None, today).is_err());
    }
}

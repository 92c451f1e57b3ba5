//! Office-local calendar helpers.
//!
//! Slots, release times and "H-1" live in the office's own zone (WIB, WITA or
//! WIT) while instants are stored in UTC; these helpers are the only place
//! that crosses between the two, and they saturate instead of failing so
//! callers never handle errors that only occur near the year 9999.

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};

/// The office-local calendar date of an instant.
pub fn office_date(zone: &TimeZone, at: Timestamp) -> Date {
    zone.to_datetime(at).date()
}

/// The instant at which an office-local wall-clock `time` on `date` occurs.
pub fn office_instant(zone: &TimeZone, date: Date, time: Time) -> Timestamp {
    match zone.to_timestamp(date.to_datetime(time)) {
        Ok(ts) => ts,
        // Only reachable at the edges of jiff's supported range.
        Err(_) if date.year() > 0 => Timestamp::MAX,
        Err(_) => Timestamp::MIN,
    }
}

/// `date` moved by `days` (negative moves back), clamped to jiff's range.
pub fn add_days(date: Date, days: i64) -> Date {
    match Span::new().try_days(days) {
        Ok(span) => date.saturating_add(span),
        Err(_) if days > 0 => Date::MAX,
        Err(_) => Date::MIN,
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    to.duration_since(from).as_secs() / 86_400
}

/// `at` moved forward by `minutes`, clamped to jiff's range.
pub fn add_minutes(at: Timestamp, minutes: i64) -> Timestamp {
    match at.checked_add(SignedDuration::from_mins(minutes)) {
        Ok(ts) => ts,
        Err(_) if minutes > 0 => Timestamp::MAX,
        Err(_) => Timestamp::MIN,
    }
}

/// The first date on or after `date` that falls on `weekday`.
pub fn on_or_after(date: Date, weekday: Weekday) -> Date {
    add_days(date, i64::from(date.weekday().until(weekday)))
}

/// Whether `date` is a working day (Monday to Friday; holidays are data the
/// caller applies through quota exceptions).
pub fn is_working_day(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The lowercase English name of a weekday ("monday").
pub fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Monday => "monday",
        Weekday::Tuesday => "tuesday",
        Weekday::Wednesday => "wednesday",
        Weekday::Thursday => "thursday",
        Weekday::Friday => "friday",
        Weekday::Saturday => "saturday",
        Weekday::Sunday => "sunday",
    }
}

/// Parses a weekday name as written by [`weekday_name`], ignoring case.
pub fn parse_weekday(name: &str) -> Option<Weekday> {
    [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ]
    .into_iter()
    .find(|w| weekday_name(*w).eq_ignore_ascii_case(name))
}

/// Serde adapter storing a [`Weekday`] as its lowercase name (jiff has none).
pub(crate) mod weekday_serde {
    use jiff::civil::Weekday;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub(crate) fn serialize<S: Serializer>(w: &Weekday, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(super::weekday_name(*w))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
        let name = String::deserialize(d)?;
        super::parse_weekday(&name)
            .ok_or_else(|| D::Error::custom(format!("unknown weekday `{name}`")))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    #[test]
    fn office_date_differs_by_zone_around_midnight() {
        let at: Timestamp = "2026-03-09T16:30:00Z".parse().unwrap();
        let jakarta = TimeZone::get("Asia/Jakarta").unwrap();
        let jayapura = TimeZone::get("Asia/Jayapura").unwrap();
        assert_eq!(office_date(&jakarta, at), date(2026, 3, 9));
        assert_eq!(office_date(&jayapura, at), date(2026, 3, 10));
    }

    #[test]
    fn office_instant_uses_zone_offset() {
        let makassar = TimeZone::get("Asia/Makassar").unwrap();
        let ts = office_instant(&makassar, date(2026, 1, 2), time(8, 0, 0, 0));
        assert_eq!(ts.to_string(), "2026-01-02T00:00:00Z");
    }

    #[test]
    fn day_arithmetic_and_weekdays() {
        assert_eq!(add_days(date(2026, 2, 27), 2), date(2026, 3, 1));
        assert_eq!(days_between(date(2026, 2, 27), date(2026, 3, 1)), 2);
        assert_eq!(days_between(date(2026, 3, 1), date(2026, 2, 27)), -2);
        // 2026-03-01 is a Sunday.
        assert_eq!(
            on_or_after(date(2026, 3, 1), Weekday::Friday),
            date(2026, 3, 6)
        );
        assert_eq!(
            on_or_after(date(2026, 3, 6), Weekday::Friday),
            date(2026, 3, 6)
        );
        assert!(!is_working_day(date(2026, 3, 1)));
        assert!(is_working_day(date(2026, 3, 2)));
        assert_eq!(add_days(Date::MAX, 1), Date::MAX);
    }

    #[test]
    fn weekday_names_round_trip() {
        for n in 1..=7 {
            let w = Weekday::from_monday_one_offset(n).unwrap();
            assert_eq!(parse_weekday(weekday_name(w)), Some(w));
        }
        assert_eq!(parse_weekday("FRIDAY"), Some(Weekday::Friday));
        assert_eq!(parse_weekday("jumat"), None);
    }
}

//! The time zones Indonesian immigration offices keep.
//!
//! An office's slots, quota release times and "H-1" deadlines are in its own
//! zone, while instants are stored in UTC; these helpers convert between them.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::{Offset, TimeZone};
use serde::{Deserialize, Serialize};

/// Time zone of an office, named by IANA; serialized as the IANA name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum OfficeZone {
    /// `Asia/Jakarta`: WIB, UTC+7 (Sumatra, Java).
    Jakarta,
    /// `Asia/Pontianak`: WIB, UTC+7 (West and Central Kalimantan).
    Pontianak,
    /// `Asia/Makassar`: WITA, UTC+8 (Bali, Nusa Tenggara, Sulawesi, rest of Kalimantan).
    Makassar,
    /// `Asia/Jayapura`: WIT, UTC+9 (Maluku, Papua).
    Jayapura,
}

/// Why a text is not an Indonesian office time zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficeZoneError {
    /// Any name but the four Indonesian IANA zones.
    #[error(
        "an office time zone is one of Asia/Jakarta, Asia/Pontianak, Asia/Makassar or Asia/Jayapura"
    )]
    Unknown,
}

impl OfficeZoneError {
    /// Stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            OfficeZoneError::Unknown => "office_zone_unknown",
        }
    }
}

impl OfficeZone {
    /// All four zones, west to east.
    pub const ALL: [OfficeZone; 4] = [
        OfficeZone::Jakarta,
        OfficeZone::Pontianak,
        OfficeZone::Makassar,
        OfficeZone::Jayapura,
    ];

    /// Parses an IANA name; case is ignored as the tz database itself does.
    pub fn parse(s: &str) -> Result<Self, OfficeZoneError> {
        let s = s.trim();
        OfficeZone::ALL
            .into_iter()
            .find(|zone| zone.iana().eq_ignore_ascii_case(s))
            .ok_or(OfficeZoneError::Unknown)
    }

    /// IANA time zone name, e.g. `Asia/Makassar`.
    pub fn iana(&self) -> &'static str {
        match self {
            OfficeZone::Jakarta => "Asia/Jakarta",
            OfficeZone::Pontianak => "Asia/Pontianak",
            OfficeZone::Makassar => "Asia/Makassar",
            OfficeZone::Jayapura => "Asia/Jayapura",
        }
    }

    /// Same as [`OfficeZone::iana`], for symmetry with the other text values.
    pub fn as_str(&self) -> &'static str {
        self.iana()
    }

    /// Indonesian abbreviation shown to people: WIB, WITA or WIT.
    pub fn abbreviation(&self) -> &'static str {
        match self {
            OfficeZone::Jakarta | OfficeZone::Pontianak => "WIB",
            OfficeZone::Makassar => "WITA",
            OfficeZone::Jayapura => "WIT",
        }
    }

    /// Today's offset from UTC in hours.
    pub fn utc_offset_hours(&self) -> i8 {
        match self {
            OfficeZone::Jakarta | OfficeZone::Pontianak => 7,
            OfficeZone::Makassar => 8,
            OfficeZone::Jayapura => 9,
        }
    }

    /// The zone from the bundled tz database, which also knows past offsets.
    pub fn time_zone(&self) -> TimeZone {
        // The database is compiled in, so this fallback only guards against a
        // build without it; Indonesia has had no DST since 1964.
        TimeZone::get(self.iana())
            .unwrap_or_else(|_| TimeZone::fixed(Offset::constant(self.utc_offset_hours())))
    }

    /// The instant of a wall-clock date and time at the office.
    ///
    /// Saturates at the ends of the supported range (years -9999 and 9999).
    pub fn local_to_utc(&self, date: Date, time: Time) -> Timestamp {
        self.time_zone()
            .to_timestamp(date.to_datetime(time))
            .unwrap_or(if date.year() < 0 {
                Timestamp::MIN
            } else {
                Timestamp::MAX
            })
    }

    /// The office's calendar date at an instant.
    pub fn local_date(&self, ts: Timestamp) -> Date {
        self.time_zone().to_datetime(ts).date()
    }
}

impl fmt::Display for OfficeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.iana())
    }
}

impl AsRef<str> for OfficeZone {
    fn as_ref(&self) -> &str {
        self.iana()
    }
}

impl FromStr for OfficeZone {
    type Err = OfficeZoneError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OfficeZone::parse(s)
    }
}

impl TryFrom<String> for OfficeZone {
    type Error = OfficeZoneError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        OfficeZone::parse(&s)
    }
}

impl TryFrom<&str> for OfficeZone {
    type Error = OfficeZoneError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        OfficeZone::parse(s)
    }
}

impl From<OfficeZone> for &'static str {
    fn from(zone: OfficeZone) -> Self {
        zone.iana()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};
    use proptest::prelude::*;

    #[test]
    fn parses_the_four_iana_names() {
        assert_eq!(OfficeZone::parse("Asia/Jakarta"), Ok(OfficeZone::Jakarta));
        assert_eq!(
            OfficeZone::parse("Asia/Pontianak"),
            Ok(OfficeZone::Pontianak)
        );
        assert_eq!(OfficeZone::parse("asia/makassar"), Ok(OfficeZone::Makassar));
        assert_eq!(" Asia/Jayapura ".parse(), Ok(OfficeZone::Jayapura));
        for bad in ["", "WIB", "Asia/Singapore", "Asia/Ujung_Pandang", "UTC+7"] {
            assert_eq!(
                OfficeZone::parse(bad),
                Err(OfficeZoneError::Unknown),
                "{bad}"
            );
        }
        assert_eq!(OfficeZoneError::Unknown.code(), "office_zone_unknown");
    }

    #[test]
    fn abbreviations_and_offsets() {
        let abbreviations: Vec<_> = OfficeZone::ALL.iter().map(|z| z.abbreviation()).collect();
        assert_eq!(abbreviations, ["WIB", "WIB", "WITA", "WIT"]);
        let now = date(2026, 1, 1)
            .at(0, 0, 0, 0)
            .in_tz("UTC")
            .unwrap()
            .timestamp();
        for zone in OfficeZone::ALL {
            let offset = zone.time_zone().to_offset(now);
            assert_eq!(offset, Offset::constant(zone.utc_offset_hours()), "{zone}");
            assert_eq!(zone.time_zone().iana_name(), Some(zone.iana()));
        }
    }

    #[test]
    fn makassar_afternoon_is_utc_morning() {
        let ts = OfficeZone::Makassar.local_to_utc(date(2026, 3, 10), time(14, 0, 0, 0));
        assert_eq!(ts.to_string(), "2026-03-10T06:00:00Z");
    }

    #[test]
    fn late_utc_evening_is_next_day_in_jayapura() {
        let ts: Timestamp = "2026-01-01T23:30:00Z".parse().unwrap();
        assert_eq!(OfficeZone::Jayapura.local_date(ts), date(2026, 1, 2));
        assert_eq!(OfficeZone::Jakarta.local_date(ts), date(2026, 1, 2));
        let early: Timestamp = "2026-01-01T16:30:00Z".parse().unwrap();
        assert_eq!(OfficeZone::Jakarta.local_date(early), date(2026, 1, 1));
        assert_eq!(OfficeZone::Makassar.local_date(early), date(2026, 1, 2));
    }

    #[test]
    fn extreme_dates_saturate() {
        let end = OfficeZone::Jakarta.local_to_utc(date(9999, 12, 31), time(23, 0, 0, 0));
        assert!(end <= Timestamp::MAX);
        let start = OfficeZone::Jayapura.local_to_utc(date(-9999, 1, 1), time(0, 0, 0, 0));
        assert!(start >= Timestamp::MIN);
    }

    #[test]
    fn serde_is_the_iana_name() {
        assert_eq!(
            serde_json::to_string(&OfficeZone::Makassar).unwrap(),
            "\"Asia/Makassar\""
        );
        assert_eq!(
            serde_json::from_str::<OfficeZone>("\"Asia/Pontianak\"").unwrap(),
            OfficeZone::Pontianak
        );
        assert!(serde_json::from_str::<OfficeZone>("\"Europe/Paris\"").is_err());
    }

    prop_compose! {
        fn modern_date()(
            date in (1990i16..=2100, 1i8..=12, 1i8..=31)
                .prop_filter_map("real date", |(y, m, d)| Date::new(y, m, d).ok())
        ) -> Date {
            date
        }
    }

    proptest! {
        #[test]
        fn local_time_round_trips(
            zone in prop::sample::select(OfficeZone::ALL.to_vec()),
            date in modern_date(),
            hour in 0i8..24,
            minute in 0i8..60,
        ) {
            let ts = zone.local_to_utc(date, time(hour, minute, 0, 0));
            prop_assert_eq!(zone.local_date(ts), date);
            let utc = ts.to_zoned_datetime(TimeZone::UTC).datetime();
            let local = date.at(hour, minute, 0, 0);
            let hours = local.duration_since(utc).as_hours();
            prop_assert_eq!(hours, i64::from(zone.utc_offset_hours()));
            let shown = zone.to_string();
            prop_assert_eq!(OfficeZone::parse(&shown), Ok(zone));
        }

        #[test]
        fn random_strings_never_panic(s in "\\PC{0,30}") {
            let _ = OfficeZone::parse(&s);
        }
    }
}

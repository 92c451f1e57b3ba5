//! Appearances at the office (photo and fingerprints, an interview) that
//! an officer asks of an applicant: what they are for, how they move, and
//! which sessions may be booked (data: the sessions of a working day and
//! their capacity).

use jiff::civil::{Date, Time, Weekday};

/// Why the holder must come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Photo and fingerprints.
    Biometrics,
    /// A short interview.
    Interview,
}

impl Purpose {
    /// Every purpose.
    pub const ALL: [Purpose; 2] = [Purpose::Biometrics, Purpose::Interview];

    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Biometrics => "biometrics",
            Purpose::Interview => "interview",
        }
    }

    /// Parse a machine name.
    pub fn parse(s: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// Where an appearance stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Asked for; the holder has not booked a time yet.
    Requested,
    /// A time is booked: expected at the office.
    Booked,
    /// Arrived on the office floor.
    CheckedIn,
    /// Seen at a counter (final).
    Served,
    /// Did not come (final; the officer may ask again).
    NoShow,
    /// The case ended first (final).
    Cancelled,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 6] = [
        Status::Requested,
        Status::Booked,
        Status::CheckedIn,
        Status::Served,
        Status::NoShow,
        Status::Cancelled,
    ];

    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Requested => "requested",
            Status::Booked => "booked",
            Status::CheckedIn => "checked_in",
            Status::Served => "served",
            Status::NoShow => "no_show",
            Status::Cancelled => "cancelled",
        }
    }

    /// Parse a machine name.
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether nothing more happens to it.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Served | Status::NoShow | Status::Cancelled)
    }
}

/// One session of a working day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Session {
    /// Its name in the API, e.g. `morning`.
    pub name: String,
    /// Office-local start.
    pub starts: Time,
    /// Office-local end.
    pub ends: Time,
}

/// When appearances may be booked (data, configurable).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct AppearanceRules {
    /// The sessions of each working day (Monday to Friday).
    pub sessions: Vec<Session>,
    /// Appearances per session and office.
    pub capacity: i64,
    /// Furthest day ahead that may be booked.
    pub max_days_ahead: i64,
}

impl Default for AppearanceRules {
    /// Two sessions, 08:00–12:00 and 13:00–15:00, of 20 each, up to 30
    /// days ahead.
    fn default() -> Self {
        let t = |h, m| Time::new(h, m, 0, 0).unwrap_or(Time::midnight());
        AppearanceRules {
            sessions: vec![
                Session {
                    name: "morning".into(),
                    starts: t(8, 0),
                    ends: t(12, 0),
                },
                Session {
                    name: "afternoon".into(),
                    starts: t(13, 0),
                    ends: t(15, 0),
                },
            ],
            capacity: 20,
            max_days_ahead: 30,
        }
    }
}

/// Why a day or session may not be booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BookingRefusal {
    /// No such session.
    #[error("no such session")]
    UnknownSession,
    /// Not a day ahead (today or past), or beyond the horizon.
    #[error("the day is outside the booking horizon")]
    OutsideHorizon,
    /// Saturday or Sunday.
    #[error("the office does not receive on that day")]
    ClosedDay,
}

impl AppearanceRules {
    /// The session `name` of `date`, if it may be booked on `today`
    /// (office-local dates).
    pub fn bookable(
        &self,
        date: Date,
        name: &str,
        today: Date,
    ) -> Result<&Session, BookingRefusal> {
        let session = self
            .sessions
            .iter()
            .find(|s| s.name == name)
            .ok_or(BookingRefusal::UnknownSession)?;
        let ahead = i64::from((date - today).get_days());
        if ahead < 1 || ahead > self.max_days_ahead {
            return Err(BookingRefusal::OutsideHorizon);
        }
        if matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
            return Err(BookingRefusal::ClosedDay);
        }
        Ok(session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn names_round_trip() {
        for p in Purpose::ALL {
            assert_eq!(Purpose::parse(p.as_str()), Some(p));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert!(Status::Served.is_final() && !Status::Booked.is_final());
    }

    #[test]
    fn only_working_days_ahead_within_the_horizon() {
        let r = AppearanceRules::default();
        // Tuesday 1 December 2026.
        let today = d(2026, 12, 1);
        assert!(r.bookable(d(2026, 12, 2), "morning", today).is_ok());
        assert_eq!(
            r.bookable(today, "morning", today),
            Err(BookingRefusal::OutsideHorizon)
        );
        assert_eq!(
            r.bookable(d(2026, 12, 5), "morning", today),
            Err(BookingRefusal::ClosedDay)
        );
        assert_eq!(
            r.bookable(d(2026, 12, 31), "afternoon", today)
                .map(|s| s.name.clone()),
            Ok("afternoon".into())
        );
        assert_eq!(
            r.bookable(d(2027, 1, 1), "morning", today),
            Err(BookingRefusal::OutsideHorizon)
        );
        assert_eq!(
            r.bookable(d(2026, 12, 2), "evening", today),
            Err(BookingRefusal::UnknownSession)
        );
    }
}

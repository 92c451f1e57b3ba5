//! When quota is released to the public, and whether a slot may be booked now.
//!
//! Releases happen at an office-local wall-clock time, so a Friday 14:00
//! release is 07:00 UTC in Jakarta, 06:00 UTC in Makassar and 05:00 UTC in
//! Jayapura. Public holidays are not modelled: the rule's days are plain
//! calendar days and "working day" means Monday to Friday.

use jiff::Timestamp;
use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use super::office_time::{
    add_days, add_minutes, days_between, is_working_day, office_date, office_instant, on_or_after,
    weekday_serde,
};

/// Furthest ahead, in days, a weekly release may open dates.
pub const MAX_RELEASE_AHEAD_DAYS: u16 = 366;

/// How an office releases its quota to the public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReleaseRule {
    /// Every `weekday` at `at`, open the dates `opens_from_days..=opens_to_days` ahead.
    Weekly {
        /// Day of the week the release happens.
        #[serde(with = "weekday_serde")]
        weekday: Weekday,
        /// Office-local time of the release.
        at: Time,
        /// First date opened, in days after the release day.
        opens_from_days: u16,
        /// Last date opened, in days after the release day.
        opens_to_days: u16,
    },
    /// On the last working day of each month at `at`, open the whole next month.
    Monthly {
        /// Office-local time of the release.
        at: Time,
    },
}

/// Why a release rule was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReleaseRuleError {
    /// The window's first day is after its last.
    #[error("release window starts after it ends ({from} to {to} days ahead)")]
    WindowReversed {
        /// `opens_from_days`.
        from: u16,
        /// `opens_to_days`.
        to: u16,
    },
    /// A weekly window shorter than seven days would leave dates never released.
    #[error(
        "a weekly release must open at least 7 consecutive days (got {from} to {to} days ahead)"
    )]
    WindowShorterThanWeek {
        /// `opens_from_days`.
        from: u16,
        /// `opens_to_days`.
        to: u16,
    },
    /// The window reaches beyond [`MAX_RELEASE_AHEAD_DAYS`].
    #[error("a release may open dates at most {MAX_RELEASE_AHEAD_DAYS} days ahead (got {to})")]
    WindowTooFar {
        /// `opens_to_days`.
        to: u16,
    },
}

impl ReleaseRuleError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            ReleaseRuleError::WindowReversed { .. } => "release_window_reversed",
            ReleaseRuleError::WindowShorterThanWeek { .. } => "release_window_shorter_than_week",
            ReleaseRuleError::WindowTooFar { .. } => "release_window_too_far",
        }
    }
}

impl ReleaseRule {
    /// Checks that every date is released exactly once by some release.
    pub fn validate(&self) -> Result<(), ReleaseRuleError> {
        match *self {
            ReleaseRule::Monthly { .. } => Ok(()),
            ReleaseRule::Weekly {
                opens_from_days: from,
                opens_to_days: to,
                ..
            } => {
                if from > to {
                    Err(ReleaseRuleError::WindowReversed { from, to })
                } else if to - from < 6 {
                    Err(ReleaseRuleError::WindowShorterThanWeek { from, to })
                } else if to > MAX_RELEASE_AHEAD_DAYS {
                    Err(ReleaseRuleError::WindowTooFar { to })
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// One entry of the public release calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseEvent {
    /// When the release happens.
    pub at: Timestamp,
    /// First office-local date this release opens.
    pub dates_from: Date,
    /// Last office-local date this release opens.
    pub dates_to: Date,
}

/// The last Monday-to-Friday day of the month containing `date`.
pub fn last_working_day_of_month(date: Date) -> Date {
    let mut day = date.last_of_month();
    while !is_working_day(day) {
        day = add_days(day, -1);
    }
    day
}

/// When the slots of `slot_date` are released under `rule`.
///
/// A weekly window longer than a week covers a date from several releases;
/// the date opens at the EARLIEST of them and stays open, so this returns
/// the first `weekday` on or after `slot_date - opens_to_days`. For a rule
/// that fails [`ReleaseRule::validate`] with a gap, uncovered dates get that
/// same (later) release.
pub fn release_instant_for(rule: &ReleaseRule, zone: &TimeZone, slot_date: Date) -> Timestamp {
    match *rule {
        ReleaseRule::Weekly {
            weekday,
            at,
            opens_to_days,
            ..
        } => {
            let day = on_or_after(add_days(slot_date, -i64::from(opens_to_days)), weekday);
            office_instant(zone, day, at)
        }
        ReleaseRule::Monthly { at } => {
            let previous_month = add_days(slot_date.first_of_month(), -1);
            office_instant(zone, last_working_day_of_month(previous_month), at)
        }
    }
}

/// The next `count` releases strictly after `now`, with the dates each newly opens.
pub fn next_releases(
    rule: &ReleaseRule,
    zone: &TimeZone,
    now: Timestamp,
    count: usize,
) -> Vec<ReleaseEvent> {
    let today = office_date(zone, now);
    let mut events = Vec::with_capacity(count);
    match *rule {
        ReleaseRule::Weekly {
            weekday,
            at,
            opens_from_days,
            opens_to_days,
        } => {
            let mut day = on_or_after(today, weekday);
            if office_instant(zone, day, at) <= now {
                day = add_days(day, 7);
            }
            // Earlier dates of a wide window were opened by the previous week.
            let first = i64::from(opens_from_days).max(i64::from(opens_to_days) - 6);
            while events.len() < count {
                events.push(ReleaseEvent {
                    at: office_instant(zone, day, at),
                    dates_from: add_days(day, first),
                    dates_to: add_days(day, i64::from(opens_to_days)),
                });
                day = add_days(day, 7);
            }
        }
        ReleaseRule::Monthly { at } => {
            let mut day = last_working_day_of_month(today);
            if office_instant(zone, day, at) <= now {
                day = last_working_day_of_month(add_days(today.last_of_month(), 1));
            }
            while events.len() < count {
                let next_month = add_days(day.last_of_month(), 1);
                events.push(ReleaseEvent {
                    at: office_instant(zone, day, at),
                    dates_from: next_month,
                    dates_to: next_month.last_of_month(),
                });
                day = last_working_day_of_month(next_month);
            }
        }
    }
    events
}

/// Lead-time and advance limits on booking a slot (configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BookingWindow {
    /// Minutes a booking must precede the session start; 0 allows booking until it ends.
    pub min_lead_minutes: u32,
    /// Furthest ahead, in office-local days from today, a slot may be booked.
    pub max_advance_days: u32,
}

impl Default for BookingWindow {
    fn default() -> Self {
        BookingWindow {
            min_lead_minutes: 0,
            max_advance_days: 90,
        }
    }
}

impl BookingWindow {
    /// Whether a session on `date` could ever be booked: from the
    /// office-local `today` through `today + max_advance_days` (the booking
    /// horizon; 90 days unless the office sets another, at most 366).
    /// Sessions outside it are refused when created.
    pub fn within_horizon(&self, today: Date, date: Date) -> Result<(), OutsideHorizon> {
        if date < today {
            return Err(OutsideHorizon::Past);
        }
        if date > add_days(today, i64::from(self.max_advance_days)) {
            return Err(OutsideHorizon::TooFar {
                max_advance_days: self.max_advance_days,
            });
        }
        Ok(())
    }
}

/// Why a session date lies outside the booking horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OutsideHorizon {
    /// Before today (office time).
    #[error("the date has already passed")]
    Past,
    /// Beyond the horizon.
    #[error("the date is more than {max_advance_days} days ahead")]
    TooFar {
        /// The office's horizon.
        max_advance_days: u32,
    },
}

/// Why a slot cannot be booked right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotBookable {
    /// The slot's quota has not been released yet.
    #[error("this slot opens for booking at {opens_at}")]
    NotReleased {
        /// When it will open.
        opens_at: Timestamp,
    },
    /// The session is over.
    #[error("this session has already ended")]
    Ended,
    /// The session starts too soon to book.
    #[error("sessions must be booked at least {min_lead_minutes} minutes before they start")]
    TooSoon {
        /// The configured lead time.
        min_lead_minutes: u32,
    },
    /// The date is beyond the advance booking limit.
    #[error("dates can be booked at most {max_advance_days} days ahead")]
    TooFarAhead {
        /// The configured limit.
        max_advance_days: u32,
    },
}

impl NotBookable {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            NotBookable::NotReleased { .. } => "slot_not_released",
            NotBookable::Ended => "session_ended",
            NotBookable::TooSoon { .. } => "booking_too_soon",
            NotBookable::TooFarAhead { .. } => "booking_too_far_ahead",
        }
    }
}

/// Whether a slot (office-local date and times) can be booked at `now`.
///
/// Checks, in order: released, not ended, lead time (only when non-zero,
/// measured to the session start), advance limit (office-local days).
pub fn bookable(
    window: &BookingWindow,
    zone: &TimeZone,
    now: Timestamp,
    slot_date: Date,
    slot_start: Time,
    slot_end: Time,
    release_at: Timestamp,
) -> Result<(), NotBookable> {
    if now < release_at {
        return Err(NotBookable::NotReleased {
            opens_at: release_at,
        });
    }
    if now >= office_instant(zone, slot_date, slot_end) {
        return Err(NotBookable::Ended);
    }
    let lead = window.min_lead_minutes;
    if lead > 0 && add_minutes(now, i64::from(lead)) > office_instant(zone, slot_date, slot_start) {
        return Err(NotBookable::TooSoon {
            min_lead_minutes: lead,
        });
    }
    if days_between(office_date(zone, now), slot_date) > i64::from(window.max_advance_days) {
        return Err(NotBookable::TooFarAhead {
            max_advance_days: window.max_advance_days,
        });
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

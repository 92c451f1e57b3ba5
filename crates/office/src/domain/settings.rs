//! How an office runs its floor: the arrival window, priority
//! interleaving and the daily cap of walk-ins.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Minutes before a session starts that check-in opens, when not configured.
pub const DEFAULT_ARRIVE_BEFORE_MINUTES: u32 = 30;
/// One priority ticket after this many other calls, when not configured.
pub const DEFAULT_PRIORITY_EVERY: u32 = 2;
/// Priority walk-ins per office and day when the office has no priority quota.
pub const DEFAULT_WALK_IN_DAILY_CAP: u32 = 20;
/// Minutes one applicant takes at a counter before the day has any data.
pub const DEFAULT_SERVICE_MINUTES: f64 = 10.0;
/// Largest accepted `arrive_before_minutes`.
pub const MAX_ARRIVE_BEFORE_MINUTES: u32 = 240;
/// Largest accepted `priority_every`.
pub const MAX_PRIORITY_EVERY: u32 = 50;
/// Largest accepted `walk_in_daily_cap`.
pub const MAX_WALK_IN_DAILY_CAP: u32 = 10_000;

/// How an office runs its floor (configuration per office).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FloorSettings {
    /// Check-in opens this many minutes before the session starts (and
    /// closes when it ends).
    pub arrive_before_minutes: u32,
    /// When priority tickets wait, one is called after every this many
    /// regular or accelerated calls (0: priority tickets always first).
    pub priority_every: u32,
    /// Priority walk-ins accepted per day.
    pub walk_in_daily_cap: u32,
}

impl FloorSettings {
    /// The defaults for an office whose daily priority quota is
    /// `office_priority_quota` (the walk-in cap; 20 when not positive).
    pub fn defaults(office_priority_quota: i32) -> FloorSettings {
        FloorSettings {
            arrive_before_minutes: DEFAULT_ARRIVE_BEFORE_MINUTES,
            priority_every: DEFAULT_PRIORITY_EVERY,
            walk_in_daily_cap: u32::try_from(office_priority_quota)
                .ok()
                .filter(|c| *c > 0)
                .unwrap_or(DEFAULT_WALK_IN_DAILY_CAP),
        }
    }

    /// Settings from untrusted numbers, or, for each bad field, the largest
    /// value it accepts (every field accepts 0 up to that value).
    pub fn parse(
        arrive_before_minutes: i64,
        priority_every: i64,
        walk_in_daily_cap: i64,
    ) -> Result<FloorSettings, BTreeMap<&'static str, u32>> {
        let mut errors = BTreeMap::new();
        let mut field = |name: &'static str, value: i64, max: u32| -> u32 {
            match u32::try_from(value) {
                Ok(v) if v <= max => v,
                _ => {
                    errors.insert(name, max);
                    0
                }
            }
        };
        let s = FloorSettings {
            arrive_before_minutes: field(
                "arrive_before_minutes",
                arrive_before_minutes,
                MAX_ARRIVE_BEFORE_MINUTES,
            ),
            priority_every: field("priority_every", priority_every, MAX_PRIORITY_EVERY),
            walk_in_daily_cap: field(
                "walk_in_daily_cap",
                walk_in_daily_cap,
                MAX_WALK_IN_DAILY_CAP,
            ),
        };
        if errors.is_empty() {
            Ok(s)
        } else {
            Err(errors)
        }
    }

    /// The check-in window: from `arrive_before_minutes` before the session
    /// starts until it ends.
    pub fn check_in_window(&self) -> CheckInWindow {
        CheckInWindow {
            early_minutes: self.arrive_before_minutes,
            late_minutes: 0,
        }
    }
}

/// How early before and how late after a session check-in is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInWindow {
    /// Minutes before the session start that check-in opens.
    pub early_minutes: u32,
    /// Minutes after the session end that check-in stays open.
    pub late_minutes: u32,
}

impl CheckInWindow {
    /// First instant check-in is accepted and first instant it is refused again.
    pub fn bounds(
        &self,
        session_start: Timestamp,
        session_end: Timestamp,
    ) -> (Timestamp, Timestamp) {
        (
            add_minutes(session_start, -i64::from(self.early_minutes)),
            add_minutes(session_end, i64::from(self.late_minutes)),
        )
    }
}

/// `at` moved by `minutes`, clamped to jiff's range.
fn add_minutes(at: Timestamp, minutes: i64) -> Timestamp {
    match at.checked_add(SignedDuration::from_mins(minutes)) {
        Ok(ts) => ts,
        Err(_) if minutes > 0 => Timestamp::MAX,
        Err(_) => Timestamp::MIN,
    }
}

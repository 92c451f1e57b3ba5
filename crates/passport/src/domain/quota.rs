//! An office's quota: a weekly template of sessions, dated exceptions, and
//! their expansion into concrete slots.

use jiff::civil::{Date, Time, Weekday};
use serde::{Deserialize, Serialize};

use super::category::Category;
use super::office_time::{add_days, weekday_name, weekday_serde};

/// Largest capacity one session may have.
pub const MAX_SESSION_CAPACITY: u32 = 10_000;

/// Why a template session or an exception was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuotaError {
    /// A session must end after it starts.
    #[error("session must start before it ends (got {start} to {end})")]
    StartNotBeforeEnd {
        /// Declared start.
        start: Time,
        /// Declared end.
        end: Time,
    },
    /// Capacity is zero or above [`MAX_SESSION_CAPACITY`].
    #[error("session capacity must be between 1 and {MAX_SESSION_CAPACITY} (got {capacity})")]
    CapacityOutOfRange {
        /// Declared capacity.
        capacity: u32,
    },
    /// Two sessions of one category overlap on one weekday.
    #[error(
        "{category} sessions starting at {first} and {second} overlap on {}",
        weekday_name(*weekday)
    )]
    OverlappingSessions {
        /// Weekday of both sessions.
        weekday: Weekday,
        /// Category of both sessions.
        category: Category,
        /// Start of the earlier session.
        first: Time,
        /// Start of the later session.
        second: Time,
    },
}

impl QuotaError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            QuotaError::StartNotBeforeEnd { .. } => "session_start_not_before_end",
            QuotaError::CapacityOutOfRange { .. } => "capacity_out_of_range",
            QuotaError::OverlappingSessions { .. } => "overlapping_sessions",
        }
    }
}

fn check_session(start: Time, end: Time, capacity: u32) -> Result<(), QuotaError> {
    if start >= end {
        return Err(QuotaError::StartNotBeforeEnd { start, end });
    }
    if !(1..=MAX_SESSION_CAPACITY).contains(&capacity) {
        return Err(QuotaError::CapacityOutOfRange { capacity });
    }
    Ok(())
}

/// One recurring session of the weekly template, in office-local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTemplate {
    /// Day of the week the session recurs on.
    #[serde(with = "weekday_serde")]
    pub weekday: Weekday,
    /// Office-local start time.
    pub start: Time,
    /// Office-local end time (exclusive).
    pub end: Time,
    /// Quota category served.
    pub category: Category,
    /// Number of applicants the session takes.
    pub capacity: u32,
}

impl SessionTemplate {
    /// Checks the session on its own (times and capacity).
    pub fn validate(&self) -> Result<(), QuotaError> {
        check_session(self.start, self.end, self.capacity)
    }
}

/// A validated weekly template: no overlapping sessions per weekday and category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<SessionTemplate>", into = "Vec<SessionTemplate>")]
pub struct WeeklyTemplate(Vec<SessionTemplate>);

impl WeeklyTemplate {
    /// Validates the sessions and keeps them sorted by weekday, start, category.
    pub fn new(mut sessions: Vec<SessionTemplate>) -> Result<Self, QuotaError> {
        sessions.iter().try_for_each(SessionTemplate::validate)?;
        sessions.sort_by_key(|s| (s.weekday.to_monday_one_offset(), s.category, s.start, s.end));
        // Sorted by (weekday, category, start), a set without overlaps has
        // each session starting at or after its predecessor's end.
        for pair in sessions.windows(2) {
            let (p, s) = (&pair[0], &pair[1]);
            if p.weekday == s.weekday && p.category == s.category && s.start < p.end {
                return Err(QuotaError::OverlappingSessions {
                    weekday: s.weekday,
                    category: s.category,
                    first: p.start,
                    second: s.start,
                });
            }
        }
        sessions.sort_by_key(|s| (s.weekday.to_monday_one_offset(), s.start, s.category, s.end));
        Ok(WeeklyTemplate(sessions))
    }

    /// The sessions, sorted by weekday, start and category.
    pub fn sessions(&self) -> &[SessionTemplate] {
        &self.0
    }

    /// The sessions recurring on one weekday.
    pub fn sessions_on(&self, weekday: Weekday) -> impl Iterator<Item = &SessionTemplate> {
        self.0.iter().filter(move |s| s.weekday == weekday)
    }
}

impl TryFrom<Vec<SessionTemplate>> for WeeklyTemplate {
    type Error = QuotaError;

    fn try_from(sessions: Vec<SessionTemplate>) -> Result<Self, Self::Error> {
        WeeklyTemplate::new(sessions)
    }
}

impl From<WeeklyTemplate> for Vec<SessionTemplate> {
    fn from(template: WeeklyTemplate) -> Self {
        template.0
    }
}

/// A dated departure from the weekly template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaException {
    /// Office-local date concerned.
    pub date: Date,
    /// What happens on that date.
    pub kind: ExceptionKind,
}

/// What a [`QuotaException`] does to its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ExceptionKind {
    /// Office closed (holiday, outage): no slots at all that day, extras included.
    Closed,
    /// An additional session, or more capacity for an identical one.
    ExtraCapacity {
        /// Quota category served.
        category: Category,
        /// Office-local start time.
        start: Time,
        /// Office-local end time (exclusive).
        end: Time,
        /// Number of applicants added.
        capacity: u32,
    },
}

impl QuotaException {
    /// Checks an extra session's times and capacity; closures are always valid.
    pub fn validate(&self) -> Result<(), QuotaError> {
        match self.kind {
            ExceptionKind::Closed => Ok(()),
            ExceptionKind::ExtraCapacity {
                start,
                end,
                capacity,
                ..
            } => check_session(start, end, capacity),
        }
    }

    /// The slot a valid extra-capacity exception adds; `None` for closures and invalid extras.
    fn extra_slot(&self) -> Option<SlotSpec> {
        match self.kind {
            ExceptionKind::ExtraCapacity {
                category,
                start,
                end,
                capacity,
            } if self.validate().is_ok() => Some(SlotSpec {
                date: self.date,
                start,
                end,
                category,
                capacity,
            }),
            _ => None,
        }
    }
}

/// One concrete bookable session on a date, produced by [`expand`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotSpec {
    /// Office-local date.
    pub date: Date,
    /// Office-local start time.
    pub start: Time,
    /// Office-local end time (exclusive).
    pub end: Time,
    /// Quota category served.
    pub category: Category,
    /// Number of applicants the slot takes.
    pub capacity: u32,
}

/// Expands the template and exceptions into slots for `from..=to`, sorted by
/// date, start and category.
///
/// A closed date yields no slots. An extra with the same start, end and
/// category as an existing slot adds to its capacity; any other extra becomes
/// a slot of its own. Exceptions that fail [`QuotaException::validate`] are
/// ignored, so validate them when they are entered.
pub fn expand(
    template: &WeeklyTemplate,
    exceptions: &[QuotaException],
    from: Date,
    to: Date,
) -> Vec<SlotSpec> {
    let mut slots = Vec::new();
    let mut day = from;
    while day <= to {
        let on_day = exceptions.iter().filter(|e| e.date == day);
        if !on_day.clone().any(|e| e.kind == ExceptionKind::Closed) {
            let first = slots.len();
            slots.extend(template.sessions_on(day.weekday()).map(|s| SlotSpec {
                date: day,
                start: s.start,
                end: s.end,
                category: s.category,
                capacity: s.capacity,
            }));
            for extra in on_day.filter_map(QuotaException::extra_slot) {
                add_extra(&mut slots, first, extra);
            }
            slots[first..].sort_by_key(|s| (s.start, s.category, s.end));
        }
        if day == Date::MAX {
            break;
        }
        day = add_days(day, 1);
    }
    slots
}

/// Adds capacity to an identical slot at or after `first`, or pushes a new slot.
fn add_extra(slots: &mut Vec<SlotSpec>, first: usize, extra: SlotSpec) {
    match slots[first..]
        .iter_mut()
        .find(|s| s.category == extra.category && s.start == extra.start && s.end == extra.end)
    {
        Some(slot) => slot.capacity = slot.capacity.saturating_add(extra.capacity),
        None => slots.push(extra),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

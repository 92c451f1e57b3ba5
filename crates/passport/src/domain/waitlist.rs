//! The waitlist: freed slots go to the earliest waiting applicant whose
//! dates and category match (first come, first served).

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::category::Category;
use super::office_time::days_between;

/// Longest date range, in days (both ends included), one entry may wait for.
pub const MAX_WAITLIST_RANGE_DAYS: i64 = 90;

/// Where a waitlist entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitlistStatus {
    /// Waiting for a freed slot.
    Waiting,
    /// A slot is on offer to this entry.
    Offered,
    /// The entry turned into a booking.
    Booked,
    /// Withdrawn by the applicant or lapsed.
    Withdrawn,
}

/// One applicant waiting for a slot at an office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitlistEntry {
    /// Opaque identifier, unique per office.
    pub id: u64,
    /// When the applicant joined; earlier entries are served first.
    pub created_at: Timestamp,
    /// Office code of the office waited on.
    pub office: String,
    /// First acceptable office-local date.
    pub date_from: Date,
    /// Last acceptable office-local date.
    pub date_to: Date,
    /// Quota category wanted.
    pub category: Category,
    /// Current status.
    pub status: WaitlistStatus,
}

impl WaitlistEntry {
    /// Whether a freed slot on `slot_date` of `category` could go to this entry.
    pub fn wants(&self, slot_date: Date, category: Category) -> bool {
        self.status == WaitlistStatus::Waiting
            && self.category == category
            && self.date_from <= slot_date
            && slot_date <= self.date_to
    }
}

/// The entry to offer a freed slot to: the earliest-created waiting entry
/// that wants it (ties broken by id). Pass the entries of one office.
pub fn next_offer(
    entries: &[WaitlistEntry],
    slot_date: Date,
    category: Category,
) -> Option<&WaitlistEntry> {
    entries
        .iter()
        .filter(|e| e.wants(slot_date, category))
        .min_by_key(|e| (e.created_at, e.id))
}

/// Why a waitlist date range was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WaitlistError {
    /// The range ends before it starts.
    #[error("the date range ends ({to}) before it starts ({from})")]
    RangeReversed {
        /// First date.
        from: Date,
        /// Last date.
        to: Date,
    },
    /// The range is longer than [`MAX_WAITLIST_RANGE_DAYS`].
    #[error("the date range may span at most {MAX_WAITLIST_RANGE_DAYS} days (got {days})")]
    RangeTooLong {
        /// Days in the range, both ends included.
        days: i64,
    },
    /// The range starts before the office's today.
    #[error("the date range starts in the past ({from}, today is {today})")]
    RangeInPast {
        /// First date.
        from: Date,
        /// Office-local today.
        today: Date,
    },
}

impl WaitlistError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            WaitlistError::RangeReversed { .. } => "waitlist_range_reversed",
            WaitlistError::RangeTooLong { .. } => "waitlist_range_too_long",
            WaitlistError::RangeInPast { .. } => "waitlist_range_in_past",
        }
    }
}

/// Checks a requested range against the office-local `today`.
pub fn validate_range(from: Date, to: Date, today: Date) -> Result<(), WaitlistError> {
    if from > to {
        return Err(WaitlistError::RangeReversed { from, to });
    }
    let days = days_between(from, to) + 1;
    if days > MAX_WAITLIST_RANGE_DAYS {
        return Err(WaitlistError::RangeTooLong { days });
    }
    if from < today {
        return Err(WaitlistError::RangeInPast { from, today });
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::office_time::add_days;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn entry(id: u64, created: i64, from: Date, to: Date, category: Category) -> WaitlistEntry {
        WaitlistEntry {
            id,
            created_at: Timestamp::from_second(1_770_000_000 + created).unwrap(),
            office: "KANIM-BATAM".to_owned(),
            date_from: from,
            date_to: to,
            category,
            status: WaitlistStatus::Waiting,
        }
    }

    #[test]
    fn first_come_first_served_among_matching_entries() {
        let (d1, d2, d3) = (date(2026, 3, 10), date(2026, 3, 12), date(2026, 3, 20));
        let mut entries = vec![
            entry(1, 50, d1, d3, Category::Regular),
            entry(2, 10, d2, d3, Category::Regular), // earliest, but range starts later
            entry(3, 20, d1, d3, Category::Priority), // wrong category
            entry(4, 30, d1, d2, Category::Regular),
            entry(5, 5, d1, d3, Category::Regular),
        ];
        entries[4].status = WaitlistStatus::Offered; // already holding an offer
        let offer = next_offer(&entries, d1, Category::Regular).unwrap();
        assert_eq!(offer.id, 4);
        assert_eq!(next_offer(&entries, d2, Category::Regular).unwrap().id, 2);
        assert_eq!(next_offer(&entries, d3, Category::Priority).unwrap().id, 3);
        assert!(next_offer(&entries, date(2026, 3, 21), Category::Regular).is_none());
        assert!(next_offer(&[], d1, Category::Regular).is_none());
    }

    #[test]
    fn ties_on_creation_time_go_to_the_lower_id() {
        let d = date(2026, 3, 10);
        let entries = [
            entry(9, 0, d, d, Category::Regular),
            entry(3, 0, d, d, Category::Regular),
        ];
        assert_eq!(next_offer(&entries, d, Category::Regular).unwrap().id, 3);
    }

    #[test]
    fn range_validation() {
        let today = date(2026, 3, 1);
        assert!(validate_range(today, add_days(today, 89), today).is_ok());
        let err = validate_range(today, add_days(today, 90), today).unwrap_err();
        assert_eq!(err, WaitlistError::RangeTooLong { days: 91 });
        assert_eq!(err.code(), "waitlist_range_too_long");
        let err = validate_range(date(2026, 3, 5), date(2026, 3, 4), today).unwrap_err();
        assert_eq!(err.code(), "waitlist_range_reversed");
        let err = validate_range(date(2026, 2, 28), date(2026, 3, 4), today).unwrap_err();
        assert_eq!(err.code(), "waitlist_range_in_past");
        assert!(validate_range(today, today, today).is_ok());
    }

    fn arb_entry() -> impl Strategy<Value = WaitlistEntry> {
        (
            0u64..1000,
            0i64..100,
            0i64..30,
            0i64..10,
            0usize..3,
            0usize..4,
        )
            .prop_map(|(id, created, start, len, cat, status)| {
                let from = add_days(date(2026, 3, 1), start);
                let mut e = entry(id, created, from, add_days(from, len), Category::ALL[cat]);
                e.status = [
                    WaitlistStatus::Waiting,
                    WaitlistStatus::Offered,
                    WaitlistStatus::Booked,
                    WaitlistStatus::Withdrawn,
                ][status];
                e
            })
    }

    proptest! {
        #[test]
        fn offer_goes_to_no_later_entry_than_any_other_match(
            entries in prop::collection::vec(arb_entry(), 0..20), day in 0i64..40, cat in 0usize..3,
        ) {
            let slot = add_days(date(2026, 3, 1), day);
            let category = Category::ALL[cat];
            match next_offer(&entries, slot, category) {
                Some(chosen) => {
                    prop_assert!(chosen.wants(slot, category));
                    for other in entries.iter().filter(|e| e.wants(slot, category)) {
                        prop_assert!((chosen.created_at, chosen.id) <= (other.created_at, other.id));
                    }
                }
                None => prop_assert!(!entries.iter().any(|e| e.wants(slot, category))),
            }
        }
    }
}

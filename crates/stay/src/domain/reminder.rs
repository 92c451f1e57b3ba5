//! Reminders before a permit ends, and the day it expires: pure rules on
//! office-local dates.

use imigrasi_core::OfficeZone;
use jiff::Timestamp;
use jiff::civil::Date;

/// Days before the last valid day at which the holder is reminded, from
/// the earliest.
pub const THRESHOLDS: [i64; 3] = [30, 14, 7];

/// Days from `today` to the last valid day (0 on the last day itself,
/// negative once it has passed).
pub fn days_left(valid_until: Date, today: Date) -> i64 {
    i64::from((valid_until - today).get_days())
}

/// The reminder due on `today` for a permit whose last valid day is
/// `valid_until`: the nearest threshold not yet passed (30 days before the
/// end until 15, then 14 until 8, then 7 until the last day), or none
/// before 30 days and after the end. A worker that missed a day sends the
/// reminder of the day it runs, never an earlier, staler one.
pub fn due(valid_until: Date, today: Date) -> Option<i64> {
    let left = days_left(valid_until, today);
    if left < 0 {
        return None;
    }
    THRESHOLDS.iter().rev().copied().find(|t| left <= *t)
}

/// Whether a permit whose last valid day is `valid_until` has ended on
/// `today` (from the day after its last valid day).
pub fn has_ended(valid_until: Date, today: Date) -> bool {
    today > valid_until
}

/// [`due`] at the instant `now` in the office's `zone` (its local date).
pub fn due_at(valid_until: Date, now: Timestamp, zone: OfficeZone) -> Option<i64> {
    due(valid_until, zone.local_date(now))
}

/// [`has_ended`] at the instant `now` in the office's `zone`.
pub fn has_ended_at(valid_until: Date, now: Timestamp, zone: OfficeZone) -> bool {
    has_ended(valid_until, zone.local_date(now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::ToSpan;
    use jiff::civil::date as d;
    use proptest::prelude::*;

    const END: Date = d(2027, 3, 31);

    fn before(days: i64) -> Date {
        END.checked_sub(days.days()).expect("in range")
    }

    #[test]
    fn each_threshold_from_its_day() {
        assert_eq!(due(END, before(31)), None);
        assert_eq!(due(END, before(30)), Some(30));
        assert_eq!(due(END, before(15)), Some(30));
        assert_eq!(due(END, before(14)), Some(14));
        assert_eq!(due(END, before(8)), Some(14));
        assert_eq!(due(END, before(7)), Some(7));
        assert_eq!(due(END, END), Some(7));
        assert_eq!(due(END, before(-1)), None);
    }

    #[test]
    fn ends_the_day_after_the_last_valid_day() {
        assert!(!has_ended(END, END));
        assert!(has_ended(END, before(-1)));
        assert_eq!(days_left(END, before(-2)), -2);
    }

    #[test]
    fn the_day_turns_at_the_offices_midnight() {
        // 2027-02-28 15:30 UTC: already 1 March (30 days before the end)
        // in WIT (UTC+9), still 28 February in WITA (UTC+8) and WIB (UTC+7).
        let now: Timestamp = "2027-02-28T15:30:00Z".parse().expect("instant");
        assert_eq!(due_at(END, now, OfficeZone::Jayapura), Some(30));
        assert_eq!(due_at(END, now, OfficeZone::Makassar), None);
        assert_eq!(due_at(END, now, OfficeZone::Jakarta), None);
        let after: Timestamp = "2027-03-31T15:30:00Z".parse().expect("instant");
        assert!(has_ended_at(END, after, OfficeZone::Jayapura));
        assert!(!has_ended_at(END, after, OfficeZone::Jakarta));
    }

    proptest! {
        /// A due threshold has come, and no nearer one has.
        #[test]
        fn due_is_the_nearest_threshold_reached(left in -10i64..60) {
            let today = before(left);
            match due(END, today) {
                Some(t) => {
                    prop_assert!((0..=t).contains(&left));
                    prop_assert!(THRESHOLDS.iter().all(|u| *u >= t || left > *u));
                }
                None => prop_assert!(!(0..=30).contains(&left)),
            }
        }
    }
}

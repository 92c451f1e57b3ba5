use super::*;
use crate::domain::{Category, SlotSpec};
use jiff::civil::{Weekday, date, time};

#[test]
fn hhmm_round_trips_and_rejects_junk() {
    assert_eq!(parse_hhmm("08:00"), Some(time(8, 0, 0, 0)));
    assert_eq!(parse_hhmm("8:05"), Some(time(8, 5, 0, 0)));
    assert_eq!(parse_hhmm(" 13:30 "), Some(time(13, 30, 0, 0)));
    assert_eq!(parse_hhmm("13:30:00"), Some(time(13, 30, 0, 0)));
    assert_eq!(parse_hhmm("10:00"), Some(time(10, 0, 0, 0)));
    assert_eq!(parse_hhmm("00:00"), Some(time(0, 0, 0, 0)));
    for bad in [
        "", "8", "24:00", "12:60", "12:5", "123:00", "ab:cd", "12:30:15", "-1:00", "+8:00", "12h30",
    ] {
        assert_eq!(parse_hhmm(bad), None, "{bad}");
    }
    for t in [time(0, 0, 0, 0), time(8, 5, 0, 0), time(23, 59, 0, 0)] {
        assert_eq!(parse_hhmm(&format_hhmm(t)), Some(t));
    }
    assert_eq!(format_hhmm(time(8, 5, 0, 0)), "08:05");
}

#[test]
fn split_evenly_puts_remainders_first() {
    assert_eq!(split_evenly(200, 3), [67, 67, 66]);
    assert_eq!(split_evenly(50, 3), [17, 17, 16]);
    assert_eq!(split_evenly(35, 1), [35]);
    assert_eq!(split_evenly(2, 3), [1, 1, 0]);
    assert_eq!(split_evenly(0, 3), [0, 0, 0]);
    assert_eq!(split_evenly(-5, 3), [0, 0, 0]);
    for total in 0..100 {
        assert_eq!(split_evenly(total, 3).iter().sum::<u32>(), total as u32);
    }
}

#[test]
fn default_template_matches_daily_quota_on_weekdays_only() {
    let t = default_template([200, 35, 50]).unwrap();
    for n in 1..=7 {
        let wd = Weekday::from_monday_one_offset(n).unwrap();
        let per = |c: Category| -> u32 {
            t.sessions_on(wd)
                .filter(|s| s.category == c)
                .map(|s| s.capacity)
                .sum()
        };
        if n <= 5 {
            assert_eq!(
                [
                    per(Category::Regular),
                    per(Category::Accelerated),
                    per(Category::Priority)
                ],
                [200, 35, 50],
                "{wd:?}"
            );
            let accelerated: Vec<_> = t
                .sessions_on(wd)
                .filter(|s| s.category == Category::Accelerated)
                .collect();
            assert_eq!(accelerated.len(), 1);
            assert_eq!(
                (accelerated[0].start, accelerated[0].end),
                DEFAULT_SESSIONS[0]
            );
            assert_eq!(t.sessions_on(wd).count(), 7);
        } else {
            assert_eq!(t.sessions_on(wd).count(), 0);
        }
    }
    // Small quotas leave out sessions that would be empty.
    let small = default_template([1, 0, 2]).unwrap();
    assert_eq!(small.sessions_on(Weekday::Monday).count(), 3);
    assert!(default_template([0, 0, 0]).unwrap().sessions().is_empty());
}

fn spec(day: i8, start: i8, end: i8, category: Category, capacity: u32) -> SlotSpec {
    SlotSpec {
        date: date(2026, 3, day),
        start: time(start, 0, 0, 0),
        end: time(end, 0, 0, 0),
        category,
        capacity,
    }
}

#[test]
fn merge_same_start_adds_capacity_and_keeps_later_end() {
    let merged = merge_same_start(vec![
        spec(9, 8, 10, Category::Regular, 40),
        spec(9, 8, 11, Category::Regular, 5),
        spec(9, 8, 10, Category::Priority, 10),
        spec(10, 8, 10, Category::Regular, 40),
    ]);
    assert_eq!(
        merged,
        vec![
            spec(9, 8, 11, Category::Regular, 45),
            spec(9, 8, 10, Category::Priority, 10),
            spec(10, 8, 10, Category::Regular, 40),
        ]
    );
}

#[test]
fn default_settings_are_friday_14_and_valid() {
    let s = OfficeSettings::default();
    assert!(s.release_rule.validate().is_ok());
    assert_eq!(s.window.min_lead_minutes, 0);
    assert_eq!(s.window.max_advance_days, 90);
    let json = serde_json::to_value(&s.release_rule).unwrap();
    assert_eq!(json["kind"], "weekly");
    assert_eq!(json["weekday"], "friday");
    assert_eq!(json["opens_from_days"], 14);
    assert_eq!(json["opens_to_days"], 20);
}

use super::*;
use jiff::civil::{date, time};
use proptest::prelude::*;

fn session(
    weekday: Weekday,
    start: i8,
    end: i8,
    category: Category,
    capacity: u32,
) -> SessionTemplate {
    SessionTemplate {
        weekday,
        start: time(start, 0, 0, 0),
        end: time(end, 0, 0, 0),
        category,
        capacity,
    }
}

/// Batam-like weekdays: three sessions, 200 regular / 35 accelerated / 50 priority.
fn batam() -> WeeklyTemplate {
    let mut sessions = Vec::new();
    for n in 1..=5 {
        let wd = Weekday::from_monday_one_offset(n).unwrap();
        sessions.push(session(wd, 8, 10, Category::Regular, 70));
        sessions.push(session(wd, 10, 12, Category::Regular, 70));
        sessions.push(session(wd, 13, 15, Category::Regular, 60));
        sessions.push(session(wd, 8, 12, Category::Accelerated, 35));
        sessions.push(session(wd, 8, 15, Category::Priority, 50));
    }
    WeeklyTemplate::new(sessions).unwrap()
}

#[test]
fn valid_template_is_sorted_by_weekday_then_start() {
    let t = batam();
    assert_eq!(t.sessions().len(), 25);
    let first = &t.sessions()[0];
    assert_eq!(
        (first.weekday, first.start),
        (Weekday::Monday, time(8, 0, 0, 0))
    );
    let monday: u32 = t.sessions_on(Weekday::Monday).map(|s| s.capacity).sum();
    assert_eq!(monday, 285);
    assert_eq!(t.sessions_on(Weekday::Sunday).count(), 0);
}

#[test]
fn start_must_precede_end() {
    let err = WeeklyTemplate::new(vec![session(Weekday::Monday, 10, 10, Category::Regular, 5)])
        .unwrap_err();
    assert_eq!(err.code(), "session_start_not_before_end");
    assert_eq!(
        err.to_string(),
        "session must start before it ends (got 10:00:00 to 10:00:00)"
    );
}

#[test]
fn capacity_must_be_in_range() {
    for capacity in [0, MAX_SESSION_CAPACITY + 1] {
        let err = WeeklyTemplate::new(vec![session(
            Weekday::Monday,
            8,
            10,
            Category::Regular,
            capacity,
        )])
        .unwrap_err();
        assert_eq!(err.code(), "capacity_out_of_range");
    }
    assert!(
        WeeklyTemplate::new(vec![session(
            Weekday::Monday,
            8,
            10,
            Category::Regular,
            MAX_SESSION_CAPACITY
        )])
        .is_ok()
    );
}

#[test]
fn overlapping_sessions_of_one_category_are_refused() {
    let err = WeeklyTemplate::new(vec![
        session(Weekday::Friday, 10, 12, Category::Regular, 5),
        session(Weekday::Friday, 8, 11, Category::Regular, 5),
    ])
    .unwrap_err();
    assert_eq!(err.code(), "overlapping_sessions");
    assert_eq!(
        err.to_string(),
        "regular sessions starting at 08:00:00 and 10:00:00 overlap on friday"
    );
    // A session nested inside a longer one overlaps too.
    assert!(
        WeeklyTemplate::new(vec![
            session(Weekday::Friday, 8, 15, Category::Regular, 5),
            session(Weekday::Friday, 10, 11, Category::Regular, 5),
        ])
        .is_err()
    );
}

#[test]
fn touching_sessions_and_other_categories_or_days_may_share_times() {
    assert!(
        WeeklyTemplate::new(vec![
            session(Weekday::Friday, 8, 10, Category::Regular, 5),
            session(Weekday::Friday, 10, 12, Category::Regular, 5),
            session(Weekday::Friday, 8, 12, Category::Priority, 5),
            session(Weekday::Thursday, 9, 11, Category::Regular, 5),
        ])
        .is_ok()
    );
}

#[test]
fn template_serde_uses_weekday_names_and_validates() {
    let t = WeeklyTemplate::new(vec![session(
        Weekday::Friday,
        8,
        10,
        Category::Accelerated,
        35,
    )])
    .unwrap();
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(
        json,
        r#"[{"weekday":"friday","start":"08:00:00","end":"10:00:00","category":"accelerated","capacity":35}]"#
    );
    assert_eq!(serde_json::from_str::<WeeklyTemplate>(&json).unwrap(), t);
    let bad = json.replace("35", "0");
    assert!(serde_json::from_str::<WeeklyTemplate>(&bad).is_err());
}

#[test]
fn expand_follows_weekdays_and_closures() {
    // 2026-03-02 is a Monday; close Wednesday 2026-03-04.
    let closed = QuotaException {
        date: date(2026, 3, 4),
        kind: ExceptionKind::Closed,
    };
    let slots = expand(&batam(), &[closed], date(2026, 3, 2), date(2026, 3, 8));
    assert_eq!(slots.len(), 4 * 5);
    assert!(slots.iter().all(|s| s.date != date(2026, 3, 4)));
    assert!(slots.iter().all(|s| s.date <= date(2026, 3, 6)));
    let monday: Vec<_> = slots
        .iter()
        .filter(|s| s.date == date(2026, 3, 2))
        .collect();
    assert_eq!(monday[0].start, time(8, 0, 0, 0));
    assert_eq!(monday.last().unwrap().start, time(13, 0, 0, 0));
}

#[test]
fn extras_add_slots_or_capacity_and_closure_wins() {
    let saturday = date(2026, 3, 7);
    let monday = date(2026, 3, 2);
    let extra = |d, start, end, capacity| QuotaException {
        date: d,
        kind: ExceptionKind::ExtraCapacity {
            category: Category::Regular,
            start: time(start, 0, 0, 0),
            end: time(end, 0, 0, 0),
            capacity,
        },
    };
    let exceptions = [
        extra(saturday, 8, 12, 40),
        extra(monday, 8, 10, 10),
        extra(monday, 15, 16, 0), // invalid: ignored
        extra(date(2026, 3, 3), 8, 10, 10),
        QuotaException {
            date: date(2026, 3, 3),
            kind: ExceptionKind::Closed,
        },
    ];
    let slots = expand(&batam(), &exceptions, monday, saturday);
    let sat: Vec<_> = slots.iter().filter(|s| s.date == saturday).collect();
    assert_eq!(sat.len(), 1);
    assert_eq!(sat[0].capacity, 40);
    let mon_first = slots
        .iter()
        .find(|s| s.date == monday && s.category == Category::Regular)
        .unwrap();
    assert_eq!(mon_first.capacity, 80);
    assert_eq!(slots.iter().filter(|s| s.date == monday).count(), 5);
    assert!(slots.iter().all(|s| s.date != date(2026, 3, 3)));
    assert_eq!(
        exceptions[2].validate().unwrap_err().code(),
        "capacity_out_of_range"
    );
}

#[test]
fn expand_of_empty_or_reversed_range_is_empty() {
    assert!(expand(&batam(), &[], date(2026, 3, 8), date(2026, 3, 2)).is_empty());
    assert!(expand(&batam(), &[], date(2026, 3, 8), date(2026, 3, 8)).is_empty()); // Sunday
}

#[test]
fn exception_serde_shape() {
    let e = QuotaException {
        date: date(2026, 8, 17),
        kind: ExceptionKind::Closed,
    };
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(json, r#"{"date":"2026-08-17","kind":{"type":"closed"}}"#);
    assert_eq!(serde_json::from_str::<QuotaException>(&json).unwrap(), e);
}

fn arb_session() -> impl Strategy<Value = SessionTemplate> {
    (1i8..=7, 6i8..=17, 1i8..=4, 0usize..3, 1u32..=100).prop_map(
        |(wd, start, len, cat, capacity)| {
            session(
                Weekday::from_monday_one_offset(wd).unwrap(),
                start,
                start + len,
                Category::ALL[cat],
                capacity,
            )
        },
    )
}

fn overlaps(a: &SessionTemplate, b: &SessionTemplate) -> bool {
    a.weekday == b.weekday && a.category == b.category && a.start < b.end && b.start < a.end
}

proptest! {
    #[test]
    fn template_accepted_iff_no_pair_overlaps(sessions in prop::collection::vec(arb_session(), 0..8)) {
        let any_overlap = sessions
            .iter()
            .enumerate()
            .any(|(i, a)| sessions[i + 1..].iter().any(|b| overlaps(a, b)));
        prop_assert_eq!(WeeklyTemplate::new(sessions).is_ok(), !any_overlap);
    }

    #[test]
    fn expansion_matches_template_day_by_day(
        sessions in prop::collection::vec(arb_session(), 0..8),
        start_offset in 0i64..400,
        len in 0i64..30,
        closed_offsets in prop::collection::vec(0i64..30, 0..4),
    ) {
        let Ok(template) = WeeklyTemplate::new(sessions) else { return Ok(()); };
        let from = add_days(date(2026, 1, 1), start_offset);
        let to = add_days(from, len);
        let exceptions: Vec<_> = closed_offsets
            .iter()
            .map(|d| QuotaException { date: add_days(from, *d), kind: ExceptionKind::Closed })
            .collect();
        let slots = expand(&template, &exceptions, from, to);
        let mut day = from;
        while day <= to {
            let got: Vec<_> = slots.iter().filter(|s| s.date == day).collect();
            let closed = exceptions.iter().any(|e| e.date == day);
            let want = if closed { 0 } else { template.sessions_on(day.weekday()).count() };
            prop_assert_eq!(got.len(), want);
            day = add_days(day, 1);
        }
        prop_assert!(slots.iter().all(|s| from <= s.date && s.date <= to));
        prop_assert!(slots.windows(2).all(|w| (w[0].date, w[0].start) <= (w[1].date, w[1].start)));
    }
}

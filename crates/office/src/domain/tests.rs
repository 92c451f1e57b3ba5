use super::*;
use imigrasi_core::Sex;
use jiff::Timestamp;
use jiff::civil::date;
use jiff::tz::TimeZone;
use proptest::prelude::*;

#[test]
fn defaults_take_the_office_priority_quota() {
    let s = FloorSettings::defaults(50);
    assert_eq!(s.arrive_before_minutes, 30);
    assert_eq!(s.priority_every, 2);
    assert_eq!(s.walk_in_daily_cap, 50);
    assert_eq!(FloorSettings::defaults(0).walk_in_daily_cap, 20);
    assert_eq!(FloorSettings::defaults(-3).walk_in_daily_cap, 20);
    assert_eq!(
        s.check_in_window(),
        CheckInWindow {
            early_minutes: 30,
            late_minutes: 0
        }
    );
}

#[test]
fn the_arrival_window_runs_from_before_the_start_to_the_end() {
    let start: jiff::Timestamp = "2026-03-10T01:00:00Z".parse().unwrap();
    let end: jiff::Timestamp = "2026-03-10T03:00:00Z".parse().unwrap();
    let (opens, closes) = FloorSettings::defaults(0)
        .check_in_window()
        .bounds(start, end);
    assert_eq!(opens, "2026-03-10T00:30:00Z".parse().unwrap());
    assert_eq!(closes, end);
    let wide = CheckInWindow {
        early_minutes: 0,
        late_minutes: 15,
    };
    assert_eq!(
        wide.bounds(start, end).1,
        "2026-03-10T03:15:00Z".parse().unwrap()
    );
    let edge = CheckInWindow {
        early_minutes: u32::MAX,
        late_minutes: 0,
    };
    assert!(edge.bounds(jiff::Timestamp::MIN, end).0 == jiff::Timestamp::MIN);
}

#[test]
fn categories_devices_and_dates() {
    for c in Category::ALL {
        assert_eq!(c.as_str().parse::<Category>().unwrap(), c);
        assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{c}\""));
    }
    assert_eq!(
        "express".parse::<Category>().unwrap_err().to_string(),
        "unknown category `express`"
    );
    assert_eq!(clean_device_name("  Kiosk 1 ").as_deref(), Some("Kiosk 1"));
    assert_eq!(clean_device_name("   "), None);
    assert_eq!(clean_device_name(&"x".repeat(61)), None);
    assert_eq!(weekday_name(date(2026, 3, 9).weekday()), "monday");
    assert_eq!(add_days(date(2026, 3, 1), -1), date(2026, 2, 28));
    let wib = jiff::tz::TimeZone::get("Asia/Jakarta").unwrap();
    let late: jiff::Timestamp = "2026-03-09T17:30:00Z".parse().unwrap();
    assert_eq!(office_date(&wib, late), date(2026, 3, 10));
}

#[test]
fn settings_are_bounded() {
    assert_eq!(
        FloorSettings::parse(15, 0, 5).unwrap(),
        FloorSettings {
            arrive_before_minutes: 15,
            priority_every: 0,
            walk_in_daily_cap: 5
        }
    );
    let errs = FloorSettings::parse(-1, 51, 10_001).unwrap_err();
    assert_eq!(
        errs.into_iter().collect::<Vec<_>>(),
        [
            ("arrive_before_minutes", MAX_ARRIVE_BEFORE_MINUTES),
            ("priority_every", MAX_PRIORITY_EVERY),
            ("walk_in_daily_cap", MAX_WALK_IN_DAILY_CAP)
        ]
    );
    assert!(FloorSettings::parse(241, 2, 2).is_err());
}

#[test]
fn ticket_numbers() {
    assert_eq!(ticket_prefix(Category::Regular), 'A');
    assert_eq!(ticket_prefix(Category::Accelerated), 'B');
    assert_eq!(ticket_prefix(Category::Priority), 'P');
    for c in Category::ALL {
        assert_eq!(prefix_category(ticket_prefix(c)), Some(c));
    }
    assert_eq!(ticket_number('A', 7), "A007");
    assert_eq!(ticket_number('P', 1000), "P1000");
    assert_eq!(parse_ticket_number(" a7 ").as_deref(), Some("A007"));
    assert_eq!(parse_ticket_number("B012").as_deref(), Some("B012"));
    for bad in ["", "A", "A000", "Z001", "AA01", "A-1", "A1234567", "007"] {
        assert_eq!(parse_ticket_number(bad), None, "{bad}");
    }
}

#[test]
fn counter_names() {
    assert_eq!(parse_counter("1").as_deref(), Some("1"));
    assert_eq!(parse_counter(" a1 ").as_deref(), Some("A1"));
    assert_eq!(parse_counter("20").as_deref(), Some("20"));
    for bad in ["", "12345", "A 1", "1/2", "ü"] {
        assert_eq!(parse_counter(bad), None, "{bad}");
    }
}

#[test]
fn names_round_trip() {
    for s in TicketStatus::ALL {
        assert_eq!(s.as_str().parse::<TicketStatus>().unwrap(), s);
    }
    for k in TicketKind::ALL {
        assert_eq!(k.as_str().parse::<TicketKind>().unwrap(), k);
    }
    for r in PriorityReason::ALL {
        assert_eq!(r.as_str().parse::<PriorityReason>().unwrap(), r);
        assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{r}\""));
    }
    assert!("old".parse::<PriorityReason>().is_err());
}

#[test]
fn ticket_state_machine() {
    use TicketAction::*;
    use TicketStatus::*;
    assert_eq!(ticket_transition(Waiting, Call), Ok(Called));
    assert_eq!(ticket_transition(Called, Recall), Ok(Called));
    assert_eq!(ticket_transition(Called, Serve), Ok(Served));
    assert_eq!(
        ticket_transition(Called, TicketAction::NoShow),
        Ok(TicketStatus::NoShow)
    );
    assert_eq!(
        ticket_transition(Waiting, Serve),
        Err(TicketError::NotCalled)
    );
    assert_eq!(
        ticket_transition(Called, Call),
        Err(TicketError::NotWaiting)
    );
    assert_eq!(
        ticket_transition(Served, Recall),
        Err(TicketError::Finished(Served))
    );
    assert_eq!(TicketError::NotCalled.code(), "ticket_not_called");
    assert_eq!(TicketError::Finished(Served).code(), "ticket_finished");
    assert!(Waiting.is_open() && Called.is_open());
    assert!(!Served.is_open() && !TicketStatus::NoShow.is_open());
}

#[test]
fn ages_count_full_years() {
    assert_eq!(age_on(date(1966, 3, 12), date(2026, 3, 11)), 59);
    assert_eq!(age_on(date(1966, 3, 12), date(2026, 3, 12)), 60);
    assert_eq!(age_on(date(2024, 2, 29), date(2025, 2, 28)), 0);
    assert_eq!(age_on(date(2024, 2, 29), date(2025, 3, 1)), 1);
    assert_eq!(age_on(date(2027, 1, 1), date(2026, 1, 1)), -1);
}

#[test]
fn priority_reasons_check_age_and_sex() {
    let today = date(2026, 3, 12);
    use PriorityReason::*;
    assert_eq!(
        check_priority_reason(Elderly, date(1966, 3, 12), Sex::Male, today),
        Ok(())
    );
    assert_eq!(
        check_priority_reason(Elderly, date(1966, 3, 13), Sex::Male, today),
        Err(PriorityRefusal::TooYoungForElderly { age: 59 })
    );
    assert_eq!(
        check_priority_reason(ChildUnder5, date(2021, 3, 13), Sex::Female, today),
        Ok(())
    );
    let old = check_priority_reason(ChildUnder5, date(2021, 3, 12), Sex::Female, today);
    assert_eq!(old, Err(PriorityRefusal::TooOldForChild { age: 5 }));
    assert_eq!(old.unwrap_err().field(), "priority_reason");
    assert_eq!(
        check_priority_reason(Pregnant, date(1995, 1, 1), Sex::Male, today),
        Err(PriorityRefusal::PregnantNotFemale)
    );
    assert_eq!(
        check_priority_reason(Pregnant, date(1995, 1, 1), Sex::Female, today),
        Ok(())
    );
    assert_eq!(
        check_priority_reason(Disability, date(1995, 1, 1), Sex::Male, today),
        Ok(())
    );
    assert_eq!(
        check_priority_reason(Disability, date(2026, 3, 13), Sex::Male, today),
        Err(PriorityRefusal::BornInFuture)
    );
}

#[test]
fn the_example_order_with_priority_every_two() {
    // A001 A002 A003 P001 P002 checked in in this order.
    let tickets = [(1, false), (2, false), (3, false), (4, true), (5, true)];
    assert_eq!(call_order(&tickets, 2, 0), [1, 2, 4, 3, 5]);
    // Zero: priority always first.
    assert_eq!(call_order(&tickets, 0, 0), [4, 5, 1, 2, 3]);
    // An older priority ticket goes first anyway.
    let tickets = [(1, true), (2, false), (3, false), (4, false), (5, true)];
    assert_eq!(call_order(&tickets, 2, 0), [1, 2, 3, 5, 4]);
}

#[test]
fn next_pick_cases() {
    assert_eq!(next_pick(2, 0, None, None), None);
    assert_eq!(next_pick(2, 0, Some(9), None), Some(Pick::Priority));
    assert_eq!(next_pick(2, 5, None, Some(1)), Some(Pick::Other));
    assert_eq!(next_pick(2, 1, Some(9), Some(1)), Some(Pick::Other));
    assert_eq!(next_pick(2, 2, Some(9), Some(1)), Some(Pick::Priority));
    assert_eq!(after_pick(Pick::Priority, 7), 0);
    assert_eq!(after_pick(Pick::Other, 1), 2);
    assert_eq!(after_pick(Pick::Other, u32::MAX), u32::MAX);
}

#[test]
fn wait_estimates() {
    assert_eq!(estimate_wait_minutes(0, 10.0, 1), 0);
    assert_eq!(estimate_wait_minutes(3, 10.0, 0), 30);
    assert_eq!(estimate_wait_minutes(3, 10.0, 2), 15);
    assert_eq!(estimate_wait_minutes(1, 7.5, 2), 4);
    assert_eq!(estimate_wait_minutes(2, 0.0, 1), 20);
    assert_eq!(estimate_wait_minutes(2, f64::NAN, 1), 20);
}

#[test]
fn base64url_matches_rfc_4648_vectors() {
    assert_eq!(base64url(b""), "");
    assert_eq!(base64url(b"f"), "Zg");
    assert_eq!(base64url(b"fo"), "Zm8");
    assert_eq!(base64url(b"foo"), "Zm9v");
    assert_eq!(base64url(b"foob"), "Zm9vYg");
    assert_eq!(base64url(b"fooba"), "Zm9vYmE");
    assert_eq!(base64url(b"foobar"), "Zm9vYmFy");
    assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    assert_eq!(base64url(&[0u8; 32]).len(), 43);
}

fn facts(
    category: Category,
    kind: TicketKind,
    status: TicketStatus,
    counter: Option<&str>,
    times: (i64, Option<i64>, Option<i64>),
) -> TicketFacts {
    TicketFacts {
        category,
        kind,
        status,
        counter: counter.map(str::to_owned),
        checked_in_at: times.0,
        called_at: times.1,
        finished_at: times.2,
    }
}

#[test]
fn day_summary() {
    let zone = TimeZone::get("Asia/Jakarta").unwrap();
    // 2026-03-12 08:10 WIB = 01:10 UTC.
    let base: Timestamp = "2026-03-12T01:10:00Z".parse().unwrap();
    let t = |min: i64| base.as_millisecond() + min * 60_000;
    let tickets = [
        facts(
            Category::Regular,
            TicketKind::Booking,
            TicketStatus::Served,
            Some("1"),
            (t(0), Some(t(10)), Some(t(22))),
        ),
        facts(
            Category::Regular,
            TicketKind::Booking,
            TicketStatus::NoShow,
            Some("2"),
            (t(5), Some(t(25)), Some(t(30))),
        ),
        facts(
            Category::Priority,
            TicketKind::WalkIn,
            TicketStatus::Served,
            Some("1"),
            (t(60), Some(t(62)), Some(t(70))),
        ),
        facts(
            Category::Accelerated,
            TicketKind::Booking,
            TicketStatus::Waiting,
            None,
            (t(-200), None, None),
        ),
    ];
    let s = summarize(date(2026, 3, 12), 10, 3, &tickets, &zone);
    assert_eq!(s.date, "2026-03-12");
    assert_eq!((s.booked, s.checked_in, s.walk_ins), (10, 3, 1));
    assert_eq!((s.waiting, s.called, s.served), (1, 0, 2));
    assert_eq!((s.no_shows, s.absent_bookings, s.missed_calls), (4, 3, 1));
    // Waits: 10, 20, 2 minutes.
    assert_eq!(s.average_wait_minutes, Some(10.7));
    // Service: 12 and 8 minutes.
    assert_eq!(s.average_service_minutes, Some(10.0));
    assert_eq!(
        s.per_counter,
        [
            CounterStats {
                counter: "1".into(),
                served: 2,
                average_service_minutes: Some(10.0)
            },
            CounterStats {
                counter: "2".into(),
                served: 0,
                average_service_minutes: None
            }
        ]
    );
    assert_eq!(s.per_category.len(), 3);
    assert_eq!(s.per_category[0].category, Category::Regular);
    assert_eq!(s.per_category[0].tickets, 2);
    assert_eq!(s.per_category[0].average_wait_minutes, Some(15.0));
    assert_eq!(s.per_category[2].served, 1);
    // 04:50 WIB widens the chart; 08:xx and 09:xx hold the rest.
    let hours: Vec<(u8, u32)> = s
        .arrivals_per_hour
        .iter()
        .map(|h| (h.hour, h.count))
        .collect();
    assert_eq!(hours.first(), Some(&(4, 1)));
    assert_eq!(hours.last(), Some(&(17, 0)));
    assert!(hours.contains(&(8, 2)) && hours.contains(&(9, 1)));
    assert_eq!(hours.iter().map(|h| h.1).sum::<u32>(), 4);
}

#[test]
fn empty_day_has_the_default_hours() {
    let zone = TimeZone::get("Asia/Jakarta").unwrap();
    let s = summarize(date(2026, 3, 12), 0, 0, &[], &zone);
    assert_eq!(s.arrivals_per_hour.len(), 11);
    assert_eq!(s.average_wait_minutes, None);
    assert_eq!(s.average_service_minutes, None);
}

proptest! {
    /// Every waiting ticket is called exactly once; each queue keeps its
    /// arrival order; and while priority tickets wait, at most
    /// `priority_every` other tickets are called in a row.
    #[test]
    fn call_order_is_fair(
        kinds in proptest::collection::vec(any::<bool>(), 0..40),
        every in 0u32..6,
        start in 0u32..6,
    ) {
        let tickets: Vec<(i64, bool)> = kinds.iter().enumerate().map(|(i, p)| (i as i64 + 1, *p)).collect();
        let order = call_order(&tickets, every, start);
        let mut sorted = order.clone();
        sorted.sort_unstable();
        let all: Vec<i64> = tickets.iter().map(|t| t.0).collect();
        prop_assert_eq!(sorted, all);
        let is_priority = |seq: i64| tickets[(seq - 1) as usize].1;
        for want in [true, false] {
            let queue: Vec<i64> = order.iter().copied().filter(|s| is_priority(*s) == want).collect();
            prop_assert!(queue.windows(2).all(|w| w[0] < w[1]));
        }
        let priority_total = tickets.iter().filter(|t| t.1).count();
        let mut priority_called = 0;
        let mut run = start;
        for seq in &order {
            if is_priority(*seq) {
                priority_called += 1;
                run = 0;
            } else {
                run += 1;
                if priority_called < priority_total {
                    // A priority ticket was waiting during this call.
                    prop_assert!(run <= every, "run {} every {}", run, every);
                }
            }
        }
    }

    /// The oldest ticket goes first unless the priority turn has come.
    #[test]
    fn next_pick_takes_the_oldest_until_the_priority_turn(
        every in 0u32..6, since in 0u32..8, p in 1i64..100, o in 1i64..100,
    ) {
        prop_assume!(p != o);
        let pick = next_pick(every, since, Some(p), Some(o));
        let expected = if since >= every || p < o { Pick::Priority } else { Pick::Other };
        prop_assert_eq!(pick, Some(expected));
    }

    /// More counters never make the estimate longer; more people never shorter.
    #[test]
    fn estimates_are_monotonic(ahead in 0u32..500, avg in 0.5f64..60.0, counters in 1u32..20) {
        let e = estimate_wait_minutes(ahead, avg, counters);
        prop_assert!(estimate_wait_minutes(ahead, avg, counters + 1) <= e);
        prop_assert!(estimate_wait_minutes(ahead + 1, avg, counters) >= e);
    }

    /// Ages are the number of birthdays passed.
    #[test]
    fn age_increases_on_the_birthday(year in 1900i16..2020, month in 1i8..=12, day in 1i8..=28, years in 0i16..100) {
        let birth = date(year, month, day);
        let birthday = date(year + years, month, day);
        prop_assert_eq!(age_on(birth, birthday), i32::from(years));
        if years > 0 {
            let before = birthday.yesterday().unwrap();
            prop_assert_eq!(age_on(birth, before), i32::from(years) - 1);
        }
    }
}

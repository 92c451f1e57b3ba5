use super::*;
use jiff::civil::{date, time};
use proptest::prelude::*;

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// "Every Friday 14:00 office time, open the dates 14 to 20 days ahead."
fn friday_14() -> ReleaseRule {
    ReleaseRule::Weekly {
        weekday: Weekday::Friday,
        at: time(14, 0, 0, 0),
        opens_from_days: 14,
        opens_to_days: 20,
    }
}

fn monthly_9() -> ReleaseRule {
    ReleaseRule::Monthly {
        at: time(9, 0, 0, 0),
    }
}

#[test]
fn weekly_release_at_14_wita_opens_at_06_utc() {
    // 2026-03-06 is a Friday; it opens 2026-03-20 ..= 2026-03-26.
    let at = release_instant_for(&friday_14(), &zone("Asia/Makassar"), date(2026, 3, 20));
    assert_eq!(at, ts("2026-03-06T06:00:00Z"));
    let at = release_instant_for(&friday_14(), &zone("Asia/Makassar"), date(2026, 3, 26));
    assert_eq!(at, ts("2026-03-06T06:00:00Z"));
    let at = release_instant_for(&friday_14(), &zone("Asia/Makassar"), date(2026, 3, 27));
    assert_eq!(at, ts("2026-03-13T06:00:00Z"));
}

#[test]
fn weekly_release_at_14_wit_opens_at_05_utc() {
    let at = release_instant_for(&friday_14(), &zone("Asia/Jayapura"), date(2026, 3, 20));
    assert_eq!(at, ts("2026-03-06T05:00:00Z"));
}

#[test]
fn weekly_release_at_14_wib_opens_at_07_utc() {
    for name in ["Asia/Jakarta", "Asia/Pontianak"] {
        let at = release_instant_for(&friday_14(), &zone(name), date(2026, 3, 20));
        assert_eq!(at, ts("2026-03-06T07:00:00Z"), "{name}");
    }
}

#[test]
fn wide_weekly_window_uses_earliest_covering_release() {
    let rule = ReleaseRule::Weekly {
        weekday: Weekday::Friday,
        at: time(14, 0, 0, 0),
        opens_from_days: 7,
        opens_to_days: 20,
    };
    // Fridays 03-06 (opens 03-13..03-26) and 03-13 (03-20..04-02) both cover 03-20.
    let at = release_instant_for(&rule, &zone("Asia/Jakarta"), date(2026, 3, 20));
    assert_eq!(at, ts("2026-03-06T07:00:00Z"));
    let events = next_releases(&rule, &zone("Asia/Jakarta"), ts("2026-03-01T00:00:00Z"), 2);
    assert_eq!(events[0].dates_from, date(2026, 3, 20));
    assert_eq!(events[0].dates_to, date(2026, 3, 26));
}

#[test]
fn last_working_day_of_months_ending_on_weekends() {
    assert_eq!(
        last_working_day_of_month(date(2026, 1, 10)),
        date(2026, 1, 30)
    ); // 31st Saturday
    assert_eq!(
        last_working_day_of_month(date(2026, 2, 1)),
        date(2026, 2, 27)
    ); // 28th Saturday
    assert_eq!(
        last_working_day_of_month(date(2026, 5, 15)),
        date(2026, 5, 29)
    ); // 31st Sunday
    assert_eq!(
        last_working_day_of_month(date(2026, 3, 31)),
        date(2026, 3, 31)
    ); // Tuesday
}

#[test]
fn monthly_release_for_a_date_is_previous_months_last_working_day() {
    // June dates open on Friday 2026-05-29 09:00 WIB = 02:00 UTC.
    let at = release_instant_for(&monthly_9(), &zone("Asia/Jakarta"), date(2026, 6, 15));
    assert_eq!(at, ts("2026-05-29T02:00:00Z"));
    let at = release_instant_for(&monthly_9(), &zone("Asia/Jayapura"), date(2026, 6, 1));
    assert_eq!(at, ts("2026-05-29T00:00:00Z"));
}

#[test]
fn weekly_calendar_starts_with_todays_release_until_it_happens() {
    let makassar = zone("Asia/Makassar");
    let before = next_releases(&friday_14(), &makassar, ts("2026-03-06T05:59:59Z"), 3);
    assert_eq!(before.len(), 3);
    assert_eq!(before[0].at, ts("2026-03-06T06:00:00Z"));
    assert_eq!(
        (before[0].dates_from, before[0].dates_to),
        (date(2026, 3, 20), date(2026, 3, 26))
    );
    assert_eq!(before[2].at, ts("2026-03-20T06:00:00Z"));
    let at_release = next_releases(&friday_14(), &makassar, ts("2026-03-06T06:00:00Z"), 1);
    assert_eq!(at_release[0].at, ts("2026-03-13T06:00:00Z"));
}

#[test]
fn monthly_calendar_skips_a_release_that_already_happened() {
    let jakarta = zone("Asia/Jakarta");
    let events = next_releases(&monthly_9(), &jakarta, ts("2026-05-29T02:00:00Z"), 2);
    // 2026-06-30 is a Tuesday; it opens July.
    assert_eq!(events[0].at, ts("2026-06-30T02:00:00Z"));
    assert_eq!(
        (events[0].dates_from, events[0].dates_to),
        (date(2026, 7, 1), date(2026, 7, 31))
    );
    assert_eq!(events[1].at, ts("2026-07-31T02:00:00Z"));
    let earlier = next_releases(&monthly_9(), &jakarta, ts("2026-05-29T01:59:59Z"), 1);
    assert_eq!(earlier[0].dates_from, date(2026, 6, 1));
    assert!(next_releases(&monthly_9(), &jakarta, ts("2026-05-29T01:59:59Z"), 0).is_empty());
}

#[test]
fn rule_validation() {
    assert!(friday_14().validate().is_ok());
    assert!(monthly_9().validate().is_ok());
    let weekly = |from, to| ReleaseRule::Weekly {
        weekday: Weekday::Friday,
        at: time(14, 0, 0, 0),
        opens_from_days: from,
        opens_to_days: to,
    };
    assert_eq!(
        weekly(20, 14).validate().unwrap_err().code(),
        "release_window_reversed"
    );
    assert_eq!(
        weekly(14, 19).validate().unwrap_err().code(),
        "release_window_shorter_than_week"
    );
    assert_eq!(
        weekly(400, 410).validate().unwrap_err().code(),
        "release_window_too_far"
    );
}

#[test]
fn rule_serde_shape() {
    let json = serde_json::to_string(&friday_14()).unwrap();
    assert_eq!(
        json,
        r#"{"kind":"weekly","weekday":"friday","at":"14:00:00","opens_from_days":14,"opens_to_days":20}"#
    );
    assert_eq!(
        serde_json::from_str::<ReleaseRule>(&json).unwrap(),
        friday_14()
    );
    let json = serde_json::to_string(&monthly_9()).unwrap();
    assert_eq!(json, r#"{"kind":"monthly","at":"09:00:00"}"#);
}

mod window {
    use super::*;

    const RELEASED: &str = "2026-03-01T00:00:00Z";

    /// Slot 2026-03-10 08:00-10:00 at a Jakarta office (01:00-03:00 UTC).
    fn check(window: BookingWindow, now: &str) -> Result<(), NotBookable> {
        bookable(
            &window,
            &zone("Asia/Jakarta"),
            ts(now),
            date(2026, 3, 10),
            time(8, 0, 0, 0),
            time(10, 0, 0, 0),
            ts(RELEASED),
        )
    }

    #[test]
    fn defaults() {
        assert_eq!(
            BookingWindow::default(),
            BookingWindow {
                min_lead_minutes: 0,
                max_advance_days: 90
            }
        );
        let partial: BookingWindow = serde_json::from_str(r#"{"min_lead_minutes":30}"#).unwrap();
        assert_eq!(partial.max_advance_days, 90);
    }

    #[test]
    fn not_released_before_release_instant() {
        let err = check(BookingWindow::default(), "2026-02-28T23:59:59Z").unwrap_err();
        assert_eq!(
            err,
            NotBookable::NotReleased {
                opens_at: ts(RELEASED)
            }
        );
        assert_eq!(err.code(), "slot_not_released");
        assert!(check(BookingWindow::default(), RELEASED).is_ok());
    }

    #[test]
    fn zero_lead_allows_booking_until_the_session_ends() {
        assert!(check(BookingWindow::default(), "2026-03-10T02:59:59Z").is_ok());
        let err = check(BookingWindow::default(), "2026-03-10T03:00:00Z").unwrap_err();
        assert_eq!((err, err.code()), (NotBookable::Ended, "session_ended"));
    }

    #[test]
    fn lead_time_is_measured_to_session_start() {
        let w = BookingWindow {
            min_lead_minutes: 60,
            ..BookingWindow::default()
        };
        assert!(check(w, "2026-03-10T00:00:00Z").is_ok());
        let err = check(w, "2026-03-10T00:00:01Z").unwrap_err();
        assert_eq!(err.code(), "booking_too_soon");
        assert_eq!(
            err.to_string(),
            "sessions must be booked at least 60 minutes before they start"
        );
    }

    #[test]
    fn advance_limit_counts_office_local_days() {
        let w = BookingWindow {
            min_lead_minutes: 0,
            max_advance_days: 3,
        };
        // 2026-03-06T17:00Z is already 2026-03-07 00:00 in Jakarta: 3 days ahead.
        assert!(check(w, "2026-03-06T17:00:00Z").is_ok());
        let err = check(w, "2026-03-06T16:59:59Z").unwrap_err();
        assert_eq!(
            err,
            NotBookable::TooFarAhead {
                max_advance_days: 3
            }
        );
        assert_eq!(err.code(), "booking_too_far_ahead");
    }
}

fn arb_zone() -> impl Strategy<Value = TimeZone> {
    prop::sample::select(vec![
        "Asia/Jakarta",
        "Asia/Pontianak",
        "Asia/Makassar",
        "Asia/Jayapura",
    ])
    .prop_map(zone)
}

fn arb_weekly() -> impl Strategy<Value = ReleaseRule> {
    (1i8..=7, 0i8..24, 0u16..60, 6u16..40).prop_map(|(wd, hour, from, width)| ReleaseRule::Weekly {
        weekday: Weekday::from_monday_one_offset(wd).unwrap(),
        at: time(hour, 0, 0, 0),
        opens_from_days: from,
        opens_to_days: from + width,
    })
}

fn arb_rule() -> impl Strategy<Value = ReleaseRule> {
    prop_oneof![
        arb_weekly(),
        (0i8..24).prop_map(|h| ReleaseRule::Monthly {
            at: time(h, 0, 0, 0)
        })
    ]
}

#[test]
fn the_horizon_runs_from_today_to_max_advance_days() {
    let w = BookingWindow::default();
    let today = date(2026, 3, 10);
    assert_eq!(w.within_horizon(today, today), Ok(()));
    assert_eq!(w.within_horizon(today, add_days(today, 90)), Ok(()));
    assert_eq!(
        w.within_horizon(today, add_days(today, 91)),
        Err(OutsideHorizon::TooFar {
            max_advance_days: 90
        })
    );
    assert_eq!(
        w.within_horizon(today, add_days(today, -1)),
        Err(OutsideHorizon::Past)
    );
    assert_eq!(
        w.within_horizon(today, Date::MIN),
        Err(OutsideHorizon::Past)
    );
    assert_eq!(
        w.within_horizon(today, date(0, 1, 1)),
        Err(OutsideHorizon::Past)
    );
    assert!(w.within_horizon(today, date(9999, 12, 31)).is_err());
    let short = BookingWindow {
        min_lead_minutes: 0,
        max_advance_days: 0,
    };
    assert_eq!(short.within_horizon(today, today), Ok(()));
    assert!(short.within_horizon(today, add_days(today, 1)).is_err());
}

proptest! {
    #[test]
    fn weekly_release_lands_on_rule_weekday_and_covers_the_date(
        rule in arb_weekly(), tz in arb_zone(), offset in 0i64..2000,
    ) {
        let ReleaseRule::Weekly { weekday, at, opens_from_days, opens_to_days } = rule.clone() else {
            unreachable!()
        };
        let slot = add_days(date(2025, 1, 1), offset);
        let release = tz.to_datetime(release_instant_for(&rule, &tz, slot));
        prop_assert_eq!(release.weekday(), weekday);
        prop_assert_eq!(release.time(), at);
        let ahead = days_between(release.date(), slot);
        prop_assert!(i64::from(opens_from_days) <= ahead && ahead <= i64::from(opens_to_days));
        // Earliest: the release a week before does not reach the date.
        prop_assert!(ahead + 7 > i64::from(opens_to_days));
    }

    #[test]
    fn calendar_events_are_ordered_contiguous_and_consistent(
        rule in arb_rule(), tz in arb_zone(), secs in 1_735_689_600i64..1_893_456_000, count in 1usize..6,
    ) {
        let now = Timestamp::from_second(secs).unwrap();
        let events = next_releases(&rule, &tz, now, count);
        prop_assert_eq!(events.len(), count);
        prop_assert!(events[0].at > now);
        for pair in events.windows(2) {
            prop_assert!(pair[0].at < pair[1].at);
            prop_assert_eq!(add_days(pair[0].dates_to, 1), pair[1].dates_from);
        }
        for event in &events {
            prop_assert!(event.dates_from <= event.dates_to);
            for d in [event.dates_from, event.dates_to] {
                prop_assert_eq!(release_instant_for(&rule, &tz, d), event.at);
            }
        }
    }

    #[test]
    fn monthly_release_is_the_last_working_day_before_the_month(tz in arb_zone(), offset in 0i64..2000) {
        let slot = add_days(date(2025, 1, 1), offset);
        let release = tz.to_datetime(release_instant_for(&monthly_9(), &tz, slot)).date();
        prop_assert!(is_working_day(release));
        prop_assert_eq!(add_days(release.last_of_month(), 1), slot.first_of_month());
        let mut later = add_days(release, 1);
        while later.month() == release.month() {
            prop_assert!(!is_working_day(later));
            later = add_days(later, 1);
        }
    }

    #[test]
    fn bookable_never_before_release_nor_after_end(
        tz in arb_zone(), now_secs in 1_767_225_600i64..1_772_000_000, rel_secs in 1_767_225_600i64..1_772_000_000,
        offset in 0i64..60, start_h in 6i8..16, lead in 0u32..300, advance in 0u32..100,
    ) {
        let now = Timestamp::from_second(now_secs).unwrap();
        let release_at = Timestamp::from_second(rel_secs).unwrap();
        let day = add_days(date(2026, 1, 1), offset);
        let (start, end) = (time(start_h, 0, 0, 0), time(start_h + 2, 0, 0, 0));
        let window = BookingWindow { min_lead_minutes: lead, max_advance_days: advance };
        if bookable(&window, &tz, now, day, start, end, release_at).is_ok() {
            prop_assert!(now >= release_at);
            prop_assert!(now < office_instant(&tz, day, end));
            prop_assert!(days_between(office_date(&tz, now), day) <= i64::from(advance));
        }
    }
}

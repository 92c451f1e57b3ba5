use super::*;
use jiff::civil::date;
use proptest::prelude::*;

use BookingStatus::*;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

#[test]
fn status_names_and_serde() {
    for s in BookingStatus::ALL {
        assert_eq!(s.as_str().parse::<BookingStatus>().unwrap(), s);
        assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
    }
    assert_eq!(AwaitingPayment.as_str(), "awaiting_payment");
    assert_eq!(NoShow.as_str(), "no_show");
    assert!("paid".parse::<BookingStatus>().is_err());
}

#[test]
fn active_and_slot_holding_statuses() {
    let active: Vec<_> = BookingStatus::ALL
        .into_iter()
        .filter(|s| s.is_active())
        .collect();
    assert_eq!(active, [AwaitingPayment, Confirmed, CheckedIn, Examination]);
    let released: Vec<_> = BookingStatus::ALL
        .into_iter()
        .filter(|s| !s.holds_slot())
        .collect();
    assert_eq!(released, [Expired, Cancelled]);
    assert!(
        BookingStatus::ALL
            .into_iter()
            .all(|s| s.is_active() != s.is_final())
    );
}

#[test]
fn payment_deadline_is_hold_minutes_later() {
    assert_eq!(
        payment_deadline(ts("2026-03-01T10:00:00Z"), 120),
        ts("2026-03-01T12:00:00Z")
    );
}

#[test]
fn pay_until_the_deadline_inclusive() {
    let deadline = ts("2026-03-01T12:00:00Z");
    assert_eq!(pay(AwaitingPayment, deadline, deadline), Ok(Confirmed));
    let late = pay(AwaitingPayment, ts("2026-03-01T12:00:01Z"), deadline).unwrap_err();
    assert_eq!(late, TransitionError::PaymentAfterExpiry);
    assert_eq!(late.code(), "payment_after_expiry");
    assert_eq!(
        pay(Expired, deadline, deadline),
        Err(TransitionError::PaymentAfterExpiry)
    );
    assert_eq!(
        pay(Confirmed, deadline, deadline).unwrap_err().code(),
        "already_paid"
    );
    let cancelled = pay(Cancelled, deadline, deadline).unwrap_err();
    assert_eq!(cancelled.code(), "transition_not_allowed");
    assert_eq!(
        cancelled.to_string(),
        "a booking that is cancelled cannot pay"
    );
}

#[test]
fn expire_only_after_the_deadline() {
    let deadline = ts("2026-03-01T12:00:00Z");
    let err = expire(AwaitingPayment, deadline, deadline).unwrap_err();
    assert_eq!(err.code(), "payment_deadline_not_reached");
    assert_eq!(
        expire(AwaitingPayment, ts("2026-03-01T12:00:01Z"), deadline),
        Ok(Expired)
    );
    assert_eq!(
        expire(Confirmed, ts("2026-03-02T00:00:00Z"), deadline)
            .unwrap_err()
            .code(),
        "transition_not_allowed"
    );
}

#[test]
fn cancel_any_time_before_the_appointment_starts() {
    let start = ts("2026-03-10T01:00:00Z");
    assert_eq!(
        cancel(AwaitingPayment, ts("2026-03-10T00:59:59Z"), start),
        Ok(Cancelled)
    );
    assert_eq!(
        cancel(Confirmed, ts("2026-03-10T00:59:59Z"), start),
        Ok(Cancelled)
    );
    assert_eq!(
        cancel(Confirmed, start, start),
        Err(TransitionError::AppointmentStarted)
    );
    for s in [Expired, Cancelled, CheckedIn, Served, NoShow] {
        assert_eq!(
            cancel(s, ts("2026-03-01T00:00:00Z"), start)
                .unwrap_err()
                .code(),
            "transition_not_allowed"
        );
    }
}

#[test]
fn reschedule_h_minus_1_in_jayapura_office_time() {
    let jayapura = zone("Asia/Jayapura");
    let appointment = date(2026, 3, 10);
    // 23:59:59 WIT on the 9th.
    assert_eq!(
        reschedule_allowed(
            Confirmed,
            false,
            &jayapura,
            ts("2026-03-09T14:59:59Z"),
            appointment
        ),
        Ok(())
    );
    // 00:00 WIT on the 10th.
    let err = reschedule_allowed(
        Confirmed,
        false,
        &jayapura,
        ts("2026-03-09T15:00:00Z"),
        appointment,
    )
    .unwrap_err();
    assert_eq!(
        err,
        RescheduleError::TooLate {
            appointment_date: appointment
        }
    );
    assert_eq!(err.code(), "reschedule_too_late");
}

#[test]
fn reschedule_h_minus_1_in_jakarta_office_time() {
    let jakarta = zone("Asia/Jakarta");
    let appointment = date(2026, 3, 10);
    // The same instant that is already the 10th in Jayapura is 22:00 WIB on the 9th.
    assert_eq!(
        reschedule_allowed(
            Confirmed,
            false,
            &jakarta,
            ts("2026-03-09T15:00:00Z"),
            appointment
        ),
        Ok(())
    );
    assert_eq!(
        reschedule_allowed(
            Confirmed,
            false,
            &jakarta,
            ts("2026-03-09T16:59:59Z"),
            appointment
        ),
        Ok(())
    );
    assert!(
        reschedule_allowed(
            Confirmed,
            false,
            &jakarta,
            ts("2026-03-09T17:00:00Z"),
            appointment
        )
        .is_err()
    );
}

#[test]
fn reschedule_once_and_only_once_paid() {
    let jakarta = zone("Asia/Jakarta");
    let now = ts("2026-03-01T00:00:00Z");
    let appointment = date(2026, 3, 10);
    let err = reschedule_allowed(Confirmed, true, &jakarta, now, appointment).unwrap_err();
    assert_eq!(err.code(), "already_rescheduled");
    for s in [
        AwaitingPayment,
        Expired,
        Cancelled,
        CheckedIn,
        Served,
        NoShow,
    ] {
        let err = reschedule_allowed(s, false, &jakarta, now, appointment).unwrap_err();
        assert_eq!(err, RescheduleError::NotAllowed { from: s });
    }
}

#[test]
fn check_in_window_serve_and_no_show() {
    let (start, end) = (ts("2026-03-10T01:00:00Z"), ts("2026-03-10T03:00:00Z"));
    let w = CheckInWindow::default();
    assert_eq!(
        check_in(Confirmed, ts("2026-03-10T00:30:00Z"), &w, start, end),
        Ok(CheckedIn)
    );
    let early = check_in(Confirmed, ts("2026-03-10T00:29:59Z"), &w, start, end).unwrap_err();
    assert_eq!(early.code(), "outside_check_in_window");
    assert!(check_in(Confirmed, end, &w, start, end).is_err());
    assert_eq!(
        check_in(AwaitingPayment, start, &w, start, end)
            .unwrap_err()
            .code(),
        "transition_not_allowed"
    );
    assert_eq!(serve(CheckedIn), Ok(Served));
    assert!(serve(Confirmed).is_err());
    let open = mark_no_show(Confirmed, ts("2026-03-10T02:59:59Z"), &w, start, end).unwrap_err();
    assert_eq!(open.code(), "check_in_still_open");
    assert_eq!(mark_no_show(Confirmed, end, &w, start, end), Ok(NoShow));
    assert!(mark_no_show(CheckedIn, end, &w, start, end).is_err());
}

#[test]
fn missed_call_ends_a_checked_in_booking() {
    assert_eq!(miss_call(CheckedIn), Ok(NoShow));
    for s in [AwaitingPayment, Confirmed, Served, NoShow] {
        assert_eq!(miss_call(s).unwrap_err().code(), "transition_not_allowed");
    }
}

#[test]
fn an_examination_approves_into_payment_or_refuses() {
    assert_eq!(
        examine(Examination, ExaminationResult::Approved),
        Ok(AwaitingPayment)
    );
    assert_eq!(
        examine(Examination, ExaminationResult::Refused),
        Ok(Refused)
    );
    for s in BookingStatus::ALL.into_iter().filter(|s| *s != Examination) {
        let e = examine(s, ExaminationResult::Approved).unwrap_err();
        assert_eq!(e.code(), "transition_not_allowed");
    }
    // Nothing but the examination moves a walk-in that waits for it.
    assert!(
        pay(
            Examination,
            ts("2026-03-01T10:00:00Z"),
            ts("2026-03-01T12:00:00Z")
        )
        .is_err()
    );
    assert!(serve(Examination).is_err());
    assert_eq!("refused".parse(), Ok(ExaminationResult::Refused));
    assert!("maybe".parse::<ExaminationResult>().is_err());
}

#[test]
fn the_edge_table_matches_the_independent_one() {
    for from in BookingStatus::ALL {
        for to in BookingStatus::ALL {
            assert_eq!(is_edge(from, to), edge(from, to), "{from} -> {to}");
        }
    }
    assert!(TRANSITIONS.iter().all(|(from, _, _)| !from.is_final()));
}

/// The allowed edges of the state machine, written out independently.
fn edge(from: BookingStatus, to: BookingStatus) -> bool {
    matches!(
        (from, to),
        (AwaitingPayment, Confirmed | Expired | Cancelled)
            | (Confirmed, Cancelled | CheckedIn | NoShow)
            | (CheckedIn, Served | NoShow)
            | (Examination, AwaitingPayment | Refused)
    )
}

fn arb_status() -> impl Strategy<Value = BookingStatus> {
    prop::sample::select(BookingStatus::ALL.to_vec())
}

proptest! {
    #[test]
    fn every_successful_transition_is_an_edge(
        status in arb_status(), now in 0i64..10_000, deadline in 0i64..10_000, start in 0i64..10_000,
    ) {
        let t = |s| Timestamp::from_second(1_770_000_000 + s).unwrap();
        let w = CheckInWindow::default();
        let results = [
            pay(status, t(now), t(deadline)),
            expire(status, t(now), t(deadline)),
            cancel(status, t(now), t(start)),
            check_in(status, t(now), &w, t(start), t(start + 7200)),
            serve(status),
            mark_no_show(status, t(now), &w, t(start), t(start + 7200)),
            miss_call(status),
            examine(status, ExaminationResult::Approved),
            examine(status, ExaminationResult::Refused),
        ];
        for next in results.into_iter().flatten() {
            prop_assert!(edge(status, next), "{status} -> {next}");
        }
        if status.is_final() {
            prop_assert!(
                [pay(status, t(now), t(deadline)), expire(status, t(now), t(deadline))]
                    .iter()
                    .all(Result::is_err)
            );
        }
    }

    #[test]
    fn pay_and_expire_partition_the_timeline(now in 0i64..10_000, deadline in 0i64..10_000) {
        let t = |s| Timestamp::from_second(1_770_000_000 + s).unwrap();
        let paid = pay(AwaitingPayment, t(now), t(deadline)).is_ok();
        let expired = expire(AwaitingPayment, t(now), t(deadline)).is_ok();
        prop_assert!(paid != expired);
    }

    #[test]
    fn reschedule_cutoff_is_office_local_midnight(
        secs in 1_767_225_600i64..1_798_761_600,
        tz in prop::sample::select(vec!["Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"]),
        days_ahead in -3i64..5,
    ) {
        let zone = zone(tz);
        let now = Timestamp::from_second(secs).unwrap();
        let today = office_date(&zone, now);
        let appointment = crate::domain::office_time::add_days(today, days_ahead);
        let ok = reschedule_allowed(Confirmed, false, &zone, now, appointment).is_ok();
        prop_assert_eq!(ok, days_ahead >= 1);
    }
}

use super::*;

fn now() -> Timestamp {
    "2026-12-01T12:00:00Z".parse().expect("valid")
}

fn input() -> StayInput {
    StayInput {
        entry_date: "2026-11-30".into(),
        entry_port: None,
        check_in: "2026-12-01T18:30".into(),
        expected_check_out: "2026-12-05".into(),
        room: Some("12B".into()),
        permit: Some(GuestPermitInput {
            kind: "b1".into(),
            number: "evisa-123".into(),
        }),
        purpose: "Holiday".into(),
    }
}

#[test]
fn a_local_check_in_is_read_in_the_premise_zone() {
    let s = parse(&input(), OfficeZone::Makassar, now()).expect("valid");
    assert_eq!(
        s.check_in,
        "2026-12-01T10:30:00Z".parse::<Timestamp>().expect("valid")
    );
    assert_eq!(s.permit_kind.as_deref(), Some("B1"));
    assert_eq!(s.permit_number.as_deref(), Some("EVISA-123"));
}

#[test]
fn dates_out_of_order_are_named() {
    let mut i = input();
    i.check_in = "2026-12-01T21:00:00+08:00".into();
    i.entry_date = "2026-12-02".into();
    i.expected_check_out = "2026-11-30".into();
    i.room = Some("1\n2".into());
    i.purpose = String::new();
    let e = parse(&i, OfficeZone::Makassar, now()).expect_err("refused");
    let names: Vec<_> = e.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    let mut late = input();
    late.check_in = "2026-11-30T10:00:00+07:00".into();
    late.entry_date = "2026-12-01".into();
    let after = parse(&late, OfficeZone::Jakarta, now()).expect_err("refused");
    assert_eq!(after.get("entry_date"), Some(&"after_check_in"));
    assert_eq!(
        names,
        [
            "check_in:in_future",
            "entry_date:in_future",
            "expected_check_out:before_check_in",
            "purpose:invalid",
            "room:invalid",
        ]
    );
}

#[test]
fn late_means_more_than_24_hours() {
    let check_in: Timestamp = "2026-11-30T12:00:00Z".parse().expect("valid");
    assert!(!is_late(check_in, now()));
    assert!(is_late(check_in, now() + SignedDuration::from_secs(1)));
}

#[test]
fn check_out_is_between_check_in_and_now() {
    let z = OfficeZone::Jakarta;
    let check_in: Timestamp = "2026-11-30T12:00:00Z".parse().expect("valid");
    assert!(check_out("2026-12-01T10:00:00Z", z, check_in, now()).is_ok());
    assert_eq!(
        check_out("2026-11-29T10:00:00Z", z, check_in, now()),
        Err("before_check_in")
    );
    assert_eq!(
        check_out("2026-12-02T10:00:00Z", z, check_in, now()),
        Err("in_future")
    );
    assert_eq!(check_out("soon", z, check_in, now()), Err("invalid"));
}

#[test]
fn the_port_of_entry_is_optional_one_line_and_short() {
    let mut i = input();
    i.entry_port = Some("  Batam Centre ferry terminal ".into());
    let s = parse(&i, OfficeZone::Jakarta, now()).expect("valid");
    assert_eq!(s.entry_port.as_deref(), Some("Batam Centre ferry terminal"));
    i.entry_port = Some("cgk".into());
    let s = parse(&i, OfficeZone::Jakarta, now()).expect("valid");
    assert_eq!(s.entry_port.as_deref(), Some("cgk"), "stored as given");
    for blank in [None, Some(""), Some("   ")] {
        i.entry_port = blank.map(str::to_owned);
        let s = parse(&i, OfficeZone::Jakarta, now()).expect("valid");
        assert_eq!(s.entry_port, None);
    }
    i.entry_port = Some("P".repeat(ENTRY_PORT_MAX));
    assert!(parse(&i, OfficeZone::Jakarta, now()).is_ok());
    for bad in [
        "P".repeat(ENTRY_PORT_MAX + 1),
        "CGK\u{7}".into(),
        "CG\tK".into(),
        "CGK\n".into(),
        "\rDPS".into(),
    ] {
        i.entry_port = Some(bad);
        let e = parse(&i, OfficeZone::Jakarta, now()).expect_err("refused");
        assert_eq!(e.get("entry_port"), Some(&"invalid"));
        assert_eq!(e.len(), 1);
    }
}

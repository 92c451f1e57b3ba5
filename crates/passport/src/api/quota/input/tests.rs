use super::*;
use crate::domain::ExceptionKind;
use crate::store::quota::OfficeSettings;
use jiff::civil::date;

fn row(weekday: &str, start: &str, end: &str, category: &str, capacity: i64) -> SessionBody {
    SessionBody {
        weekday: weekday.into(),
        start: start.into(),
        end: end.into(),
        category: category.into(),
        capacity,
    }
}

#[test]
fn template_rows_are_checked_one_by_one() {
    let errs = parse_template(&[
        row("monday", "08:00", "10:00", "regular", 40),
        row("funday", "8", "10:00", "express", 0),
    ])
    .unwrap_err();
    let fields: Vec<String> = errs.iter().map(|e| e.field.api_name()).collect();
    assert_eq!(
        fields,
        [
            "sessions[1].weekday",
            "sessions[1].start",
            "sessions[1].category",
            "sessions[1].capacity"
        ]
    );
    let msg = errs[3].message(Lang::En);
    assert!(msg.contains("10000"), "{msg}");
}

#[test]
fn overlap_and_reversed_sessions_name_the_row() {
    let errs = parse_template(&[
        row("monday", "08:00", "10:00", "regular", 40),
        row("monday", "09:00", "11:00", "regular", 40),
    ])
    .unwrap_err();
    assert_eq!(errs[0].field, Field::Session(1, "start"));
    assert_eq!(errs[0].key, "quota-error-overlap");
    let en = errs[0].message(Lang::En);
    assert!(
        en.contains("Regular") && en.contains("Monday") && en.contains("09:00"),
        "{en}"
    );
    let id = errs[0].message(Lang::Id);
    assert!(id.contains("Senin"), "{id}");

    let errs = parse_template(&[row("tuesday", "10:00", "08:00", "priority", 5)]).unwrap_err();
    assert_eq!(errs[0].key, "quota-error-start-not-before-end");
    assert!(errs[0].message(Lang::En).contains("10:00 to 08:00"));
}

#[test]
fn a_valid_template_round_trips() {
    let rows = vec![
        row("monday", "08:00", "10:00", "regular", 40),
        row("monday", "08:00", "12:00", "accelerated", 10),
    ];
    let t = parse_template(&rows).unwrap();
    let back: Vec<SessionBody> = t.sessions().iter().map(SessionBody::from).collect();
    assert_eq!(back, rows);
    assert!(parse_template(&[]).unwrap().sessions().is_empty());
}

fn weekly(from: i64, to: i64, advance: i64) -> SettingsBody {
    SettingsBody {
        release_rule: ReleaseRuleBody::Weekly {
            weekday: "friday".into(),
            at: "14:00".into(),
            opens_from_days: from,
            opens_to_days: to,
        },
        min_lead_minutes: 0,
        max_advance_days: advance,
    }
}

#[test]
fn settings_are_checked() {
    let s = parse_settings(&weekly(14, 20, 90)).unwrap();
    assert_eq!(s, OfficeSettings::default());
    assert_eq!(SettingsBody::from(&s), weekly(14, 20, 90));

    let key = |b: &SettingsBody| parse_settings(b).unwrap_err()[0].key;
    assert_eq!(key(&weekly(20, 14, 90)), "quota-error-window-reversed");
    assert_eq!(key(&weekly(14, 16, 90)), "quota-error-window-short");
    assert_eq!(key(&weekly(14, 400, 90)), "quota-error-days");
    assert_eq!(
        key(&weekly(14, 20, 15)),
        "quota-error-window-beyond-advance"
    );
    assert_eq!(key(&weekly(14, 20, 0)), "quota-error-advance");
    let mut b = weekly(14, 20, 90);
    b.min_lead_minutes = -1;
    assert_eq!(key(&b), "quota-error-lead");

    let monthly = |advance| SettingsBody {
        release_rule: ReleaseRuleBody::Monthly { at: "09:00".into() },
        min_lead_minutes: 30,
        max_advance_days: advance,
    };
    assert!(parse_settings(&monthly(90)).is_ok());
    assert_eq!(key(&monthly(20)), "quota-error-monthly-advance");
    let json: SettingsBody =
        serde_json::from_str(r#"{"release_rule":{"kind":"monthly","at":"09:00"}}"#).unwrap();
    assert_eq!(json.max_advance_days, 90);
    assert_eq!(json.min_lead_minutes, 0);
}

#[test]
fn exceptions_are_checked_against_today() {
    let today = date(2026, 3, 9);
    let closed = ExceptionBody {
        date: "2026-03-20".into(),
        kind: "closed".into(),
        note: " Nyepi ".into(),
        ..ExceptionBody::default()
    };
    let (e, note) = parse_exception(&closed, today).unwrap();
    assert_eq!(e.kind, ExceptionKind::Closed);
    assert_eq!(note, "Nyepi");

    let mut past = closed.clone();
    past.date = "2026-03-08".into();
    assert_eq!(
        parse_exception(&past, today).unwrap_err()[0].key,
        "quota-error-date-past"
    );
    past.date = "20260320".into();
    assert_eq!(
        parse_exception(&past, today).unwrap_err()[0].key,
        "quota-error-date"
    );

    let extra = ExceptionBody {
        date: "2026-03-21".into(),
        kind: "extra".into(),
        category: Some("priority".into()),
        start: Some("13:00".into()),
        end: Some("15:00".into()),
        capacity: Some(20),
        note: String::new(),
    };
    let (e, _) = parse_exception(&extra, today).unwrap();
    assert!(matches!(
        e.kind,
        ExceptionKind::ExtraCapacity { capacity: 20, .. }
    ));

    let mut incomplete = extra.clone();
    incomplete.start = None;
    incomplete.capacity = None;
    let errs = parse_exception(&incomplete, today).unwrap_err();
    let fields: Vec<String> = errs.iter().map(|e| e.field.api_name()).collect();
    assert_eq!(fields, ["start", "capacity"]);

    let mut bad_kind = closed;
    bad_kind.kind = "holiday".into();
    assert_eq!(
        parse_exception(&bad_kind, today).unwrap_err()[0].key,
        "quota-error-kind"
    );
}

#[test]
fn api_error_carries_the_first_message_and_every_field() {
    let errs = parse_template(&[row("monday", "x", "y", "regular", 1)]).unwrap_err();
    let e = api_error(Lang::En, &errs);
    assert_eq!(e.code, "invalid_input");
    assert_eq!(e.status.as_u16(), 422);
    assert!(e.message.contains("HH:MM"));
    assert_eq!(e.fields.len(), 2);
}

#[test]
fn every_error_key_exists_in_both_languages() {
    for key in [
        "quota-error-weekday",
        "quota-error-time",
        "quota-error-category",
        "quota-error-capacity",
        "quota-error-start-not-before-end",
        "quota-error-overlap",
        "quota-error-too-many-sessions",
        "quota-error-days",
        "quota-error-window-reversed",
        "quota-error-window-short",
        "quota-error-window-far",
        "quota-error-window-beyond-advance",
        "quota-error-monthly-advance",
        "quota-error-lead",
        "quota-error-advance",
        "quota-error-rule-kind",
        "quota-error-date",
        "quota-error-date-past",
        "quota-error-date-far",
        "quota-error-kind",
        "quota-error-note",
    ] {
        let args: Vec<(&str, &str)> = [
            "max", "min", "start", "end", "category", "weekday", "first", "second", "from", "to",
            "advance",
        ]
        .into_iter()
        .map(|n| (n, "1"))
        .collect();
        for lang in Lang::ALL {
            let text = lang.t_args(key, &args);
            assert!(
                !text.starts_with("Unknown localization"),
                "{key} in {lang:?}"
            );
            assert!(!text.contains('$'), "{key} in {lang:?}: {text}");
        }
    }
}

use jiff::civil::date as d;
use serde_json::json;

use super::*;

const TODAY: Date = d(2026, 12, 1);

fn refused(kind: &str, details: Value) -> FieldErrors {
    parse(kind, &details, TODAY).expect_err("refused")
}

#[test]
fn kinds_round_trip() {
    for k in ReportKind::ALL {
        assert_eq!(ReportKind::parse(k.as_str()), Some(k));
    }
    assert_eq!(ReportKind::parse("nationality"), None);
    assert_eq!(refused("nationality", json!({}))["kind"], "invalid");
    assert_eq!(refused("job", json!("x"))["details"], "invalid");
}

#[test]
fn an_address_is_trimmed_and_checked() {
    let r = parse(
        "address_change",
        &json!({"line": "  Jl. Merdeka 1 ", "regency": "12.71", "extra": 1}),
        TODAY,
    )
    .expect("valid");
    assert_eq!(r.kind(), ReportKind::AddressChange);
    assert_eq!(r.regency(), Some("12.71"));
    assert_eq!(
        r.details(),
        json!({"line": "Jl. Merdeka 1", "regency": "12.71"})
    );

    let e = refused("address_change", json!({"line": "a\nb", "regency": "1271"}));
    assert_eq!(e["details.line"], "invalid");
    assert_eq!(e["details.regency"], "invalid");
    let e = refused("sponsor_address", json!({"line": "x".repeat(201)}));
    assert_eq!(e["details.line"], "too_long");
    assert_eq!(e["details.regency"], "required");
    let e = refused("address_change", json!({"line": 5, "regency": "  "}));
    assert_eq!(e["details.line"], "invalid");
    assert_eq!(e["details.regency"], "required");
}

#[test]
fn a_civil_status_date_has_come() {
    let r = parse("civil_status", &json!({"status": "married"}), TODAY).expect("no date");
    assert_eq!(r.details(), json!({"status": "married", "date": null}));
    let r = parse(
        "civil_status",
        &json!({"status": "widowed", "date": "2026-12-01"}),
        TODAY,
    )
    .expect("today");
    assert_eq!(r.details()["date"], "2026-12-01");
    let e = refused(
        "civil_status",
        json!({"status": "engaged", "date": "2026-12-02"}),
    );
    assert_eq!(e["details.status"], "invalid");
    assert_eq!(e["details.date"], "in_future");
    let e = refused("civil_status", json!({"date": "1.1.2020"}));
    assert_eq!(e["details.status"], "required");
    assert_eq!(e["details.date"], "invalid");
}

#[test]
fn a_new_passport_must_be_valid() {
    let r = parse(
        "passport",
        &json!({"passport_number": "pa7654321", "expiry_date": "2036-01-31"}),
        TODAY,
    )
    .expect("valid");
    assert_eq!(r.details()["passport_number"], "PA7654321");
    let e = refused(
        "passport",
        json!({"passport_number": "P\u{7}1", "expiry_date": "2026-11-30"}),
    );
    assert_eq!(e["details.passport_number"], "invalid");
    assert_eq!(e["details.expiry_date"], "expired");
    let e = refused("passport", json!({"expiry_date": " "}));
    assert_eq!(e["details.passport_number"], "required");
    assert_eq!(e["details.expiry_date"], "required");
}

#[test]
fn a_job_needs_both_fields() {
    let r = parse(
        "job",
        &json!({"employer": "PT Maju", "position": "Engineer"}),
        TODAY,
    )
    .expect("valid");
    assert_eq!(format!("{r:?}"), "Report(Job)");
    let e = refused(
        "job",
        json!({"employer": "PT\u{0}Maju", "position": "x".repeat(121)}),
    );
    assert_eq!(e["details.employer"], "invalid");
    assert_eq!(e["details.position"], "too_long");
}

use super::*;

const LINE1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
const LINE2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

fn today() -> Date {
    jiff::civil::date(2026, 12, 1)
}

fn mrz(text: String) -> GuestInput {
    GuestInput {
        mrz: Some(text),
        ..GuestInput::default()
    }
}

#[test]
fn the_icao_specimen_gives_the_guest() {
    let g = parse(&mrz(format!("{LINE1}\n{LINE2}")), today()).expect("valid");
    assert_eq!(g.source, Source::Mrz);
    assert_eq!(g.surname, "ERIKSSON");
    assert_eq!(g.given_names, "ANNA MARIA");
    assert_eq!(g.nationality, "UTO");
    assert_eq!(g.passport_number, "L898902C3");
    assert_eq!(g.birth_date, jiff::civil::date(1974, 8, 12));
    assert_eq!(g.passport_expiry, jiff::civil::date(2012, 4, 15));
    assert_eq!(g.sex, "F");
}

#[test]
fn each_wrong_check_digit_names_its_part() {
    for (position, part) in [
        (10, "document_number"),
        (20, "birth_date"),
        (28, "expiry_date"),
        (43, "personal_number"),
        (44, "composite"),
    ] {
        let mut line2: Vec<char> = LINE2.chars().collect();
        let c = line2[position - 1];
        line2[position - 1] = if c == '9' { '1' } else { '9' };
        let line2: String = line2.into_iter().collect();
        match parse(&mrz(format!("{LINE1}\n{line2}")), today()) {
            Err(GuestError::Mrz(e)) => assert_eq!(mrz_part(&e), part, "{position}"),
            other => panic!("{position}: {other:?}"),
        }
    }
}

#[test]
fn layout_errors_name_the_format() {
    for text in [
        format!("{LINE1}\n{}", &LINE2[..43]),
        format!("{LINE1}\n{LINE2}<"),
        format!("{}\n{LINE2}", LINE1.to_lowercase()),
        LINE2.to_owned(),
    ] {
        match parse(&mrz(text), today()) {
            Err(GuestError::Mrz(e)) => assert_eq!(mrz_part(&e), "format"),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn typed_fields_are_checked_one_by_one() {
    let good = GuestInput {
        mrz: None,
        passport_number: Some("PA1234567".into()),
        nationality: Some("AUS".into()),
        surname: Some("Smith".into()),
        given_names: Some("".into()),
        birth_date: Some("1990-05-01".into()),
        sex: Some("X".into()),
        passport_expiry: Some("2030-01-01".into()),
    };
    let g = parse(&good, today()).expect("valid");
    assert_eq!(
        (g.source, g.sex, g.given_names.as_str()),
        (Source::Typed, "X", "")
    );
    let bad = GuestInput {
        surname: Some("Smith\t".into()),
        birth_date: Some("2027-01-01".into()),
        nationality: Some("XX".into()),
        ..good
    };
    match parse(&bad, today()) {
        Err(GuestError::Fields(e)) => {
            let names: Vec<_> = e.keys().map(String::as_str).collect();
            assert_eq!(
                names,
                ["guest.birth_date", "guest.nationality", "guest.surname"]
            );
        }
        other => panic!("{other:?}"),
    }
}

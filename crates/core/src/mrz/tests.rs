use super::*;
use jiff::civil::date;
use proptest::prelude::*;

const SPECIMEN_1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
const SPECIMEN_2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

fn cd(s: &str) -> char {
    char::from(b'0' + check_digit(s).unwrap())
}

/// Pads with `<` to `len`, as the MRZ does.
fn pad(s: &str, len: usize) -> String {
    format!("{s:<<len$}")
}

fn line1(state: &str, surname: &str, given: &str) -> String {
    pad(&format!("P<{}{surname}<<{given}", pad(state, 3)), LINE_LEN)
}

/// Line 2 with every check digit computed, so fixtures are valid by construction.
fn line2(doc: &str, nat: &str, birth: &str, sex: char, expiry: &str, personal: &str) -> String {
    let doc = pad(doc, 9);
    let personal = pad(personal, 14);
    let head = format!(
        "{doc}{}{}{birth}{}{sex}{expiry}{}{personal}{}",
        cd(&doc),
        pad(nat, 3),
        cd(birth),
        cd(expiry),
        cd(&personal),
    );
    let composite = format!("{}{}{}", &head[0..10], &head[13..20], &head[21..43]);
    format!("{head}{}", cd(&composite))
}

/// Replaces the character at a 1-based position.
fn replace_at(line: &str, position: usize, c: char) -> String {
    let mut chars: Vec<char> = line.chars().collect();
    chars[position - 1] = c;
    chars.into_iter().collect()
}

fn specimen() -> Mrz {
    Mrz::from_lines(SPECIMEN_1, SPECIMEN_2).unwrap()
}

fn line2_err(line2: &str) -> MrzError {
    Mrz::from_lines(SPECIMEN_1, line2).unwrap_err()
}

#[test]
fn check_digit_follows_icao() {
    assert_eq!(check_digit("L898902C3"), Some(6));
    assert_eq!(check_digit("740812"), Some(2));
    assert_eq!(check_digit("120415"), Some(9));
    assert_eq!(check_digit("ZE184226B<<<<<"), Some(1));
    assert_eq!(check_digit(""), Some(0));
    assert_eq!(check_digit("<<<<"), Some(0));
    assert_eq!(check_digit("l898902c3"), None);
    assert_eq!(check_digit("L89 902C3"), None);
}

#[test]
fn specimen_parses_with_all_fields() {
    assert_eq!(SPECIMEN_1.len(), LINE_LEN);
    let mrz = specimen();
    assert_eq!(mrz.document_code(), "P");
    assert_eq!(mrz.issuing_state(), "UTO");
    assert_eq!(mrz.surname(), "ERIKSSON");
    assert_eq!(mrz.given_names(), "ANNA MARIA");
    assert_eq!(mrz.document_number(), "L898902C3");
    assert_eq!(mrz.passport_number().unwrap().as_str(), "L898902C3");
    assert_eq!(mrz.nationality(), "UTO");
    assert_eq!(mrz.birth_date_raw(), "740812");
    assert_eq!(mrz.birth_date(date(2026, 5, 1)), Some(date(1974, 8, 12)));
    assert_eq!(mrz.expiry_raw(), "120415");
    assert_eq!(mrz.expiry_date(), date(2012, 4, 15));
    assert_eq!(mrz.sex(), Some(Sex::Female));
    assert_eq!(mrz.personal_number(), Some("ZE184226B"));
    assert_eq!(mrz.line1(), SPECIMEN_1);
    assert_eq!(mrz.line2(), SPECIMEN_2);
    assert_eq!(mrz.to_string(), format!("{SPECIMEN_1}\n{SPECIMEN_2}"));
}

#[test]
fn parse_accepts_crlf_and_surrounding_whitespace() {
    let text = format!("  \n{SPECIMEN_1}\r\n{SPECIMEN_2}\r\n\t");
    assert_eq!(Mrz::parse(&text).unwrap(), specimen());
    assert_eq!(
        format!("{SPECIMEN_1}\n{SPECIMEN_2}")
            .parse::<Mrz>()
            .unwrap(),
        specimen()
    );
}

#[test]
fn line_errors_name_the_line() {
    assert_eq!(
        Mrz::parse(SPECIMEN_1).unwrap_err(),
        MrzError::LineCount { found: 1 }
    );
    assert_eq!(
        Mrz::parse("").unwrap_err(),
        MrzError::LineCount { found: 0 }
    );
    let three = format!("{SPECIMEN_1}\n\n{SPECIMEN_2}");
    assert_eq!(
        Mrz::parse(&three).unwrap_err(),
        MrzError::LineCount { found: 3 }
    );
    let lower = SPECIMEN_1.replace("ANNA", "Anna");
    let err = Mrz::from_lines(&lower, SPECIMEN_2).unwrap_err();
    assert_eq!(
        err,
        MrzError::Lowercase {
            line: MrzLine::First
        }
    );
    assert!(
        err.to_string()
            .starts_with("line 1 of the MRZ contains lowercase")
    );
    let err = line2_err(&SPECIMEN_2.to_ascii_lowercase());
    assert_eq!(
        err,
        MrzError::Lowercase {
            line: MrzLine::Second
        }
    );
    assert_eq!(
        line2_err(&replace_at(SPECIMEN_2, 12, '-')),
        MrzError::InvalidCharacter {
            line: MrzLine::Second,
            position: 12
        }
    );
    assert_eq!(
        line2_err(&SPECIMEN_2[..43]),
        MrzError::LineLength {
            line: MrzLine::Second,
            found: 43
        }
    );
    assert_eq!(
        line2_err(&format!("{SPECIMEN_2}<")).code(),
        "mrz_line_length"
    );
}

#[test]
fn check_digit_errors_name_the_field() {
    let cases = [
        (10, '7', MrzField::DocumentNumber, 6),
        (20, '3', MrzField::BirthDate, 2),
        (28, 'A', MrzField::ExpiryDate, 9),
        (43, '2', MrzField::PersonalNumber, 1),
        (44, '1', MrzField::Composite, 0),
    ];
    for (position, found, field, expected) in cases {
        let err = line2_err(&replace_at(SPECIMEN_2, position, found));
        assert_eq!(
            err,
            MrzError::CheckDigit {
                field,
                expected,
                found
            },
            "{position}"
        );
        assert_eq!(err.code(), "mrz_check_digit");
        assert_eq!(err.field(), Some(field));
        assert!(err.to_string().contains(field.label()));
    }
    // A changed document number is caught by its own check digit first.
    let err = line2_err(&replace_at(SPECIMEN_2, 4, '9'));
    assert_eq!(err.field(), Some(MrzField::DocumentNumber));
}

#[test]
fn format_errors_name_the_field() {
    let format_field = |l1: &str, l2: &str| match Mrz::from_lines(l1, l2).unwrap_err() {
        MrzError::Format { field, .. } => field,
        other => panic!("expected a format error, got {other:?}"),
    };
    let valid2 = |doc, nat, birth, sex, expiry| line2(doc, nat, birth, sex, expiry, "");
    let good2 = valid2("C1234567", "IDN", "900101", 'M', "300101");
    let good1 = line1("IDN", "SANTOSO", "BUDI");
    assert!(Mrz::from_lines(&good1, &good2).is_ok());

    let visa = replace_at(&good1, 1, 'V');
    assert_eq!(format_field(&visa, &good2), MrzField::DocumentCode);
    assert_eq!(
        format_field(&replace_at(&good1, 2, '1'), &good2),
        MrzField::DocumentCode
    );
    assert_eq!(
        format_field(&line1("I1N", "SANTOSO", "BUDI"), &good2),
        MrzField::IssuingState
    );
    assert_eq!(
        format_field(&line1("<", "SANTOSO", "BUDI"), &good2),
        MrzField::IssuingState
    );
    assert_eq!(
        format_field(&line1("IDN", "SANT0SO", "BUDI"), &good2),
        MrzField::Name
    );
    assert_eq!(
        format_field(&line1("IDN", "", "BUDI"), &good2),
        MrzField::Name
    );
    let no_separator = format!("P<IDN{}<{}", "A".repeat(20), "B".repeat(18));
    assert_eq!(format_field(&no_separator, &good2), MrzField::Name);

    let cases = [
        (
            valid2("", "IDN", "900101", 'M', "300101"),
            MrzField::DocumentNumber,
        ),
        (
            valid2("C1234567", "1DN", "900101", 'M', "300101"),
            MrzField::Nationality,
        ),
        (
            valid2("C1234567", "IDN", "901301", 'M', "300101"),
            MrzField::BirthDate,
        ),
        (
            valid2("C1234567", "IDN", "9001A1", 'M', "300101"),
            MrzField::BirthDate,
        ),
        (
            valid2("C1234567", "IDN", "010229", 'M', "300101"),
            MrzField::BirthDate,
        ),
        (
            valid2("C1234567", "IDN", "900101", 'X', "300101"),
            MrzField::Sex,
        ),
        (
            valid2("C1234567", "IDN", "900101", 'M', "300431"),
            MrzField::ExpiryDate,
        ),
        (
            valid2("C1234567", "IDN", "900101", 'M', "290229"),
            MrzField::ExpiryDate,
        ),
    ];
    for (l2, field) in cases {
        assert_eq!(format_field(&good1, &l2), field, "{l2}");
    }
}

#[test]
fn empty_personal_number_allows_filler_or_zero_check() {
    let zero = line2("X12345678", "IDN", "000229", '<', "350101", "");
    assert_eq!(&zero[42..43], "0");
    let filler = replace_at(&zero, 43, '<');
    for l2 in [&zero, &filler] {
        let mrz = Mrz::from_lines(&line1("IDN", "PUTRI", ""), l2).unwrap();
        assert_eq!(mrz.personal_number(), None);
        assert_eq!(mrz.sex(), None);
        assert_eq!(mrz.given_names(), "");
        assert_eq!(mrz.surname(), "PUTRI");
    }
    // A filler check is accepted only when there is no personal number.
    let with_number = line2("X12345678", "IDN", "000229", 'F', "350101", "1234");
    let err = line2_err(&replace_at(&with_number, 43, '<'));
    assert_eq!(err.field(), Some(MrzField::PersonalNumber));
}

#[test]
fn birth_century_is_inferred_from_today() {
    let mrz_born = |birth| {
        let l2 = line2("X12345678", "IDN", birth, 'M', "350101", "");
        Mrz::from_lines(&line1("IDN", "WIJAYA", "ADI"), &l2).unwrap()
    };
    let mrz = mrz_born("250101");
    assert_eq!(mrz.birth_date(date(2026, 1, 1)), Some(date(2025, 1, 1)));
    assert_eq!(mrz.birth_date(date(2025, 1, 1)), Some(date(2025, 1, 1)));
    assert_eq!(mrz.birth_date(date(2024, 12, 31)), Some(date(1925, 1, 1)));
    let leap = mrz_born("000229");
    assert_eq!(leap.birth_date(date(2026, 1, 1)), Some(date(2000, 2, 29)));
    assert_eq!(leap.birth_date(date(1999, 1, 1)), None);
}

#[test]
fn short_country_codes_and_numbers_are_stripped() {
    let l1 = line1("D", "MUSTERMANN", "ERIKA");
    let l2 = line2("C01X00T4", "D", "640812", 'F', "270228", "");
    let mrz = Mrz::from_lines(&l1, &l2).unwrap();
    assert_eq!(mrz.issuing_state(), "D");
    assert_eq!(mrz.nationality(), "D");
    assert_eq!(mrz.document_number(), "C01X00T4");
    let short = line2("AB12", "IDN", "640812", 'F', "270228", "");
    let mrz = Mrz::from_lines(&l1, &short).unwrap();
    assert_eq!(mrz.document_number(), "AB12");
    assert_eq!(mrz.passport_number(), None);
}

#[test]
fn debug_hides_names_and_number() {
    let debug = format!("{:?}", specimen());
    assert!(!debug.contains("ERIKSSON"));
    assert!(!debug.contains("L898902C3"));
    assert!(debug.contains("L8*****C3"));
}

#[test]
fn serde_is_the_two_line_text() {
    let json = serde_json::to_string(&specimen()).unwrap();
    assert_eq!(json, format!("\"{SPECIMEN_1}\\n{SPECIMEN_2}\""));
    assert_eq!(serde_json::from_str::<Mrz>(&json).unwrap(), specimen());
    let broken = json.replace("10\"", "11\"");
    assert!(serde_json::from_str::<Mrz>(&broken).is_err());
}

const MRZ_CHARS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

/// Line 2 positions covered by a check digit (all but nationality and sex).
fn is_protected(position: usize) -> bool {
    matches!(position, 1..=10 | 14..=20 | 22..=44)
}

/// 7·v mod 10 for the character's value v, equal for two characters exactly when
/// their values agree modulo 10, since 7 is invertible modulo 10.
fn value_mod_10(c: char) -> u8 {
    check_digit(&c.to_string()).unwrap()
}

prop_compose! {
    fn any_date(years: std::ops::RangeInclusive<i16>)(
        date in (years, 1i8..=12, 1i8..=31)
            .prop_filter_map("real date", |(y, m, d)| Date::new(y, m, d).ok())
    ) -> Date {
        date
    }
}

fn yymmdd_of(date: Date) -> String {
    format!(
        "{:02}{:02}{:02}",
        date.year() % 100,
        date.month(),
        date.day()
    )
}

prop_compose! {
    fn valid_mrz()(
        state in "[A-Z]{1,3}",
        surname in "[A-Z]{1,10}(<[A-Z]{1,8})?",
        given in "([A-Z]{1,8}(<[A-Z]{1,8}){0,1})?",
        doc in "[A-Z0-9]{1,9}",
        nat in "[A-Z]{3}",
        birth in any_date(1930..=2029),
        sex in prop::sample::select(vec!['M', 'F', '<']),
        expiry in any_date(2000..=2099),
        personal in "([A-Z0-9]{1,14})?",
    ) -> (String, String, Date, Date) {
        let l1 = line1(&state, &surname, &given);
        let l2 = line2(&doc, &nat, &yymmdd_of(birth), sex, &yymmdd_of(expiry), &personal);
        (l1, l2, birth, expiry)
    }
}

proptest! {
    #[test]
    fn generated_mrz_round_trips((l1, l2, birth, expiry) in valid_mrz()) {
        let mrz = Mrz::from_lines(&l1, &l2).unwrap();
        let shown = mrz.to_string();
        prop_assert_eq!(Mrz::parse(&shown).unwrap(), mrz.clone());
        prop_assert_eq!(mrz.expiry_date(), expiry);
        prop_assert_eq!(mrz.birth_date(date(2029, 12, 31)), Some(birth));
        prop_assert!(!mrz.surname().is_empty());
        prop_assert_eq!(mrz.surname().replace(' ', "<"), l1[5..].split("<<").next().unwrap());
    }

    #[test]
    fn one_char_mutation_is_caught_or_consistent(
        (l1, l2, _, _) in valid_mrz(),
        on_line2 in any::<bool>(),
        position in 1usize..=LINE_LEN,
        shift in 1usize..MRZ_CHARS.len(),
    ) {
        let line = if on_line2 { &l2 } else { &l1 };
        let old = line.chars().nth(position - 1).unwrap();
        // Shifting within the alphabet always yields a different valid character.
        let index = MRZ_CHARS.find(old).unwrap();
        let new = char::from(MRZ_CHARS.as_bytes()[(index + shift) % MRZ_CHARS.len()]);
        let mutated = replace_at(line, position, new);
        let (m1, m2) = if on_line2 { (l1.as_str(), mutated.as_str()) } else { (mutated.as_str(), l2.as_str()) };
        if let Ok(mrz) = Mrz::from_lines(m1, m2) {
            prop_assert_eq!(mrz.line1(), m1);
            prop_assert_eq!(mrz.line2(), m2);
            prop_assert_eq!(Mrz::parse(mrz.as_str()).unwrap(), mrz.clone());
            // Check digits only miss a change that keeps the value modulo 10 (e.g. 0 -> A).
            if on_line2 && is_protected(position) {
                prop_assert_eq!(value_mod_10(old), value_mod_10(new));
            }
        }
    }

    #[test]
    fn random_lines_never_panic(l1 in "[A-Z0-9<a-z ]{40,46}", l2 in "[A-Z0-9<]{40,46}") {
        let _ = Mrz::from_lines(&l1, &l2);
        let _ = Mrz::parse(&format!("{l1}\n{l2}"));
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,100}") {
        let _ = Mrz::parse(&text);
        let _ = check_digit(&text);
    }
}

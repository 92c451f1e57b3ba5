use super::*;

fn fault(bytes: &[u8]) -> Option<CsvError> {
    parse_csv(bytes).err()
}

const HEADER: &str = "passport_number,nationality,surname,given_names,birth_date,sex,\
passport_expiry,entry_date,check_in,expected_check_out,room,permit_kind,permit_number,purpose";

fn typed(rows: &[&str]) -> String {
    let mut s = HEADER.to_owned();
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s
}

const ROW: &str = "PA1234567,AUS,Smith,Jane,1990-05-01,F,2031-01-31,2026-11-28,\
2026-11-30T14:00,2026-12-05,12B,B1,EV-1,Holiday";

#[test]
fn typed_rows_are_read_into_report_inputs_numbered_from_one() {
    let rows = parse_csv(typed(&[ROW, "", ROW]).as_bytes()).unwrap();
    assert_eq!(rows.len(), 2, "a blank line is skipped");
    assert_eq!((rows[0].row, rows[1].row), (1, 2));
    let r = &rows[0];
    assert_eq!(r.guest.mrz, None);
    assert_eq!(r.guest.passport_number.as_deref(), Some("PA1234567"));
    assert_eq!(r.guest.given_names.as_deref(), Some("Jane"));
    assert_eq!(r.stay.check_in, "2026-11-30T14:00");
    assert_eq!(r.stay.room.as_deref(), Some("12B"));
    let permit = r.stay.permit.as_ref().unwrap();
    assert_eq!(
        (permit.kind.as_str(), permit.number.as_str()),
        ("B1", "EV-1")
    );
    assert!(r.refused.is_empty());
}

#[test]
fn a_quoted_mrz_cell_keeps_its_line_break_and_a_bom_is_skipped() {
    let l1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    let l2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
    let csv = format!(
        "\u{feff}mrz,entry_date,check_in,expected_check_out,purpose\r\n\
         \"{l1}\r\n{l2}\",2026-11-28,2026-11-30T14:00,2026-12-05,\"Holiday, diving\"\r\n"
    );
    let rows = parse_csv(csv.as_bytes()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].guest.mrz.as_deref(),
        Some(format!("{l1}\r\n{l2}").as_str())
    );
    assert_eq!(rows[0].stay.purpose, "Holiday, diving");
    assert!(rows[0].stay.permit.is_none());
    assert!(rows[0].refused.is_empty(), "line breaks pass in a cell");
}

#[test]
fn formula_cells_are_read_as_written() {
    let row = ROW.replace("Holiday", "=HYPERLINK(\"\"http://x\"\")");
    let row = row.replace(",12B,", ",\"@SUM(A1)\",");
    let row = format!(
        "{},\"=HYPERLINK(\"\"http://x\"\")\"",
        row.rsplit_once(',').unwrap().0
    );
    let rows = parse_csv(typed(&[&row]).as_bytes()).unwrap();
    assert_eq!(rows[0].stay.purpose, "=HYPERLINK(\"http://x\")");
    assert_eq!(rows[0].stay.room.as_deref(), Some("@SUM(A1)"));
}

#[test]
fn control_characters_are_refused_by_column() {
    let row = ROW
        .replace("Holiday", "Holi\u{0}day")
        .replace("Smith", "Sm\u{1b}ith");
    let rows = parse_csv(typed(&[&row]).as_bytes()).unwrap();
    let refused: Vec<_> = rows[0].refused.keys().cloned().collect();
    assert_eq!(refused, ["purpose", "surname"]);
}

#[test]
fn bad_headers_and_quoting_refuse_the_whole_file() {
    assert_eq!(fault(b""), Some(CsvError::NoHeader));
    assert_eq!(fault(b"\xff\xfe"), Some(CsvError::NotUtf8));
    let unknown = typed(&[ROW]).replace("room", "premise_id");
    assert_eq!(
        fault(unknown.as_bytes()),
        Some(CsvError::UnknownColumn("premise_id".into()))
    );
    let doubled = typed(&[ROW]).replace("room", "surname");
    assert_eq!(
        fault(doubled.as_bytes()),
        Some(CsvError::DuplicateColumn("surname".into()))
    );
    let missing = "entry_date,check_in,expected_check_out,purpose\n2026-11-28,x,y,z";
    assert_eq!(
        fault(missing.as_bytes()),
        Some(CsvError::MissingColumn("passport_number"))
    );
    let no_purpose = "mrz,entry_date,check_in,expected_check_out\nx,a,b,c";
    assert_eq!(
        fault(no_purpose.as_bytes()),
        Some(CsvError::MissingColumn("purpose"))
    );
    let short = typed(&[ROW, "PA1,AUS"]);
    assert_eq!(
        fault(short.as_bytes()),
        Some(CsvError::Malformed { row: 2 })
    );
    let stray = typed(&[ROW, &ROW.replace("Smith", "Sm\"ith")]);
    assert_eq!(
        fault(stray.as_bytes()),
        Some(CsvError::Malformed { row: 2 })
    );
    let after = typed(&[&ROW.replace(",Smith,", ",\"Smith\"x,")]);
    assert_eq!(
        fault(after.as_bytes()),
        Some(CsvError::Malformed { row: 1 })
    );
    let open = typed(&[ROW, &ROW.replace(",Smith,", ",\"Smith,")]);
    assert_eq!(fault(open.as_bytes()), Some(CsvError::Malformed { row: 2 }));
}

#[test]
fn at_most_the_limit_of_rows() {
    let rows: Vec<&str> = std::iter::repeat_n(ROW, MAX_ROWS).collect();
    assert_eq!(parse_csv(typed(&rows).as_bytes()).unwrap().len(), MAX_ROWS);
    let rows: Vec<&str> = std::iter::repeat_n(ROW, MAX_ROWS + 1).collect();
    assert_eq!(fault(typed(&rows).as_bytes()), Some(CsvError::TooManyRows));
}

#[test]
fn report_fields_name_their_columns() {
    assert_eq!(column_of("guest.surname"), "surname");
    assert_eq!(column_of("permit.kind"), "permit_kind");
    assert_eq!(column_of("check_in"), "check_in");
}

#[test]
fn the_entry_port_column_is_optional() {
    let csv = "entry_date,entry_port,check_in,expected_check_out,purpose,mrz\n\
2026-11-28,Batam Centre,2026-11-30T14:00,2026-12-05,Holiday,x\n\
2026-11-28,,2026-11-30T14:00,2026-12-05,Holiday,x";
    let rows = parse_csv(csv.as_bytes()).unwrap();
    assert_eq!(rows[0].stay.entry_port.as_deref(), Some("Batam Centre"));
    assert_eq!(
        rows[1].stay.entry_port.as_deref(),
        Some(""),
        "blank: none, once parsed"
    );
    let without = parse_csv(typed(&[ROW]).as_bytes()).unwrap();
    assert_eq!(without[0].stay.entry_port, None);
}

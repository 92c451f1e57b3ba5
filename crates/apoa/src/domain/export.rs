//! Exports as CSV: every text cell neutralised so that a spreadsheet never
//! runs what a guest or a clerk typed as a formula (CSV injection).
//! Reports store what was written; only exports change it. Reused by any
//! export of APOA data (the reporters' now, the officers' later).

use std::borrow::Cow;

/// A cell that a spreadsheet would take as a formula (starting with `=`,
/// `+`, `-` or `@`, or a tab or carriage return before one) prefixed with
/// `'`, which spreadsheets show as text; any other cell as it is.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A CSV document (RFC 4180, CRLF line ends) of `header` and `rows`,
/// every data cell neutralised.
pub fn to_csv<'a>(
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<Cow<'a, str>>>,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        w.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_others_kept() {
        for formula in ["=1+2", "+62 812", "-5", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(neutralise(formula), format!("'{formula}"), "{formula}");
        }
        for plain in ["", "Smith", "2026-12-01", "12B", "a=b", " =1", "'=1"] {
            assert!(matches!(neutralise(plain), Cow::Borrowed(_)), "{plain}");
            assert_eq!(neutralise(plain), plain);
        }
    }

    #[test]
    fn documents_neutralise_every_cell_and_quote_as_needed() {
        let rows = vec![vec![
            Cow::from("=HYPERLINK(\"http://x\",\"y\")"),
            Cow::from("a,b"),
            Cow::from("Bali"),
        ]];
        let out = to_csv(&["purpose", "room", "city"], rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "purpose,room,city\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"a,b\",Bali\r\n"
        );
    }
}

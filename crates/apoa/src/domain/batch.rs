//! A batch of check-in reports as CSV (docs/apoa-batch.md): the header,
//! the strict quoting rules, and each data row read into the same inputs
//! as a single report. Rows are numbered from 1, the first data row.

use super::FieldErrors;
use super::guest::GuestInput;
use super::stay::{GuestPermitInput, StayInput};

/// Most rows in one batch (CSV or JSON).
pub const MAX_ROWS: usize = 5_000;

/// Every column a batch may have, in the documented order.
pub const COLUMNS: [&str; 17] = [
    "mrz",
    "passport_number",
    "nationality",
    "surname",
    "given_names",
    "birth_date",
    "sex",
    "passport_expiry",
    "entry_date",
    "entry_port",
    "check_in",
    "expected_check_out",
    "room",
    "permit_kind",
    "permit_number",
    "purpose",
    "group_head_id",
];

/// Columns every batch has.
pub const REQUIRED: [&str; 4] = ["entry_date", "check_in", "expected_check_out", "purpose"];

/// Columns of the typed guest, required when there is no `mrz` column
/// (`given_names` aside: a single name leaves it empty).
pub const TYPED: [&str; 6] = [
    "passport_number",
    "nationality",
    "surname",
    "birth_date",
    "sex",
    "passport_expiry",
];

/// Why a CSV batch was refused as a whole (nothing is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    /// Not UTF-8 text.
    NotUtf8,
    /// No header line.
    NoHeader,
    /// Bad quoting, or a row whose cell count differs from the header's
    /// (the data row, 0 for the header).
    Malformed {
        /// The row.
        row: usize,
    },
    /// A column no batch has.
    UnknownColumn(String),
    /// A column given twice.
    DuplicateColumn(String),
    /// A required column is missing.
    MissingColumn(&'static str),
    /// More than [`MAX_ROWS`] data rows.
    TooManyRows,
}

/// One data row, read as a report's inputs.
#[derive(Debug, Clone, Default)]
pub struct CsvRow {
    /// The row number (1 = the first data row).
    pub row: usize,
    /// The guest: the `mrz` cell when not blank, else the typed cells.
    pub guest: GuestInput,
    /// The stay.
    pub stay: StayInput,
    /// The group head's stay id.
    pub group_head_id: Option<String>,
    /// Cells refused before any rule: a control character other than the
    /// line breaks and tab that a quoted cell may hold (column → reason).
    pub refused: FieldErrors,
}

/// The data row at which strict RFC 4180 quoting fails, if it does: a
/// quote inside an unquoted cell, text after a closing quote, or a quote
/// never closed. Row 0 is the header.
pub fn quoting_fault(text: &str) -> Option<usize> {
    let mut row = 0;
    let mut at_cell_start = true;
    let mut in_quotes = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    in_quotes = false;
                    match chars.peek() {
                        None | Some(',' | '\n' | '\r') => {}
                        Some(_) => return Some(row),
                    }
                }
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                in_quotes = true;
                at_cell_start = false;
            }
            '"' => return Some(row),
            ',' => {
                at_cell_start = true;
            }
            '\n' => {
                row += 1;
                at_cell_start = true;
            }
            _ => at_cell_start = false,
        }
    }
    in_quotes.then_some(row)
}

/// Read a CSV batch: header checked (unknown, doubled and missing columns),
/// quoting strict, at most [`MAX_ROWS`] rows. A leading byte-order mark is
/// skipped; blank lines are skipped and not numbered.
pub fn parse_csv(bytes: &[u8]) -> Result<Vec<CsvRow>, CsvError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| CsvError::NotUtf8)?;
    if text.trim().is_empty() {
        return Err(CsvError::NoHeader);
    }
    if let Some(row) = quoting_fault(text) {
        return Err(CsvError::Malformed { row });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|_| CsvError::Malformed { row: 0 })?
        .clone();
    let mut columns: Vec<&'static str> = Vec::with_capacity(header.len());
    for name in header.iter() {
        let name = name.trim().to_ascii_lowercase();
        let known = COLUMNS
            .iter()
            .find(|c| **c == name)
            .ok_or_else(|| CsvError::UnknownColumn(name.clone()))?;
        if columns.contains(known) {
            return Err(CsvError::DuplicateColumn(name));
        }
        columns.push(known);
    }
    let has = |c: &str| columns.contains(&c);
    let needed = REQUIRED
        .iter()
        .chain(if has("mrz") { [].iter() } else { TYPED.iter() });
    if let Some(missing) = needed.into_iter().find(|c| !has(c)) {
        return Err(CsvError::MissingColumn(missing));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 1;
        let record = record.map_err(|_| CsvError::Malformed { row })?;
        if row > MAX_ROWS {
            return Err(CsvError::TooManyRows);
        }
        rows.push(read_row(row, &columns, &record));
    }
    Ok(rows)
}

fn read_row(row: usize, columns: &[&'static str], record: &csv::StringRecord) -> CsvRow {
    let mut out = CsvRow {
        row,
        ..CsvRow::default()
    };
    let mut permit = GuestPermitInput::default();
    for (column, cell) in columns.iter().zip(record.iter()) {
        // As the platform's input rule: tab and line breaks may be in a cell.
        if cell
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            out.refused
                .insert((*column).to_owned(), "control_character");
        }
        let value = Some(cell.to_owned());
        let g = &mut out.guest;
        match *column {
            "mrz" => g.mrz = Some(cell.to_owned()).filter(|m| !m.trim().is_empty()),
            "passport_number" => g.passport_number = value,
            "nationality" => g.nationality = value,
            "surname" => g.surname = value,
            "given_names" => g.given_names = value,
            "birth_date" => g.birth_date = value,
            "sex" => g.sex = value,
            "passport_expiry" => g.passport_expiry = value,
            "entry_date" => out.stay.entry_date = cell.to_owned(),
            "entry_port" => out.stay.entry_port = value,
            "check_in" => out.stay.check_in = cell.to_owned(),
            "expected_check_out" => out.stay.expected_check_out = cell.to_owned(),
            "room" => out.stay.room = value,
            "permit_kind" => permit.kind = cell.to_owned(),
            "permit_number" => permit.number = cell.to_owned(),
            "purpose" => out.stay.purpose = cell.to_owned(),
            "group_head_id" => out.group_head_id = value.filter(|v| !v.trim().is_empty()),
            _ => {}
        }
    }
    if !permit.kind.trim().is_empty() || !permit.number.trim().is_empty() {
        out.stay.permit = Some(permit);
    }
    out
}

/// A field name of a report as a CSV column: `guest.surname` → `surname`,
/// `permit.kind` → `permit_kind`; others as they are.
pub fn column_of(field: &str) -> String {
    match field.strip_prefix("guest.") {
        Some(rest) => rest.to_owned(),
        None => field.replace('.', "_"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

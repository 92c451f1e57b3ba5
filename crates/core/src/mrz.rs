//! Passport machine-readable zone (ICAO Doc 9303, TD3: two lines of 44).
//!
//! Positions in comments and errors are 1-based, as in the ICAO document, so
//! they can be compared with the printed page. The MRZ holds a passport number
//! and names, so `Debug` shows only the document code, state and a masked number.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::passport_number::PassportNumber;
use crate::sex::Sex;

/// Characters in each TD3 line.
const LINE_LEN: usize = 44;

/// ICAO 9303 check digit of `s`, or `None` if `s` has a character outside `A-Z0-9<`.
pub fn check_digit(s: &str) -> Option<u8> {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let mut sum = 0;
    for (index, c) in s.chars().enumerate() {
        let value = match c {
            '0'..='9' => u32::from(c) - u32::from('0'),
            'A'..='Z' => u32::from(c) - u32::from('A') + 10,
            '<' => 0,
            _ => return None,
        };
        // Reducing as we go keeps arbitrarily long input from overflowing.
        sum = (sum + value * WEIGHTS[index % 3]) % 10;
    }
    u8::try_from(sum).ok()
}

/// One of the two MRZ lines, named in errors so the reader knows where to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MrzLine {
    /// Line 1: document code, issuing state, name.
    First,
    /// Line 2: number, nationality, dates, sex, personal number, checks.
    Second,
}

impl fmt::Display for MrzLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MrzLine::First => "line 1",
            MrzLine::Second => "line 2",
        })
    }
}

/// A field of the TD3 MRZ, named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MrzField {
    /// Line 1, positions 1-2.
    DocumentCode,
    /// Line 1, positions 3-5.
    IssuingState,
    /// Line 1, positions 6-44.
    Name,
    /// Line 2, positions 1-9 and check 10.
    DocumentNumber,
    /// Line 2, positions 11-13.
    Nationality,
    /// Line 2, positions 14-19 and check 20.
    BirthDate,
    /// Line 2, position 21.
    Sex,
    /// Line 2, positions 22-27 and check 28.
    ExpiryDate,
    /// Line 2, positions 29-42 and check 43.
    PersonalNumber,
    /// Line 2, position 44, over positions 1-10, 14-20 and 22-43.
    Composite,
}

impl MrzField {
    /// Stable snake_case name, for machine-readable error details.
    pub fn as_str(&self) -> &'static str {
        match self {
            MrzField::DocumentCode => "document_code",
            MrzField::IssuingState => "issuing_state",
            MrzField::Name => "name",
            MrzField::DocumentNumber => "document_number",
            MrzField::Nationality => "nationality",
            MrzField::BirthDate => "birth_date",
            MrzField::Sex => "sex",
            MrzField::ExpiryDate => "expiry_date",
            MrzField::PersonalNumber => "personal_number",
            MrzField::Composite => "composite",
        }
    }

    fn label(&self) -> &'static str {
        match self {
            MrzField::DocumentCode => "document code",
            MrzField::IssuingState => "issuing state",
            MrzField::Name => "name",
            MrzField::DocumentNumber => "document number",
            MrzField::Nationality => "nationality",
            MrzField::BirthDate => "birth date",
            MrzField::Sex => "sex",
            MrzField::ExpiryDate => "expiry date",
            MrzField::PersonalNumber => "personal number",
            MrzField::Composite => "composite",
        }
    }
}

impl fmt::Display for MrzField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why a text is not a valid TD3 MRZ; names the failing line or field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MrzError {
    /// Not exactly two non-empty lines.
    #[error(
        "a passport MRZ has 2 lines of 44 characters separated by a line break, but {found} lines were given"
    )]
    LineCount {
        /// Number of lines given.
        found: usize,
    },
    /// Lowercase letters, usually from OCR or hand typing.
    #[error(
        "{line} of the MRZ contains lowercase letters; the MRZ is printed in capitals, type it as printed"
    )]
    Lowercase {
        /// The line with lowercase letters.
        line: MrzLine,
    },
    /// A character outside `A-Z0-9<`.
    #[error("{line} of the MRZ has a character at position {position} that is not A-Z, 0-9 or '<'")]
    InvalidCharacter {
        /// The offending line.
        line: MrzLine,
        /// 1-based position of the first offending character.
        position: usize,
    },
    /// A line of the wrong length.
    #[error(
        "{line} of the MRZ has {found} characters, but each line has exactly 44; check for missing or extra '<'"
    )]
    LineLength {
        /// The offending line.
        line: MrzLine,
        /// Number of characters given.
        found: usize,
    },
    /// A field whose content breaks the TD3 layout.
    #[error("the {field} in the MRZ is not valid: {reason}")]
    Format {
        /// The malformed field.
        field: MrzField,
        /// What the field should look like.
        reason: &'static str,
    },
    /// A check digit that does not match its field: a misread or altered MRZ.
    #[error(
        "the {field} check digit in the MRZ is '{found}' but should be {expected}; re-read the {field} and its check digit from the passport"
    )]
    CheckDigit {
        /// The field the check digit protects.
        field: MrzField,
        /// Check digit computed from the field.
        expected: u8,
        /// Character found at the check digit position.
        found: char,
    },
}

impl MrzError {
    /// Stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            MrzError::LineCount { .. } => "mrz_line_count",
            MrzError::Lowercase { .. } => "mrz_lowercase",
            MrzError::InvalidCharacter { .. } => "mrz_invalid_character",
            MrzError::LineLength { .. } => "mrz_line_length",
            MrzError::Format { .. } => "mrz_format",
            MrzError::CheckDigit { .. } => "mrz_check_digit",
        }
    }

    /// The failing field, when the error is about one field.
    pub fn field(&self) -> Option<MrzField> {
        match self {
            MrzError::Format { field, .. } | MrzError::CheckDigit { field, .. } => Some(*field),
            _ => None,
        }
    }
}

/// A validated TD3 passport MRZ; serialized as its two lines joined by `\n`.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Mrz {
    /// Line 1, `\n`, line 2: validated, so all ASCII.
    text: String,
    /// Kept from validation so [`Mrz::expiry_date`] needs no fallible rebuild.
    expiry: Date,
}

/// Characters at 1-based inclusive positions `from..=to` of a validated line.
fn field(line: &str, from: usize, to: usize) -> &str {
    &line[from - 1..to]
}

fn strip_fillers(s: &str) -> &str {
    s.trim_end_matches('<')
}

/// Name parts are separated by `<`; runs of fillers are padding.
fn words(s: &str) -> String {
    s.split('<')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Day, month and two-digit year of a `YYMMDD` field, if all digits.
fn yymmdd(s: &str) -> Option<(i16, i8, i8)> {
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |at: usize| s[at..at + 2].parse::<i8>().ok();
    Some((i16::from(number(0)?), number(2)?, number(4)?))
}

fn check_line(line: &str, which: MrzLine) -> Result<(), MrzError> {
    if line.bytes().any(|b| b.is_ascii_lowercase()) {
        return Err(MrzError::Lowercase { line: which });
    }
    let allowed = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '<';
    if let Some(index) = line.chars().position(|c| !allowed(c)) {
        return Err(MrzError::InvalidCharacter {
            line: which,
            position: index + 1,
        });
    }
    if line.len() != LINE_LEN {
        return Err(MrzError::LineLength {
            line: which,
            found: line.len(),
        });
    }
    Ok(())
}

/// A country code: letters, possibly padded with `<` (e.g. `D<<`).
fn check_country(code: &str, field: MrzField) -> Result<(), MrzError> {
    let letters = strip_fillers(code);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(MrzError::Format {
            field,
            reason: "a country code is three letters, or fewer letters padded with '<'",
        });
    }
    Ok(())
}

fn verify(value: &str, check: char, field: MrzField) -> Result<(), MrzError> {
    let expected = check_digit(value).ok_or(MrzError::Format {
        field,
        reason: "it contains characters other than A-Z, 0-9 and '<'",
    })?;
    if check.to_digit(10) != Some(u32::from(expected)) {
        return Err(MrzError::CheckDigit {
            field,
            expected,
            found: check,
        });
    }
    Ok(())
}

/// Character at a 1-based position of a validated line.
fn at(line: &str, position: usize) -> char {
    char::from(line.as_bytes()[position - 1])
}

fn check_line1(line: &str) -> Result<(), MrzError> {
    if at(line, 1) != 'P' || at(line, 2).is_ascii_digit() {
        return Err(MrzError::Format {
            field: MrzField::DocumentCode,
            reason: "a passport MRZ starts with 'P' followed by a type letter or '<'",
        });
    }
    check_country(field(line, 3, 5), MrzField::IssuingState)?;
    let name = field(line, 6, 44);
    let reason = if name.bytes().any(|b| b.is_ascii_digit()) {
        "names contain only letters, with '<' between parts"
    } else if name.starts_with('<') {
        "the name field starts with the surname"
    } else if !name.contains("<<") {
        "the surname and given names are separated by '<<'"
    } else {
        return Ok(());
    };
    Err(MrzError::Format {
        field: MrzField::Name,
        reason,
    })
}

/// Validates line 2 and returns the expiry date.
fn check_line2(line: &str) -> Result<Date, MrzError> {
    if strip_fillers(field(line, 1, 9)).is_empty() {
        return Err(MrzError::Format {
            field: MrzField::DocumentNumber,
            reason: "the document number is empty",
        });
    }
    verify(field(line, 1, 9), at(line, 10), MrzField::DocumentNumber)?;
    check_country(field(line, 11, 13), MrzField::Nationality)?;

    // The birth century is not encoded, so a date real in either one is accepted.
    let birth_is_real = yymmdd(field(line, 14, 19)).is_some_and(|(yy, month, day)| {
        [1900, 2000]
            .iter()
            .any(|century| Date::new(century + yy, month, day).is_ok())
    });
    if !birth_is_real {
        return Err(MrzError::Format {
            field: MrzField::BirthDate,
            reason: "the birth date is YYMMDD and must be a real date",
        });
    }
    verify(field(line, 14, 19), at(line, 20), MrzField::BirthDate)?;

    if !matches!(at(line, 21), 'M' | 'F' | '<') {
        return Err(MrzError::Format {
            field: MrzField::Sex,
            reason: "sex is 'M', 'F', or '<' when unspecified",
        });
    }

    let expiry = yymmdd(field(line, 22, 27))
        .and_then(|(yy, month, day)| Date::new(2000 + yy, month, day).ok())
        .ok_or(MrzError::Format {
            field: MrzField::ExpiryDate,
            reason: "the expiry date is YYMMDD and must be a real date",
        })?;
    verify(field(line, 22, 27), at(line, 28), MrzField::ExpiryDate)?;

    let personal = field(line, 29, 42);
    // ICAO allows a filler instead of 0 as the check of an empty personal number.
    let empty_with_filler = strip_fillers(personal).is_empty() && at(line, 43) == '<';
    if !empty_with_filler {
        verify(personal, at(line, 43), MrzField::PersonalNumber)?;
    }

    let composite = format!(
        "{}{}{}",
        field(line, 1, 10),
        field(line, 14, 20),
        field(line, 22, 43)
    );
    verify(&composite, at(line, 44), MrzField::Composite)?;
    Ok(expiry)
}

impl Mrz {
    /// Parses the two lines separated by `\n` or `\r\n`, ignoring surrounding whitespace.
    pub fn parse(text: &str) -> Result<Self, MrzError> {
        let lines: Vec<&str> = text.trim().lines().collect();
        match lines.as_slice() {
            [line1, line2] => Mrz::from_lines(line1, line2),
            _ => Err(MrzError::LineCount { found: lines.len() }),
        }
    }

    /// Validates the two lines given separately, ignoring surrounding whitespace.
    pub fn from_lines(line1: &str, line2: &str) -> Result<Self, MrzError> {
        let (line1, line2) = (line1.trim(), line2.trim());
        check_line(line1, MrzLine::First)?;
        check_line(line2, MrzLine::Second)?;
        check_line1(line1)?;
        let expiry = check_line2(line2)?;
        Ok(Mrz {
            text: format!("{line1}\n{line2}"),
            expiry,
        })
    }

    /// Both lines joined by `\n`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Line 1 (44 characters).
    pub fn line1(&self) -> &str {
        &self.text[..LINE_LEN]
    }

    /// Line 2 (44 characters).
    pub fn line2(&self) -> &str {
        &self.text[LINE_LEN + 1..]
    }

    /// Document code without fillers, e.g. `P`.
    pub fn document_code(&self) -> &str {
        strip_fillers(field(self.line1(), 1, 2))
    }

    /// Issuing state code without fillers, e.g. `IDN` or `D`.
    pub fn issuing_state(&self) -> &str {
        strip_fillers(field(self.line1(), 3, 5))
    }

    /// Surname, parts separated by spaces.
    pub fn surname(&self) -> String {
        let name = field(self.line1(), 6, 44);
        words(name.split_once("<<").map_or(name, |(surname, _)| surname))
    }

    /// Given names separated by spaces; empty when the holder has only a surname.
    pub fn given_names(&self) -> String {
        let name = field(self.line1(), 6, 44);
        name.split_once("<<")
            .map_or_else(String::new, |(_, given)| words(given))
    }

    /// Document number without fillers, exactly as in the MRZ.
    pub fn document_number(&self) -> &str {
        strip_fillers(field(self.line2(), 1, 9))
    }

    /// Document number as a [`PassportNumber`], if it meets those rules.
    pub fn passport_number(&self) -> Option<PassportNumber> {
        PassportNumber::parse(self.document_number()).ok()
    }

    /// Nationality code without fillers, e.g. `IDN`.
    pub fn nationality(&self) -> &str {
        strip_fillers(field(self.line2(), 11, 13))
    }

    /// Birth date as written, `YYMMDD`.
    pub fn birth_date_raw(&self) -> &str {
        field(self.line2(), 14, 19)
    }

    /// Expiry date as written, `YYMMDD`.
    pub fn expiry_raw(&self) -> &str {
        field(self.line2(), 22, 27)
    }

    /// Birth date, taking 19YY when 20YY would be after `today`; `None` only
    /// for 29 February of a year that is a leap year in one century only.
    pub fn birth_date(&self, today: Date) -> Option<Date> {
        let (yy, month, day) = yymmdd(self.birth_date_raw())?;
        match Date::new(2000 + yy, month, day) {
            Ok(date) if date <= today => Some(date),
            _ => Date::new(1900 + yy, month, day).ok(),
        }
    }

    /// Expiry date; passports in use expire in 20YY.
    pub fn expiry_date(&self) -> Date {
        self.expiry
    }

    /// Sex, or `None` when the MRZ leaves it unspecified (`<`).
    pub fn sex(&self) -> Option<Sex> {
        match at(self.line2(), 21) {
            'M' => Some(Sex::Male),
            'F' => Some(Sex::Female),
            _ => None,
        }
    }

    /// Personal number without fillers, or `None` when empty.
    pub fn personal_number(&self) -> Option<&str> {
        Some(strip_fillers(field(self.line2(), 29, 42))).filter(|p| !p.is_empty())
    }
}

impl fmt::Debug for Mrz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = self
            .passport_number()
            .map_or_else(|| "<hidden>".to_owned(), |n| n.masked());
        f.debug_struct("Mrz")
            .field("document_code", &self.document_code())
            .field("issuing_state", &self.issuing_state())
            .field("document_number", &number)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Mrz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl AsRef<str> for Mrz {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl FromStr for Mrz {
    type Err = MrzError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Mrz::parse(s)
    }
}

impl TryFrom<String> for Mrz {
    type Error = MrzError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Mrz::parse(&s)
    }
}

impl TryFrom<&str> for Mrz {
    type Error = MrzError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Mrz::parse(s)
    }
}

impl From<Mrz> for String {
    fn from(mrz: Mrz) -> Self {
        mrz.text
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

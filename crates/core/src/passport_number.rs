//! Passport document numbers, Indonesian or foreign.
//!
//! Passport numbers are sensitive personal data under UU PDP, so `Debug` and
//! [`PassportNumber::masked`] never show the number whole.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Shortest passport number accepted.
const MIN_LEN: usize = 5;
/// Longest passport number that fits the TD3 MRZ document number field.
const MAX_LEN: usize = 9;

/// A validated passport number: 5-9 characters A-Z/0-9 with at least one digit.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PassportNumber(String);

/// Why a text is not a valid passport number; never carries the number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassportNumberError {
    /// Nothing but whitespace was given.
    #[error("the passport number is empty; type it as printed on the passport")]
    Empty,
    /// Spaces inside the number, usually from copying a grouped print.
    #[error("a passport number has no spaces; type it without them")]
    InnerWhitespace,
    /// A character other than A-Z or 0-9.
    #[error(
        "a passport number contains only letters A-Z and digits 0-9, but character {position} is neither"
    )]
    InvalidCharacter {
        /// 1-based position of the first offending character.
        position: usize,
    },
    /// Too short or too long.
    #[error("a passport number has 5 to 9 characters, but {found} were given")]
    WrongLength {
        /// Number of characters given.
        found: usize,
    },
    /// Only letters, which no passport number is.
    #[error(
        "a passport number contains at least one digit; check that this is the passport number and not a name"
    )]
    NoDigit,
}

impl PassportNumberError {
    /// Stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            PassportNumberError::Empty => "passport_number_empty",
            PassportNumberError::InnerWhitespace => "passport_number_inner_whitespace",
            PassportNumberError::InvalidCharacter { .. } => "passport_number_invalid_character",
            PassportNumberError::WrongLength { .. } => "passport_number_wrong_length",
            PassportNumberError::NoDigit => "passport_number_no_digit",
        }
    }
}

impl PassportNumber {
    /// Validates a passport number after trimming and uppercasing it.
    pub fn parse(s: &str) -> Result<Self, PassportNumberError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(PassportNumberError::Empty);
        }
        if s.chars().any(char::is_whitespace) {
            return Err(PassportNumberError::InnerWhitespace);
        }
        if let Some(index) = s.chars().position(|c| !c.is_ascii_alphanumeric()) {
            return Err(PassportNumberError::InvalidCharacter {
                position: index + 1,
            });
        }
        // All ASCII from here, so bytes and characters coincide.
        if !(MIN_LEN..=MAX_LEN).contains(&s.len()) {
            return Err(PassportNumberError::WrongLength { found: s.len() });
        }
        if !s.bytes().any(|b| b.is_ascii_digit()) {
            return Err(PassportNumberError::NoDigit);
        }
        Ok(PassportNumber(s.to_ascii_uppercase()))
    }

    /// The normalized number, for storage and exchange; show [`PassportNumber::masked`] to people.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// First 2 and last 2 characters with the rest hidden, for display under UU PDP.
    pub fn masked(&self) -> String {
        let len = self.0.len();
        format!(
            "{}{}{}",
            &self.0[..2],
            "*".repeat(len - 4),
            &self.0[len - 2..]
        )
    }
}

impl fmt::Debug for PassportNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PassportNumber")
            .field(&self.masked())
            .finish()
    }
}

impl fmt::Display for PassportNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for PassportNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for PassportNumber {
    type Err = PassportNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PassportNumber::parse(s)
    }
}

impl TryFrom<String> for PassportNumber {
    type Error = PassportNumberError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        PassportNumber::parse(&s)
    }
}

impl TryFrom<&str> for PassportNumber {
    type Error = PassportNumberError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        PassportNumber::parse(s)
    }
}

impl From<PassportNumber> for String {
    fn from(number: PassportNumber) -> Self {
        number.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn err(s: &str) -> PassportNumberError {
        PassportNumber::parse(s).unwrap_err()
    }

    #[test]
    fn normalizes_case_and_surrounding_space() {
        let number = PassportNumber::parse("  c1234567\t").unwrap();
        assert_eq!(number.as_str(), "C1234567");
        assert_eq!(number.to_string(), "C1234567");
        assert_eq!(
            PassportNumber::parse("l898902c3").unwrap().as_ref(),
            "L898902C3"
        );
    }

    #[test]
    fn accepts_lengths_five_to_nine() {
        assert!(PassportNumber::parse("A1234").is_ok());
        assert!(PassportNumber::parse("123456789").is_ok());
        assert_eq!(err("A123"), PassportNumberError::WrongLength { found: 4 });
        assert_eq!(
            err("A12345678X"),
            PassportNumberError::WrongLength { found: 10 }
        );
    }

    #[test]
    fn rejects_bad_characters_spaces_and_letter_only() {
        assert_eq!(err(""), PassportNumberError::Empty);
        assert_eq!(err("   "), PassportNumberError::Empty);
        assert_eq!(err("C12 34567"), PassportNumberError::InnerWhitespace);
        assert_eq!(
            err("C12-34567"),
            PassportNumberError::InvalidCharacter { position: 4 }
        );
        assert_eq!(
            err("C1234567<"),
            PassportNumberError::InvalidCharacter { position: 9 }
        );
        assert_eq!(
            err("Ç1234567"),
            PassportNumberError::InvalidCharacter { position: 1 }
        );
        assert_eq!(err("ABCDEFG"), PassportNumberError::NoDigit);
        assert_eq!(err("ABCDEFG").code(), "passport_number_no_digit");
    }

    #[test]
    fn masked_and_debug_hide_the_middle() {
        let number = PassportNumber::parse("C1234567").unwrap();
        assert_eq!(number.masked(), "C1****67");
        assert_eq!(format!("{number:?}"), "PassportNumber(\"C1****67\")");
        assert_eq!(PassportNumber::parse("AB123").unwrap().masked(), "AB*23");
    }

    #[test]
    fn serde_round_trips_and_validates() {
        let number = PassportNumber::parse("X9876543").unwrap();
        let json = serde_json::to_string(&number).unwrap();
        assert_eq!(json, "\"X9876543\"");
        assert_eq!(
            serde_json::from_str::<PassportNumber>(&json).unwrap(),
            number
        );
        assert_eq!(
            serde_json::from_str::<PassportNumber>("\"x9876543\"").unwrap(),
            number
        );
        assert!(serde_json::from_str::<PassportNumber>("\"X98 76543\"").is_err());
    }

    proptest! {
        #[test]
        fn valid_numbers_round_trip(
            prefix in "[A-Za-z0-9]{4,8}",
            digit in "[0-9]",
            pad in "[ \t]{0,3}",
        ) {
            let raw = format!("{prefix}{digit}");
            let number = PassportNumber::parse(&format!("{pad}{raw}{pad}")).unwrap();
            prop_assert_eq!(number.as_str(), raw.to_ascii_uppercase());
            let shown = number.to_string();
            prop_assert_eq!(PassportNumber::parse(&shown).unwrap(), number.clone());
            let masked = number.masked();
            prop_assert_eq!(masked.len(), raw.len());
            let debug = format!("{number:?}");
            prop_assert!(!debug.contains(number.as_str()));
        }

        #[test]
        fn random_strings_never_panic(s in ".{0,20}") {
            if let Ok(number) = PassportNumber::parse(&s) {
                prop_assert!(number.as_str().bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
            }
        }
    }
}

//! Codes of immigration offices (Kantor Imigrasi), e.g. `JKT-PUSAT`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Shortest office code accepted.
const MIN_LEN: usize = 2;
/// Longest office code accepted.
const MAX_LEN: usize = 20;

/// A validated office code: 2-20 of A-Z, 0-9 and inner `-`; serialized as a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OfficeCode(String);

/// Why a text is not a valid office code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficeCodeError {
    /// Too short or too long.
    #[error("an office code has 2 to 20 characters, but {found} were given")]
    WrongLength {
        /// Number of characters given, after trimming.
        found: usize,
    },
    /// A character other than A-Z, 0-9 or `-`.
    #[error(
        "an office code contains only letters A-Z, digits 0-9 and '-', but {character:?} at position {position} is not one"
    )]
    InvalidCharacter {
        /// The offending character.
        character: char,
        /// 1-based position of the first offending character.
        position: usize,
    },
    /// `-` at either end, which is always a typing or joining mistake.
    #[error("an office code cannot start or end with '-'")]
    EdgeHyphen,
}

impl OfficeCodeError {
    /// Stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            OfficeCodeError::WrongLength { .. } => "office_code_wrong_length",
            OfficeCodeError::InvalidCharacter { .. } => "office_code_invalid_character",
            OfficeCodeError::EdgeHyphen => "office_code_edge_hyphen",
        }
    }
}

impl OfficeCode {
    /// Validates an office code after trimming and uppercasing it.
    pub fn parse(s: &str) -> Result<Self, OfficeCodeError> {
        let s = s.trim();
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-';
        if let Some((index, character)) = s.chars().enumerate().find(|(_, c)| !allowed(*c)) {
            return Err(OfficeCodeError::InvalidCharacter {
                character,
                position: index + 1,
            });
        }
        // All ASCII from here, so bytes and characters coincide.
        if !(MIN_LEN..=MAX_LEN).contains(&s.len()) {
            return Err(OfficeCodeError::WrongLength { found: s.len() });
        }
        if s.starts_with('-') || s.ends_with('-') {
            return Err(OfficeCodeError::EdgeHyphen);
        }
        Ok(OfficeCode(s.to_ascii_uppercase()))
    }

    /// The normalized code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OfficeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for OfficeCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for OfficeCode {
    type Err = OfficeCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OfficeCode::parse(s)
    }
}

impl TryFrom<String> for OfficeCode {
    type Error = OfficeCodeError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        OfficeCode::parse(&s)
    }
}

impl TryFrom<&str> for OfficeCode {
    type Error = OfficeCodeError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        OfficeCode::parse(s)
    }
}

impl From<OfficeCode> for String {
    fn from(code: OfficeCode) -> Self {
        code.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn err(s: &str) -> OfficeCodeError {
        OfficeCode::parse(s).unwrap_err()
    }

    #[test]
    fn normalizes_case_and_whitespace() {
        assert_eq!(
            OfficeCode::parse("jkt-pusat").unwrap().as_str(),
            "JKT-PUSAT"
        );
        assert_eq!(OfficeCode::parse("  Batam\n").unwrap().to_string(), "BATAM");
        assert_eq!(OfficeCode::parse("K1").unwrap().as_ref(), "K1");
        assert_eq!(OfficeCode::parse("A--B").unwrap().as_str(), "A--B");
    }

    #[test]
    fn rejects_bad_codes() {
        assert_eq!(err("J"), OfficeCodeError::WrongLength { found: 1 });
        assert_eq!(err(""), OfficeCodeError::WrongLength { found: 0 });
        assert_eq!(
            err(&"A".repeat(21)),
            OfficeCodeError::WrongLength { found: 21 }
        );
        assert_eq!(
            err("JKT PUSAT"),
            OfficeCodeError::InvalidCharacter {
                character: ' ',
                position: 4
            }
        );
        assert_eq!(
            err("JKT_PUSAT"),
            OfficeCodeError::InvalidCharacter {
                character: '_',
                position: 4
            }
        );
        assert_eq!(err("é1").code(), "office_code_invalid_character");
        assert_eq!(err("-JKT"), OfficeCodeError::EdgeHyphen);
        assert_eq!(err("JKT-"), OfficeCodeError::EdgeHyphen);
        assert_eq!(err("--"), OfficeCodeError::EdgeHyphen);
    }

    #[test]
    fn serde_is_a_string_and_validates() {
        let code = OfficeCode::parse("DPS").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"DPS\"");
        assert_eq!(serde_json::from_str::<OfficeCode>("\"dps\"").unwrap(), code);
        assert!(serde_json::from_str::<OfficeCode>("\"-DPS\"").is_err());
    }

    proptest! {
        #[test]
        fn valid_codes_round_trip(code in "[A-Za-z0-9][A-Za-z0-9-]{0,18}[A-Za-z0-9]") {
            let parsed = OfficeCode::parse(&code).unwrap();
            prop_assert_eq!(parsed.as_str(), code.to_ascii_uppercase());
            let shown = parsed.to_string();
            prop_assert_eq!(OfficeCode::parse(&shown).unwrap(), parsed);
        }

        #[test]
        fn random_strings_never_panic(s in "\\PC{0,25}") {
            if let Ok(code) = OfficeCode::parse(&s) {
                prop_assert!((MIN_LEN..=MAX_LEN).contains(&code.as_str().len()));
                prop_assert!(!code.as_str().starts_with('-') && !code.as_str().ends_with('-'));
            }
        }
    }
}

//! Sex as recorded on Indonesian identity documents and passports.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Sex as written on a NIK, passport or MRZ: serialized as `"M"` or `"F"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Sex {
    /// Male (`M`).
    Male,
    /// Female (`F`).
    Female,
}

/// Why a text is not a valid sex code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SexError {
    /// Only the document letters are accepted, so that forms and MRZ agree.
    #[error("sex must be \"M\" (male) or \"F\" (female)")]
    Invalid,
}

impl SexError {
    /// Stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            SexError::Invalid => "sex_invalid",
        }
    }
}

impl Sex {
    /// Parses `"M"` or `"F"`, in either case, ignoring surrounding whitespace.
    pub fn parse(s: &str) -> Result<Self, SexError> {
        match s.trim() {
            "M" | "m" => Ok(Sex::Male),
            "F" | "f" => Ok(Sex::Female),
            _ => Err(SexError::Invalid),
        }
    }

    /// The document letter: `"M"` or `"F"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Sex::Male => "M",
            Sex::Female => "F",
        }
    }
}

impl AsRef<str> for Sex {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Sex {
    type Err = SexError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Sex::parse(s)
    }
}

impl TryFrom<String> for Sex {
    type Error = SexError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Sex::parse(&s)
    }
}

impl TryFrom<&str> for Sex {
    type Error = SexError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Sex::parse(s)
    }
}

impl From<Sex> for &'static str {
    fn from(sex: Sex) -> Self {
        sex.as_str()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_both_cases() {
        assert_eq!(Sex::parse("M"), Ok(Sex::Male));
        assert_eq!(Sex::parse("m"), Ok(Sex::Male));
        assert_eq!(Sex::parse("F"), Ok(Sex::Female));
        assert_eq!(" f ".parse::<Sex>(), Ok(Sex::Female));
    }

    #[test]
    fn rejects_other_text() {
        for bad in ["", "X", "<", "MF", "Male", "L", "P"] {
            let err = Sex::parse(bad).unwrap_err();
            assert_eq!(err.code(), "sex_invalid");
        }
    }

    #[test]
    fn displays_document_letter() {
        assert_eq!(Sex::Male.to_string(), "M");
        assert_eq!(Sex::Female.as_ref(), "F");
    }

    #[test]
    fn serde_uses_letters_and_rejects_invalid() {
        assert_eq!(serde_json::to_string(&Sex::Female).unwrap(), "\"F\"");
        assert_eq!(serde_json::from_str::<Sex>("\"m\"").unwrap(), Sex::Male);
        assert!(serde_json::from_str::<Sex>("\"Q\"").is_err());
        assert!(serde_json::from_str::<Sex>("\"Male\"").is_err());
    }

    proptest! {
        #[test]
        fn display_round_trips(male in any::<bool>()) {
            let sex = if male { Sex::Male } else { Sex::Female };
            let shown = sex.to_string();
            prop_assert_eq!(Sex::parse(&shown), Ok(sex));
        }

        #[test]
        fn random_text_never_panics(s in ".*") {
            let parsed = Sex::parse(&s);
            let letter = s.trim().to_ascii_uppercase();
            prop_assert_eq!(parsed.is_ok(), letter == "M" || letter == "F");
        }
    }
}

//! A nationality as an ISO 3166-1 alpha-3 code (passports and MRZ use it).

use std::fmt;

/// A nationality: three letters A-Z, e.g. `AUS` (stored uppercase).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nationality(String);

/// Why a text is not a nationality code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a nationality is three letters (ISO 3166-1 alpha-3)")]
pub struct NationalityError;

impl Nationality {
    /// Parses three ASCII letters in either case, ignoring surrounding spaces.
    pub fn parse(s: &str) -> Result<Nationality, NationalityError> {
        let code = s.trim().to_ascii_uppercase();
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Nationality(code))
        } else {
            Err(NationalityError)
        }
    }

    /// The uppercase code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Nationality {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Nationality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert_eq!(
            Nationality::parse(" aus ").map(|n| n.to_string()),
            Ok("AUS".into())
        );
        for bad in ["AU", "AUST", "A1S", "ÄUS", ""] {
            assert!(Nationality::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        /// Whatever parses is three uppercase letters and parses again to itself.
        #[test]
        fn parsed_is_canonical(s in "\\PC{0,6}") {
            if let Ok(n) = Nationality::parse(&s) {
                prop_assert_eq!(n.as_str().len(), 3);
                prop_assert_eq!(Nationality::parse(n.as_str()), Ok(n.clone()));
            }
        }
    }
}

//! A person's full name as typed into a form (account holders, applicants,
//! walk-ins): the one rule every name follows.
//!
//! Trimmed, 1 to [`MAX_NAME_CHARS`] characters, no control characters
//! (NUL, line breaks, ESC: they break logs, exports and terminals) and no
//! bidirectional-text controls (they make a name display differently from
//! what is stored, e.g. U+202E RIGHT-TO-LEFT OVERRIDE). Letters of every
//! script, spaces, apostrophes, hyphens and dots stay allowed. A name is
//! personal data, so `Debug` does not show it.

use std::fmt;
use std::str::FromStr;

/// Longest accepted name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// A validated, trimmed name.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

/// Why a text is not an acceptable name; never carries the name itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PersonNameError {
    /// Nothing but white space.
    #[error("a name is required")]
    Empty,
    /// Longer than [`MAX_NAME_CHARS`].
    #[error("a name has at most {MAX_NAME_CHARS} characters, but {found} were given")]
    TooLong {
        /// Characters given (after trimming).
        found: usize,
    },
    /// A control or bidirectional-text control character.
    #[error("character {position} of the name is a control or text-direction character")]
    ForbiddenCharacter {
        /// 1-based position in the trimmed name.
        position: usize,
    },
}

impl PersonNameError {
    /// Stable machine code (`name_required`, `name_too_long`,
    /// `name_forbidden_character`).
    pub fn code(&self) -> &'static str {
        match self {
            PersonNameError::Empty => "name_required",
            PersonNameError::TooLong { .. } => "name_too_long",
            PersonNameError::ForbiddenCharacter { .. } => "name_forbidden_character",
        }
    }
}

/// Whether `c` is a bidirectional-text control: the embeddings and
/// overrides U+202A–U+202E, the isolates U+2066–U+2069, and the marks
/// U+200E, U+200F and U+061C.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Whether `c` may not appear in a name: a control character (Unicode
/// category Cc), a line or paragraph separator (U+2028, U+2029: line breaks
/// too), or a bidirectional-text control.
pub fn is_forbidden_in_name(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_bidi_control(c)
}

impl PersonName {
    /// Trims the spaces around `raw` and checks it. A control character is
    /// refused wherever it stands, at the ends too (a tab or line break is
    /// not trimmed away).
    pub fn parse(raw: &str) -> Result<PersonName, PersonNameError> {
        let name = raw.trim_matches(|c: char| c.is_whitespace() && !c.is_control());
        if name.is_empty() {
            return Err(PersonNameError::Empty);
        }
        if let Some(i) = name.chars().position(is_forbidden_in_name) {
            return Err(PersonNameError::ForbiddenCharacter { position: i + 1 });
        }
        let found = name.chars().count();
        if found > MAX_NAME_CHARS {
            return Err(PersonNameError::TooLong { found });
        }
        Ok(PersonName(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonName({} characters)", self.0.chars().count())
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for PersonName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for PersonName {
    type Err = PersonNameError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PersonName::parse(s)
    }
}

impl From<PersonName> for String {
    fn from(n: PersonName) -> String {
        n.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_names_of_every_script_and_trims() {
        for (raw, want) in [
            ("  Siti Nur'aini  ", "Siti Nur'aini"),
            ("Budi", "Budi"),
            ("I Gusti Ngurah Rai", "I Gusti Ngurah Rai"),
            ("Dr. A. Hasan-Basri", "Dr. A. Hasan-Basri"),
            ("محمد", "محمد"),
            ("李小龙", "李小龙"),
        ] {
            assert_eq!(PersonName::parse(raw).unwrap().as_str(), want);
        }
        let longest = "a".repeat(MAX_NAME_CHARS);
        assert!(PersonName::parse(&longest).is_ok());
    }

    #[test]
    fn refuses_empty_long_and_control_characters() {
        assert_eq!(PersonName::parse(" \u{3000} "), Err(PersonNameError::Empty));
        assert_eq!(
            PersonName::parse(&"é".repeat(MAX_NAME_CHARS + 1)),
            Err(PersonNameError::TooLong {
                found: MAX_NAME_CHARS + 1
            })
        );
        for (raw, position) in [
            ("Budi\0Santoso", 5),
            ("Budi\nSantoso", 5),
            (" Budi\n", 5),
            ("Budi\t ", 5),
            ("\r\nBudi", 1),
            (" \t ", 1),
            ("Budi\rSantoso", 5),
            ("Budi\u{1b}[31m", 5),
            ("Budi\u{7f}", 5),
            ("Budi\u{85}x", 5),
            ("Budi\u{2028}Santoso", 5),
            ("Budi \u{202E}osotnaS", 6),
            ("\u{202A}Budi", 1),
            ("Budi\u{2066}x\u{2069}", 5),
            ("Budi\u{200E}", 5),
            ("Budi\u{200F}", 5),
            ("Budi\u{061C}", 5),
        ] {
            assert_eq!(
                PersonName::parse(raw),
                Err(PersonNameError::ForbiddenCharacter { position }),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn debug_hides_the_name() {
        let n = PersonName::parse("Budi Santoso").unwrap();
        assert_eq!(format!("{n:?}"), "PersonName(12 characters)");
        assert_eq!(n.to_string(), "Budi Santoso");
    }

    proptest! {
        #[test]
        fn accepted_names_are_trimmed_bounded_and_clean(raw in "\\PC{0,120}") {
            if let Ok(n) = PersonName::parse(&raw) {
                let s = n.as_str();
                prop_assert_eq!(s, s.trim());
                prop_assert!(!s.is_empty());
                prop_assert!(s.chars().count() <= MAX_NAME_CHARS);
                prop_assert!(!s.chars().any(is_forbidden_in_name));
                prop_assert_eq!(PersonName::parse(s).unwrap(), n.clone());
            }
        }

        #[test]
        fn one_forbidden_character_spoils_any_name(
            left in "[a-zA-Z ]{0,40}",
            right in "[a-zA-Z ]{0,40}",
            bad in prop::sample::select(vec![
                '\0', '\n', '\u{1b}', '\u{7f}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
                '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200E}',
                '\u{200F}', '\u{061C}', '\u{2028}', '\u{2029}',
            ]),
        ) {
            let raw = format!("X{left}{bad}{right}X");
            let refused = matches!(
                PersonName::parse(&raw),
                Err(PersonNameError::ForbiddenCharacter { .. })
            );
            prop_assert!(refused);
        }
    }
}

//! Public references handed to applicants: the booking code and the
//! SIMPONI-style billing code.

use std::fmt;
use std::str::FromStr;

use rand::Rng;
use serde::{Deserialize, Serialize};

/// Characters of a booking code: digits and capitals without 0/O and 1/I.
pub const BOOKING_CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Length of a booking code (50 random bits).
pub const BOOKING_CODE_LEN: usize = 10;

/// Length of a billing code, check digit included.
pub const BILLING_CODE_LEN: usize = 15;

/// Why a text is not a valid booking or billing code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// The code has the wrong number of characters.
    #[error("the code must be {expected} characters long (got {len})")]
    WrongLength {
        /// Required length.
        expected: usize,
        /// Length given.
        len: usize,
    },
    /// A character outside the code's alphabet.
    #[error("the code cannot contain `{ch}`")]
    InvalidCharacter {
        /// The offending character.
        ch: char,
    },
    /// The billing code's last digit does not match (a typo).
    #[error("the billing code's check digit does not match; please check for a typo")]
    CheckDigitMismatch,
}

impl CodeError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            CodeError::WrongLength { .. } => "code_wrong_length",
            CodeError::InvalidCharacter { .. } => "code_invalid_character",
            CodeError::CheckDigitMismatch => "code_check_digit_mismatch",
        }
    }
}

fn check_length(s: &str, expected: usize) -> Result<(), CodeError> {
    let len = s.chars().count();
    if len == expected {
        Ok(())
    } else {
        Err(CodeError::WrongLength { expected, len })
    }
}

/// Short, unguessable public reference of a booking ("7KQ2MXH4PA").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BookingCode(String);

impl BookingCode {
    /// Draws a fresh code from `rng` (use a cryptographically secure one).
    pub fn generate<R: Rng + ?Sized>(rng: &mut R) -> Self {
        let code = (0..BOOKING_CODE_LEN)
            .map(|_| {
                char::from(BOOKING_CODE_ALPHABET[rng.random_range(0..BOOKING_CODE_ALPHABET.len())])
            })
            .collect();
        BookingCode(code)
    }

    /// Parses a code as typed by a person: surrounding spaces and case are ignored.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let code = input.trim().to_ascii_uppercase();
        check_length(&code, BOOKING_CODE_LEN)?;
        if let Some(ch) = code
            .chars()
            .find(|c| !u8::try_from(*c).is_ok_and(|b| BOOKING_CODE_ALPHABET.contains(&b)))
        {
            return Err(CodeError::InvalidCharacter { ch });
        }
        Ok(BookingCode(code))
    }

    /// The code in upper case.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for BookingCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BookingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for BookingCode {
    type Err = CodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BookingCode::parse(s)
    }
}

impl TryFrom<String> for BookingCode {
    type Error = CodeError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        BookingCode::parse(&s)
    }
}

impl From<BookingCode> for String {
    fn from(code: BookingCode) -> Self {
        code.0
    }
}

/// Luhn check digit for `payload` digits (values 0-9).
fn luhn_check_digit(payload: &[u8]) -> u8 {
    // Doubling starts at the rightmost payload digit, which sits next to the
    // check digit.
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    // `sum % 10` is below 10, so the digit fits in a u8.
    ((10 - sum % 10) % 10) as u8
}

/// 15-digit fee billing code (SIMPONI-style) ending in a Luhn check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BillingCode(String);

impl BillingCode {
    /// Draws 14 random digits (the first non-zero) and appends the check digit.
    pub fn generate<R: Rng + ?Sized>(rng: &mut R) -> Self {
        let mut digits = Vec::with_capacity(BILLING_CODE_LEN);
        digits.push(rng.random_range(1..=9u8));
        while digits.len() < BILLING_CODE_LEN - 1 {
            digits.push(rng.random_range(0..=9u8));
        }
        digits.push(luhn_check_digit(&digits));
        BillingCode(digits.iter().map(|d| char::from(b'0' + d)).collect())
    }

    /// Parses 15 digits (surrounding spaces ignored) and verifies the check digit.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let code = input.trim();
        check_length(code, BILLING_CODE_LEN)?;
        if let Some(ch) = code.chars().find(|c| !c.is_ascii_digit()) {
            return Err(CodeError::InvalidCharacter { ch });
        }
        let digits: Vec<u8> = code.bytes().map(|b| b - b'0').collect();
        let (payload, check) = digits.split_at(BILLING_CODE_LEN - 1);
        if check != [luhn_check_digit(payload)] {
            return Err(CodeError::CheckDigitMismatch);
        }
        Ok(BillingCode(code.to_owned()))
    }

    /// The 15 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for BillingCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BillingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for BillingCode {
    type Err = CodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BillingCode::parse(s)
    }
}

impl TryFrom<String> for BillingCode {
    type Error = CodeError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        BillingCode::parse(&s)
    }
}

impl From<BillingCode> for String {
    fn from(code: BillingCode) -> Self {
        code.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn booking_code_shape() {
        let code = BookingCode::generate(&mut StdRng::seed_from_u64(7));
        assert_eq!(code.as_str().len(), BOOKING_CODE_LEN);
        assert!(
            code.as_str()
                .bytes()
                .all(|b| BOOKING_CODE_ALPHABET.contains(&b))
        );
        assert_eq!(code.to_string(), code.as_str());
    }

    #[test]
    fn booking_code_parse_is_case_insensitive_and_uppercases() {
        let code = BookingCode::parse(" 7kq2mxh4pa ").unwrap();
        assert_eq!(code.as_str(), "7KQ2MXH4PA");
        assert_eq!("7KQ2MXH4PA".parse::<BookingCode>().unwrap(), code);
    }

    #[test]
    fn booking_code_rejects_ambiguous_characters_and_lengths() {
        for (input, ch) in [
            ("7KQ2MXH4P0", '0'),
            ("7KQ2MXH4PO", 'O'),
            ("7KQ2MXH4P1", '1'),
            ("7KQ2MXH4PI", 'I'),
            ("7KQ2MXH4P-", '-'),
            ("7KQ2MXH4Pé", 'é'),
        ] {
            assert_eq!(
                BookingCode::parse(input),
                Err(CodeError::InvalidCharacter { ch }),
                "{input}"
            );
        }
        let err = BookingCode::parse("7KQ2MXH4P").unwrap_err();
        assert_eq!(
            err,
            CodeError::WrongLength {
                expected: 10,
                len: 9
            }
        );
        assert_eq!(err.code(), "code_wrong_length");
    }

    #[test]
    fn billing_code_known_check_digit() {
        // Classic Luhn example 7992739871 -> check digit 3, padded to 14 digits.
        assert!(BillingCode::parse("000079927398713").is_ok());
        let err = BillingCode::parse("000079927398712").unwrap_err();
        assert_eq!(err.code(), "code_check_digit_mismatch");
        assert_eq!(
            BillingCode::parse("00007992739871x").unwrap_err().code(),
            "code_invalid_character"
        );
        assert_eq!(
            BillingCode::parse("1234").unwrap_err().code(),
            "code_wrong_length"
        );
    }

    #[test]
    fn codes_serde_as_strings_and_validate() {
        let code: BookingCode = serde_json::from_str("\"7kq2mxh4pa\"").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"7KQ2MXH4PA\"");
        assert!(serde_json::from_str::<BookingCode>("\"OOOOOOOOOO\"").is_err());
        let billing: BillingCode = serde_json::from_str("\"000079927398713\"").unwrap();
        assert_eq!(
            serde_json::to_string(&billing).unwrap(),
            "\"000079927398713\""
        );
        assert!(serde_json::from_str::<BillingCode>("\"000079927398714\"").is_err());
    }

    proptest! {
        #[test]
        fn booking_code_round_trips(seed in any::<u64>()) {
            let code = BookingCode::generate(&mut StdRng::seed_from_u64(seed));
            prop_assert_eq!(BookingCode::parse(code.as_str()), Ok(code.clone()));
            prop_assert_eq!(BookingCode::parse(&code.as_str().to_lowercase()), Ok(code));
        }

        #[test]
        fn billing_code_round_trips(seed in any::<u64>()) {
            let code = BillingCode::generate(&mut StdRng::seed_from_u64(seed));
            prop_assert_eq!(code.as_str().len(), BILLING_CODE_LEN);
            prop_assert!(!code.as_str().starts_with('0'));
            prop_assert_eq!(BillingCode::parse(code.as_str()), Ok(code));
        }

        #[test]
        fn any_single_digit_change_fails(seed in any::<u64>(), pos in 0usize..BILLING_CODE_LEN, delta in 1u8..=9) {
            let code = BillingCode::generate(&mut StdRng::seed_from_u64(seed));
            let mut bytes = code.as_str().as_bytes().to_vec();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let typo = String::from_utf8(bytes).unwrap();
            prop_assert_eq!(BillingCode::parse(&typo), Err(CodeError::CheckDigitMismatch));
        }

        #[test]
        fn booking_code_parse_accepts_exactly_the_alphabet(s in "[0-9A-Za-z]{10}") {
            let valid = s.to_ascii_uppercase().bytes().all(|b| BOOKING_CODE_ALPHABET.contains(&b));
            prop_assert_eq!(BookingCode::parse(&s).is_ok(), valid);
        }
    }
}

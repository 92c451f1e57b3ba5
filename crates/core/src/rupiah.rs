//! Money in whole Indonesian rupiah.
//!
//! Fees (PNBP) are whole rupiah, so an integer avoids rounding entirely.
//! Amounts are never negative: refunds and discounts are modelled elsewhere.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A non-negative amount of whole rupiah; serialized as a plain integer.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Rupiah(i64);

/// Why a number or text is not a valid rupiah amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RupiahError {
    /// Below zero.
    #[error("an amount of rupiah cannot be negative")]
    Negative,
    /// Not digits, or badly grouped.
    #[error(
        "write an amount of rupiah as whole digits, optionally grouped by '.' in threes, as in \"Rp 350.000\""
    )]
    Invalid,
    /// Beyond what the platform can represent.
    #[error("the amount of rupiah is too large")]
    TooLarge,
}

impl RupiahError {
    /// Stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            RupiahError::Negative => "rupiah_negative",
            RupiahError::Invalid => "rupiah_invalid",
            RupiahError::TooLarge => "rupiah_too_large",
        }
    }
}

/// Whether `s` is plain digits, or digits grouped by `.` in threes with the
/// first group 1-3 long.
fn is_grouped(s: &str) -> bool {
    if !s.contains('.') {
        return !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    }
    let mut groups = s.split('.');
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    first_ok && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

impl Rupiah {
    /// Nothing.
    pub const ZERO: Rupiah = Rupiah(0);

    /// An amount of whole rupiah, rejecting negatives.
    pub fn new(amount: i64) -> Result<Self, RupiahError> {
        if amount < 0 {
            return Err(RupiahError::Negative);
        }
        Ok(Rupiah(amount))
    }

    /// Parses `350000`, `350.000` or `Rp 350.000` (the form [`Display`](fmt::Display) writes).
    pub fn parse(s: &str) -> Result<Self, RupiahError> {
        let s = s.trim();
        let s = match s.get(..2) {
            Some(prefix) if prefix.eq_ignore_ascii_case("rp") => s[2..].trim_start(),
            _ => s,
        };
        if s.starts_with('-') && is_grouped(&s[1..]) {
            return Err(RupiahError::Negative);
        }
        if !is_grouped(s) {
            return Err(RupiahError::Invalid);
        }
        let digits: String = s.chars().filter(|c| *c != '.').collect();
        digits
            .parse::<i64>()
            .map(Rupiah)
            .map_err(|_| RupiahError::TooLarge)
    }

    /// The amount in whole rupiah.
    pub fn amount(&self) -> i64 {
        self.0
    }

    /// Sum, or `None` on overflow.
    pub fn checked_add(self, other: Rupiah) -> Option<Rupiah> {
        self.0.checked_add(other.0).map(Rupiah)
    }

    /// Amount times a count (e.g. applicants in one booking), or `None` on overflow.
    pub fn checked_mul(self, times: u32) -> Option<Rupiah> {
        self.0.checked_mul(i64::from(times)).map(Rupiah)
    }
}

impl fmt::Display for Rupiah {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(digit);
        }
        write!(f, "Rp {grouped}")
    }
}

impl FromStr for Rupiah {
    type Err = RupiahError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rupiah::parse(s)
    }
}

impl TryFrom<String> for Rupiah {
    type Error = RupiahError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Rupiah::parse(&s)
    }
}

impl TryFrom<&str> for Rupiah {
    type Error = RupiahError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Rupiah::parse(s)
    }
}

impl TryFrom<i64> for Rupiah {
    type Error = RupiahError;

    fn try_from(amount: i64) -> Result<Self, Self::Error> {
        Rupiah::new(amount)
    }
}

impl From<Rupiah> for i64 {
    fn from(rupiah: Rupiah) -> Self {
        rupiah.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rp(amount: i64) -> Rupiah {
        Rupiah::new(amount).unwrap()
    }

    #[test]
    fn displays_indonesian_grouping() {
        assert_eq!(rp(350_000).to_string(), "Rp 350.000");
        assert_eq!(rp(1_000_000).to_string(), "Rp 1.000.000");
        assert_eq!(rp(0).to_string(), "Rp 0");
        assert_eq!(rp(999).to_string(), "Rp 999");
        assert_eq!(rp(1000).to_string(), "Rp 1.000");
        assert_eq!(rp(25_000_000).to_string(), "Rp 25.000.000");
        assert_eq!(rp(i64::MAX).to_string(), "Rp 9.223.372.036.854.775.807");
    }

    #[test]
    fn rejects_negative_amounts() {
        assert_eq!(Rupiah::new(-1), Err(RupiahError::Negative));
        assert_eq!(Rupiah::parse("-350.000"), Err(RupiahError::Negative));
        assert_eq!(Rupiah::parse("Rp -5"), Err(RupiahError::Negative));
        assert_eq!(Rupiah::new(-1).unwrap_err().code(), "rupiah_negative");
    }

    #[test]
    fn parses_plain_grouped_and_prefixed() {
        assert_eq!(Rupiah::parse("350000"), Ok(rp(350_000)));
        assert_eq!(Rupiah::parse("350.000"), Ok(rp(350_000)));
        assert_eq!(Rupiah::parse(" Rp 1.650.000 "), Ok(rp(1_650_000)));
        assert_eq!(Rupiah::parse("rp650.000"), Ok(rp(650_000)));
        assert_eq!("0".parse::<Rupiah>(), Ok(Rupiah::ZERO));
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in [
            "", "Rp", "35.0000", "3500.00", ".350", "350.", "1,000", "12a", "Rp 1 000", "+5", "٣",
        ] {
            assert_eq!(Rupiah::parse(bad), Err(RupiahError::Invalid), "{bad}");
        }
        assert_eq!(
            Rupiah::parse("9.223.372.036.854.775.808"),
            Err(RupiahError::TooLarge)
        );
    }

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(rp(350_000).checked_add(rp(1_000_000)), Some(rp(1_350_000)));
        assert_eq!(rp(350_000).checked_mul(5), Some(rp(1_750_000)));
        assert_eq!(rp(i64::MAX).checked_add(rp(1)), None);
        assert_eq!(rp(i64::MAX / 2 + 1).checked_mul(2), None);
        assert_eq!(rp(350_000).checked_mul(0), Some(Rupiah::ZERO));
        assert_eq!(rp(42).amount(), 42);
    }

    #[test]
    fn serde_is_a_plain_integer() {
        assert_eq!(serde_json::to_string(&rp(350_000)).unwrap(), "350000");
        assert_eq!(
            serde_json::from_str::<Rupiah>("650000").unwrap(),
            rp(650_000)
        );
        assert!(serde_json::from_str::<Rupiah>("-1").is_err());
        assert!(serde_json::from_str::<Rupiah>("\"350000\"").is_err());
    }

    proptest! {
        #[test]
        fn display_round_trips(amount in 0i64..=i64::MAX) {
            let money = rp(amount);
            prop_assert_eq!(Rupiah::parse(&money.to_string()), Ok(money));
            prop_assert_eq!(Rupiah::parse(&amount.to_string()), Ok(money));
            prop_assert_eq!(serde_json::from_str::<Rupiah>(&serde_json::to_string(&money).unwrap()).unwrap(), money);
        }

        #[test]
        fn arithmetic_matches_i64(a in 0i64..=i64::MAX, b in 0i64..=i64::MAX, n in any::<u32>()) {
            prop_assert_eq!(rp(a).checked_add(rp(b)).map(|r| r.amount()), a.checked_add(b));
            prop_assert_eq!(rp(a).checked_mul(n).map(|r| r.amount()), a.checked_mul(i64::from(n)));
        }

        #[test]
        fn negatives_are_rejected(amount in i64::MIN..0) {
            prop_assert_eq!(Rupiah::new(amount), Err(RupiahError::Negative));
        }

        #[test]
        fn random_strings_never_panic(s in "\\PC{0,30}") {
            if let Ok(money) = Rupiah::parse(&s) {
                prop_assert!(money.amount() >= 0);
            }
        }
    }
}

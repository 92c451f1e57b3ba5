//! What is being booked: quota category, passport type and service kind.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The quota category is the office floor's queue category: a session's
/// capacity belongs to exactly one, and its tickets wait in that queue.
pub use imigrasi_office::domain::{Category, UnknownValue};

/// Which passport book is applied for (the fee differs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassportType {
    /// Ordinary 48-page passport.
    Regular,
    /// Electronic passport with a chip.
    Electronic,
}

impl PassportType {
    /// Every passport type.
    pub const ALL: [PassportType; 2] = [PassportType::Regular, PassportType::Electronic];

    /// The stable lowercase name used in storage and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            PassportType::Regular => "regular",
            PassportType::Electronic => "electronic",
        }
    }
}

impl FromStr for PassportType {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PassportType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownValue {
                kind: "passport type",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for PassportType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the application is: a first passport or a replacement, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// First passport.
    New,
    /// Replacement of an expiring or full passport.
    Renewal,
    /// Replacement of a lost passport (walk-in only; surcharge).
    ReplacementLost,
    /// Replacement of a damaged passport (walk-in only; surcharge).
    ReplacementDamaged,
    /// Replacement because the holder's data changed.
    DataChange,
}

impl ServiceKind {
    /// Every service kind.
    pub const ALL: [ServiceKind; 5] = [
        ServiceKind::New,
        ServiceKind::Renewal,
        ServiceKind::ReplacementLost,
        ServiceKind::ReplacementDamaged,
        ServiceKind::DataChange,
    ];

    /// The stable lowercase name used in storage and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceKind::New => "new",
            ServiceKind::Renewal => "renewal",
            ServiceKind::ReplacementLost => "replacement_lost",
            ServiceKind::ReplacementDamaged => "replacement_damaged",
            ServiceKind::DataChange => "data_change",
        }
    }

    /// The services bookable online (lost and damaged are walk-in only).
    pub const ONLINE: [ServiceKind; 3] = [
        ServiceKind::New,
        ServiceKind::Renewal,
        ServiceKind::DataChange,
    ];
}

impl FromStr for ServiceKind {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ServiceKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownValue {
                kind: "service kind",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for ServiceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_from_str_and_serde() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>().unwrap(), c);
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<Category>(&json).unwrap(), c);
        }
        for t in PassportType::ALL {
            assert_eq!(t.as_str().parse::<PassportType>().unwrap(), t);
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{t}\""));
        }
        for k in ServiceKind::ALL {
            assert_eq!(k.as_str().parse::<ServiceKind>().unwrap(), k);
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{k}\""));
        }
    }

    #[test]
    fn expected_strings() {
        assert_eq!(Category::Accelerated.as_str(), "accelerated");
        assert_eq!(PassportType::Electronic.as_str(), "electronic");
        assert_eq!(ServiceKind::Renewal.as_str(), "renewal");
    }

    #[test]
    fn unknown_names_are_rejected() {
        let err = "express".parse::<Category>().unwrap_err();
        assert_eq!(err.code(), "unknown_value");
        assert_eq!(err.to_string(), "unknown category `express`");
        assert!("Regular".parse::<Category>().is_err());
        assert!("paper".parse::<PassportType>().is_err());
        assert!("lost".parse::<ServiceKind>().is_err());
    }
}

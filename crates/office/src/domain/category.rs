//! The queue category of a ticket: which waiting area and which letter.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A word that names none of an enum's values ("express" for a category).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{value}`")]
pub struct UnknownValue {
    /// Which enum was being parsed ("category", "ticket status", ...).
    pub kind: &'static str,
    /// The text that did not match.
    pub value: String,
}

impl UnknownValue {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        "unknown_value"
    }
}

/// The queue a ticket waits in. A service maps its own categories to these
/// (passport: its quota categories of the same names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Ordinary service (tickets `A…`).
    Regular,
    /// Same-day service for an extra fee (tickets `B…`).
    Accelerated,
    /// Elderly, disabled, pregnant, small children (tickets `P…`).
    Priority,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 3] = [Category::Regular, Category::Accelerated, Category::Priority];

    /// The stable lowercase name used in storage, events and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Regular => "regular",
            Category::Accelerated => "accelerated",
            Category::Priority => "priority",
        }
    }
}

impl FromStr for Category {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownValue {
                kind: "category",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

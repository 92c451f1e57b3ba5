//! Priority walk-ins: the reasons, and whether a declared identity fits
//! the reason.

use std::fmt;
use std::str::FromStr;

use imigrasi_core::Sex;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::category::UnknownValue;

/// Youngest age (full years) of an elderly walk-in.
pub const ELDERLY_MIN_AGE: i32 = 60;
/// A child walk-in must be younger than this (full years).
pub const CHILD_AGE_LIMIT: i32 = 5;

/// Why a priority walk-in is registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityReason {
    /// 60 years or older.
    Elderly,
    /// A person with a disability.
    Disability,
    /// A pregnant woman.
    Pregnant,
    /// A child under 5.
    #[serde(rename = "child_under_5")]
    ChildUnder5,
}

impl PriorityReason {
    /// Every reason.
    pub const ALL: [PriorityReason; 4] = [
        PriorityReason::Elderly,
        PriorityReason::Disability,
        PriorityReason::Pregnant,
        PriorityReason::ChildUnder5,
    ];

    /// The stable name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            PriorityReason::Elderly => "elderly",
            PriorityReason::Disability => "disability",
            PriorityReason::Pregnant => "pregnant",
            PriorityReason::ChildUnder5 => "child_under_5",
        }
    }
}

impl FromStr for PriorityReason {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PriorityReason::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownValue {
                kind: "priority reason",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for PriorityReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why the declared identity does not fit the priority reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PriorityRefusal {
    /// The birth date is after today.
    #[error("the birth date is in the future")]
    BornInFuture,
    /// Elderly walk-ins are 60 or older.
    #[error("an elderly walk-in must be at least {ELDERLY_MIN_AGE} years old (declared age {age})")]
    TooYoungForElderly {
        /// Declared age in full years.
        age: i32,
    },
    /// Child walk-ins are under 5.
    #[error("a child walk-in must be under {CHILD_AGE_LIMIT} years old (declared age {age})")]
    TooOldForChild {
        /// Declared age in full years.
        age: i32,
    },
    /// Only women can be registered as pregnant.
    #[error("a pregnant walk-in must be a woman (sex F)")]
    PregnantNotFemale,
}

impl PriorityRefusal {
    /// The request field the refusal is about.
    pub fn field(&self) -> &'static str {
        match self {
            PriorityRefusal::BornInFuture => "applicant.birth_date",
            PriorityRefusal::PregnantNotFemale => "applicant.sex",
            _ => "priority_reason",
        }
    }
}

/// Age in full years on `today` of someone born on `birth` (negative when
/// born after `today`).
pub fn age_on(birth: Date, today: Date) -> i32 {
    let mut years = i32::from(today.year()) - i32::from(birth.year());
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// Whether the declared birth date and sex fit the priority reason on `today`.
pub fn check_priority_reason(
    reason: PriorityReason,
    birth: Date,
    sex: Sex,
    today: Date,
) -> Result<(), PriorityRefusal> {
    if birth > today {
        return Err(PriorityRefusal::BornInFuture);
    }
    let age = age_on(birth, today);
    match reason {
        PriorityReason::Elderly if age < ELDERLY_MIN_AGE => {
            Err(PriorityRefusal::TooYoungForElderly { age })
        }
        PriorityReason::ChildUnder5 if age >= CHILD_AGE_LIMIT => {
            Err(PriorityRefusal::TooOldForChild { age })
        }
        PriorityReason::Pregnant if sex != Sex::Female => Err(PriorityRefusal::PregnantNotFemale),
        _ => Ok(()),
    }
}

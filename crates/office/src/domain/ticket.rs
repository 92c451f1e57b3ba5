//! Queue tickets: numbers, counter names, kinds, and the ticket state
//! machine.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::category::{Category, UnknownValue};

/// The letter that starts ticket numbers of a category: `A` regular,
/// `B` accelerated, `P` priority.
pub fn ticket_prefix(category: Category) -> char {
    match category {
        Category::Regular => 'A',
        Category::Accelerated => 'B',
        Category::Priority => 'P',
    }
}

/// The category whose tickets start with `prefix`.
pub fn prefix_category(prefix: char) -> Option<Category> {
    Category::ALL
        .into_iter()
        .find(|c| ticket_prefix(*c) == prefix)
}

/// A ticket number as shown on the board: the prefix and at least three
/// digits (`A007`, `P120`, `A1000`).
pub fn ticket_number(prefix: char, n: u32) -> String {
    format!("{prefix}{n:03}")
}

/// A ticket number as typed (`a7`, ` A007 `) in its canonical form
/// (`A007`), or `None` when it cannot be one.
pub fn parse_ticket_number(s: &str) -> Option<String> {
    let s = s.trim();
    let mut chars = s.chars();
    let prefix = chars.next()?.to_ascii_uppercase();
    prefix_category(prefix)?;
    let digits = chars.as_str();
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    (n >= 1).then(|| ticket_number(prefix, n))
}

/// A counter name as typed, in canonical form: 1 to 4 ASCII letters or
/// digits, upper case (`1`, `12`, `A1`).
pub fn parse_counter(s: &str) -> Option<String> {
    let s = s.trim();
    let ok = (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then(|| s.to_ascii_uppercase())
}

/// How a ticket came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    /// Check-in of a booking (kiosk or desk).
    Booking,
    /// Priority walk-in registered by an officer.
    WalkIn,
}

impl TicketKind {
    /// Every kind.
    pub const ALL: [TicketKind; 2] = [TicketKind::Booking, TicketKind::WalkIn];

    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::Booking => "booking",
            TicketKind::WalkIn => "walk_in",
        }
    }
}

impl FromStr for TicketKind {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TicketKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownValue {
                kind: "ticket kind",
                value: s.to_owned(),
            })
    }
}

/// Where a ticket is.
///
/// ```text
/// waiting --call--> called --serve----> served
///                   called --no_show--> no_show
///                   called --recall---> called
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// In the queue.
    Waiting,
    /// Called to a counter.
    Called,
    /// Served at the counter.
    Served,
    /// Called but did not come.
    NoShow,
}

impl TicketStatus {
    /// Every status.
    pub const ALL: [TicketStatus; 4] = [
        TicketStatus::Waiting,
        TicketStatus::Called,
        TicketStatus::Served,
        TicketStatus::NoShow,
    ];

    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Waiting => "waiting",
            TicketStatus::Called => "called",
            TicketStatus::Served => "served",
            TicketStatus::NoShow => "no_show",
        }
    }

    /// Whether the holder is still in the office's queue (waiting or called).
    pub fn is_open(self) -> bool {
        matches!(self, TicketStatus::Waiting | TicketStatus::Called)
    }
}

impl FromStr for TicketStatus {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TicketStatus::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownValue {
                kind: "ticket status",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for TicketStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something done to a ticket at a counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketAction {
    /// Call a waiting ticket to a counter.
    Call,
    /// Call the same ticket again.
    Recall,
    /// The applicant was served.
    Serve,
    /// The applicant did not come when called.
    NoShow,
}

impl TicketAction {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketAction::Call => "call",
            TicketAction::Recall => "recall",
            TicketAction::Serve => "serve",
            TicketAction::NoShow => "no_show",
        }
    }
}

impl fmt::Display for TicketAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a ticket cannot take an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    /// Serve, no-show and recall need a called ticket.
    #[error("ticket has not been called yet; call it first")]
    NotCalled,
    /// The ticket is finished (served or no-show).
    #[error("ticket is already {0}")]
    Finished(TicketStatus),
    /// Only waiting tickets can be called.
    #[error("ticket is not waiting")]
    NotWaiting,
}

impl TicketError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            TicketError::NotCalled => "ticket_not_called",
            TicketError::Finished(_) => "ticket_finished",
            TicketError::NotWaiting => "ticket_not_waiting",
        }
    }
}

/// The status after `action`, or why it is refused.
pub fn ticket_transition(
    status: TicketStatus,
    action: TicketAction,
) -> Result<TicketStatus, TicketError> {
    use TicketStatus::*;
    match (status, action) {
        (Waiting, TicketAction::Call) => Ok(Called),
        (_, TicketAction::Call) => Err(TicketError::NotWaiting),
        (Called, TicketAction::Recall) => Ok(Called),
        (Called, TicketAction::Serve) => Ok(Served),
        (Called, TicketAction::NoShow) => Ok(NoShow),
        (Waiting, _) => Err(TicketError::NotCalled),
        (finished, _) => Err(TicketError::Finished(finished)),
    }
}

//! What a WhatsApp conversation is: where it stands ([`Step`]), what it
//! collected ([`Data`]) and the stored whole ([`Conversation`]).
//!
//! Plain values, no IO: `store` loads and saves them, `turn` moves them
//! from step to step.

use imigrasi_platform::db;
use imigrasi_platform::i18n::Lang;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// A conversation idle this long starts over.
pub const IDLE_MS: i64 = 30 * 60 * 1000;

/// Where a conversation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The menu (nothing collected).
    Menu,
    /// Idle too long: what was collected has been forgotten.
    Expired,
    /// Waiting for an office.
    Office,
    /// Waiting for a date.
    Date,
    /// Waiting for a session.
    Session,
    /// Waiting for the passport type and service.
    Kind,
    /// Waiting for the applicant's name.
    Name,
    /// Waiting for the birth date.
    Birth,
    /// Waiting for the sex.
    Sex,
    /// Waiting for the NIK.
    Nik,
    /// Waiting for YES to book.
    Confirm,
    /// Waiting for YES to cancel `cancel_code`.
    CancelConfirm,
}

impl Step {
    const ALL: [Step; 12] = [
        Step::Menu,
        Step::Expired,
        Step::Office,
        Step::Date,
        Step::Session,
        Step::Kind,
        Step::Name,
        Step::Birth,
        Step::Sex,
        Step::Nik,
        Step::Confirm,
        Step::CancelConfirm,
    ];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Menu => "menu",
            Step::Expired => "expired",
            Step::Office => "office",
            Step::Date => "date",
            Step::Session => "session",
            Step::Kind => "kind",
            Step::Name => "name",
            Step::Birth => "birth",
            Step::Sex => "sex",
            Step::Nik => "nik",
            Step::Confirm => "confirm",
            Step::CancelConfirm => "cancel_confirm",
        }
    }

    /// Parse a stored name.
    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// A step of the booking questions (office to confirmation).
    pub fn is_booking(self) -> bool {
        !matches!(self, Step::Menu | Step::Expired | Step::CancelConfirm)
    }
}

/// What a conversation collected (only what a booking stores).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Data {
    /// Office code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// The numbered choices of the current question (codes, dates, slot ids).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// Office-local date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Slot id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot_id: Option<String>,
    /// `regular` or `electronic`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passport_type: Option<String>,
    /// `new` or `renewal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Applicant's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// Applicant's birth date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// `M` or `F`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    /// Blind index of the NIK (never the NIK).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nik_index: Option<String>,
    /// The NIK, masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nik_masked: Option<String>,
    /// The booking to cancel once confirmed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_code: Option<String>,
}

/// A conversation as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    /// The person's WhatsApp number (wa_id).
    pub number: String,
    /// Our business number it wrote to.
    pub phone_number_id: String,
    /// Language of the replies.
    pub lang: Lang,
    /// Where the conversation stands.
    pub step: Step,
    /// What was collected so far.
    pub data: Data,
    /// Optimistic concurrency: raised by every saved turn.
    pub version: i64,
    /// Last activity (ms).
    pub updated_at: i64,
    /// Not stored yet.
    pub is_new: bool,
}

impl Conversation {
    /// A fresh conversation (menu, Indonesian).
    pub fn new(number: &str, phone_number_id: &str, now: Timestamp) -> Conversation {
        Conversation {
            number: number.to_owned(),
            phone_number_id: phone_number_id.to_owned(),
            lang: Lang::Id,
            step: Step::Menu,
            data: Data::default(),
            version: 0,
            updated_at: db::millis(now),
            is_new: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_round_trip() {
        for s in Step::ALL {
            assert_eq!(Step::parse(s.as_str()), Some(s));
        }
    }
}

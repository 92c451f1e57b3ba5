//! Quota input as clients send it (JSON bodies, HTML forms) and its
//! checking into domain values, with errors that name the field and
//! explain the problem in the reader's language.

mod exception;
mod session;
mod settings;

pub use exception::{ExceptionBody, ExceptionView, parse_date, parse_exception};
pub use session::{SessionBody, parse_session, parse_template};
pub use settings::{ReleaseRuleBody, SettingsBody, parse_settings};

use std::collections::BTreeMap;

use imigrasi_platform::http::error::ApiError;
use imigrasi_platform::i18n::Lang;
use jiff::civil::{Time, Weekday};

use crate::domain::office_time::weekday_name;
use crate::domain::quota::MAX_SESSION_CAPACITY;
use crate::domain::{Category, QuotaError};
use crate::store::quota::{format_hhmm, parse_hhmm};

/// Most sessions one weekly template may have.
pub const MAX_SESSIONS: usize = 200;
/// Longest minimum lead time, in minutes (one week).
pub const MAX_LEAD_MINUTES: i64 = 7 * 24 * 60;
/// Longest booking advance, in days.
pub const MAX_ADVANCE_DAYS: i64 = 366;
/// Shortest advance that lets a monthly release open a whole next month.
pub const MIN_ADVANCE_MONTHLY: i64 = 36;
/// Furthest ahead an exception may be dated, in days.
pub const MAX_EXCEPTION_AHEAD_DAYS: i64 = 366;
/// Longest exception note, in characters.
pub const MAX_NOTE_CHARS: usize = 200;

/// Which input a problem concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// The template as a whole.
    Sessions,
    /// One part (`weekday`, `start`, `end`, `category`, `capacity`) of one session.
    Session(usize, &'static str),
    /// A settings field (`weekday`, `at`, `opens_from_days`, ...).
    Setting(&'static str),
    /// An exception field (`date`, `kind`, ...).
    Exception(&'static str),
}

impl Field {
    /// The name in API error `fields` (`sessions[2].start`, `release_rule.at`).
    pub fn api_name(&self) -> String {
        match self {
            Field::Sessions => "sessions".to_owned(),
            Field::Session(i, part) => format!("sessions[{i}].{part}"),
            Field::Setting(
                f @ ("kind" | "weekday" | "at" | "opens_from_days" | "opens_to_days"),
            ) => {
                format!("release_rule.{f}")
            }
            Field::Setting(f) | Field::Exception(f) => (*f).to_owned(),
        }
    }

    /// The id of the HTML input it concerns (`s2-start`, `rule-at`, `exc-date`).
    pub fn html_id(&self) -> String {
        match self {
            Field::Sessions => "template-form".to_owned(),
            Field::Session(i, part) => format!("s{i}-{part}"),
            Field::Setting(f) => format!("set-{f}"),
            Field::Exception(f) => format!("exc-{f}"),
        }
    }
}

/// A message argument: plain text, or a message id translated first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as is.
    Text(String),
    /// A message id (weekday or category name).
    Key(String),
}

/// One problem with the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Where.
    pub field: Field,
    /// Message id explaining it.
    pub key: &'static str,
    /// Message arguments.
    pub args: Vec<(&'static str, Arg)>,
}

impl InputError {
    fn new(field: Field, key: &'static str) -> Self {
        InputError {
            field,
            key,
            args: Vec::new(),
        }
    }

    fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    fn key_arg(mut self, name: &'static str, key: String) -> Self {
        self.args.push((name, Arg::Key(key)));
        self
    }

    /// The explanation in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(n, a)| match a {
                Arg::Text(t) => (*n, t.clone()),
                Arg::Key(k) => (*n, lang.t(k)),
            })
            .collect();
        let refs: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        lang.t_args(self.key, &refs)
    }
}

/// 422 `invalid_input`: the first problem as the message, every problem in `fields`.
pub fn api_error(lang: Lang, errors: &[InputError]) -> ApiError {
    let fields: BTreeMap<String, String> = errors
        .iter()
        .rev()
        .map(|e| (e.field.api_name(), e.message(lang)))
        .collect();
    let mut err = ApiError::invalid_input(fields);
    if let Some(first) = errors.first() {
        err.message = first.message(lang);
    }
    err
}

/// Message id of a weekday's name.
pub fn weekday_key(w: Weekday) -> String {
    format!("quota-weekday-{}", weekday_name(w))
}

/// Message id of a category's name.
pub fn category_key(c: Category) -> String {
    format!("quota-category-{}", c.as_str())
}

fn quota_error(field: Field, e: &QuotaError) -> InputError {
    match e {
        QuotaError::StartNotBeforeEnd { start, end } => {
            InputError::new(field, "quota-error-start-not-before-end")
                .arg("start", format_hhmm(*start))
                .arg("end", format_hhmm(*end))
        }
        QuotaError::CapacityOutOfRange { .. } => {
            InputError::new(field, "quota-error-capacity").arg("max", MAX_SESSION_CAPACITY)
        }
        QuotaError::OverlappingSessions {
            weekday,
            category,
            first,
            second,
        } => InputError::new(field, "quota-error-overlap")
            .key_arg("category", category_key(*category))
            .key_arg("weekday", weekday_key(*weekday))
            .arg("first", format_hhmm(*first))
            .arg("second", format_hhmm(*second)),
    }
}

fn capacity(field: Field, n: Option<i64>) -> Result<u32, InputError> {
    n.and_then(|n| u32::try_from(n).ok())
        .filter(|n| (1..=MAX_SESSION_CAPACITY).contains(n))
        .ok_or_else(|| {
            InputError::new(field, "quota-error-capacity").arg("max", MAX_SESSION_CAPACITY)
        })
}

fn time(field: Field, s: &str) -> Result<Time, InputError> {
    parse_hhmm(s).ok_or_else(|| InputError::new(field, "quota-error-time"))
}

fn category(field: Field, s: &str) -> Result<Category, InputError> {
    s.trim()
        .parse()
        .map_err(|_| InputError::new(field, "quota-error-category"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

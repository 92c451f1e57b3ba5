//! Closures and extra quota as clients send them.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    Field, InputError, MAX_EXCEPTION_AHEAD_DAYS, MAX_NOTE_CHARS, capacity, category, quota_error,
    time,
};
use crate::domain::office_time::add_days;
use crate::domain::{ExceptionKind, QuotaException};
use crate::store::quota::{StoredException, format_hhmm};

/// A closure or extra quota as clients send it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ToSchema)]
pub struct ExceptionBody {
    /// Office-local date, `YYYY-MM-DD`, today or later.
    #[schema(example = "2026-08-17")]
    pub date: String,
    /// `closed` (no slots that day) or `extra` (an added session or more capacity).
    #[schema(example = "closed")]
    pub kind: String,
    /// For `extra`: `regular`, `accelerated` or `priority`.
    #[serde(default)]
    pub category: Option<String>,
    /// For `extra`: office-local start, `HH:MM`.
    #[serde(default)]
    pub start: Option<String>,
    /// For `extra`: office-local end, `HH:MM`.
    #[serde(default)]
    pub end: Option<String>,
    /// For `extra`: places added, 1 to 10000.
    #[serde(default)]
    pub capacity: Option<i64>,
    /// Why (holiday name, event); at most 200 characters.
    #[serde(default)]
    pub note: String,
}

/// A stored closure or extra quota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ExceptionView {
    /// Id, for deleting it.
    pub id: String,
    /// Office-local date.
    pub date: String,
    /// `closed` or `extra`.
    pub kind: String,
    /// For `extra`: the category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// For `extra`: start, `HH:MM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// For `extra`: end, `HH:MM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// For `extra`: places added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// Why.
    pub note: String,
}

impl From<&StoredException> for ExceptionView {
    fn from(e: &StoredException) -> Self {
        let (kind, category, start, end, capacity) = match &e.exception.kind {
            ExceptionKind::Closed => ("closed", None, None, None, None),
            ExceptionKind::ExtraCapacity {
                category,
                start,
                end,
                capacity,
            } => (
                "extra",
                Some(category.as_str().to_owned()),
                Some(format_hhmm(*start)),
                Some(format_hhmm(*end)),
                Some(*capacity),
            ),
        };
        ExceptionView {
            id: e.id.clone(),
            date: e.exception.date.to_string(),
            kind: kind.to_owned(),
            category,
            start,
            end,
            capacity,
            note: e.note.clone(),
        }
    }
}

/// Parses a strict `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if shape { s.parse().ok() } else { None }
}

/// Checks an exception against the office's `today`; returns it with its trimmed note.
pub fn parse_exception(
    body: &ExceptionBody,
    today: Date,
) -> Result<(QuotaException, String), Vec<InputError>> {
    let mut errors = Vec::new();
    let f = Field::Exception;
    let date = match parse_date(&body.date) {
        None => Err(InputError::new(f("date"), "quota-error-date")),
        Some(d) if d < today => Err(InputError::new(f("date"), "quota-error-date-past")),
        Some(d) if d > add_days(today, MAX_EXCEPTION_AHEAD_DAYS) => {
            Err(InputError::new(f("date"), "quota-error-date-far")
                .arg("max", MAX_EXCEPTION_AHEAD_DAYS))
        }
        Some(d) => Ok(d),
    };
    let kind = match body.kind.trim() {
        "closed" => Ok(ExceptionKind::Closed),
        "extra" => {
            let text = |o: &Option<String>| o.clone().unwrap_or_default();
            let c = category(f("category"), &text(&body.category));
            let s = time(f("start"), &text(&body.start));
            let e = time(f("end"), &text(&body.end));
            let n = capacity(f("capacity"), body.capacity);
            match (c, s, e, n) {
                (Ok(category), Ok(start), Ok(end), Ok(capacity)) => {
                    Ok(ExceptionKind::ExtraCapacity {
                        category,
                        start,
                        end,
                        capacity,
                    })
                }
                (a, b, c, d) => {
                    errors.extend([a.err(), b.err(), c.err(), d.err()].into_iter().flatten());
                    Err(None)
                }
            }
        }
        _ => Err(Some(InputError::new(f("kind"), "quota-error-kind"))),
    };
    let note = body.note.trim().to_owned();
    if note.chars().count() > MAX_NOTE_CHARS || note.chars().any(char::is_control) {
        errors.push(InputError::new(f("note"), "quota-error-note").arg("max", MAX_NOTE_CHARS));
    }
    match (date, kind) {
        (Ok(date), Ok(kind)) if errors.is_empty() => {
            let exception = QuotaException { date, kind };
            exception
                .validate()
                .map_err(|e| vec![quota_error(f("end"), &e)])?;
            Ok((exception, note))
        }
        (date, kind) => {
            let mut all: Vec<InputError> = date.err().into_iter().collect();
            all.extend(kind.err().flatten());
            all.extend(errors);
            Err(all)
        }
    }
}

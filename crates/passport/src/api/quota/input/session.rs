//! The weekly template as clients send it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Field, InputError, MAX_SESSIONS, capacity, category, quota_error, time};
use crate::domain::office_time::{parse_weekday, weekday_name};
use crate::domain::{QuotaError, SessionTemplate, WeeklyTemplate};
use crate::store::quota::format_hhmm;

/// One session of a weekly template as clients see it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SessionBody {
    /// `monday` .. `sunday`.
    #[schema(example = "monday")]
    pub weekday: String,
    /// Office-local start, `HH:MM`.
    #[schema(example = "08:00")]
    pub start: String,
    /// Office-local end (exclusive), `HH:MM`.
    #[schema(example = "10:00")]
    pub end: String,
    /// `regular`, `accelerated` or `priority`.
    #[schema(example = "regular")]
    pub category: String,
    /// Applicants per session, 1 to 10000.
    #[schema(example = 40)]
    pub capacity: i64,
}

impl From<&SessionTemplate> for SessionBody {
    fn from(s: &SessionTemplate) -> Self {
        SessionBody {
            weekday: weekday_name(s.weekday).to_owned(),
            start: format_hhmm(s.start),
            end: format_hhmm(s.end),
            category: s.category.as_str().to_owned(),
            capacity: i64::from(s.capacity),
        }
    }
}

/// Checks one session; every problem of the row is reported.
pub fn parse_session(i: usize, row: &SessionBody) -> Result<SessionTemplate, Vec<InputError>> {
    let weekday = parse_weekday(row.weekday.trim())
        .ok_or_else(|| InputError::new(Field::Session(i, "weekday"), "quota-error-weekday"));
    let start = time(Field::Session(i, "start"), &row.start);
    let end = time(Field::Session(i, "end"), &row.end);
    let category = category(Field::Session(i, "category"), &row.category);
    let capacity = capacity(Field::Session(i, "capacity"), Some(row.capacity));
    match (weekday, start, end, category, capacity) {
        (Ok(weekday), Ok(start), Ok(end), Ok(category), Ok(capacity)) => {
            let s = SessionTemplate {
                weekday,
                start,
                end,
                category,
                capacity,
            };
            s.validate()
                .map_err(|e| vec![quota_error(Field::Session(i, "end"), &e)])?;
            Ok(s)
        }
        (a, b, c, d, e) => Err([a.err(), b.err(), c.err(), d.err(), e.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

/// Checks a whole template: each row, then overlaps.
pub fn parse_template(rows: &[SessionBody]) -> Result<WeeklyTemplate, Vec<InputError>> {
    if rows.len() > MAX_SESSIONS {
        return Err(vec![
            InputError::new(Field::Sessions, "quota-error-too-many-sessions")
                .arg("max", MAX_SESSIONS),
        ]);
    }
    let mut sessions = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        match parse_session(i, row) {
            Ok(s) => sessions.push(s),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    WeeklyTemplate::new(sessions.clone()).map_err(|e| {
        let field = match &e {
            QuotaError::OverlappingSessions {
                weekday,
                category,
                second,
                ..
            } => sessions
                .iter()
                .position(|s| {
                    s.weekday == *weekday && s.category == *category && s.start == *second
                })
                .map_or(Field::Sessions, |i| Field::Session(i, "start")),
            _ => Field::Sessions,
        };
        vec![quota_error(field, &e)]
    })
}

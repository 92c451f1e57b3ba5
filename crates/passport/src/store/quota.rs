//! SQL for weekly templates, office settings (release rule, booking
//! window), exceptions, and generating slots from them.
//!
//! - [`load_template`] / [`save_template`]: the office's weekly sessions
//!   (`passport_templates`); saving replaces every row of the office.
//! - [`load_settings`] / [`save_settings`]: the release rule (JSON) and the
//!   booking window (`passport_office_settings`), with defaults when unset.
//! - [`list_exceptions`], [`add_exception`], [`delete_exception`]: closures
//!   and extra quota (`passport_exceptions`).
//! - [`generate_slots`]: expands template and exceptions into
//!   `passport_slots` rows (idempotent; never lowers capacity below `booked`).
//! - [`seed_default_templates`]: a Monday-Friday template for every office
//!   never configured, from its demo daily quota.
//! - [`release_calendar`]: the next releases and how many places each opens.
//!
//! Functions that take `c: &impl ConnectionTrait` run inside the caller's
//! transaction (open it with [`imigrasi_platform::db::begin_write`]);
//! functions that take `&Db` open their own.

mod calendar;
mod config;
mod seed;
mod slots;

pub use calendar::{CALENDAR_RELEASES, ReleaseInfo, release_calendar};
pub use config::{
    OfficeSettings, StoredException, add_exception, default_release_rule, delete_exception,
    find_exception, is_configured, list_exceptions, load_settings, load_template, save_settings,
    save_template,
};
pub use seed::{DEFAULT_SESSIONS, default_template, seed_default_templates, split_evenly};
pub use slots::{generate_all_slots, generate_slots, generate_slots_in, merge_same_start};

use imigrasi_platform::offices::{self, Office};
use jiff::civil::Time;
use jiff::tz::TimeZone;
use sea_orm::{ConnectionTrait, DbErr};

/// Office-local time as stored and shown: `HH:MM`.
pub fn format_hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// Parses `HH:MM` (also `H:MM`, and `HH:MM:SS` with zero seconds as sent by
/// some browsers); `None` for anything else.
pub fn parse_hhmm(s: &str) -> Option<Time> {
    let s = s.trim();
    let s = s
        .strip_suffix(":00")
        .filter(|r| r.len() >= 4 && r.contains(':'))
        .unwrap_or(s);
    let (h, m) = s.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i8, i8) = (h.parse().ok()?, m.parse().ok()?);
    Time::new(h, m, 0, 0).ok()
}

/// An office and its time zone, or `RecordNotFound` for an unknown code.
pub async fn office_with_zone(
    c: &impl ConnectionTrait,
    office_code: &str,
) -> Result<(Office, TimeZone), DbErr> {
    let office = offices::find(c, office_code)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("office {office_code}")))?;
    let zone = office
        .zone()
        .ok_or_else(|| DbErr::Custom(format!("office {office_code} has an unknown time zone")))?
        .time_zone();
    Ok((office, zone))
}

/// A stored value that the code cannot read back (never written by this crate).
fn corrupt(what: &str, value: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(format!("unreadable {what} in the database: {value}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

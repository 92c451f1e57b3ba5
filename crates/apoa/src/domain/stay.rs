//! The check-in report's dates and details, and the late flag.

use imigrasi_core::OfficeZone;
use jiff::civil::{Date, DateTime};
use jiff::{SignedDuration, Timestamp};

use super::{FieldErrors, date, one_line, optional_line};

/// A report is late when made more than this after the check-in.
pub const LATE_AFTER: SignedDuration = SignedDuration::from_hours(24);
/// Clock skew allowed for a check-in "now" from a desk's clock.
pub const CLOCK_SKEW: SignedDuration = SignedDuration::from_mins(5);

/// The visa or stay permit the guest holds, when known.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct GuestPermitInput {
    /// Kind, e.g. `B1`, `C1`, `ITAS`.
    #[serde(default)]
    pub kind: String,
    /// Its number (e-Visa or permit number).
    #[serde(default)]
    pub number: String,
}

/// The longest port of entry taken, in characters.
pub const ENTRY_PORT_MAX: usize = 60;

/// The stay as received (besides premise and guest).
#[derive(Debug, Clone, Default)]
pub struct StayInput {
    /// Date of entry to Indonesia, `YYYY-MM-DD`.
    pub entry_date: String,
    /// Port of entry (the immigration checkpoint, TPI), e.g. `CGK`, if known.
    pub entry_port: Option<String>,
    /// Check-in: RFC 3339 with offset, or `YYYY-MM-DDTHH:MM` in the
    /// premise's zone.
    pub check_in: String,
    /// Expected check-out date, `YYYY-MM-DD`.
    pub expected_check_out: String,
    /// Room, if any.
    pub room: Option<String>,
    /// Visa or permit, when known.
    pub permit: Option<GuestPermitInput>,
    /// Purpose of the visit.
    pub purpose: String,
}

/// A validated stay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStay {
    /// Date of entry.
    pub entry_date: Date,
    /// Port of entry, as given (trimmed).
    pub entry_port: Option<String>,
    /// Check-in instant.
    pub check_in: Timestamp,
    /// Expected check-out date.
    pub expected_check_out: Date,
    /// Room.
    pub room: Option<String>,
    /// Permit kind, uppercase.
    pub permit_kind: Option<String>,
    /// Permit number, uppercase.
    pub permit_number: Option<String>,
    /// Purpose.
    pub purpose: String,
}

/// An instant written with its offset, or a local date-time in `zone`.
pub fn instant(s: &str, zone: OfficeZone) -> Option<Timestamp> {
    let s = s.trim();
    if s.len() > 40 {
        return None;
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    let local: DateTime = s.parse().ok()?;
    zone.time_zone().to_timestamp(local).ok()
}

/// Whether a report made at `reported_at` of a check-in at `check_in` is late.
pub fn is_late(check_in: Timestamp, reported_at: Timestamp) -> bool {
    reported_at.duration_since(check_in) > LATE_AFTER
}

fn code(s: &str, max: usize) -> Option<String> {
    one_line(s, max)
        .filter(|v| {
            v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-/.".contains(&b))
        })
        .map(|v| v.to_ascii_uppercase())
}

/// Validate a stay reported at `now` at a premise in `zone`.
pub fn parse(i: &StayInput, zone: OfficeZone, now: Timestamp) -> Result<NewStay, FieldErrors> {
    let mut e = FieldErrors::new();
    let today = zone.local_date(now);
    let entry = date(&i.entry_date);
    match entry {
        None => {
            e.insert("entry_date".into(), "invalid");
        }
        Some(d) if d > today => {
            e.insert("entry_date".into(), "in_future");
        }
        Some(_) => {}
    }
    let entry_port = optional_line(i.entry_port.as_deref(), ENTRY_PORT_MAX);
    if entry_port.is_none() {
        e.insert("entry_port".into(), "invalid");
    }
    let check_in = instant(&i.check_in, zone);
    match check_in {
        None => {
            e.insert("check_in".into(), "invalid");
        }
        Some(t) if t > now.saturating_add(CLOCK_SKEW).unwrap_or(now) => {
            e.insert("check_in".into(), "in_future");
        }
        Some(t) if entry.is_some_and(|d| d > zone.local_date(t)) => {
            e.entry("entry_date".into()).or_insert("after_check_in");
        }
        Some(_) => {}
    }
    let out = date(&i.expected_check_out);
    match (out, check_in) {
        (None, _) => {
            e.insert("expected_check_out".into(), "invalid");
        }
        (Some(d), Some(t)) if d < zone.local_date(t) => {
            e.insert("expected_check_out".into(), "before_check_in");
        }
        _ => {}
    }
    let room = optional_line(i.room.as_deref(), 20);
    if room.is_none() {
        e.insert("room".into(), "invalid");
    }
    let (permit_kind, permit_number) = match &i.permit {
        None => (None, None),
        Some(p) => {
            let kind = code(&p.kind, 8);
            let number = code(&p.number, 40);
            if kind.is_none() {
                e.insert("permit.kind".into(), "invalid");
            }
            if number.is_none() {
                e.insert("permit.number".into(), "invalid");
            }
            (kind, number)
        }
    };
    let purpose = one_line(&i.purpose, 200);
    if purpose.is_none() {
        e.insert("purpose".into(), "invalid");
    }
    match (entry, entry_port, check_in, out, room, purpose) {
        (
            Some(entry_date),
            Some(entry_port),
            Some(check_in),
            Some(expected_check_out),
            Some(room),
            Some(purpose),
        ) if e.is_empty() => Ok(NewStay {
            entry_date,
            entry_port,
            check_in,
            expected_check_out,
            room,
            permit_kind,
            permit_number,
            purpose,
        }),
        _ => Err(e),
    }
}

/// Validate a check-out instant: not before the check-in, not in the future.
pub fn check_out(
    s: &str,
    zone: OfficeZone,
    check_in: Timestamp,
    now: Timestamp,
) -> Result<Timestamp, &'static str> {
    let t = instant(s, zone).ok_or("invalid")?;
    if t > now.saturating_add(CLOCK_SKEW).unwrap_or(now) {
        return Err("in_future");
    }
    if t < check_in {
        return Err("before_check_in");
    }
    Ok(t)
}

#[cfg(test)]
mod tests;

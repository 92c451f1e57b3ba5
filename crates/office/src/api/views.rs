//! JSON shapes of the floor routes.

use imigrasi_core::OfficeZone;
use imigrasi_platform::db;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApplicantBody;
use crate::domain::FloorSettings;
use crate::store::{CounterState, Device, Ticket};

/// An instant as RFC 3339 with the office's offset.
fn office_time(zone: OfficeZone, ms: i64) -> String {
    db::from_millis(ms)
        .to_zoned_datetime(zone.time_zone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// A new kiosk device.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DeviceRequest {
    /// A name for people, 1 to 60 characters ("Kiosk lobby 1").
    pub name: Option<String>,
}

/// A device just created, with its key (shown once).
#[derive(Debug, Serialize, ToSchema)]
pub struct DeviceCreated {
    /// Device id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The device key: send `Authorization: Device KEY`. Shown only now.
    pub key: String,
}

/// A kiosk device (never its key).
#[derive(Debug, Serialize, ToSchema)]
pub struct DeviceView {
    /// Device id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Whether its key works (not revoked).
    pub active: bool,
    /// Created, RFC 3339 with the office's offset.
    pub created_at: String,
    /// Revoked, RFC 3339 with the office's offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

impl DeviceView {
    /// The view of a device.
    pub fn new(zone: OfficeZone, d: &Device) -> DeviceView {
        DeviceView {
            id: d.id.clone(),
            name: d.name.clone(),
            active: d.revoked_at.is_none(),
            created_at: office_time(zone, d.created_at),
            revoked_at: d.revoked_at.map(|ms| office_time(zone, ms)),
        }
    }
}

/// An office's kiosk devices.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeviceList {
    /// Oldest first, revoked ones included.
    pub devices: Vec<DeviceView>,
}

/// Floor settings. On PUT, a missing field keeps its current value.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FloorSettingsBody {
    /// Check-in opens this many minutes before the session starts (0-240);
    /// it closes when the session ends.
    pub arrive_before_minutes: Option<i64>,
    /// When priority tickets wait, one is called after every this many
    /// regular or accelerated calls (0-50; 0 = priority always first).
    pub priority_every: Option<i64>,
    /// Priority walk-ins accepted per day (0-10000).
    pub walk_in_daily_cap: Option<i64>,
}

impl From<&FloorSettings> for FloorSettingsBody {
    fn from(s: &FloorSettings) -> Self {
        FloorSettingsBody {
            arrive_before_minutes: Some(i64::from(s.arrive_before_minutes)),
            priority_every: Some(i64::from(s.priority_every)),
            walk_in_daily_cap: Some(i64::from(s.walk_in_daily_cap)),
        }
    }
}

/// A check-in.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CheckInRequest {
    /// The booking code (scanned from the QR code or typed).
    pub booking_code: Option<String>,
}

/// A queue ticket as printed by the kiosk.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckInView {
    /// Ticket number, e.g. `A007`.
    pub ticket: String,
    /// `regular`, `accelerated` or `priority`.
    pub category: String,
    /// The booking checked in.
    pub booking_code: String,
    /// Waiting tickets issued before this one.
    pub people_ahead: u32,
}

/// A walk-in: either priority (`priority_reason`) or a lost or damaged
/// passport (`service`, `passport_type`, `validity_years`), never both.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WalkInRequest {
    /// The person; the birth date and sex must agree with the NIK. For a
    /// replacement, `married` (default `false`) may be given too.
    pub applicant: Option<WalkInApplicant>,
    /// `elderly` (60 or older), `disability`, `pregnant` (sex F) or
    /// `child_under_5`.
    pub priority_reason: Option<String>,
    /// `replacement_lost` or `replacement_damaged`: the passport is
    /// examined (BAP) before it is billed.
    pub service: Option<String>,
    /// `regular` or `electronic` (replacements).
    pub passport_type: Option<String>,
    /// 5 (default) or 10 (replacements; 10 only from age 17 or when married).
    pub validity_years: Option<i64>,
    /// Purpose of travel (replacements; default `other`).
    pub purpose: Option<String>,
}

/// The person of a walk-in.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WalkInApplicant {
    /// NIK, name, birth date, sex.
    #[serde(flatten)]
    pub identity: ApplicantBody,
    /// Married (replacements: a 10-year passport before 17 needs it).
    pub married: Option<bool>,
}

/// A walk-in registered: its ticket, and for a replacement the booking
/// the examination decides on.
#[derive(Debug, Serialize, ToSchema)]
pub struct WalkInView {
    /// The ticket.
    #[serde(flatten)]
    pub ticket: TicketView,
    /// The booking's status (`examination`), replacements only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_status: Option<String>,
}

/// A queue ticket as staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketView {
    /// Ticket number, e.g. `A007`.
    pub ticket: String,
    /// `regular`, `accelerated` or `priority`.
    pub category: String,
    /// `booking` or `walk_in`.
    pub kind: String,
    /// `waiting`, `called`, `served` or `no_show`.
    pub status: String,
    /// Office-local date the ticket is valid for.
    pub date: String,
    /// The booking checked in (booking tickets only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_code: Option<String>,
    /// `elderly`, `disability`, `pregnant`, `child_under_5` (walk-ins only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority_reason: Option<String>,
    /// The counter that called it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counter: Option<String>,
    /// Holder's name.
    pub full_name: String,
    /// Holder's NIK, masked.
    pub nik_masked: String,
    /// Times called again.
    pub recalls: i64,
    /// Issued, RFC 3339 with the office's offset.
    pub checked_in_at: String,
    /// Last called.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub called_at: Option<String>,
    /// Served or marked no-show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
}

impl TicketView {
    /// The view of a ticket, with its appointment's code (booking tickets).
    pub fn new(zone: OfficeZone, t: &Ticket, booking_code: Option<&str>) -> TicketView {
        TicketView {
            ticket: t.number.clone(),
            category: t.category.as_str().to_owned(),
            kind: t.kind.as_str().to_owned(),
            status: t.status.as_str().to_owned(),
            date: t.service_date.to_string(),
            booking_code: booking_code.map(str::to_owned),
            priority_reason: t.priority_reason.map(|r| r.as_str().to_owned()),
            counter: t.counter.clone(),
            full_name: t.full_name.clone(),
            nik_masked: t.nik_masked.clone(),
            recalls: t.recalls,
            checked_in_at: office_time(zone, t.checked_in_at),
            called_at: t.called_at.map(|ms| office_time(zone, ms)),
            finished_at: t.finished_at.map(|ms| office_time(zone, ms)),
        }
    }
}

/// A counter.
#[derive(Debug, Serialize, ToSchema)]
pub struct CounterView {
    /// Name.
    pub counter: String,
    /// Whether it accepts calls.
    pub open: bool,
    /// Opened last, RFC 3339 with the office's offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opened_at: Option<String>,
    /// Closed last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
}

impl CounterView {
    /// The view of a counter.
    pub fn new(zone: OfficeZone, c: &CounterState) -> CounterView {
        CounterView {
            counter: c.counter.clone(),
            open: c.open,
            opened_at: c.opened_at.map(|ms| office_time(zone, ms)),
            closed_at: c.closed_at.map(|ms| office_time(zone, ms)),
        }
    }
}

/// An office's counters.
#[derive(Debug, Serialize, ToSchema)]
pub struct CounterList {
    /// In order `1, 2, ..., 10, A1`.
    pub counters: Vec<CounterView>,
}

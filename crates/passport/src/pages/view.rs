//! View models shared by the pages: loading what a page shows and turning
//! stored values into text a person reads (dates and times in the office's
//! zone with its abbreviation, rupiah, translated labels).

use std::collections::HashMap;

use axum::http::StatusCode;
use imigrasi_core::{OfficeZone, Rupiah};
use imigrasi_platform::AppState;
use imigrasi_platform::db;
use imigrasi_platform::http::ctx::Ctx;
use imigrasi_platform::http::error::PageError;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::offices::{self, Office};
use imigrasi_platform::policy::{self, Actor, Permission};
use jiff::Timestamp;
use jiff::civil::{Date, Time};

use crate::api::slots::office_or_404;
use crate::domain::office_time::weekday_name;
use crate::domain::{self, CheckInWindow, NotBookable};
use crate::store::{self, Booking, Slot, hhmm};

pub(crate) use imigrasi_platform::http::page::render_with;

/// The logged-in citizen, a login redirect, or 403 for other accounts.
pub(crate) fn citizen(ctx: &Ctx) -> Result<Actor, PageError> {
    let actor = ctx.page_actor()?;
    policy::authorize(actor, Permission::BookAppointment).map_err(|_| PageError::forbidden())?;
    Ok(actor.clone())
}

/// An office and its zone, or the 404 page.
pub(crate) async fn office(
    state: &AppState,
    code: &str,
) -> Result<(Office, OfficeZone), PageError> {
    office_or_404(state, code).await.map_err(|e| {
        if e.status == StatusCode::NOT_FOUND {
            PageError::not_found()
        } else {
            PageError::from(e)
        }
    })
}

/// Every office by code (for lists that show office names).
pub(crate) async fn office_names(state: &AppState) -> Result<HashMap<String, Office>, PageError> {
    Ok(offices::list(&state.db)
        .await?
        .into_iter()
        .map(|o| (o.code.clone(), o))
        .collect())
}

/// "Senin, 8 Desember 2025" / "Monday, 8 December 2025".
pub(crate) fn long_date(lang: Lang, d: Date) -> String {
    let weekday = lang.t(&format!("appt-weekday-{}", weekday_name(d.weekday())));
    let month = lang.t(&format!("appt-month-{}", d.month()));
    lang.t_args(
        "appt-date-long",
        &[
            ("weekday", &weekday),
            ("day", &d.day().to_string()),
            ("month", &month),
            ("year", &d.year().to_string()),
        ],
    )
}

/// "8 Desember 2025" / "8 December 2025" (no weekday).
pub(crate) fn plain_date(lang: Lang, d: Date) -> String {
    let month = lang.t(&format!("appt-month-{}", d.month()));
    lang.t_args(
        "appt-date-plain",
        &[
            ("day", &d.day().to_string()),
            ("month", &month),
            ("year", &d.year().to_string()),
        ],
    )
}

/// "08:00–10:00 WIB".
pub(crate) fn time_range(zone: OfficeZone, start: Time, end: Time) -> String {
    format!("{}–{} {}", hhmm(start), hhmm(end), zone.abbreviation())
}

/// An instant in the office's zone: "8 Desember 2025, pukul 14:00 WIB".
pub(crate) fn instant(lang: Lang, zone: OfficeZone, at: Timestamp) -> String {
    let local = zone.time_zone().to_datetime(at);
    let date = long_date(lang, local.date());
    let time = format!("{:02}:{:02}", local.hour(), local.minute());
    lang.t_args(
        "appt-at",
        &[
            ("date", &date),
            ("time", &time),
            ("zone", zone.abbreviation()),
        ],
    )
}

/// An instant stored as milliseconds, in the office's zone.
pub(crate) fn instant_ms(lang: Lang, zone: OfficeZone, ms: i64) -> String {
    instant(lang, zone, db::from_millis(ms))
}

/// A duration in words: "2 jam" / "2 hours", "90 menit" / "90 minutes".
pub(crate) fn duration(lang: Lang, minutes: i64) -> String {
    if minutes > 60 && minutes % 60 != 0 {
        let (h, m) = (minutes / 60, minutes % 60);
        return lang.t_args(
            "appt-duration-hours-minutes",
            &[("h", &h.to_string()), ("m", &m.to_string())],
        );
    }
    let (n, one, many) = if minutes >= 60 && minutes % 60 == 0 {
        (
            minutes / 60,
            "appt-duration-hour-one",
            "appt-duration-hours",
        )
    } else {
        (minutes, "appt-duration-minute-one", "appt-duration-minutes")
    };
    if n == 1 {
        lang.t(one)
    } else {
        lang.t_args(many, &[("n", &n.to_string())])
    }
}

/// "Rp 350.000".
pub(crate) fn rupiah(amount: i64) -> String {
    Rupiah::new(amount)
        .map(|r| r.to_string())
        .unwrap_or_else(|_| amount.to_string())
}

/// Message id of a status, category or other machine value.
pub(crate) fn key(prefix: &str, value: &str) -> String {
    format!("appt-{prefix}-{}", value.replace('_', "-"))
}

/// Whether a slot can be booked now, as the calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Availability {
    /// Places left: link to the form.
    Open,
    /// No place left.
    Full,
    /// Released later: the text says when.
    OpensAt(String),
    /// Past, too soon or too far ahead: message id.
    Closed(&'static str),
}

/// The availability of a slot at `now`.
pub(crate) fn availability(
    lang: Lang,
    zone: OfficeZone,
    window: &domain::BookingWindow,
    slot: &Slot,
    now: Timestamp,
) -> Availability {
    let release = db::from_millis(slot.release_at);
    match domain::bookable(
        window,
        &zone.time_zone(),
        now,
        slot.date,
        slot.start,
        slot.end,
        release,
    ) {
        Ok(()) if slot.remaining() > 0 => Availability::Open,
        Ok(()) => Availability::Full,
        Err(NotBookable::NotReleased { opens_at }) => {
            Availability::OpensAt(instant(lang, zone, opens_at))
        }
        Err(NotBookable::TooFarAhead { .. }) => Availability::Closed("appt-session-too-far"),
        Err(_) => Availability::Closed("appt-session-closed"),
    }
}

/// A slot as the booking pages summarise it.
#[derive(Debug, Clone)]
pub(crate) struct SlotSummary {
    /// Slot id.
    pub id: String,
    /// Office code.
    pub office_code: String,
    /// Office name.
    pub office_name: String,
    /// Long date.
    pub date: String,
    /// Session time with the zone.
    pub time: String,
    /// Message id of the category.
    pub category_key: String,
    /// Places left.
    pub remaining: i64,
}

impl SlotSummary {
    /// The summary of a slot at an office.
    pub(crate) fn new(lang: Lang, office: &Office, zone: OfficeZone, slot: &Slot) -> SlotSummary {
        SlotSummary {
            id: slot.id.clone(),
            office_code: office.code.clone(),
            office_name: office.name.clone(),
            date: long_date(lang, slot.date),
            time: time_range(zone, slot.start, slot.end),
            category_key: key("category", slot.category.as_str()),
            remaining: slot.remaining(),
        }
    }
}

/// A booking of the logged-in account with its slot and office.
#[derive(Debug, Clone)]
pub(crate) struct Owned {
    /// The owner.
    pub actor: Actor,
    /// The booking.
    pub booking: Booking,
    /// Its slot.
    pub slot: Slot,
    /// Its office.
    pub office: Office,
    /// The office's zone.
    pub zone: OfficeZone,
}

impl Owned {
    /// The booking with this code if it belongs to the logged-in account;
    /// the 404 page for anyone else (existence does not leak).
    pub(crate) async fn load(state: &AppState, ctx: &Ctx, code: &str) -> Result<Owned, PageError> {
        let actor = ctx.page_actor()?.clone();
        let booking = store::find_by_code(&state.db, &code.trim().to_uppercase())
            .await?
            .ok_or_else(PageError::not_found)?;
        let owner = booking.account_id.clone().unwrap_or_default();
        policy::authorize(&actor, Permission::ManageOwn { owner_id: &owner })
            .map_err(|_| PageError::not_found())?;
        let slot = store::slot(&state.db, &booking.slot_id)
            .await?
            .ok_or_else(|| PageError::internal("booking without slot"))?;
        let (office, zone) = office(state, &booking.office_code).await?;
        Ok(Owned {
            actor,
            booking,
            slot,
            office,
            zone,
        })
    }

    /// Whether it can still be cancelled.
    pub(crate) fn can_cancel(&self, now: Timestamp) -> bool {
        domain::cancel(
            self.booking.status,
            now,
            db::from_millis(self.slot.starts_at),
        )
        .is_ok()
    }

    /// Whether it can still be moved.
    pub(crate) fn can_reschedule(&self, now: Timestamp) -> Result<(), domain::RescheduleError> {
        domain::reschedule_allowed(
            self.booking.status,
            self.booking.rescheduled,
            &self.zone.time_zone(),
            now,
            self.slot.date,
        )
    }

    /// When check-in opens and closes, in words.
    pub(crate) fn check_in(&self, lang: Lang) -> String {
        let (opens, closes) = CheckInWindow::default().bounds(
            db::from_millis(self.slot.starts_at),
            db::from_millis(self.slot.ends_at),
        );
        let clock = |at: Timestamp| {
            let local = self.zone.time_zone().to_datetime(at);
            format!(
                "{:02}:{:02} {}",
                local.hour(),
                local.minute(),
                self.zone.abbreviation()
            )
        };
        lang.t_args(
            "appt-check-in-window",
            &[("opens", &clock(opens)), ("closes", &clock(closes))],
        )
    }

    /// The short summary shown at the top of the action pages.
    pub(crate) fn summary(&self, lang: Lang) -> BookingSummary {
        BookingSummary {
            code: self.booking.code.clone(),
            status_key: key("status", self.booking.status.as_str()),
            office_name: self.office.name.clone(),
            date: long_date(lang, self.slot.date),
            time: time_range(self.zone, self.slot.start, self.slot.end),
            category_key: key("category", self.slot.category.as_str()),
            full_name: self.booking.full_name.clone(),
            nik_masked: self.booking.nik_masked.clone(),
            passport_type_key: key("type", &self.booking.passport_type),
            service_key: key("service", &self.booking.service),
            validity_years: self.booking.validity_years.to_string(),
            purpose_key: key("purpose", &self.booking.purpose),
            married_key: match self.booking.married {
                true => "appt-married-yes",
                false => "appt-married-no",
            },
        }
    }
}

/// What the action pages show about a booking.
#[derive(Debug, Clone)]
pub(crate) struct BookingSummary {
    /// Booking code.
    pub code: String,
    /// Message id of the status.
    pub status_key: String,
    /// Office name.
    pub office_name: String,
    /// Long date.
    pub date: String,
    /// Session time with the zone.
    pub time: String,
    /// Message id of the category.
    pub category_key: String,
    /// Applicant's name.
    pub full_name: String,
    /// Applicant's NIK, masked.
    pub nik_masked: String,
    /// Message id of the passport type.
    pub passport_type_key: String,
    /// Message id of the service.
    pub service_key: String,
    /// 5 or 10.
    pub validity_years: String,
    /// Message id of the purpose of travel.
    pub purpose_key: String,
    /// Message id of "married": yes or no.
    pub married_key: &'static str,
}

//! The words of the WhatsApp replies: what a turn found or did, put in the
//! conversation's language (the `wa-*` messages of `locales/*/whatsapp.ftl`),
//! with dates as `17-08-2026`, times with the office's zone and amounts in
//! rupiah.
//!
//! Pure: it reads nothing and decides nothing. The turn ([`super::turn`])
//! chooses what to say; this module only says it. A reply is every text of
//! a turn, joined by a blank line ([`Reply`]).

use imigrasi_core::{OfficeZone, Rupiah};
use imigrasi_platform::db;
use imigrasi_platform::i18n::Lang;
use jiff::civil::Date;

use crate::domain::BookingStatus;
use crate::store::{self, Booking, Slot};

/// One message of a reply, as the turn decides it: each is one `wa-*`
/// Fluent message, whose arguments are filled in here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Say<'a> {
    /// Only text messages are read.
    UnsupportedType,
    /// The conversation was idle too long; what it collected is gone.
    Expired,
    /// The language was changed.
    LangSet,
    /// What can be asked.
    Help,
    /// The menu.
    Menu,
    /// The welcome (first message, or a greeting).
    Welcome,
    /// The message was not understood.
    NotUnderstood,
    /// Booking stopped.
    Stopped,
    /// How to stop booking (after a question).
    HintStop,
    /// `STATUS` needs a code.
    StatusAskCode,
    /// `BATAL` needs a code.
    CancelAskCode,
    /// No booking of this number has that code.
    CodeNotFound,
    /// Cancel this booking? (its office, date and hours).
    CancelConfirm {
        /// Booking code.
        code: &'a str,
        /// Office name.
        office: &'a str,
        /// Session date.
        date: &'a str,
        /// Session hours.
        time: &'a str,
    },
    /// Still waiting for YES or NO to cancel.
    CancelAgain {
        /// Booking code.
        code: &'a str,
    },
    /// Not cancelled after all.
    CancelKept {
        /// Booking code.
        code: &'a str,
    },
    /// Cancelled.
    CancelDone {
        /// Booking code.
        code: &'a str,
    },
    /// The booking cannot be cancelled in its status.
    CancelRefused {
        /// Booking code.
        code: &'a str,
        /// Its status.
        status: BookingStatus,
    },
    /// Which office?
    AskOffice,
    /// No office matches.
    OfficeNone,
    /// The office chosen.
    OfficeChosen {
        /// Office name.
        office: &'a str,
    },
    /// Nothing to book at the office.
    DateNone,
    /// That date cannot be booked.
    DateUnavailable,
    /// Not one of the numbers listed.
    ChoiceInvalid,
    /// The applicant's name?
    AskName,
    /// Not a name.
    NameInvalid,
    /// The birth date?
    AskBirth,
    /// Not a birth date.
    BirthInvalid,
    /// The sex?
    AskSex,
    /// Not a sex.
    SexInvalid,
    /// The NIK?
    AskNik,
    /// A NIK has 16 digits.
    NikLength,
    /// Not a valid NIK.
    NikInvalid,
    /// The NIK does not match the birth date or sex.
    NikMismatch,
    /// The NIK already has an active booking.
    NikActive,
    /// Reply YES, NO or RESTART.
    ConfirmAgain,
    /// The number already holds an active booking.
    BookLimit {
        /// That booking's code.
        code: &'a str,
    },
    /// The linked account holds the most active bookings.
    BookLimitAccount,
    /// The session filled up meanwhile.
    BookFull,
    /// How to pay.
    BookedPay,
    /// How to check the booking.
    BookedCheck {
        /// Booking code.
        code: &'a str,
    },
}

/// The text of one message.
fn text_of(lang: Lang, what: Say<'_>) -> String {
    let key = match what {
        Say::CancelConfirm {
            code,
            office,
            date,
            time,
        } => {
            return lang.t_args(
                "wa-cancel-confirm",
                &[
                    ("code", code),
                    ("office", office),
                    ("date", date),
                    ("time", time),
                ],
            );
        }
        Say::CancelRefused { code, status } => {
            let status = status_name(lang, status);
            return lang.t_args("wa-cancel-refused", &[("code", code), ("status", &status)]);
        }
        Say::CancelAgain { code } => return lang.t_args("wa-cancel-again", &[("code", code)]),
        Say::CancelKept { code } => return lang.t_args("wa-cancel-kept", &[("code", code)]),
        Say::CancelDone { code } => return lang.t_args("wa-cancel-done", &[("code", code)]),
        Say::BookLimit { code } => return lang.t_args("wa-book-limit", &[("code", code)]),
        Say::BookedCheck { code } => return lang.t_args("wa-booked-check", &[("code", code)]),
        Say::OfficeChosen { office } => {
            return lang.t_args("wa-office-chosen", &[("office", office)]);
        }
        Say::UnsupportedType => "wa-unsupported-type",
        Say::Expired => "wa-expired",
        Say::LangSet => "wa-lang-set",
        Say::Help => "wa-help",
        Say::Menu => "wa-menu",
        Say::Welcome => "wa-welcome",
        Say::NotUnderstood => "wa-not-understood",
        Say::Stopped => "wa-stopped",
        Say::HintStop => "wa-hint-stop",
        Say::StatusAskCode => "wa-status-ask-code",
        Say::CancelAskCode => "wa-cancel-ask-code",
        Say::CodeNotFound => "wa-code-not-found",
        Say::AskOffice => "wa-ask-office",
        Say::OfficeNone => "wa-office-none",
        Say::DateNone => "wa-date-none",
        Say::DateUnavailable => "wa-date-unavailable",
        Say::ChoiceInvalid => "wa-choice-invalid",
        Say::AskName => "wa-ask-name",
        Say::NameInvalid => "wa-name-invalid",
        Say::AskBirth => "wa-ask-birth",
        Say::BirthInvalid => "wa-birth-invalid",
        Say::AskSex => "wa-ask-sex",
        Say::SexInvalid => "wa-sex-invalid",
        Say::AskNik => "wa-ask-nik",
        Say::NikLength => "wa-nik-length",
        Say::NikInvalid => "wa-nik-invalid",
        Say::NikMismatch => "wa-nik-mismatch",
        Say::NikActive => "wa-nik-active",
        Say::ConfirmAgain => "wa-confirm-again",
        Say::BookLimitAccount => "wa-book-limit-account",
        Say::BookFull => "wa-book-full",
        Say::BookedPay => "wa-booked-pay",
    };
    lang.t(key)
}

/// The texts of one turn's reply.
#[derive(Debug, Default)]
pub struct Reply {
    parts: Vec<String>,
}

impl Reply {
    /// Add a text made elsewhere in this module.
    pub fn push(&mut self, text: String) {
        self.parts.push(text);
    }

    /// Add a message.
    pub fn say(&mut self, lang: Lang, what: Say<'_>) {
        self.parts.push(text_of(lang, what));
    }

    /// The reply to send: its texts, or "not understood" when there are none.
    pub fn text(&self, lang: Lang) -> String {
        if self.parts.is_empty() {
            lang.t("wa-not-understood")
        } else {
            self.parts.join("\n\n")
        }
    }
}

/// An office-local date `YYYY-MM-DD` as `DD-MM-YYYY` (anything else as it is).
pub fn date_text(d: &str) -> String {
    d.parse::<Date>()
        .map(|d| d.strftime("%d-%m-%Y").to_string())
        .unwrap_or_else(|_| d.to_owned())
}

/// An instant (ms) in the office's zone: `DD-MM-YYYY HH:MM WIB`.
pub fn instant_text(ms: i64, zone: OfficeZone) -> String {
    format!(
        "{} {}",
        db::from_millis(ms)
            .to_zoned_datetime(zone.time_zone())
            .strftime("%d-%m-%Y %H:%M"),
        zone.abbreviation()
    )
}

/// A session's hours: `08:00–09:00 WIB`.
pub fn time_text(slot: &Slot, zone: OfficeZone) -> String {
    format!(
        "{}–{} {}",
        store::hhmm(slot.start),
        store::hhmm(slot.end),
        zone.abbreviation()
    )
}

/// An amount in rupiah (`Rp350.000`).
pub fn rupiah(n: i64) -> String {
    Rupiah::new(n).map(|r| r.to_string()).unwrap_or_default()
}

/// A booking's status in words.
fn status_name(lang: Lang, s: BookingStatus) -> String {
    lang.t(&format!("wa-status-{}", s.as_str().replace('_', "-")))
}

/// A header line followed by `Label: value` lines.
fn facts(lang: Lang, mut text: String, rows: &[(&str, &str)]) -> String {
    for (label, value) in rows {
        text.push_str(&format!("\n{}: {value}", lang.t(label)));
    }
    text
}

/// When an appointment is: a date and hours.
fn appointment(lang: Lang, date: &str, time: &str) -> String {
    lang.t_args("wa-appointment", &[("date", date), ("time", time)])
}

/// The date question with its numbered dates.
pub fn date_question(lang: Lang, dates: &[Date]) -> String {
    let mut text = lang.t("wa-ask-date");
    for (i, d) in dates.iter().enumerate() {
        text.push_str(&format!("\n{}. {}", i + 1, date_text(&d.to_string())));
    }
    text
}

/// The session question for a date, with its numbered sessions.
pub fn session_question(lang: Lang, date: Date, slots: &[Slot], zone: OfficeZone) -> String {
    let mut text = lang.t_args("wa-ask-session", &[("date", &date_text(&date.to_string()))]);
    for (i, s) in slots.iter().enumerate() {
        let line = lang.t_args(
            "wa-session-line",
            &[
                ("n", &(i + 1).to_string()),
                ("time", &time_text(s, zone)),
                (
                    "category",
                    &lang.t(&format!("wa-category-{}", s.category.as_str())),
                ),
                ("left", &s.remaining().to_string()),
            ],
        );
        text.push('\n');
        text.push_str(&line);
    }
    text
}

/// The kind question: four numbered kinds with their fees.
pub fn kind_question(lang: Lang, regular_fee: i64, electronic_fee: i64) -> String {
    let (regular, electronic) = (rupiah(regular_fee), rupiah(electronic_fee));
    let mut text = lang.t("wa-ask-kind");
    for (i, (key, fee)) in [
        ("wa-kind-regular-new", &regular),
        ("wa-kind-regular-renewal", &regular),
        ("wa-kind-electronic-new", &electronic),
        ("wa-kind-electronic-renewal", &electronic),
    ]
    .into_iter()
    .enumerate()
    {
        text.push_str(&format!("\n{}. {} ({fee})", i + 1, lang.t(key)));
    }
    text
}

/// Several offices match: their numbered names.
pub fn office_choices<'n>(lang: Lang, names: impl IntoIterator<Item = &'n str>) -> String {
    let mut reply = lang.t("wa-office-many");
    for (i, name) in names.into_iter().enumerate() {
        reply.push_str(&format!("\n{}. {}", i + 1, name));
    }
    reply
}

/// What is about to be booked, as the confirmation shows it.
#[derive(Debug)]
pub struct Summary<'a> {
    /// The office's name.
    pub office: &'a str,
    /// The session.
    pub slot: &'a Slot,
    /// The office's zone.
    pub zone: OfficeZone,
    /// The fee (rupiah).
    pub fee: i64,
    /// `regular` or `electronic` (`regular` when missing).
    pub passport_type: Option<&'a str>,
    /// `new` or `renewal` (`new` when missing).
    pub service: Option<&'a str>,
    /// The applicant's name.
    pub full_name: Option<&'a str>,
    /// The birth date `YYYY-MM-DD`.
    pub birth_date: Option<&'a str>,
    /// The masked NIK.
    pub nik_masked: Option<&'a str>,
}

/// The confirmation's facts (the question to confirm follows it).
pub fn summary(lang: Lang, s: &Summary<'_>) -> String {
    let kind = lang.t(&format!(
        "wa-kind-{}-{}",
        s.passport_type.unwrap_or("regular"),
        s.service.unwrap_or("new")
    ));
    let date = date_text(&s.slot.date.to_string());
    let time = time_text(s.slot, s.zone);
    let birth = date_text(s.birth_date.unwrap_or(""));
    let appointment = appointment(lang, &date, &time);
    facts(
        lang,
        lang.t("wa-confirm"),
        &[
            ("wa-label-office", s.office),
            ("wa-label-appointment", &appointment),
            ("wa-label-kind", &kind),
            ("wa-label-fee", &rupiah(s.fee)),
            ("wa-label-name", s.full_name.unwrap_or("")),
            ("wa-label-birth", &birth),
            ("wa-label-nik", s.nik_masked.unwrap_or("")),
        ],
    )
}

/// A booking just made: its codes, fee, deadline and appointment.
pub fn booked(lang: Lang, b: &Booking, slot: &Slot, office: &str, zone: OfficeZone) -> String {
    let appointment = appointment(
        lang,
        &format!("{office}, {}", date_text(&slot.date.to_string())),
        &time_text(slot, zone),
    );
    facts(
        lang,
        lang.t("wa-booked"),
        &[
            ("wa-label-code", &b.code),
            ("wa-label-billing-code", &b.billing_code),
            ("wa-label-fee", &rupiah(b.amount)),
            ("wa-label-deadline", &instant_text(b.payment_deadline, zone)),
            ("wa-label-appointment", &appointment),
        ],
    )
}

/// A booking's status and appointment (`STATUS kode`).
pub fn status(lang: Lang, b: &Booking, office: &str, date: &str, time: &str) -> String {
    let status = status_name(lang, b.status);
    let head = lang.t_args("wa-status", &[("code", &b.code), ("status", &status)]);
    let appointment = appointment(lang, &format!("{office}, {date}"), time);
    facts(lang, head, &[("wa-label-appointment", &appointment)])
}

/// How to pay a booking that awaits payment.
pub fn status_pay(lang: Lang, b: &Booking, zone: OfficeZone) -> String {
    lang.t_args(
        "wa-status-pay",
        &[
            ("amount", &rupiah(b.amount)),
            ("billing_code", &b.billing_code),
            ("deadline", &instant_text(b.payment_deadline, zone)),
        ],
    )
}

#[cfg(test)]
mod tests;

/// A booking refused as not bookable online (e.g. a priority session for
/// an applicant neither 60 or older nor under 5): the API's words.
pub fn ineligible(lang: Lang, i: &crate::domain::Ineligible) -> String {
    lang.t(i.message_key())
}

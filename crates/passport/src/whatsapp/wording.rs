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
    pub fn say(&mut self, lang: Lang, key: &str) {
        self.parts.push(lang.t(key));
    }

    /// Add a message with its arguments.
    pub fn say_args(&mut self, lang: Lang, key: &str, args: &[(&str, &str)]) {
        self.parts.push(lang.t_args(key, args));
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
pub fn status_name(lang: Lang, s: BookingStatus) -> String {
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
#[allow(clippy::unwrap_used)]
mod tests {
    use jiff::civil::Time;

    use super::*;
    use crate::domain::Category;

    fn slot() -> Slot {
        Slot {
            id: "s1".into(),
            office_code: "JKT".into(),
            date: Date::new(2026, 8, 17).unwrap(),
            start: Time::new(8, 0, 0, 0).unwrap(),
            end: Time::new(9, 30, 0, 0).unwrap(),
            starts_at: 0,
            ends_at: 0,
            category: Category::Regular,
            capacity: 10,
            booked: 7,
            release_at: 0,
            source: "template".into(),
        }
    }

    fn booking() -> Booking {
        Booking {
            id: "b1".into(),
            code: "ABCD234567".into(),
            account_id: None,
            office_code: "JKT".into(),
            slot_id: "s1".into(),
            status: BookingStatus::AwaitingPayment,
            nik_masked: "**************01".into(),
            full_name: "Budi Santoso".into(),
            birth_date: "1990-03-12".into(),
            sex: "M".into(),
            passport_type: "regular".into(),
            service: "new".into(),
            billing_code: "123456789012345".into(),
            amount: 350_000,
            // 2026-08-16 10:00 UTC = 17:00 WIB
            payment_deadline: 1_786_874_400_000,
            rescheduled: false,
            channel: "whatsapp".into(),
            created_at: 0,
        }
    }

    #[test]
    fn dates_times_and_amounts() {
        assert_eq!(date_text("2026-08-17"), "17-08-2026");
        assert_eq!(date_text("-"), "-");
        assert_eq!(time_text(&slot(), OfficeZone::Jakarta), "08:00–09:30 WIB");
        assert_eq!(
            instant_text(1_786_874_400_000, OfficeZone::Jakarta),
            "16-08-2026 17:00 WIB"
        );
        assert_eq!(rupiah(350_000), Rupiah::new(350_000).unwrap().to_string());
        assert_eq!(
            status_name(Lang::En, BookingStatus::AwaitingPayment),
            "awaiting payment"
        );
    }

    #[test]
    fn a_reply_joins_its_texts_or_says_it_did_not_understand() {
        let mut r = Reply::default();
        assert_eq!(r.text(Lang::En), Lang::En.t("wa-not-understood"));
        r.say(Lang::En, "wa-confirm");
        r.push("two".into());
        assert_eq!(r.text(Lang::En), "Please check your booking:\n\ntwo");
    }

    #[test]
    fn questions_number_their_choices() {
        let dates = [
            Date::new(2026, 8, 17).unwrap(),
            Date::new(2026, 8, 18).unwrap(),
        ];
        let text = date_question(Lang::En, &dates);
        assert!(text.ends_with("\n1. 17-08-2026\n2. 18-08-2026"), "{text}");
        let text = session_question(Lang::En, dates[0], &[slot()], OfficeZone::Jakarta);
        assert_eq!(
            text,
            "Sessions on 17-08-2026. Reply with a number:\n1. 08:00–09:30 WIB Regular (3 places left)"
        );
        let text = kind_question(Lang::En, 350_000, 650_000);
        assert_eq!(text.lines().count(), 5);
        assert!(text.contains(&format!(
            "\n1. Regular passport, first application ({})",
            rupiah(350_000)
        )));
        assert!(text.ends_with(&format!("({})", rupiah(650_000))));
        let text = office_choices(Lang::En, ["Kanim Batam", "Kanim Bogor"]);
        assert!(text.ends_with("\n1. Kanim Batam\n2. Kanim Bogor"), "{text}");
    }

    #[test]
    fn summaries_bookings_and_statuses_list_their_facts() {
        let s = slot();
        let text = summary(
            Lang::En,
            &Summary {
                office: "Kanim Jakarta",
                slot: &s,
                zone: OfficeZone::Jakarta,
                fee: 350_000,
                passport_type: None,
                service: Some("renewal"),
                full_name: Some("Budi Santoso"),
                birth_date: Some("1990-03-12"),
                nik_masked: Some("**************01"),
            },
        );
        assert!(text.starts_with("Please check your booking:\nOffice: Kanim Jakarta\n"));
        assert!(text.contains("\nAppointment: 17-08-2026 at 08:00–09:30 WIB\n"));
        assert!(text.contains("\nType: Regular passport, renewal\n"));
        assert!(text.contains("\nBirth date: 12-03-1990\n"));
        assert_eq!(text.lines().count(), 8);

        let b = booking();
        let text = booked(Lang::En, &b, &s, "Kanim Jakarta", OfficeZone::Jakarta);
        assert!(text.contains("ABCD234567"));
        assert!(text.contains("123456789012345"));
        assert!(text.contains("16-08-2026 17:00 WIB"));
        assert!(text.ends_with("Kanim Jakarta, 17-08-2026 at 08:00–09:30 WIB"));

        let text = status(
            Lang::En,
            &b,
            "Kanim Jakarta",
            "17-08-2026",
            "08:00–09:30 WIB",
        );
        assert_eq!(
            text,
            "Booking ABCD234567: awaiting payment\nAppointment: Kanim Jakarta, 17-08-2026 at 08:00–09:30 WIB"
        );
        let text = status_pay(Lang::Id, &b, OfficeZone::Jakarta);
        assert!(text.contains("123456789012345") && text.contains("16-08-2026 17:00 WIB"));
    }
}

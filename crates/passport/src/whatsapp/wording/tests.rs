#![allow(clippy::unwrap_used)]

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
        validity_years: 5,
        purpose: "other".into(),
        married: false,
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
    r.say(Lang::En, Say::CancelKept { code: "ABCD234567" });
    r.push("two".into());
    assert_eq!(
        r.text(Lang::En),
        format!(
            "{}\n\ntwo",
            Lang::En.t_args("wa-cancel-kept", &[("code", "ABCD234567")])
        )
    );
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

#[test]
fn every_message_has_its_words_in_both_languages() {
    let all = [
        Say::UnsupportedType,
        Say::Expired,
        Say::LangSet,
        Say::Help,
        Say::Menu,
        Say::Welcome,
        Say::NotUnderstood,
        Say::Stopped,
        Say::HintStop,
        Say::StatusAskCode,
        Say::CancelAskCode,
        Say::CodeNotFound,
        Say::CancelConfirm {
            code: "K1",
            office: "O1",
            date: "D1",
            time: "T1",
        },
        Say::CancelAgain { code: "K1" },
        Say::CancelKept { code: "K1" },
        Say::CancelDone { code: "K1" },
        Say::CancelRefused {
            code: "K1",
            status: BookingStatus::Served,
        },
        Say::AskOffice,
        Say::OfficeNone,
        Say::OfficeChosen { office: "O1" },
        Say::DateNone,
        Say::DateUnavailable,
        Say::ChoiceInvalid,
        Say::AskName,
        Say::NameInvalid,
        Say::AskBirth,
        Say::BirthInvalid,
        Say::AskSex,
        Say::SexInvalid,
        Say::AskNik,
        Say::NikLength,
        Say::NikInvalid,
        Say::NikMismatch,
        Say::NikActive,
        Say::ConfirmAgain,
        Say::BookLimit { code: "K1" },
        Say::BookLimitAccount,
        Say::BookFull,
        Say::BookedPay,
        Say::BookedCheck { code: "K1" },
    ];
    for lang in [Lang::Id, Lang::En] {
        for what in all {
            let text = text_of(lang, what);
            assert!(
                !text.is_empty() && !text.contains("wa-") && !text.contains('$'),
                "{what:?} in {lang:?}: {text}"
            );
        }
    }
    let text = text_of(
        Lang::En,
        Say::CancelConfirm {
            code: "K1",
            office: "O1",
            date: "D1",
            time: "T1",
        },
    );
    assert!(["K1", "O1", "D1", "T1"].iter().all(|a| text.contains(a)));
    let text = text_of(
        Lang::En,
        Say::CancelRefused {
            code: "K1",
            status: BookingStatus::AwaitingPayment,
        },
    );
    assert!(text.contains("K1") && text.contains("awaiting payment"));
}

//! The notifications passport sends (registered with the platform's
//! `notify::templates` at start; their texts are `notify-passport-*` in
//! `locales/*/notify.ftl`).

use imigrasi_platform::notify::templates::Template;

/// A booking is held awaiting payment.
pub const BOOKING_HELD: &str = "passport.booking_held";
/// The payment arrived; the booking is confirmed.
pub const PAYMENT_RECEIVED: &str = "passport.payment_received";
/// The payment deadline is near.
pub const PAYMENT_REMINDER: &str = "passport.payment_reminder";
/// The booking lapsed unpaid.
pub const BOOKING_EXPIRED: &str = "passport.booking_expired";
/// The booking was cancelled.
pub const BOOKING_CANCELLED: &str = "passport.booking_cancelled";
/// The booking moved to another session.
pub const BOOKING_RESCHEDULED: &str = "passport.booking_rescheduled";
/// A returned place is offered from the waitlist.
pub const WAITLIST_OFFER: &str = "passport.waitlist_offer";
/// Not drawn in a lottery: now on the waitlist for the dates accepted.
pub const LOTTERY_NOT_DRAWN: &str = "passport.lottery_not_drawn";
/// The appointment is tomorrow.
pub const APPOINTMENT_REMINDER: &str = "passport.appointment_reminder";

/// The passport is printed and waits at the office for collection.
pub const READY_FOR_PICKUP: &str = "passport.ready_for_pickup";

/// Every passport template with the facts listed under its text.
pub const TEMPLATES: &[Template] = &[
    Template {
        name: BOOKING_HELD,
        facts: &[
            "code",
            "office",
            "appointment",
            "billing_code",
            "amount",
            "deadline",
        ],
    },
    Template {
        name: PAYMENT_REMINDER,
        facts: &["code", "billing_code", "amount", "deadline"],
    },
    Template {
        name: PAYMENT_RECEIVED,
        facts: &["code", "office", "appointment"],
    },
    Template {
        name: BOOKING_RESCHEDULED,
        facts: &["code", "office", "appointment"],
    },
    Template {
        name: APPOINTMENT_REMINDER,
        facts: &["code", "office", "appointment"],
    },
    Template {
        name: BOOKING_CANCELLED,
        facts: &["code", "office", "appointment"],
    },
    Template {
        name: BOOKING_EXPIRED,
        facts: &["code", "office"],
    },
    Template {
        name: READY_FOR_PICKUP,
        facts: &["code", "office"],
    },
    Template {
        name: WAITLIST_OFFER,
        facts: &["code", "office", "date"],
    },
    Template {
        name: LOTTERY_NOT_DRAWN,
        facts: &["office", "date"],
    },
];

#[cfg(test)]
mod tests {
    use imigrasi_platform::i18n::Lang;
    use imigrasi_platform::notify::templates::{register, render_with};
    use serde_json::json;

    use super::*;

    #[test]
    fn every_template_has_its_own_text_in_both_languages() {
        register(TEMPLATES);
        for t in TEMPLATES {
            for lang in Lang::ALL {
                let r = render_with(t.name, lang, &json!({"code": "X"}), None);
                let generic = render_with("none", lang, &json!({"code": "X"}), None);
                assert_ne!(r.subject, generic.subject, "{} {lang:?} falls back", t.name);
                assert!(
                    !r.body.contains("Unknown") && !r.body.contains("notify-"),
                    "{}: {r:?}",
                    t.name
                );
            }
        }
    }
}

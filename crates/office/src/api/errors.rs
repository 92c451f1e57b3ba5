//! The use cases' typed errors as the API's envelope: the code is the
//! error's own (`CheckInError::code` …), the message comes from the Fluent
//! files (`floor-api-*`) in the caller's language. Storage failures keep
//! the platform's mapping (500, or 503 while the database is away).

use axum::http::StatusCode;
use imigrasi_platform::http::error::ApiError;
use imigrasi_platform::i18n::Lang;

use crate::app::{CallError, CheckInError, TicketChangeError, WalkInError};
use crate::domain::{CHILD_AGE_LIMIT, ELDERLY_MIN_AGE, PriorityRefusal, TicketError};

/// A refused check-in.
pub fn check_in(lang: Lang, e: CheckInError) -> ApiError {
    let message = match &e {
        CheckInError::NotFound => return ApiError::not_found(),
        CheckInError::Db(err) => return ApiError::from(err.clone()),
        CheckInError::WrongOffice { office } => {
            lang.t_args("floor-api-wrong-office", &[("office", office)])
        }
        CheckInError::NotToday { date } => {
            lang.t_args("floor-api-not-today", &[("date", &date.to_string())])
        }
        CheckInError::NotConfirmed { status } => {
            lang.t_args("floor-api-not-confirmed", &[("status", status)])
        }
        CheckInError::AlreadyCheckedIn => lang.t("floor-api-already-checked-in"),
        CheckInError::OutsideWindow { opens, closes } => lang.t_args(
            "floor-api-outside-window",
            &[
                ("opens", &opens.to_string()),
                ("closes", &closes.to_string()),
            ],
        ),
    };
    ApiError::conflict(e.code(), message)
}

/// The message of a priority reason that does not fit the declared identity.
pub fn priority_refusal(lang: Lang, r: PriorityRefusal) -> String {
    match r {
        PriorityRefusal::BornInFuture => lang.t("floor-api-priority-future"),
        PriorityRefusal::TooYoungForElderly { age } => lang.t_args(
            "floor-api-priority-elderly",
            &[
                ("min", &ELDERLY_MIN_AGE.to_string()),
                ("age", &age.to_string()),
            ],
        ),
        PriorityRefusal::TooOldForChild { age } => lang.t_args(
            "floor-api-priority-child",
            &[
                ("limit", &CHILD_AGE_LIMIT.to_string()),
                ("age", &age.to_string()),
            ],
        ),
        PriorityRefusal::PregnantNotFemale => lang.t("floor-api-priority-pregnant"),
    }
}

/// A refused walk-in.
pub fn walk_in(lang: Lang, e: WalkInError) -> ApiError {
    let message = match &e {
        WalkInError::Db(err) => return ApiError::from(err.clone()),
        WalkInError::Priority(p) => {
            return ApiError::invalid_field(p.field(), priority_refusal(lang, *p));
        }
        WalkInError::PriorityCapReached { cap } => {
            lang.t_args("floor-api-cap-reached", &[("cap", &cap.to_string())])
        }
        WalkInError::AlreadyCheckedIn => lang.t("floor-api-already-checked-in"),
        WalkInError::CaseRefused(r) if r.conflict => lang.t(r.message_key),
        WalkInError::CaseRefused(r) => {
            let message = lang.t(r.message_key);
            return match (r.code, r.field) {
                ("invalid_input", Some(field)) => ApiError::invalid_field(field, message),
                (code, _) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message),
            };
        }
    };
    ApiError::conflict(e.code(), message)
}

/// A refused call.
pub fn call(lang: Lang, e: CallError) -> ApiError {
    let message = match &e {
        CallError::Db(err) => return ApiError::from(err.clone()),
        CallError::CounterClosed { counter } => {
            lang.t_args("floor-api-counter-closed", &[("counter", counter)])
        }
        CallError::Contention => lang.t("floor-api-try-again"),
    };
    ApiError::conflict(e.code(), message)
}

/// A refused recall, served or no-show.
pub fn ticket_change(lang: Lang, e: TicketChangeError) -> ApiError {
    let message = match &e {
        TicketChangeError::NotFound => return ApiError::not_found(),
        TicketChangeError::Db(err) => return ApiError::from(err.clone()),
        TicketChangeError::Ticket(TicketError::NotCalled) => lang.t("floor-api-ticket-not-called"),
        TicketChangeError::Ticket(TicketError::NotWaiting) => {
            lang.t("floor-api-ticket-not-waiting")
        }
        TicketChangeError::Ticket(TicketError::Finished(status)) => {
            lang.t_args("floor-api-ticket-finished", &[("status", status.as_str())])
        }
    };
    ApiError::conflict(e.code(), message)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::domain::TicketStatus;

    #[test]
    fn english_messages_name_the_facts() {
        let e = check_in(
            Lang::En,
            CheckInError::NotConfirmed {
                status: "awaiting_payment".to_owned(),
            },
        );
        assert_eq!(e.code, "not_confirmed");
        assert_eq!(
            e.message,
            "This booking is awaiting_payment, not confirmed: only paid bookings can check in."
        );
        let e = ticket_change(
            Lang::En,
            TicketChangeError::Ticket(TicketError::Finished(TicketStatus::Served)),
        );
        assert_eq!(e.code, "ticket_finished");
        assert_eq!(
            e.message,
            "This ticket cannot do that: ticket is already served."
        );
        let e = walk_in(
            Lang::En,
            WalkInError::Priority(PriorityRefusal::TooYoungForElderly { age: 59 }),
        );
        assert_eq!(e.code, "invalid_input");
        assert_eq!(
            e.fields["priority_reason"],
            "an elderly walk-in must be at least 60 years old (declared age 59)."
        );
        assert_eq!(call(Lang::Id, CallError::Contention).code, "try_again");
    }

    #[test]
    fn every_message_exists_in_both_languages() {
        for lang in Lang::ALL {
            for e in [
                check_in(lang, CheckInError::AlreadyCheckedIn),
                walk_in(lang, WalkInError::PriorityCapReached { cap: 3 }),
                call(
                    lang,
                    CallError::CounterClosed {
                        counter: "1".to_owned(),
                    },
                ),
                ticket_change(lang, TicketChangeError::Ticket(TicketError::NotCalled)),
            ] {
                assert!(!e.message.starts_with("Unknown localization"), "{e:?}");
            }
        }
    }
}

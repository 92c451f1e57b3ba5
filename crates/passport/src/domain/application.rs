//! After the visit: the passport application's state machine.
//!
//! An application exists once the officer at the counter records the
//! outcome of a booking that was checked in or served:
//!
//! ```text
//! (none)           --outcome approved----> printing
//! (none)           --outcome postponed---> postponed      (7 days to complete the papers)
//! (none)           --outcome refused-----> refused
//! postponed        --outcome approved----> printing       (within the 7 days)
//! postponed        --outcome refused-----> refused        (within the 7 days)
//! postponed        --lapse---------------> refused        (7 days passed: the worker)
//! printing         --ready---------------> ready_for_pickup
//! ready_for_pickup --collect-------------> collected      (holder, family on the KK, proxy)
//! ready_for_pickup --deliver-------------> delivered      (by post, with the tracking number)
//! ready_for_pickup --cancel_uncollected--> cancelled_uncollected (30 days after ready: the worker)
//! ```
//!
//! Transitions are pure functions; [`TRANSITIONS`] lists every edge and the
//! one store function that writes an application's status
//! (`store::applications::transition`) refuses anything else.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;

use super::category::UnknownValue;
use super::office_time::add_minutes;

/// Days a postponed applicant has to complete the missing papers.
pub const POSTPONE_DAYS: i64 = 7;
/// Days a printed passport waits for collection before it is cancelled.
pub const COLLECT_DAYS: i64 = 30;

macro_rules! named {
    ($(#[$m:meta])* $ty:ident, $kind:literal, { $($(#[$vm:meta])* $v:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $ty { $($(#[$vm])* $v),+ }

        impl $ty {
            /// Every value.
            pub const ALL: &[$ty] = &[$($ty::$v),+];

            /// The stable snake_case name used in storage and the API.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$v => $s),+ }
            }
        }

        impl FromStr for $ty {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| UnknownValue { kind: $kind, value: s.to_owned() })
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named!(
    /// Where an application is after the visit.
    ApplicationStatus, "application status", {
        /// Papers missing: the applicant has 7 days to complete them.
        Postponed => "postponed",
        /// Refused at adjudication (or the postponement lapsed).
        Refused => "refused",
        /// Approved; the passport is being printed.
        Printing => "printing",
        /// Printed; waiting at the office for collection.
        ReadyForPickup => "ready_for_pickup",
        /// Collected at the office.
        Collected => "collected",
        /// Sent by post.
        Delivered => "delivered",
        /// Not collected within 30 days of being ready.
        CancelledUncollected => "cancelled_uncollected",
    }
);

named!(
    /// The outcome the officer records at the counter.
    Outcome, "outcome", {
        /// Approved: the passport goes to printing.
        Approved => "approved",
        /// Postponed (*ditunda*): papers missing.
        Postponed => "postponed",
        /// Refused (*ditolak*), with a reason.
        Refused => "refused",
    }
);

named!(
    /// Who collected a passport, relative to its holder.
    Relation, "relation", {
        /// The holder in person.
        Holder => "self",
        /// A family member on the same family card (KK).
        Family => "family",
        /// A proxy with a stamped power of attorney.
        Proxy => "proxy",
    }
);

named!(
    /// A transition attempted on an application, named in errors.
    ApplicationAction, "application action", {
        /// [`record_outcome`].
        Outcome => "outcome",
        /// [`mark_ready`].
        Ready => "ready",
        /// [`collect`].
        Collect => "collect",
        /// [`deliver`].
        Deliver => "deliver",
        /// [`cancel_uncollected`].
        CancelUncollected => "cancel_uncollected",
        /// [`lapse`].
        Lapse => "lapse",
    }
);

impl ApplicationStatus {
    /// Whether no transition leaves this status.
    pub fn is_final(self) -> bool {
        !matches!(
            self,
            ApplicationStatus::Postponed
                | ApplicationStatus::Printing
                | ApplicationStatus::ReadyForPickup
        )
    }
}

/// Every edge of the state machine; `None` is "no application yet".
pub const TRANSITIONS: &[(Option<ApplicationStatus>, ApplicationStatus)] = {
    use ApplicationStatus::*;
    &[
        (None, Printing),
        (None, Postponed),
        (None, Refused),
        (Some(Postponed), Printing),
        (Some(Postponed), Refused),
        (Some(Printing), ReadyForPickup),
        (Some(ReadyForPickup), Collected),
        (Some(ReadyForPickup), Delivered),
        (Some(ReadyForPickup), CancelledUncollected),
    ]
};

/// Whether `from -> to` is an edge of the state machine.
pub fn is_edge(from: Option<ApplicationStatus>, to: ApplicationStatus) -> bool {
    TRANSITIONS.contains(&(from, to))
}

/// Why a transition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ApplicationError {
    /// The action does not apply in this status (or before any outcome).
    #[error("an application in status {from:?} cannot {action}")]
    InvalidTransition {
        /// Current status, `None` before any outcome.
        from: Option<ApplicationStatus>,
        /// Attempted action.
        action: ApplicationAction,
    },
    /// The 7 days to complete the papers have passed.
    #[error("the postponement ended at {until}; a new application is needed")]
    PostponementLapsed {
        /// When the 7 days ended.
        until: Timestamp,
    },
    /// A deadline has not passed yet (the worker's transitions).
    #[error("the deadline {deadline} has not passed yet")]
    DeadlineNotReached {
        /// The deadline.
        deadline: Timestamp,
    },
}

impl ApplicationError {
    /// The machine code the API answers with.
    pub fn code(&self) -> &'static str {
        match self {
            ApplicationError::InvalidTransition { .. } => "invalid_transition",
            ApplicationError::PostponementLapsed { .. } => "postponement_lapsed",
            ApplicationError::DeadlineNotReached { .. } => "invalid_transition",
        }
    }
}

/// A postponed application as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Current {
    /// Its status.
    pub status: ApplicationStatus,
    /// Until when a postponed application may be decided again.
    pub postponed_until: Option<Timestamp>,
}

fn after_days(at: Timestamp, n: i64) -> Timestamp {
    add_minutes(at, n * 24 * 60)
}

/// Until when an application postponed at `now` may be completed.
pub fn postponed_until(now: Timestamp) -> Timestamp {
    after_days(now, POSTPONE_DAYS)
}

/// Until when a passport ready at `ready_at` waits for collection.
pub fn collect_by(ready_at: Timestamp) -> Timestamp {
    after_days(ready_at, COLLECT_DAYS)
}

/// The status an outcome leads to from `current` (`None`: first outcome).
/// A postponed application may be approved or refused within its 7 days,
/// never postponed twice.
pub fn record_outcome(
    current: Option<Current>,
    outcome: Outcome,
    now: Timestamp,
) -> Result<ApplicationStatus, ApplicationError> {
    let to = match outcome {
        Outcome::Approved => ApplicationStatus::Printing,
        Outcome::Postponed => ApplicationStatus::Postponed,
        Outcome::Refused => ApplicationStatus::Refused,
    };
    let from = current.map(|c| c.status);
    if let Some(Current {
        status: ApplicationStatus::Postponed,
        postponed_until: Some(until),
    }) = current
        && now > until
    {
        return Err(ApplicationError::PostponementLapsed { until });
    }
    if is_edge(from, to) {
        Ok(to)
    } else {
        Err(ApplicationError::InvalidTransition {
            from,
            action: ApplicationAction::Outcome,
        })
    }
}

fn step(
    from: Option<ApplicationStatus>,
    to: ApplicationStatus,
    action: ApplicationAction,
) -> Result<ApplicationStatus, ApplicationError> {
    if from.is_some() && is_edge(from, to) {
        Ok(to)
    } else {
        Err(ApplicationError::InvalidTransition { from, action })
    }
}

/// Printed: the passport waits at the office.
pub fn mark_ready(from: Option<ApplicationStatus>) -> Result<ApplicationStatus, ApplicationError> {
    step(
        from,
        ApplicationStatus::ReadyForPickup,
        ApplicationAction::Ready,
    )
}

/// Collected at the office.
pub fn collect(from: Option<ApplicationStatus>) -> Result<ApplicationStatus, ApplicationError> {
    step(
        from,
        ApplicationStatus::Collected,
        ApplicationAction::Collect,
    )
}

/// Sent by post.
pub fn deliver(from: Option<ApplicationStatus>) -> Result<ApplicationStatus, ApplicationError> {
    step(
        from,
        ApplicationStatus::Delivered,
        ApplicationAction::Deliver,
    )
}

/// Cancelled: not collected within 30 days of `ready_at`.
pub fn cancel_uncollected(
    from: Option<ApplicationStatus>,
    ready_at: Timestamp,
    now: Timestamp,
) -> Result<ApplicationStatus, ApplicationError> {
    let to = step(
        from,
        ApplicationStatus::CancelledUncollected,
        ApplicationAction::CancelUncollected,
    )?;
    let deadline = collect_by(ready_at);
    if now < deadline {
        return Err(ApplicationError::DeadlineNotReached { deadline });
    }
    Ok(to)
}

/// Refused: the papers were not completed within the 7 days.
pub fn lapse(
    from: Option<ApplicationStatus>,
    until: Timestamp,
    now: Timestamp,
) -> Result<ApplicationStatus, ApplicationError> {
    if from != Some(ApplicationStatus::Postponed) {
        return Err(ApplicationError::InvalidTransition {
            from,
            action: ApplicationAction::Lapse,
        });
    }
    if now <= until {
        return Err(ApplicationError::DeadlineNotReached { deadline: until });
    }
    Ok(ApplicationStatus::Refused)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::ApplicationStatus::*;
    use super::*;

    fn t0() -> Timestamp {
        "2026-03-02T03:00:00Z".parse().unwrap()
    }

    fn postponed_at(at: Timestamp) -> Option<Current> {
        Some(Current {
            status: Postponed,
            postponed_until: Some(postponed_until(at)),
        })
    }

    #[test]
    fn the_approved_path_in_order() {
        let s = record_outcome(None, Outcome::Approved, t0()).unwrap();
        assert_eq!(s, Printing);
        let s = mark_ready(Some(s)).unwrap();
        assert_eq!(s, ReadyForPickup);
        assert_eq!(collect(Some(s)).unwrap(), Collected);
        assert_eq!(deliver(Some(s)).unwrap(), Delivered);
    }

    #[test]
    fn out_of_order_is_refused() {
        let bad = |r: Result<ApplicationStatus, ApplicationError>| {
            assert_eq!(r.unwrap_err().code(), "invalid_transition")
        };
        bad(mark_ready(None));
        bad(collect(None));
        bad(collect(Some(Printing)));
        bad(deliver(Some(Printing)));
        bad(mark_ready(Some(ReadyForPickup)));
        bad(collect(Some(Collected)));
        bad(deliver(Some(Collected)));
        bad(mark_ready(Some(Postponed)));
        for from in [Printing, ReadyForPickup, Refused, Collected, Delivered] {
            for o in Outcome::ALL {
                let current = Some(Current {
                    status: from,
                    postponed_until: None,
                });
                bad(record_outcome(current, *o, t0()));
            }
        }
    }

    #[test]
    fn a_postponement_has_seven_days() {
        let p = postponed_at(t0());
        let day6 = after_days(t0(), 6);
        assert_eq!(
            record_outcome(p, Outcome::Approved, day6).unwrap(),
            Printing
        );
        assert_eq!(record_outcome(p, Outcome::Refused, day6).unwrap(), Refused);
        assert!(record_outcome(p, Outcome::Postponed, day6).is_err());
        let day8 = after_days(t0(), 8);
        assert_eq!(
            record_outcome(p, Outcome::Approved, day8)
                .unwrap_err()
                .code(),
            "postponement_lapsed"
        );
        let until = postponed_until(t0());
        assert!(lapse(Some(Postponed), until, day6).is_err());
        assert_eq!(lapse(Some(Postponed), until, day8).unwrap(), Refused);
        assert!(lapse(Some(Printing), until, day8).is_err());
    }

    #[test]
    fn uncollected_after_thirty_days() {
        let day29 = after_days(t0(), 29);
        let day31 = after_days(t0(), 31);
        assert!(cancel_uncollected(Some(ReadyForPickup), t0(), day29).is_err());
        assert_eq!(
            cancel_uncollected(Some(ReadyForPickup), t0(), day31).unwrap(),
            CancelledUncollected
        );
        assert!(cancel_uncollected(Some(Collected), t0(), day31).is_err());
    }

    #[test]
    fn every_edge_leaves_a_non_final_status_and_names_round_trip() {
        for (from, to) in TRANSITIONS {
            assert!(from.is_none_or(|f| !f.is_final()), "{from:?} -> {to}");
        }
        for s in ApplicationStatus::ALL {
            assert_eq!(s.as_str().parse::<ApplicationStatus>().unwrap(), *s);
        }
        for r in Relation::ALL {
            assert_eq!(r.as_str().parse::<Relation>().unwrap(), *r);
        }
        assert!("mother".parse::<Relation>().is_err());
        assert_eq!("approved".parse::<Outcome>().unwrap(), Outcome::Approved);
    }
}

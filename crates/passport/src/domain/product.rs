//! What an applicant books and may book (PP 45/2024, Permenkumham 18/2022):
//! validity, purpose of travel, and the rules that refuse a booking online
//! before any place is taken: the 10-year passport from age 17 or when
//! married, lost and damaged passports only at the counter (walk-in),
//! same-day (accelerated) service not for them, and priority sessions only
//! for applicants aged 60 or more or under 5.
//!
//! Ages come from the birth date the NIK carries (checked against it by
//! `imigrasi_core::check_identity`). The 10-year rule takes the age on the
//! office zone's today (the issue's "at the 17th birthday in the office's
//! zone"); priority takes the age on the appointment's date (who is served
//! that day is who must be elderly or a small child).

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::category::{Category, ServiceKind, UnknownValue};

/// Validity a passport may be issued for, in years.
pub const VALIDITIES: [u8; 2] = [5, 10];

/// Age from which a 10-year passport may be issued (unless married).
pub const TEN_YEAR_MIN_AGE: i16 = 17;

/// Priority sessions: from this age.
pub const PRIORITY_ELDERLY_AGE: i16 = 60;

/// Priority sessions: under this age.
pub const PRIORITY_CHILD_AGE: i16 = 5;

/// Declared purpose of travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Holiday.
    Tourism,
    /// Minor pilgrimage.
    Umrah,
    /// Pilgrimage.
    Hajj,
    /// Work abroad.
    Work,
    /// Study abroad.
    Study,
    /// Medical treatment.
    Medical,
    /// Visiting family.
    Family,
    /// Anything else (the default for clients that do not send a purpose).
    Other,
}

impl Purpose {
    /// Every purpose.
    pub const ALL: [Purpose; 8] = [
        Purpose::Tourism,
        Purpose::Umrah,
        Purpose::Hajj,
        Purpose::Work,
        Purpose::Study,
        Purpose::Medical,
        Purpose::Family,
        Purpose::Other,
    ];

    /// The stable lowercase name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Tourism => "tourism",
            Purpose::Umrah => "umrah",
            Purpose::Hajj => "hajj",
            Purpose::Work => "work",
            Purpose::Study => "study",
            Purpose::Medical => "medical",
            Purpose::Family => "family",
            Purpose::Other => "other",
        }
    }
}

impl FromStr for Purpose {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Purpose::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownValue {
                kind: "purpose",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whole years of age on `on` of a person born on `birth`.
pub fn age_on(birth: Date, on: Date) -> i16 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// Why a booking is refused online before any place is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Ineligible {
    /// A 10-year passport for an applicant under 17 and not married.
    #[error("a 10-year passport is issued only from age 17 or when married")]
    ValidityNotAllowed,
    /// Lost or damaged passports are replaced at the counter only.
    #[error("a {0} passport is replaced at the office, without a booking")]
    WalkInOnly(ServiceKind),
    /// Same-day (accelerated) service is not given for this service.
    #[error("same-day service is not available for {0}")]
    NotAllowedForService(ServiceKind),
    /// A priority session for an applicant neither 60 or older nor under 5.
    #[error("priority sessions are for applicants aged 60 or more or under 5")]
    PriorityNotEligible,
    /// The office does not issue this passport type.
    #[error("this office does not issue this passport type")]
    ProductNotOffered,
}

impl Ineligible {
    /// The message id (Fluent) that explains the refusal to a person.
    pub fn message_key(&self) -> &'static str {
        match self {
            Ineligible::ValidityNotAllowed => "papi-validity-not-allowed",
            Ineligible::WalkInOnly(ServiceKind::ReplacementDamaged) => "papi-walk-in-only-damaged",
            Ineligible::WalkInOnly(_) => "papi-walk-in-only-lost",
            Ineligible::NotAllowedForService(_) => "papi-not-allowed-for-service",
            Ineligible::PriorityNotEligible => "papi-priority-not-eligible",
            Ineligible::ProductNotOffered => "papi-product-not-offered",
        }
    }

    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            Ineligible::ValidityNotAllowed => "validity_not_allowed",
            Ineligible::WalkInOnly(_) => "walk_in_only",
            Ineligible::NotAllowedForService(_) => "not_allowed_for_service",
            Ineligible::PriorityNotEligible => "priority_not_eligible",
            Ineligible::ProductNotOffered => "product_not_offered",
        }
    }
}

/// What the eligibility rules look at.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    /// Birth date (from the NIK).
    pub birth_date: Date,
    /// Declared married.
    pub married: bool,
    /// Years of validity asked for.
    pub validity_years: u8,
    /// Service kind.
    pub service: ServiceKind,
    /// The session's category.
    pub category: Category,
    /// The appointment's office-local date.
    pub appointment: Date,
    /// Today in the office's zone.
    pub today: Date,
}

/// Whether a booking may be made online. The order of the checks: same-day
/// service for lost/damaged (`not_allowed_for_service`), then lost/damaged
/// at all (`walk_in_only`), then the 10-year rule, then priority.
pub fn check(r: &Request) -> Result<(), Ineligible> {
    let replaces_loss = matches!(
        r.service,
        ServiceKind::ReplacementLost | ServiceKind::ReplacementDamaged
    );
    if replaces_loss && r.category == Category::Accelerated {
        return Err(Ineligible::NotAllowedForService(r.service));
    }
    if replaces_loss {
        return Err(Ineligible::WalkInOnly(r.service));
    }
    check_validity(r.birth_date, r.married, r.validity_years, r.today)?;
    if r.category == Category::Priority {
        let age = age_on(r.birth_date, r.appointment);
        if (PRIORITY_CHILD_AGE..PRIORITY_ELDERLY_AGE).contains(&age) {
            return Err(Ineligible::PriorityNotEligible);
        }
    }
    Ok(())
}

/// The 10-year rule alone (a walk-in at the counter is checked with it
/// too): 10 years only from age 17 on `today` (office zone) or when married.
pub fn check_validity(
    birth_date: Date,
    married: bool,
    validity_years: u8,
    today: Date,
) -> Result<(), Ineligible> {
    if validity_years == 10 && !married && age_on(birth_date, today) < TEN_YEAR_MIN_AGE {
        return Err(Ineligible::ValidityNotAllowed);
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn req(birth: Date, today: Date) -> Request {
        Request {
            birth_date: birth,
            married: false,
            validity_years: 10,
            service: ServiceKind::New,
            category: Category::Regular,
            appointment: today,
            today,
        }
    }

    #[test]
    fn age_turns_on_the_birthday() {
        assert_eq!(age_on(date(2009, 3, 12), date(2026, 3, 11)), 16);
        assert_eq!(age_on(date(2009, 3, 12), date(2026, 3, 12)), 17);
        // Born on 29 February: a year older on 1 March of a common year.
        assert_eq!(age_on(date(2008, 2, 29), date(2025, 2, 28)), 16);
        assert_eq!(age_on(date(2008, 2, 29), date(2025, 3, 1)), 17);
    }

    #[test]
    fn ten_years_from_seventeen_or_married() {
        let today = date(2026, 3, 12);
        assert_eq!(check(&req(date(2009, 3, 12), today)), Ok(()));
        let young = req(date(2009, 3, 13), today);
        assert_eq!(check(&young), Err(Ineligible::ValidityNotAllowed));
        assert_eq!(
            check(&Request {
                married: true,
                ..young
            }),
            Ok(())
        );
        assert_eq!(
            check(&Request {
                validity_years: 5,
                ..young
            }),
            Ok(())
        );
    }

    #[test]
    fn lost_and_damaged_are_walk_in_and_never_same_day() {
        let r = req(date(1990, 1, 1), date(2026, 3, 12));
        for s in [
            ServiceKind::ReplacementLost,
            ServiceKind::ReplacementDamaged,
        ] {
            let e = check(&Request { service: s, ..r }).unwrap_err();
            assert_eq!(e.code(), "walk_in_only");
            let e = check(&Request {
                service: s,
                category: Category::Accelerated,
                ..r
            })
            .unwrap_err();
            assert_eq!(e.code(), "not_allowed_for_service");
        }
        assert_eq!(
            check(&Request {
                service: ServiceKind::DataChange,
                category: Category::Accelerated,
                ..r
            }),
            Ok(())
        );
    }

    #[test]
    fn priority_at_sixty_and_under_five_on_the_appointment_date() {
        let day = date(2026, 3, 12);
        let p = |birth| Request {
            validity_years: 5,
            category: Category::Priority,
            appointment: day,
            today: date(2026, 3, 1),
            ..req(birth, day)
        };
        assert_eq!(check(&p(date(1966, 3, 12))), Ok(()));
        assert_eq!(
            check(&p(date(1966, 3, 13))),
            Err(Ineligible::PriorityNotEligible)
        );
        assert_eq!(check(&p(date(2021, 3, 13))), Ok(()));
        assert_eq!(
            check(&p(date(2021, 3, 12))),
            Err(Ineligible::PriorityNotEligible)
        );
    }

    #[test]
    fn purposes_round_trip() {
        for p in Purpose::ALL {
            assert_eq!(p.as_str().parse::<Purpose>().unwrap(), p);
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{p}\""));
        }
        assert!("holiday".parse::<Purpose>().is_err());
    }
}

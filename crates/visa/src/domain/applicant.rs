//! The applicant's data as typed, validated; and who may apply for what.

use std::collections::BTreeMap;

use imigrasi_core::{Nationality, PassportNumber, PersonName, Sex};
use jiff::civil::Date;
use jiff::{Span, ToSpan};

use super::visa_type::SponsorKind;

/// The applicant as received (every field a string).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ApplicantInput {
    /// Surname as in the passport.
    #[serde(default)]
    pub surname: String,
    /// Given names as in the passport.
    #[serde(default)]
    pub given_names: String,
    /// ISO 3166-1 alpha-3 nationality, e.g. `AUS`.
    #[serde(default)]
    pub nationality: String,
    /// Passport number.
    #[serde(default)]
    pub passport_number: String,
    /// Passport expiry, `YYYY-MM-DD`.
    #[serde(default)]
    pub passport_expiry: String,
    /// Birth date, `YYYY-MM-DD`.
    #[serde(default)]
    pub birth_date: String,
    /// `M` or `F`.
    #[serde(default)]
    pub sex: String,
    /// The foreigner's e-mail (their account with it sees the case).
    #[serde(default)]
    pub email: String,
}

/// A validated applicant.
#[derive(Clone, PartialEq, Eq)]
pub struct Applicant {
    /// Surname.
    pub surname: String,
    /// Given names.
    pub given_names: String,
    /// Nationality (alpha-3).
    pub nationality: String,
    /// Passport number.
    pub passport_number: PassportNumber,
    /// Passport expiry.
    pub passport_expiry: Date,
    /// Birth date.
    pub birth_date: Date,
    /// Sex.
    pub sex: Sex,
    /// E-mail, lowercase.
    pub email: String,
}

impl std::fmt::Debug for Applicant {
    /// Personal data stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Applicant")
            .field("nationality", &self.nationality)
            .finish_non_exhaustive()
    }
}

/// Field name → why it was refused (machine reason, never the value).
pub type FieldErrors = BTreeMap<String, &'static str>;

fn date(s: &str) -> Option<Date> {
    let s = s.trim();
    (s.len() == 10).then(|| s.parse::<Date>().ok()).flatten()
}

/// Whether `s` looks like an e-mail address.
pub fn valid_email(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    s.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Validate the applicant and the intended arrival, as of `today`.
pub fn parse(
    input: &ApplicantInput,
    intended_arrival: &str,
    today: Date,
) -> Result<(Applicant, Date), FieldErrors> {
    let mut errors = FieldErrors::new();
    let surname = PersonName::parse(&input.surname)
        .map_err(|_| errors.insert("applicant.surname".into(), "invalid"))
        .ok();
    let given_names = PersonName::parse(&input.given_names)
        .map_err(|_| errors.insert("applicant.given_names".into(), "invalid"))
        .ok();
    let nationality = Nationality::parse(&input.nationality)
        .map(|n| n.as_str().to_owned())
        .unwrap_or_else(|_| {
            errors.insert("applicant.nationality".into(), "invalid");
            String::new()
        });
    let passport = PassportNumber::parse(&input.passport_number)
        .map_err(|_| errors.insert("applicant.passport_number".into(), "invalid"))
        .ok();
    let expiry = date(&input.passport_expiry);
    if expiry.is_none_or(|d| d <= today) {
        errors.insert("applicant.passport_expiry".into(), "invalid");
    }
    let birth = date(&input.birth_date);
    if birth.is_none_or(|d| d >= today || d.year() < 1900) {
        errors.insert("applicant.birth_date".into(), "invalid");
    }
    let sex = Sex::parse(input.sex.trim())
        .map_err(|_| errors.insert("applicant.sex".into(), "invalid"))
        .ok();
    if !valid_email(&input.email) {
        errors.insert("applicant.email".into(), "invalid");
    }
    let arrival = date(intended_arrival);
    if arrival.is_none_or(|d| d < today) {
        errors.insert("intended_arrival".into(), "invalid");
    }
    match (surname, given_names, passport, expiry, birth, sex, arrival) {
        (Some(s), Some(g), Some(p), Some(e), Some(b), Some(x), Some(a)) if errors.is_empty() => {
            Ok((
                Applicant {
                    surname: s.as_str().to_owned(),
                    given_names: g.as_str().to_owned(),
                    nationality,
                    passport_number: p,
                    passport_expiry: e,
                    birth_date: b,
                    sex: x,
                    email: input.email.trim().to_lowercase(),
                },
                a,
            ))
        }
        _ => Err(errors),
    }
}

/// Whether a passport expiring on `expiry` is valid long enough for an
/// arrival on `arrival` (at least `months` months after it).
pub fn passport_valid_long_enough(expiry: Date, arrival: Date, months: i32) -> bool {
    let span: Span = i64::from(months).months();
    match arrival.checked_add(span) {
        Ok(needed) => expiry >= needed,
        Err(_) => false,
    }
}

/// Who is applying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applier {
    /// The foreigner, for themselves.
    Foreigner,
    /// A sponsor of this kind (`company` or `citizen`).
    Sponsor(SponsorKind),
}

/// Why an applier may not apply for a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyRefusal {
    /// The type needs a sponsor; the foreigner cannot apply alone.
    SponsorRequired,
    /// The sponsor is not of the kind the type needs (or the type has none).
    WrongSponsor,
}

/// Whether `applier` may apply for a type needing `needs`.
pub fn may_apply(needs: SponsorKind, applier: Applier) -> Result<(), ApplyRefusal> {
    match applier {
        Applier::Foreigner if needs == SponsorKind::None => Ok(()),
        Applier::Foreigner => Err(ApplyRefusal::SponsorRequired),
        Applier::Sponsor(kind) if needs.accepts(kind) => Ok(()),
        Applier::Sponsor(_) => Err(ApplyRefusal::WrongSponsor),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;
    use proptest::prelude::*;

    fn input() -> ApplicantInput {
        ApplicantInput {
            surname: "Smith".into(),
            given_names: "Jane Mary".into(),
            nationality: "aus".into(),
            passport_number: "PA1234567".into(),
            passport_expiry: "2030-01-31".into(),
            birth_date: "1990-05-01".into(),
            sex: "F".into(),
            email: "Jane@Example.com".into(),
        }
    }

    #[test]
    fn a_good_applicant_parses() {
        let (a, arrival) = parse(&input(), "2026-12-20", d(2026, 12, 1)).expect("valid");
        assert_eq!(a.nationality, "AUS");
        assert_eq!(a.email, "jane@example.com");
        assert_eq!(arrival, d(2026, 12, 20));
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut i = input();
        i.nationality = "AU".into();
        i.sex = "Q".into();
        i.email = "nope".into();
        let e = parse(&i, "2020-01-01", d(2026, 12, 1)).expect_err("invalid");
        for f in [
            "applicant.nationality",
            "applicant.sex",
            "applicant.email",
            "intended_arrival",
        ] {
            assert!(e.contains_key(f), "{f}");
        }
    }

    #[test]
    fn passport_validity_examples() {
        assert!(passport_valid_long_enough(
            d(2027, 6, 20),
            d(2026, 12, 20),
            6
        ));
        assert!(!passport_valid_long_enough(
            d(2027, 6, 19),
            d(2026, 12, 20),
            6
        ));
    }

    #[test]
    fn only_sponsored_types_take_sponsors() {
        use SponsorKind as K;
        assert_eq!(may_apply(K::None, Applier::Foreigner), Ok(()));
        assert_eq!(
            may_apply(K::Company, Applier::Foreigner),
            Err(ApplyRefusal::SponsorRequired)
        );
        assert_eq!(may_apply(K::Company, Applier::Sponsor(K::Company)), Ok(()));
        assert_eq!(
            may_apply(K::None, Applier::Sponsor(K::Company)),
            Err(ApplyRefusal::WrongSponsor)
        );
    }

    proptest! {
        /// A later expiry never turns a valid passport invalid; more months
        /// never turn an invalid one valid.
        #[test]
        fn validity_is_monotone(days in 0i64..3000, extra in 0i64..400, months in 0i32..36) {
            let arrival = d(2026, 1, 1);
            let expiry = arrival.checked_add(days.days()).expect("in range");
            let later = expiry.checked_add(extra.days()).expect("in range");
            if passport_valid_long_enough(expiry, arrival, months) {
                prop_assert!(passport_valid_long_enough(later, arrival, months));
            } else {
                prop_assert!(!passport_valid_long_enough(expiry, arrival, months + 1));
            }
        }
    }
}

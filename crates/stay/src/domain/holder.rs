//! A permit to register, as received and as validated.

use std::collections::BTreeMap;

use imigrasi_core::{Nationality, PassportNumber, PersonName, Sex};
use imigrasi_platform::accounts::normalize_email;
use jiff::civil::Date;

use super::permit::PermitKind;

/// Field name → why it was refused (machine reason, never the value).
pub type FieldErrors = BTreeMap<String, &'static str>;

/// The holder as received (every field a string).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct HolderInput {
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
    /// Birth date, `YYYY-MM-DD`.
    #[serde(default)]
    pub birth_date: String,
    /// `M` or `F`.
    #[serde(default)]
    pub sex: String,
    /// The holder's e-mail (their account with it sees the permit).
    #[serde(default)]
    pub email: String,
}

/// The permit as received.
#[derive(Debug, Clone, Default)]
pub struct PermitInput {
    /// `ITK`, `ITAS`, `ITAP` or `GCI`.
    pub kind: String,
    /// The holder.
    pub holder: HolderInput,
    /// Address line.
    pub address_line: String,
    /// Regency code (checked against the regions by the use case).
    pub regency: String,
    /// `YYYY-MM-DD`.
    pub valid_from: String,
    /// `YYYY-MM-DD`; absent for a GCI.
    pub valid_until: Option<String>,
    /// Visa index code, e.g. `C1`.
    pub origin_visa: Option<String>,
    /// Granted from a visa on arrival.
    pub from_visa_on_arrival: bool,
}

/// A validated holder.
#[derive(Clone, PartialEq, Eq)]
pub struct Holder {
    /// Surname.
    pub surname: PersonName,
    /// Given names.
    pub given_names: PersonName,
    /// Nationality.
    pub nationality: Nationality,
    /// Passport number.
    pub passport_number: PassportNumber,
    /// Birth date.
    pub birth_date: Date,
    /// Sex.
    pub sex: Sex,
    /// E-mail, lowercase.
    pub email: String,
}

impl std::fmt::Debug for Holder {
    /// Personal data stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Holder")
            .field("nationality", &self.nationality)
            .finish_non_exhaustive()
    }
}

/// A validated permit to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPermit {
    /// Kind.
    pub kind: PermitKind,
    /// Holder.
    pub holder: Holder,
    /// Address line.
    pub address_line: String,
    /// Regency code as typed (trimmed).
    pub regency: String,
    /// First valid day.
    pub valid_from: Date,
    /// Last valid day (`None` only for a GCI).
    pub valid_until: Option<Date>,
    /// Visa index code, uppercase.
    pub origin_visa: Option<String>,
    /// Granted from a visa on arrival.
    pub from_visa_on_arrival: bool,
}

fn date(s: &str) -> Option<Date> {
    let s = s.trim();
    (s.len() == 10).then(|| s.parse::<Date>().ok()).flatten()
}

fn check<T, E>(errors: &mut FieldErrors, field: &str, r: Result<T, E>) -> Option<T> {
    r.map_err(|_| errors.insert(field.into(), "invalid")).ok()
}

/// Validate a permit to register, as of the office's `today`.
pub fn parse(input: &PermitInput, today: Date) -> Result<NewPermit, FieldErrors> {
    let mut errors = FieldErrors::new();
    let e = &mut errors;
    let h = &input.holder;
    let kind = check(e, "kind", PermitKind::parse(&input.kind).ok_or(()));
    let surname = check(e, "holder.surname", PersonName::parse(&h.surname));
    let given_names = check(e, "holder.given_names", PersonName::parse(&h.given_names));
    let nationality = check(e, "holder.nationality", Nationality::parse(&h.nationality));
    let passport = check(
        e,
        "holder.passport_number",
        PassportNumber::parse(&h.passport_number),
    );
    let birth = date(&h.birth_date).filter(|d| *d < today && d.year() >= 1900);
    let birth = check(e, "holder.birth_date", birth.ok_or(()));
    let sex = check(e, "holder.sex", Sex::parse(&h.sex));
    let email = check(e, "holder.email", normalize_email(&h.email).ok_or(()));
    let address = input.address_line.trim();
    if address.is_empty() || address.chars().count() > 200 {
        e.insert("address.line".into(), "invalid");
    }
    if input.regency.trim().is_empty() {
        e.insert("address.regency".into(), "invalid");
    }
    let from = check(e, "valid_from", date(&input.valid_from).ok_or(()));
    let until = match input.valid_until.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => check(e, "valid_until", date(s).ok_or(())),
    };
    match (kind, until, from) {
        (Some(PermitKind::Gci), Some(_), _) => {
            e.insert("valid_until".into(), "not_allowed");
        }
        (Some(k), None, _) if k.has_end_date() && !e.contains_key("valid_until") => {
            e.insert("valid_until".into(), "required");
        }
        (_, Some(u), Some(f)) if u < f => {
            e.insert("valid_until".into(), "before_start");
        }
        _ => {}
    }
    let origin_visa = input
        .origin_visa
        .as_deref()
        .map(|v| v.trim().to_ascii_uppercase())
        .filter(|v| !v.is_empty());
    if origin_visa
        .as_deref()
        .is_some_and(|v| v.len() > 8 || !v.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        e.insert("origin_visa".into(), "invalid");
    }
    match (
        kind,
        surname,
        given_names,
        nationality,
        passport,
        birth,
        sex,
        email,
        from,
    ) {
        (Some(k), Some(s), Some(g), Some(n), Some(p), Some(b), Some(x), Some(m), Some(f))
            if errors.is_empty() =>
        {
            Ok(NewPermit {
                kind: k,
                holder: Holder {
                    surname: s,
                    given_names: g,
                    nationality: n,
                    passport_number: p,
                    birth_date: b,
                    sex: x,
                    email: m,
                },
                address_line: address.to_owned(),
                regency: input.regency.trim().to_owned(),
                valid_from: f,
                valid_until: until,
                origin_visa,
                from_visa_on_arrival: input.from_visa_on_arrival,
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    fn input() -> PermitInput {
        PermitInput {
            kind: "itas".into(),
            holder: HolderInput {
                surname: "Smith".into(),
                given_names: "Jane Mary".into(),
                nationality: "aus".into(),
                passport_number: "PA1234567".into(),
                birth_date: "1990-05-01".into(),
                sex: "F".into(),
                email: "Jane@Example.com".into(),
            },
            address_line: "Jl. Sudirman 1".into(),
            regency: "31.71".into(),
            valid_from: "2026-01-01".into(),
            valid_until: Some("2026-12-31".into()),
            origin_visa: Some("e23".into()),
            from_visa_on_arrival: false,
        }
    }

    #[test]
    fn a_good_permit_parses() {
        let p = parse(&input(), d(2026, 12, 1)).expect("valid");
        assert_eq!(p.kind, PermitKind::Itas);
        assert_eq!(p.holder.nationality.as_str(), "AUS");
        assert_eq!(p.holder.email, "jane@example.com");
        assert_eq!(p.origin_visa.as_deref(), Some("E23"));
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut i = input();
        i.kind = "KITAS".into();
        i.holder.nationality = "AU".into();
        i.holder.sex = "Q".into();
        i.holder.email = "nope".into();
        i.holder.surname = "\u{202e}x".into();
        i.address_line = " ".into();
        let e = parse(&i, d(2026, 12, 1)).expect_err("invalid");
        for f in [
            "kind",
            "holder.nationality",
            "holder.sex",
            "holder.email",
            "holder.surname",
            "address.line",
        ] {
            assert!(e.contains_key(f), "{f}");
        }
    }

    #[test]
    fn end_dates_follow_the_kind() {
        let mut i = input();
        i.valid_until = None;
        assert_eq!(
            parse(&i, d(2026, 12, 1)).expect_err("needs end")["valid_until"],
            "required"
        );
        i.kind = "GCI".into();
        assert!(parse(&i, d(2026, 12, 1)).is_ok());
        i.valid_until = Some("2030-01-01".into());
        assert_eq!(
            parse(&i, d(2026, 12, 1)).expect_err("no end")["valid_until"],
            "not_allowed"
        );
        let mut i = input();
        i.valid_until = Some("2025-12-31".into());
        assert_eq!(
            parse(&i, d(2026, 12, 1)).expect_err("order")["valid_until"],
            "before_start"
        );
    }
}

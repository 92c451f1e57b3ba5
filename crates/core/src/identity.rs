//! A citizen's declared identity checked against the NIK: every field
//! present and well formed, the NIK valid, and the birth date and sex it
//! encodes equal to the declared ones ("Identitas Tidak Valid" otherwise).
//!
//! Pure and typed: each refusal names the field and the reason, so every
//! channel (API, pages, counter, WhatsApp) words it in its own language
//! without decoding strings. Used by passport bookings, the waitlist and
//! the office floor's walk-ins.

use jiff::civil::Date;

use crate::nik::{IdentityMismatch, Nik, NikError};
use crate::person_name::{PersonName, PersonNameError};
use crate::sex::Sex;

/// The fields as typed (each may be missing).
#[derive(Debug, Clone, Copy, Default)]
pub struct IdentityInput<'a> {
    /// 16-digit NIK.
    pub nik: Option<&'a str>,
    /// Full name as on the identity card.
    pub full_name: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<&'a str>,
    /// `M` or `F`.
    pub sex: Option<&'a str>,
}

/// An identity whose NIK agrees with the declared birth date and sex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedIdentity {
    /// The NIK.
    pub nik: Nik,
    /// The name.
    pub full_name: PersonName,
    /// The birth date.
    pub birth_date: Date,
    /// The sex.
    pub sex: Sex,
}

/// A field of the identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IdentityField {
    /// The NIK.
    Nik,
    /// The full name.
    FullName,
    /// The birth date.
    BirthDate,
    /// The sex.
    Sex,
}

impl IdentityField {
    /// The field's name in a request body (`nik`, `full_name`, …).
    pub fn name(self) -> &'static str {
        match self {
            IdentityField::Nik => "nik",
            IdentityField::FullName => "full_name",
            IdentityField::BirthDate => "birth_date",
            IdentityField::Sex => "sex",
        }
    }
}

/// What is wrong with one field before the NIK can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldProblem {
    /// The NIK is missing.
    NikMissing,
    /// The name is missing or not acceptable.
    Name(PersonNameError),
    /// The birth date is missing or not `YYYY-MM-DD`.
    BirthDate,
    /// The sex is missing or not `M`/`F`.
    Sex,
}

impl FieldProblem {
    /// The field concerned.
    pub fn field(self) -> IdentityField {
        match self {
            FieldProblem::NikMissing => IdentityField::Nik,
            FieldProblem::Name(_) => IdentityField::FullName,
            FieldProblem::BirthDate => IdentityField::BirthDate,
            FieldProblem::Sex => IdentityField::Sex,
        }
    }
}

/// Why an identity was refused, in the order checked: fields, NIK, agreement.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    /// One or more fields are missing or malformed (all of them listed).
    #[error("some identity fields are missing or not valid")]
    Fields(Vec<FieldProblem>),
    /// The NIK is not valid.
    #[error("the NIK is not valid: {0}")]
    Nik(NikError),
    /// The birth date or sex disagree with the NIK.
    #[error("identity not valid: {0}")]
    Mismatch(IdentityMismatch),
}

impl IdentityError {
    /// The API's error code: `invalid_input`, `invalid_nik`, `identity_mismatch`.
    pub fn code(&self) -> &'static str {
        match self {
            IdentityError::Fields(_) => "invalid_input",
            IdentityError::Nik(_) => "invalid_nik",
            IdentityError::Mismatch(_) => "identity_mismatch",
        }
    }
}

/// Check a declared identity.
pub fn check_identity(input: IdentityInput<'_>) -> Result<CheckedIdentity, IdentityError> {
    let mut problems = Vec::new();
    let name = PersonName::parse(input.full_name.unwrap_or(""));
    if let Err(e) = &name {
        problems.push(FieldProblem::Name(*e));
    }
    let birth = input.birth_date.and_then(|d| d.trim().parse::<Date>().ok());
    if birth.is_none() {
        problems.push(FieldProblem::BirthDate);
    }
    let sex = input.sex.and_then(|s| Sex::parse(s).ok());
    if sex.is_none() {
        problems.push(FieldProblem::Sex);
    }
    let nik = input.nik.map(str::trim).filter(|n| !n.is_empty());
    if nik.is_none() {
        problems.push(FieldProblem::NikMissing);
    }
    let (Ok(full_name), Some(birth_date), Some(sex), Some(nik)) = (name, birth, sex, nik) else {
        problems.sort_by_key(|p| p.field());
        return Err(IdentityError::Fields(problems));
    };
    let nik = Nik::parse(nik).map_err(IdentityError::Nik)?;
    nik.check_identity(birth_date, sex)
        .map_err(IdentityError::Mismatch)?;
    Ok(CheckedIdentity {
        nik,
        full_name,
        birth_date,
        sex,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(nik: &'a str, name: &'a str, birth: &'a str, sex: &'a str) -> IdentityInput<'a> {
        IdentityInput {
            nik: Some(nik),
            full_name: Some(name),
            birth_date: Some(birth),
            sex: Some(sex),
        }
    }

    #[test]
    fn a_consistent_identity_passes() {
        let ok = check_identity(input("3171015702990001", "Siti Aminah", "1999-02-17", "F"))
            .expect("valid");
        assert_eq!(ok.birth_date.to_string(), "1999-02-17");
        assert_eq!(ok.sex, Sex::Female);
        assert_eq!(ok.full_name.as_str(), "Siti Aminah");
    }

    #[test]
    fn every_missing_field_is_named_in_form_order() {
        let e = check_identity(IdentityInput::default()).expect_err("empty");
        assert_eq!(
            e,
            IdentityError::Fields(vec![
                FieldProblem::NikMissing,
                FieldProblem::Name(PersonNameError::Empty),
                FieldProblem::BirthDate,
                FieldProblem::Sex,
            ])
        );
        assert_eq!(e.code(), "invalid_input");
    }

    #[test]
    fn a_bad_nik_is_refused_after_the_fields() {
        let e = check_identity(input("123", "Siti", "1999-02-17", "F")).expect_err("bad nik");
        assert!(matches!(
            e,
            IdentityError::Nik(NikError::WrongLength { found: 3 })
        ));
        assert_eq!(e.code(), "invalid_nik");
        let e = check_identity(input("123", "", "1999-02-17", "F")).expect_err("no name");
        assert_eq!(e.code(), "invalid_input");
    }

    #[test]
    fn disagreement_with_the_nik_names_what_differs() {
        let e = check_identity(input("3171015702990001", "Siti", "1999-02-18", "F"))
            .expect_err("birth");
        assert_eq!(e, IdentityError::Mismatch(IdentityMismatch::BirthDate));
        let e =
            check_identity(input("3171015702990001", "Siti", "1999-02-17", "M")).expect_err("sex");
        assert_eq!(e, IdentityError::Mismatch(IdentityMismatch::Sex));
        assert_eq!(e.code(), "identity_mismatch");
    }
}

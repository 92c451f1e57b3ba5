//! Words for a refused identity ([`imigrasi_core::identity`]), in the
//! caller's language: one message per field for pages and the counter, and
//! the API error (`invalid_input`, `invalid_nik`, `identity_mismatch`) with
//! its `fields`. Shared by every service that takes a citizen's NIK, so the
//! API, the pages and WhatsApp all say the same thing.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use imigrasi_core::{FieldProblem, IdentityError, IdentityField, IdentityMismatch, NikError};

use crate::accounts;
use crate::http::error::ApiError;
use crate::i18n::Lang;

/// A citizen's identity in a request body (`"applicant"` of a booking, a
/// waitlist entry, a walk-in).
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct ApplicantBody {
    /// 16-digit NIK.
    pub nik: Option<String>,
    /// Full name as on the identity card.
    pub full_name: Option<String>,
    /// YYYY-MM-DD; must agree with the NIK.
    pub birth_date: Option<String>,
    /// `M` or `F`; must agree with the NIK.
    pub sex: Option<String>,
}

impl ApplicantBody {
    /// The identity as typed.
    pub fn input(&self) -> imigrasi_core::IdentityInput<'_> {
        imigrasi_core::IdentityInput {
            nik: self.nik.as_deref(),
            full_name: self.full_name.as_deref(),
            birth_date: self.birth_date.as_deref(),
            sex: self.sex.as_deref(),
        }
    }
}

/// The message for one field problem.
pub fn field_message(lang: Lang, p: FieldProblem) -> String {
    lang.t(match p {
        FieldProblem::NikMissing => "identity-nik-required",
        FieldProblem::Name(imigrasi_core::PersonNameError::Empty) => "identity-full-name",
        FieldProblem::Name(e) => accounts::name_error_key(e),
        FieldProblem::BirthDate => "identity-birth-date",
        FieldProblem::Sex => "identity-sex",
    })
}

/// The message for an invalid NIK.
pub fn nik_message(lang: Lang, e: &NikError) -> String {
    lang.t(&format!("identity-{}", e.code().replace('_', "-")))
}

/// The field a mismatch is shown next to, and its message.
pub fn mismatch_message(lang: Lang, m: IdentityMismatch) -> (IdentityField, String) {
    match m {
        IdentityMismatch::BirthDate => {
            (IdentityField::BirthDate, lang.t("identity-mismatch-birth"))
        }
        IdentityMismatch::Sex => (IdentityField::Sex, lang.t("identity-mismatch-sex")),
        IdentityMismatch::BirthDateAndSex => (IdentityField::Nik, lang.t("identity-mismatch-both")),
    }
}

/// Every message of a refusal, each with its field, in form order.
pub fn messages(lang: Lang, e: &IdentityError) -> Vec<(IdentityField, String)> {
    match e {
        IdentityError::Fields(problems) => problems
            .iter()
            .map(|p| (p.field(), field_message(lang, *p)))
            .collect(),
        IdentityError::Nik(n) => vec![(IdentityField::Nik, nik_message(lang, n))],
        IdentityError::Mismatch(m) => vec![mismatch_message(lang, *m)],
    }
}

/// The API error, fields named `{prefix}{field}` (e.g. `applicant.nik`).
pub fn api_error(lang: Lang, e: &IdentityError, prefix: &str) -> ApiError {
    let fields: BTreeMap<String, String> = messages(lang, e)
        .into_iter()
        .map(|(f, m)| (format!("{prefix}{}", f.name()), m))
        .collect();
    match e {
        IdentityError::Fields(_) => ApiError::invalid_input(fields).in_lang(lang),
        IdentityError::Nik(n) => {
            let mut err = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                e.code(),
                format!(
                    "{} {}",
                    lang.t("identity-nik-invalid"),
                    nik_message(lang, n)
                ),
            );
            err.fields = fields;
            err
        }
        IdentityError::Mismatch(m) => {
            let mut err = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                e.code(),
                mismatch_message(lang, *m).1,
            );
            err.fields = fields;
            err
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use imigrasi_core::{IdentityInput, check_identity};

    #[test]
    fn every_nik_error_has_its_own_words() {
        let all = [
            NikError::WrongLength { found: 3 },
            NikError::NonDigit { position: 1 },
            NikError::UnknownProvince { code: 99 },
            NikError::ZeroRegency,
            NikError::ZeroDistrict,
            NikError::InvalidBirthDate,
            NikError::ZeroSerial,
        ];
        for lang in Lang::ALL {
            for e in &all {
                let m = nik_message(lang, e);
                assert!(!m.starts_with("Unknown localization"), "{e:?} in {lang:?}");
            }
        }
    }

    #[test]
    fn every_refusal_has_words_in_both_languages_and_never_mixes_them() {
        let cases = [
            IdentityInput::default(),
            IdentityInput {
                nik: Some("12"),
                full_name: Some("Siti"),
                birth_date: Some("1999-02-17"),
                sex: Some("F"),
            },
            IdentityInput {
                nik: Some("3171015702990001"),
                full_name: Some("Siti"),
                birth_date: Some("1999-02-18"),
                sex: Some("F"),
            },
        ];
        for input in cases {
            let e = check_identity(input).expect_err("refused");
            let id = api_error(Lang::Id, &e, "applicant.");
            let en = api_error(Lang::En, &e, "applicant.");
            assert_eq!(id.code, en.code);
            assert_ne!(id.message, en.message, "{e:?}");
            assert!(!id.fields.is_empty());
            for (f, m) in &en.fields {
                assert!(f.starts_with("applicant."));
                assert!(!m.contains("identity-"), "untranslated key {m}");
                assert_ne!(Some(m), id.fields.get(f));
            }
            assert!(!en.message.contains("tidak"), "{}", en.message);
            assert!(!id.message.contains(" not "), "{}", id.message);
        }
    }
}

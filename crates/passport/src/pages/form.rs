//! Form input shared by the booking and waitlist forms: the applicant
//! fields, choices for radio groups, and per-field errors.

use imigrasi_core::{CheckedIdentity, IdentityField, IdentityInput, check_identity};
use imigrasi_platform::AppState;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::identity;
use serde::Deserialize;

use super::view::rupiah;
use crate::domain::{Category, PassportType, ServiceKind};
use crate::store;

pub(crate) use imigrasi_platform::http::page::Errors;

/// One option of a radio group.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    /// Submitted value.
    pub value: &'static str,
    /// Translated label.
    pub label: String,
    /// Whether it is selected.
    pub checked: bool,
}

/// The id of the input of an identity field on the forms.
pub(crate) fn identity_input_id(field: IdentityField) -> &'static str {
    match field {
        IdentityField::Nik => "nik",
        IdentityField::FullName => "full_name",
        IdentityField::BirthDate => "birth_date",
        IdentityField::Sex => "sex-M",
    }
}

/// The applicant part of a form, as typed (re-shown after an error).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ApplicantInput {
    /// 16-digit NIK.
    #[serde(default)]
    pub nik: String,
    /// Full name.
    #[serde(default)]
    pub full_name: String,
    /// YYYY-MM-DD (input type=date).
    #[serde(default)]
    pub birth_date: String,
    /// `M` or `F`.
    #[serde(default)]
    pub sex: String,
    /// `regular` or `electronic`.
    #[serde(default)]
    pub passport_type: String,
    /// `new` or `renewal`.
    #[serde(default)]
    pub service: String,
}

fn present(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

impl ApplicantInput {
    /// Check passport type, service and the applicant (the API's rules:
    /// fields, then the NIK, then birth date and sex against it), each
    /// refusal next to its field.
    pub(crate) fn check(
        &self,
        lang: Lang,
        errors: &mut Errors,
    ) -> Option<(CheckedIdentity, PassportType, ServiceKind)> {
        let passport = self.passport_type.parse::<PassportType>().ok();
        let service = self.service.parse::<ServiceKind>().ok();
        let nik = present(&self.nik);
        let full_name = present(&self.full_name);
        let birth_date = present(&self.birth_date);
        let sex = present(&self.sex);
        let input = IdentityInput {
            nik: nik.as_deref(),
            full_name: full_name.as_deref(),
            birth_date: birth_date.as_deref(),
            sex: sex.as_deref(),
        };
        let applicant = match check_identity(input) {
            Ok(a) => Some(a),
            Err(e) => {
                for (field, message) in identity::messages(lang, &e) {
                    errors.add(identity_input_id(field), message);
                }
                None
            }
        };
        if passport.is_none() {
            errors.add("passport_type-regular", lang.t("appt-error-passport-type"));
        }
        if service.is_none() {
            errors.add("service-new", lang.t("appt-error-service"));
        }
        Some((applicant?, passport?, service?))
    }

    /// Sex options.
    pub(crate) fn sex_choices(&self, lang: Lang) -> Vec<Choice> {
        [("M", "appt-sex-m"), ("F", "appt-sex-f")]
            .into_iter()
            .map(|(value, key)| Choice {
                value,
                label: lang.t(key),
                checked: self.sex.eq_ignore_ascii_case(value),
            })
            .collect()
    }

    /// Service options.
    pub(crate) fn service_choices(&self, lang: Lang) -> Vec<Choice> {
        ServiceKind::ALL
            .into_iter()
            .map(|s| Choice {
                value: s.as_str(),
                label: lang.t(&format!("appt-service-{}", s.as_str())),
                checked: self.service == s.as_str(),
            })
            .collect()
    }

    /// Passport type options, each with its fee for `category`.
    pub(crate) async fn passport_choices(
        &self,
        state: &AppState,
        lang: Lang,
        category: Category,
    ) -> Result<Vec<Choice>, sea_orm::DbErr> {
        let mut out = Vec::new();
        for p in PassportType::ALL {
            let fee = store::fee(&state.db, p, category).await?;
            out.push(Choice {
                value: p.as_str(),
                label: lang.t_args(
                    &format!("appt-type-{}-fee", p.as_str()),
                    &[("fee", &rupiah(fee))],
                ),
                checked: self.passport_type == p.as_str(),
            });
        }
        Ok(out)
    }
}

/// The radio groups of the applicant part, ready for the template.
#[derive(Debug, Clone)]
pub(crate) struct ApplicantChoices {
    /// Sex.
    pub sex: Vec<Choice>,
    /// Passport type with fees.
    pub passport: Vec<Choice>,
    /// New or renewal.
    pub service: Vec<Choice>,
}

impl ApplicantChoices {
    /// The choices for a form, with the fees of `category`.
    pub(crate) async fn new(
        state: &AppState,
        lang: Lang,
        input: &ApplicantInput,
        category: Category,
    ) -> Result<ApplicantChoices, sea_orm::DbErr> {
        Ok(ApplicantChoices {
            sex: input.sex_choices(lang),
            passport: input.passport_choices(state, lang, category).await?,
            service: input.service_choices(lang),
        })
    }
}

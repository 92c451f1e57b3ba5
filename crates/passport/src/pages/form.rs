//! Form input shared by the booking and waitlist forms: the applicant
//! fields, choices for radio groups, and per-field errors.

use imigrasi_core::{CheckedIdentity, IdentityField, IdentityInput, check_identity};
use imigrasi_platform::AppState;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::identity;
use serde::Deserialize;

use super::view::{key, rupiah};
use crate::domain::{Category, PassportType, Purpose, ServiceKind, VALIDITIES};
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
    /// `new`, `renewal` or `data_change`.
    #[serde(default)]
    pub service: String,
    /// `5` or `10` (booking form only; empty means 5).
    #[serde(default)]
    pub validity_years: String,
    /// Purpose of travel (booking form only; empty means `other`).
    #[serde(default)]
    pub purpose: String,
    /// The "married" checkbox: present when ticked.
    #[serde(default)]
    pub married: Option<String>,
}

/// What the booking form asks beyond the applicant.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Details {
    /// 5 or 10.
    pub validity_years: u8,
    /// Purpose of travel.
    pub purpose: Purpose,
    /// Married.
    pub married: bool,
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

    /// Validity, purpose and married (the booking form), each refusal next
    /// to its field.
    pub(crate) fn details(&self, lang: Lang, errors: &mut Errors) -> Option<Details> {
        let validity_years = match self.validity_years.trim() {
            "" => Some(5),
            v => VALIDITIES.into_iter().find(|y| y.to_string() == v),
        };
        if validity_years.is_none() {
            errors.add("validity-5", lang.t("appt-error-validity"));
        }
        let purpose = match self.purpose.trim() {
            "" => Some(Purpose::Other),
            p => p.parse::<Purpose>().ok(),
        };
        if purpose.is_none() {
            errors.add("purpose", lang.t("appt-error-purpose"));
        }
        Some(Details {
            validity_years: validity_years?,
            purpose: purpose?,
            married: self.married.is_some(),
        })
    }

    /// Validity options.
    pub(crate) fn validity_choices(&self, lang: Lang) -> Vec<Choice> {
        let chosen = match self.validity_years.trim() {
            "" => "5",
            v => v,
        };
        [("5", "appt-validity-5"), ("10", "appt-validity-10")]
            .into_iter()
            .map(|(value, k)| Choice {
                value,
                label: lang.t(k),
                checked: chosen == value,
            })
            .collect()
    }

    /// Purpose options (`other` chosen unless another is).
    pub(crate) fn purpose_choices(&self, lang: Lang) -> Vec<Choice> {
        let chosen = match self.purpose.trim() {
            "" => "other",
            p => p,
        };
        Purpose::ALL
            .into_iter()
            .map(|p| Choice {
                value: p.as_str(),
                label: lang.t(&key("purpose", p.as_str())),
                checked: chosen == p.as_str(),
            })
            .collect()
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
        ServiceKind::ONLINE
            .into_iter()
            .map(|s| Choice {
                value: s.as_str(),
                label: lang.t(&key("service", s.as_str())),
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

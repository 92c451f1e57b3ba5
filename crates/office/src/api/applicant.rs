//! The identity of a priority walk-in: the same fields, rules and error
//! codes as a booking's applicant (NIK, name, birth date and sex agreeing
//! with the NIK), checked here because the floor does not depend on any
//! service.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use imigrasi_core::{Nik, PersonName, PersonNameError, Sex};
use imigrasi_platform::http::error::ApiError;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::{AppState, accounts, pii};
use jiff::civil::Date;
use secrecy::ExposeSecret;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::WalkInPerson;

/// The applicant in a booking request.
#[derive(Debug, Deserialize, ToSchema)]
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

/// Check a walk-in's identity: fields, then the NIK, then that birth date
/// and sex agree with it. Errors: `invalid_input` (field messages in
/// `lang`, the ones the counter page shows), `invalid_nik`,
/// `identity_mismatch`. The NIK is kept only as its blind index
/// (`IMIGRASI_DATA_KEY`) and a masked form.
pub fn check_applicant(
    state: &AppState,
    lang: Lang,
    a: Option<&ApplicantBody>,
) -> Result<WalkInPerson, ApiError> {
    let mut fields = BTreeMap::new();
    let empty = ApplicantBody {
        nik: None,
        full_name: None,
        birth_date: None,
        sex: None,
    };
    let a = a.unwrap_or(&empty);
    let name = PersonName::parse(a.full_name.as_deref().unwrap_or(""));
    if let Err(e) = &name {
        let key = match e {
            PersonNameError::Empty => "floor-applicant-error-full-name",
            e => accounts::name_error_key(*e),
        };
        fields.insert("applicant.full_name".to_owned(), lang.t(key));
    }
    let birth = a.birth_date.as_deref().and_then(|d| d.parse::<Date>().ok());
    if birth.is_none() {
        fields.insert(
            "applicant.birth_date".to_owned(),
            lang.t("floor-applicant-error-birth-date"),
        );
    }
    let sex = a.sex.as_deref().and_then(|s| s.parse::<Sex>().ok());
    if sex.is_none() {
        fields.insert(
            "applicant.sex".to_owned(),
            lang.t("floor-applicant-error-sex"),
        );
    }
    if a.nik.is_none() {
        fields.insert(
            "applicant.nik".to_owned(),
            lang.t("floor-applicant-error-nik-required"),
        );
    }
    let (Ok(name), Some(birth), Some(sex), Some(nik)) = (name, birth, sex, a.nik.as_deref()) else {
        return Err(ApiError::invalid_input(fields));
    };
    let nik = Nik::parse(nik).map_err(|e| {
        let mut err = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_nik",
            lang.t_args("floor-api-nik-invalid", &[("reason", &e.to_string())]),
        );
        err.fields.insert("applicant.nik".to_owned(), e.to_string());
        err
    })?;
    nik.check_identity(birth, sex).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "identity_mismatch",
            lang.t_args("floor-api-identity-mismatch", &[("reason", &e.to_string())]),
        )
    })?;
    let key = state.config.data_key.expose_secret().as_bytes();
    Ok(WalkInPerson {
        nik_index: pii::blind_index(key, "nik", nik.as_str()),
        nik_masked: nik.masked(),
        full_name: name.as_str().to_owned(),
        birth_date: birth,
        sex,
    })
}

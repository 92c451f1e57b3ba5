//! The identity of a priority walk-in: the same fields, rules, error codes
//! and words as a booking's applicant (`imigrasi_core::check_identity`,
//! worded by `imigrasi_platform::identity`).

use imigrasi_core::{CheckedIdentity, check_identity};
use imigrasi_platform::http::error::ApiError;
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::{AppState, identity, pii};
use secrecy::ExposeSecret;

use crate::app::WalkInPerson;

pub use imigrasi_platform::identity::ApplicantBody;

/// The walk-in as the floor keeps them: the NIK only as its blind index
/// (`IMIGRASI_DATA_KEY`) and a masked form.
pub fn walk_in_person(state: &AppState, c: &CheckedIdentity) -> WalkInPerson {
    let key = state.config.data_key.expose_secret().as_bytes();
    WalkInPerson {
        nik_index: pii::blind_index(key, "nik", c.nik.as_str()),
        nik_masked: c.nik.masked(),
        full_name: c.full_name.as_str().to_owned(),
        birth_date: c.birth_date,
        sex: c.sex,
    }
}

/// Check a walk-in's identity: `invalid_input`, `invalid_nik`,
/// `identity_mismatch`, in `lang`.
pub fn check_applicant(
    state: &AppState,
    lang: Lang,
    a: Option<&ApplicantBody>,
) -> Result<WalkInPerson, ApiError> {
    let checked = check_identity(a.map(ApplicantBody::input).unwrap_or_default())
        .map_err(|e| identity::api_error(lang, &e, "applicant."))?;
    Ok(walk_in_person(state, &checked))
}

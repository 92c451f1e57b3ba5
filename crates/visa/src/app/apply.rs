//! Applying: a foreigner for themselves, a sponsor for a named foreigner;
//! and a sponsor's profile (which decides the processing office).

use imigrasi_casework::RegisterNumber;
use imigrasi_casework::store::{self as cases, NewCase};
use imigrasi_core::Nik;
use imigrasi_platform::policy::{self, Actor, Permission, Role};
use imigrasi_platform::{AppState, audit, db, offices, pii, regions};
use secrecy::ExposeSecret;

use super::{PREFIX, SERVICE, VisaError, today};
use crate::domain::applicant::{self, ApplicantInput, Applier, ApplyRefusal, FieldErrors};
use crate::domain::visa_type::SponsorKind;
use crate::store::{applications, sponsors, types};

/// The command of `POST /api/v1/visa/applications`.
#[derive(Debug, Clone)]
pub struct Apply {
    /// Visa index code.
    pub visa_type: String,
    /// The foreigner.
    pub applicant: ApplicantInput,
    /// `YYYY-MM-DD`.
    pub intended_arrival: String,
}

/// What applying gave.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The case's register number.
    pub register_number: String,
    /// The processing office.
    pub office: String,
}

fn field(name: &str, reason: &'static str) -> VisaError {
    VisaError::InvalidInput(FieldErrors::from([(name.to_owned(), reason)]))
}

/// The blind index of a passport number (for the one-active rule and
/// look-ups without storing it as a key).
pub use imigrasi_platform::pii::passport_index;

/// Open an application in `draft`.
pub async fn apply(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    cmd: Apply,
) -> Result<Applied, VisaError> {
    policy::authorize(actor, Permission::ApplyForPermit).map_err(|_| VisaError::Forbidden)?;
    let now = jiff::Timestamp::now();
    let (person, arrival) = applicant::parse(&cmd.applicant, &cmd.intended_arrival, today(now))
        .map_err(VisaError::InvalidInput)?;
    let code = cmd.visa_type.trim().to_ascii_uppercase();
    let visa_type = match types::find(&state.db, &code).await? {
        Some((t, false)) => t,
        _ => return Err(field("visa_type", "unknown")),
    };
    let (applier, office) = if actor.role == Role::Sponsor {
        let profile = sponsors::find(&state.db, &actor.id)
            .await?
            .ok_or(VisaError::SponsorProfileRequired)?;
        let office = regions::supervising_office(&state.db, &profile.regency_code)
            .await?
            .unwrap_or_else(|| offices::DIRECTORATE.to_owned());
        (Applier::Sponsor(profile.kind), office)
    } else {
        (Applier::Foreigner, offices::DIRECTORATE.to_owned())
    };
    applicant::may_apply(visa_type.sponsor, applier).map_err(|r| match r {
        ApplyRefusal::SponsorRequired => VisaError::SponsorRequired,
        ApplyRefusal::WrongSponsor => field("visa_type", "wrong_sponsor"),
    })?;
    let months = visa_type.min_passport_validity_months;
    if !applicant::passport_valid_long_enough(person.passport_expiry, arrival, months) {
        return Err(VisaError::PassportValidity { months });
    }
    let index = passport_index(state, person.passport_number.as_str());
    let year = today(now).year();
    let (person, visa_type, office, index) = (&person, &visa_type, &office, &index);
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        let register = RegisterNumber::generate(PREFIX, year, &mut rand::rng())
            .map_err(|_| VisaError::Db(sea_orm::DbErr::Custom("bad prefix".into())))?;
        let case = cases::create(
            txn,
            &NewCase {
                service: SERVICE,
                register_number: register.as_ref(),
                office_code: office,
                created_by: actor,
                applicant_email: &person.email,
                by_sponsor: actor.role == Role::Sponsor,
                at: now,
            },
        )
        .await?;
        let row = applications::Application {
            case_id: case.id.clone(),
            visa_type: visa_type.code.clone(),
            surname: person.surname.clone(),
            given_names: person.given_names.clone(),
            nationality: person.nationality.clone(),
            passport_number: person.passport_number.as_str().to_owned(),
            passport_index: index.clone(),
            passport_expiry: person.passport_expiry.to_string(),
            birth_date: person.birth_date.to_string(),
            sex: person.sex.as_str().to_owned(),
            intended_arrival: arrival.to_string(),
            fee: visa_type.fee,
            billing_code: None,
        };
        if let Err(e) = applications::insert(txn, &row).await {
            return Err(if db::is_unique_violation(&e) {
                VisaError::AlreadyApplied
            } else {
                VisaError::Db(e)
            });
        }
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "visa.apply",
                object_type: "visa_application",
                object_id: register.as_ref(),
                office: Some(office),
                request_id: Some(request_id),
                detail: serde_json::json!({ "visa_type": visa_type.code }),
            },
        )
        .await?;
        Ok(Applied {
            register_number: register.to_string(),
            office: office.clone(),
        })
    })
    .await
}

/// The command of `PUT /api/v1/visa/sponsor`.
#[derive(Debug, Clone)]
pub struct SetSponsor {
    /// `company` or `citizen`.
    pub kind: String,
    /// The company's NIB (13 digits) or the citizen's NIK (16 digits).
    pub id_number: String,
    /// Company or person name.
    pub name: String,
    /// Kemendagri regency code of the sponsor's address, e.g. `31.71`.
    pub regency: String,
}

/// Record a sponsor account's profile; returns its processing office.
pub async fn set_sponsor(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    cmd: SetSponsor,
) -> Result<String, VisaError> {
    if actor.role != Role::Sponsor {
        return Err(VisaError::Forbidden);
    }
    let kind = match SponsorKind::parse(cmd.kind.trim()) {
        Some(k @ (SponsorKind::Company | SponsorKind::Citizen)) => k,
        _ => return Err(field("kind", "invalid")),
    };
    let id_number = cmd.id_number.trim();
    let id_ok = match kind {
        SponsorKind::Company => {
            id_number.len() == 13 && id_number.bytes().all(|b| b.is_ascii_digit())
        }
        _ => Nik::parse(id_number).is_ok(),
    };
    if !id_ok {
        return Err(field("id_number", "invalid"));
    }
    let name = imigrasi_core::PersonName::parse(&cmd.name).map_err(|_| field("name", "invalid"))?;
    let regency = regions::find(&state.db, cmd.regency.trim())
        .await?
        .ok_or_else(|| field("regency", "unknown"))?;
    let index = pii::blind_index(
        state.config.data_key.expose_secret().as_bytes(),
        kind.as_str(),
        id_number,
    );
    let profile = sponsors::Sponsor {
        account_id: actor.id.clone(),
        kind,
        name: name.as_str().to_owned(),
        regency_code: regency.code.clone(),
    };
    let (profile, index, office) = (&profile, &index, &regency.office);
    db::write(&state.db, |txn| async move {
        sponsors::upsert(&*txn, profile, index).await?;
        audit::append(
            &*txn,
            audit::Entry {
                actor: Some(actor),
                action: "visa.sponsor_profile",
                object_type: "account",
                object_id: &actor.id,
                office: Some(office),
                request_id: Some(request_id),
                detail: serde_json::json!({ "kind": profile.kind.as_str(), "regency": profile.regency_code }),
            },
        )
        .await?;
        Ok::<_, VisaError>(())
    })
    .await?;
    Ok(office.clone())
}

//! Registering an existing permit (legacy data) by staff of its
//! supervising office.

use imigrasi_casework::RegisterNumber;
use imigrasi_platform::accounts;
use imigrasi_platform::policy::{self, Actor, Permission, Role};
use imigrasi_platform::{AppState, audit, db, regions};

use super::read::{PermitFile, overstay_of};
use super::{PERMIT_PREFIX, StayError, field, office_zone, passport_index, settings};
use crate::domain::holder::{self, NewPermit, PermitInput};
use crate::domain::permit::PermitStatus;
use crate::store::history::{self, Entry};
use crate::store::permits::{self, Permit};

/// The command of `POST /api/v1/stay/permits`.
#[derive(Debug, Clone)]
pub struct Register {
    /// The permit.
    pub permit: PermitInput,
    /// The sponsor's account e-mail, if sponsored.
    pub sponsor_email: Option<String>,
    /// The e-Visa number it came from, when known.
    pub origin_evisa: Option<String>,
}

/// Register a permit; returns it as stored, with its first history entry.
pub async fn register(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    cmd: Register,
) -> Result<PermitFile, StayError> {
    // Only staff register at all; whether at this office is decided below.
    let own = actor.office.as_deref().unwrap_or_default();
    policy::authorize(actor, Permission::RegisterPermit { office: own })
        .map_err(|_| StayError::Forbidden)?;
    let now = jiff::Timestamp::now();
    let office = regions::supervising_office(&state.db, cmd.permit.regency.trim()).await?;
    let zone = match &office {
        Some(o) => office_zone(&state.db, o).await?,
        None => imigrasi_core::OfficeZone::Jakarta,
    };
    let parsed = holder::parse(&cmd.permit, zone.local_date(now));
    let office = match (parsed, office) {
        (Err(mut errors), None) => {
            errors.insert("address.regency".into(), "unknown");
            return Err(StayError::InvalidInput(errors));
        }
        (Err(errors), Some(_)) => return Err(StayError::InvalidInput(errors)),
        (Ok(_), None) => return Err(field("address.regency", "unknown")),
        (Ok(p), Some(o)) => (p, o),
    };
    let (new, office) = office;
    policy::authorize(actor, Permission::RegisterPermit { office: &office })
        .map_err(|_| StayError::Forbidden)?;
    let sponsor = match cmd.sponsor_email.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(email) => {
            let email = accounts::normalize_email(email)
                .ok_or_else(|| field("sponsor_email", "invalid"))?;
            match accounts::find_by_email(&state.db, &email).await? {
                Some(a) if a.role == Role::Sponsor => Some(a.id),
                _ => return Err(field("sponsor_email", "unknown")),
            }
        }
    };
    let origin_evisa = cmd
        .origin_evisa
        .map(|e| e.trim().to_ascii_uppercase())
        .filter(|e| !e.is_empty());
    if origin_evisa
        .as_deref()
        .is_some_and(|e| e.len() > 40 || !e.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    {
        return Err(field("origin_evisa", "invalid"));
    }
    let mut row = permit_row(state, &new, &office, sponsor, origin_evisa, now);
    let entry = Entry {
        at: db::millis(now),
        what: "registered".into(),
        actor_role: Some(actor.role.as_str().to_owned()),
        detail: serde_json::json!({
            "kind": row.kind, "valid_from": row.valid_from, "valid_until": row.valid_until,
        }),
    };
    let year = zone.local_date(now).year();
    // A number already taken (one in 32^8 per permit and year) is retried.
    for _ in 0..3 {
        row.number = RegisterNumber::generate(PERMIT_PREFIX, year, &mut rand::rng())
            .map_err(|_| StayError::Db(sea_orm::DbErr::Custom("bad prefix".into())))?
            .to_string();
        match insert(state, actor, request_id, &row, &entry).await {
            Err(StayError::Db(e)) if db::is_unique_violation(&e) => continue,
            Err(e) => return Err(e),
            Ok(()) => {
                return Ok(PermitFile {
                    overstay: overstay_of(&row, &settings(state).overstay, now, zone),
                    permit: row,
                    history: vec![entry],
                });
            }
        }
    }
    Err(StayError::Db(sea_orm::DbErr::Custom(
        "no free permit number".into(),
    )))
}

/// The row of a new, active permit (its number still to be drawn).
pub(crate) fn permit_row(
    state: &AppState,
    new: &NewPermit,
    office: &str,
    sponsor: Option<String>,
    origin_evisa: Option<String>,
    now: jiff::Timestamp,
) -> Permit {
    let h = &new.holder;
    Permit {
        id: uuid::Uuid::now_v7().to_string(),
        number: String::new(),
        kind: new.kind.as_str().to_owned(),
        status: PermitStatus::Active.as_str().to_owned(),
        surname: h.surname.as_str().to_owned(),
        given_names: h.given_names.as_str().to_owned(),
        nationality: h.nationality.as_str().to_owned(),
        passport_number: h.passport_number.as_str().to_owned(),
        passport_index: passport_index(state, h.passport_number.as_str()),
        birth_date: h.birth_date.to_string(),
        sex: h.sex.as_str().to_owned(),
        email: h.email.clone(),
        sponsor_account_id: sponsor,
        address_line: new.address_line.clone(),
        regency_code: new.regency.clone(),
        office_code: office.to_owned(),
        valid_from: new.valid_from.to_string(),
        valid_until: new.valid_until.map(|d| d.to_string()),
        origin_visa: new.origin_visa.clone(),
        origin_evisa,
        from_visa_on_arrival: new.from_visa_on_arrival,
        extension_days_used: 0,
        reentry_until: None,
        exit_permit: false,
        created_at: db::millis(now),
        updated_at: db::millis(now),
    }
}

async fn insert(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    row: &Permit,
    entry: &Entry,
) -> Result<(), StayError> {
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        permits::insert(txn, row).await?;
        history::append(txn, &row.id, entry).await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "stay.register",
                object_type: "stay_permit",
                object_id: &row.number,
                office: Some(&row.office_code),
                request_id: Some(request_id),
                detail: serde_json::json!({ "kind": row.kind }),
            },
        )
        .await?;
        Ok::<_, StayError>(())
    })
    .await
}

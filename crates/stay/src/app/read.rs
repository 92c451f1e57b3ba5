//! Reading permits: the holder sees their own (by the account's e-mail),
//! a sponsor the ones it sponsors, staff their office's (every staff read
//! audited `stay.read`), administrators all; anyone else sees nothing.

use std::collections::BTreeMap;

use imigrasi_casework::store::named_applicant_email;
use imigrasi_core::{OfficeZone, PassportNumber};
use imigrasi_platform::policy::{self, Actor, Permission, Role};
use imigrasi_platform::{AppState, audit, db};
use jiff::Timestamp;

use super::{StayError, office_zone, passport_index, settings};
use crate::domain::overstay::{self, Overstay, OverstayFees};
use crate::domain::permit::PermitStatus;
use crate::store::history::{self, Entry};
use crate::store::permits::{self, Permit, Scope, Search};

/// A permit with what is worked out of it.
#[derive(Debug, Clone)]
pub struct PermitFile {
    /// The permit.
    pub permit: Permit,
    /// Its overstay now, if any.
    pub overstay: Option<Overstay>,
    /// Its history, oldest first (empty in lists).
    pub history: Vec<Entry>,
}

/// The holder: a foreigner account whose e-mail is the permit's and is
/// verified (the same rule as a case's named applicant).
pub(crate) fn is_holder(actor: &Actor, p: &Permit) -> bool {
    named_applicant_email(actor).is_some_and(|e| e == p.email)
}

pub(crate) fn is_sponsor(actor: &Actor, p: &Permit) -> bool {
    actor.role == Role::Sponsor && p.sponsor_account_id.as_deref() == Some(actor.id.as_str())
}

/// The overstay of a permit at `now` in its office's `zone`. A permit in
/// process (a paid case being decided) does not overstay.
pub fn overstay_of(
    p: &Permit,
    fees: &OverstayFees,
    now: Timestamp,
    zone: OfficeZone,
) -> Option<Overstay> {
    let status = PermitStatus::parse(&p.status);
    if !matches!(status, Some(PermitStatus::Active | PermitStatus::Expired)) {
        return None;
    }
    let until = p.valid_until.as_deref().and_then(|d| d.parse().ok());
    overstay::overstay(until, false, fees, now, zone)
}

async fn audit_read(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    action: &'static str,
    object_id: &str,
    office: Option<&str>,
) -> Result<(), StayError> {
    db::write(&state.db, |txn| async move {
        audit::append(
            &*txn,
            audit::Entry {
                actor: Some(actor),
                action,
                object_type: "stay_permit",
                object_id,
                office,
                request_id: Some(request_id),
                detail: serde_json::json!({}),
            },
        )
        .await?;
        Ok::<_, StayError>(())
    })
    .await
}

/// One permit with its history, or [`StayError::NotFound`] for anyone who
/// may not see it.
pub async fn view(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    number: &str,
) -> Result<PermitFile, StayError> {
    let permit = permits::find_by_number(&state.db, number)
        .await?
        .ok_or(StayError::NotFound)?;
    if !is_holder(actor, &permit) && !is_sponsor(actor, &permit) {
        let office = permit.office_code.as_str();
        policy::authorize(actor, Permission::ReadOfficePersonalData { office })
            .map_err(|_| StayError::NotFound)?;
        audit_read(
            state,
            actor,
            request_id,
            "stay.read",
            &permit.number,
            Some(office),
        )
        .await?;
    }
    let zone = office_zone(&state.db, &permit.office_code).await?;
    let overstay = overstay_of(&permit, &settings(state).overstay, Timestamp::now(), zone);
    let history = history::list(&state.db, &permit.id).await?;
    Ok(PermitFile {
        permit,
        overstay,
        history,
    })
}

/// Largest page of a list.
pub const MAX_PAGE: u32 = 100;

/// One page of the permits the actor may see, after the number `after`,
/// matching `q` when given (a permit number, passport number or surname).
pub async fn list(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    q: Option<&str>,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<PermitFile>, StayError> {
    let scope = match actor.role {
        Role::Foreigner => match named_applicant_email(actor) {
            Some(email) => Scope::Holder { email },
            // Not verified yet: the e-mail proves nothing, so no permit.
            None => return Ok(Vec::new()),
        },
        Role::Sponsor => Scope::Sponsor {
            account_id: actor.id.clone(),
        },
        Role::Administrator => Scope::All,
        _ => {
            let office = actor.office.clone().unwrap_or_default();
            policy::authorize(
                actor,
                Permission::ReadOfficePersonalData { office: &office },
            )
            .map_err(|_| StayError::Forbidden)?;
            Scope::Office { office }
        }
    };
    let search = q.map(str::trim).filter(|q| !q.is_empty()).map(|q| Search {
        number: q.to_ascii_uppercase(),
        passport_index: PassportNumber::parse(q)
            .map(|p| passport_index(state, p.as_str()))
            .unwrap_or_default(),
        surname: q.to_lowercase(),
    });
    if actor.role.is_staff() {
        let office = actor.office.as_deref();
        let action = if search.is_some() {
            "stay.search"
        } else {
            "stay.list"
        };
        audit_read(state, actor, request_id, action, "", office).await?;
    }
    let limit = limit.clamp(1, MAX_PAGE);
    let found = permits::list(&state.db, &scope, search.as_ref(), after, limit).await?;
    let now = Timestamp::now();
    let fees = settings(state).overstay;
    let mut zones: BTreeMap<String, OfficeZone> = BTreeMap::new();
    let mut out = Vec::with_capacity(found.len());
    for permit in found {
        let zone = match zones.get(&permit.office_code) {
            Some(z) => *z,
            None => {
                let z = office_zone(&state.db, &permit.office_code).await?;
                zones.insert(permit.office_code.clone(), z);
                z
            }
        };
        let overstay = overstay_of(&permit, &fees, now, zone);
        out.push(PermitFile {
            permit,
            overstay,
            history: Vec::new(),
        });
    }
    Ok(out)
}

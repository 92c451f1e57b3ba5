//! A stay permit starts when a border officer records the arrival on an
//! e-Visa with the address from the arrival card: an ITK for visit visas,
//! an ITAS for E (limited stay) visas, valid from the day of entry for
//! the visa's days of stay, supervised by the address's regency office.

use imigrasi_casework::RegisterNumber;
use imigrasi_platform::arrivals::{Arrival, ArrivalError, ArrivalFuture, ArrivalListener};
use imigrasi_platform::policy::Actor;
use imigrasi_platform::{AppState, audit, db, regions};
use sea_orm::DatabaseTransaction;

use super::register::permit_row;
use super::{PERMIT_PREFIX, issue, office_zone};
use crate::domain::extension::add_days;
use crate::domain::holder::{self, HolderInput, PermitInput};
use crate::domain::permit::PermitKind;
use crate::store::history::{self, Entry};
use crate::store::permits;

/// The kind of permit a visa leads to: E types (limited stay) an ITAS,
/// every other (visit) type an ITK.
pub fn kind_for(visa_type: &str) -> PermitKind {
    if visa_type.trim().to_ascii_uppercase().starts_with('E') {
        PermitKind::Itas
    } else {
        PermitKind::Itk
    }
}

/// Starts the stay permit of an arrival that names its address.
#[derive(Debug, Clone, Copy)]
pub struct StartPermit;

impl ArrivalListener for StartPermit {
    fn arrived<'a>(
        &'a self,
        state: &'a AppState,
        txn: &'a DatabaseTransaction,
        actor: &'a Actor,
        request_id: &'a str,
        arrival: &'a Arrival,
    ) -> ArrivalFuture<'a> {
        Box::pin(start(state, txn, actor, request_id, arrival))
    }
}

fn field(name: &'static str) -> ArrivalError {
    ArrivalError::Field(name, "invalid")
}

async fn start(
    state: &AppState,
    txn: &DatabaseTransaction,
    actor: &Actor,
    request_id: &str,
    arrival: &Arrival,
) -> Result<Option<String>, ArrivalError> {
    let Some((line, regency)) = &arrival.address else {
        return Ok(None);
    };
    let office = regions::supervising_office(txn, regency.trim())
        .await?
        .ok_or(ArrivalError::Field("address.regency", "unknown"))?;
    let zone = office_zone(txn, &office).await?;
    let entered = zone.local_date(arrival.entered_at);
    let days = arrival.stay_days.max(1);
    let until = add_days(entered, days - 1).ok_or_else(|| field("entered_at"))?;
    let t = &arrival.traveller;
    let input = PermitInput {
        kind: kind_for(&arrival.visa_type).as_str().to_owned(),
        holder: HolderInput {
            surname: t.surname.clone(),
            given_names: t.given_names.clone(),
            nationality: t.nationality.clone(),
            passport_number: t.passport_number.clone(),
            birth_date: t.birth_date.clone(),
            sex: t.sex.clone(),
            email: t.email.clone(),
        },
        address_line: line.clone(),
        regency: regency.trim().to_owned(),
        valid_from: entered.to_string(),
        valid_until: Some(until.to_string()),
        origin_visa: Some(arrival.visa_type.clone()),
        from_visa_on_arrival: false,
    };
    // The traveller's data was checked when the visa was applied for; the
    // arrival card's address is checked here.
    let new = holder::parse(&input, add_days(entered, 1).unwrap_or(entered)).map_err(|errors| {
        match errors.keys().next().map(String::as_str) {
            Some("address.line") => field("address.line"),
            _ => field("address"),
        }
    })?;
    let now = arrival.entered_at;
    let mut row = permit_row(
        state,
        &new,
        &office,
        arrival.sponsor_account_id.clone(),
        Some(arrival.evisa_number.clone()),
        jiff::Timestamp::now(),
    );
    row.number = RegisterNumber::generate(PERMIT_PREFIX, entered.year(), &mut rand::rng())
        .map_err(|_| sea_orm::DbErr::Custom("bad prefix".into()))?
        .to_string();
    permits::insert(txn, &row).await?;
    let entry = Entry {
        at: db::millis(now),
        what: "started_on_arrival".into(),
        actor_role: Some(actor.role.as_str().to_owned()),
        detail: serde_json::json!({
            "evisa": arrival.evisa_number, "visa_type": arrival.visa_type,
            "kind": row.kind, "valid_from": row.valid_from, "valid_until": row.valid_until,
        }),
    };
    history::append(txn, &row.id, &entry).await?;
    issue::issue_document(state, txn, &row, None, jiff::Timestamp::now()).await?;
    audit::append(
        txn,
        audit::Entry {
            actor: Some(actor),
            action: "stay.start_on_arrival",
            object_type: "stay_permit",
            object_id: &row.number,
            office: Some(&row.office_code),
            request_id: Some(request_id),
            detail: serde_json::json!({ "kind": row.kind, "evisa": arrival.evisa_number }),
        },
    )
    .await?;
    Ok(Some(row.number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_types_lead_to_an_itas_and_visits_to_an_itk() {
        assert_eq!(kind_for("E23"), PermitKind::Itas);
        assert_eq!(kind_for("e31a"), PermitKind::Itas);
        for v in ["B1", "C1", "C2", "D1", "A1"] {
            assert_eq!(kind_for(v), PermitKind::Itk, "{v}");
        }
    }
}

//! Amending a report (kept as versions, never a silent overwrite) and
//! cancelling one with a reason.

use imigrasi_platform::{AppState, audit, db};
use jiff::Timestamp;

use super::stays::audit_entry;
use super::{ApoaError, Reporter, field, office_zone, passport_index, premise_for};
use crate::domain::guest::{self, GuestError, GuestInput};
use crate::domain::stay::{self, GuestPermitInput, StayInput};
use crate::domain::{FieldErrors, one_line};
use crate::store::stays::{self, CANCELLED, Stay};
use crate::store::versions::{self, Version};

/// The command of `PATCH /api/v1/apoa/stays/{id}`: what is given replaces
/// the reported value; what is absent stays (a blank room clears it).
#[derive(Debug, Clone, Default)]
pub struct Amendment {
    /// The guest, in full.
    pub guest: Option<GuestInput>,
    /// Date of entry.
    pub entry_date: Option<String>,
    /// Port of entry (a blank one clears it).
    pub entry_port: Option<String>,
    /// Check-in.
    pub check_in: Option<String>,
    /// Expected check-out.
    pub expected_check_out: Option<String>,
    /// Room.
    pub room: Option<String>,
    /// Visa or permit.
    pub permit: Option<GuestPermitInput>,
    /// Purpose.
    pub purpose: Option<String>,
    /// The version the change was made on (a form's, or the API's
    /// `version`): another one is [`ApoaError::AmendedMeanwhile`].
    pub if_version: Option<i32>,
}

/// What a version said: the reported fields.
fn snapshot(s: &Stay) -> serde_json::Value {
    serde_json::json!({
        "source": s.source, "surname": s.surname, "given_names": s.given_names,
        "nationality": s.nationality, "passport_number": s.passport_number,
        "passport_expiry": s.passport_expiry, "birth_date": s.birth_date, "sex": s.sex,
        "entry_date": s.entry_date, "entry_port": s.entry_port, "check_in": s.check_in,
        "expected_check_out": s.expected_check_out, "room": s.room,
        "permit_kind": s.permit_kind, "permit_number": s.permit_number, "purpose": s.purpose,
    })
}

/// Amend a report: the version replaced is kept, the stay's version goes up.
pub async fn amend(
    state: &AppState,
    reporter: &Reporter,
    request_id: &str,
    id: &str,
    a: Amendment,
) -> Result<Stay, ApoaError> {
    let old = super::stays::find(state, reporter, id).await?;
    if old.status == CANCELLED {
        return Err(ApoaError::Cancelled);
    }
    if a.if_version.is_some_and(|v| v != old.version) {
        return Err(ApoaError::AmendedMeanwhile);
    }
    let premise = premise_for(&state.db, reporter, &old.premise_id).await?;
    let zone = office_zone(&state.db, &premise.office_code).await?;
    let now = Timestamp::now();
    let input = StayInput {
        entry_date: a.entry_date.unwrap_or_else(|| old.entry_date.clone()),
        entry_port: a.entry_port.or_else(|| old.entry_port.clone()),
        check_in: a
            .check_in
            .unwrap_or_else(|| db::from_millis(old.check_in).to_string()),
        expected_check_out: a
            .expected_check_out
            .unwrap_or_else(|| old.expected_check_out.clone()),
        room: a.room.or_else(|| old.room.clone()),
        permit: a.permit.or_else(|| {
            Some(GuestPermitInput {
                kind: old.permit_kind.clone()?,
                number: old.permit_number.clone()?,
            })
        }),
        purpose: a.purpose.unwrap_or_else(|| old.purpose.clone()),
    };
    let guest = a.guest.map(|g| guest::parse(&g, zone.local_date(now)));
    let parsed = stay::parse(&input, zone, now);
    let (guest, new) = match (guest, parsed) {
        (Some(Err(GuestError::Mrz(e))), _) => return Err(ApoaError::InvalidMrz(e)),
        (Some(Ok(g)), Ok(s)) => (Some(g), s),
        (None, Ok(s)) => (None, s),
        (g, s) => {
            let mut errors = FieldErrors::new();
            if let Some(Err(GuestError::Fields(e))) = g {
                errors.extend(e);
            }
            if let Err(e) = s {
                errors.extend(e);
            }
            return Err(ApoaError::InvalidInput(errors));
        }
    };
    let mut row = old.clone();
    if let Some(g) = guest {
        row.source = g.source.as_str().to_owned();
        row.passport_index = passport_index(state, &g.passport_number);
        row.surname = g.surname;
        row.given_names = g.given_names;
        row.nationality = g.nationality;
        row.passport_number = g.passport_number;
        row.passport_expiry = g.passport_expiry.to_string();
        row.birth_date = g.birth_date.to_string();
        row.sex = g.sex.to_owned();
    }
    row.entry_date = new.entry_date.to_string();
    row.entry_port = new.entry_port;
    row.check_in = db::millis(new.check_in);
    row.check_in_date = zone.local_date(new.check_in).to_string();
    row.expected_check_out = new.expected_check_out.to_string();
    row.room = new.room;
    row.permit_kind = new.permit_kind;
    row.permit_number = new.permit_number;
    row.purpose = new.purpose;
    row.version = old.version + 1;
    row.updated_at = db::millis(now);
    let replaced = Version {
        stay_id: old.id.clone(),
        version: old.version,
        snapshot: snapshot(&old),
        replaced_at: db::millis(now),
        replaced_by_account: reporter.actor().map(|a| a.id.clone()),
        replaced_by_key: match reporter {
            Reporter::Key(k) => Some(k.id.clone()),
            Reporter::Account(_) => None,
        },
    };
    let (row_ref, premise, replaced) = (&row, &premise, &replaced);
    let written = db::write(&state.db, |txn| async move {
        let txn = &*txn;
        if !stays::amend(txn, row_ref, replaced.version).await? {
            return Err(ApoaError::AmendedMeanwhile);
        }
        versions::insert(txn, replaced).await?;
        let entry = audit_entry(reporter, "apoa.stay.amend", row_ref, premise, request_id);
        audit::append(txn, entry).await?;
        Ok(())
    })
    .await;
    match written {
        // The amended guest and date are another live report's.
        Err(ApoaError::Db(e)) if db::is_unique_violation(&e) => {
            let existing = stays::same_day(
                &state.db,
                &row.premise_id,
                &row.passport_index,
                &row.check_in_date,
            )
            .await?;
            Err(ApoaError::DuplicateStay(existing.unwrap_or_default()))
        }
        Err(e) => Err(e),
        Ok(()) => Ok(row),
    }
}

/// Cancel a report (made in error) with a reason; it changes no more.
pub async fn cancel(
    state: &AppState,
    reporter: &Reporter,
    request_id: &str,
    id: &str,
    reason: &str,
) -> Result<Stay, ApoaError> {
    let reason = one_line(reason, 500).ok_or_else(|| field("reason", "invalid"))?;
    let reason = &reason;
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        let stay = stays::find(txn, id).await?.ok_or(ApoaError::NotFound)?;
        let premise = premise_for(txn, reporter, &stay.premise_id).await?;
        let now = db::millis(Timestamp::now());
        if !stays::cancel(txn, id, reason, now).await? {
            return Err(ApoaError::Cancelled);
        }
        let stay = stays::find(txn, id).await?.ok_or(ApoaError::NotFound)?;
        let entry = audit_entry(reporter, "apoa.stay.cancel", &stay, &premise, request_id);
        audit::append(txn, entry).await?;
        Ok(stay)
    })
    .await
}

/// The versions a stay replaced, for whoever may see the stay.
pub async fn versions(
    state: &AppState,
    reporter: &Reporter,
    id: &str,
) -> Result<(Stay, Vec<Version>), ApoaError> {
    let stay = super::stays::find(state, reporter, id).await?;
    let list = versions::of_stay(&state.db, &stay.id).await?;
    Ok((stay, list))
}

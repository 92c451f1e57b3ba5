//! Check-in and check-out reports of a premise's foreign guests.

use imigrasi_core::OfficeZone;
use imigrasi_platform::{AppState, audit, db};
use jiff::Timestamp;

use super::{ApoaError, Reporter, field, office_zone, passport_index, premise_for};
use crate::domain::guest::{self, GuestError, GuestInput};
use crate::domain::stay::{self, StayInput};
use crate::domain::{FieldErrors, receipt};
use crate::store::premises::Premise;
use crate::store::stays::{self, CANCELLED, CHECKED_IN, Stay};

/// The command of `POST /api/v1/apoa/stays`.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The premise the guest stays at.
    pub premise_id: String,
    /// The guest.
    pub guest: GuestInput,
    /// The stay.
    pub stay: StayInput,
    /// The stay of the group's or family's head, at the same premise.
    pub group_head_id: Option<String>,
}

pub(crate) fn audit_entry<'a>(
    reporter: &'a Reporter,
    action: &'static str,
    stay: &'a Stay,
    premise: &'a Premise,
    request_id: &'a str,
) -> audit::Entry<'a> {
    let key = match reporter {
        Reporter::Key(k) => Some(k.id.as_str()),
        Reporter::Account(_) => None,
    };
    audit::Entry {
        actor: reporter.actor(),
        action,
        object_type: "apoa_stay",
        object_id: &stay.id,
        office: Some(&premise.office_code),
        request_id: Some(request_id),
        detail: serde_json::json!({
            "premise": premise.id, "receipt": stay.receipt_number, "key": key, "late": stay.late,
        }),
    }
}

/// Report a guest's check-in; a report more than 24 hours after the
/// check-in is taken and flagged late. The guest's check-in at the same
/// premise on the same (local) date, reported already and not cancelled,
/// is [`ApoaError::DuplicateStay`].
pub async fn report(
    state: &AppState,
    reporter: &Reporter,
    request_id: &str,
    cmd: Report,
) -> Result<Stay, ApoaError> {
    let premise = premise_for(&state.db, reporter, cmd.premise_id.trim()).await?;
    let zone = office_zone(&state.db, &premise.office_code).await?;
    let row = prepare(state, reporter, &premise, zone, &cmd, FieldErrors::new()).await?;
    write(state, reporter, request_id, &premise, zone, row).await
}

/// A report checked by the domain's rules and ready to write (its receipt
/// number still to draw); `refused` are refusals found before (a batch's
/// control characters), answered with the rules' own.
pub(crate) async fn prepare(
    state: &AppState,
    reporter: &Reporter,
    premise: &Premise,
    zone: OfficeZone,
    cmd: &Report,
    refused: FieldErrors,
) -> Result<Stay, ApoaError> {
    let now = Timestamp::now();
    let today = zone.local_date(now);
    let guest = guest::parse(&cmd.guest, today);
    let parsed = stay::parse(&cmd.stay, zone, now);
    let (guest, new) = match (guest, parsed) {
        (Err(GuestError::Mrz(e)), _) if refused.is_empty() => {
            return Err(ApoaError::InvalidMrz(e));
        }
        (Ok(g), Ok(s)) if refused.is_empty() => (g, s),
        (g, s) => {
            let mut errors = FieldErrors::new();
            if let Err(GuestError::Fields(e)) = g {
                errors.extend(e);
            }
            if let Err(e) = s {
                errors.extend(e);
            }
            // A control character is the refusal to name, not its effect.
            errors.extend(refused);
            return Err(ApoaError::InvalidInput(errors));
        }
    };
    let group_head_id = match cmd.group_head_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(id) => match stays::find(&state.db, id).await? {
            Some(head) if head.premise_id == premise.id => Some(head.id),
            _ => return Err(field("group_head_id", "unknown")),
        },
    };
    let ms = db::millis(now);
    Ok(Stay {
        id: uuid::Uuid::now_v7().to_string(),
        premise_id: premise.id.clone(),
        receipt_number: String::new(),
        version: 1,
        status: CHECKED_IN.to_owned(),
        source: guest.source.as_str().to_owned(),
        passport_index: passport_index(state, &guest.passport_number),
        surname: guest.surname,
        given_names: guest.given_names,
        nationality: guest.nationality,
        passport_number: guest.passport_number,
        passport_expiry: guest.passport_expiry.to_string(),
        birth_date: guest.birth_date.to_string(),
        sex: guest.sex.to_owned(),
        entry_date: new.entry_date.to_string(),
        entry_port: new.entry_port,
        check_in: db::millis(new.check_in),
        check_in_date: zone.local_date(new.check_in).to_string(),
        expected_check_out: new.expected_check_out.to_string(),
        check_out: None,
        room: new.room,
        permit_kind: new.permit_kind,
        permit_number: new.permit_number,
        purpose: new.purpose,
        group_head_id,
        late: stay::is_late(new.check_in, now),
        reported_by_account: reporter.actor().map(|a| a.id.clone()),
        reported_by_key: match reporter {
            Reporter::Key(k) => Some(k.id.clone()),
            Reporter::Account(_) => None,
        },
        created_at: ms,
        updated_at: ms,
        cancelled_at: None,
        cancel_reason: None,
    })
}

/// Write a prepared report with its receipt number and audit row, in its
/// own transaction.
async fn write(
    state: &AppState,
    reporter: &Reporter,
    request_id: &str,
    premise: &Premise,
    zone: OfficeZone,
    mut row: Stay,
) -> Result<Stay, ApoaError> {
    let year = zone.local_date(db::from_millis(row.created_at)).year();
    // A receipt number already taken (one in 30^8 per year) is drawn again.
    for _ in 0..3 {
        row.receipt_number = receipt::generate(year, &mut rand::rng());
        let row_ref = &row;
        let written = db::write(&state.db, |txn| async move {
            let txn = &*txn;
            if !stays::insert(txn, row_ref).await? {
                let existing = stays::same_day(
                    txn,
                    &row_ref.premise_id,
                    &row_ref.passport_index,
                    &row_ref.check_in_date,
                )
                .await?;
                return Err(ApoaError::DuplicateStay(existing.unwrap_or_default()));
            }
            let entry = audit_entry(reporter, "apoa.stay.report", row_ref, premise, request_id);
            audit::append(txn, entry).await?;
            Ok::<_, ApoaError>(())
        })
        .await;
        match written {
            Err(ApoaError::Db(e)) if db::is_unique_violation(&e) => continue,
            Err(e) => return Err(e),
            Ok(()) => return Ok(row),
        }
    }
    Err(ApoaError::Db(sea_orm::DbErr::Custom(
        "no free receipt number".into(),
    )))
}

/// A stay as `reporter` may see it (its premise's owner or key), else
/// [`ApoaError::NotFound`].
pub async fn find(state: &AppState, reporter: &Reporter, id: &str) -> Result<Stay, ApoaError> {
    let stay = stays::find(&state.db, id)
        .await?
        .ok_or(ApoaError::NotFound)?;
    premise_for(&state.db, reporter, &stay.premise_id).await?;
    Ok(stay)
}

/// Report a guest's check-out.
pub async fn check_out(
    state: &AppState,
    reporter: &Reporter,
    request_id: &str,
    id: &str,
    at: &str,
) -> Result<Stay, ApoaError> {
    let now = Timestamp::now();
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        let stay = stays::find(txn, id).await?.ok_or(ApoaError::NotFound)?;
        let premise = premise_for(txn, reporter, &stay.premise_id).await?;
        if stay.status == CANCELLED {
            return Err(ApoaError::Cancelled);
        }
        if stay.status != CHECKED_IN {
            return Err(ApoaError::AlreadyCheckedOut);
        }
        let zone = office_zone(txn, &premise.office_code).await?;
        let out = stay::check_out(at, zone, db::from_millis(stay.check_in), now)
            .map_err(|reason| field("check_out", reason))?;
        if !stays::check_out(txn, id, db::millis(out), db::millis(now)).await? {
            return Err(ApoaError::AlreadyCheckedOut);
        }
        let stay = stays::find(txn, id).await?.ok_or(ApoaError::NotFound)?;
        let entry = audit_entry(reporter, "apoa.stay.check_out", &stay, &premise, request_id);
        audit::append(txn, entry).await?;
        Ok(stay)
    })
    .await
}

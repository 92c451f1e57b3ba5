//! Departures recorded by border officers: an exit permit (EPO) or a
//! visit permit ends with the departure; a re-entry permit keeps the
//! permit; without either the holder needs an exit permit first.

use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, db};
use jiff::Timestamp;

use super::cases::note;
use super::{StayError, office_zone};
use crate::domain::permit::{PermitKind, PermitStatus};
use crate::store::permits::{self, Permit};

/// What a departure did to the permit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Departed {
    /// The permit ended (`cancelled`).
    Ended,
    /// The holder may come back on the re-entry permit until this day.
    MayReturn(jiff::civil::Date),
}

/// Record a holder's departure through `port`.
pub async fn depart(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    number: &str,
    port: &str,
    now: Timestamp,
) -> Result<Departed, StayError> {
    policy::authorize(actor, Permission::RecordEntry).map_err(|_| StayError::Forbidden)?;
    let port = port.trim();
    if port.is_empty() || port.chars().count() > 100 || port.chars().any(char::is_control) {
        return Err(super::field("port", "invalid"));
    }
    let permit = permits::find_by_number(&state.db, number)
        .await?
        .ok_or(StayError::NotFound)?;
    let status = PermitStatus::parse(&permit.status).ok_or(StayError::NotFound)?;
    if !matches!(status, PermitStatus::Active | PermitStatus::InProcess) {
        return Err(StayError::PermitNotActive);
    }
    let today = office_zone(&state.db, &permit.office_code)
        .await?
        .local_date(now);
    let reentry = permit
        .reentry_until
        .as_deref()
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        .filter(|d| *d >= today);
    let outcome = if permit.exit_permit || permit.kind == PermitKind::Itk.as_str() {
        Departed::Ended
    } else if let Some(until) = reentry {
        Departed::MayReturn(until)
    } else {
        return Err(StayError::ExitPermitRequired);
    };
    let (permit, port): (&Permit, &str) = (&permit, port);
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        if outcome == Departed::Ended
            && !permits::transition(txn, &permit.id, status, PermitStatus::Cancelled, now).await?
        {
            return Err(StayError::PermitNotActive);
        }
        let detail = match outcome {
            Departed::Ended => serde_json::json!({ "port": port, "permit_ended": true }),
            Departed::MayReturn(until) => {
                serde_json::json!({ "port": port, "reentry_until": until.to_string() })
            }
        };
        note(
            txn,
            &permit.id,
            "departed",
            Some(actor.role.as_str()),
            now,
            detail.clone(),
        )
        .await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "stay.departure",
                object_type: "stay_permit",
                object_id: &permit.number,
                office: Some(&permit.office_code),
                request_id: Some(request_id),
                detail,
            },
        )
        .await?;
        Ok(outcome)
    })
    .await
}

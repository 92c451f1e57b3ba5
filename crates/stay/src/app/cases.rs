//! Stay applications on the shared casework flows: which documents each
//! asks for, its fee, and what paying, approving and closing do to the
//! permit. Every hook runs inside the flow's transaction.

use imigrasi_casework::Status;
use imigrasi_casework::app::{CaseService, Fee};
use imigrasi_casework::store::Case;
use imigrasi_platform::AppState;
use imigrasi_platform::db::{self, Db};
use jiff::{Timestamp, ToSpan};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr};

use super::applications::facts;
use super::{StayError, StaySettings, office_zone};
use crate::domain::application::ApplicationKind;
use crate::domain::extension::{self, add_days};
use crate::domain::permit::{PermitKind, PermitStatus};
use crate::store::appearances;
use crate::store::applications::{self, Application};
use crate::store::history::{self, Entry};
use crate::store::permits::{self, Permit};

/// The stay service's casework, with the settings in force.
#[derive(Debug, Clone, Default)]
pub struct StayCases {
    /// The rules and fees.
    pub settings: StaySettings,
}

/// The application and its permit, for a case id.
pub async fn load(
    c: &impl ConnectionTrait,
    case_id: &str,
) -> Result<(Application, Permit, ApplicationKind, PermitKind), DbErr> {
    let app = applications::find(c, case_id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("stay application {case_id}")))?;
    let permit = permits::find_by_id(c, &app.permit_id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("permit {}", app.permit_id)))?;
    let kind = ApplicationKind::parse(&app.kind)
        .ok_or_else(|| DbErr::Custom(format!("unknown application kind {}", app.kind)))?;
    let permit_kind = PermitKind::parse(&permit.kind)
        .ok_or_else(|| DbErr::Custom(format!("unknown permit kind {}", permit.kind)))?;
    Ok((app, permit, kind, permit_kind))
}

/// Append a history entry to a permit.
pub async fn note(
    c: &impl ConnectionTrait,
    permit_id: &str,
    what: &str,
    role: Option<&str>,
    now: Timestamp,
    detail: serde_json::Value,
) -> Result<(), DbErr> {
    let entry = Entry {
        at: db::millis(now),
        what: what.to_owned(),
        actor_role: role.map(str::to_owned),
        detail,
    };
    history::append(c, permit_id, &entry).await
}

impl CaseService for StayCases {
    const SERVICE: &'static str = super::SERVICE;
    const OBJECT: &'static str = "stay_application";
    type Error = StayError;

    async fn asks_for(&self, db: &Db, case: &Case, kind: &str) -> Result<bool, StayError> {
        let (_, _, app_kind, permit_kind) = load(db, &case.id).await?;
        Ok(app_kind.documents(permit_kind).contains(&kind))
    }

    async fn missing_documents(
        &self,
        db: &Db,
        case: &Case,
        present: &[String],
    ) -> Result<Vec<String>, StayError> {
        let (_, _, app_kind, permit_kind) = load(db, &case.id).await?;
        Ok(app_kind
            .documents(permit_kind)
            .iter()
            .filter(|d| !present.iter().any(|p| p == *d))
            .map(|d| (*d).to_owned())
            .collect())
    }

    async fn fee(&self, db: &Db, case: &Case, now: Timestamp) -> Result<Fee, StayError> {
        let (app, permit, kind, _) = load(db, &case.id).await?;
        let status = PermitStatus::parse(&permit.status);
        if !matches!(status, Some(PermitStatus::Active)) {
            return Err(StayError::PermitNotActive);
        }
        if kind == ApplicationKind::SponsorChange && app.sponsor_accepted_at.is_none() {
            return Err(StayError::SponsorNotAccepted);
        }
        let zone = office_zone(db, &permit.office_code).await?;
        if kind == ApplicationKind::Extension {
            // Filed in the window; submitted later, it must still be in it.
            extension::decide(&facts(&permit), &self.settings.extension, now, zone)
                .map_err(StayError::Extension)?;
        }
        let mut due = now
            .checked_add((self.settings.payment_days * 24).hours())
            .unwrap_or(now);
        // The stay is held only by a fee paid before the permit ends, so
        // the bill of such a case lapses at the end of its last day.
        if kind.holds_the_stay()
            && let Some(end) = permit.valid_until.as_deref().and_then(|d| d.parse().ok())
            && let Some(next) = add_days(end, 1)
        {
            let end_of_last_day = zone.local_to_utc(next, jiff::civil::Time::midnight());
            due = due.min(end_of_last_day);
        }
        Ok(Fee {
            amount: app.fee,
            due,
        })
    }

    async fn paid(
        &self,
        txn: &DatabaseTransaction,
        case_id: &str,
        paid_at: Timestamp,
    ) -> Result<(), DbErr> {
        let (_, permit, kind, _) = load(txn, case_id).await?;
        if kind.holds_the_stay()
            && permits::transition(
                txn,
                &permit.id,
                PermitStatus::Active,
                PermitStatus::InProcess,
                paid_at,
            )
            .await?
        {
            note(
                txn,
                &permit.id,
                "in_process",
                None,
                paid_at,
                serde_json::json!({ "application": kind.as_str() }),
            )
            .await?;
        }
        Ok(())
    }

    async fn approved(
        &self,
        state: &AppState,
        txn: &DatabaseTransaction,
        case: &Case,
        now: Timestamp,
    ) -> Result<(), StayError> {
        super::approve::apply(&self.settings, state, txn, case, now).await
    }

    async fn closed(
        &self,
        txn: &DatabaseTransaction,
        case_id: &str,
        to: Status,
    ) -> Result<(), DbErr> {
        applications::close(txn, case_id).await?;
        appearances::cancel_open(txn, case_id, db::millis(Timestamp::now())).await?;
        if to == Status::Approved {
            return Ok(());
        }
        let (_, permit, kind, _) = load(txn, case_id).await?;
        let now = Timestamp::now();
        // Refused or given up: the stay is no longer held by the case.
        if permits::transition(
            txn,
            &permit.id,
            PermitStatus::InProcess,
            PermitStatus::Active,
            now,
        )
        .await?
        {
            note(
                txn,
                &permit.id,
                "process_ended",
                None,
                now,
                serde_json::json!({ "application": kind.as_str(), "case": to.as_str() }),
            )
            .await?;
        }
        Ok(())
    }
}

//! What a supervisor's approval does to the permit, by kind of
//! application, inside the decision's transaction; each ends with a new
//! signed document of the permit (or of the new permit).

use imigrasi_casework::RegisterNumber;
use imigrasi_casework::store::Case;
use imigrasi_platform::{AppState, db};
use jiff::Timestamp;
use sea_orm::{DatabaseTransaction, DbErr};

use super::cases::{load, note};
use super::{PERMIT_PREFIX, StayError, StaySettings, issue, office_zone};
use crate::domain::application::ApplicationKind;
use crate::domain::extension::add_days;
use crate::domain::permit::{PermitKind, PermitStatus};
use crate::store::grants;
use crate::store::permits::{self, Permit};

const ROLE: Option<&str> = Some("supervisor");

/// Apply an approved case to its permit.
pub async fn apply(
    settings: &StaySettings,
    state: &AppState,
    txn: &DatabaseTransaction,
    case: &Case,
    now: Timestamp,
) -> Result<(), StayError> {
    let (app, permit, kind, _) = load(txn, &case.id).await?;
    let at = db::millis(now);
    let detail = |extra: serde_json::Value| {
        let mut d = serde_json::json!({ "application": case.register_number });
        if let (Some(m), serde_json::Value::Object(e)) = (d.as_object_mut(), extra) {
            m.extend(e);
        }
        d
    };
    let issued = match kind {
        ApplicationKind::Extension => {
            let (Some(until), Some(days)) = (permit.valid_until.as_deref(), app.days) else {
                return Err(StayError::Case(
                    imigrasi_casework::app::CaseError::InvalidTransition,
                ));
            };
            let new_until = until
                .parse()
                .ok()
                .and_then(|d| add_days(d, days))
                .ok_or_else(|| DbErr::Custom(format!("cannot extend {until} by {days} days")))?
                .to_string();
            if !grants::extend(txn, &permit.id, until, &new_until, days, at).await? {
                return Err(DbErr::Custom("the permit changed during approval".into()).into());
            }
            back_to_active(txn, &permit, now).await?;
            note(
                txn,
                &permit.id,
                "extended",
                ROLE,
                now,
                detail(serde_json::json!({ "days": days, "valid_until": new_until })),
            )
            .await?;
            reload(txn, &permit.id).await?
        }
        ApplicationKind::StatusChange => {
            let to = app
                .to_kind
                .as_deref()
                .and_then(PermitKind::parse)
                .ok_or_else(|| DbErr::Custom("a status change without its kind".into()))?;
            let new = convert(settings, txn, &permit, to, now).await?;
            note(
                txn,
                &permit.id,
                "converted",
                ROLE,
                now,
                detail(serde_json::json!({ "to": new.number, "kind": new.kind })),
            )
            .await?;
            note(
                txn,
                &new.id,
                "opened_by_status_change",
                ROLE,
                now,
                detail(serde_json::json!({ "from": permit.number, "kind": permit.kind })),
            )
            .await?;
            new
        }
        ApplicationKind::SponsorChange => {
            let sponsor = app
                .new_sponsor_account_id
                .as_deref()
                .ok_or_else(|| DbErr::Custom("a sponsor change without its sponsor".into()))?;
            grants::set_sponsor(txn, &permit.id, sponsor, at).await?;
            note(
                txn,
                &permit.id,
                "sponsor_changed",
                ROLE,
                now,
                detail(serde_json::json!({})),
            )
            .await?;
            reload(txn, &permit.id).await?
        }
        ApplicationKind::ExitPermit => {
            grants::grant_exit(txn, &permit.id, at).await?;
            note(
                txn,
                &permit.id,
                "exit_permit_granted",
                ROLE,
                now,
                detail(serde_json::json!({})),
            )
            .await?;
            reload(txn, &permit.id).await?
        }
        ApplicationKind::ReentryPermit => {
            let until = app
                .reentry_until
                .as_deref()
                .ok_or_else(|| DbErr::Custom("a re-entry permit without its end".into()))?;
            grants::grant_reentry(txn, &permit.id, until, at).await?;
            note(
                txn,
                &permit.id,
                "reentry_permit_granted",
                ROLE,
                now,
                detail(serde_json::json!({ "valid_until": until })),
            )
            .await?;
            reload(txn, &permit.id).await?
        }
    };
    issue::issue_document(state, txn, &issued, Some(&case.id), now).await?;
    Ok(())
}

async fn reload(txn: &DatabaseTransaction, id: &str) -> Result<Permit, DbErr> {
    permits::find_by_id(txn, id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("permit {id}")))
}

async fn back_to_active(
    txn: &DatabaseTransaction,
    p: &Permit,
    now: Timestamp,
) -> Result<(), DbErr> {
    permits::transition(
        txn,
        &p.id,
        PermitStatus::InProcess,
        PermitStatus::Active,
        now,
    )
    .await?;
    Ok(())
}

/// Close `old` as converted and open a permit of kind `to` from today (in
/// the office's zone) for the days the fee table gives.
async fn convert(
    settings: &StaySettings,
    txn: &DatabaseTransaction,
    old: &Permit,
    to: PermitKind,
    now: Timestamp,
) -> Result<Permit, StayError> {
    let from = PermitStatus::parse(&old.status).unwrap_or(PermitStatus::Active);
    if !permits::transition(txn, &old.id, from, PermitStatus::Converted, now).await? {
        return Err(DbErr::Custom("the permit changed during approval".into()).into());
    }
    let zone = office_zone(txn, &old.office_code).await?;
    let today = zone.local_date(now);
    let days = settings
        .fees
        .new_permit_days(to)
        .ok_or_else(|| DbErr::Custom(format!("no validity for {}", to.as_str())))?;
    let until =
        add_days(today, days).ok_or_else(|| DbErr::Custom("validity out of range".into()))?;
    let number = RegisterNumber::generate(PERMIT_PREFIX, today.year(), &mut rand::rng())
        .map_err(|_| DbErr::Custom("bad prefix".into()))?
        .to_string();
    let at = db::millis(now);
    let new = Permit {
        id: uuid::Uuid::now_v7().to_string(),
        number,
        kind: to.as_str().to_owned(),
        status: PermitStatus::Active.as_str().to_owned(),
        valid_from: today.to_string(),
        valid_until: Some(until.to_string()),
        // A permit from a change of status extends by its own kind's rules.
        origin_visa: None,
        origin_evisa: None,
        from_visa_on_arrival: false,
        extension_days_used: 0,
        reentry_until: None,
        exit_permit: false,
        created_at: at,
        updated_at: at,
        ..old.clone()
    };
    permits::insert(txn, &new).await?;
    Ok(new)
}

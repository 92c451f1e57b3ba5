//! Filing an application about a permit (the holder or its sponsor), the
//! new sponsor's acceptance of a sponsor change, and the shared casework
//! steps (documents, submit, decision, withdraw) with stay's hooks.

use imigrasi_casework::app::{self as casework, AttachFile, Decide, Submitted};
use imigrasi_casework::store::{self as cases, NewCase};
use imigrasi_casework::{RegisterNumber, Status};
use imigrasi_platform::documents::Document;
use imigrasi_platform::policy::{Actor, Role};
use imigrasi_platform::{AppState, accounts, audit, db};
use jiff::Timestamp;

use super::cases::StayCases;
use super::read::{is_holder, is_sponsor};
use super::{StayError, field, office_zone, settings};
use crate::domain::application::{ApplicationKind, reentry_allowed, status_change_allowed};
use crate::domain::extension::{self, PermitFacts};
use crate::domain::permit::{PermitKind, PermitStatus, reentry_valid_until};
use crate::store::applications::{self, Application};
use crate::store::permits::{self, Permit};

/// The register-number prefix of stay cases.
pub const PREFIX: &str = "S";

/// What the extension rule needs of a permit.
pub fn facts(p: &Permit) -> PermitFacts {
    PermitFacts {
        kind: PermitKind::parse(&p.kind).unwrap_or(PermitKind::Itap),
        status: PermitStatus::parse(&p.status).unwrap_or(PermitStatus::Cancelled),
        valid_until: p.valid_until.as_deref().and_then(|d| d.parse().ok()),
        origin_visa: p.origin_visa.clone(),
        from_visa_on_arrival: p.from_visa_on_arrival,
        extension_days_used: p.extension_days_used,
    }
}

/// The command of `POST /api/v1/stay/applications`.
#[derive(Debug, Clone, Default)]
pub struct Open {
    /// `extension`, `status_change`, `sponsor_change`, `exit_permit`,
    /// `reentry_permit`.
    pub kind: String,
    /// The permit it is about.
    pub permit_number: String,
    /// A status change's new kind (`ITAS`, `ITAP`).
    pub to_kind: Option<String>,
    /// A sponsor change's new sponsor (a sponsor account's e-mail).
    pub new_sponsor_email: Option<String>,
    /// A re-entry permit's requested last day (`YYYY-MM-DD`); the
    /// permit's end when absent.
    pub reentry_until: Option<String>,
}

/// What filing gave.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The case's register number.
    pub register_number: String,
    /// `draft`.
    pub status: Status,
    /// The fee that submission will bill.
    pub fee: i64,
    /// The processing (supervising) office.
    pub office: String,
}

/// What the kind fixes when filed.
struct Asked {
    days: Option<i64>,
    to_kind: Option<PermitKind>,
    new_sponsor: Option<String>,
    reentry_until: Option<String>,
}

/// File an application in `draft` about a permit the actor holds or
/// sponsors; anyone else [`StayError::NotFound`].
pub async fn open(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    cmd: Open,
    now: Timestamp,
) -> Result<Opened, StayError> {
    let kind = ApplicationKind::parse(cmd.kind.trim()).ok_or_else(|| field("kind", "unknown"))?;
    let number = cmd.permit_number.trim().to_ascii_uppercase();
    let permit = permits::find_by_number(&state.db, &number)
        .await?
        .filter(|p| is_holder(actor, p) || is_sponsor(actor, p))
        .ok_or(StayError::NotFound)?;
    let permit_kind = PermitKind::parse(&permit.kind).ok_or(StayError::NotFound)?;
    let rules = settings(state);
    let zone = office_zone(&state.db, &permit.office_code).await?;
    let active = PermitStatus::parse(&permit.status) == Some(PermitStatus::Active);
    let mut asked = Asked {
        days: None,
        to_kind: None,
        new_sponsor: None,
        reentry_until: None,
    };
    match kind {
        // The extension rule answers for every status itself, so a permit
        // that can never be extended says so (not "not active").
        ApplicationKind::Extension => {
            let ext = extension::decide(&facts(&permit), &rules.extension, now, zone)
                .map_err(StayError::Extension)?;
            asked.days = Some(ext.days);
        }
        _ if !active => return Err(StayError::PermitNotActive),
        ApplicationKind::StatusChange => {
            let to = cmd
                .to_kind
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| field("to_kind", "required"))?;
            let to = PermitKind::parse(to).ok_or_else(|| field("to_kind", "unknown"))?;
            if !status_change_allowed(permit_kind, to) {
                return Err(field("to_kind", "not_allowed"));
            }
            asked.to_kind = Some(to);
        }
        ApplicationKind::SponsorChange => {
            let email = cmd
                .new_sponsor_email
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| field("new_sponsor_email", "required"))?;
            let email = accounts::normalize_email(email)
                .ok_or_else(|| field("new_sponsor_email", "invalid"))?;
            let sponsor = match accounts::find_by_email(&state.db, &email).await? {
                Some(a) if a.role == Role::Sponsor => a.id,
                _ => return Err(field("new_sponsor_email", "unknown")),
            };
            if permit.sponsor_account_id.as_deref() == Some(sponsor.as_str()) {
                return Err(field("new_sponsor_email", "not_allowed"));
            }
            asked.new_sponsor = Some(sponsor);
        }
        ApplicationKind::ExitPermit => {}
        ApplicationKind::ReentryPermit => {
            if !reentry_allowed(permit_kind) {
                return Err(field("kind", "not_allowed"));
            }
            let end = permit.valid_until.as_deref().and_then(|d| d.parse().ok());
            let requested = match cmd.reentry_until.as_deref().map(str::trim) {
                None | Some("") => end.ok_or_else(|| field("reentry_until", "required"))?,
                Some(d) => {
                    let d: jiff::civil::Date =
                        d.parse().map_err(|_| field("reentry_until", "invalid"))?;
                    if d <= zone.local_date(now) {
                        return Err(field("reentry_until", "invalid"));
                    }
                    d
                }
            };
            asked.reentry_until = Some(reentry_valid_until(requested, end).to_string());
        }
    }
    let fee = rules
        .fees
        .fee(kind, permit_kind, asked.days.unwrap_or(0), asked.to_kind)
        .map_err(|_| field("kind", "not_allowed"))?
        .amount();
    let year = zone.local_date(now).year();
    let (permit, asked) = (&permit, &asked);
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        let register = RegisterNumber::generate(PREFIX, year, &mut rand::rng())
            .map_err(|_| sea_orm::DbErr::Custom("bad prefix".into()))?;
        let case = cases::create(
            txn,
            &NewCase {
                service: super::SERVICE,
                register_number: register.as_ref(),
                office_code: &permit.office_code,
                created_by: actor,
                applicant_email: &permit.email,
                by_sponsor: false,
                at: now,
            },
        )
        .await?;
        // The permit's sponsor follows every case about it.
        if let Some(sponsor) = &permit.sponsor_account_id {
            cases::set_sponsor(txn, &case.id, sponsor).await?;
        }
        let row = Application {
            case_id: case.id.clone(),
            permit_id: permit.id.clone(),
            kind: kind.as_str().to_owned(),
            fee,
            days: asked.days,
            to_kind: asked.to_kind.map(|k| k.as_str().to_owned()),
            new_sponsor_account_id: asked.new_sponsor.clone(),
            sponsor_accepted_at: None,
            reentry_until: asked.reentry_until.clone(),
            created_at: db::millis(now),
        };
        if let Err(e) = applications::insert(txn, &row).await {
            return Err(if db::is_unique_violation(&e) {
                StayError::AlreadyApplied
            } else {
                StayError::Db(e)
            });
        }
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "stay.apply",
                object_type: "stay_application",
                object_id: register.as_ref(),
                office: Some(&permit.office_code),
                request_id: Some(request_id),
                detail: serde_json::json!({ "kind": kind.as_str(), "permit": permit.number }),
            },
        )
        .await?;
        Ok(Opened {
            register_number: register.to_string(),
            status: Status::Draft,
            fee,
            office: permit.office_code.clone(),
        })
    })
    .await
}

/// The new sponsor accepts a sponsor change (while it is a draft); anyone
/// else [`StayError::NotFound`].
pub async fn accept(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
    now: Timestamp,
) -> Result<(), StayError> {
    let case = cases::find_by_register(&state.db, super::SERVICE, register_number)
        .await?
        .ok_or(StayError::NotFound)?;
    let app = applications::find(&state.db, &case.id)
        .await?
        .filter(|a| {
            actor.role == Role::Sponsor
                && a.new_sponsor_account_id.as_deref() == Some(actor.id.as_str())
        })
        .ok_or(StayError::NotFound)?;
    if case.status != Status::Draft {
        return Err(imigrasi_casework::app::CaseError::InvalidTransition.into());
    }
    let (case, app) = (&case, &app);
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        if !applications::accept_sponsor(txn, &case.id, &actor.id, db::millis(now)).await? {
            return Err(imigrasi_casework::app::CaseError::InvalidTransition.into());
        }
        super::cases::note(
            txn,
            &app.permit_id,
            "sponsor_change_accepted",
            Some(actor.role.as_str()),
            now,
            serde_json::json!({ "application": case.register_number }),
        )
        .await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "stay.sponsor_accept",
                object_type: "stay_application",
                object_id: &case.register_number,
                office: Some(&case.office_code),
                request_id: Some(request_id),
                detail: serde_json::json!({}),
            },
        )
        .await?;
        Ok::<_, StayError>(())
    })
    .await
}

fn service(state: &AppState) -> StayCases {
    StayCases {
        settings: settings(state),
    }
}

/// Attach a document (see `casework::app::attach`).
pub async fn attach(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    file: AttachFile<'_>,
) -> Result<Document, StayError> {
    casework::attach(&service(state), state, actor, request_id, file).await
}

/// Submit, billing the fee (see `casework::app::submit`).
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
    now: Timestamp,
) -> Result<Submitted, StayError> {
    casework::submit(
        &service(state),
        state,
        actor,
        request_id,
        register_number,
        now,
    )
    .await
}

/// Decide (see `casework::app::decide`); returns the new status.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    asked: Decide<'_>,
    now: Timestamp,
) -> Result<Status, StayError> {
    casework::decide(&service(state), state, actor, request_id, asked, now).await
}

/// Withdraw (see `casework::app::withdraw`).
pub async fn withdraw(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
    now: Timestamp,
) -> Result<(), StayError> {
    casework::withdraw(
        &service(state),
        state,
        actor,
        request_id,
        register_number,
        now,
    )
    .await
}

/// Expire the stay cases whose bill lapsed unpaid.
pub async fn expire_unpaid(state: &AppState, now: Timestamp) -> Result<usize, StayError> {
    casework::expire_unpaid(&service(state), &state.db, now).await
}

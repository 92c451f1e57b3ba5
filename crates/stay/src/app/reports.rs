//! Mandatory reports (Law 6/2011 art. 71): the holder or the sponsor tells
//! the office of a change; no fee, no approval, a receipt number at once.
//! A change of address moves supervision to the new regency's office.
//!
//! One transaction writes the report, its change to the permit (checked to
//! be `active` or `in_process` by the same statement), the history entry
//! and the audit row `stay.report`.

use imigrasi_casework::RegisterNumber;
use imigrasi_platform::db::{self, LostConnection};
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, audit, regions};
use jiff::Timestamp;
use sea_orm::DbErr;

use super::read::{is_holder, is_sponsor};
use super::{office_zone, passport_index};
use crate::domain::holder::FieldErrors;
use crate::domain::permit::PermitStatus;
use crate::domain::report::{self, Report, ReportKind};
use crate::store::history::{self, Entry};
use crate::store::permits::{self, Permit};
use crate::store::reports::{self, PermitChange, StoredReport};
use crate::store::{appearances, applications};

/// The prefix of receipt numbers (`LAP-2026-7K3QX9M2`, *laporan*).
pub const RECEIPT_PREFIX: &str = "LAP";

/// Why a report was refused.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// No such permit, or the actor is neither its holder nor its sponsor.
    #[error("not found")]
    NotFound,
    /// The permit is expired, cancelled or converted.
    #[error("permit not active")]
    PermitNotActive,
    /// Fields refused (field → machine reason).
    #[error("invalid input")]
    InvalidInput(FieldErrors),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl LostConnection for ReportError {
    fn connection_lost(&self) -> bool {
        matches!(self, ReportError::Db(e) if db::is_unavailable(e))
    }
}

fn field(name: &str, reason: &'static str) -> ReportError {
    ReportError::InvalidInput(FieldErrors::from([(name.to_owned(), reason)]))
}

/// The command of `POST /api/v1/stay/reports`.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The permit's number.
    pub permit_number: String,
    /// `address_change`, `civil_status`, `passport`, `job` or `sponsor_address`.
    pub kind: String,
    /// The kind's details (a JSON object).
    pub details: serde_json::Value,
}

/// A recorded report.
#[derive(Debug, Clone)]
pub struct Filed {
    /// The report as stored.
    pub report: StoredReport,
    /// The permit's number.
    pub permit_number: String,
}

/// The permit `number` (the field `field_name` when empty).
async fn find(state: &AppState, number: &str, field_name: &str) -> Result<Permit, ReportError> {
    let number = number.trim().to_ascii_uppercase();
    if number.is_empty() {
        return Err(field(field_name, "required"));
    }
    permits::find_by_number(&state.db, &number)
        .await?
        .ok_or(ReportError::NotFound)
}

/// Whether the actor is the permit's holder or its sponsor.
fn is_party(actor: &Actor, p: &Permit) -> bool {
    is_holder(actor, p) || is_sponsor(actor, p)
}

fn is_open(p: &Permit) -> bool {
    matches!(
        PermitStatus::parse(&p.status),
        Some(PermitStatus::Active | PermitStatus::InProcess)
    )
}

/// File a report about a permit (its holder or sponsor); returns the
/// receipt.
pub async fn file(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    cmd: FileReport,
) -> Result<Filed, ReportError> {
    let permit = find(state, &cmd.permit_number, "permit_number").await?;
    if !is_party(actor, &permit) {
        return Err(ReportError::NotFound);
    }
    if !is_open(&permit) {
        return Err(ReportError::PermitNotActive);
    }
    let now = Timestamp::now();
    let zone = office_zone(&state.db, &permit.office_code).await?;
    let report = report::parse(&cmd.kind, &cmd.details, zone.local_date(now))
        .map_err(ReportError::InvalidInput)?;
    let regency_office = match report.regency() {
        Some(code) => Some(
            regions::supervising_office(&state.db, code)
                .await?
                .ok_or_else(|| field("details.regency", "unknown"))?,
        ),
        None => None,
    };
    let change = match (&report, regency_office) {
        (Report::AddressChange { line, regency }, Some(office)) => PermitChange::Address {
            line: line.clone(),
            regency: regency.clone(),
            office,
        },
        (
            Report::Passport {
                passport_number, ..
            },
            _,
        ) => PermitChange::Passport {
            number: passport_number.as_str().to_owned(),
            index: passport_index(state, passport_number.as_str()),
        },
        _ => PermitChange::Nothing,
    };
    let office = match &change {
        PermitChange::Address { office, .. } => office.clone(),
        _ => permit.office_code.clone(),
    };
    let mut row = StoredReport {
        id: uuid::Uuid::now_v7().to_string(),
        receipt_number: String::new(),
        permit_id: permit.id.clone(),
        kind: report.kind().as_str().to_owned(),
        details: report.details(),
        filed_by: actor.id.clone(),
        filer_role: actor.role.as_str().to_owned(),
        office_code: office,
        filed_at: db::millis(now),
    };
    let year = zone.local_date(now).year();
    // A receipt number already taken (one in 32^8 a year) is retried.
    for _ in 0..3 {
        row.receipt_number = RegisterNumber::generate(RECEIPT_PREFIX, year, &mut rand::rng())
            .map_err(|_| DbErr::Custom("bad receipt prefix".into()))?
            .to_string();
        match record(state, actor, request_id, &permit, &row, &change, now).await {
            Err(ReportError::Db(e)) if db::is_unique_violation(&e) => continue,
            Err(e) => return Err(e),
            Ok(()) => {
                return Ok(Filed {
                    report: row,
                    permit_number: permit.number,
                });
            }
        }
    }
    Err(DbErr::Custom("no free receipt number".into()).into())
}

/// The report's history entry: its kind, receipt and details (an address
/// change also names the offices).
fn history_entry(actor: &Actor, permit: &Permit, row: &StoredReport) -> Entry {
    let mut detail = serde_json::json!({
        "kind": row.kind,
        "receipt_number": row.receipt_number,
        "details": row.details,
    });
    if row.kind == ReportKind::AddressChange.as_str() && row.office_code != permit.office_code {
        detail["from_office"] = permit.office_code.clone().into();
        detail["to_office"] = row.office_code.clone().into();
    }
    Entry {
        at: row.filed_at,
        what: "reported".into(),
        actor_role: Some(actor.role.as_str().to_owned()),
        detail,
    }
}

async fn record(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    permit: &Permit,
    row: &StoredReport,
    change: &PermitChange,
    now: Timestamp,
) -> Result<(), ReportError> {
    let entry = history_entry(actor, permit, row);
    let entry = &entry;
    db::write(&state.db, |txn| async move {
        let txn = &*txn;
        if !reports::apply_to_permit(txn, &permit.id, change, now).await? {
            return Err(ReportError::PermitNotActive);
        }
        // The file moves with the holder: an open application goes to the
        // new office too (DOMAIN.md: an address move hands the file over).
        if row.office_code != permit.office_code
            && let Some(case_id) = applications::open_case_of(txn, &permit.id).await?
        {
            imigrasi_casework::store::move_office(txn, &case_id, &row.office_code, now).await?;
            appearances::move_requested(txn, &case_id, &row.office_code).await?;
        }
        reports::insert(txn, row).await?;
        history::append(txn, &permit.id, entry).await?;
        audit::append(
            txn,
            audit::Entry {
                actor: Some(actor),
                action: "stay.report",
                object_type: "stay_permit",
                object_id: &permit.number,
                office: Some(&row.office_code),
                request_id: Some(request_id),
                detail: serde_json::json!({
                    "kind": row.kind,
                    "receipt_number": row.receipt_number,
                    "from_office": permit.office_code,
                    "to_office": row.office_code,
                }),
            },
        )
        .await?;
        Ok::<_, ReportError>(())
    })
    .await
}

/// A permit's reports, oldest first, for its holder, its sponsor, staff of
/// its supervising office (audited `stay.report_read`) and administrators;
/// anyone else [`ReportError::NotFound`].
pub async fn list(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    permit_number: &str,
) -> Result<(Permit, Vec<StoredReport>), ReportError> {
    let permit = find(state, permit_number, "permit").await?;
    if !is_party(actor, &permit) {
        let office = permit.office_code.as_str();
        policy::authorize(actor, Permission::ReadOfficePersonalData { office })
            .map_err(|_| ReportError::NotFound)?;
        db::write(&state.db, |txn| {
            let permit = &permit;
            async move {
                audit::append(
                    &*txn,
                    audit::Entry {
                        actor: Some(actor),
                        action: "stay.report_read",
                        object_type: "stay_permit",
                        object_id: &permit.number,
                        office: Some(&permit.office_code),
                        request_id: Some(request_id),
                        detail: serde_json::json!({}),
                    },
                )
                .await?;
                Ok::<_, ReportError>(())
            }
        })
        .await?;
    }
    let found = reports::for_permit(&state.db, &permit.id).await?;
    Ok((permit, found))
}

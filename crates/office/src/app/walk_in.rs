//! Walk-ins: people without an appointment who have priority (elderly,
//! disability, pregnant, small child) get a `P` ticket; people whose
//! passport was lost or damaged get an `A` ticket and a case the service
//! opens for the officer's examination ([`walk_in_case`]).

use imigrasi_core::Sex;
use imigrasi_platform::audit;
use imigrasi_platform::db;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{DatabaseTransaction, DbErr};

use super::{Floor, Origin, office_zone, publish_ticket};
use crate::domain::{
    Category, PriorityReason, PriorityRefusal, TicketKind, check_priority_reason, office_date,
    ticket_number, ticket_prefix,
};
use crate::port::{CaseRefusal, CaseRequest, OpenedCase};
use crate::store::floor_settings;
use crate::store::tickets::{self, NewTicket, Ticket};

/// The person of a walk-in. The NIK itself is not kept: only its keyed
/// blind index (one open ticket per NIK and day) and a masked form.
#[derive(Debug, Clone)]
pub struct WalkInPerson {
    /// Blind index of the NIK.
    pub nik_index: String,
    /// NIK, masked for display.
    pub nik_masked: String,
    /// Full name.
    pub full_name: String,
    /// Declared birth date (already checked against the NIK).
    pub birth_date: Date,
    /// Declared sex (already checked against the NIK).
    pub sex: Sex,
}

/// A priority walk-in to register.
#[derive(Debug, Clone)]
pub struct WalkIn {
    /// The person.
    pub person: WalkInPerson,
    /// Why they have priority.
    pub reason: PriorityReason,
}

/// Why a walk-in was refused.
#[derive(Debug, thiserror::Error)]
pub enum WalkInError {
    /// The priority reason does not fit the declared identity.
    #[error(transparent)]
    Priority(PriorityRefusal),
    /// The office's daily cap of priority walk-ins is reached.
    #[error("the daily cap of {cap} priority walk-ins is reached")]
    PriorityCapReached {
        /// The cap.
        cap: u32,
    },
    /// The NIK already holds an open ticket today.
    #[error("already checked in")]
    AlreadyCheckedIn,
    /// The service refused to open the case (or no service handles it).
    #[error("the case was refused: {}", .0.code)]
    CaseRefused(CaseRefusal),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl WalkInError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            WalkInError::Priority(_) => "invalid_input",
            WalkInError::PriorityCapReached { .. } => "priority_cap_reached",
            WalkInError::AlreadyCheckedIn => "already_checked_in",
            WalkInError::CaseRefused(r) => r.code,
            WalkInError::Db(_) => "internal_error",
        }
    }
}

/// Issue a walk-in's ticket (`None` from the store: the NIK took one
/// meanwhile) and audit it as `floor.walk_in`, with its number and date
/// added to `detail`.
async fn issue(
    txn: &DatabaseTransaction,
    t: NewTicket<'_>,
    origin: Origin<'_>,
    mut detail: serde_json::Value,
    now: Timestamp,
) -> Result<Ticket, WalkInError> {
    let (office, date) = (t.office, t.date);
    let ticket = tickets::insert_ticket(txn, t, now)
        .await?
        .ok_or(WalkInError::AlreadyCheckedIn)?;
    if let Some(map) = detail.as_object_mut() {
        map.insert(
            "ticket".to_owned(),
            serde_json::Value::from(ticket.number.clone()),
        );
        map.insert("date".to_owned(), serde_json::Value::from(date.to_string()));
    }
    audit::append(
        txn,
        audit::Entry {
            actor: origin.actor,
            action: "floor.walk_in",
            object_type: "ticket",
            object_id: &ticket.id,
            office: Some(office),
            request_id: Some(origin.request_id),
            detail: origin.detail(detail),
        },
    )
    .await?;
    Ok(ticket)
}

/// Register a priority walk-in at `office` and issue a `P` ticket.
///
/// The reason must fit the declared birth date and sex on today's date
/// (elderly 60+, child under 5, pregnant: sex F); the office's daily cap of
/// walk-ins applies; a NIK holds at most one open ticket per day. Audited
/// as `floor.walk_in`; the board hears `checked_in`.
pub async fn walk_in(
    floor: Floor<'_>,
    office: &str,
    walk_in: &WalkIn,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<Ticket, WalkInError> {
    let txn = db::begin_write(floor.db).await?;
    let zone = office_zone(&txn, office).await?;
    let today = office_date(&zone, now);
    let p = &walk_in.person;
    check_priority_reason(walk_in.reason, p.birth_date, p.sex, today)
        .map_err(WalkInError::Priority)?;
    let settings = floor_settings(&txn, office).await?;
    // Taking the number first locks the office's `P` counter for the day,
    // so the cap and NIK checks below see every other walk-in.
    let prefix = ticket_prefix(Category::Priority);
    let n = tickets::next_number(&txn, office, today, prefix).await?;
    if tickets::walk_ins_of_day(&txn, office, today).await? >= settings.walk_in_daily_cap {
        return Err(WalkInError::PriorityCapReached {
            cap: settings.walk_in_daily_cap,
        });
    }
    if tickets::nik_has_open_ticket(&txn, today, &p.nik_index).await? {
        return Err(WalkInError::AlreadyCheckedIn);
    }
    let ticket = issue(
        &txn,
        NewTicket {
            office,
            date: today,
            number: ticket_number(prefix, n),
            category: Category::Priority,
            kind: TicketKind::WalkIn,
            appointment_id: None,
            priority_reason: Some(walk_in.reason),
            nik_index: &p.nik_index,
            nik_masked: &p.nik_masked,
            full_name: &p.full_name,
        },
        origin,
        serde_json::json!({"reason": walk_in.reason.as_str()}),
        now,
    )
    .await?;
    txn.commit().await?;
    publish_ticket(floor, "checked_in", &ticket, now).await;
    Ok(ticket)
}

/// Register a walk-in who needs an examination (passport: a lost or
/// damaged passport) at `request.office`: the service opens its case (a
/// booking in `examination`) and the floor issues a regular `A` ticket,
/// in one transaction. The priority cap does not apply; a NIK holds at
/// most one open ticket per day. Audited as `floor.walk_in` with the case's
/// code; the board hears `checked_in`.
pub async fn walk_in_case(
    floor: Floor<'_>,
    request: &CaseRequest<'_>,
    origin: Origin<'_>,
    now: Timestamp,
) -> Result<(Ticket, OpenedCase), WalkInError> {
    let office = request.office;
    let txn = db::begin_write(floor.db).await?;
    let zone = office_zone(&txn, office).await?;
    let today = office_date(&zone, now);
    let p = request.person;
    let prefix = ticket_prefix(Category::Regular);
    let n = tickets::next_number(&txn, office, today, prefix).await?;
    if tickets::nik_has_open_ticket(&txn, today, &p.nik_index).await? {
        return Err(WalkInError::AlreadyCheckedIn);
    }
    let mut opened = None;
    for service in floor.services.iter() {
        if let Some(answer) = service.open_case(&txn, request, now).await? {
            opened = Some(answer.map_err(WalkInError::CaseRefused)?);
            break;
        }
    }
    let case = opened.ok_or(WalkInError::CaseRefused(CaseRefusal {
        code: "invalid_input",
        field: Some("service"),
        message_key: "floor-api-case-service",
        conflict: false,
    }))?;
    let ticket = issue(
        &txn,
        NewTicket {
            office,
            date: today,
            number: ticket_number(prefix, n),
            category: Category::Regular,
            kind: TicketKind::WalkIn,
            appointment_id: None,
            priority_reason: None,
            nik_index: &p.nik_index,
            nik_masked: &p.nik_masked,
            full_name: &p.full_name,
        },
        origin,
        serde_json::json!({"service": request.service, "booking": case.code}),
        now,
    )
    .await?;
    txn.commit().await?;
    publish_ticket(floor, "checked_in", &ticket, now).await;
    Ok((ticket, case))
}

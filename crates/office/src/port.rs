//! How a service's appointments come to the office floor.
//!
//! The floor issues tickets, calls and serves them; the appointment behind
//! a ticket belongs to a service (passport bookings today, stay-permit
//! appearances later). A service plugs in by implementing [`Appointments`]
//! and registering it in [`FloorServices`] (the binary does this, the way
//! billing settlers are registered). The floor never writes a service's
//! tables: every change of an appointment goes through this trait, inside
//! the floor's own write transaction, so the ticket, the appointment's new
//! state and the audit row commit together.

use std::sync::Arc;

use async_trait::async_trait;
use imigrasi_platform::db::Db;
use imigrasi_platform::i18n::Lang;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{DatabaseTransaction, DbErr};

use crate::domain::Category;

/// Where an appointment stands, as far as the floor needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Expected at the office: it may check in (passport: `confirmed`).
    Expected,
    /// Already arrived (passport: `checked_in` or `served`).
    Arrived,
    /// Not to be checked in (passport: unpaid, expired, cancelled, no-show).
    NotExpected,
}

/// An appointment as the floor sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    /// The service's internal id (kept on the ticket).
    pub id: String,
    /// The public code the holder shows (booking code).
    pub code: String,
    /// The office it is at.
    pub office_code: String,
    /// The session it belongs to (passport: the slot id), for the audit log.
    pub session_id: String,
    /// The session's office-local date.
    pub date: Date,
    /// When the session starts.
    pub starts_at: Timestamp,
    /// When the session ends.
    pub ends_at: Timestamp,
    /// The queue its ticket waits in.
    pub category: Category,
    /// Where it stands.
    pub stage: Stage,
    /// The service's own word for its state (`awaiting_payment`), named in refusals.
    pub status: String,
    /// Blind index of the holder's NIK (one open ticket per NIK and day).
    pub nik_index: String,
    /// The holder's NIK, masked.
    pub nik_masked: String,
    /// The holder's name.
    pub full_name: String,
}

/// Why an appointment ends as a no-show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absence {
    /// The session ended and the holder never checked in.
    NeverArrived,
    /// The holder checked in but did not come when called at the counter.
    MissedCall,
}

/// One appointment of an office's day, for the dashboard's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayAppointment {
    /// Internal id (as on a ticket).
    pub id: String,
    /// Whether it holds a place of its session (passport: every status but
    /// expired and cancelled).
    pub holds_place: bool,
    /// Whether it ended as a no-show.
    pub no_show: bool,
}

/// A walk-in who needs an officer's examination before applying (passport:
/// a lost or damaged passport), as the floor hands it to the service. The
/// service checks every field; the floor only issues the ticket.
#[derive(Debug, Clone, Copy)]
pub struct CaseRequest<'a> {
    /// The office.
    pub office: &'a str,
    /// The person (identity already checked against the NIK).
    pub person: &'a crate::app::WalkInPerson,
    /// What the person comes for (passport: `replacement_lost`,
    /// `replacement_damaged`).
    pub service: &'a str,
    /// Passport type asked for.
    pub passport_type: Option<&'a str>,
    /// Validity asked for, in years.
    pub validity_years: Option<i64>,
    /// Purpose of travel.
    pub purpose: Option<&'a str>,
    /// Declared married.
    pub married: bool,
}

/// A case a service opened for a walk-in: the appointment the examination
/// decides on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedCase {
    /// Internal id.
    pub id: String,
    /// Public code (booking code).
    pub code: String,
    /// The service's word for its state (`examination`).
    pub status: String,
}

/// Why a service refused to open a case: a machine code, the field at
/// fault, the message id (Fluent) that tells the officer what to fix, and
/// whether it conflicts with an existing case (409) or is bad input (422).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseRefusal {
    /// Machine-readable error code.
    pub code: &'static str,
    /// The request field at fault (`service`, `validity_years`…).
    pub field: Option<&'static str>,
    /// Fluent message id.
    pub message_key: &'static str,
    /// A conflict (409) rather than bad input (422).
    pub conflict: bool,
}

/// A document the holder was asked for, as the counter lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentDocument {
    /// What it is, in the officer's language.
    pub label: String,
    /// Where the officer opens the uploaded file (a read the service
    /// audits), or `None` when it was not uploaded.
    pub url: Option<String>,
}

/// A service's appointments, as the floor reaches them.
///
/// The methods that take a transaction run inside the floor's write
/// transaction and must not commit it; the ones that change state answer
/// whether they applied (`false`: the appointment was no longer in the
/// state the change starts from). Each implementation checks the change
/// against its own state machine.
#[async_trait]
pub trait Appointments: Send + Sync {
    /// What the audit log calls the appointments (`booking`): check-ins
    /// and no-shows are audited as `{object_type}.check_in` and
    /// `{object_type}.no_show`.
    fn object_type(&self) -> &'static str;

    /// An appointment by its public code (trimmed, upper case).
    async fn find_by_code(
        &self,
        txn: &DatabaseTransaction,
        code: &str,
    ) -> Result<Option<Appointment>, DbErr>;

    /// An appointment by its internal id.
    async fn find_by_id(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
    ) -> Result<Option<Appointment>, DbErr>;

    /// The holder arrived: an expected appointment becomes checked in.
    async fn check_in(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
        now: Timestamp,
    ) -> Result<bool, DbErr>;

    /// The holder was served at a counter.
    async fn mark_served(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
        now: Timestamp,
    ) -> Result<bool, DbErr>;

    /// The holder did not come. For [`Absence::NeverArrived`] the
    /// implementation also checks that check-in has closed.
    async fn mark_no_show(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
        absence: Absence,
        now: Timestamp,
    ) -> Result<bool, DbErr>;

    /// Ids of expected appointments whose session ended by `now`, oldest
    /// session first, at most `limit`.
    async fn due_no_shows(&self, db: &Db, now: Timestamp, limit: u32)
    -> Result<Vec<String>, DbErr>;

    /// The appointments of the sessions of `office` on `date`.
    async fn day(&self, db: &Db, office: &str, date: Date) -> Result<Vec<DayAppointment>, DbErr>;

    /// Open a case for a walk-in that needs an examination, inside the
    /// floor's write transaction. `None`: this service does not handle
    /// `request.service`; the default handles nothing.
    async fn open_case(
        &self,
        _txn: &DatabaseTransaction,
        _request: &CaseRequest<'_>,
        _now: Timestamp,
    ) -> Result<Option<Result<OpenedCase, CaseRefusal>>, DbErr> {
        Ok(None)
    }

    /// The page where staff record the examination of a case this service
    /// opened (linked from the counter page); the default has none.
    fn case_page(&self) -> Option<&'static str> {
        None
    }

    /// The documents the holder of appointment `id` was asked for, for the
    /// counter serving its ticket (empty when the service asks for none or
    /// the id is not one of its appointments).
    async fn documents(
        &self,
        _db: &Db,
        _id: &str,
        _lang: Lang,
    ) -> Result<Vec<AppointmentDocument>, DbErr> {
        Ok(Vec::new())
    }
}

/// The services whose appointments the floor serves, by service name.
#[derive(Clone, Default)]
pub struct FloorServices(Arc<Vec<(&'static str, Arc<dyn Appointments>)>>);

impl std::fmt::Debug for FloorServices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, _)| name))
            .finish()
    }
}

impl FloorServices {
    /// Build from (service, appointments) pairs; codes and ids are looked
    /// up in this order.
    pub fn new(list: Vec<(&'static str, Arc<dyn Appointments>)>) -> FloorServices {
        FloorServices(Arc::new(list))
    }

    /// The first service's page for recording examinations, if any.
    pub fn case_page(&self) -> Option<&'static str> {
        self.iter().find_map(|s| s.case_page())
    }

    /// Every registered service, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<dyn Appointments>> {
        self.0.iter().map(|(_, a)| a)
    }

    /// The appointment with this public code, and its service.
    pub async fn find_by_code(
        &self,
        txn: &DatabaseTransaction,
        code: &str,
    ) -> Result<Option<(Arc<dyn Appointments>, Appointment)>, DbErr> {
        for service in self.iter() {
            if let Some(a) = service.find_by_code(txn, code).await? {
                return Ok(Some((service.clone(), a)));
            }
        }
        Ok(None)
    }

    /// The documents of the appointment with this internal id, from
    /// whichever service holds it.
    pub async fn documents(
        &self,
        db: &Db,
        id: &str,
        lang: Lang,
    ) -> Result<Vec<AppointmentDocument>, DbErr> {
        for service in self.iter() {
            let found = service.documents(db, id, lang).await?;
            if !found.is_empty() {
                return Ok(found);
            }
        }
        Ok(Vec::new())
    }

    /// The appointment with this internal id, and its service.
    pub async fn find_by_id(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
    ) -> Result<Option<(Arc<dyn Appointments>, Appointment)>, DbErr> {
        for service in self.iter() {
            if let Some(a) = service.find_by_id(txn, id).await? {
                return Ok(Some((service.clone(), a)));
            }
        }
        Ok(None)
    }
}

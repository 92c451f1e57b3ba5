//! Passport bookings as the office floor sees them: the implementation of
//! `imigrasi_office::Appointments`.
//!
//! The floor calls these inside its own write transaction; every status
//! change goes through the one writer, `store::bookings::status::transition`,
//! after the booking state machine (`domain::booking`) allowed it:
//!
//! | floor | booking |
//! |---|---|
//! | check-in | `confirmed -> checked_in` |
//! | served | `checked_in -> served` |
//! | no-show, missed call | `checked_in -> no_show` (`domain::miss_call`) |
//! | no-show, never arrived | `confirmed -> no_show` once check-in closed (`domain::mark_no_show`) |
//! | walk-in, lost or damaged passport | a new booking in `examination` (`app::walk_in::open_case`) |

use async_trait::async_trait;
use imigrasi_office::{
    Absence, Appointment, AppointmentDocument, Appointments, CaseRefusal, CaseRequest,
    DayAppointment, OpenedCase, Stage,
};
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::i18n::Lang;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{DatabaseTransaction, DbErr};

use crate::domain::{self, BookingStatus, CheckInWindow};
use crate::store::bookings::status::transition;
use crate::store::{self, Booking};

/// Passport bookings, for the office floor.
#[derive(Debug, Clone, Copy, Default)]
pub struct PassportAppointments;

/// Where a booking stands for the floor.
fn stage(status: BookingStatus) -> Stage {
    match status {
        BookingStatus::Confirmed => Stage::Expected,
        BookingStatus::CheckedIn | BookingStatus::Served => Stage::Arrived,
        _ => Stage::NotExpected,
    }
}

/// A booking with its slot and NIK index, as an appointment.
async fn appointment(txn: &DatabaseTransaction, b: Booking) -> Result<Appointment, DbErr> {
    let slot = store::slot(txn, &b.slot_id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("slot of booking {}", b.code)))?;
    let nik_index = store::floor::nik_index(txn, &b.id)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("booking {}", b.code)))?;
    Ok(Appointment {
        stage: stage(b.status),
        status: b.status.as_str().to_owned(),
        id: b.id,
        code: b.code,
        office_code: b.office_code,
        session_id: slot.id,
        date: slot.date,
        starts_at: db::from_millis(slot.starts_at),
        ends_at: db::from_millis(slot.ends_at),
        category: slot.category,
        nik_index,
        nik_masked: b.nik_masked,
        full_name: b.full_name,
    })
}

#[async_trait]
impl Appointments for PassportAppointments {
    fn object_type(&self) -> &'static str {
        "booking"
    }

    async fn find_by_code(
        &self,
        txn: &DatabaseTransaction,
        code: &str,
    ) -> Result<Option<Appointment>, DbErr> {
        match store::find_by_code(txn, code).await? {
            Some(b) => Ok(Some(appointment(txn, b).await?)),
            None => Ok(None),
        }
    }

    async fn find_by_id(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
    ) -> Result<Option<Appointment>, DbErr> {
        match store::find_by_id(txn, id).await? {
            Some(b) => Ok(Some(appointment(txn, b).await?)),
            None => Ok(None),
        }
    }

    async fn check_in(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
        now: Timestamp,
    ) -> Result<bool, DbErr> {
        // The floor checked the arrival window with the office's settings.
        let to = BookingStatus::CheckedIn;
        transition(txn, id, &[BookingStatus::Confirmed], to, now).await
    }

    async fn mark_served(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
        now: Timestamp,
    ) -> Result<bool, DbErr> {
        let Some(b) = store::find_by_id(txn, id).await? else {
            return Ok(false);
        };
        let Ok(to) = domain::serve(b.status) else {
            return Ok(false);
        };
        transition(txn, id, &[b.status], to, now).await
    }

    async fn mark_no_show(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
        absence: Absence,
        now: Timestamp,
    ) -> Result<bool, DbErr> {
        let Some(b) = store::find_by_id(txn, id).await? else {
            return Ok(false);
        };
        let next = match absence {
            Absence::MissedCall => domain::miss_call(b.status),
            Absence::NeverArrived => {
                let Some(slot) = store::slot(txn, &b.slot_id).await? else {
                    return Ok(false);
                };
                domain::mark_no_show(
                    b.status,
                    now,
                    &CheckInWindow::default(),
                    db::from_millis(slot.starts_at),
                    db::from_millis(slot.ends_at),
                )
            }
        };
        match next {
            Ok(to) => transition(txn, id, &[b.status], to, now).await,
            Err(_) => Ok(false),
        }
    }

    async fn due_no_shows(
        &self,
        db: &Db,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<String>, DbErr> {
        store::floor::due_no_shows(db, now, limit).await
    }

    async fn documents(
        &self,
        db: &Db,
        id: &str,
        lang: Lang,
    ) -> Result<Vec<AppointmentDocument>, DbErr> {
        let Some(b) = store::find_by_id(db, id).await? else {
            return Ok(Vec::new());
        };
        let checklist = crate::app::documents::checklist(db, &b).await?;
        Ok(checklist
            .into_iter()
            .map(|item| AppointmentDocument {
                label: lang.t(&format!(
                    "pdoc-kind-{}",
                    item.kind.as_str().replace('_', "-")
                )),
                // The booking's file route: the platform's read, audited
                // `document.read` for the officer.
                url: item
                    .document
                    .map(|d| format!("/passport/bookings/{}/documents/{}", b.code, d.id)),
            })
            .collect())
    }

    async fn day(&self, db: &Db, office: &str, date: Date) -> Result<Vec<DayAppointment>, DbErr> {
        Ok(store::floor::bookings_of_day(db, office, date)
            .await?
            .into_iter()
            .map(|(id, status)| DayAppointment {
                id,
                holds_place: status.holds_slot(),
                no_show: status == BookingStatus::NoShow,
            })
            .collect())
    }

    async fn open_case(
        &self,
        txn: &DatabaseTransaction,
        request: &CaseRequest<'_>,
        now: Timestamp,
    ) -> Result<Option<Result<OpenedCase, CaseRefusal>>, DbErr> {
        crate::app::walk_in::open_case(txn, request, now)
            .await
            .map(Some)
    }

    fn case_page(&self) -> Option<&'static str> {
        Some("/passport/examination")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_map_one_to_one() {
        let expected: Vec<_> = BookingStatus::ALL
            .into_iter()
            .filter(|s| stage(*s) == Stage::Expected)
            .collect();
        assert_eq!(expected, [BookingStatus::Confirmed]);
        assert_eq!(stage(BookingStatus::Served), Stage::Arrived);
        assert_eq!(stage(BookingStatus::NoShow), Stage::NotExpected);
    }
}

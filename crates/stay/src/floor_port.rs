//! Appearances as the office floor sees them: the implementation of
//! `imigrasi_office::Appointments`. The holder shows the appearance code
//! at the kiosk; every change goes through the one writer,
//! `store::appearances::transition`.
//!
//! | floor | appearance |
//! |---|---|
//! | check-in | `booked -> checked_in` |
//! | served | `checked_in -> served` |
//! | no-show (never arrived, missed call) | `booked`/`checked_in -> no_show` |

use async_trait::async_trait;
use imigrasi_office::domain::Category;
use imigrasi_office::{Absence, Appointment, Appointments, DayAppointment, Stage};
use imigrasi_platform::db::{self, Db};
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{DatabaseTransaction, DbErr};

use crate::domain::appearance::Status;
use crate::store::appearances::{self, Appearance};

/// Stay-permit appearances, for the office floor.
#[derive(Debug, Clone, Copy, Default)]
pub struct StayAppearances;

fn stage(s: Status) -> Stage {
    match s {
        Status::Booked => Stage::Expected,
        Status::CheckedIn | Status::Served => Stage::Arrived,
        _ => Stage::NotExpected,
    }
}

/// A booked appearance as the floor's appointment (`None` before a time
/// is booked: nothing to check in to).
fn appointment(a: Appearance) -> Option<Appointment> {
    let date = a.session_date.as_deref()?.parse().ok()?;
    Some(Appointment {
        stage: stage(a.status),
        status: a.status.as_str().to_owned(),
        session_id: format!(
            "{}:{}",
            a.session_date.as_deref()?,
            a.session_name.as_deref()?
        ),
        date,
        starts_at: db::from_millis(a.starts_at?),
        ends_at: db::from_millis(a.ends_at?),
        category: Category::Regular,
        nik_index: a.person_index,
        nik_masked: a.person_masked,
        full_name: a.full_name,
        id: a.id,
        code: a.code,
        office_code: a.office_code,
    })
}

#[async_trait]
impl Appointments for StayAppearances {
    fn object_type(&self) -> &'static str {
        "stay_appearance"
    }

    async fn find_by_code(
        &self,
        txn: &DatabaseTransaction,
        code: &str,
    ) -> Result<Option<Appointment>, DbErr> {
        Ok(appearances::find_by_code(txn, code)
            .await?
            .and_then(appointment))
    }

    async fn find_by_id(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
    ) -> Result<Option<Appointment>, DbErr> {
        Ok(appearances::find_by_id(txn, id)
            .await?
            .and_then(appointment))
    }

    async fn check_in(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
        now: Timestamp,
    ) -> Result<bool, DbErr> {
        appearances::transition(txn, id, Status::Booked, Status::CheckedIn, db::millis(now)).await
    }

    async fn mark_served(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
        now: Timestamp,
    ) -> Result<bool, DbErr> {
        appearances::transition(txn, id, Status::CheckedIn, Status::Served, db::millis(now)).await
    }

    async fn mark_no_show(
        &self,
        txn: &DatabaseTransaction,
        id: &str,
        absence: Absence,
        now: Timestamp,
    ) -> Result<bool, DbErr> {
        let Some(a) = appearances::find_by_id(txn, id).await? else {
            return Ok(false);
        };
        let from = match absence {
            Absence::MissedCall => Status::CheckedIn,
            // Only once the session is over.
            Absence::NeverArrived if a.ends_at.is_some_and(|e| e <= db::millis(now)) => {
                Status::Booked
            }
            Absence::NeverArrived => return Ok(false),
        };
        appearances::transition(txn, id, from, Status::NoShow, db::millis(now)).await
    }

    async fn due_no_shows(
        &self,
        db: &Db,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<String>, DbErr> {
        appearances::due_no_shows(db, db::millis(now), limit).await
    }

    async fn day(&self, db: &Db, office: &str, date: Date) -> Result<Vec<DayAppointment>, DbErr> {
        Ok(appearances::of_day(db, office, &date.to_string())
            .await?
            .into_iter()
            .map(|(id, status)| DayAppointment {
                id,
                holds_place: !matches!(status, Status::Cancelled | Status::Requested),
                no_show: status == Status::NoShow,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_booked_appearance_is_expected() {
        let expected: Vec<_> = Status::ALL
            .into_iter()
            .filter(|s| stage(*s) == Stage::Expected)
            .collect();
        assert_eq!(expected, [Status::Booked]);
        assert_eq!(stage(Status::Served), Stage::Arrived);
        assert_eq!(stage(Status::NoShow), Stage::NotExpected);
    }
}

//! The day's figures of an office's floor (the dashboard and its API).

use imigrasi_platform::db::Db;
use jiff::civil::Date;
use sea_orm::DbErr;

use super::office_zone;
use crate::domain::{DayStats, TicketFacts, summarize};
use crate::port::FloorServices;
use crate::store::queue::facts;
use crate::store::tickets_of_day;

/// The officer dashboard's figures for an office's day: booked, checked
/// in, walk-ins, waiting, called, served, no-shows, average wait and
/// service time, per counter, per category and arrivals per office-local
/// hour (see `domain::DayStats`). "Booked" counts the appointments of the
/// day's sessions that hold a place; "absent" the no-shows that never got a
/// ticket.
pub async fn day_stats(
    database: &Db,
    services: &FloorServices,
    office: &str,
    date: Date,
) -> Result<DayStats, DbErr> {
    let zone = office_zone(database, office).await?;
    let tickets = tickets_of_day(database, office, date).await?;
    let mut booked = 0u32;
    let mut absent = 0u32;
    for service in services.iter() {
        for a in service.day(database, office, date).await? {
            if a.holds_place {
                booked += 1;
            }
            let had_ticket = tickets
                .iter()
                .any(|t| t.appointment_id.as_deref() == Some(a.id.as_str()));
            if a.no_show && !had_ticket {
                absent += 1;
            }
        }
    }
    let facts: Vec<TicketFacts> = tickets.iter().map(facts).collect();
    Ok(summarize(date, booked, absent, &facts, &zone))
}

//! The day's statistics of an office's floor.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::category::Category;
use super::ticket::{TicketKind, TicketStatus};

/// The facts of one ticket that the day's statistics are computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFacts {
    /// Category.
    pub category: Category,
    /// Booking or walk-in.
    pub kind: TicketKind,
    /// Status.
    pub status: TicketStatus,
    /// Counter that called it.
    pub counter: Option<String>,
    /// Check-in instant (ms).
    pub checked_in_at: i64,
    /// Last call instant (ms).
    pub called_at: Option<i64>,
    /// Served or no-show instant (ms).
    pub finished_at: Option<i64>,
}

impl TicketFacts {
    /// Minutes from check-in to the call.
    pub fn wait_minutes(&self) -> Option<f64> {
        self.called_at
            .map(|c| (c - self.checked_in_at).max(0) as f64 / 60_000.0)
    }

    /// Minutes at the counter, for served tickets.
    pub fn service_minutes(&self) -> Option<f64> {
        match (self.status, self.called_at, self.finished_at) {
            (TicketStatus::Served, Some(c), Some(f)) => Some((f - c).max(0) as f64 / 60_000.0),
            _ => None,
        }
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| (sum / f64::from(n) * 10.0).round() / 10.0)
}

/// The average minutes at a counter over the served tickets (one decimal).
pub fn average_service_minutes(tickets: &[TicketFacts]) -> Option<f64> {
    mean(tickets.iter().filter_map(TicketFacts::service_minutes))
}

/// One counter's day.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CounterStats {
    /// Counter name.
    pub counter: String,
    /// Tickets served there.
    pub served: u32,
    /// Average minutes per served ticket.
    pub average_service_minutes: Option<f64>,
}

/// One category's day.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CategoryStats {
    /// `regular`, `accelerated` or `priority`.
    #[schema(value_type = String)]
    pub category: Category,
    /// Tickets issued (check-ins and walk-ins).
    pub tickets: u32,
    /// Still waiting.
    pub waiting: u32,
    /// Served.
    pub served: u32,
    /// Called but did not come.
    pub no_shows: u32,
    /// Average minutes from check-in to call.
    pub average_wait_minutes: Option<f64>,
}

/// Check-ins during one office-local hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HourCount {
    /// Hour of the day, office time (7 means 07:00-07:59).
    pub hour: u8,
    /// Tickets issued in that hour.
    pub count: u32,
}

/// First and last hour always shown in arrivals per hour.
pub const ARRIVAL_HOURS: (u8, u8) = (7, 17);

/// The office's day on the floor.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DayStats {
    /// Office-local date.
    pub date: String,
    /// Bookings of the day's sessions that hold a place (awaiting payment,
    /// confirmed, checked in, served, no-show).
    pub booked: u32,
    /// Bookings checked in (kiosk or desk).
    pub checked_in: u32,
    /// Priority walk-ins registered.
    pub walk_ins: u32,
    /// Tickets waiting now.
    pub waiting: u32,
    /// Tickets called and not finished yet.
    pub called: u32,
    /// Tickets served.
    pub served: u32,
    /// `absent_bookings + missed_calls`.
    pub no_shows: u32,
    /// Bookings of the day that never checked in and were marked no-show.
    pub absent_bookings: u32,
    /// Tickets called but marked no-show at the counter.
    pub missed_calls: u32,
    /// Average minutes from check-in to call (called tickets).
    pub average_wait_minutes: Option<f64>,
    /// Average minutes from call to served.
    pub average_service_minutes: Option<f64>,
    /// By counter name.
    pub per_counter: Vec<CounterStats>,
    /// Regular, accelerated, priority (every category, even without tickets).
    pub per_category: Vec<CategoryStats>,
    /// Tickets issued per office-local hour: always 07 to 17, widened to
    /// include earlier or later arrivals.
    pub arrivals_per_hour: Vec<HourCount>,
}

fn count(tickets: &[&TicketFacts], f: impl Fn(&TicketFacts) -> bool) -> u32 {
    tickets.iter().filter(|t| f(t)).count() as u32
}

/// The day's statistics from its tickets, the number of bookings holding a
/// place and the number of bookings marked no-show (never checked in).
pub fn summarize(
    date: Date,
    booked: u32,
    absent_bookings: u32,
    tickets: &[TicketFacts],
    zone: &TimeZone,
) -> DayStats {
    let all: Vec<&TicketFacts> = tickets.iter().collect();
    let missed_calls = count(&all, |t| t.status == TicketStatus::NoShow);
    let mut counters: BTreeMap<String, Vec<&TicketFacts>> = BTreeMap::new();
    for t in tickets {
        if let Some(c) = &t.counter {
            counters.entry(c.clone()).or_default().push(t);
        }
    }
    let per_counter = counters
        .into_iter()
        .map(|(counter, ts)| CounterStats {
            counter,
            served: count(&ts, |t| t.status == TicketStatus::Served),
            average_service_minutes: mean(ts.iter().filter_map(|t| t.service_minutes())),
        })
        .collect();
    let per_category = Category::ALL
        .into_iter()
        .map(|category| {
            let ts: Vec<&TicketFacts> = tickets.iter().filter(|t| t.category == category).collect();
            CategoryStats {
                category,
                tickets: ts.len() as u32,
                waiting: count(&ts, |t| t.status == TicketStatus::Waiting),
                served: count(&ts, |t| t.status == TicketStatus::Served),
                no_shows: count(&ts, |t| t.status == TicketStatus::NoShow),
                average_wait_minutes: mean(ts.iter().filter_map(|t| t.wait_minutes())),
            }
        })
        .collect();
    let hours: Vec<u8> = tickets
        .iter()
        .map(|t| {
            let at = Timestamp::from_millisecond(t.checked_in_at).unwrap_or(Timestamp::UNIX_EPOCH);
            zone.to_datetime(at).hour() as u8
        })
        .collect();
    let first = hours
        .iter()
        .copied()
        .min()
        .unwrap_or(ARRIVAL_HOURS.0)
        .min(ARRIVAL_HOURS.0);
    let last = hours
        .iter()
        .copied()
        .max()
        .unwrap_or(ARRIVAL_HOURS.1)
        .max(ARRIVAL_HOURS.1);
    let arrivals_per_hour = (first..=last)
        .map(|hour| HourCount {
            hour,
            count: hours.iter().filter(|h| **h == hour).count() as u32,
        })
        .collect();
    DayStats {
        date: date.to_string(),
        booked,
        checked_in: count(&all, |t| t.kind == TicketKind::Booking),
        walk_ins: count(&all, |t| t.kind == TicketKind::WalkIn),
        waiting: count(&all, |t| t.status == TicketStatus::Waiting),
        called: count(&all, |t| t.status == TicketStatus::Called),
        served: count(&all, |t| t.status == TicketStatus::Served),
        no_shows: absent_bookings + missed_calls,
        absent_bookings,
        missed_calls,
        average_wait_minutes: mean(tickets.iter().filter_map(TicketFacts::wait_minutes)),
        average_service_minutes: average_service_minutes(tickets),
        per_counter,
        per_category,
        arrivals_per_hour,
    }
}

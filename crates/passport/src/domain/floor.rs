//! The office floor's pure rules: floor settings, ticket numbers, counter
//! names, priority walk-ins, ticket states, the call order (priority tickets
//! interleaved with the others), waiting estimates and day statistics.
//!
//! No IO and no clock: callers pass the current instant or date.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use imigrasi_core::Sex;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use super::booking::CheckInWindow;
use super::category::{Category, UnknownValue};

/// Minutes before a session starts that check-in opens, when not configured.
pub const DEFAULT_ARRIVE_BEFORE_MINUTES: u32 = 30;
/// One priority ticket after this many other calls, when not configured.
pub const DEFAULT_PRIORITY_EVERY: u32 = 2;
/// Priority walk-ins per office and day when the office has no priority quota.
pub const DEFAULT_WALK_IN_DAILY_CAP: u32 = 20;
/// Minutes one applicant takes at a counter before the day has any data.
pub const DEFAULT_SERVICE_MINUTES: f64 = 10.0;
/// Largest accepted `arrive_before_minutes`.
pub const MAX_ARRIVE_BEFORE_MINUTES: u32 = 240;
/// Largest accepted `priority_every`.
pub const MAX_PRIORITY_EVERY: u32 = 50;
/// Largest accepted `walk_in_daily_cap`.
pub const MAX_WALK_IN_DAILY_CAP: u32 = 10_000;
/// Youngest age (full years) of an elderly walk-in.
pub const ELDERLY_MIN_AGE: i32 = 60;
/// A child walk-in must be younger than this (full years).
pub const CHILD_AGE_LIMIT: i32 = 5;

/// How an office runs its floor (configuration per office).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FloorSettings {
    /// Check-in opens this many minutes before the session starts (and
    /// closes when it ends).
    pub arrive_before_minutes: u32,
    /// When priority tickets wait, one is called after every this many
    /// regular or accelerated calls (0: priority tickets always first).
    pub priority_every: u32,
    /// Priority walk-ins accepted per day.
    pub walk_in_daily_cap: u32,
}

impl FloorSettings {
    /// The defaults for an office whose daily priority quota is
    /// `office_priority_quota` (the walk-in cap; 20 when not positive).
    pub fn defaults(office_priority_quota: i32) -> FloorSettings {
        FloorSettings {
            arrive_before_minutes: DEFAULT_ARRIVE_BEFORE_MINUTES,
            priority_every: DEFAULT_PRIORITY_EVERY,
            walk_in_daily_cap: u32::try_from(office_priority_quota)
                .ok()
                .filter(|c| *c > 0)
                .unwrap_or(DEFAULT_WALK_IN_DAILY_CAP),
        }
    }

    /// Settings from untrusted numbers, or the message for each bad field.
    pub fn parse(
        arrive_before_minutes: i64,
        priority_every: i64,
        walk_in_daily_cap: i64,
    ) -> Result<FloorSettings, BTreeMap<&'static str, String>> {
        let mut errors = BTreeMap::new();
        let mut field = |name: &'static str, value: i64, max: u32| -> u32 {
            match u32::try_from(value) {
                Ok(v) if v <= max => v,
                _ => {
                    errors.insert(name, format!("Give a whole number from 0 to {max}."));
                    0
                }
            }
        };
        let s = FloorSettings {
            arrive_before_minutes: field(
                "arrive_before_minutes",
                arrive_before_minutes,
                MAX_ARRIVE_BEFORE_MINUTES,
            ),
            priority_every: field("priority_every", priority_every, MAX_PRIORITY_EVERY),
            walk_in_daily_cap: field(
                "walk_in_daily_cap",
                walk_in_daily_cap,
                MAX_WALK_IN_DAILY_CAP,
            ),
        };
        if errors.is_empty() {
            Ok(s)
        } else {
            Err(errors)
        }
    }

    /// The check-in window: from `arrive_before_minutes` before the session
    /// starts until it ends.
    pub fn check_in_window(&self) -> CheckInWindow {
        CheckInWindow {
            early_minutes: self.arrive_before_minutes,
            late_minutes: 0,
        }
    }
}

/// The letter that starts ticket numbers of a category: `A` regular,
/// `B` accelerated, `P` priority.
pub fn ticket_prefix(category: Category) -> char {
    match category {
        Category::Regular => 'A',
        Category::Accelerated => 'B',
        Category::Priority => 'P',
    }
}

/// The category whose tickets start with `prefix`.
pub fn prefix_category(prefix: char) -> Option<Category> {
    Category::ALL
        .into_iter()
        .find(|c| ticket_prefix(*c) == prefix)
}

/// A ticket number as shown on the board: the prefix and at least three
/// digits (`A007`, `P120`, `A1000`).
pub fn ticket_number(prefix: char, n: u32) -> String {
    format!("{prefix}{n:03}")
}

/// A ticket number as typed (`a7`, ` A007 `) in its canonical form
/// (`A007`), or `None` when it cannot be one.
pub fn parse_ticket_number(s: &str) -> Option<String> {
    let s = s.trim();
    let mut chars = s.chars();
    let prefix = chars.next()?.to_ascii_uppercase();
    prefix_category(prefix)?;
    let digits = chars.as_str();
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    (n >= 1).then(|| ticket_number(prefix, n))
}

/// A counter name as typed, in canonical form: 1 to 4 ASCII letters or
/// digits, upper case (`1`, `12`, `A1`).
pub fn parse_counter(s: &str) -> Option<String> {
    let s = s.trim();
    let ok = (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then(|| s.to_ascii_uppercase())
}

/// How a ticket came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    /// Check-in of a booking (kiosk or desk).
    Booking,
    /// Priority walk-in registered by an officer.
    WalkIn,
}

impl TicketKind {
    /// Every kind.
    pub const ALL: [TicketKind; 2] = [TicketKind::Booking, TicketKind::WalkIn];

    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::Booking => "booking",
            TicketKind::WalkIn => "walk_in",
        }
    }
}

impl FromStr for TicketKind {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TicketKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownValue {
                kind: "ticket kind",
                value: s.to_owned(),
            })
    }
}

/// Where a ticket is.
///
/// ```text
/// waiting --call--> called --serve----> served
///                   called --no_show--> no_show
///                   called --recall---> called
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// In the queue.
    Waiting,
    /// Called to a counter.
    Called,
    /// Served at the counter.
    Served,
    /// Called but did not come.
    NoShow,
}

impl TicketStatus {
    /// Every status.
    pub const ALL: [TicketStatus; 4] = [
        TicketStatus::Waiting,
        TicketStatus::Called,
        TicketStatus::Served,
        TicketStatus::NoShow,
    ];

    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Waiting => "waiting",
            TicketStatus::Called => "called",
            TicketStatus::Served => "served",
            TicketStatus::NoShow => "no_show",
        }
    }

    /// Whether the holder is still in the office's queue (waiting or called).
    pub fn is_open(self) -> bool {
        matches!(self, TicketStatus::Waiting | TicketStatus::Called)
    }
}

impl FromStr for TicketStatus {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TicketStatus::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownValue {
                kind: "ticket status",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for TicketStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something done to a ticket at a counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketAction {
    /// Call a waiting ticket to a counter.
    Call,
    /// Call the same ticket again.
    Recall,
    /// The applicant was served.
    Serve,
    /// The applicant did not come when called.
    NoShow,
}

impl TicketAction {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketAction::Call => "call",
            TicketAction::Recall => "recall",
            TicketAction::Serve => "serve",
            TicketAction::NoShow => "no_show",
        }
    }
}

impl fmt::Display for TicketAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a ticket cannot take an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    /// Serve, no-show and recall need a called ticket.
    #[error("ticket has not been called yet; call it first")]
    NotCalled,
    /// The ticket is finished (served or no-show).
    #[error("ticket is already {0}")]
    Finished(TicketStatus),
    /// Only waiting tickets can be called.
    #[error("ticket is not waiting")]
    NotWaiting,
}

impl TicketError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            TicketError::NotCalled => "ticket_not_called",
            TicketError::Finished(_) => "ticket_finished",
            TicketError::NotWaiting => "ticket_not_waiting",
        }
    }
}

/// The status after `action`, or why it is refused.
pub fn ticket_transition(
    status: TicketStatus,
    action: TicketAction,
) -> Result<TicketStatus, TicketError> {
    use TicketStatus::*;
    match (status, action) {
        (Waiting, TicketAction::Call) => Ok(Called),
        (_, TicketAction::Call) => Err(TicketError::NotWaiting),
        (Called, TicketAction::Recall) => Ok(Called),
        (Called, TicketAction::Serve) => Ok(Served),
        (Called, TicketAction::NoShow) => Ok(NoShow),
        (Waiting, _) => Err(TicketError::NotCalled),
        (finished, _) => Err(TicketError::Finished(finished)),
    }
}

/// Why a priority walk-in is registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityReason {
    /// 60 years or older.
    Elderly,
    /// A person with a disability.
    Disability,
    /// A pregnant woman.
    Pregnant,
    /// A child under 5.
    #[serde(rename = "child_under_5")]
    ChildUnder5,
}

impl PriorityReason {
    /// Every reason.
    pub const ALL: [PriorityReason; 4] = [
        PriorityReason::Elderly,
        PriorityReason::Disability,
        PriorityReason::Pregnant,
        PriorityReason::ChildUnder5,
    ];

    /// The stable name used in storage and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            PriorityReason::Elderly => "elderly",
            PriorityReason::Disability => "disability",
            PriorityReason::Pregnant => "pregnant",
            PriorityReason::ChildUnder5 => "child_under_5",
        }
    }
}

impl FromStr for PriorityReason {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PriorityReason::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownValue {
                kind: "priority reason",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for PriorityReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why the declared identity does not fit the priority reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PriorityRefusal {
    /// The birth date is after today.
    #[error("the birth date is in the future")]
    BornInFuture,
    /// Elderly walk-ins are 60 or older.
    #[error("an elderly walk-in must be at least {ELDERLY_MIN_AGE} years old (declared age {age})")]
    TooYoungForElderly {
        /// Declared age in full years.
        age: i32,
    },
    /// Child walk-ins are under 5.
    #[error("a child walk-in must be under {CHILD_AGE_LIMIT} years old (declared age {age})")]
    TooOldForChild {
        /// Declared age in full years.
        age: i32,
    },
    /// Only women can be registered as pregnant.
    #[error("a pregnant walk-in must be a woman (sex F)")]
    PregnantNotFemale,
}

impl PriorityRefusal {
    /// The request field the refusal is about.
    pub fn field(&self) -> &'static str {
        match self {
            PriorityRefusal::BornInFuture => "applicant.birth_date",
            PriorityRefusal::PregnantNotFemale => "applicant.sex",
            _ => "priority_reason",
        }
    }
}

/// Age in full years on `today` of someone born on `birth` (negative when
/// born after `today`).
pub fn age_on(birth: Date, today: Date) -> i32 {
    let mut years = i32::from(today.year()) - i32::from(birth.year());
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// Whether the declared birth date and sex fit the priority reason on `today`.
pub fn check_priority_reason(
    reason: PriorityReason,
    birth: Date,
    sex: Sex,
    today: Date,
) -> Result<(), PriorityRefusal> {
    if birth > today {
        return Err(PriorityRefusal::BornInFuture);
    }
    let age = age_on(birth, today);
    match reason {
        PriorityReason::Elderly if age < ELDERLY_MIN_AGE => {
            Err(PriorityRefusal::TooYoungForElderly { age })
        }
        PriorityReason::ChildUnder5 if age >= CHILD_AGE_LIMIT => {
            Err(PriorityRefusal::TooOldForChild { age })
        }
        PriorityReason::Pregnant if sex != Sex::Female => Err(PriorityRefusal::PregnantNotFemale),
        _ => Ok(()),
    }
}

/// Which queue the next call takes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pick {
    /// The oldest waiting priority ticket.
    Priority,
    /// The oldest waiting regular or accelerated ticket.
    Other,
}

/// Which queue the next call takes from.
///
/// `oldest_priority` and `oldest_other` are the day sequence numbers of the
/// oldest waiting ticket of each queue. The oldest ticket overall goes
/// first, except that once `priority_every` other tickets were called since
/// the last priority one (`regular_since_priority`), a waiting priority
/// ticket goes next. `None` when nobody waits.
pub fn next_pick(
    priority_every: u32,
    regular_since_priority: u32,
    oldest_priority: Option<i64>,
    oldest_other: Option<i64>,
) -> Option<Pick> {
    match (oldest_priority, oldest_other) {
        (None, None) => None,
        (Some(_), None) => Some(Pick::Priority),
        (None, Some(_)) => Some(Pick::Other),
        (Some(p), Some(o)) => {
            if regular_since_priority >= priority_every || p < o {
                Some(Pick::Priority)
            } else {
                Some(Pick::Other)
            }
        }
    }
}

/// The number of other calls since the last priority call, after `pick`.
pub fn after_pick(pick: Pick, regular_since_priority: u32) -> u32 {
    match pick {
        Pick::Priority => 0,
        Pick::Other => regular_since_priority.saturating_add(1),
    }
}

/// The order in which [`next_pick`] calls a fixed set of waiting tickets
/// (`(seq, is_priority)`), starting from `regular_since_priority`. The
/// reference for the store's call-next and for tests.
pub fn call_order(
    tickets: &[(i64, bool)],
    priority_every: u32,
    regular_since_priority: u32,
) -> Vec<i64> {
    let mut priority: Vec<i64> = tickets.iter().filter(|t| t.1).map(|t| t.0).collect();
    let mut other: Vec<i64> = tickets.iter().filter(|t| !t.1).map(|t| t.0).collect();
    priority.sort_unstable();
    other.sort_unstable();
    let (mut p, mut o) = (0, 0);
    let mut state = regular_since_priority;
    let mut out = Vec::with_capacity(tickets.len());
    while let Some(pick) = next_pick(
        priority_every,
        state,
        priority.get(p).copied(),
        other.get(o).copied(),
    ) {
        match pick {
            Pick::Priority => {
                out.push(priority[p]);
                p += 1;
            }
            Pick::Other => {
                out.push(other[o]);
                o += 1;
            }
        }
        state = after_pick(pick, state);
    }
    out
}

/// Estimated minutes until a ticket with `people_ahead` waiting before it
/// is called, when each applicant takes `average_service_minutes` and
/// `open_counters` counters serve in parallel (at least one is assumed).
pub fn estimate_wait_minutes(
    people_ahead: u32,
    average_service_minutes: f64,
    open_counters: u32,
) -> u32 {
    let per = if average_service_minutes.is_finite() && average_service_minutes > 0.0 {
        average_service_minutes
    } else {
        DEFAULT_SERVICE_MINUTES
    };
    let minutes = f64::from(people_ahead) * per / f64::from(open_counters.max(1));
    // Bounded above by people_ahead * a finite average; saturating cast.
    minutes.ceil() as u32
}

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

/// Text form of a device key: base64url without padding (RFC 4648 §5).
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            let index = (n >> (18 - 6 * i)) & 0x3f;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

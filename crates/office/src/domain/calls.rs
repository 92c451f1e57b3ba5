//! The call order (priority tickets interleaved with the others) and
//! waiting estimates.

use serde::{Deserialize, Serialize};

use super::settings::DEFAULT_SERVICE_MINUTES;

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

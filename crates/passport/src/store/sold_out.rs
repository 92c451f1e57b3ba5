//! A per-process memory of sessions found full, so that at a quota release
//! the flood of requests for sold-out sessions is answered without touching
//! the database. The database still decides every booking.
//!
//! A place that returns (cancel, expiry, reschedule) is forgotten at once in
//! the process that returns it, and announced to every other process on
//! PostgreSQL: `pg_notify` inside the returning transaction
//! ([`announce_returned`]), heard by each process's event listener and
//! applied by the passport worker ([`on_event`]), so the correction arrives
//! only if the place really returned. Capacity raised by a quota change is
//! not announced: entries live [`TTL`], so it is seen at most that late.

use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};
use std::time::{Duration, Instant};

use imigrasi_platform::events::{Event, Events};
use sea_orm::{ConnectionTrait, DbErr};

/// How long a "full" answer is trusted.
pub const TTL: Duration = Duration::from_secs(5);

/// The event topic a returned place is announced on.
pub const TOPIC: &str = "passport:place_returned";

static FULL: LazyLock<RwLock<HashMap<String, Instant>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

/// Whether the slot was seen full less than [`TTL`] ago.
pub fn is_full(slot_id: &str) -> bool {
    FULL.read()
        .map(|m| m.get(slot_id).is_some_and(|t| t.elapsed() < TTL))
        .unwrap_or(false)
}

/// Remember that the slot is full.
pub fn mark_full(slot_id: &str) {
    if let Ok(mut m) = FULL.write() {
        if m.len() > 10_000 {
            m.retain(|_, t| t.elapsed() < TTL);
        }
        m.insert(slot_id.to_owned(), Instant::now());
    }
}

/// Forget it: a place returned.
pub fn forget(slot_id: &str) {
    if let Ok(mut m) = FULL.write() {
        m.remove(slot_id);
    }
}

/// A place of `slot_id` returns in the open transaction `c`: forget it
/// here, and tell the other processes once `c` commits (PostgreSQL).
pub async fn announce_returned(c: &impl ConnectionTrait, slot_id: &str) -> Result<(), DbErr> {
    forget(slot_id);
    Events::notify_in(c, TOPIC, serde_json::json!({ "slot": slot_id })).await?;
    Ok(())
}

/// Apply an event heard from any process: a returned place is forgotten.
/// Other topics are ignored.
pub fn on_event(event: &Event) {
    if event.topic != TOPIC {
        return;
    }
    let slot = serde_json::from_str::<serde_json::Value>(&event.payload)
        .ok()
        .and_then(|v| v["slot"].as_str().map(str::to_owned));
    if let Some(slot) = slot {
        forget(&slot);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_then_forgets() {
        let id = uuid::Uuid::now_v7().to_string();
        assert!(!is_full(&id));
        mark_full(&id);
        assert!(is_full(&id));
        forget(&id);
        assert!(!is_full(&id));
    }
}

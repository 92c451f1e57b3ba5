//! A per-process memory of sessions found full, so that at a quota release
//! the flood of requests for sold-out sessions is answered without touching
//! the database, and of sessions seen not yet released, so the requests that
//! arrive before a release are too. The database still decides every
//! booking. (A release moved earlier is seen at most [`TTL`] late.)
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

/// Sessions seen not yet released: their release instant (ms), and when seen.
static UNRELEASED: LazyLock<RwLock<HashMap<String, (i64, Instant)>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

/// When the slot opens, if it was seen not yet released less than [`TTL`]
/// ago and `now_ms` is still before that instant.
pub fn opens_at(slot_id: &str, now_ms: i64) -> Option<i64> {
    UNRELEASED
        .read()
        .ok()?
        .get(slot_id)
        .filter(|(at, seen)| seen.elapsed() < TTL && now_ms < *at)
        .map(|(at, _)| *at)
}

/// Remember that the slot opens at `release_at_ms`.
pub fn mark_unreleased(slot_id: &str, release_at_ms: i64) {
    if let Ok(mut m) = UNRELEASED.write() {
        if m.len() > 10_000 {
            m.retain(|_, (_, seen)| seen.elapsed() < TTL);
        }
        m.insert(slot_id.to_owned(), (release_at_ms, Instant::now()));
    }
}

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
    fn a_session_not_yet_released_is_remembered_until_it_opens() {
        mark_unreleased("slot-u", 1_000);
        assert_eq!(opens_at("slot-u", 999), Some(1_000));
        assert_eq!(opens_at("slot-u", 1_000), None, "open from its instant");
        assert_eq!(opens_at("slot-v", 0), None);
    }

    #[test]
    fn a_returned_place_heard_from_another_process_is_forgotten() {
        mark_full("slot-a");
        mark_full("slot-b");
        assert!(is_full("slot-a"));
        on_event(&Event {
            topic: "board:BATAM".into(),
            payload: r#"{"slot":"slot-a"}"#.into(),
        });
        assert!(is_full("slot-a"), "another topic changes nothing");
        on_event(&Event {
            topic: TOPIC.into(),
            payload: "not json".into(),
        });
        on_event(&Event {
            topic: TOPIC.into(),
            payload: r#"{"slot":"slot-a"}"#.into(),
        });
        assert!(!is_full("slot-a"));
        assert!(is_full("slot-b"));
    }

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

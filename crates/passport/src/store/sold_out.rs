//! A per-process memory of sessions found full, so that at a quota release
//! the flood of requests for sold-out sessions is answered without touching
//! the database. Entries live one second: a place that returns in another
//! process is seen at most that late (and returned places go to the
//! waitlist first anyway). The database still decides every booking.

use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};
use std::time::{Duration, Instant};

/// How long a "full" answer is trusted.
pub const TTL: Duration = Duration::from_secs(1);

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

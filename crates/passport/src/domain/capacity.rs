//! How full a slot is.

use serde::{Deserialize, Serialize};

/// Why places in a slot could not be taken or given back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CapacityError {
    /// Not enough places left.
    #[error("this session is full ({remaining} places left, {requested} requested)")]
    SlotFull {
        /// Places still free.
        remaining: u32,
        /// Places asked for.
        requested: u32,
    },
    /// More places given back than are held (a bookkeeping bug).
    #[error("cannot release {requested} places: only {held} are held")]
    NothingToRelease {
        /// Places held.
        held: u32,
        /// Places given back.
        requested: u32,
    },
}

impl CapacityError {
    /// Machine-readable error code.
    pub fn code(&self) -> &'static str {
        match self {
            CapacityError::SlotFull { .. } => "slot_full",
            CapacityError::NothingToRelease { .. } => "slot_release_underflow",
        }
    }
}

/// A slot's capacity and the places held by bookings that hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotLoad {
    capacity: u32,
    held: u32,
}

impl SlotLoad {
    /// An empty slot.
    pub fn new(capacity: u32) -> Self {
        SlotLoad { capacity, held: 0 }
    }

    /// A slot as stored; `held` may exceed a capacity that was lowered later.
    pub fn from_parts(capacity: u32, held: u32) -> Self {
        SlotLoad { capacity, held }
    }

    /// Total places.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// Places held by bookings.
    pub fn held(&self) -> u32 {
        self.held
    }

    /// Places still free (never negative).
    pub fn remaining(&self) -> u32 {
        self.capacity.saturating_sub(self.held)
    }

    /// Takes `places` places, or none if fewer remain.
    pub fn hold(&mut self, places: u32) -> Result<(), CapacityError> {
        let remaining = self.remaining();
        if places > remaining {
            return Err(CapacityError::SlotFull {
                remaining,
                requested: places,
            });
        }
        self.held += places;
        Ok(())
    }

    /// Gives back `places` places (cancel, expiry, reschedule away).
    pub fn release(&mut self, places: u32) -> Result<(), CapacityError> {
        self.held = self
            .held
            .checked_sub(places)
            .ok_or(CapacityError::NothingToRelease {
                held: self.held,
                requested: places,
            })?;
        Ok(())
    }

    /// Changes the capacity; places already held are kept even above it.
    pub fn set_capacity(&mut self, capacity: u32) {
        self.capacity = capacity;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hold_until_full_then_release() {
        let mut load = SlotLoad::new(2);
        load.hold(1).unwrap();
        load.hold(1).unwrap();
        let err = load.hold(1).unwrap_err();
        assert_eq!(
            err,
            CapacityError::SlotFull {
                remaining: 0,
                requested: 1
            }
        );
        assert_eq!(err.code(), "slot_full");
        load.release(1).unwrap();
        assert_eq!(load.remaining(), 1);
        assert!(load.hold(2).is_err());
        assert_eq!(load.held(), 1);
    }

    #[test]
    fn release_underflow_is_an_error() {
        let mut load = SlotLoad::new(3);
        let err = load.release(1).unwrap_err();
        assert_eq!(err.code(), "slot_release_underflow");
        assert_eq!(load.held(), 0);
    }

    #[test]
    fn lowering_capacity_keeps_holds_and_leaves_none_remaining() {
        let mut load = SlotLoad::from_parts(10, 8);
        load.set_capacity(5);
        assert_eq!((load.held(), load.remaining()), (8, 0));
        assert!(load.hold(1).is_err());
    }

    proptest! {
        #[test]
        fn held_never_exceeds_capacity_through_holds(capacity in 0u32..20, ops in prop::collection::vec((any::<bool>(), 0u32..4), 0..50)) {
            let mut load = SlotLoad::new(capacity);
            for (take, n) in ops {
                let before = load;
                let ok = if take { load.hold(n).is_ok() } else { load.release(n).is_ok() };
                if !ok {
                    prop_assert_eq!(load, before);
                }
                prop_assert!(load.held() <= load.capacity());
                prop_assert_eq!(load.remaining() + load.held(), capacity);
            }
        }
    }
}

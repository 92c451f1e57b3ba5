//! A reference model of bookings over a few slots, built only from the pure
//! rules, against which a real store can be compared in property tests.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::booking::{
    self, BookingStatus, RescheduleError, TransitionError, payment_deadline, reschedule_allowed,
};
use super::capacity::{CapacityError, SlotLoad};
use super::office_time::office_instant;
use super::quota::SlotSpec;

/// One slot of the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelSlot {
    /// When and what the slot is.
    pub spec: SlotSpec,
    /// Places held.
    pub load: SlotLoad,
}

/// One booking of the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelBooking {
    /// Index of the slot it is in.
    pub slot: usize,
    /// Current status.
    pub status: BookingStatus,
    /// Payment deadline.
    pub deadline: Timestamp,
    /// Whether it was moved once already.
    pub rescheduled: bool,
}

/// An operation on the model; indices refer to [`QuotaModel::slots`] and [`QuotaModel::bookings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelOp {
    /// Book one place in a slot.
    Book {
        /// Slot index.
        slot: usize,
    },
    /// Pay a booking's fee.
    Pay {
        /// Booking index.
        booking: usize,
    },
    /// Lapse an unpaid booking.
    Expire {
        /// Booking index.
        booking: usize,
    },
    /// Cancel a booking.
    Cancel {
        /// Booking index.
        booking: usize,
    },
    /// Move a booking to another slot.
    Reschedule {
        /// Booking index.
        booking: usize,
        /// Target slot index.
        to_slot: usize,
    },
}

/// Why the model refused an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ModelRejection {
    /// The index names no slot or booking.
    #[error("no such slot or booking")]
    UnknownIndex,
    /// A reschedule to the slot the booking is already in.
    #[error("the booking is already in that slot")]
    SameSlot,
    /// Capacity refused it.
    #[error(transparent)]
    Capacity(#[from] CapacityError),
    /// The state machine refused it.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// Rescheduling rules refused it.
    #[error(transparent)]
    Reschedule(#[from] RescheduleError),
}

/// A slot whose held places disagree with its bookings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("slot {slot}: {held} places held for {holders} holding bookings, capacity {capacity}")]
pub struct InvariantViolation {
    /// Slot index.
    pub slot: usize,
    /// Places the slot counts as held.
    pub held: u32,
    /// Bookings in the slot whose status holds a place.
    pub holders: u32,
    /// Slot capacity.
    pub capacity: u32,
}

/// Slots and bookings of one office, changed only through the domain rules.
#[derive(Debug, Clone)]
pub struct QuotaModel {
    zone: TimeZone,
    hold_minutes: u32,
    slots: Vec<ModelSlot>,
    bookings: Vec<ModelBooking>,
}

impl QuotaModel {
    /// Empty slots in the office `zone`; unpaid bookings hold for `hold_minutes`.
    pub fn new(zone: TimeZone, hold_minutes: u32, slots: &[SlotSpec]) -> Self {
        let slots = slots
            .iter()
            .map(|spec| ModelSlot {
                spec: spec.clone(),
                load: SlotLoad::new(spec.capacity),
            })
            .collect();
        QuotaModel {
            zone,
            hold_minutes,
            slots,
            bookings: Vec::new(),
        }
    }

    /// The slots.
    pub fn slots(&self) -> &[ModelSlot] {
        &self.slots
    }

    /// The bookings, in the order they were made.
    pub fn bookings(&self) -> &[ModelBooking] {
        &self.bookings
    }

    /// Bookings in `slot` whose status holds a place.
    pub fn holders(&self, slot: usize) -> u32 {
        let count = self
            .bookings
            .iter()
            .filter(|b| b.slot == slot && b.status.holds_slot())
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// Checks every slot: held places equal holders and never exceed capacity.
    pub fn check_invariants(&self) -> Result<(), InvariantViolation> {
        for (i, slot) in self.slots.iter().enumerate() {
            let holders = self.holders(i);
            let (held, capacity) = (slot.load.held(), slot.load.capacity());
            if held != holders || held > capacity {
                return Err(InvariantViolation {
                    slot: i,
                    held,
                    holders,
                    capacity,
                });
            }
        }
        Ok(())
    }

    /// Applies `op` at `now`; a refused operation changes nothing.
    pub fn apply(&mut self, now: Timestamp, op: ModelOp) -> Result<(), ModelRejection> {
        match op {
            ModelOp::Book { slot } => {
                let target = self
                    .slots
                    .get_mut(slot)
                    .ok_or(ModelRejection::UnknownIndex)?;
                target.load.hold(1)?;
                self.bookings.push(ModelBooking {
                    slot,
                    status: BookingStatus::AwaitingPayment,
                    deadline: payment_deadline(now, self.hold_minutes),
                    rescheduled: false,
                });
                Ok(())
            }
            ModelOp::Pay { booking } => {
                let b = self
                    .bookings
                    .get_mut(booking)
                    .ok_or(ModelRejection::UnknownIndex)?;
                b.status = booking::pay(b.status, now, b.deadline)?;
                Ok(())
            }
            ModelOp::Expire { booking } => {
                let b = self
                    .bookings
                    .get(booking)
                    .ok_or(ModelRejection::UnknownIndex)?;
                let next = booking::expire(b.status, now, b.deadline)?;
                self.set_status(booking, next)
            }
            ModelOp::Cancel { booking } => {
                let b = self
                    .bookings
                    .get(booking)
                    .ok_or(ModelRejection::UnknownIndex)?;
                let spec = &self.slots[b.slot].spec;
                let start = office_instant(&self.zone, spec.date, spec.start);
                let next = booking::cancel(b.status, now, start)?;
                self.set_status(booking, next)
            }
            ModelOp::Reschedule { booking, to_slot } => self.reschedule(now, booking, to_slot),
        }
    }

    fn set_status(&mut self, booking: usize, next: BookingStatus) -> Result<(), ModelRejection> {
        let b = &mut self.bookings[booking];
        if b.status.holds_slot() && !next.holds_slot() {
            self.slots[b.slot].load.release(1)?;
        }
        b.status = next;
        Ok(())
    }

    fn reschedule(
        &mut self,
        now: Timestamp,
        booking: usize,
        to_slot: usize,
    ) -> Result<(), ModelRejection> {
        let b = self
            .bookings
            .get(booking)
            .ok_or(ModelRejection::UnknownIndex)?;
        if to_slot >= self.slots.len() {
            return Err(ModelRejection::UnknownIndex);
        }
        if to_slot == b.slot {
            return Err(ModelRejection::SameSlot);
        }
        let from_slot = b.slot;
        let date = self.slots[from_slot].spec.date;
        reschedule_allowed(b.status, b.rescheduled, &self.zone, now, date)?;
        // Take the new place before giving back the old one, so a failed
        // move leaves the booking where it was.
        self.slots[to_slot].load.hold(1)?;
        self.slots[from_slot].load.release(1)?;
        let b = &mut self.bookings[booking];
        b.slot = to_slot;
        b.rescheduled = true;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

use super::*;
use crate::domain::category::Category;
use crate::domain::office_time::add_minutes;
use jiff::civil::{date, time};
use proptest::prelude::*;

use BookingStatus::*;

fn jakarta() -> TimeZone {
    TimeZone::get("Asia/Jakarta").unwrap()
}

/// Sessions 08:00-10:00 WIB on 10, 11 and 12 March 2026.
fn slots(capacities: &[u32]) -> Vec<SlotSpec> {
    capacities
        .iter()
        .zip(10i8..)
        .map(|(&capacity, day)| SlotSpec {
            date: date(2026, 3, day),
            start: time(8, 0, 0, 0),
            end: time(10, 0, 0, 0),
            category: Category::Regular,
            capacity,
        })
        .collect()
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn booking_fills_a_slot_and_expiry_frees_it() {
    let mut model = QuotaModel::new(jakarta(), 120, &slots(&[1, 1]));
    let now = ts("2026-03-08T00:00:00Z");
    model.apply(now, ModelOp::Book { slot: 0 }).unwrap();
    let full = model.apply(now, ModelOp::Book { slot: 0 }).unwrap_err();
    assert_eq!(
        full,
        ModelRejection::Capacity(CapacityError::SlotFull {
            remaining: 0,
            requested: 1
        })
    );
    let early = model
        .apply(now, ModelOp::Expire { booking: 0 })
        .unwrap_err();
    assert!(matches!(
        early,
        ModelRejection::Transition(TransitionError::DeadlineNotReached { .. })
    ));
    model
        .apply(ts("2026-03-08T02:00:01Z"), ModelOp::Expire { booking: 0 })
        .unwrap();
    assert_eq!(model.slots()[0].load.remaining(), 1);
    let late = model
        .apply(ts("2026-03-08T02:00:02Z"), ModelOp::Pay { booking: 0 })
        .unwrap_err();
    assert_eq!(
        late,
        ModelRejection::Transition(TransitionError::PaymentAfterExpiry)
    );
    model.check_invariants().unwrap();
}

#[test]
fn reschedule_moves_the_hold_once() {
    let mut model = QuotaModel::new(jakarta(), 120, &slots(&[1, 1, 1]));
    let now = ts("2026-03-08T00:00:00Z");
    model.apply(now, ModelOp::Book { slot: 0 }).unwrap();
    model.apply(now, ModelOp::Pay { booking: 0 }).unwrap();
    assert_eq!(
        model.apply(
            now,
            ModelOp::Reschedule {
                booking: 0,
                to_slot: 0
            }
        ),
        Err(ModelRejection::SameSlot)
    );
    model
        .apply(
            now,
            ModelOp::Reschedule {
                booking: 0,
                to_slot: 1,
            },
        )
        .unwrap();
    assert_eq!(
        (model.slots()[0].load.held(), model.slots()[1].load.held()),
        (0, 1)
    );
    let again = model
        .apply(
            now,
            ModelOp::Reschedule {
                booking: 0,
                to_slot: 2,
            },
        )
        .unwrap_err();
    assert_eq!(
        again,
        ModelRejection::Reschedule(RescheduleError::AlreadyRescheduled)
    );
    assert_eq!(model.bookings()[0].status, Confirmed);
    model.check_invariants().unwrap();
}

#[test]
fn reschedule_into_a_full_slot_leaves_the_booking_in_place() {
    let mut model = QuotaModel::new(jakarta(), 120, &slots(&[1, 1]));
    let now = ts("2026-03-08T00:00:00Z");
    model.apply(now, ModelOp::Book { slot: 0 }).unwrap();
    model.apply(now, ModelOp::Book { slot: 1 }).unwrap();
    assert!(
        model
            .apply(
                now,
                ModelOp::Reschedule {
                    booking: 0,
                    to_slot: 1
                }
            )
            .is_err()
    );
    assert_eq!(model.bookings()[0].slot, 0);
    assert!(!model.bookings()[0].rescheduled);
    model.check_invariants().unwrap();
}

/// The allowed edges of the state machine, written out independently.
fn edge(from: BookingStatus, to: BookingStatus) -> bool {
    matches!(
        (from, to),
        (AwaitingPayment, Confirmed | Expired | Cancelled)
            | (Confirmed, Cancelled | CheckedIn | NoShow)
            | (CheckedIn, Served)
    )
}

fn arb_op() -> impl Strategy<Value = (u32, u8, usize, usize)> {
    // (minutes to advance, which op, index, second index); mostly small
    // steps so payments beat their deadline, sometimes big ones past H-1.
    let advance = prop_oneof![9 => 0u32..30, 1 => 0u32..720];
    (advance, 0u8..5, 0usize..12, 0usize..4)
}

proptest! {
    #[test]
    fn random_histories_keep_capacity_and_state_machine(
        capacities in prop::collection::vec(1u32..4, 1..4),
        ops in prop::collection::vec(arb_op(), 0..80),
    ) {
        let mut model = QuotaModel::new(jakarta(), 120, &slots(&capacities));
        let mut now = ts("2026-03-08T00:00:00Z");
        let n_slots = capacities.len();
        for (advance, kind, i, j) in ops {
            now = add_minutes(now, i64::from(advance));
            let op = match kind {
                0 => ModelOp::Book { slot: i % n_slots },
                1 => ModelOp::Pay { booking: i },
                2 => ModelOp::Expire { booking: i },
                3 => ModelOp::Cancel { booking: i },
                _ => ModelOp::Reschedule { booking: i, to_slot: j % n_slots },
            };
            let before = model.clone();
            let result = model.apply(now, op);
            model.check_invariants().map_err(|e| TestCaseError::fail(e.to_string()))?;

            // Remaining = capacity - holders, computed from scratch, never negative.
            for (s, slot) in model.slots().iter().enumerate() {
                let holders = model.holders(s);
                prop_assert!(holders <= slot.load.capacity());
                prop_assert_eq!(slot.load.remaining(), slot.load.capacity() - holders);
            }
            // Every status change follows an edge; refused ops change nothing.
            for (old, new) in before.bookings().iter().zip(model.bookings()) {
                prop_assert!(old.status == new.status || edge(old.status, new.status));
                prop_assert!(!old.rescheduled || (new.rescheduled && new.slot == old.slot));
            }
            match (result, op) {
                (Err(_), _) => {
                    prop_assert_eq!(before.bookings(), model.bookings());
                    prop_assert_eq!(before.slots(), model.slots());
                }
                (Ok(()), ModelOp::Book { .. }) => {
                    prop_assert_eq!(model.bookings().len(), before.bookings().len() + 1);
                    prop_assert_eq!(model.bookings().last().map(|b| b.status), Some(AwaitingPayment));
                }
                (Ok(()), ModelOp::Reschedule { booking, .. }) => {
                    let b = &model.bookings()[booking];
                    // Allowed only before the office-local appointment date.
                    let old_date = model.slots()[before.bookings()[booking].slot].spec.date;
                    prop_assert!(now.to_zoned_datetime(jakarta()).date() < old_date);
                    prop_assert!(b.rescheduled);
                }
                (Ok(()), _) => prop_assert_eq!(model.bookings().len(), before.bookings().len()),
            }
        }
    }
}

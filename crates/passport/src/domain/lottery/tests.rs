use std::collections::BTreeMap;

use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::*;

fn d(day: i8) -> Date {
    date(2026, 3, day)
}

fn sample() -> EntryList {
    EntryList::new(
        "lot-1",
        vec![
            LotterySlot {
                date: d(3),
                slot_id: "s-b".into(),
                places: 1,
            },
            LotterySlot {
                date: d(2),
                slot_id: "s-a".into(),
                places: 2,
            },
        ],
        vec![
            LotteryEntry {
                id: "e-2".into(),
                dates: vec![d(3), d(2)],
            },
            LotteryEntry {
                id: "e-1".into(),
                dates: vec![d(2)],
            },
            LotteryEntry {
                id: "e-3".into(),
                dates: vec![d(2), d(2)],
            },
            LotteryEntry {
                id: "e-4".into(),
                dates: vec![d(3)],
            },
        ],
    )
}

#[test]
fn canonical_text_is_sorted_and_reads_back() {
    let list = sample();
    let text = list.canonical();
    assert_eq!(
        text,
        "imigrasi-lottery 1\nlottery lot-1\nslot s-a 2026-03-02 2\nslot s-b 2026-03-03 1\n\
         entry e-1 2026-03-02\nentry e-2 2026-03-02,2026-03-03\nentry e-3 2026-03-02\nentry e-4 2026-03-03\n"
    );
    assert_eq!(EntryList::parse(&text), Ok(list));
}

#[test]
fn non_canonical_text_is_refused() {
    let text = sample().canonical();
    assert_eq!(
        EntryList::parse(&text.replace("entry e-1", "entry  e-1")),
        Err(ListError::Line(5))
    );
    let swapped = text.replace(
        "entry e-1 2026-03-02\nentry e-2 2026-03-02,2026-03-03\n",
        "entry e-2 2026-03-02,2026-03-03\nentry e-1 2026-03-02\n",
    );
    assert_eq!(EntryList::parse(&swapped), Err(ListError::NotCanonical));
    assert_eq!(EntryList::parse("hello\n"), Err(ListError::Header));
}

#[test]
fn commitment_is_the_seeds_sha256() {
    // SHA-256 of 32 zero bytes.
    assert_eq!(
        commitment(&[0u8; 32]),
        "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"
    );
}

#[test]
fn verify_recomputes_the_draw() {
    let list = sample();
    let seed = [7u8; 32];
    let v = verify(&list.canonical(), &hex::encode(seed)).expect("verifies");
    assert_eq!(v.winners, draw(&seed, &list));
    assert_eq!(v.winners.len(), 3);
    assert_eq!(v.entries_hash, entries_hash(&list));
    assert_eq!(v.commitment, commitment(&seed));
    assert_eq!(verify(&list.canonical(), "abc"), Err(VerifyError::Seed));
}

#[test]
fn skipping_equals_drawing_without_the_skipped() {
    let list = sample();
    let seed = [7u8; 32];
    let first = draw(&seed, &list)[0].entry_id.clone();
    let (winners, skipped) = draw_with(&seed, &list, |e| e.id != first);
    assert_eq!(skipped, vec![first.clone()]);
    assert!(winners.iter().all(|w| w.entry_id != first));
    let without = EntryList::new(
        &list.lottery_id,
        list.slots.clone(),
        list.entries
            .iter()
            .filter(|e| e.id != first)
            .cloned()
            .collect(),
    );
    assert_eq!(draw(&seed, &without), winners);
}

#[test]
fn dates_are_checked_against_the_slots() {
    let list = sample();
    assert_eq!(
        EntryList::check_dates(&list.slots, &[]),
        Err(EntryError::NoDates)
    );
    assert_eq!(
        EntryList::check_dates(&list.slots, &[d(9)]),
        Err(EntryError::DateNotCovered)
    );
    assert_eq!(EntryList::check_dates(&list.slots, &[d(2), d(3)]), Ok(()));
}

fn arb_list() -> impl Strategy<Value = EntryList> {
    let slots = prop::collection::vec((1i8..6, 0u32..4), 1..5);
    let entries = prop::collection::vec(prop::collection::vec(1i8..6, 1..4), 0..30);
    (slots, entries).prop_map(|(slots, entries)| {
        EntryList::new(
            "lot",
            slots
                .into_iter()
                .enumerate()
                .map(|(i, (day, places))| LotterySlot {
                    date: d(day),
                    slot_id: format!("s{i}"),
                    places,
                })
                .collect(),
            entries
                .into_iter()
                .enumerate()
                .map(|(i, days)| LotteryEntry {
                    id: format!("e{i:03}"),
                    dates: days.into_iter().map(d).collect(),
                })
                .collect(),
        )
    })
}

proptest! {
    #[test]
    fn never_more_winners_than_places(list in arb_list(), seed in any::<[u8; 32]>()) {
        let winners = draw(&seed, &list);
        prop_assert!(winners.len() as u64 <= list.places());
        let mut per_slot: BTreeMap<&str, u32> = BTreeMap::new();
        for w in &winners {
            *per_slot.entry(w.slot_id.as_str()).or_default() += 1;
        }
        for s in &list.slots {
            prop_assert!(per_slot.get(s.slot_id.as_str()).copied().unwrap_or(0) <= s.places);
        }
        let ids: std::collections::BTreeSet<_> = winners.iter().map(|w| &w.entry_id).collect();
        prop_assert_eq!(ids.len(), winners.len());
    }

    #[test]
    fn skipped_entries_are_as_if_not_listed(list in arb_list(), seed in any::<[u8; 32]>(), odd in any::<bool>()) {
        // Refuse every other entry asked about (odd or even turns).
        let mut turn = odd;
        let (winners, skipped) = draw_with(&seed, &list, |_| { turn = !turn; turn });
        let without = EntryList::new(
            &list.lottery_id,
            list.slots.clone(),
            list.entries.iter().filter(|e| !skipped.contains(&e.id)).cloned().collect(),
        );
        prop_assert_eq!(draw(&seed, &without), winners);
    }

    #[test]
    fn same_inputs_same_winners(list in arb_list(), seed in any::<[u8; 32]>()) {
        prop_assert_eq!(draw(&seed, &list), draw(&seed, &list));
        let reread = EntryList::parse(&list.canonical()).expect("canonical reads back");
        prop_assert_eq!(draw(&seed, &reread), draw(&seed, &list));
    }

    #[test]
    fn every_winner_accepted_its_date(list in arb_list(), seed in any::<[u8; 32]>()) {
        for w in draw(&seed, &list) {
            let entry = list.entries.iter().find(|e| e.id == w.entry_id).expect("entry");
            prop_assert!(entry.dates.contains(&w.date));
            let slot = list.slots.iter().find(|s| s.slot_id == w.slot_id).expect("slot");
            prop_assert_eq!(slot.date, w.date);
        }
    }

    #[test]
    fn no_place_left_while_a_loser_fits(list in arb_list(), seed in any::<[u8; 32]>()) {
        let winners = draw(&seed, &list);
        let won: std::collections::BTreeSet<_> = winners.iter().map(|w| w.entry_id.clone()).collect();
        for s in &list.slots {
            let taken = winners.iter().filter(|w| w.slot_id == s.slot_id).count() as u32;
            if taken < s.places {
                for e in list.entries.iter().filter(|e| !won.contains(&e.id)) {
                    prop_assert!(!e.dates.contains(&s.date));
                }
            }
        }
    }
}

//! Lottery release mode: the published entry list, its hash, the seed's
//! commitment and the draw. Pure and deterministic, so that anyone holding
//! the published list and seed recomputes the winners (`imigrasi lottery
//! verify`, and `docs/lottery.md` for other languages).
//!
//! The list (UTF-8, `\n` after every line, no other whitespace):
//!
//! ```text
//! imigrasi-lottery 1
//! lottery <lottery id>
//! slot <slot id> <YYYY-MM-DD> <places>      (sorted by date, then slot id)
//! entry <entry id> <YYYY-MM-DD>[,<date>…]   (sorted by entry id; dates ascending)
//! ```
//!
//! The draw orders the entries by `SHA-256(seed ‖ entry id)` (bytes, then
//! entry id), and gives each in turn the first of its dates, in date order,
//! whose first slot (in list order) still has a place.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use sha2::{Digest, Sha256};

/// The first line of every list.
pub const HEADER: &str = "imigrasi-lottery 1";
/// Bytes of a seed.
pub const SEED_BYTES: usize = 32;

/// A session a lottery hands out, with its places.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LotterySlot {
    /// Office-local date.
    pub date: Date,
    /// Slot id.
    pub slot_id: String,
    /// Places drawn for.
    pub places: u32,
}

/// One entry: its public id and the dates accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotteryEntry {
    /// Entry id (no personal data).
    pub id: String,
    /// Accepted dates, ascending, no repeats.
    pub dates: Vec<Date>,
}

/// Everything the draw needs, as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryList {
    /// Lottery id.
    pub lottery_id: String,
    /// Sessions, sorted by date then slot id.
    pub slots: Vec<LotterySlot>,
    /// Entries, sorted by id.
    pub entries: Vec<LotteryEntry>,
}

/// A winner: the entry and the session it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Winner {
    /// Entry id.
    pub entry_id: String,
    /// Slot id.
    pub slot_id: String,
    /// The slot's date.
    pub date: Date,
}

/// Why a published list cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListError {
    /// The first line is not [`HEADER`].
    #[error("the list does not start with `{HEADER}`")]
    Header,
    /// A line cannot be read.
    #[error("line {0} cannot be read")]
    Line(usize),
    /// The bytes are not the canonical form of what they say (order, spaces).
    #[error("the list is not in canonical form")]
    NotCanonical,
}

/// Why an id or date set cannot enter a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    /// No date given.
    #[error("no date accepted")]
    NoDates,
    /// A date the lottery does not cover.
    #[error("a date the lottery does not cover")]
    DateNotCovered,
}

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl EntryList {
    /// A list in canonical order (slots by date then id, entries by id,
    /// each entry's dates sorted and deduplicated).
    pub fn new(lottery_id: &str, slots: Vec<LotterySlot>, entries: Vec<LotteryEntry>) -> Self {
        let mut slots = slots;
        slots.sort();
        let mut entries: Vec<LotteryEntry> = entries
            .into_iter()
            .map(|e| LotteryEntry {
                dates: e
                    .dates
                    .into_iter()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                id: e.id,
            })
            .collect();
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        EntryList {
            lottery_id: lottery_id.to_owned(),
            slots,
            entries,
        }
    }

    /// Places in all, summed over the slots.
    pub fn places(&self) -> u64 {
        self.slots.iter().map(|s| u64::from(s.places)).sum()
    }

    /// The canonical text (what [`entries_hash`] hashes).
    pub fn canonical(&self) -> String {
        let mut out = format!("{HEADER}\nlottery {}\n", self.lottery_id);
        for s in &self.slots {
            out.push_str(&format!("slot {} {} {}\n", s.slot_id, s.date, s.places));
        }
        for e in &self.entries {
            let dates: Vec<String> = e.dates.iter().map(Date::to_string).collect();
            out.push_str(&format!("entry {} {}\n", e.id, dates.join(",")));
        }
        out
    }

    /// Read a published list; refuses text that is not exactly canonical,
    /// so that one list has one hash.
    pub fn parse(text: &str) -> Result<EntryList, ListError> {
        let mut lines = text.split_terminator('\n').enumerate();
        if lines.next().map(|(_, l)| l) != Some(HEADER) {
            return Err(ListError::Header);
        }
        let lottery_id = match lines.next() {
            Some((_, l)) => l
                .strip_prefix("lottery ")
                .filter(|id| valid_id(id))
                .ok_or(ListError::Line(2))?,
            None => return Err(ListError::Line(2)),
        };
        let (mut slots, mut entries) = (Vec::new(), Vec::new());
        for (i, line) in lines {
            let bad = ListError::Line(i + 1);
            let parts: Vec<&str> = line.split(' ').collect();
            match parts.as_slice() {
                ["slot", id, date, places] if valid_id(id) => slots.push(LotterySlot {
                    slot_id: (*id).to_owned(),
                    date: date.parse().map_err(|_| bad.clone())?,
                    places: places.parse().map_err(|_| bad.clone())?,
                }),
                ["entry", id, dates] if valid_id(id) => entries.push(LotteryEntry {
                    id: (*id).to_owned(),
                    dates: dates
                        .split(',')
                        .map(|d| d.parse::<Date>().map_err(|_| bad.clone()))
                        .collect::<Result<_, _>>()?,
                }),
                _ => return Err(bad),
            }
        }
        let list = EntryList::new(lottery_id, slots, entries);
        if list.canonical() != text {
            return Err(ListError::NotCanonical);
        }
        Ok(list)
    }

    /// Check an entry's dates against the slots (before it is stored).
    pub fn check_dates(slots: &[LotterySlot], dates: &[Date]) -> Result<(), EntryError> {
        if dates.is_empty() {
            return Err(EntryError::NoDates);
        }
        if dates.iter().all(|d| slots.iter().any(|s| s.date == *d)) {
            Ok(())
        } else {
            Err(EntryError::DateNotCovered)
        }
    }
}

/// Lowercase hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The commitment to a seed, published before the window closes.
pub fn commitment(seed: &[u8]) -> String {
    sha256_hex(seed)
}

/// The hash of a published list.
pub fn entries_hash(list: &EntryList) -> String {
    sha256_hex(list.canonical().as_bytes())
}

/// The entries in draw order: by `SHA-256(seed ‖ entry id)`.
pub fn draw_order<'a>(seed: &[u8], entries: &'a [LotteryEntry]) -> Vec<&'a LotteryEntry> {
    let mut keyed: Vec<([u8; 32], &LotteryEntry)> = entries
        .iter()
        .map(|e| {
            let mut h = Sha256::new();
            h.update(seed);
            h.update(e.id.as_bytes());
            let mut key = [0u8; 32];
            key.copy_from_slice(&h.finalize());
            (key, e)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    keyed.into_iter().map(|(_, e)| e).collect()
}

/// The draw: winners in draw order. Never more than the places of each
/// slot; each winner gets a date it accepted.
pub fn draw(seed: &[u8], list: &EntryList) -> Vec<Winner> {
    draw_with(seed, list, |_| true).0
}

/// The draw, asking `admit` about each entry that would be given a place:
/// one refused is skipped (it takes no place; the next entries in draw
/// order may get it). Returns the winners and the ids skipped. Drawing
/// over the list without the skipped entries gives the same winners (the
/// order of the others does not change), which is what the platform
/// publishes.
pub fn draw_with(
    seed: &[u8],
    list: &EntryList,
    mut admit: impl FnMut(&LotteryEntry) -> bool,
) -> (Vec<Winner>, Vec<String>) {
    let mut left: BTreeMap<&str, u32> = list
        .slots
        .iter()
        .map(|s| (s.slot_id.as_str(), s.places))
        .collect();
    let (mut winners, mut skipped) = (Vec::new(), Vec::new());
    for entry in draw_order(seed, &list.entries) {
        let got = entry.dates.iter().find_map(|date| {
            list.slots
                .iter()
                .filter(|s| s.date == *date)
                .find(|s| left.get(s.slot_id.as_str()).is_some_and(|n| *n > 0))
        });
        let Some(slot) = got else { continue };
        if !admit(entry) {
            skipped.push(entry.id.clone());
            continue;
        }
        if let Some(n) = left.get_mut(slot.slot_id.as_str()) {
            *n -= 1;
        }
        winners.push(Winner {
            entry_id: entry.id.clone(),
            slot_id: slot.slot_id.clone(),
            date: slot.date,
        });
    }
    (winners, skipped)
}

/// What `imigrasi lottery verify` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// SHA-256 of the list's bytes.
    pub entries_hash: String,
    /// SHA-256 of the seed.
    pub commitment: String,
    /// The winners, in draw order.
    pub winners: Vec<Winner>,
}

/// Recompute the draw from a published list and seed (hex).
pub fn verify(list_text: &str, seed_hex: &str) -> Result<Verified, VerifyError> {
    let seed = hex::decode(seed_hex.trim()).map_err(|_| VerifyError::Seed)?;
    if seed.len() != SEED_BYTES {
        return Err(VerifyError::Seed);
    }
    let list = EntryList::parse(list_text)?;
    Ok(Verified {
        entries_hash: sha256_hex(list_text.as_bytes()),
        commitment: commitment(&seed),
        winners: draw(&seed, &list),
    })
}

/// Why a verification could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The seed is not 64 hex digits.
    #[error("the seed must be {} hex digits", SEED_BYTES * 2)]
    Seed,
    /// The list cannot be read.
    #[error(transparent)]
    List(#[from] ListError),
}

#[cfg(test)]
mod tests;

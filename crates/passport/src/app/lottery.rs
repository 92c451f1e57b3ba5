//! Lottery release mode (docs/lottery.md): a supervisor creates a lottery
//! over sessions of the office, citizens enter while the window is open,
//! and once it closes the draw (worker or supervisor) hands the places to
//! the winners as held bookings, in one transaction, once.

use std::collections::HashMap;
use std::sync::Arc;

use imigrasi_core::CheckedIdentity;
use imigrasi_platform::policy::{self, Actor, Permission};
use imigrasi_platform::{AppState, accounts, audit, db};
use jiff::Timestamp;
use jiff::civil::Date;
use rand::RngCore;
use sea_orm::{DatabaseTransaction, DbErr};

use super::{Origin, settings, waitlist};
use crate::domain::lottery::{self as rules, EntryError, EntryList};
use crate::domain::{PassportType, Purpose, ServiceKind};
use crate::store::lottery::{self as store, Entry, HoldError, Lottery, NewLottery};
use crate::store::waitlist::JoinRequest;
use crate::store::{self as bookings, BookError, BookingRequest, BookingSettings};

/// Why a lottery use case refused.
#[derive(Debug, thiserror::Error)]
pub enum LotteryError {
    /// The actor may not do this.
    #[error("forbidden")]
    Forbidden,
    /// No such lottery (or office).
    #[error("no such lottery")]
    NotFound,
    /// A session cannot be drawn for.
    #[error("slot {0} cannot be drawn for")]
    SlotUnusable(String),
    /// No session given, or the window is not in the future.
    #[error("a lottery needs sessions and a window closing in the future, before them")]
    BadWindow,
    /// The window has closed (or the draw ran).
    #[error("the lottery is closed")]
    Closed,
    /// The window has not closed yet (a draw asked too soon).
    #[error("the lottery is still open")]
    StillOpen,
    /// The account holds its maximum of active bookings and open entries.
    #[error("an account may hold at most {0} active bookings and lottery entries")]
    BookingLimit(u32),
    /// This NIK already entered.
    #[error("this NIK already entered the lottery")]
    AlreadyEntered,
    /// Dates refused.
    #[error(transparent)]
    Dates(EntryError),
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl db::LostConnection for LotteryError {
    fn connection_lost(&self) -> bool {
        matches!(self, LotteryError::Db(e) if db::is_unavailable(e))
    }
}

impl From<HoldError> for LotteryError {
    fn from(e: HoldError) -> Self {
        match e {
            HoldError::Unusable(id) => LotteryError::SlotUnusable(id),
            HoldError::Db(e) => LotteryError::Db(e),
        }
    }
}

/// The command: draw for these sessions of an office, entries until `closes_at`.
#[derive(Debug, Clone)]
pub struct Create {
    /// Office code.
    pub office_code: String,
    /// Slot ids.
    pub slot_ids: Vec<String>,
    /// Window closes.
    pub closes_at: Timestamp,
}

/// Create a lottery (supervisor of the office). The seed comes from a
/// CSPRNG; only its commitment is shown until the draw.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    cmd: Create,
) -> Result<Lottery, LotteryError> {
    policy::authorize(
        actor,
        Permission::ManageOfficeQuota {
            office: &cmd.office_code,
        },
    )
    .map_err(|_| LotteryError::Forbidden)?;
    let now = Timestamp::now();
    if cmd.slot_ids.is_empty() || cmd.closes_at <= now {
        return Err(LotteryError::BadWindow);
    }
    let mut seed = [0u8; rules::SEED_BYTES];
    // ThreadRng is a CSPRNG (ChaCha, seeded and reseeded from the OS).
    rand::rng().fill_bytes(&mut seed);
    let id = uuid::Uuid::now_v7().simple().to_string();
    let (seed_hex, commitment) = (hex::encode(seed), rules::commitment(&seed));
    db::write(&state.db, |txn: Arc<DatabaseTransaction>| {
        let (cmd, id, seed_hex, commitment) = (&cmd, &id, &seed_hex, &commitment);
        async move {
            let places = store::create(
                &txn,
                &NewLottery {
                    id,
                    office_code: &cmd.office_code,
                    slot_ids: &cmd.slot_ids,
                    seed: seed_hex,
                    commitment,
                    opens_at: now,
                    closes_at: cmd.closes_at,
                    created_by: Some(&actor.id),
                },
            )
            .await?;
            audit::append(
                &*txn,
                audit::Entry {
                    actor: origin.actor,
                    action: "lottery.create",
                    object_type: "lottery",
                    object_id: id,
                    office: Some(&cmd.office_code),
                    request_id: Some(origin.request_id),
                    detail: serde_json::json!({"places": places, "commitment": commitment,
                        "closes_at": cmd.closes_at.to_string()}),
                },
            )
            .await?;
            store::find(&*txn, id)
                .await?
                .ok_or_else(|| LotteryError::Db(DbErr::RecordNotFound("lottery".into())))
        }
    })
    .await
}

/// The command: enter a lottery for one applicant.
#[derive(Debug, Clone)]
pub struct Enter {
    /// The applicant, checked against the NIK.
    pub applicant: CheckedIdentity,
    /// Dates accepted.
    pub dates: Vec<Date>,
    /// Passport type.
    pub passport_type: PassportType,
    /// New or renewal.
    pub service: ServiceKind,
    /// 5 or 10 years.
    pub validity_years: u8,
    /// Purpose of travel.
    pub purpose: Purpose,
    /// Declared married.
    pub married: bool,
}

/// Enter a lottery (citizen): one entry per NIK (`AlreadyEntered`, by the
/// database), only while the window is open (`Closed`), and only while the
/// account's active bookings and open entries are under its limit
/// (`BookingLimit`, counted under the account's row lock as booking does).
pub async fn enter(
    state: &AppState,
    actor: &Actor,
    origin: Origin<'_>,
    lottery_id: &str,
    cmd: Enter,
) -> Result<Entry, LotteryError> {
    policy::authorize(actor, Permission::BookAppointment).map_err(|_| LotteryError::Forbidden)?;
    let lottery = store::find(&state.db, lottery_id)
        .await?
        .ok_or(LotteryError::NotFound)?;
    let slots = store::slots_of(&state.db, lottery_id).await?;
    EntryList::check_dates(&slots, &cmd.dates).map_err(LotteryError::Dates)?;
    let a = &cmd.applicant;
    let req = BookingRequest {
        account_id: Some(actor.id.clone()),
        slot_id: String::new(),
        applicant: settings(state).applicant(&a.nik, &a.full_name, a.birth_date, a.sex),
        passport_type: cmd.passport_type,
        service: cmd.service,
        validity_years: cmd.validity_years,
        purpose: cmd.purpose,
        married: cmd.married,
        channel: "lottery",
        waitlist_id: None,
    };
    let mut dates = cmd.dates.clone();
    dates.sort();
    dates.dedup();
    let id = uuid::Uuid::now_v7().simple().to_string();
    let max = settings(state).max_active_per_account;
    db::write(&state.db, |txn: Arc<DatabaseTransaction>| {
        let (req, dates, id, lottery) = (&req, &dates, &id, &lottery);
        async move {
            let now = Timestamp::now();
            // Holds the lottery's row to commit: a draw waits for this entry.
            if !store::lock_open(&txn, &lottery.id, now).await? {
                return Err(LotteryError::Closed);
            }
            let account = req.account_id.clone().unwrap_or_default();
            accounts::lock_for_update(&*txn, &account).await?;
            let held = bookings::bookings::active_for_account(&*txn, &account).await?
                + store::open_entries_of_account(&*txn, &account).await?;
            if held >= i64::from(max) {
                return Err(LotteryError::BookingLimit(max));
            }
            if !store::insert_entry(&txn, id, &lottery.id, req, dates, now).await? {
                return Err(LotteryError::AlreadyEntered);
            }
            audit::append(
                &*txn,
                audit::Entry {
                    actor: origin.actor,
                    action: "lottery.enter",
                    object_type: "lottery_entry",
                    object_id: id,
                    office: Some(&lottery.office_code),
                    request_id: Some(origin.request_id),
                    detail: serde_json::json!({"lottery": lottery.id, "dates": dates.len()}),
                },
            )
            .await?;
            let entries = store::entries_of_account(
                &*txn,
                &lottery.id,
                &req.account_id.clone().unwrap_or_default(),
            )
            .await?;
            entries
                .into_iter()
                .find(|e| e.id == *id)
                .ok_or_else(|| LotteryError::Db(DbErr::RecordNotFound("entry".into())))
        }
    })
    .await
}

/// What a draw did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    /// Winners booked.
    pub booked: usize,
    /// Winners whose NIK held another booking by then.
    pub not_booked: usize,
    /// Entries not drawn.
    pub not_drawn: usize,
    /// Entries not drawn now on the waitlist.
    pub waiting: usize,
    /// Entries skipped: their account held its limit of active bookings.
    pub over_limit: usize,
}

/// The published list of a lottery (as it is now; fixed once drawn).
pub async fn entry_list(
    c: &impl sea_orm::ConnectionTrait,
    lottery: &Lottery,
) -> Result<EntryList, DbErr> {
    let slots = store::slots_of(c, &lottery.id).await?;
    let entries = store::entries(c, &lottery.id).await?;
    Ok(EntryList::new(
        &lottery.id,
        slots,
        entries
            .iter()
            .filter(|e| e.result != "over_limit")
            .map(Entry::listed)
            .collect(),
    ))
}

/// Draw a lottery whose window has closed: `None` when it was drawn
/// already. One transaction: the lottery marked drawn (first, so that a
/// second draw stops), winners' bookings, results, places left returned.
pub async fn draw(
    db: &db::Db,
    settings: &BookingSettings,
    origin: Origin<'_>,
    lottery_id: &str,
    now: Timestamp,
) -> Result<Option<Drawn>, LotteryError> {
    let lottery = store::find(db, lottery_id)
        .await?
        .ok_or(LotteryError::NotFound)?;
    if lottery.is_drawn() {
        return Ok(None);
    }
    if now.as_millisecond() < lottery.closes_at {
        return Err(LotteryError::StillOpen);
    }
    db::write(db, |txn: Arc<DatabaseTransaction>| {
        let lottery = &lottery;
        async move { draw_in(&txn, settings, origin, lottery, now).await }
    })
    .await
}

async fn draw_in(
    txn: &DatabaseTransaction,
    settings: &BookingSettings,
    origin: Origin<'_>,
    lottery: &Lottery,
    now: Timestamp,
) -> Result<Option<Drawn>, LotteryError> {
    // First: waits for entries being made and stops a second draw; the
    // list is read after it, so it holds every entry that committed.
    if !store::mark_drawn(txn, &lottery.id, now).await? {
        return Ok(None);
    }
    let mut out = Drawn::default();
    let full = entry_list(txn, lottery).await?;
    let seed = hex::decode(&lottery.seed)
        .map_err(|_| DbErr::Custom(format!("lottery {} has a bad seed", lottery.id)))?;
    let entries = store::entries(txn, &lottery.id).await?;
    // What each account may still be given: its limit less its active
    // bookings now. An entry that would take a place beyond it is skipped
    // (the place goes on in draw order) and left out of the published list.
    let mut room: HashMap<String, i64> = HashMap::new();
    for account in entries.iter().filter_map(|e| e.account_id.as_deref()) {
        if !room.contains_key(account) {
            let active = bookings::bookings::active_for_account(txn, account).await?;
            let max = i64::from(settings.max_active_per_account);
            room.insert(account.to_owned(), max - active);
        }
    }
    let (winners, skipped) = rules::draw_with(&seed, &full, |e| {
        let owner = entries.iter().find(|x| x.id == e.id);
        match owner
            .and_then(|x| x.account_id.as_ref())
            .and_then(|a| room.get_mut(a))
        {
            Some(n) if *n <= 0 => false,
            Some(n) => {
                *n -= 1;
                true
            }
            None => true,
        }
    });
    for id in &skipped {
        store::set_result(txn, id, "over_limit", None, now).await?;
    }
    let list = EntryList::new(
        &lottery.id,
        full.slots.clone(),
        full.entries
            .into_iter()
            .filter(|e| !skipped.contains(&e.id))
            .collect(),
    );
    let hash = rules::entries_hash(&list);
    store::set_entries_hash(txn, &lottery.id, &hash).await?;
    let entries: Vec<Entry> = entries
        .into_iter()
        .filter(|e| !skipped.contains(&e.id))
        .collect();
    out.over_limit = skipped.len();
    // Audit rows only once every place is returned: the audit head is
    // taken after slot counters (the lock order of `app`).
    let mut held = Vec::new();
    for w in &winners {
        let Some(entry) = entries.iter().find(|e| e.id == w.entry_id) else {
            continue;
        };
        let slot = bookings::slot(txn, &w.slot_id)
            .await?
            .ok_or_else(|| DbErr::RecordNotFound(format!("slot {}", w.slot_id)))?;
        let mut req = entry.request.clone();
        req.slot_id = slot.id.clone();
        match store::hold_for_winner(txn, &req, &slot, settings.hold_minutes, now).await {
            Ok((booking_id, code)) => {
                store::set_result(txn, &entry.id, "won", Some(&booking_id), now).await?;
                if let Some(b) = bookings::find_by_id(txn, &booking_id).await? {
                    bookings::notify_owner(txn, &b, crate::notices::BOOKING_HELD).await?;
                }
                held.push((code, slot.id, slot.office_code));
                out.booked += 1;
            }
            Err(BookError::Db(e)) => return Err(e.into()),
            Err(_) => {
                store::set_result(txn, &entry.id, "not_booked", None, now).await?;
                bookings::return_place(txn, &slot.id).await?;
                out.not_booked += 1;
            }
        }
    }
    for s in &list.slots {
        let taken = winners.iter().filter(|w| w.slot_id == s.slot_id).count() as u32;
        for _ in taken..s.places {
            bookings::return_place(txn, &s.slot_id).await?;
        }
    }
    for (code, slot_id, office) in &held {
        audit::append(
            txn,
            audit::Entry {
                actor: origin.actor,
                action: "booking.create",
                object_type: "booking",
                object_id: code,
                office: Some(office),
                request_id: Some(origin.request_id),
                detail: serde_json::json!({"slot": slot_id, "channel": "lottery", "lottery": lottery.id}),
            },
        )
        .await?;
    }
    let mut slots = Vec::new();
    for s in &list.slots {
        slots.extend(bookings::slot(txn, &s.slot_id).await?);
    }
    for e in entries
        .iter()
        .filter(|e| winners.iter().all(|w| w.entry_id != e.id))
    {
        store::set_result(txn, &e.id, "not_drawn", None, now).await?;
        out.not_drawn += 1;
        if wait_for_places(txn, origin, lottery, e, &slots, now).await? {
            out.waiting += 1;
        }
    }
    audit::append(
        txn,
        audit::Entry {
            actor: origin.actor,
            action: "lottery.draw",
            object_type: "lottery",
            object_id: &lottery.id,
            office: Some(&lottery.office_code),
            request_id: Some(origin.request_id),
            detail: serde_json::json!({"entries_hash": hash, "winners": winners.len(),
                "booked": out.booked, "entries": list.entries.len()}),
        },
    )
    .await?;
    Ok(Some(out))
}

/// Put an entrant who was not drawn on the waitlist for the office and
/// the dates they accepted (first to last, in the category of the first
/// date's session) and tell them by e-mail. `false` when the waitlist
/// refuses (the NIK holds a booking or already waits): the draw goes on.
async fn wait_for_places(
    txn: &DatabaseTransaction,
    origin: Origin<'_>,
    lottery: &Lottery,
    entry: &Entry,
    slots: &[bookings::Slot],
    now: Timestamp,
) -> Result<bool, LotteryError> {
    let (Some(account_id), Some(first), Some(last)) = (
        entry.account_id.clone(),
        entry.dates.first().copied(),
        entry.dates.last().copied(),
    ) else {
        return Ok(false);
    };
    let Some(category) = slots.iter().find(|s| s.date == first).map(|s| s.category) else {
        return Ok(false);
    };
    let req = JoinRequest {
        account_id,
        office_code: lottery.office_code.clone(),
        date_from: first,
        date_to: last,
        category,
        applicant: entry.request.applicant.clone(),
        passport_type: entry.request.passport_type,
        service: entry.request.service,
    };
    let payload = serde_json::json!({"office": lottery.office_code, "date": first.to_string()});
    let joined = waitlist::join_in(
        txn,
        &req,
        origin,
        crate::notices::LOTTERY_NOT_DRAWN,
        payload,
        now,
    )
    .await?;
    Ok(joined.is_some())
}

/// Draw every open lottery whose window has closed (the worker).
pub async fn draw_due(
    db: &db::Db,
    settings: &BookingSettings,
    now: Timestamp,
) -> Result<usize, LotteryError> {
    let mut drawn = 0;
    for id in store::due(db, now).await? {
        if draw(db, settings, Origin::SYSTEM, &id, now)
            .await?
            .is_some()
        {
            drawn += 1;
        }
    }
    Ok(drawn)
}

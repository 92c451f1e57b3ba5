//! SQL of the WhatsApp channel: processed message ids, conversations,
//! numbers and the bookings made by WhatsApp, the transaction that stores a
//! turn ([`store_turn`]) and the sessions a conversation offers
//! ([`open_slots`]).
//!
//! No wording and no decisions: what to store is the turn's
//! ([`super::turn`]). Bookings themselves are written by `crate::store`.

use imigrasi_platform::db::{self, Db};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::notify::templates::TEXT_TEMPLATE;
use imigrasi_platform::offices::Office;
use imigrasi_platform::outbox;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, TransactionTrait, Value};

use super::conversation::{Conversation, Step};
use crate::domain;
use crate::store::{self, Booking, Slot};

pub mod links;

/// What a turn leaves behind: the conversation as it now stands, the reply
/// to send, and the booking the number was just told about.
#[derive(Debug)]
pub struct TurnOutcome {
    /// The conversation after the turn.
    pub conv: Conversation,
    /// The reply's text.
    pub reply: String,
    /// A booking whose new state the reply told (the follow-up worker
    /// will not tell it again).
    pub notified: Option<Booking>,
}

/// How storing a turn ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// Stored, with its reply queued.
    Done,
    /// The message id was recorded meanwhile (a concurrent delivery won):
    /// nothing stored.
    Duplicate,
    /// The conversation changed meanwhile (another process): nothing
    /// stored, the turn is to be redone.
    Changed,
}

/// Store a turn in one write transaction: record the message id, claim the
/// conversation `before` (as the turn read it), remember the number, run
/// `finish` (which may book, inside the transaction) and store what it
/// returns: the notified booking, the conversation, and the reply in the
/// outbox. Nothing is stored unless all of it is.
pub async fn store_turn(
    database: &Db,
    message_id: &str,
    before: &Conversation,
    now: Timestamp,
    finish: impl AsyncFnOnce(&DatabaseTransaction) -> Result<TurnOutcome, DbErr>,
) -> Result<Stored, DbErr> {
    let txn = db::begin_write(database).await?;
    if !record_message(&txn, message_id, &before.number, now).await? {
        return Ok(Stored::Duplicate);
    }
    if !claim_conversation(&txn, before, now).await? {
        return Ok(Stored::Changed);
    }
    ensure_number(&txn, &before.number, now).await?;
    let out = finish(&txn).await?;
    if let Some(b) = &out.notified {
        mark_notified(&txn, b).await?;
    }
    save_conversation(&txn, &out.conv, now).await?;
    outbox::enqueue(
        &txn,
        outbox::Message {
            channel: "whatsapp",
            recipient: &before.number,
            template: TEXT_TEMPLATE,
            lang: out.conv.lang,
            payload: serde_json::json!({"phone_number_id": out.conv.phone_number_id, "text": out.reply}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Stored::Done)
}

/// Run `work` in a savepoint of `txn`: kept when it succeeds, rolled back
/// when it fails, so that a refused booking leaves `txn` usable.
pub async fn in_savepoint<T, E>(
    txn: &DatabaseTransaction,
    work: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, E>,
) -> Result<Result<T, E>, DbErr> {
    let sp = txn.begin().await?;
    match work(&sp).await {
        Ok(t) => {
            sp.commit().await?;
            Ok(Ok(t))
        }
        Err(e) => {
            sp.rollback().await?;
            Ok(Err(e))
        }
    }
}

/// Slots of an office that can be booked now, with free places (on `only`
/// or within the office's booking window).
pub async fn open_slots(
    c: &impl ConnectionTrait,
    office: &Office,
    now: Timestamp,
    only: Option<Date>,
) -> Result<Vec<Slot>, DbErr> {
    let Some(zone) = office.zone() else {
        return Ok(vec![]);
    };
    let window = store::booking_window(c, &office.code).await?;
    let today = zone.local_date(now);
    let (from, to) = match only {
        Some(d) => (d, d),
        None => (
            today,
            domain::office_time::add_days(today, i64::from(window.max_advance_days.min(92))),
        ),
    };
    let tz = zone.time_zone();
    Ok(store::slots_between(c, &office.code, from, to)
        .await?
        .into_iter()
        .filter(|s| {
            s.remaining() > 0
                && domain::bookable(
                    &window,
                    &tz,
                    now,
                    s.date,
                    s.start,
                    s.end,
                    db::from_millis(s.release_at),
                )
                .is_ok()
        })
        .collect())
}

/// Whether a message id was processed already.
pub async fn seen(c: &impl ConnectionTrait, message_id: &str) -> Result<bool, DbErr> {
    Ok(db::one(
        c,
        "SELECT message_id FROM passport_wa_messages WHERE message_id = $1",
        [Value::from(message_id)],
    )
    .await?
    .is_some())
}

/// Record a message id; false when it was recorded before (a retry).
pub async fn record_message(
    c: &impl ConnectionTrait,
    message_id: &str,
    number: &str,
    now: Timestamp,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "INSERT INTO passport_wa_messages (message_id, wa_number, received_at) VALUES ($1, $2, $3)
         ON CONFLICT (message_id) DO NOTHING",
        [
            Value::from(message_id),
            Value::from(number),
            Value::from(db::millis(now)),
        ],
    )
    .await?
        == 1)
}

/// The stored conversation of a number.
pub async fn load_conversation(
    c: &impl ConnectionTrait,
    number: &str,
) -> Result<Option<Conversation>, DbErr> {
    let Some(r) = db::one(
        c,
        "SELECT * FROM passport_wa_conversations WHERE wa_number = $1",
        [Value::from(number)],
    )
    .await?
    else {
        return Ok(None);
    };
    let lang: String = db::col(&r, "lang")?;
    let step: String = db::col(&r, "step")?;
    let data: String = db::col(&r, "data")?;
    Ok(Some(Conversation {
        number: db::col(&r, "wa_number")?,
        phone_number_id: db::col(&r, "phone_number_id")?,
        lang: Lang::parse(&lang).unwrap_or_default(),
        step: Step::parse(&step).unwrap_or(Step::Menu),
        data: serde_json::from_str(&data).unwrap_or_default(),
        version: db::col(&r, "version")?,
        updated_at: db::col(&r, "updated_at")?,
        is_new: false,
    }))
}

/// Take the conversation for this turn: insert it when new, or raise its
/// version when it is still the one that was read. False when another
/// process changed it meanwhile (the turn is then redone).
pub async fn claim_conversation(
    c: &impl ConnectionTrait,
    conv: &Conversation,
    now: Timestamp,
) -> Result<bool, DbErr> {
    let n = if conv.is_new {
        db::exec(
            c,
            "INSERT INTO passport_wa_conversations (wa_number, phone_number_id, lang, step, data, version, updated_at)
             VALUES ($1, $2, $3, $4, '{}', 1, $5) ON CONFLICT (wa_number) DO NOTHING",
            [
                Value::from(conv.number.clone()),
                Value::from(conv.phone_number_id.clone()),
                Value::from(conv.lang.code()),
                Value::from(Step::Menu.as_str()),
                Value::from(db::millis(now)),
            ],
        )
        .await?
    } else {
        db::exec(
            c,
            "UPDATE passport_wa_conversations SET version = version + 1 WHERE wa_number = $1 AND version = $2",
            [Value::from(conv.number.clone()), Value::from(conv.version)],
        )
        .await?
    };
    Ok(n == 1)
}

/// Store the outcome of a turn (after [`claim_conversation`]).
pub async fn save_conversation(
    c: &impl ConnectionTrait,
    conv: &Conversation,
    now: Timestamp,
) -> Result<(), DbErr> {
    let data = serde_json::to_string(&conv.data).map_err(|e| DbErr::Custom(e.to_string()))?;
    db::exec(
        c,
        "UPDATE passport_wa_conversations SET phone_number_id = $1, lang = $2, step = $3, data = $4, updated_at = $5
         WHERE wa_number = $6",
        [
            Value::from(conv.phone_number_id.clone()),
            Value::from(conv.lang.code()),
            Value::from(conv.step.as_str()),
            Value::from(data),
            Value::from(db::millis(now)),
            Value::from(conv.number.clone()),
        ],
    )
    .await?;
    Ok(())
}

/// Remember a number (first contact).
pub async fn ensure_number(
    c: &impl ConnectionTrait,
    number: &str,
    now: Timestamp,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO passport_wa_numbers (wa_number, created_at) VALUES ($1, $2) ON CONFLICT (wa_number) DO NOTHING",
        [Value::from(number), Value::from(db::millis(now))],
    )
    .await?;
    Ok(())
}

/// The account a number is linked to, if any.
pub async fn linked_account(
    c: &impl ConnectionTrait,
    number: &str,
) -> Result<Option<String>, DbErr> {
    db::one(
        c,
        "SELECT account_id FROM passport_wa_numbers WHERE wa_number = $1 AND account_id IS NOT NULL",
        [Value::from(number)],
    )
    .await?
    .map(|r| db::col::<String>(&r, "account_id"))
    .transpose()
}

/// The code of an active booking made by this number, if any.
pub async fn active_booking_of_number(
    c: &impl ConnectionTrait,
    number: &str,
) -> Result<Option<String>, DbErr> {
    db::one(
        c,
        &format!(
            "SELECT b.code FROM passport_wa_bookings w JOIN passport_bookings b ON b.id = w.booking_id
             WHERE w.wa_number = $1 AND b.status IN {}
             ORDER BY b.created_at DESC LIMIT 1",
            crate::store::bookings::status::active_sql()
        ),
        [Value::from(number)],
    )
    .await?
    .map(|r| db::col::<String>(&r, "code"))
    .transpose()
}

/// Record that a booking was made by this number.
pub async fn record_booking(
    c: &impl ConnectionTrait,
    booking: &Booking,
    number: &str,
    phone_number_id: &str,
    lang: Lang,
    now: Timestamp,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO passport_wa_bookings (booking_id, wa_number, phone_number_id, lang, notified_status, notified_slot_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        [
            Value::from(booking.id.clone()),
            Value::from(number),
            Value::from(phone_number_id),
            Value::from(lang.code()),
            Value::from(booking.status.as_str()),
            Value::from(booking.slot_id.clone()),
            Value::from(db::millis(now)),
        ],
    )
    .await?;
    Ok(())
}

/// Note that the number was told about a booking's current state (so the
/// follow-up worker does not tell it again).
pub async fn mark_notified(c: &impl ConnectionTrait, booking: &Booking) -> Result<(), DbErr> {
    db::exec(
        c,
        "UPDATE passport_wa_bookings SET notified_status = $1, notified_slot_id = $2 WHERE booking_id = $3",
        [
            Value::from(booking.status.as_str()),
            Value::from(booking.slot_id.clone()),
            Value::from(booking.id.clone()),
        ],
    )
    .await?;
    Ok(())
}

/// A booking this number may see and act on: made from it, or owned by
/// the account it is linked to. Anyone else's code is "not found".
pub async fn booking_for_number(
    c: &impl ConnectionTrait,
    number: &str,
    code: &str,
) -> Result<Option<Booking>, DbErr> {
    let Some(b) = store::find_by_code(c, code).await? else {
        return Ok(None);
    };
    let by_number = db::one(
        c,
        "SELECT booking_id FROM passport_wa_bookings WHERE booking_id = $1 AND wa_number = $2",
        [Value::from(b.id.clone()), Value::from(number)],
    )
    .await?
    .is_some();
    if by_number {
        return Ok(Some(b));
    }
    let account = linked_account(c, number).await?;
    Ok((account.is_some() && account == b.account_id).then_some(b))
}

/// Forget what idle conversations collected (after `idle_ms` without a
/// message; their step becomes `expired`, so the next message hears why), drop conversations idle for 90 days and processed message ids
/// older than 30 days. Returns the conversations reset.
pub async fn housekeeping(
    c: &impl ConnectionTrait,
    now: Timestamp,
    idle_ms: i64,
) -> Result<u64, DbErr> {
    let now_ms = db::millis(now);
    let reset = db::exec(
        c,
        "UPDATE passport_wa_conversations SET step = $1, data = '{}', version = version + 1
         WHERE updated_at < $2 AND step NOT IN ($1, $3)",
        [
            Value::from(Step::Expired.as_str()),
            Value::from(now_ms - idle_ms),
            Value::from(Step::Menu.as_str()),
        ],
    )
    .await?;
    const DAY: i64 = 86_400_000;
    db::exec(
        c,
        "DELETE FROM passport_wa_conversations WHERE updated_at < $1",
        [Value::from(now_ms - 90 * DAY)],
    )
    .await?;
    db::exec(
        c,
        "DELETE FROM passport_wa_messages WHERE received_at < $1",
        [Value::from(now_ms - 30 * DAY)],
    )
    .await?;
    Ok(reset)
}

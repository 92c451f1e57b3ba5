//! SQL of the WhatsApp channel: processed message ids, conversations,
//! numbers and the bookings made by WhatsApp.

use imigrasi_platform::db;
use imigrasi_platform::i18n::Lang;
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::conversation::{Data, Step};
use crate::store::{self, Booking};

/// A conversation as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    /// The person's WhatsApp number (wa_id).
    pub number: String,
    /// Our business number it wrote to.
    pub phone_number_id: String,
    /// Language of the replies.
    pub lang: Lang,
    /// Where the conversation stands.
    pub step: Step,
    /// What was collected so far.
    pub data: Data,
    /// Optimistic concurrency: raised by every saved turn.
    pub version: i64,
    /// Last activity (ms).
    pub updated_at: i64,
    /// Not stored yet.
    pub is_new: bool,
}

impl Conversation {
    /// A fresh conversation (menu, Indonesian).
    pub fn new(number: &str, phone_number_id: &str, now: Timestamp) -> Conversation {
        Conversation {
            number: number.to_owned(),
            phone_number_id: phone_number_id.to_owned(),
            lang: Lang::Id,
            step: Step::Menu,
            data: Data::default(),
            version: 0,
            updated_at: db::millis(now),
            is_new: true,
        }
    }
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

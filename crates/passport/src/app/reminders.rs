//! Booking notices enqueued by a worker rather than by the change itself:
//!
//! - a reminder 30 minutes before an unpaid hold lapses (once per booking,
//!   and only when the hold is longer than that);
//! - a reminder the day before a confirmed appointment (once, from 08:00
//!   office time);
//! - for bookings made by WhatsApp (which have no account to e-mail), the
//!   changes the number has not been told about yet: payment received,
//!   lapsed, cancelled, rescheduled.
//!
//! Reminders go to the owner's e-mail (when the booking has an account)
//! and to the WhatsApp number that made it. "Once" is a row in
//! `passport_reminders` (or a conditional update of
//! `passport_wa_bookings`) written in the same transaction as the outbox
//! message, so several processes may run this worker together.

use std::collections::HashMap;
use std::time::Duration;

use imigrasi_core::OfficeZone;
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::offices;
use imigrasi_platform::{AppState, accounts, outbox};
use jiff::Timestamp;
use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::domain::BookingStatus;
use crate::notices;
use crate::store::{self, Booking};
use crate::whatsapp::conversation::IDLE_MS;
use crate::whatsapp::store as wa;

/// How often the worker runs.
pub const INTERVAL: Duration = Duration::from_secs(30);
/// How long before the payment deadline the reminder goes.
pub const PAYMENT_REMINDER_MINUTES: i64 = 30;
/// Office-local hour from which the day-before reminder goes.
pub const DAY_BEFORE_FROM_HOUR: i8 = 8;

/// What a run queued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Payment reminders.
    pub payment_reminders: usize,
    /// Day-before reminders.
    pub day_before: usize,
    /// Follow-ups to WhatsApp numbers.
    pub followups: usize,
}

/// The payload every passport template understands.
async fn payload(c: &impl ConnectionTrait, b: &Booking) -> Result<serde_json::Value, DbErr> {
    let slot = store::slot(c, &b.slot_id).await?;
    Ok(serde_json::json!({
        "code": b.code,
        "status": b.status.as_str(),
        "office": b.office_code,
        "billing_code": b.billing_code,
        "amount": b.amount,
        "payment_deadline": db::from_millis(b.payment_deadline).to_string(),
        "date": slot.as_ref().map(|s| s.date.to_string()),
        "start": slot.as_ref().map(|s| store::hhmm(s.start)),
        "end": slot.as_ref().map(|s| store::hhmm(s.end)),
    }))
}

/// Queue `template` to the booking's owner (e-mail) and to the WhatsApp
/// number that made it. Returns the messages queued.
pub async fn notify_all(
    c: &impl ConnectionTrait,
    b: &Booking,
    template: &str,
) -> Result<usize, DbErr> {
    let mut n = 0;
    let base = payload(c, b).await?;
    if let Some(account_id) = &b.account_id
        && let Some(account) = accounts::find_by_id(c, account_id).await?
    {
        outbox::enqueue(
            c,
            outbox::Message {
                channel: "email",
                recipient: &account.email,
                template,
                lang: Lang::Id,
                payload: base.clone(),
            },
        )
        .await?;
        n += 1;
    }
    let wa_row = db::one(
        c,
        "SELECT wa_number, phone_number_id, lang FROM passport_wa_bookings WHERE booking_id = $1",
        [Value::from(b.id.clone())],
    )
    .await?;
    if let Some(r) = wa_row {
        let number: String = db::col(&r, "wa_number")?;
        let pid: String = db::col(&r, "phone_number_id")?;
        let lang: String = db::col(&r, "lang")?;
        let mut p = base;
        p["phone_number_id"] = serde_json::Value::from(pid);
        outbox::enqueue(
            c,
            outbox::Message {
                channel: "whatsapp",
                recipient: &number,
                template,
                lang: Lang::parse(&lang).unwrap_or_default(),
                payload: p,
            },
        )
        .await?;
        n += 1;
    }
    Ok(n)
}

/// Send `template` for booking `code` once for `kind`.
async fn remind_once(
    database: &Db,
    code: &str,
    kind: &str,
    template: &str,
    still: impl Fn(&Booking) -> bool,
    now: Timestamp,
) -> Result<bool, DbErr> {
    let txn = db::begin_write(database).await?;
    let Some(b) = store::find_by_code(&txn, code).await? else {
        return Ok(false);
    };
    if !still(&b) {
        return Ok(false);
    }
    let first = db::exec(
        &txn,
        "INSERT INTO passport_reminders (booking_id, kind, sent_at) VALUES ($1, $2, $3)
         ON CONFLICT (booking_id, kind) DO NOTHING",
        [
            Value::from(b.id.clone()),
            Value::from(kind),
            Value::from(db::millis(now)),
        ],
    )
    .await?
        == 1;
    if !first {
        return Ok(false);
    }
    notify_all(&txn, &b, template).await?;
    txn.commit().await?;
    Ok(true)
}

/// Reminders to pay, 30 minutes before unpaid holds lapse.
pub async fn payment_reminders(database: &Db, now: Timestamp) -> Result<usize, DbErr> {
    let now_ms = db::millis(now);
    let window = PAYMENT_REMINDER_MINUTES * 60_000;
    let due = db::all(
        database,
        "SELECT b.code FROM passport_bookings b
         WHERE b.status = 'awaiting_payment' AND b.payment_deadline > $1 AND b.payment_deadline <= $2
           AND b.payment_deadline - b.created_at > $3
           AND NOT EXISTS (SELECT 1 FROM passport_reminders r WHERE r.booking_id = b.id AND r.kind = 'payment')
         ORDER BY b.payment_deadline LIMIT 200",
        [
            Value::from(now_ms),
            Value::from(now_ms + window),
            Value::from(window),
        ],
    )
    .await?;
    let mut n = 0;
    for row in due {
        let code: String = db::col(&row, "code")?;
        let still =
            |b: &Booking| b.status == BookingStatus::AwaitingPayment && b.payment_deadline > now_ms;
        if remind_once(
            database,
            &code,
            "payment",
            notices::PAYMENT_REMINDER,
            still,
            now,
        )
        .await?
        {
            n += 1;
        }
    }
    Ok(n)
}

/// Reminders the day before confirmed appointments (from 08:00 office time).
pub async fn day_before_reminders(database: &Db, now: Timestamp) -> Result<usize, DbErr> {
    let now_ms = db::millis(now);
    let due = db::all(
        database,
        "SELECT b.code, b.office_code, s.date FROM passport_bookings b JOIN passport_slots s ON s.id = b.slot_id
         WHERE b.status = 'confirmed' AND s.starts_at > $1 AND s.starts_at <= $2
           AND NOT EXISTS (SELECT 1 FROM passport_reminders r WHERE r.booking_id = b.id AND r.kind = 'day_before')
         ORDER BY s.starts_at LIMIT 500",
        [Value::from(now_ms), Value::from(now_ms + 48 * 3_600_000)],
    )
    .await?;
    let mut zones: HashMap<String, Option<OfficeZone>> = HashMap::new();
    let mut n = 0;
    for row in due {
        let code: String = db::col(&row, "code")?;
        let office: String = db::col(&row, "office_code")?;
        let date: String = db::col(&row, "date")?;
        if !zones.contains_key(&office) {
            let z = offices::find(database, &office)
                .await?
                .and_then(|o| o.zone());
            zones.insert(office.clone(), z);
        }
        let Some(zone) = zones.get(&office).copied().flatten() else {
            continue;
        };
        let local = now.to_zoned_datetime(zone.time_zone());
        let tomorrow = crate::domain::office_time::add_days(local.date(), 1).to_string();
        if date != tomorrow || local.hour() < DAY_BEFORE_FROM_HOUR {
            continue;
        }
        let still = |b: &Booking| b.status == BookingStatus::Confirmed;
        if remind_once(
            database,
            &code,
            "day_before",
            notices::APPOINTMENT_REMINDER,
            still,
            now,
        )
        .await?
        {
            n += 1;
        }
    }
    Ok(n)
}

/// Tell WhatsApp numbers what changed on their bookings since they were
/// last told (payment, lapse, cancellation, new session).
pub async fn whatsapp_followups(database: &Db) -> Result<usize, DbErr> {
    let rows = db::all(
        database,
        &format!(
            "SELECT w.booking_id, w.notified_status, w.notified_slot_id, b.code, b.status, b.slot_id
             FROM passport_wa_bookings w JOIN passport_bookings b ON b.id = w.booking_id
             WHERE w.notified_status IN {}
               AND (b.status <> w.notified_status OR b.slot_id <> w.notified_slot_id)
             LIMIT 200",
            crate::store::bookings::status::active_sql()
        ),
        [],
    )
    .await?;
    let mut n = 0;
    for row in rows {
        let booking_id: String = db::col(&row, "booking_id")?;
        let old_status: String = db::col(&row, "notified_status")?;
        let old_slot: String = db::col(&row, "notified_slot_id")?;
        let code: String = db::col(&row, "code")?;
        let txn = db::begin_write(database).await?;
        let Some(b) = store::find_by_code(&txn, &code).await? else {
            continue;
        };
        let claimed = db::exec(
            &txn,
            "UPDATE passport_wa_bookings SET notified_status = $1, notified_slot_id = $2
             WHERE booking_id = $3 AND notified_status = $4 AND notified_slot_id = $5",
            [
                Value::from(b.status.as_str()),
                Value::from(b.slot_id.clone()),
                Value::from(booking_id),
                Value::from(old_status.clone()),
                Value::from(old_slot.clone()),
            ],
        )
        .await?;
        if claimed != 1 {
            continue;
        }
        let template = if b.status.as_str() != old_status {
            match b.status {
                BookingStatus::Confirmed => Some(notices::PAYMENT_RECEIVED),
                BookingStatus::Expired => Some(notices::BOOKING_EXPIRED),
                BookingStatus::Cancelled => Some(notices::BOOKING_CANCELLED),
                _ => None,
            }
        } else if b.slot_id != old_slot {
            Some(notices::BOOKING_RESCHEDULED)
        } else {
            None
        };
        if let Some(t) = template {
            // Only the number: the account's e-mail was told by the change itself.
            let wa_only = Booking {
                account_id: None,
                ..b
            };
            n += notify_all(&txn, &wa_only, t).await?;
        }
        txn.commit().await?;
    }
    Ok(n)
}

/// One round of every notice, plus forgetting idle conversations.
pub async fn run_once(database: &Db, now: Timestamp) -> Result<Report, DbErr> {
    let report = Report {
        payment_reminders: payment_reminders(database, now).await?,
        day_before: day_before_reminders(database, now).await?,
        followups: whatsapp_followups(database).await?,
    };
    wa::housekeeping(database, now, IDLE_MS).await?;
    Ok(report)
}

/// Run the notices worker until the runtime stops.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run_once(&state.db, Timestamp::now()).await {
                Ok(r) if r != Report::default() => tracing::info!(
                    payment_reminders = r.payment_reminders,
                    day_before = r.day_before,
                    followups = r.followups,
                    "booking notices queued"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "booking notices failed"),
            }
        }
    })
}

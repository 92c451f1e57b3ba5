//! The permits' worker: reminders 30, 14 and 7 days before a permit ends
//! (in its office's time zone), each queued once through the outbox, and
//! the expiry of active permits past their last valid day.
//!
//! "Once" is a row of `stay_reminders` whose primary key (permit, end
//! date, threshold) is claimed in the same transaction as the outbox row,
//! so several processes may run this worker together. A permit
//! `in_process` (a paid case being decided) gets no reminder and does not
//! expire; a GCI has no end.

use std::collections::BTreeMap;

use imigrasi_core::OfficeZone;
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::i18n::Lang;
use imigrasi_platform::notify::templates::Template;
use imigrasi_platform::{audit, outbox};
use jiff::{Timestamp, ToSpan};
use sea_orm::DbErr;

use super::office_zone;
use crate::domain::permit::PermitStatus;
use crate::domain::reminder;
use crate::store::history::{self, Entry};
use crate::store::permits;
use crate::store::reminders::{self, Ending};

/// A permit ends soon (texts `notify-stay-permit-ending-*`).
pub const PERMIT_ENDING: &str = "stay.permit_ending";

/// The stay service's notification templates, with the facts listed under
/// their text.
pub const TEMPLATES: &[Template] = &[Template {
    name: PERMIT_ENDING,
    facts: &["code", "office", "date"],
}];

/// Permits read per page.
const PAGE: u32 = 500;

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Run {
    /// Reminders queued.
    pub queued: usize,
    /// Permits that expired.
    pub expired: usize,
}

/// Office zones, looked up once per run.
#[derive(Default)]
struct Zones(BTreeMap<String, OfficeZone>);

impl Zones {
    async fn of(&mut self, database: &Db, office: &str) -> Result<OfficeZone, DbErr> {
        if let Some(z) = self.0.get(office) {
            return Ok(*z);
        }
        let z = office_zone(database, office).await?;
        self.0.insert(office.to_owned(), z);
        Ok(z)
    }
}

fn date(s: &str) -> Option<jiff::civil::Date> {
    s.parse().ok()
}

/// One run at `now`: reminders first, then expiry.
pub async fn run(database: &Db, now: Timestamp) -> Result<Run, DbErr> {
    let mut zones = Zones::default();
    let queued = remind(database, now, &mut zones).await?;
    let expired = expire(database, now, &mut zones).await?;
    Ok(Run { queued, expired })
}

/// Every office-local date is the UTC date or the day after (WIB, WITA and
/// WIT are ahead of UTC).
fn utc_today(now: Timestamp) -> jiff::civil::Date {
    now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

async fn remind(database: &Db, now: Timestamp, zones: &mut Zones) -> Result<usize, DbErr> {
    let today = utc_today(now);
    let last = today
        .checked_add((reminder::THRESHOLDS[0] + 1).days())
        .unwrap_or(today);
    let (from, to) = (today.to_string(), last.to_string());
    let mut after = (String::new(), String::new());
    let mut queued = 0;
    loop {
        let page =
            reminders::active_ending_between(database, &from, &to, (&after.0, &after.1), PAGE)
                .await?;
        for p in &page {
            let zone = zones.of(database, &p.office_code).await?;
            let Some(until) = date(&p.valid_until) else {
                continue;
            };
            if let Some(days) = reminder::due_at(until, now, zone)
                && remind_once(database, p, days, now).await?
            {
                queued += 1;
            }
        }
        match page.last() {
            Some(p) if page.len() == PAGE as usize => {
                after = (p.valid_until.clone(), p.number.clone());
            }
            _ => return Ok(queued),
        }
    }
}

/// Claim the reminder and queue its message in one transaction; `false`
/// when it was already queued or the permit changed meanwhile.
async fn remind_once(database: &Db, p: &Ending, days: i64, now: Timestamp) -> Result<bool, DbErr> {
    db::write(database, |txn| async move {
        let txn = &*txn;
        let Some(p) = reminders::still_active_ending(txn, &p.id, &p.valid_until).await? else {
            return Ok(false);
        };
        if !reminders::claim(txn, &p.id, &p.valid_until, days, now).await? {
            return Ok(false);
        }
        outbox::enqueue(
            txn,
            outbox::Message {
                channel: "email",
                recipient: &p.email,
                template: PERMIT_ENDING,
                // Holders are foreigners: English, as the visa notices.
                lang: Lang::En,
                payload: serde_json::json!({
                    "code": p.number,
                    "office": p.office_code,
                    "date": p.valid_until,
                    "days_before": days,
                }),
            },
        )
        .await?;
        Ok::<_, DbErr>(true)
    })
    .await
}

async fn expire(database: &Db, now: Timestamp, zones: &mut Zones) -> Result<usize, DbErr> {
    // Ended somewhere means a last valid day before the latest local date.
    let by = utc_today(now).to_string();
    let mut after = (String::new(), String::new());
    let mut expired = 0;
    loop {
        let page =
            reminders::active_ending_between(database, "", &by, (&after.0, &after.1), PAGE).await?;
        for p in &page {
            let zone = zones.of(database, &p.office_code).await?;
            let Some(until) = date(&p.valid_until) else {
                continue;
            };
            if reminder::has_ended_at(until, now, zone) && expire_one(database, p, now).await? {
                expired += 1;
            }
        }
        match page.last() {
            Some(p) if page.len() == PAGE as usize => {
                after = (p.valid_until.clone(), p.number.clone());
            }
            _ => return Ok(expired),
        }
    }
}

/// `active → expired` through the one writer of status, with its history
/// entry and audit row `stay.expire`; `false` when the permit had already
/// left `active`.
async fn expire_one(database: &Db, p: &Ending, now: Timestamp) -> Result<bool, DbErr> {
    db::write(database, |txn| async move {
        let txn = &*txn;
        let moved =
            permits::transition(txn, &p.id, PermitStatus::Active, PermitStatus::Expired, now)
                .await?;
        if !moved {
            return Ok(false);
        }
        let entry = Entry {
            at: db::millis(now),
            what: "expired".into(),
            actor_role: None,
            detail: serde_json::json!({ "valid_until": p.valid_until }),
        };
        history::append(txn, &p.id, &entry).await?;
        audit::append(
            txn,
            audit::Entry {
                actor: None,
                action: "stay.expire",
                object_type: "stay_permit",
                object_id: &p.number,
                office: Some(&p.office_code),
                request_id: None,
                detail: serde_json::json!({ "valid_until": p.valid_until }),
            },
        )
        .await?;
        Ok::<_, DbErr>(true)
    })
    .await
}

#[cfg(test)]
mod tests {
    use imigrasi_platform::i18n::Lang;
    use imigrasi_platform::notify::templates::{register, render_with};
    use serde_json::json;

    use super::*;

    #[test]
    fn the_reminder_has_its_own_text_in_both_languages() {
        register(TEMPLATES);
        let payload = json!({"code": "IT-2026-7K3QX9M2", "date": "2027-03-31"});
        for lang in Lang::ALL {
            let r = render_with(PERMIT_ENDING, lang, &payload, None);
            let generic = render_with("none", lang, &payload, None);
            assert_ne!(r.subject, generic.subject, "{lang:?} falls back");
            assert!(r.subject.contains("IT-2026-7K3QX9M2"), "{r:?}");
            assert!(r.body.contains("31-03-2027"), "{r:?}");
            assert!(!r.body.contains("Unknown") && !r.body.contains("notify-"));
        }
    }
}

//! Quota use cases shared by the API and the pages: access check, then the
//! change, its audit row and the slot regeneration in ONE transaction.

use imigrasi_platform::audit;
use imigrasi_platform::db::{self, Db};
use imigrasi_platform::offices::Office;
use imigrasi_platform::policy::{self, Actor, Permission};
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use sea_orm::{DatabaseTransaction, DbErr};
use serde_json::json;

use crate::api::quota::input::SettingsBody;
use crate::domain::office_time::office_date;
use crate::domain::{QuotaException, WeeklyTemplate};
use crate::store::quota::{self as quota_store, OfficeSettings, StoredException};

/// Why an office's quota may not be managed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No office has this code.
    NotFound,
    /// The actor may not manage this office's quota.
    Forbidden,
}

/// An office, its zone, and its current office-local date.
#[derive(Debug, Clone)]
pub struct OfficeRef {
    /// The office.
    pub office: Office,
    /// Its time zone.
    pub zone: TimeZone,
}

impl OfficeRef {
    /// The office-local date at `now`.
    pub fn today(&self, now: Timestamp) -> Date {
        office_date(&self.zone, now)
    }

    /// `WIB`, `WITA` or `WIT`.
    pub fn abbreviation(&self) -> &'static str {
        self.office.zone().map_or("", |z| z.abbreviation())
    }
}

/// The office by code (case-insensitive), or `None`.
pub async fn find_office(db: &Db, code: &str) -> Result<Option<OfficeRef>, DbErr> {
    match quota_store::office_with_zone(db, &code.trim().to_uppercase()).await {
        Ok((office, zone)) => Ok(Some(OfficeRef { office, zone })),
        Err(DbErr::RecordNotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The office if `actor` may manage its quota.
pub async fn managed_office(
    db: &Db,
    actor: &Actor,
    code: &str,
) -> Result<Result<OfficeRef, Refused>, DbErr> {
    let Some(office) = find_office(db, code).await? else {
        return Ok(Err(Refused::NotFound));
    };
    Ok(
        match policy::authorize(
            actor,
            Permission::ManageOfficeQuota {
                office: &office.office.code,
            },
        ) {
            Ok(()) => Ok(office),
            Err(_) => Err(Refused::Forbidden),
        },
    )
}

/// Who changes which office, for the audit row.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    /// The supervisor or administrator.
    pub actor: &'a Actor,
    /// The request.
    pub request_id: &'a str,
    /// The office.
    pub office: &'a OfficeRef,
}

impl Change<'_> {
    async fn audit(
        &self,
        txn: &DatabaseTransaction,
        action: &str,
        object_type: &str,
        object_id: &str,
        detail: serde_json::Value,
    ) -> Result<(), DbErr> {
        audit::append(
            txn,
            audit::Entry {
                actor: Some(self.actor),
                action,
                object_type,
                object_id,
                office: Some(&self.office.office.code),
                request_id: Some(self.request_id),
                detail,
            },
        )
        .await?;
        Ok(())
    }

    async fn regenerate_and_commit(&self, txn: DatabaseTransaction) -> Result<usize, DbErr> {
        let now = Timestamp::now();
        let n = quota_store::generate_slots_in(
            &txn,
            &self.office.office.code,
            self.office.today(now),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(n)
    }
}

/// Replaces the weekly template; returns the number of slots generated.
pub async fn replace_template(
    db: &Db,
    change: Change<'_>,
    template: &WeeklyTemplate,
) -> Result<usize, DbErr> {
    let code = &change.office.office.code;
    let txn = db::begin_write(db).await?;
    quota_store::save_template(&txn, code, template).await?;
    let weekly: u64 = template
        .sessions()
        .iter()
        .map(|s| u64::from(s.capacity))
        .sum();
    change
        .audit(
            &txn,
            "quota.template.replace",
            "office",
            code,
            json!({ "sessions": template.sessions().len(), "weekly_capacity": weekly }),
        )
        .await?;
    change.regenerate_and_commit(txn).await
}

/// Stores new settings; returns the number of slots generated.
pub async fn update_settings(
    db: &Db,
    change: Change<'_>,
    settings: &OfficeSettings,
) -> Result<usize, DbErr> {
    let code = &change.office.office.code;
    let txn = db::begin_write(db).await?;
    quota_store::save_settings(&txn, code, settings).await?;
    let detail = serde_json::to_value(SettingsBody::from(settings)).unwrap_or_default();
    change
        .audit(&txn, "quota.settings.update", "office", code, detail)
        .await?;
    change.regenerate_and_commit(txn).await
}

/// Adds an exception and regenerates slots.
pub async fn add_exception(
    db: &Db,
    change: Change<'_>,
    exception: &QuotaException,
    note: &str,
) -> Result<StoredException, DbErr> {
    let code = &change.office.office.code;
    let txn = db::begin_write(db).await?;
    let stored = quota_store::add_exception(&txn, code, exception, note).await?;
    let view = crate::api::quota::input::ExceptionView::from(&stored);
    let detail = serde_json::to_value(&view).unwrap_or_default();
    change
        .audit(
            &txn,
            "quota.exception.add",
            "quota_exception",
            &stored.id,
            detail,
        )
        .await?;
    change.regenerate_and_commit(txn).await?;
    Ok(stored)
}

/// Deletes an exception of the office; `false` when it has none with this id.
pub async fn remove_exception(db: &Db, change: Change<'_>, id: &str) -> Result<bool, DbErr> {
    let code = &change.office.office.code;
    let txn = db::begin_write(db).await?;
    let Some(existing) = quota_store::find_exception(&txn, code, id).await? else {
        return Ok(false);
    };
    quota_store::delete_exception(&txn, code, id).await?;
    let view = crate::api::quota::input::ExceptionView::from(&existing);
    let detail = serde_json::to_value(&view).unwrap_or_default();
    change
        .audit(
            &txn,
            "quota.exception.delete",
            "quota_exception",
            id,
            detail,
        )
        .await?;
    change.regenerate_and_commit(txn).await?;
    Ok(true)
}

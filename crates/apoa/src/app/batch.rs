//! Batches of check-in reports (CSV or JSON, docs/apoa-batch.md) and the
//! reporter's export of a premise's stays.
//!
//! Each row is checked by the same rules as a single report; the good ones
//! are written a chunk to a transaction, each row in its own savepoint with
//! its audit row (the same on SQLite and PostgreSQL), so that one bad row
//! never blocks the others and 5,000 rows are not 5,000 commits. The
//! unique index `apoa_stays_once_a_day` makes a batch sent again create
//! nothing: such rows come back as duplicates with the existing id.

use imigrasi_platform::{AppState, audit, db};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use sea_orm::{DatabaseTransaction, TransactionTrait};

use super::stays::{Report, audit_entry, prepare};
use super::{ApoaError, Reporter, field, office_zone, premise_for};
use crate::domain::batch::MAX_ROWS;
use crate::domain::{FieldErrors, date, receipt};
use crate::store::premises::Premise;
use crate::store::stays::{self, Stay};

/// One row of a batch.
#[derive(Debug, Clone, Default)]
pub struct BatchRow {
    /// Its number (1 = the first).
    pub row: usize,
    /// The report (its `premise_id` is the batch's).
    pub report: Report,
    /// Fields refused before any rule (column → reason).
    pub refused: FieldErrors,
}

/// What became of a row.
#[derive(Debug)]
pub enum Outcome {
    /// Written.
    Accepted(Box<Stay>),
    /// Refused: [`ApoaError::InvalidInput`] or [`ApoaError::InvalidMrz`].
    Rejected(ApoaError),
    /// Reported already: the existing stay's id.
    Duplicate(String),
}

/// Rows written in one transaction (each in its own savepoint).
pub const CHUNK: usize = 250;

/// Report a batch of check-ins at `premise_id`. The premise must be the
/// reporter's ([`ApoaError::NotFound`], nothing written); more than
/// [`MAX_ROWS`] rows is [`ApoaError::BatchTooLarge`], nothing written.
/// Every row is checked first; the good ones are then written [`CHUNK`] to
/// a transaction, each row in its own savepoint with its audit row, so that
/// a row that fails leaves the others. A database failure stops the batch:
/// the chunks committed before stay, and the same batch sent again answers
/// their rows as duplicates.
pub async fn report_batch(
    state: &AppState,
    reporter: &Reporter,
    request_id: &str,
    premise_id: &str,
    rows: Vec<BatchRow>,
) -> Result<Vec<(usize, Outcome)>, ApoaError> {
    let premise = premise_for(&state.db, reporter, premise_id.trim()).await?;
    if rows.len() > MAX_ROWS {
        return Err(ApoaError::BatchTooLarge);
    }
    let zone = office_zone(&state.db, &premise.office_code).await?;
    let year = zone.local_date(Timestamp::now()).year();
    let mut outcomes = Vec::with_capacity(rows.len());
    let mut ready = Vec::with_capacity(rows.len());
    for BatchRow {
        row,
        mut report,
        refused,
    } in rows
    {
        report.premise_id.clone_from(&premise.id);
        match prepare(state, reporter, &premise, zone, &report, refused).await {
            Ok(stay) => ready.push((row, stay)),
            Err(e @ (ApoaError::InvalidInput(_) | ApoaError::InvalidMrz(_))) => {
                outcomes.push((row, Outcome::Rejected(e)));
            }
            Err(e) => return Err(e),
        }
    }
    for chunk in ready.chunks(CHUNK) {
        let premise = &premise;
        let written = db::write(&state.db, |txn| async move {
            let mut done = Vec::with_capacity(chunk.len());
            for (row, stay) in chunk {
                let outcome = write_row(&txn, reporter, request_id, premise, year, stay).await?;
                done.push((*row, outcome));
            }
            Ok::<_, ApoaError>(done)
        })
        .await?;
        outcomes.extend(written);
    }
    outcomes.sort_by_key(|(row, _)| *row);
    Ok(outcomes)
}

/// Write one prepared row in a savepoint of `txn`: accepted, or a
/// duplicate (nothing written); a receipt number taken is drawn again.
async fn write_row(
    txn: &DatabaseTransaction,
    reporter: &Reporter,
    request_id: &str,
    premise: &Premise,
    year: i16,
    prepared: &Stay,
) -> Result<Outcome, ApoaError> {
    let mut stay = prepared.clone();
    for _ in 0..3 {
        stay.receipt_number = receipt::generate(year, &mut rand::rng());
        let sp = txn.begin().await?;
        match stays::insert(&sp, &stay).await {
            Ok(true) => {
                let entry = audit_entry(reporter, "apoa.stay.report", &stay, premise, request_id);
                audit::append(&sp, entry).await?;
                sp.commit().await?;
                return Ok(Outcome::Accepted(Box::new(stay)));
            }
            Ok(false) => {
                let existing = stays::same_day(
                    &sp,
                    &stay.premise_id,
                    &stay.passport_index,
                    &stay.check_in_date,
                )
                .await?;
                sp.rollback().await?;
                return Ok(Outcome::Duplicate(existing.unwrap_or_default()));
            }
            Err(e) if db::is_unique_violation(&e) => sp.rollback().await?,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApoaError::Db(sea_orm::DbErr::Custom(
        "no free receipt number".into(),
    )))
}

/// Days an export spans at most.
pub const EXPORT_MAX_DAYS: i64 = 366;
/// Days an export spans when `from` is not given (up to `to`).
pub const EXPORT_DEFAULT_DAYS: i64 = 31;
/// Most stays in one export.
pub const EXPORT_MAX_ROWS: u64 = 50_000;

/// An export: the premise, the check-in dates it covers and its stays.
#[derive(Debug)]
pub struct Export {
    /// The premise.
    pub premise: Premise,
    /// First check-in date (local).
    pub from: Date,
    /// Last check-in date (local).
    pub to: Date,
    /// The stays, by check-in.
    pub stays: Vec<Stay>,
}

/// A premise's stays checked in from `from` to `to` (the premise office's
/// local dates, inclusive; `to` defaults to today, `from` to
/// [`EXPORT_DEFAULT_DAYS`] before `to`), for its owner or its key; at most
/// [`EXPORT_MAX_DAYS`] days and [`EXPORT_MAX_ROWS`] stays. The export is
/// audited (`apoa.stays.export`).
pub async fn export(
    state: &AppState,
    reporter: &Reporter,
    request_id: &str,
    premise_id: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Export, ApoaError> {
    let premise = premise_for(&state.db, reporter, premise_id).await?;
    let zone = office_zone(&state.db, &premise.office_code).await?;
    let parse = |name: &str, v: Option<&str>| match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => date(v).map(Some).ok_or_else(|| field(name, "invalid")),
    };
    let to = parse("to", to)?.unwrap_or_else(|| zone.local_date(Timestamp::now()));
    let from = match parse("from", from)? {
        Some(d) => d,
        None => to
            .checked_sub((EXPORT_DEFAULT_DAYS - 1).days())
            .map_err(|_| field("to", "invalid"))?,
    };
    let span = (to - from).get_days();
    if from > to || i64::from(span) >= EXPORT_MAX_DAYS {
        return Err(field("from", "range"));
    }
    let list = stays::of_premise(
        &state.db,
        &premise.id,
        &from.to_string(),
        &to.to_string(),
        EXPORT_MAX_ROWS + 1,
    )
    .await?;
    if list.len() as u64 > EXPORT_MAX_ROWS {
        return Err(field("from", "too_many"));
    }
    let (premise_ref, count) = (&premise, list.len());
    let (from_s, to_s) = (from.to_string(), to.to_string());
    let (from_ref, to_ref) = (&from_s, &to_s);
    db::write(&state.db, |txn| async move {
        let entry = audit::Entry {
            actor: reporter.actor(),
            action: "apoa.stays.export",
            object_type: "apoa_premise",
            object_id: &premise_ref.id,
            office: Some(&premise_ref.office_code),
            request_id: Some(request_id),
            detail: serde_json::json!({
                "from": from_ref, "to": to_ref, "stays": count,
                "key": match reporter { Reporter::Key(k) => Some(&k.id), Reporter::Account(_) => None },
            }),
        };
        audit::append(&*txn, entry).await?;
        Ok::<_, ApoaError>(())
    })
    .await?;
    Ok(Export {
        premise,
        from,
        to,
        stays: list,
    })
}

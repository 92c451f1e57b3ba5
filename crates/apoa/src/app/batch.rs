//! Batches of check-in reports (CSV or JSON, docs/apoa-batch.md) and the
//! reporter's export of a premise's stays.
//!
//! Each row is checked by the same rules as a single report and written in
//! its own transaction (with its audit row), so that one bad row never
//! blocks the good ones and works the same on SQLite and PostgreSQL. The
//! unique index `apoa_stays_once_a_day` makes a batch sent again create
//! nothing: such rows come back as duplicates with the existing id.

use imigrasi_platform::{AppState, audit, db};
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

use super::stays::{Report, prepare, write};
use super::{ApoaError, Reporter, field, office_zone, premise_for};
use crate::domain::batch::MAX_ROWS;
use crate::domain::{FieldErrors, date};
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

/// Report a batch of check-ins at `premise_id`. The premise must be the
/// reporter's ([`ApoaError::NotFound`], nothing written); more than
/// [`MAX_ROWS`] rows is [`ApoaError::BatchTooLarge`], nothing written. A
/// database failure stops the batch: the rows before it stay written, and
/// the same batch sent again answers them as duplicates.
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
    let mut outcomes = Vec::with_capacity(rows.len());
    for BatchRow {
        row,
        mut report,
        refused,
    } in rows
    {
        report.premise_id.clone_from(&premise.id);
        let written = match prepare(state, reporter, &premise, zone, &report, refused).await {
            Ok(stay) => write(state, reporter, request_id, &premise, zone, stay).await,
            Err(e) => Err(e),
        };
        let outcome = match written {
            Ok(stay) => Outcome::Accepted(Box::new(stay)),
            Err(ApoaError::DuplicateStay(id)) => Outcome::Duplicate(id),
            Err(e @ (ApoaError::InvalidInput(_) | ApoaError::InvalidMrz(_))) => {
                Outcome::Rejected(e)
            }
            Err(e) => return Err(e),
        };
        outcomes.push((row, outcome));
    }
    Ok(outcomes)
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

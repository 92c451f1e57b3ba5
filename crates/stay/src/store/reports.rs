//! The `stay_reports` table, and the changes a report makes to its permit.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

use crate::domain::permit::PermitStatus;

/// A stored report (its details are personal data: never logged).
#[derive(Clone, PartialEq)]
pub struct StoredReport {
    /// Id (UUIDv7).
    pub id: String,
    /// Public receipt number, e.g. `LAP-2026-7K3QX9M2`.
    pub receipt_number: String,
    /// The permit's id.
    pub permit_id: String,
    /// `address_change`, `civil_status`, `passport`, `job`, `sponsor_address`.
    pub kind: String,
    /// Normalized details (JSON).
    pub details: serde_json::Value,
    /// The account that filed it.
    pub filed_by: String,
    /// Its role (`foreigner` or `sponsor`).
    pub filer_role: String,
    /// The office supervising the permit once the report was recorded.
    pub office_code: String,
    /// Instant filed (ms UTC).
    pub filed_at: i64,
}

impl std::fmt::Debug for StoredReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredReport")
            .field("receipt_number", &self.receipt_number)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

fn from_row(r: &QueryResult) -> Result<StoredReport, DbErr> {
    let details: String = db::col(r, "details")?;
    Ok(StoredReport {
        id: db::col(r, "id")?,
        receipt_number: db::col(r, "receipt_number")?,
        permit_id: db::col(r, "permit_id")?,
        kind: db::col(r, "kind")?,
        details: serde_json::from_str(&details).unwrap_or(serde_json::Value::Null),
        filed_by: db::col(r, "filed_by")?,
        filer_role: db::col(r, "filer_role")?,
        office_code: db::col(r, "office_code")?,
        filed_at: db::col(r, "filed_at")?,
    })
}

/// Insert a report. A unique violation means the receipt number was taken.
#[tracing::instrument(skip_all, fields(receipt = %r.receipt_number, kind = %r.kind))]
pub async fn insert(c: &impl ConnectionTrait, r: &StoredReport) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO stay_reports (id, receipt_number, permit_id, kind, details, filed_by,
            filer_role, office_code, filed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        [
            Value::from(r.id.clone()),
            Value::from(r.receipt_number.clone()),
            Value::from(r.permit_id.clone()),
            Value::from(r.kind.clone()),
            Value::from(r.details.to_string()),
            Value::from(r.filed_by.clone()),
            Value::from(r.filer_role.clone()),
            Value::from(r.office_code.clone()),
            Value::from(r.filed_at),
        ],
    )
    .await?;
    Ok(())
}

/// A permit's reports, oldest first.
pub async fn for_permit(
    c: &impl ConnectionTrait,
    permit_id: &str,
) -> Result<Vec<StoredReport>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM stay_reports WHERE permit_id = $1 ORDER BY filed_at, id",
        [Value::from(permit_id)],
        from_row,
    )
    .await
}

/// What a report changes in its permit's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PermitChange {
    /// Nothing but `updated_at` (the report is only recorded).
    Nothing,
    /// The holder's address, and the office that supervises it.
    Address {
        /// Address line.
        line: String,
        /// Regency code.
        regency: String,
        /// The regency's supervising office.
        office: String,
    },
    /// The holder's passport.
    Passport {
        /// The new number.
        number: String,
        /// Its blind index.
        index: String,
    },
}

/// Apply `change` to the permit while it is `active` or `in_process`
/// (which the same statement checks, so a permit that ends meanwhile takes
/// no report); answers whether it applied. It never touches the status.
#[tracing::instrument(skip_all, fields(permit_id = %id))]
pub async fn apply_to_permit(
    c: &impl ConnectionTrait,
    id: &str,
    change: &PermitChange,
    now: jiff::Timestamp,
) -> Result<bool, DbErr> {
    let (set, extra): (&str, Vec<Value>) = match change {
        PermitChange::Nothing => ("", Vec::new()),
        PermitChange::Address {
            line,
            regency,
            office,
        } => (
            ", address_line = $5, regency_code = $6, office_code = $7",
            vec![
                Value::from(line.clone()),
                Value::from(regency.clone()),
                Value::from(office.clone()),
            ],
        ),
        PermitChange::Passport { number, index } => (
            ", passport_number = $5, passport_index = $6",
            vec![Value::from(number.clone()), Value::from(index.clone())],
        ),
    };
    let sql = format!(
        "UPDATE stay_permits SET updated_at = $2{set} WHERE id = $1 AND status IN ($3, $4)"
    );
    let mut values = vec![
        Value::from(id),
        Value::from(db::millis(now)),
        Value::from(PermitStatus::Active.as_str()),
        Value::from(PermitStatus::InProcess.as_str()),
    ];
    values.extend(extra);
    Ok(db::exec(c, &sql, values).await? == 1)
}

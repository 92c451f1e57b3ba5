//! What approvals write on a permit (besides its status): a new end date,
//! a new sponsor, an exit or re-entry permit, and the signed documents.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, Value};

/// Extend a permit: its new last day and the days used, from the end it
/// had when approved (a conditional update; answers whether it applied).
pub async fn extend(
    c: &impl ConnectionTrait,
    permit_id: &str,
    from_until: &str,
    new_until: &str,
    days: i64,
    now: i64,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "UPDATE stay_permits SET valid_until = $3,
            extension_days_used = extension_days_used + $4, updated_at = $5
         WHERE id = $1 AND valid_until = $2",
        [
            Value::from(permit_id),
            Value::from(from_until),
            Value::from(new_until),
            Value::from(i32::try_from(days).unwrap_or(i32::MAX)),
            Value::from(now),
        ],
    )
    .await?
        == 1)
}

/// Give the permit another sponsor.
pub async fn set_sponsor(
    c: &impl ConnectionTrait,
    permit_id: &str,
    sponsor_id: &str,
    now: i64,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "UPDATE stay_permits SET sponsor_account_id = $2, updated_at = $3 WHERE id = $1",
        [
            Value::from(permit_id),
            Value::from(sponsor_id),
            Value::from(now),
        ],
    )
    .await?;
    Ok(())
}

/// Record an exit permit (the permit ends at departure).
pub async fn grant_exit(c: &impl ConnectionTrait, permit_id: &str, now: i64) -> Result<(), DbErr> {
    db::exec(
        c,
        "UPDATE stay_permits SET exit_permit = TRUE, updated_at = $2 WHERE id = $1",
        [Value::from(permit_id), Value::from(now)],
    )
    .await?;
    Ok(())
}

/// Record a re-entry permit valid until `until`.
pub async fn grant_reentry(
    c: &impl ConnectionTrait,
    permit_id: &str,
    until: &str,
    now: i64,
) -> Result<(), DbErr> {
    db::exec(
        c,
        "UPDATE stay_permits SET reentry_until = $2, updated_at = $3 WHERE id = $1",
        [Value::from(permit_id), Value::from(until), Value::from(now)],
    )
    .await?;
    Ok(())
}

/// A signed document issued for a permit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedDocument {
    /// The permit.
    pub permit_id: String,
    /// The case that issued it, if any.
    pub case_id: Option<String>,
    /// The signed payload (the QR's text).
    pub qr: String,
    /// The permit's last day as signed.
    pub valid_until: Option<String>,
    /// Issued (ms).
    pub issued_at: i64,
}

/// Store an issued document.
pub async fn insert_document(c: &impl ConnectionTrait, d: &IssuedDocument) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO stay_permit_documents (id, permit_id, case_id, qr, valid_until, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        [
            Value::from(uuid::Uuid::now_v7().to_string()),
            Value::from(d.permit_id.clone()),
            Value::from(d.case_id.clone()),
            Value::from(d.qr.clone()),
            Value::from(d.valid_until.clone()),
            Value::from(d.issued_at),
        ],
    )
    .await?;
    Ok(())
}

/// The document a case issued.
pub async fn document_of_case(
    c: &impl ConnectionTrait,
    case_id: &str,
) -> Result<Option<IssuedDocument>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM stay_permit_documents WHERE case_id = $1
         ORDER BY issued_at DESC, id DESC LIMIT 1",
        [Value::from(case_id)],
        document,
    )
    .await
}

fn document(r: &sea_orm::QueryResult) -> Result<IssuedDocument, DbErr> {
    Ok(IssuedDocument {
        permit_id: db::col(r, "permit_id")?,
        case_id: db::col(r, "case_id")?,
        qr: db::col(r, "qr")?,
        valid_until: db::col(r, "valid_until")?,
        issued_at: db::col(r, "issued_at")?,
    })
}

/// The newest document of a permit.
pub async fn latest_document(
    c: &impl ConnectionTrait,
    permit_id: &str,
) -> Result<Option<IssuedDocument>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM stay_permit_documents WHERE permit_id = $1
         ORDER BY issued_at DESC, id DESC LIMIT 1",
        [Value::from(permit_id)],
        document,
    )
    .await
}

//! The `stay_applications` table: what each application about a permit
//! asks, and the one-open-application-per-permit rule.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

/// A stored application (the case's stay half).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// The casework case.
    pub case_id: String,
    /// The permit it is about.
    pub permit_id: String,
    /// `extension`, `status_change`, …
    pub kind: String,
    /// Fee in rupiah.
    pub fee: i64,
    /// An extension's days.
    pub days: Option<i64>,
    /// A status change's new kind.
    pub to_kind: Option<String>,
    /// A sponsor change's new sponsor account.
    pub new_sponsor_account_id: Option<String>,
    /// When the new sponsor accepted (ms).
    pub sponsor_accepted_at: Option<i64>,
    /// A re-entry permit's last day (`YYYY-MM-DD`).
    pub reentry_until: Option<String>,
    /// Filed (ms).
    pub created_at: i64,
}

fn from_row(r: &QueryResult) -> Result<Application, DbErr> {
    Ok(Application {
        case_id: db::col(r, "case_id")?,
        permit_id: db::col(r, "permit_id")?,
        kind: db::col(r, "kind")?,
        fee: db::col(r, "fee")?,
        days: db::col(r, "days")?,
        to_kind: db::col(r, "to_kind")?,
        new_sponsor_account_id: db::col(r, "new_sponsor_account_id")?,
        sponsor_accepted_at: db::col(r, "sponsor_accepted_at")?,
        reentry_until: db::col(r, "reentry_until")?,
        created_at: db::col(r, "created_at")?,
    })
}

/// Insert an open application. A unique violation means the permit has
/// an open application already.
pub async fn insert(c: &impl ConnectionTrait, a: &Application) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO stay_applications (case_id, permit_id, kind, fee, days, to_kind,
            new_sponsor_account_id, sponsor_accepted_at, reentry_until, open_permit_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $2, $10)",
        [
            Value::from(a.case_id.clone()),
            Value::from(a.permit_id.clone()),
            Value::from(a.kind.clone()),
            Value::from(a.fee),
            Value::from(a.days),
            Value::from(a.to_kind.clone()),
            Value::from(a.new_sponsor_account_id.clone()),
            Value::from(a.sponsor_accepted_at),
            Value::from(a.reentry_until.clone()),
            Value::from(a.created_at),
        ],
    )
    .await?;
    Ok(())
}

/// The application of a case.
pub async fn find(c: &impl ConnectionTrait, case_id: &str) -> Result<Option<Application>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM stay_applications WHERE case_id = $1",
        [Value::from(case_id)],
        from_row,
    )
    .await
}

/// A permit's applications, newest first, with their register numbers.
pub async fn for_permit(
    c: &impl ConnectionTrait,
    permit_id: &str,
) -> Result<Vec<(String, Application)>, DbErr> {
    db::all_as(
        c,
        "SELECT a.*, c.register_number FROM stay_applications a
           JOIN casework_cases c ON c.id = a.case_id
         WHERE a.permit_id = $1 ORDER BY a.created_at DESC LIMIT 100",
        [Value::from(permit_id)],
        |r| Ok((db::col(r, "register_number")?, from_row(r)?)),
    )
    .await
}

/// The register numbers of the sponsor changes awaiting `account_id`'s
/// acceptance or accepted by it, newest first.
pub async fn offered_to_sponsor(
    c: &impl ConnectionTrait,
    account_id: &str,
) -> Result<Vec<String>, DbErr> {
    db::all_as(
        c,
        "SELECT c.register_number FROM stay_applications a
           JOIN casework_cases c ON c.id = a.case_id
         WHERE a.new_sponsor_account_id = $1 ORDER BY a.created_at DESC LIMIT 200",
        [Value::from(account_id)],
        |r| db::col(r, "register_number"),
    )
    .await
}

/// Record the new sponsor's acceptance (once); answers whether it applied.
pub async fn accept_sponsor(
    c: &impl ConnectionTrait,
    case_id: &str,
    sponsor_id: &str,
    at: i64,
) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "UPDATE stay_applications SET sponsor_accepted_at = $3
         WHERE case_id = $1 AND new_sponsor_account_id = $2 AND sponsor_accepted_at IS NULL",
        [
            Value::from(case_id),
            Value::from(sponsor_id),
            Value::from(at),
        ],
    )
    .await?
        == 1)
}

/// The case is final: the permit is free for another application.
pub async fn close(c: &impl ConnectionTrait, case_id: &str) -> Result<(), DbErr> {
    db::exec(
        c,
        "UPDATE stay_applications SET open_permit_id = NULL WHERE case_id = $1",
        [Value::from(case_id)],
    )
    .await?;
    Ok(())
}

/// The case of a permit's open application, if any.
pub async fn open_case_of(
    c: &impl ConnectionTrait,
    permit_id: &str,
) -> Result<Option<String>, DbErr> {
    db::one_as(
        c,
        "SELECT case_id FROM stay_applications WHERE open_permit_id = $1",
        [Value::from(permit_id)],
        |r| db::col(r, "case_id"),
    )
    .await
}

//! The `stay_fines` table: overstay fines billed by officers.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

/// A billed fine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fine {
    /// Id (the bill's object).
    pub id: String,
    /// The permit.
    pub permit_id: String,
    /// Days of overstay counted.
    pub days: i64,
    /// Rupiah.
    pub amount: i64,
    /// Its bill.
    pub billing_code: String,
    /// Billed (ms).
    pub created_at: i64,
}

fn from_row(r: &QueryResult) -> Result<Fine, DbErr> {
    Ok(Fine {
        id: db::col(r, "id")?,
        permit_id: db::col(r, "permit_id")?,
        days: db::col(r, "days")?,
        amount: db::col(r, "amount")?,
        billing_code: db::col(r, "billing_code")?,
        created_at: db::col(r, "created_at")?,
    })
}

/// Insert an open fine; a unique violation means one is open already.
pub async fn insert(c: &impl ConnectionTrait, f: &Fine) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO stay_fines (id, permit_id, days, amount, billing_code, open_permit_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $2, $6)",
        [
            Value::from(f.id.clone()),
            Value::from(f.permit_id.clone()),
            Value::from(f.days),
            Value::from(f.amount),
            Value::from(f.billing_code.clone()),
            Value::from(f.created_at),
        ],
    )
    .await?;
    Ok(())
}

/// The open fine of a permit, if any.
pub async fn open_for(c: &impl ConnectionTrait, permit_id: &str) -> Result<Option<Fine>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM stay_fines WHERE open_permit_id = $1",
        [Value::from(permit_id)],
        from_row,
    )
    .await
}

/// A fine by id.
pub async fn find(c: &impl ConnectionTrait, id: &str) -> Result<Option<Fine>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM stay_fines WHERE id = $1",
        [Value::from(id)],
        from_row,
    )
    .await
}

/// Close a fine (paid, or its bill lapsed): the permit may be billed anew.
pub async fn close(c: &impl ConnectionTrait, id: &str) -> Result<bool, DbErr> {
    Ok(db::exec(
        c,
        "UPDATE stay_fines SET open_permit_id = NULL WHERE id = $1 AND open_permit_id IS NOT NULL",
        [Value::from(id)],
    )
    .await?
        == 1)
}

/// What the holder of a permit has paid in fines (rupiah).
pub async fn paid_total(c: &impl ConnectionTrait, permit_id: &str) -> Result<i64, DbErr> {
    let row = db::one(
        c,
        "SELECT CAST(COALESCE(SUM(f.amount), 0) AS BIGINT) AS total FROM stay_fines f
           JOIN bills b ON b.billing_code = f.billing_code
         WHERE f.permit_id = $1 AND b.status = $2",
        [
            Value::from(permit_id),
            Value::from(imigrasi_platform::billing::status::PAID),
        ],
    )
    .await?;
    match row {
        Some(r) => db::col::<i64>(&r, "total"),
        None => Ok(0),
    }
}

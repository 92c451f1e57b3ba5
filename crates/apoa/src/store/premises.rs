//! The `apoa_premises` table.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};

/// A premise as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Premise {
    /// Id (UUIDv7).
    pub id: String,
    /// The lodging account that registered it.
    pub owner_account_id: String,
    /// Name.
    pub name: String,
    /// Kind name (`hotel`, …).
    pub kind: String,
    /// Address.
    pub address: String,
    /// Regency code.
    pub regency_code: String,
    /// Supervising office.
    pub office_code: String,
    /// Business licence number.
    pub licence_number: Option<String>,
    /// Created (ms).
    pub created_at: i64,
}

fn from_row(r: &QueryResult) -> Result<Premise, DbErr> {
    Ok(Premise {
        id: db::col(r, "id")?,
        owner_account_id: db::col(r, "owner_account_id")?,
        name: db::col(r, "name")?,
        kind: db::col(r, "kind")?,
        address: db::col(r, "address")?,
        regency_code: db::col(r, "regency_code")?,
        office_code: db::col(r, "office_code")?,
        licence_number: db::col(r, "licence_number")?,
        created_at: db::col(r, "created_at")?,
    })
}

/// Insert a premise.
pub async fn insert(c: &impl ConnectionTrait, p: &Premise) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO apoa_premises (id, owner_account_id, name, kind, address, regency_code,
            office_code, licence_number, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        [
            Value::from(p.id.clone()),
            Value::from(p.owner_account_id.clone()),
            Value::from(p.name.clone()),
            Value::from(p.kind.clone()),
            Value::from(p.address.clone()),
            Value::from(p.regency_code.clone()),
            Value::from(p.office_code.clone()),
            Value::from(p.licence_number.clone()),
            Value::from(p.created_at),
        ],
    )
    .await?;
    Ok(())
}

/// One premise by id.
pub async fn find(c: &impl ConnectionTrait, id: &str) -> Result<Option<Premise>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM apoa_premises WHERE id = $1",
        [Value::from(id)],
        from_row,
    )
    .await
}

/// An account's premises, oldest first.
pub async fn of_owner(c: &impl ConnectionTrait, owner: &str) -> Result<Vec<Premise>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM apoa_premises WHERE owner_account_id = $1 ORDER BY created_at, id",
        [Value::from(owner)],
        from_row,
    )
    .await
}

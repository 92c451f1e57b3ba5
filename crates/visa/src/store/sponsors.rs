//! The `visa_sponsors` table: a sponsor account's kind and regency.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::domain::visa_type::SponsorKind;

/// A sponsor's profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sponsor {
    /// The sponsor's account.
    pub account_id: String,
    /// `company` or `citizen`.
    pub kind: SponsorKind,
    /// Company or person name.
    pub name: String,
    /// Kemendagri regency code (decides the processing office).
    pub regency_code: String,
}

/// Create or replace the profile of an account.
pub async fn upsert(c: &impl ConnectionTrait, s: &Sponsor, id_index: &str) -> Result<(), DbErr> {
    db::exec(
        c,
        "INSERT INTO visa_sponsors (account_id, kind, id_index, name, regency_code, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id) DO UPDATE SET kind = excluded.kind, id_index = excluded.id_index,
            name = excluded.name, regency_code = excluded.regency_code, updated_at = excluded.updated_at",
        [
            Value::from(s.account_id.clone()),
            Value::from(s.kind.as_str()),
            Value::from(id_index),
            Value::from(s.name.clone()),
            Value::from(s.regency_code.clone()),
            Value::from(db::millis(jiff::Timestamp::now())),
        ],
    )
    .await?;
    Ok(())
}

/// The profile of an account.
pub async fn find(c: &impl ConnectionTrait, account_id: &str) -> Result<Option<Sponsor>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM visa_sponsors WHERE account_id = $1",
        [Value::from(account_id)],
        |r| {
            let kind: String = db::col(r, "kind")?;
            Ok(Sponsor {
                account_id: db::col(r, "account_id")?,
                kind: SponsorKind::parse(&kind)
                    .ok_or_else(|| DbErr::Custom(format!("unknown sponsor kind {kind}")))?,
                name: db::col(r, "name")?,
                regency_code: db::col(r, "regency_code")?,
            })
        },
    )
    .await
}

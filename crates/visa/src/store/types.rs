//! The `visa_types` table.

use imigrasi_platform::db;
use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::domain::visa_type::{self, RequiredDocument, SponsorKind, VisaType};

fn from_row(r: &sea_orm::QueryResult) -> Result<VisaType, DbErr> {
    let sponsor: String = db::col(r, "sponsor")?;
    let documents: String = db::col(r, "documents")?;
    Ok(VisaType {
        code: db::col(r, "code")?,
        name_id: db::col(r, "name_id")?,
        name_en: db::col(r, "name_en")?,
        purpose: db::col(r, "purpose")?,
        sponsor: SponsorKind::parse(&sponsor)
            .ok_or_else(|| DbErr::Custom(format!("unknown sponsor kind {sponsor}")))?,
        entries: db::col(r, "entries")?,
        stay_days: db::col(r, "stay_days")?,
        use_within_days: db::col(r, "use_within_days")?,
        extensible: db::col(r, "extensible")?,
        fee: db::col(r, "fee")?,
        min_passport_validity_months: db::col(r, "min_passport_validity_months")?,
        documents: serde_json::from_str::<Vec<RequiredDocument>>(&documents)
            .map_err(|e| DbErr::Custom(format!("visa type documents: {e}")))?,
    })
}

/// Insert the seeded index where absent (administrators' edits stay).
pub async fn seed(c: &impl ConnectionTrait) -> Result<usize, DbErr> {
    let types = visa_type::seed().map_err(|e| DbErr::Custom(format!("visa_types.json: {e}")))?;
    let now = db::millis(jiff::Timestamp::now());
    for t in &types {
        let documents = serde_json::to_string(&t.documents)
            .map_err(|e| DbErr::Custom(format!("visa type documents: {e}")))?;
        db::exec(
            c,
            "INSERT INTO visa_types (code, name_id, name_en, purpose, sponsor, entries, stay_days,
                use_within_days, extensible, fee, min_passport_validity_months, documents, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (code) DO NOTHING",
            [
                Value::from(t.code.clone()),
                Value::from(t.name_id.clone()),
                Value::from(t.name_en.clone()),
                Value::from(t.purpose.clone()),
                Value::from(t.sponsor.as_str()),
                Value::from(t.entries.clone()),
                Value::from(t.stay_days),
                Value::from(t.use_within_days),
                Value::from(t.extensible),
                Value::from(t.fee),
                Value::from(t.min_passport_validity_months),
                Value::from(documents),
                Value::from(now),
            ],
        )
        .await?;
    }
    Ok(types.len())
}

/// The index in force (not retired), by code.
pub async fn list_current(c: &impl ConnectionTrait) -> Result<Vec<VisaType>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM visa_types WHERE retired_at IS NULL ORDER BY code",
        [],
        from_row,
    )
    .await
}

/// One index by code, retired or not.
pub async fn find(c: &impl ConnectionTrait, code: &str) -> Result<Option<(VisaType, bool)>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM visa_types WHERE code = $1",
        [Value::from(code)],
        |r| {
            let retired: Option<i64> = db::col(r, "retired_at")?;
            Ok((from_row(r)?, retired.is_some()))
        },
    )
    .await
}

/// Create or replace an index; `retired_at` set retires it (past
/// applications keep their code and fee).
pub async fn upsert(
    c: &impl ConnectionTrait,
    t: &VisaType,
    retired_at: Option<i64>,
    now: i64,
) -> Result<(), DbErr> {
    let documents = serde_json::to_string(&t.documents)
        .map_err(|e| DbErr::Custom(format!("visa type documents: {e}")))?;
    db::exec(
        c,
        "INSERT INTO visa_types (code, name_id, name_en, purpose, sponsor, entries, stay_days,
            use_within_days, extensible, fee, min_passport_validity_months, documents, retired_at,
            updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (code) DO UPDATE SET name_id = excluded.name_id, name_en = excluded.name_en,
            purpose = excluded.purpose, sponsor = excluded.sponsor, entries = excluded.entries,
            stay_days = excluded.stay_days, use_within_days = excluded.use_within_days,
            extensible = excluded.extensible, fee = excluded.fee,
            min_passport_validity_months = excluded.min_passport_validity_months,
            documents = excluded.documents, retired_at = excluded.retired_at,
            updated_at = excluded.updated_at",
        [
            Value::from(t.code.clone()),
            Value::from(t.name_id.clone()),
            Value::from(t.name_en.clone()),
            Value::from(t.purpose.clone()),
            Value::from(t.sponsor.as_str()),
            Value::from(t.entries.clone()),
            Value::from(t.stay_days),
            Value::from(t.use_within_days),
            Value::from(t.extensible),
            Value::from(t.fee),
            Value::from(t.min_passport_validity_months),
            Value::from(documents),
            Value::from(retired_at),
            Value::from(now),
        ],
    )
    .await?;
    Ok(())
}

//! Immigration offices: reference data seeded from a CSV compiled into the
//! binary (codes, names and IANA time zones are public facts; the quota
//! columns are demo figures).

use imigrasi_core::{OfficeCode, OfficeZone};
use sea_orm::{ConnectionTrait, DbErr, Value};
use serde::Serialize;

use crate::db;

/// The directorate office (Ditjen Imigrasi): processes applications that
/// belong to no regional office (e.g. a visa with no Indonesian sponsor).
pub const DIRECTORATE: &str = "DITJEN";

const OFFICES_CSV: &str = include_str!("../seed/offices.csv");

/// An immigration office.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Office {
    /// Office code, e.g. `JKT-PUSAT`.
    pub code: String,
    /// Full name.
    pub name: String,
    /// City.
    pub city: String,
    /// Province.
    pub province: String,
    /// IANA time zone (Asia/Jakarta, Asia/Pontianak, Asia/Makassar, Asia/Jayapura).
    pub time_zone: String,
    /// Demo daily quota per category.
    #[serde(skip)]
    pub daily_quota: [i32; 3],
}

impl Office {
    /// The office's time zone.
    pub fn zone(&self) -> Option<OfficeZone> {
        OfficeZone::parse(&self.time_zone).ok()
    }

    fn from_row(r: &sea_orm::QueryResult) -> Result<Office, DbErr> {
        Ok(Office {
            code: db::col(r, "code")?,
            name: db::col(r, "name")?,
            city: db::col(r, "city")?,
            province: db::col(r, "province")?,
            time_zone: db::col(r, "time_zone")?,
            daily_quota: [
                db::col(r, "daily_quota_regular")?,
                db::col(r, "daily_quota_accelerated")?,
                db::col(r, "daily_quota_priority")?,
            ],
        })
    }
}

/// Why the seed file is unusable (a build-time mistake caught by tests).
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// A line of the CSV is malformed.
    #[error("offices.csv line {line}: {reason}")]
    Line {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Parse the compiled-in office list.
pub fn reference_offices() -> Result<Vec<Office>, SeedError> {
    let mut out = Vec::new();
    for (i, line) in OFFICES_CSV.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: &str| SeedError::Line {
            line: i + 1,
            reason: reason.to_owned(),
        };
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        if f.len() != 8 {
            return Err(bad("expected 8 columns"));
        }
        let code = OfficeCode::parse(f[0]).map_err(|e| bad(&e.to_string()))?;
        OfficeZone::parse(f[4]).map_err(|e| bad(&e.to_string()))?;
        let q = |s: &str| s.parse::<i32>().map_err(|_| bad("quota is not a number"));
        out.push(Office {
            code: code.as_str().to_owned(),
            name: f[1].to_owned(),
            city: f[2].to_owned(),
            province: f[3].to_owned(),
            time_zone: f[4].to_owned(),
            daily_quota: [q(f[5])?, q(f[6])?, q(f[7])?],
        });
    }
    Ok(out)
}

/// Insert or refresh the reference offices (safe to run at every start).
pub async fn seed(c: &impl ConnectionTrait) -> Result<usize, SeedError> {
    let offices = reference_offices()?;
    for o in &offices {
        db::exec(
            c,
            "INSERT INTO offices (code, name, city, province, time_zone,
                daily_quota_regular, daily_quota_accelerated, daily_quota_priority, active)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, city = excluded.city,
                province = excluded.province, time_zone = excluded.time_zone",
            [
                Value::from(o.code.clone()),
                Value::from(o.name.clone()),
                Value::from(o.city.clone()),
                Value::from(o.province.clone()),
                Value::from(o.time_zone.clone()),
                Value::from(o.daily_quota[0]),
                Value::from(o.daily_quota[1]),
                Value::from(o.daily_quota[2]),
                Value::from(true),
            ],
        )
        .await?;
    }
    Ok(offices.len())
}

/// Every active office, by province then city then name.
pub async fn list(c: &impl ConnectionTrait) -> Result<Vec<Office>, DbErr> {
    db::all_as(
        c,
        "SELECT * FROM offices WHERE active = $1 ORDER BY province, city, name",
        [Value::from(true)],
        Office::from_row,
    )
    .await
}

/// An office's time zone (Jakarta when the office or its zone is unknown).
pub async fn zone_of(c: &impl ConnectionTrait, code: &str) -> Result<OfficeZone, DbErr> {
    Ok(find(c, code)
        .await?
        .and_then(|o| o.zone())
        .unwrap_or(OfficeZone::Jakarta))
}

/// One office by code.
pub async fn find(c: &impl ConnectionTrait, code: &str) -> Result<Option<Office>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM offices WHERE code = $1",
        [Value::from(code)],
        Office::from_row,
    )
    .await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reference_offices_parse_with_valid_zones() {
        let offices = reference_offices().unwrap();
        assert!(offices.len() >= 20);
        assert!(
            offices
                .iter()
                .any(|o| o.code == "BATAM" && o.daily_quota == [200, 35, 50])
        );
        assert!(offices.iter().all(|o| o.zone().is_some()));
    }
}

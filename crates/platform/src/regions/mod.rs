//! Regencies and cities (kabupaten/kota) with the immigration office that
//! supervises foreigners living there: a stay permit's address → regency →
//! office, and the office that receives foreigner reports.
//!
//! Reference data compiled in from `seed/regions.csv`: every regency and
//! city of the provinces that have an office in `offices.csv`, by their
//! Kemendagri code (`31.71` is Kota Administrasi Jakarta Pusat; the first two
//! digits are the province). The supervising office seeded is the office
//! of that regency when it is in the list, else the nearest listed office
//! of the same province: the real working areas (wilayah kerja) include
//! offices this sample lacks, so administrators correct them with
//! `PUT /api/v1/regions/{code}` (audited). Seeding at start refreshes names
//! and provinces but never overrides an administrator's choice of office.

pub mod api;

use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};
use serde::Serialize;

use crate::audit;
use crate::db::{self, Db};
use crate::policy::{self, Actor, Permission};

const REGIONS_CSV: &str = include_str!("../../seed/regions.csv");

/// A regency (kabupaten) or city (kota).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Regency {
    /// Kemendagri code, e.g. `31.71`.
    pub code: String,
    /// Name, e.g. `Kota Administrasi Jakarta Pusat`.
    pub name: String,
    /// Province code, e.g. `31`.
    #[serde(skip)]
    pub province_code: String,
    /// Province name, e.g. `DKI Jakarta`.
    pub province: String,
    /// Code of the supervising office, e.g. `JKT-PUSAT`.
    pub office: String,
}

impl Regency {
    fn from_row(r: &QueryResult) -> Result<Regency, DbErr> {
        Ok(Regency {
            code: db::col(r, "code")?,
            name: db::col(r, "name")?,
            province_code: db::col(r, "province_code")?,
            province: db::col(r, "province")?,
            office: db::col(r, "office_code")?,
        })
    }
}

/// Whether `s` has the shape of a regency code (`NN.NN`).
pub fn is_regency_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5
        && b[2] == b'.'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
}

/// Why the seed file is unusable (a build-time mistake caught by tests).
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// A line of the CSV is malformed.
    #[error("regions.csv line {line}: {reason}")]
    Line {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Parse the compiled-in list.
pub fn reference_regencies() -> Result<Vec<Regency>, SeedError> {
    let mut out: Vec<Regency> = Vec::new();
    for (i, line) in REGIONS_CSV.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason| SeedError::Line {
            line: i + 1,
            reason,
        };
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let [code, name, province_code, province, office] = f.as_slice() else {
            return Err(bad("expected 5 columns"));
        };
        if !is_regency_code(code) || !code.starts_with(province_code) || province_code.len() != 2 {
            return Err(bad("malformed code"));
        }
        if name.is_empty() || province.is_empty() || office.is_empty() {
            return Err(bad("empty column"));
        }
        if out.iter().any(|r| r.code == *code) {
            return Err(bad("code listed twice"));
        }
        out.push(Regency {
            code: (*code).to_owned(),
            name: (*name).to_owned(),
            province_code: (*province_code).to_owned(),
            province: (*province).to_owned(),
            office: (*office).to_owned(),
        });
    }
    Ok(out)
}

/// Insert new regencies and refresh names and provinces of known ones,
/// keeping the office an administrator chose (safe at every start; run
/// after `offices::seed`).
pub async fn seed(c: &impl ConnectionTrait) -> Result<usize, SeedError> {
    let regencies = reference_regencies()?;
    let now = db::millis(jiff::Timestamp::now());
    for r in &regencies {
        db::exec(
            c,
            "INSERT INTO regions (code, name, province_code, province, office_code, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name,
                province_code = excluded.province_code, province = excluded.province",
            [
                Value::from(r.code.clone()),
                Value::from(r.name.clone()),
                Value::from(r.province_code.clone()),
                Value::from(r.province.clone()),
                Value::from(r.office.clone()),
                Value::from(now),
            ],
        )
        .await?;
    }
    Ok(regencies.len())
}

/// Which regencies to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A province's code (`31`) or name (`DKI Jakarta`, any case).
    pub province: Option<String>,
    /// A supervising office's code.
    pub office: Option<String>,
}

/// Regencies by code, filtered.
pub async fn list(c: &impl ConnectionTrait, filter: &Filter) -> Result<Vec<Regency>, DbErr> {
    let province = filter
        .province
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let office = filter
        .office
        .as_deref()
        .map(|o| o.trim().to_uppercase())
        .filter(|o| !o.is_empty());
    db::all_as(
        c,
        "SELECT * FROM regions
         WHERE ($1 = '' OR province_code = $1 OR LOWER(province) = LOWER($1))
           AND ($2 = '' OR office_code = $2)
         ORDER BY code",
        [
            Value::from(province.unwrap_or("").to_owned()),
            Value::from(office.unwrap_or_default()),
        ],
        Regency::from_row,
    )
    .await
}

/// One regency by code.
pub async fn find(c: &impl ConnectionTrait, code: &str) -> Result<Option<Regency>, DbErr> {
    db::one_as(
        c,
        "SELECT * FROM regions WHERE code = $1",
        [Value::from(code)],
        Regency::from_row,
    )
    .await
}

/// The office supervising a regency.
pub async fn supervising_office(
    c: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<String>, DbErr> {
    Ok(find(c, code).await?.map(|r| r.office))
}

/// Why the supervising office was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// Only administrators change it.
    #[error("not allowed")]
    Forbidden,
    /// No regency of this code.
    #[error("no such regency")]
    UnknownRegency,
    /// No active office of this code.
    #[error("no such office")]
    UnknownOffice,
    /// Storage failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Give a regency another supervising office (administrators), audited as
/// `region.update` with the previous and the new office.
pub async fn set_office(
    db: &Db,
    actor: &Actor,
    request_id: &str,
    code: &str,
    office: &str,
) -> Result<Regency, UpdateError> {
    policy::authorize(actor, Permission::ManageRegions).map_err(|_| UpdateError::Forbidden)?;
    let office = office.trim().to_uppercase();
    let txn = db::begin_write(db).await?;
    let before = find(&txn, code).await?.ok_or(UpdateError::UnknownRegency)?;
    let active = db::one(
        &txn,
        "SELECT code FROM offices WHERE code = $1 AND active = $2",
        [Value::from(office.clone()), Value::from(true)],
    )
    .await?;
    if active.is_none() {
        return Err(UpdateError::UnknownOffice);
    }
    db::exec(
        &txn,
        "UPDATE regions SET office_code = $2, updated_at = $3 WHERE code = $1",
        [
            Value::from(code),
            Value::from(office.clone()),
            Value::from(db::millis(jiff::Timestamp::now())),
        ],
    )
    .await?;
    audit::append(
        &txn,
        audit::Entry {
            actor: Some(actor),
            action: "region.update",
            object_type: "region",
            object_id: code,
            office: Some(&office),
            request_id: Some(request_id),
            detail: serde_json::json!({ "from": before.office, "to": office }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(Regency { office, ..before })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reference_regencies_use_kemendagri_codes_and_known_offices() {
        let regencies = reference_regencies().unwrap();
        assert!(regencies.len() >= 290, "{}", regencies.len());
        let pusat = regencies.iter().find(|r| r.code == "31.71").unwrap();
        assert_eq!(pusat.name, "Kota Administrasi Jakarta Pusat");
        assert_eq!(pusat.office, "JKT-PUSAT");
        assert_eq!(pusat.province, "DKI Jakarta");
        let offices = crate::offices::reference_offices().unwrap();
        for r in &regencies {
            let office = offices.iter().find(|o| o.code == r.office);
            let office =
                office.unwrap_or_else(|| panic!("{} names unknown office {}", r.code, r.office));
            assert_eq!(
                office.province, r.province,
                "{} is supervised across a province",
                r.code
            );
        }
        // Every office supervises at least its own regency (the directorate
        // office, which processes applications with no regional sponsor,
        // supervises none).
        for o in offices
            .iter()
            .filter(|o| o.code != crate::offices::DIRECTORATE)
        {
            assert!(
                regencies.iter().any(|r| r.office == o.code),
                "{} supervises nothing",
                o.code
            );
        }
    }

    #[test]
    fn regency_codes_have_two_pairs_of_digits() {
        assert!(is_regency_code("31.71"));
        for bad in ["3171", "31.7", "31-71", "ab.cd", "31.71.01", ""] {
            assert!(!is_regency_code(bad), "{bad}");
        }
    }

    #[tokio::test]
    async fn seeding_keeps_an_administrators_choice() {
        let t = crate::test_support::TempDb::new().await;
        let n = seed(&t.db).await.unwrap();
        assert_eq!(n, reference_regencies().unwrap().len());
        db::exec(
            &t.db,
            "UPDATE regions SET office_code = 'BATAM' WHERE code = '21.01'",
            [],
        )
        .await
        .unwrap();
        seed(&t.db).await.unwrap();
        assert_eq!(
            supervising_office(&t.db, "21.01").await.unwrap().as_deref(),
            Some("BATAM")
        );
        let by_name = Filter {
            province: Some("dki jakarta".into()),
            office: None,
        };
        assert_eq!(list(&t.db, &by_name).await.unwrap().len(), 6);
        let by_code = Filter {
            province: Some("31".into()),
            office: Some("jkt-utara".into()),
        };
        let codes: Vec<String> = list(&t.db, &by_code)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.code)
            .collect();
        assert_eq!(codes, ["31.01", "31.72"]);
    }
}

//! Permissions to stay: what the services know of a passport's visas and
//! stay permits, for the services that supervise foreigners (APOA's
//! alerts). Each service that issues a permission to stay registers a
//! [`PermitsOfPassport`] (as it registers a settler for bills); the binary
//! holds them in [`KnownPermits`] (`AppState::permits`). No service depends
//! on another's crate.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use sea_orm::DbErr;

use crate::db::Db;

/// A passport as the services index it: its blind index
/// (`pii::blind_index(data_key, "passport", number)`) and nationality.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PassportKey {
    /// The passport number's blind index.
    pub index: String,
    /// ISO 3166 alpha-3.
    pub nationality: String,
}

/// A permission to stay a service knows for a passport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownPermit {
    /// The passport it was given to.
    pub passport: PassportKey,
    /// `e_visa` or `stay_permit`.
    pub source: &'static str,
    /// The visa index code (`C1`) or the permit kind (`ITAS`).
    pub kind: String,
    /// Its number.
    pub number: String,
    /// The last day it lets its holder stay (an e-Visa not used yet: the
    /// last day to enter; used: the entry day plus its days of stay, less
    /// one); `None` when it has no end (a GCI) or none is known yet (a
    /// permit whose extension is being decided).
    pub valid_until: Option<jiff::civil::Date>,
    /// The regency of the holder's registered address, when known.
    pub regency: Option<String>,
}

/// A future returned by a source.
pub type PermitsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Vec<KnownPermit>, DbErr>> + Send + 'a>>;

/// A service's permissions to stay (revoked, cancelled or replaced ones
/// left out).
pub trait PermitsOfPassport: Send + Sync {
    /// The permissions it knows for any of `passports`.
    fn permits<'a>(&'a self, db: &'a Db, passports: &'a [PassportKey]) -> PermitsFuture<'a>;
}

/// The most passports asked of a source at once.
pub const BATCH: usize = 200;

/// Every service's source. Cheap to clone.
#[derive(Clone, Default)]
pub struct KnownPermits(Arc<Vec<Arc<dyn PermitsOfPassport>>>);

impl std::fmt::Debug for KnownPermits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KnownPermits({})", self.0.len())
    }
}

impl KnownPermits {
    /// Build from the services' sources.
    pub fn new(list: Vec<Arc<dyn PermitsOfPassport>>) -> KnownPermits {
        KnownPermits(Arc::new(list))
    }

    /// What every source knows of `passports`, asked [`BATCH`] at a time.
    pub async fn of(&self, db: &Db, passports: &[PassportKey]) -> Result<Vec<KnownPermit>, DbErr> {
        let mut out = Vec::new();
        for chunk in passports.chunks(BATCH) {
            for source in self.0.iter() {
                out.extend(source.permits(db, chunk).await?);
            }
        }
        Ok(out)
    }
}

/// A `WHERE` condition matching any of `passports` on the two columns
/// (`(index_col = $1 AND nationality_col = $2) OR …`, numbered from `$1`)
/// and its values; `1 = 0` for none.
pub fn passport_filter(
    passports: &[PassportKey],
    index_col: &str,
    nationality_col: &str,
) -> (String, Vec<sea_orm::Value>) {
    let mut sql = Vec::with_capacity(passports.len());
    let mut values = Vec::with_capacity(passports.len() * 2);
    for (i, p) in passports.iter().enumerate() {
        sql.push(format!(
            "({index_col} = ${} AND {nationality_col} = ${})",
            i * 2 + 1,
            i * 2 + 2
        ));
        values.push(sea_orm::Value::from(p.index.clone()));
        values.push(sea_orm::Value::from(p.nationality.clone()));
    }
    if sql.is_empty() {
        return ("1 = 0".to_owned(), values);
    }
    (format!("({})", sql.join(" OR ")), values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_numbers_its_placeholders() {
        let p = |i: &str| PassportKey {
            index: i.into(),
            nationality: "AUS".into(),
        };
        let (sql, values) = passport_filter(&[p("a"), p("b")], "e.passport_index", "e.nationality");
        assert_eq!(
            sql,
            "((e.passport_index = $1 AND e.nationality = $2) OR (e.passport_index = $3 AND e.nationality = $4))"
        );
        assert_eq!(values.len(), 4);
        assert_eq!(passport_filter(&[], "a", "b").0, "1 = 0");
    }
}

//! The visa service's answer to "which permissions to stay does this
//! passport hold?" (`platform::permits`): its e-Visas, each until the last
//! day to enter while unused, and from the entry for the visa's days of
//! stay once used.

use imigrasi_platform::db::{self, Db};
use imigrasi_platform::permits::{KnownPermit, PassportKey, PermitsFuture, PermitsOfPassport};
use jiff::ToSpan;

use super::today;
use crate::store::known_permits::{self, EVisaStay};

/// The e-Visas as permissions to stay.
#[derive(Debug, Clone, Copy, Default)]
pub struct EVisaPermits;

/// The last day `e` lets its holder stay: the last day to enter while
/// unused; once used, the entry day (WIB) plus its days of stay, less one.
pub fn last_day(e: &EVisaStay) -> Option<jiff::civil::Date> {
    match e.entered_at {
        Some(at) => {
            let entered = today(db::from_millis(at));
            entered
                .checked_add((i64::from(e.stay_days.max(1)) - 1).days())
                .ok()
        }
        None => e.valid_until.parse().ok(),
    }
}

impl PermitsOfPassport for EVisaPermits {
    fn permits<'a>(&'a self, db: &'a Db, passports: &'a [PassportKey]) -> PermitsFuture<'a> {
        Box::pin(async move {
            let found = known_permits::of_passports(db, passports).await?;
            Ok(found
                .into_iter()
                .map(|e| KnownPermit {
                    valid_until: last_day(&e),
                    passport: e.passport,
                    source: "e_visa",
                    kind: e.visa_type,
                    number: e.number,
                    regency: None,
                })
                .collect())
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn evisa(entered_at: Option<i64>) -> EVisaStay {
        EVisaStay {
            passport: PassportKey {
                index: "i".into(),
                nationality: "AUS".into(),
            },
            number: "EV".into(),
            visa_type: "C1".into(),
            status: "issued".into(),
            valid_until: "2026-03-31".into(),
            entered_at,
            stay_days: 60,
        }
    }

    #[test]
    fn unused_until_the_last_day_to_enter_used_for_the_days_of_stay() {
        assert_eq!(last_day(&evisa(None)), Some(jiff::civil::date(2026, 3, 31)));
        // 2026-01-01 00:00 WIB.
        let at: jiff::Timestamp = "2025-12-31T17:00:00Z".parse().unwrap();
        assert_eq!(
            last_day(&evisa(Some(db::millis(at)))),
            Some(jiff::civil::date(2026, 3, 1))
        );
    }
}

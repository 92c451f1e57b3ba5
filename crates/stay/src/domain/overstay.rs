//! Overstay: days past the permit's end without a paid case in process,
//! the fine owed, and when deportation takes over.

use imigrasi_core::{OfficeZone, Rupiah};
use jiff::Timestamp;
use jiff::civil::Date;

/// The overstay tariff (data, not code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
pub struct OverstayFees {
    /// Fine for each day past the end.
    pub per_day: Rupiah,
    /// Days the fine counts; beyond them the holder is to be deported.
    pub max_days: i64,
}

impl Default for OverstayFees {
    /// Rp 1,000,000 a day, up to 60 days (Law 6/2011 art. 78).
    fn default() -> Self {
        OverstayFees {
            per_day: Rupiah::new(1_000_000).unwrap_or(Rupiah::ZERO),
            max_days: 60,
        }
    }
}

/// A holder's overstay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overstay {
    /// Days past the permit's last valid day (office-local dates).
    pub days: i64,
    /// The fine owed (days counted up to the cap).
    pub fine: Rupiah,
    /// Past the cap: the case is marked for deportation.
    pub deportation: bool,
}

/// The overstay at `now` of a permit ending `valid_until` (`None`: never
/// ends), or `None` when there is none. A paid case in process stops it.
pub fn overstay(
    valid_until: Option<Date>,
    paid_case_in_process: bool,
    fees: &OverstayFees,
    now: Timestamp,
    zone: OfficeZone,
) -> Option<Overstay> {
    let end = valid_until?;
    if paid_case_in_process {
        return None;
    }
    let today = zone.local_date(now);
    let days = i64::from((today - end).get_days());
    if days <= 0 {
        return None;
    }
    let counted = days.min(fees.max_days).max(0);
    let fine = fees
        .per_day
        .amount()
        .checked_mul(counted)
        .and_then(|a| Rupiah::new(a).ok())
        .unwrap_or(Rupiah::ZERO);
    Some(Overstay {
        days,
        fine,
        deportation: days > fees.max_days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;
    use proptest::prelude::*;

    fn at(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn grows_daily_then_caps() {
        let fees = OverstayFees::default();
        let end = Some(d(2026, 12, 31));
        let z = OfficeZone::Makassar;
        assert_eq!(
            overstay(end, false, &fees, at("2026-12-31T15:59:59Z"), z),
            None
        );
        let one = overstay(end, false, &fees, at("2026-12-31T16:00:00Z"), z).expect("one day");
        assert_eq!(
            (one.days, one.fine.amount(), one.deportation),
            (1, 1_000_000, false)
        );
        let two = overstay(end, false, &fees, at("2027-01-01T16:00:00Z"), z).expect("two");
        assert_eq!((two.days, two.fine.amount()), (2, 2_000_000));
        let sixty = overstay(end, false, &fees, at("2027-02-28T16:00:00Z"), z).expect("60");
        assert_eq!(
            (sixty.days, sixty.fine.amount(), sixty.deportation),
            (60, 60_000_000, false)
        );
        let past = overstay(end, false, &fees, at("2027-03-01T16:00:00Z"), z).expect("61");
        assert_eq!(
            (past.days, past.fine.amount(), past.deportation),
            (61, 60_000_000, true)
        );
    }

    #[test]
    fn wit_counts_the_day_earlier_than_wib() {
        let fees = OverstayFees::default();
        let end = Some(d(2026, 12, 31));
        let now = at("2026-12-31T15:30:00Z");
        assert!(overstay(end, false, &fees, now, OfficeZone::Jayapura).is_some());
        assert!(overstay(end, false, &fees, now, OfficeZone::Jakarta).is_none());
    }

    #[test]
    fn a_paid_case_or_no_end_means_none() {
        let fees = OverstayFees::default();
        let late = at("2027-02-01T00:00:00Z");
        assert_eq!(
            overstay(
                Some(d(2026, 12, 31)),
                true,
                &fees,
                late,
                OfficeZone::Jakarta
            ),
            None
        );
        assert_eq!(
            overstay(None, false, &fees, late, OfficeZone::Jakarta),
            None
        );
    }

    proptest! {
        /// The fine never falls as days pass and never passes the cap.
        #[test]
        fn monotone_and_capped(a in 0i64..400, b in 0i64..400) {
            let fees = OverstayFees::default();
            let end = Some(d(2026, 1, 1));
            let base = at("2026-01-01T12:00:00Z");
            let fine = |days: i64| {
                let now = base.checked_add(jiff::Span::new().hours(24 * days)).expect("in range");
                overstay(end, false, &fees, now, OfficeZone::Jakarta)
                    .map_or(0, |o| o.fine.amount())
            };
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(fine(lo) <= fine(hi));
            prop_assert!(fine(hi) <= 60_000_000);
        }
    }
}

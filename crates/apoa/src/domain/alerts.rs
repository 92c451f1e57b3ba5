//! The supervision alerts, as pure rules over what is known of a stay:
//! staying past the last known permission to stay, an expired passport, a
//! late report, an expected check-out long passed, the same passport at
//! many premises within a few days, and a stay-permit holder lodging
//! outside the regency of the registered address.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp, ToSpan};

/// The six kinds of alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertKind {
    /// Staying past the end of every visa and stay permit known.
    PermitExpired,
    /// The passport has expired.
    PassportExpired,
    /// The check-in was reported more than 24 hours late.
    LateReport,
    /// Still checked in, the expected check-out plus the grace passed.
    NoCheckOut,
    /// The same passport at N or more premises within M days.
    ManyPremises,
    /// A stay-permit holder lodging outside the registered regency.
    OutsideRegency,
}

impl AlertKind {
    /// Every kind.
    pub const ALL: [AlertKind; 6] = [
        AlertKind::PermitExpired,
        AlertKind::PassportExpired,
        AlertKind::LateReport,
        AlertKind::NoCheckOut,
        AlertKind::ManyPremises,
        AlertKind::OutsideRegency,
    ];

    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::PermitExpired => "permit_expired",
            AlertKind::PassportExpired => "passport_expired",
            AlertKind::LateReport => "late_report",
            AlertKind::NoCheckOut => "no_check_out",
            AlertKind::ManyPremises => "many_premises",
            AlertKind::OutsideRegency => "outside_regency",
        }
    }

    /// Parse a machine name.
    pub fn parse(s: &str) -> Option<AlertKind> {
        AlertKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// The alerts' settings (`IMIGRASI_APOA_*`, see docs/operations.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Days after the expected check-out before `no_check_out`.
    pub grace_days: i64,
    /// N of `many_premises`: distinct premises...
    pub many_premises: usize,
    /// ...within this many days (M).
    pub many_premises_days: i64,
    /// Days a checked-out stay's late report still shows.
    pub recent_days: i64,
    /// Days without a report after which a premise that reported before
    /// counts as having stopped (the dashboard).
    pub silent_days: i64,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            grace_days: 2,
            many_premises: 3,
            many_premises_days: 7,
            recent_days: 7,
            silent_days: 14,
        }
    }
}

/// Parse `N/M` (N premises within M days; N from 2, M from 1 to 366).
pub fn parse_many_premises(s: &str) -> Result<(usize, i64), String> {
    let (n, m) = s
        .trim()
        .split_once('/')
        .ok_or_else(|| "expected N/M, e.g. 3/7".to_owned())?;
    let n: usize = n.trim().parse().map_err(|_| "N is a number".to_owned())?;
    let m: i64 = m.trim().parse().map_err(|_| "M is a number".to_owned())?;
    if !(2..=100).contains(&n) || !(1..=366).contains(&m) {
        return Err("N is 2 to 100 and M 1 to 366".to_owned());
    }
    Ok((n, m))
}

/// A permission to stay as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    /// Its last day; `None`: no end known.
    pub valid_until: Option<Date>,
    /// The registered address's regency (stay permits).
    pub regency: Option<String>,
}

/// What an alert found, with what its reason names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// Past the latest end of the known permissions (`until`).
    PermitExpired {
        /// The last day of the latest one.
        until: Date,
    },
    /// The passport expired on `expiry`.
    PassportExpired {
        /// Its expiry.
        expiry: Date,
    },
    /// Reported late.
    LateReport,
    /// The expected check-out `expected` passed more than the grace ago.
    NoCheckOut {
        /// The expected check-out.
        expected: Date,
    },
    /// At `premises` premises within `days` days.
    ManyPremises {
        /// Distinct premises.
        premises: usize,
        /// The window.
        days: i64,
    },
    /// The registered regency is `registered`.
    OutsideRegency {
        /// Regency code of the registered address.
        registered: String,
    },
}

impl Finding {
    /// Its kind.
    pub fn kind(&self) -> AlertKind {
        match self {
            Finding::PermitExpired { .. } => AlertKind::PermitExpired,
            Finding::PassportExpired { .. } => AlertKind::PassportExpired,
            Finding::LateReport => AlertKind::LateReport,
            Finding::NoCheckOut { .. } => AlertKind::NoCheckOut,
            Finding::ManyPremises { .. } => AlertKind::ManyPremises,
            Finding::OutsideRegency { .. } => AlertKind::OutsideRegency,
        }
    }
}

/// (a) A guest still lodging after `today` passed the latest end of the
/// known permissions; nothing when none is known or one has no end.
pub fn permit_expired(today: Date, known: &[Permission]) -> Option<Finding> {
    let mut latest: Option<Date> = None;
    for p in known {
        let end = p.valid_until?;
        latest = Some(latest.map_or(end, |l| l.max(end)));
    }
    let until = latest?;
    (today > until).then_some(Finding::PermitExpired { until })
}

/// (b) A guest still lodging on a passport that expired before `today`.
pub fn passport_expired(today: Date, expiry: Date) -> Option<Finding> {
    (today > expiry).then_some(Finding::PassportExpired { expiry })
}

/// (c) A late report, shown while the guest lodges and for
/// `rules.recent_days` after the check-in.
pub fn late_report(
    late: bool,
    checked_in: bool,
    check_in: Timestamp,
    now: Timestamp,
    rules: &Rules,
) -> Option<Finding> {
    let recent = now.duration_since(check_in) <= SignedDuration::from_hours(24 * rules.recent_days);
    (late && (checked_in || recent)).then_some(Finding::LateReport)
}

/// (d) Still checked in more than `rules.grace_days` after the expected
/// check-out.
pub fn no_check_out(today: Date, expected: Date, rules: &Rules) -> Option<Finding> {
    let last = expected.checked_add(rules.grace_days.days()).ok()?;
    (today > last).then_some(Finding::NoCheckOut { expected })
}

/// (e) The most distinct premises of `visits` (premise, check-in) within
/// any window of `rules.many_premises_days` days, when at least
/// `rules.many_premises`.
pub fn many_premises<P: Ord + Clone>(visits: &[(P, Timestamp)], rules: &Rules) -> Option<Finding> {
    let mut sorted: Vec<&(P, Timestamp)> = visits.iter().collect();
    sorted.sort_by_key(|v| v.1);
    let window = SignedDuration::from_hours(24 * rules.many_premises_days);
    let mut most = 0;
    for (i, start) in sorted.iter().enumerate() {
        let mut seen: Vec<&P> = sorted[i..]
            .iter()
            .take_while(|v| v.1.duration_since(start.1) <= window)
            .map(|v| &v.0)
            .collect();
        seen.sort();
        seen.dedup();
        most = most.max(seen.len());
    }
    (most >= rules.many_premises).then_some(Finding::ManyPremises {
        premises: most,
        days: rules.many_premises_days,
    })
}

/// (f) A holder of a current stay permit (one with a registered regency,
/// not ended before `today`) lodging in `regency`, when no current permit
/// is registered there; names the regency of the latest-ending one.
pub fn outside_regency(today: Date, regency: &str, known: &[Permission]) -> Option<Finding> {
    let current: Vec<(&Permission, &String)> = known
        .iter()
        .filter(|p| p.valid_until.is_none_or(|u| u >= today))
        .filter_map(|p| p.regency.as_ref().map(|r| (p, r)))
        .collect();
    if current.is_empty() || current.iter().any(|(_, r)| r.as_str() == regency) {
        return None;
    }
    let (_, registered) = current
        .iter()
        .max_by_key(|(p, _)| p.valid_until.unwrap_or(Date::MAX))?;
    Some(Finding::OutsideRegency {
        registered: (*registered).clone(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn until(d: Option<Date>, regency: Option<&str>) -> Permission {
        Permission {
            valid_until: d,
            regency: regency.map(str::to_owned),
        }
    }

    fn at(day: i8, hour: i8) -> Timestamp {
        format!("2026-03-{day:02}T{hour:02}:00:00Z")
            .parse()
            .unwrap()
    }

    #[test]
    fn kinds_round_trip() {
        for k in AlertKind::ALL {
            assert_eq!(AlertKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(AlertKind::parse("other"), None);
    }

    #[test]
    fn a_permit_expires_after_the_latest_end() {
        let today = date(2026, 3, 10);
        let old = until(Some(date(2026, 3, 1)), None);
        let later = until(Some(date(2026, 3, 10)), Some("51.71"));
        assert_eq!(
            permit_expired(today, std::slice::from_ref(&old)),
            Some(Finding::PermitExpired {
                until: date(2026, 3, 1)
            })
        );
        // The last day itself is still allowed; a later permit covers.
        assert_eq!(permit_expired(today, &[old.clone(), later]), None);
        // Nothing known, or one without an end: no alert.
        assert_eq!(permit_expired(today, &[]), None);
        assert_eq!(permit_expired(today, &[old, until(None, None)]), None);
    }

    #[test]
    fn passports_expire_the_day_after() {
        let d = date(2026, 3, 10);
        assert_eq!(passport_expired(d, d), None);
        assert!(passport_expired(d, date(2026, 3, 9)).is_some());
    }

    #[test]
    fn late_reports_show_while_lodging_and_for_a_few_days() {
        let r = Rules::default();
        let now = at(20, 12);
        assert!(late_report(true, true, at(1, 0), now, &r).is_some());
        assert!(late_report(true, false, at(14, 12), now, &r).is_some());
        assert!(late_report(true, false, at(12, 0), now, &r).is_none());
        assert!(late_report(false, true, at(19, 0), now, &r).is_none());
    }

    #[test]
    fn no_check_out_after_the_grace() {
        let r = Rules::default();
        let expected = date(2026, 3, 10);
        assert!(no_check_out(date(2026, 3, 12), expected, &r).is_none());
        assert_eq!(
            no_check_out(date(2026, 3, 13), expected, &r),
            Some(Finding::NoCheckOut { expected })
        );
    }

    #[test]
    fn many_premises_within_the_window() {
        let r = Rules::default();
        let v = [("a", at(1, 0)), ("b", at(3, 0)), ("a", at(4, 0))];
        assert_eq!(many_premises(&v, &r), None);
        let v = [("a", at(1, 0)), ("b", at(3, 0)), ("c", at(8, 0))];
        assert_eq!(
            many_premises(&v, &r),
            Some(Finding::ManyPremises {
                premises: 3,
                days: 7
            })
        );
        // Spread over more than seven days: no.
        let v = [("a", at(1, 0)), ("b", at(3, 0)), ("c", at(8, 1))];
        assert_eq!(many_premises(&v, &r), None);
    }

    #[test]
    fn stay_permit_holders_lodge_in_their_regency() {
        let today = date(2026, 3, 10);
        let itas = until(Some(date(2026, 12, 31)), Some("51.71"));
        assert_eq!(
            outside_regency(today, "51.03", std::slice::from_ref(&itas)),
            Some(Finding::OutsideRegency {
                registered: "51.71".into()
            })
        );
        assert_eq!(outside_regency(today, "51.71", &[itas]), None);
        // An e-Visa (no regency) or an ended permit says nothing.
        let ended = until(Some(date(2026, 3, 1)), Some("51.71"));
        assert_eq!(outside_regency(today, "51.03", &[ended]), None);
        let evisa = until(Some(date(2026, 12, 31)), None);
        assert_eq!(outside_regency(today, "51.03", &[evisa]), None);
    }

    #[test]
    fn many_premises_setting() {
        assert_eq!(parse_many_premises("3/7"), Ok((3, 7)));
        assert_eq!(parse_many_premises(" 4 / 10 "), Ok((4, 10)));
        assert!(parse_many_premises("1/7").is_err());
        assert!(parse_many_premises("3").is_err());
        assert!(parse_many_premises("3/0").is_err());
    }
}

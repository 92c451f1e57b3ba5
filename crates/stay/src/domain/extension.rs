//! The extension decision: whether a permit may be extended now, by how
//! much, or why not.
//!
//! Permanent refusals come first (`NotExtensible`, `ExtensionLimit`), so a
//! permit that can never be extended again says so whatever the date; only
//! then is the window checked, in the supervising office's local date.

use imigrasi_core::OfficeZone;
use jiff::civil::Date;
use jiff::{Span, Timestamp};

use super::permit::{PermitKind, PermitStatus};

/// How one origin visa extends: in steps of `step_days`, at most
/// `max_extension_days` in all (data, not code).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct VisaExtension {
    /// Visa index code, e.g. `B1`.
    pub visa: String,
    /// Days one extension adds.
    pub step_days: i64,
    /// Days all extensions together may add.
    pub max_extension_days: i64,
}

/// The extension rules (data, configurable).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct ExtensionRules {
    /// Days before the end an ITK's window opens.
    pub itk_window_days: i64,
    /// Days before the end an ITAS's window opens.
    pub itas_window_days: i64,
    /// The visit visas an ITK may be extended under; others cannot.
    pub itk_visas: Vec<VisaExtension>,
    /// Days one ITAS extension adds.
    pub itas_step_days: i64,
}

impl Default for ExtensionRules {
    /// Today's rules: ITK window 14 days, ITAS 30; B1 once by 30 days;
    /// C1 in 60-day steps up to 180 days of stay (60 + 120); ITAS a year.
    fn default() -> Self {
        ExtensionRules {
            itk_window_days: 14,
            itas_window_days: 30,
            itk_visas: vec![
                VisaExtension {
                    visa: "B1".into(),
                    step_days: 30,
                    max_extension_days: 30,
                },
                VisaExtension {
                    visa: "C1".into(),
                    step_days: 60,
                    max_extension_days: 120,
                },
            ],
            itas_step_days: 365,
        }
    }
}

/// What the decision needs to know of a permit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermitFacts {
    /// Kind.
    pub kind: PermitKind,
    /// Status.
    pub status: PermitStatus,
    /// Last valid day (`None` for GCI).
    pub valid_until: Option<Date>,
    /// The visa index it came from, e.g. `C1`.
    pub origin_visa: Option<String>,
    /// Granted from a visa on arrival.
    pub from_visa_on_arrival: bool,
    /// Days already added by extensions.
    pub extension_days_used: i64,
}

/// An extension the permit may have now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extension {
    /// Days it adds.
    pub days: i64,
    /// The new last valid day.
    pub new_valid_until: Date,
}

/// Why a permit may not be extended now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExtensionRefusal {
    /// Too early: the window opens on `opens_on` (office-local date).
    #[error("the extension window opens on {opens_on}")]
    WindowNotOpen {
        /// First day an extension may be filed.
        opens_on: Date,
    },
    /// This permit can never be extended (its kind, its visa, a visa on
    /// arrival ITAS, or it is no longer active).
    #[error("this permit cannot be extended")]
    NotExtensible,
    /// Every extension the visa allows was used.
    #[error("the extension limit is reached")]
    ExtensionLimit,
    /// The permit ended on `ended_on`; an extension must be filed before.
    #[error("the permit ended on {ended_on}")]
    PermitEnded {
        /// Its last valid day.
        ended_on: Date,
    },
}

/// Decide whether `permit` may be extended at `now`, in the supervising
/// office's `zone`.
pub fn decide(
    permit: &PermitFacts,
    rules: &ExtensionRules,
    now: Timestamp,
    zone: OfficeZone,
) -> Result<Extension, ExtensionRefusal> {
    use ExtensionRefusal::*;
    if permit.status != PermitStatus::Active {
        return Err(NotExtensible);
    }
    let end = permit.valid_until.ok_or(NotExtensible)?;
    let (window, step) = match permit.kind {
        PermitKind::Itap | PermitKind::Gci => return Err(NotExtensible),
        PermitKind::Itas if permit.from_visa_on_arrival => return Err(NotExtensible),
        PermitKind::Itas => (rules.itas_window_days, rules.itas_step_days),
        PermitKind::Itk => {
            let visa = permit.origin_visa.as_deref().unwrap_or_default();
            let rule = rules
                .itk_visas
                .iter()
                .find(|r| r.visa.eq_ignore_ascii_case(visa.trim()))
                .ok_or(NotExtensible)?;
            let left = rule.max_extension_days - permit.extension_days_used;
            if left <= 0 {
                return Err(ExtensionLimit);
            }
            (rules.itk_window_days, rule.step_days.min(left))
        }
    };
    let today = zone.local_date(now);
    if today > end {
        return Err(PermitEnded { ended_on: end });
    }
    let opens_on = add_days(end, -window).ok_or(NotExtensible)?;
    if today < opens_on {
        return Err(WindowNotOpen { opens_on });
    }
    let new_valid_until = add_days(end, step).ok_or(NotExtensible)?;
    Ok(Extension {
        days: step,
        new_valid_until,
    })
}

/// `date` plus `days` (negative goes back), `None` out of range.
pub fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(Span::new().try_days(days).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;
    use proptest::prelude::*;

    fn itk(visa: &str, used: i64, until: Date) -> PermitFacts {
        PermitFacts {
            kind: PermitKind::Itk,
            status: PermitStatus::Active,
            valid_until: Some(until),
            origin_visa: Some(visa.into()),
            from_visa_on_arrival: false,
            extension_days_used: used,
        }
    }

    fn itas(until: Date, voa: bool) -> PermitFacts {
        PermitFacts {
            kind: PermitKind::Itas,
            status: PermitStatus::Active,
            valid_until: Some(until),
            origin_visa: Some("E23".into()),
            from_visa_on_arrival: voa,
            extension_days_used: 0,
        }
    }

    fn at(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    #[test]
    fn itas_window_edges_in_wita() {
        // Ends 31 December; 30 days before is 1 December, which starts in
        // Makassar (UTC+8) at 30 November 16:00 UTC.
        let p = itas(d(2026, 12, 31), false);
        let r = ExtensionRules::default();
        let z = OfficeZone::Makassar;
        assert_eq!(
            decide(&p, &r, at("2026-11-30T15:59:59Z"), z),
            Err(ExtensionRefusal::WindowNotOpen {
                opens_on: d(2026, 12, 1)
            })
        );
        let ok = decide(&p, &r, at("2026-11-30T16:00:00Z"), z).expect("open");
        assert_eq!(ok.new_valid_until, d(2027, 12, 31));
        // The last day is still in the window; the next one is not.
        assert!(decide(&p, &r, at("2026-12-31T15:59:59Z"), z).is_ok());
        assert_eq!(
            decide(&p, &r, at("2026-12-31T16:00:00Z"), z),
            Err(ExtensionRefusal::PermitEnded {
                ended_on: d(2026, 12, 31)
            })
        );
    }

    #[test]
    fn itk_window_edges_in_wit() {
        // C1 ITK ending 20 March: 14 days before is 6 March, which starts in
        // Jayapura (UTC+9) at 5 March 15:00 UTC.
        let p = itk("C1", 0, d(2027, 3, 20));
        let r = ExtensionRules::default();
        let z = OfficeZone::Jayapura;
        assert_eq!(
            decide(&p, &r, at("2027-03-05T14:59:59Z"), z),
            Err(ExtensionRefusal::WindowNotOpen {
                opens_on: d(2027, 3, 6)
            })
        );
        let ok = decide(&p, &r, at("2027-03-05T15:00:00Z"), z).expect("open");
        assert_eq!(ok.days, 60);
        assert_eq!(ok.new_valid_until, d(2027, 5, 19));
        // The same instant is still 5 March in Jakarta: closed there.
        assert!(decide(&p, &r, at("2027-03-05T15:00:00Z"), OfficeZone::Jakarta).is_err());
    }

    #[test]
    fn b1_extends_once_by_thirty_days() {
        let r = ExtensionRules::default();
        let now = at("2026-12-25T00:00:00Z");
        let first = decide(&itk("B1", 0, d(2026, 12, 31)), &r, now, OfficeZone::Jakarta);
        assert_eq!(first.map(|e| e.days), Ok(30));
        // The second is refused whatever the date, even far from the window.
        for when in ["2026-12-25T00:00:00Z", "2026-06-01T00:00:00Z"] {
            let second = decide(
                &itk("B1", 30, d(2026, 12, 31)),
                &r,
                at(when),
                OfficeZone::Jakarta,
            );
            assert_eq!(second, Err(ExtensionRefusal::ExtensionLimit));
        }
    }

    #[test]
    fn c1_stops_at_180_days() {
        let r = ExtensionRules::default();
        let now = at("2026-12-25T00:00:00Z");
        let z = OfficeZone::Makassar;
        assert_eq!(
            decide(&itk("C1", 60, d(2026, 12, 31)), &r, now, z).map(|e| e.days),
            Ok(60)
        );
        assert_eq!(
            decide(&itk("C1", 120, d(2026, 12, 31)), &r, now, z),
            Err(ExtensionRefusal::ExtensionLimit)
        );
        // Early, but never extensible again: the limit, not the window.
        assert_eq!(
            decide(
                &itk("C1", 120, d(2026, 12, 31)),
                &r,
                at("2026-01-01T00:00:00Z"),
                z
            ),
            Err(ExtensionRefusal::ExtensionLimit)
        );
    }

    #[test]
    fn never_extensible_permits() {
        let r = ExtensionRules::default();
        let early = at("2026-01-01T00:00:00Z");
        let z = OfficeZone::Jakarta;
        let voa = itas(d(2026, 12, 31), true);
        assert_eq!(
            decide(&voa, &r, early, z),
            Err(ExtensionRefusal::NotExtensible)
        );
        let a1 = itk("A1", 0, d(2026, 12, 31));
        assert_eq!(
            decide(&a1, &r, early, z),
            Err(ExtensionRefusal::NotExtensible)
        );
        let mut gci = itas(d(2026, 12, 31), false);
        gci.kind = PermitKind::Gci;
        gci.valid_until = None;
        assert_eq!(
            decide(&gci, &r, early, z),
            Err(ExtensionRefusal::NotExtensible)
        );
        let mut cancelled = itas(d(2026, 12, 31), false);
        cancelled.status = PermitStatus::Cancelled;
        assert_eq!(
            decide(&cancelled, &r, at("2026-12-20T00:00:00Z"), z),
            Err(ExtensionRefusal::NotExtensible)
        );
    }

    fn zone(i: usize) -> OfficeZone {
        [
            OfficeZone::Jakarta,
            OfficeZone::Pontianak,
            OfficeZone::Makassar,
            OfficeZone::Jayapura,
        ][i]
    }

    proptest! {
        /// Permanent and non-ITK permits that can never extend say so at
        /// every instant, never `WindowNotOpen`.
        #[test]
        fn never_extensible_whatever_the_date(
            secs in 1_600_000_000i64..2_000_000_000,
            which in 0usize..4,
            z in 0usize..4,
        ) {
            let r = ExtensionRules::default();
            let mut p = itas(d(2027, 6, 30), which == 0);
            match which {
                1 => p.kind = PermitKind::Itap,
                2 => { p.kind = PermitKind::Gci; p.valid_until = None; }
                3 => p.status = PermitStatus::Converted,
                _ => {}
            }
            let now = Timestamp::from_second(secs).expect("in range");
            prop_assert_eq!(decide(&p, &r, now, zone(z)), Err(ExtensionRefusal::NotExtensible));
        }

        /// A permit that is refused for good is refused at every instant;
        /// a window refusal never names a day after the end.
        #[test]
        fn permanent_refusals_ignore_the_date(
            secs in 1_700_000_000i64..1_900_000_000,
            used in 0i64..200,
            visa in 0usize..3,
            z in 0usize..4,
        ) {
            let r = ExtensionRules::default();
            let p = itk(["A1", "B1", "C1"][visa], used, d(2027, 6, 30));
            let now = Timestamp::from_second(secs).expect("in range");
            match decide(&p, &r, now, zone(z)) {
                Err(ExtensionRefusal::NotExtensible) => prop_assert_eq!(visa, 0),
                Err(ExtensionRefusal::ExtensionLimit) => {
                    let max = if visa == 1 { 30 } else { 120 };
                    prop_assert!(used >= max);
                }
                Err(ExtensionRefusal::WindowNotOpen { opens_on }) => {
                    prop_assert!(opens_on <= d(2027, 6, 30));
                    prop_assert!(zone(z).local_date(now) < opens_on);
                }
                Err(ExtensionRefusal::PermitEnded { .. }) => {
                    prop_assert!(zone(z).local_date(now) > d(2027, 6, 30));
                }
                Ok(e) => {
                    prop_assert!(e.days > 0 && used + e.days <= 120);
                    prop_assert!(e.new_valid_until > d(2027, 6, 30));
                }
            }
        }
    }
}

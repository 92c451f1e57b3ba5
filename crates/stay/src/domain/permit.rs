//! Permit kinds and statuses, with the status machine's edges.

use jiff::civil::Date;

/// The kind of a stay permit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PermitKind {
    /// Visit stay permit (Izin Tinggal Kunjungan).
    #[serde(rename = "ITK")]
    Itk,
    /// Limited stay permit (Izin Tinggal Terbatas).
    #[serde(rename = "ITAS")]
    Itas,
    /// Permanent stay permit (Izin Tinggal Tetap).
    #[serde(rename = "ITAP")]
    Itap,
    /// Global Citizen of Indonesia: permanent, with no end date.
    #[serde(rename = "GCI")]
    Gci,
}

impl PermitKind {
    /// Every kind.
    pub const ALL: [PermitKind; 4] = [
        PermitKind::Itk,
        PermitKind::Itas,
        PermitKind::Itap,
        PermitKind::Gci,
    ];

    /// The machine name (`ITK`, `ITAS`, `ITAP`, `GCI`).
    pub fn as_str(self) -> &'static str {
        match self {
            PermitKind::Itk => "ITK",
            PermitKind::Itas => "ITAS",
            PermitKind::Itap => "ITAP",
            PermitKind::Gci => "GCI",
        }
    }

    /// Parse a machine name, case-insensitively.
    pub fn parse(s: &str) -> Option<PermitKind> {
        let s = s.trim();
        PermitKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }

    /// Whether permits of this kind have an end date (all but GCI).
    pub fn has_end_date(self) -> bool {
        self != PermitKind::Gci
    }
}

/// Where a permit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermitStatus {
    /// Valid.
    Active,
    /// An application about it was filed and paid and is being decided.
    InProcess,
    /// Its end date passed.
    Expired,
    /// Ended by a decision or an exit permit.
    Cancelled,
    /// Replaced by another kind (change of status).
    Converted,
}

/// The allowed status changes, `from → to`; anything else is refused.
pub const TRANSITIONS: &[(PermitStatus, PermitStatus)] = {
    use PermitStatus::*;
    &[
        (Active, InProcess),
        (Active, Expired),
        (Active, Cancelled),
        (Active, Converted),
        (InProcess, Active),
        (InProcess, Expired),
        (InProcess, Cancelled),
        (InProcess, Converted),
        (Expired, Cancelled),
    ]
};

impl PermitStatus {
    /// Every status.
    pub const ALL: [PermitStatus; 5] = [
        PermitStatus::Active,
        PermitStatus::InProcess,
        PermitStatus::Expired,
        PermitStatus::Cancelled,
        PermitStatus::Converted,
    ];

    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            PermitStatus::Active => "active",
            PermitStatus::InProcess => "in_process",
            PermitStatus::Expired => "expired",
            PermitStatus::Cancelled => "cancelled",
            PermitStatus::Converted => "converted",
        }
    }

    /// Parse a machine name.
    pub fn parse(s: &str) -> Option<PermitStatus> {
        PermitStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether `self → to` is an edge of the machine.
    pub fn can_become(self, to: PermitStatus) -> bool {
        TRANSITIONS.contains(&(self, to))
    }

    /// Whether no change leaves this status.
    pub fn is_final(self) -> bool {
        !TRANSITIONS.iter().any(|(from, _)| *from == self)
    }
}

/// The last day a re-entry permit may be valid: the requested day, but
/// never beyond the permit's own end (a GCI has none).
pub fn reentry_valid_until(requested: Date, permit_until: Option<Date>) -> Date {
    match permit_until {
        Some(end) if end < requested => end,
        _ => requested,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;
    use proptest::prelude::*;

    #[test]
    fn kinds_round_trip_and_only_gci_is_endless() {
        for k in PermitKind::ALL {
            assert_eq!(PermitKind::parse(k.as_str()), Some(k));
            assert_eq!(PermitKind::parse(&k.as_str().to_lowercase()), Some(k));
            assert_eq!(k.has_end_date(), k != PermitKind::Gci);
        }
        assert_eq!(PermitKind::parse("KITAS"), None);
    }

    #[test]
    fn statuses_round_trip() {
        for s in PermitStatus::ALL {
            assert_eq!(PermitStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn cancelled_and_converted_are_final() {
        assert!(PermitStatus::Cancelled.is_final());
        assert!(PermitStatus::Converted.is_final());
        assert!(!PermitStatus::Active.is_final());
        assert!(!PermitStatus::Expired.can_become(PermitStatus::Active));
        assert!(PermitStatus::InProcess.can_become(PermitStatus::Active));
    }

    #[test]
    fn reentry_stops_at_the_permit() {
        let end = d(2027, 3, 31);
        assert_eq!(reentry_valid_until(d(2027, 6, 1), Some(end)), end);
        assert_eq!(reentry_valid_until(d(2027, 1, 1), Some(end)), d(2027, 1, 1));
        assert_eq!(reentry_valid_until(d(2030, 1, 1), None), d(2030, 1, 1));
    }

    proptest! {
        /// No status goes back to itself, and nothing leaves a final one.
        #[test]
        fn edges_are_sane(a in 0usize..5, b in 0usize..5) {
            let (from, to) = (PermitStatus::ALL[a], PermitStatus::ALL[b]);
            if from.can_become(to) {
                prop_assert_ne!(from, to);
                prop_assert!(!from.is_final());
            }
        }

        /// A re-entry permit never outlives its permit.
        #[test]
        fn reentry_never_beyond(req in 0i64..5000, end in 0i64..5000) {
            let base = d(2026, 1, 1);
            let requested = base.checked_add(jiff::Span::new().days(req)).expect("in range");
            let until = base.checked_add(jiff::Span::new().days(end)).expect("in range");
            let got = reentry_valid_until(requested, Some(until));
            prop_assert!(got <= until && got <= requested);
        }
    }
}

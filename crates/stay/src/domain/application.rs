//! Applications about a permit: their kinds, which status changes are
//! allowed, the documents each asks for, and the fee table (data).

use imigrasi_core::Rupiah;

use super::permit::PermitKind;

/// What an application asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationKind {
    /// More days on the same permit (perpanjangan).
    Extension,
    /// Another kind of permit (alih status): ITK → ITAS, ITAS → ITAP.
    StatusChange,
    /// Another sponsor (alih sponsor); the new one accepts first.
    SponsorChange,
    /// Exit permit only (EPO): the permit ends at departure.
    ExitPermit,
    /// Exit re-entry permit (ERP), never valid beyond the permit.
    ReentryPermit,
}

impl ApplicationKind {
    /// Every kind.
    pub const ALL: [ApplicationKind; 5] = [
        ApplicationKind::Extension,
        ApplicationKind::StatusChange,
        ApplicationKind::SponsorChange,
        ApplicationKind::ExitPermit,
        ApplicationKind::ReentryPermit,
    ];

    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationKind::Extension => "extension",
            ApplicationKind::StatusChange => "status_change",
            ApplicationKind::SponsorChange => "sponsor_change",
            ApplicationKind::ExitPermit => "exit_permit",
            ApplicationKind::ReentryPermit => "reentry_permit",
        }
    }

    /// Parse a machine name.
    pub fn parse(s: &str) -> Option<ApplicationKind> {
        ApplicationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether, once filed and paid before the permit's end, the holder is
    /// `in_process` (not overstaying) until it is decided.
    pub fn holds_the_stay(self) -> bool {
        matches!(
            self,
            ApplicationKind::Extension | ApplicationKind::StatusChange
        )
    }

    /// The documents it asks for, for a permit of `permit`.
    pub fn documents(self, permit: PermitKind) -> &'static [&'static str] {
        use ApplicationKind::*;
        match (self, permit) {
            (Extension, PermitKind::Itk) => &["passport_bio_page", "onward_ticket"],
            (Extension, _) => &[
                "passport_bio_page",
                "stay_sponsor_letter",
                "residence_letter",
            ],
            (StatusChange, _) => &["passport_bio_page", "photo", "stay_sponsor_letter"],
            (SponsorChange, _) => &["passport_bio_page", "release_letter", "stay_sponsor_letter"],
            (ExitPermit, _) => &["passport_bio_page", "onward_ticket"],
            (ReentryPermit, _) => &["passport_bio_page"],
        }
    }
}

/// The kinds of document stay applications add to the platform's common
/// ones (`passport_bio_page`, `photo`).
pub const DOCUMENT_KINDS: [&str; 4] = [
    "stay_sponsor_letter",
    "residence_letter",
    "release_letter",
    "onward_ticket",
];

/// Whether a permit of kind `from` may change to `to`.
pub fn status_change_allowed(from: PermitKind, to: PermitKind) -> bool {
    matches!(
        (from, to),
        (PermitKind::Itk, PermitKind::Itas) | (PermitKind::Itas, PermitKind::Itap)
    )
}

/// Whether a permit of this kind may have an exit re-entry permit (the
/// visit permit ends when its holder leaves).
pub fn reentry_allowed(permit: PermitKind) -> bool {
    permit != PermitKind::Itk
}

/// One step of the ITK extension tariff: up to `up_to_days`, `fee`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
pub struct DaysFee {
    /// Longest extension this fee covers, in days.
    pub up_to_days: i64,
    /// The fee.
    pub fee: Rupiah,
}

/// The fee table (data, configurable). Figures marked unverified in
/// `docs/stay.md` stand until the tariff regulation is checked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct FeeTable {
    /// ITK extensions by length.
    pub itk_extension: Vec<DaysFee>,
    /// One ITAS extension.
    pub itas_extension: Rupiah,
    /// Change of status to an ITAS.
    pub status_change_itas: Rupiah,
    /// Change of status to an ITAP.
    pub status_change_itap: Rupiah,
    /// Change of sponsor.
    pub sponsor_change: Rupiah,
    /// Exit permit only.
    pub exit_permit: Rupiah,
    /// Exit re-entry permit.
    pub reentry_permit: Rupiah,
    /// Days a new permit from a change of status is valid, by kind:
    /// ITAS, then ITAP.
    pub new_itas_days: i64,
    /// Days of a new ITAP.
    pub new_itap_days: i64,
}

fn rp(n: i64) -> Rupiah {
    Rupiah::new(n).unwrap_or(Rupiah::ZERO)
}

impl Default for FeeTable {
    /// ITK: Rp 500,000 up to 30 days, Rp 1,000,000 up to 60 (DOMAIN.md);
    /// the rest unverified.
    fn default() -> Self {
        FeeTable {
            itk_extension: vec![
                DaysFee {
                    up_to_days: 30,
                    fee: rp(500_000),
                },
                DaysFee {
                    up_to_days: 60,
                    fee: rp(1_000_000),
                },
            ],
            itas_extension: rp(1_500_000),
            status_change_itas: rp(1_500_000),
            status_change_itap: rp(4_000_000),
            sponsor_change: rp(500_000),
            exit_permit: rp(300_000),
            reentry_permit: rp(750_000),
            new_itas_days: 365,
            new_itap_days: 5 * 365,
        }
    }
}

/// Why the table has no fee for an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the fee table has no row for this application")]
pub struct NoFee;

impl FeeTable {
    /// The fee of an application of `kind` about a permit of `permit`;
    /// `days` is an extension's length, `to` a status change's new kind.
    pub fn fee(
        &self,
        kind: ApplicationKind,
        permit: PermitKind,
        days: i64,
        to: Option<PermitKind>,
    ) -> Result<Rupiah, NoFee> {
        use ApplicationKind::*;
        match kind {
            Extension if permit == PermitKind::Itk => {
                let mut steps = self.itk_extension.clone();
                steps.sort_by_key(|s| s.up_to_days);
                steps
                    .iter()
                    .find(|s| days <= s.up_to_days)
                    .map(|s| s.fee)
                    .ok_or(NoFee)
            }
            Extension => Ok(self.itas_extension),
            StatusChange => match to {
                Some(PermitKind::Itas) => Ok(self.status_change_itas),
                Some(PermitKind::Itap) => Ok(self.status_change_itap),
                _ => Err(NoFee),
            },
            SponsorChange => Ok(self.sponsor_change),
            ExitPermit => Ok(self.exit_permit),
            ReentryPermit => Ok(self.reentry_permit),
        }
    }

    /// Days a permit opened by a change of status to `to` is valid.
    pub fn new_permit_days(&self, to: PermitKind) -> Option<i64> {
        match to {
            PermitKind::Itas => Some(self.new_itas_days),
            PermitKind::Itap => Some(self.new_itap_days),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn kinds_round_trip() {
        for k in ApplicationKind::ALL {
            assert_eq!(ApplicationKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(ApplicationKind::parse("renewal"), None);
    }

    #[test]
    fn itk_tariff_by_length() {
        let t = FeeTable::default();
        let f = |days| t.fee(ApplicationKind::Extension, PermitKind::Itk, days, None);
        assert_eq!(f(30), Ok(rp(500_000)));
        assert_eq!(f(31), Ok(rp(1_000_000)));
        assert_eq!(f(60), Ok(rp(1_000_000)));
        assert_eq!(f(61), Err(NoFee));
    }

    #[test]
    fn status_changes_go_up_only() {
        use PermitKind::*;
        assert!(status_change_allowed(Itk, Itas));
        assert!(status_change_allowed(Itas, Itap));
        for (a, b) in [
            (Itk, Itap),
            (Itas, Itk),
            (Itap, Itas),
            (Gci, Itap),
            (Itas, Itas),
        ] {
            assert!(!status_change_allowed(a, b), "{a:?} -> {b:?}");
        }
        let t = FeeTable::default();
        assert_eq!(
            t.fee(ApplicationKind::StatusChange, Itk, 0, None),
            Err(NoFee)
        );
        assert_eq!(t.new_permit_days(Itk), None);
    }

    #[test]
    fn every_document_asked_for_is_a_known_kind() {
        for k in ApplicationKind::ALL {
            for p in PermitKind::ALL {
                for d in k.documents(p) {
                    assert!(
                        DOCUMENT_KINDS.contains(d) || ["passport_bio_page", "photo"].contains(d),
                        "{d}"
                    );
                }
            }
        }
    }

    proptest! {
        /// Every ITK extension the rules allow (up to 60 days) has a fee,
        /// and a longer one never costs less.
        #[test]
        fn itk_fee_grows(a in 1i64..=60, b in 1i64..=60) {
            let t = FeeTable::default();
            let f = |d| t.fee(ApplicationKind::Extension, PermitKind::Itk, d, None);
            let (fa, fb) = (f(a).expect("fee"), f(b).expect("fee"));
            if a <= b {
                prop_assert!(fa.amount() <= fb.amount());
            }
        }
    }
}

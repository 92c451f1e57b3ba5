//! The documents a passport applicant uploads (originals are shown at the
//! office): which ones a booking needs, by its service and whether the
//! applicant is a child.
//!
//! An adult brings the e-KTP, the family card (KK) and one civil record
//! (birth certificate, marriage book or diploma); a child (under 17 and not
//! married, the line of the 10-year rule) has no e-KTP and brings the KK,
//! the birth certificate, both parents' e-KTP and passports, the parents'
//! marriage book and their statement. On top of that each service asks for
//! what proves it: the old passport (renewal, data change), the police
//! report (lost), the damaged book (damaged), the evidence of the change
//! (data change).

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::category::{ServiceKind, UnknownValue};
use super::product::{TEN_YEAR_MIN_AGE, age_on};

/// A kind of document a passport booking may ask for. The names are
/// stable: they are the platform's document kinds (`kind` of an upload).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// The applicant's electronic identity card (adults).
    Ektp,
    /// The family card (Kartu Keluarga).
    FamilyCard,
    /// An adult's birth certificate, marriage book or diploma (one of them).
    BirthMarriageOrDiploma,
    /// A child's birth certificate.
    BirthCertificate,
    /// The father's e-KTP (children).
    FatherEktp,
    /// The mother's e-KTP (children).
    MotherEktp,
    /// The father's passport (children).
    FatherPassport,
    /// The mother's passport (children).
    MotherPassport,
    /// The parents' marriage book, or divorce deed and custody order (children).
    ParentsMarriageBook,
    /// The parents' signed statement (children).
    ParentsStatement,
    /// The passport being replaced (renewal, data change).
    OldPassport,
    /// The police report of the loss (lost).
    PoliceReport,
    /// The damaged passport book (damaged).
    DamagedPassport,
    /// The evidence of the changed data (a name-change decree, a new civil record).
    DataChangeEvidence,
}

impl DocKind {
    /// Every kind, in checklist order.
    pub const ALL: [DocKind; 14] = [
        DocKind::Ektp,
        DocKind::FamilyCard,
        DocKind::BirthMarriageOrDiploma,
        DocKind::BirthCertificate,
        DocKind::FatherEktp,
        DocKind::MotherEktp,
        DocKind::FatherPassport,
        DocKind::MotherPassport,
        DocKind::ParentsMarriageBook,
        DocKind::ParentsStatement,
        DocKind::OldPassport,
        DocKind::PoliceReport,
        DocKind::DamagedPassport,
        DocKind::DataChangeEvidence,
    ];

    /// The stable snake_case name (the platform's document kind).
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Ektp => "ektp",
            DocKind::FamilyCard => "family_card",
            DocKind::BirthMarriageOrDiploma => "birth_marriage_or_diploma",
            DocKind::BirthCertificate => "birth_certificate",
            DocKind::FatherEktp => "father_ektp",
            DocKind::MotherEktp => "mother_ektp",
            DocKind::FatherPassport => "father_passport",
            DocKind::MotherPassport => "mother_passport",
            DocKind::ParentsMarriageBook => "parents_marriage_book",
            DocKind::ParentsStatement => "parents_statement",
            DocKind::OldPassport => "old_passport",
            DocKind::PoliceReport => "police_report",
            DocKind::DamagedPassport => "damaged_passport",
            DocKind::DataChangeEvidence => "data_change_evidence",
        }
    }
}

impl FromStr for DocKind {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownValue {
                kind: "document kind",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the applicant counts as a child for the documents: under 17 on
/// `today` (the office zone's) and not married, the line of the 10-year
/// rule.
pub fn is_child(birth: Date, married: bool, today: Date) -> bool {
    !married && age_on(birth, today) < TEN_YEAR_MIN_AGE
}

/// The documents a booking of `service` needs, in checklist order.
pub fn required(service: ServiceKind, is_child: bool) -> Vec<DocKind> {
    use DocKind as K;
    let mut out = if is_child {
        vec![
            K::FamilyCard,
            K::BirthCertificate,
            K::FatherEktp,
            K::MotherEktp,
            K::FatherPassport,
            K::MotherPassport,
            K::ParentsMarriageBook,
            K::ParentsStatement,
        ]
    } else {
        vec![K::Ektp, K::FamilyCard, K::BirthMarriageOrDiploma]
    };
    match service {
        ServiceKind::New => {}
        ServiceKind::Renewal => out.push(K::OldPassport),
        ServiceKind::ReplacementLost => out.push(K::PoliceReport),
        ServiceKind::ReplacementDamaged => out.push(K::DamagedPassport),
        ServiceKind::DataChange => out.extend([K::OldPassport, K::DataChangeEvidence]),
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn names_round_trip_and_are_unique() {
        for k in DocKind::ALL {
            assert_eq!(k.as_str().parse::<DocKind>().unwrap(), k);
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{k}\""));
            assert_eq!(DocKind::ALL.iter().filter(|o| **o == k).count(), 1);
        }
        assert!("passport".parse::<DocKind>().is_err());
        assert!("EKTP".parse::<DocKind>().is_err());
    }

    #[test]
    fn an_adult_brings_ektp_family_card_and_a_civil_record() {
        let base = [
            DocKind::Ektp,
            DocKind::FamilyCard,
            DocKind::BirthMarriageOrDiploma,
        ];
        assert_eq!(required(ServiceKind::New, false), base);
        let renewal = required(ServiceKind::Renewal, false);
        assert_eq!(renewal[..3], base);
        assert_eq!(renewal[3..], [DocKind::OldPassport]);
        assert_eq!(
            required(ServiceKind::ReplacementLost, false)[3..],
            [DocKind::PoliceReport]
        );
        assert_eq!(
            required(ServiceKind::ReplacementDamaged, false)[3..],
            [DocKind::DamagedPassport]
        );
        assert_eq!(
            required(ServiceKind::DataChange, false)[3..],
            [DocKind::OldPassport, DocKind::DataChangeEvidence]
        );
    }

    #[test]
    fn a_child_brings_the_parents_papers_and_no_ektp() {
        for service in ServiceKind::ALL {
            let list = required(service, true);
            assert!(!list.contains(&DocKind::Ektp), "{service}");
            assert!(!list.contains(&DocKind::BirthMarriageOrDiploma));
            for k in [
                DocKind::FamilyCard,
                DocKind::BirthCertificate,
                DocKind::FatherEktp,
                DocKind::MotherEktp,
                DocKind::FatherPassport,
                DocKind::MotherPassport,
                DocKind::ParentsMarriageBook,
                DocKind::ParentsStatement,
            ] {
                assert!(list.contains(&k), "{service} {k}");
            }
        }
        assert!(required(ServiceKind::ReplacementLost, true).contains(&DocKind::PoliceReport));
    }

    #[test]
    fn no_list_names_a_kind_twice_and_every_kind_is_asked_somewhere() {
        let mut seen = std::collections::BTreeSet::new();
        for service in ServiceKind::ALL {
            for child in [false, true] {
                let list = required(service, child);
                let unique: std::collections::BTreeSet<_> = list.iter().collect();
                assert_eq!(unique.len(), list.len(), "{service} {child}");
                seen.extend(list);
            }
        }
        assert_eq!(seen.len(), DocKind::ALL.len());
    }

    #[test]
    fn a_child_is_under_17_and_not_married_on_the_day() {
        let birth = date(2010, 3, 12);
        assert!(is_child(birth, false, date(2027, 3, 11)));
        assert!(!is_child(birth, false, date(2027, 3, 12)));
        assert!(!is_child(birth, true, date(2027, 3, 11)));
        assert!(!is_child(date(1990, 1, 1), false, date(2026, 12, 2)));
    }
}

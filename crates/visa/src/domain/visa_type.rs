//! The visa index: each index (type) as data.

use serde::{Deserialize, Serialize};

/// The seed of the index, compiled in (figures are data, never code).
pub const SEED_JSON: &str = include_str!("../../seed/visa_types.json");

/// Who must sponsor a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SponsorKind {
    /// The foreigner applies alone.
    None,
    /// An Indonesian company (by NIB).
    Company,
    /// An Indonesian citizen (by NIK).
    Citizen,
    /// A company or a citizen.
    Any,
}

impl SponsorKind {
    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            SponsorKind::None => "none",
            SponsorKind::Company => "company",
            SponsorKind::Citizen => "citizen",
            SponsorKind::Any => "any",
        }
    }

    /// Parse a machine name.
    pub fn parse(s: &str) -> Option<SponsorKind> {
        [
            SponsorKind::None,
            SponsorKind::Company,
            SponsorKind::Citizen,
            SponsorKind::Any,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// Whether a sponsor of `kind` (`company` or `citizen`) may sponsor it.
    pub fn accepts(self, sponsor: SponsorKind) -> bool {
        match self {
            SponsorKind::None => false,
            SponsorKind::Any => matches!(sponsor, SponsorKind::Company | SponsorKind::Citizen),
            k => k == sponsor,
        }
    }
}

/// A document an index asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RequiredDocument {
    /// Document kind (`passport_bio_page`, `photo`, …).
    pub kind: String,
    /// Whether the application cannot be submitted without it.
    pub required: bool,
}

/// One index of the visa index.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct VisaType {
    /// Index code, e.g. `C1`.
    pub code: String,
    /// Name in Indonesian.
    pub name_id: String,
    /// Name in English.
    pub name_en: String,
    /// Purpose of the visit or stay.
    pub purpose: String,
    /// Who must sponsor.
    pub sponsor: SponsorKind,
    /// `single` or `multiple`.
    pub entries: String,
    /// Days of stay per entry.
    pub stay_days: i32,
    /// Days within which an issued e-Visa must be used to enter.
    pub use_within_days: i32,
    /// Whether the stay can be extended.
    pub extensible: bool,
    /// Fee in rupiah.
    pub fee: i64,
    /// Minimum passport validity after the intended arrival, in months.
    pub min_passport_validity_months: i32,
    /// Documents asked for.
    pub documents: Vec<RequiredDocument>,
}

impl VisaType {
    /// The kinds required and not among `present`.
    pub fn missing_documents(&self, present: &[String]) -> Vec<String> {
        self.documents
            .iter()
            .filter(|d| d.required && !present.contains(&d.kind))
            .map(|d| d.kind.clone())
            .collect()
    }

    /// Whether `kind` is one this index asks for.
    pub fn asks_for(&self, kind: &str) -> bool {
        self.documents.iter().any(|d| d.kind == kind)
    }
}

/// Check an index as an administrator wrote it: each refused field with
/// its machine reason. `known_kind` says whether a document kind exists.
pub fn check(t: &VisaType, known_kind: impl Fn(&str) -> bool) -> Vec<(&'static str, &'static str)> {
    let mut bad = Vec::new();
    let code_ok = (1..=8).contains(&t.code.len())
        && t.code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let text_ok = |s: &str| !s.trim().is_empty() && s.chars().count() <= 200;
    for (field, ok) in [
        ("code", code_ok),
        ("name.id", text_ok(&t.name_id)),
        ("name.en", text_ok(&t.name_en)),
        ("purpose", text_ok(&t.purpose)),
        (
            "entries",
            matches!(t.entries.as_str(), "single" | "multiple"),
        ),
        ("stay_days", (1..=3650).contains(&t.stay_days)),
        ("use_within_days", (1..=365).contains(&t.use_within_days)),
        ("fee", (0..=1_000_000_000).contains(&t.fee)),
        (
            "min_passport_validity_months",
            (0..=60).contains(&t.min_passport_validity_months),
        ),
        (
            "documents",
            t.documents.iter().all(|d| known_kind(&d.kind))
                && t.documents
                    .iter()
                    .any(|d| d.kind == "passport_bio_page" && d.required),
        ),
    ] {
        if !ok {
            bad.push((field, "invalid"));
        }
    }
    bad
}

/// The seeded index.
pub fn seed() -> Result<Vec<VisaType>, serde_json::Error> {
    serde_json::from_str(SEED_JSON)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_has_the_issue_indices_and_every_one_asks_for_passport_and_photo() {
        let types = seed().expect("seed parses");
        for code in ["B1", "C1", "C2", "D1", "D2", "E23", "E28A", "E31A", "E33G"] {
            let t = types.iter().find(|t| t.code == code).expect(code);
            assert!(
                t.asks_for("passport_bio_page") && t.asks_for("photo"),
                "{code}"
            );
            assert_eq!(t.use_within_days, 90);
            assert!(t.fee > 0 && t.stay_days > 0 && t.min_passport_validity_months >= 6);
        }
    }

    #[test]
    fn every_seeded_index_passes_the_administrators_check() {
        for t in seed().expect("seed parses") {
            assert!(check(&t, |_| true).is_empty(), "{}", t.code);
        }
        let mut t = seed().expect("seed parses").remove(0);
        t.code = "b 1".into();
        t.documents.clear();
        let bad: Vec<&str> = check(&t, |_| true).into_iter().map(|b| b.0).collect();
        assert_eq!(bad, ["code", "documents"]);
    }

    #[test]
    fn sponsor_rules() {
        assert!(!SponsorKind::None.accepts(SponsorKind::Company));
        assert!(SponsorKind::Any.accepts(SponsorKind::Citizen));
        assert!(SponsorKind::Company.accepts(SponsorKind::Company));
        assert!(!SponsorKind::Company.accepts(SponsorKind::Citizen));
    }
}

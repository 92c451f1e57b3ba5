//! A premise as received and as validated.

use super::{FieldErrors, one_line, optional_line};

/// The kinds of lodging that report guests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PremiseKind {
    /// Hotel.
    Hotel,
    /// Guest house (wisma, losmen).
    GuestHouse,
    /// Boarding house (kos).
    BoardingHouse,
    /// Villa.
    Villa,
    /// A private home hosting a foreigner.
    PrivateHome,
}

impl PremiseKind {
    /// Every kind.
    pub const ALL: [PremiseKind; 5] = [
        PremiseKind::Hotel,
        PremiseKind::GuestHouse,
        PremiseKind::BoardingHouse,
        PremiseKind::Villa,
        PremiseKind::PrivateHome,
    ];

    /// Stable name (`guest_house`).
    pub fn as_str(&self) -> &'static str {
        match self {
            PremiseKind::Hotel => "hotel",
            PremiseKind::GuestHouse => "guest_house",
            PremiseKind::BoardingHouse => "boarding_house",
            PremiseKind::Villa => "villa",
            PremiseKind::PrivateHome => "private_home",
        }
    }

    /// The kind of a name.
    pub fn parse(s: &str) -> Option<PremiseKind> {
        PremiseKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
    }
}

/// A premise as received.
#[derive(Debug, Clone, Default)]
pub struct PremiseInput {
    /// Name.
    pub name: String,
    /// Kind name.
    pub kind: String,
    /// Address.
    pub address: String,
    /// Regency code (its office is looked up by the use case).
    pub regency: String,
    /// Business licence number (NIB), if it has one.
    pub licence_number: Option<String>,
}

/// A validated premise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPremise {
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: PremiseKind,
    /// Address.
    pub address: String,
    /// Regency code, trimmed.
    pub regency: String,
    /// Licence number, uppercase.
    pub licence_number: Option<String>,
}

/// Validate a premise; every refused field is named.
pub fn parse(input: &PremiseInput) -> Result<NewPremise, FieldErrors> {
    let mut e = FieldErrors::new();
    let name = one_line(&input.name, 120);
    if name.is_none() {
        e.insert("name".into(), "invalid");
    }
    let kind = PremiseKind::parse(&input.kind);
    if kind.is_none() {
        e.insert("kind".into(), "invalid");
    }
    let address = one_line(&input.address, 200);
    if address.is_none() {
        e.insert("address".into(), "invalid");
    }
    let regency = one_line(&input.regency, 16);
    if regency.is_none() {
        e.insert("regency".into(), "invalid");
    }
    let licence = optional_line(input.licence_number.as_deref(), 40).and_then(|l| match l {
        None => Some(None),
        Some(l)
            if l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-./".contains(&b)) =>
        {
            Some(Some(l.to_ascii_uppercase()))
        }
        Some(_) => None,
    });
    if licence.is_none() {
        e.insert("licence_number".into(), "invalid");
    }
    match (name, kind, address, regency, licence) {
        (Some(name), Some(kind), Some(address), Some(regency), Some(licence_number))
            if e.is_empty() =>
        {
            Ok(NewPremise {
                name,
                kind,
                address,
                regency,
                licence_number,
            })
        }
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> PremiseInput {
        PremiseInput {
            name: "Hotel Sanur Indah".into(),
            kind: "guest_house".into(),
            address: "Jl. Danau Tamblingan 12".into(),
            regency: "51.71".into(),
            licence_number: Some("nib-1234567890123".into()),
        }
    }

    #[test]
    fn a_good_premise_parses() {
        let p = parse(&input()).expect("valid");
        assert_eq!(p.kind, PremiseKind::GuestHouse);
        assert_eq!(p.licence_number.as_deref(), Some("NIB-1234567890123"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut i = input();
        i.name = "Hotel\u{0}".into();
        i.kind = "castle".into();
        i.address = "line one\nline two".into();
        i.regency = " ".into();
        i.licence_number = Some("NIB 12".into());
        let e = parse(&i).expect_err("refused");
        let names: Vec<_> = e.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            ["address", "kind", "licence_number", "name", "regency"]
        );
    }

    #[test]
    fn kinds_round_trip() {
        for k in PremiseKind::ALL {
            assert_eq!(PremiseKind::parse(k.as_str()), Some(k));
        }
    }
}

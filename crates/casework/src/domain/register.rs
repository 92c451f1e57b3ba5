//! Register numbers: the public reference of a case, e.g. `V-2026-7K3QX9M2`.
//!
//! A service prefix (1 to 3 capital letters), the year of creation and 8
//! random characters from an alphabet without look-alikes (no 0, 1, I, L,
//! O, U): about 39 bits, so numbers cannot be guessed or enumerated, and
//! they read aloud and print without ambiguity.

use std::fmt;

use rand::Rng;

/// The characters of the random part.
pub const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Length of the random part.
pub const RANDOM_LEN: usize = 8;

/// A case's public reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RegisterNumber(String);

/// Why a text is not a register number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a register number")]
pub struct InvalidRegisterNumber;

fn valid_prefix(p: &str) -> bool {
    (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_uppercase())
}

impl RegisterNumber {
    /// A fresh number for a service `prefix` (e.g. `V`) and `year`.
    pub fn generate(
        prefix: &str,
        year: i16,
        rng: &mut impl Rng,
    ) -> Result<RegisterNumber, InvalidRegisterNumber> {
        if !valid_prefix(prefix) || !(1000..=9999).contains(&year) {
            return Err(InvalidRegisterNumber);
        }
        let random: String = (0..RANDOM_LEN)
            .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
            .collect();
        Ok(RegisterNumber(format!("{prefix}-{year}-{random}")))
    }

    /// Parse a number as typed (surrounding spaces and lowercase allowed).
    pub fn parse(s: &str) -> Result<RegisterNumber, InvalidRegisterNumber> {
        let s = s.trim().to_ascii_uppercase();
        let mut parts = s.split('-');
        let (Some(prefix), Some(year), Some(random), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(InvalidRegisterNumber);
        };
        let ok = valid_prefix(prefix)
            && year.len() == 4
            && year.bytes().all(|b| b.is_ascii_digit())
            && random.len() == RANDOM_LEN
            && random.bytes().all(|b| ALPHABET.contains(&b));
        if ok {
            Ok(RegisterNumber(s))
        } else {
            Err(InvalidRegisterNumber)
        }
    }

    /// The service prefix.
    pub fn prefix(&self) -> &str {
        self.0.split('-').next().unwrap_or("")
    }
}

impl AsRef<str> for RegisterNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RegisterNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert!(RegisterNumber::parse("V-2026-7K3QX9M2").is_ok());
        assert_eq!(
            RegisterNumber::parse(" v-2026-7k3qx9m2 ").map(|r| r.to_string()),
            Ok("V-2026-7K3QX9M2".to_owned())
        );
        for bad in [
            "",
            "V-2026-7K3QX9M",
            "V-2026-7K3QX9M0",
            "V-26-7K3QX9M2",
            "VISA-2026-7K3QX9M2",
            "V-2026-7K3QX9M2-1",
            "V_2026_7K3QX9M2",
        ] {
            assert!(RegisterNumber::parse(bad).is_err(), "{bad}");
        }
        assert!(RegisterNumber::generate("v", 2026, &mut rand::rng()).is_err());
    }

    proptest! {
        #[test]
        fn generated_numbers_parse_back(seed in any::<u64>(), year in 2000i16..2100) {
            use rand::SeedableRng;
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            let n = RegisterNumber::generate("V", year, &mut rng).expect("valid prefix");
            prop_assert_eq!(RegisterNumber::parse(n.as_ref()), Ok(n.clone()));
            prop_assert_eq!(n.prefix(), "V");
        }

        #[test]
        fn parse_never_panics(s in ".{0,40}") {
            let _ = RegisterNumber::parse(&s);
        }
    }
}

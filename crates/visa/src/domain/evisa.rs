//! The e-Visa: its number, validity and signed QR claims.

use jiff::ToSpan;
use jiff::civil::Date;
use rand::Rng;

/// e-Visa statuses.
pub mod status {
    /// Issued, not yet used to enter.
    pub const ISSUED: &str = "issued";
    /// Used to enter Indonesia.
    pub const USED: &str = "used";
    /// Not used within its use-within days.
    pub const EXPIRED: &str = "expired";
    /// Revoked by a supervisor.
    pub const REVOKED: &str = "revoked";
}

const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh e-Visa number, e.g. `EV26K7Q3M9XA2B`: `EV`, two year digits and
/// 10 characters without look-alikes.
pub fn generate_number(year: i16, rng: &mut impl Rng) -> String {
    let random: String = (0..10)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("EV{:02}{random}", year.rem_euclid(100))
}

/// Valid from the day of issue until `use_within_days` later (the day by
/// which the holder must enter).
pub fn validity(issued_on: Date, use_within_days: i32) -> (Date, Date) {
    let until = issued_on
        .checked_add(i64::from(use_within_days).days())
        .unwrap_or(issued_on);
    (issued_on, until)
}

/// The status a verifier is told, from the stored status and today.
pub fn effective_status(stored: &str, valid_until: Date, today: Date) -> &'static str {
    match stored {
        status::REVOKED => status::REVOKED,
        status::USED => status::USED,
        status::EXPIRED => status::EXPIRED,
        _ if today > valid_until => status::EXPIRED,
        _ => "valid",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn numbers_and_validity() {
        let n = generate_number(2026, &mut rand::rng());
        assert!(n.starts_with("EV26") && n.len() == 14);
        assert_eq!(validity(d(2026, 12, 1), 90).1, d(2027, 3, 1));
        assert_eq!(
            effective_status("issued", d(2027, 3, 1), d(2027, 3, 2)),
            "expired"
        );
        assert_eq!(
            effective_status("issued", d(2027, 3, 1), d(2027, 3, 1)),
            "valid"
        );
        assert_eq!(
            effective_status("revoked", d(2027, 3, 1), d(2026, 1, 1)),
            "revoked"
        );
    }
}

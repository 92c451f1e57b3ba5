//! Receipt numbers of check-in reports (STTPOA, Surat Tanda Terima
//! Pelaporan Orang Asing): `STTPOA-2026-7K3QX9M2`.

use rand::Rng;

/// The prefix of every receipt.
pub const PREFIX: &str = "STTPOA";

/// Characters of the random part: digits and capitals without look-alikes
/// (no 0/O, 1/I/L, U).
pub const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh receipt number for `year`.
pub fn generate(year: i16, rng: &mut impl Rng) -> String {
    let random: String = (0..8)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("{PREFIX}-{year:04}-{random}")
}

/// Whether a text is shaped like a receipt number.
pub fn is_receipt_number(s: &str) -> bool {
    let mut parts = s.split('-');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(PREFIX), Some(y), Some(r), None)
            if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())
                && r.len() == 8 && r.bytes().all(|b| ALPHABET.contains(&b))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_have_the_documented_shape() {
        let mut rng = rand::rng();
        for _ in 0..100 {
            let r = generate(2026, &mut rng);
            assert!(r.starts_with("STTPOA-2026-"), "{r}");
            assert!(is_receipt_number(&r), "{r}");
        }
        assert!(!is_receipt_number("STTPOA-2026-0000000O"));
        assert!(!is_receipt_number("V-2026-7K3QX9M2"));
    }
}

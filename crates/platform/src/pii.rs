//! Personal data at rest. Identity numbers (NIK, passport numbers) are kept
//! only as a keyed blind index (HMAC-SHA256 under the deployment's data key)
//! for uniqueness and look-up, plus a masked form for display: the clear
//! number is never stored, logged or put in a URL. Phone numbers are
//! logged masked ([`mask_phone`]).

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Identifier of the current index key, stored with each index so that keys
/// can be rotated.
pub const KEY_ID: &str = "k1";

/// The blind index of a passport number under the platform's data key:
/// every service looks a passport up by it (visa, stay, APOA) without
/// keeping the number as a key.
pub fn passport_index(state: &crate::AppState, number: &str) -> String {
    use secrecy::ExposeSecret;
    blind_index(
        state.config.data_key.expose_secret().as_bytes(),
        "passport",
        number,
    )
}

/// The keyed blind index of an identity number, e.g. `k1:3f9a…`.
pub fn blind_index(key: &[u8], kind: &str, value: &str) -> String {
    let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(m) => m,
        // HMAC accepts keys of any length; this arm is unreachable in practice.
        Err(_) => return format!("{KEY_ID}:invalid-key"),
    };
    // The kind separates NIK and passport indexes of equal digits.
    mac.update(kind.as_bytes());
    mac.update(b"\0");
    mac.update(value.as_bytes());
    format!("{KEY_ID}:{}", hex::encode(mac.finalize().into_bytes()))
}

/// A phone number as logs and audit details show it: only its last 4
/// digits (`****7890`).
pub fn mask_phone(number: &str) -> String {
    let digits: Vec<char> = number.chars().collect();
    let tail: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("****{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_keyed_and_kind_separated() {
        let a = blind_index(b"key-one", "nik", "3171011203900001");
        assert_eq!(a, blind_index(b"key-one", "nik", "3171011203900001"));
        assert_ne!(a, blind_index(b"key-two", "nik", "3171011203900001"));
        assert_ne!(a, blind_index(b"key-one", "passport", "3171011203900001"));
        assert!(a.starts_with("k1:") && !a.contains("3171011203900001"));
    }

    #[test]
    fn phone_numbers_show_only_their_last_four_digits() {
        assert_eq!(mask_phone("6281234567890"), "****7890");
        assert_eq!(mask_phone("123"), "****123");
        assert_eq!(mask_phone(""), "****");
    }
}

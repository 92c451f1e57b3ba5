//! Rules for passwords people choose (ASVS 6.2.4, NIST SP 800-63B 5.1.1.2),
//! beyond their length: not one of the most common passwords, not built on
//! the account's e-mail address, and not one character or a short pattern
//! repeated or counted up or down.
//!
//! These rules apply where a person picks a password (registration, staff
//! creation, `imigrasi user add`), not to accounts the platform creates
//! itself (demo accounts, generated passwords).

use std::collections::HashSet;
use std::sync::LazyLock;

/// The embedded list (see the header of `password_rules/common.txt`).
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("password_rules/common.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Shortest part of an e-mail's local part that a password may not contain
/// (shorter ones, like `ani`, occur in too many ordinary words).
const MIN_PERSONAL_PART: usize = 4;

/// Whether the password is on the list of common passwords (any case).
pub fn is_common(password: &str) -> bool {
    COMMON.contains(password.trim().to_lowercase().as_str())
}

/// Whether the password is one short pattern (up to 4 characters) repeated,
/// like `aaaaaaaaaa` or `abababababab`, or a run counting up or down by
/// one, like `abcdefghij` or `9876543210`.
pub fn is_repetitive(password: &str) -> bool {
    let chars: Vec<char> = password.to_lowercase().chars().collect();
    let repeated = (1..=4).any(|unit| {
        chars.len() > unit && chars.iter().enumerate().all(|(i, c)| *c == chars[i % unit])
    });
    let counted = |step: i64| {
        chars.len() > 2
            && chars
                .windows(2)
                .all(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])) == step)
    };
    repeated || counted(1) || counted(-1)
}

/// Whether the password contains the e-mail's local part or one of its
/// dot-, dash-, underscore- or plus-separated parts (of 4+ characters).
pub fn contains_email(password: &str, email: &str) -> bool {
    let password = password.to_lowercase();
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    std::iter::once(local.as_str())
        .chain(local.split(['.', '-', '_', '+']))
        .filter(|part| part.chars().count() >= MIN_PERSONAL_PART)
        .any(|part| password.contains(part))
}

/// The message id of what is wrong with a new password for the account
/// `email`, if anything (length is checked by `accounts::validate`).
pub fn check(password: &str, email: &str) -> Result<(), &'static str> {
    if is_common(password) || is_repetitive(password) {
        return Err("error-password-common");
    }
    if contains_email(password, email) {
        return Err("error-password-email");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_loaded_and_lowercase() {
        assert!(COMMON.len() > 3000, "{}", COMMON.len());
        assert!(COMMON.iter().all(|p| p.chars().count() >= 10));
        assert!(COMMON.iter().all(|p| *p == p.to_lowercase()));
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        for common in [
            "1234567890",
            "0123456789",
            "qwertyuiop",
            "password123",
            "Password123",
            "PASSWORD123",
            "imigrasi-demo",
            "Imigrasi-Demo",
            "iloveyou12",
            "1q2w3e4r5t",
            "q1w2e3r4t5",
            "1qaz2wsx3edc",
            "bismillah123",
            "indonesia1945",
            "sayangkamu",
            " qwertyuiop ",
        ] {
            assert_eq!(
                check(common, "someone@example.id"),
                Err("error-password-common"),
                "{common}"
            );
        }
    }

    #[test]
    fn repeated_and_counted_passwords_are_refused() {
        for weak in [
            "aaaaaaaaaa",
            "AAAAAAAAAAAA",
            "0000000000",
            "ababababab",
            "abcabcabcabc",
            "x1y!x1y!x1y!",
            "abcdefghijkl",
            "ZYXWVUTSRQ",
            "3456789:;<",
        ] {
            assert!(is_repetitive(weak), "{weak}");
            assert_eq!(check(weak, "a@b.id"), Err("error-password-common"));
        }
        for fine in [
            "correct horse 1",
            "aaaaaaaaab",
            "abcdeabcdX",
            "tegar-sekali-9",
        ] {
            assert!(!is_repetitive(fine), "{fine}");
        }
    }

    #[test]
    fn passwords_built_on_the_email_are_refused() {
        let email = "budi.santoso@example.id";
        for personal in ["budi.santoso1", "Santoso2024!", "xxBUDIxx1234"] {
            assert_eq!(
                check(personal, email),
                Err("error-password-email"),
                "{personal}"
            );
        }
        // Short parts are too common to refuse.
        assert_eq!(check("banister-cold-9", "ani@example.id"), Ok(()));
        assert_eq!(check("correct horse 1", email), Ok(()));
    }
}

//! Pure rules of APOA: premises, guests (typed or from the MRZ), the
//! check-in report with its late flag, receipt numbers, CSV batches and
//! exports, the supervision alerts.

pub mod alerts;
pub mod batch;
pub mod export;
pub mod guest;
pub mod premise;
pub mod receipt;
pub mod stay;

use std::collections::BTreeMap;

/// Field name → why it was refused (machine reason, never the value).
pub type FieldErrors = BTreeMap<String, &'static str>;

/// A one-line text of at most `max` characters, trimmed: no control
/// character at all (tab and line breaks included). `None` when empty,
/// too long or holding one.
pub fn one_line(s: &str, max: usize) -> Option<String> {
    let s = s.trim_matches(|c: char| c.is_whitespace() && !c.is_control());
    (!s.is_empty() && s.chars().count() <= max && !s.chars().any(char::is_control))
        .then(|| s.to_owned())
}

/// An optional one-line text: `Some(None)` when absent or blank, `None`
/// when refused (as [`one_line`]).
pub fn optional_line(s: Option<&str>, max: usize) -> Option<Option<String>> {
    match s.map(|s| s.trim_matches(|c: char| c.is_whitespace() && !c.is_control())) {
        None | Some("") => Some(None),
        Some(v) => one_line(v, max).map(Some),
    }
}

/// A date written `YYYY-MM-DD`.
pub fn date(s: &str) -> Option<jiff::civil::Date> {
    let s = s.trim();
    (s.len() == 10).then(|| s.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_refuses_control_characters_and_blank() {
        assert_eq!(one_line("  Sanur ", 10).as_deref(), Some("Sanur"));
        assert_eq!(one_line("a\tb", 10), None);
        assert_eq!(one_line("a\nb", 10), None);
        assert_eq!(one_line("Sanur\n", 10), None);
        assert_eq!(one_line("\tSanur", 10), None);
        assert_eq!(one_line("a\u{7}b", 10), None);
        assert_eq!(one_line("   ", 10), None);
        assert_eq!(one_line("abcdefghijk", 10), None);
        assert_eq!(optional_line(None, 5), Some(None));
        assert_eq!(optional_line(Some(" "), 5), Some(None));
        assert_eq!(optional_line(Some("a\rb"), 5), None);
    }

    #[test]
    fn dates_are_strict() {
        assert!(date("2026-02-28").is_some());
        assert!(date("2026-02-30").is_none());
        assert!(date("2026-2-28").is_none());
    }
}

//! Text for the standard 14 fonts: Unicode to WinAnsi (Windows-1252)
//! bytes, and Helvetica's advance widths to fit text into a box.
//!
//! The standard fonts carry no glyphs outside WinAnsi. Letters of Latin
//! Extended-A (Polish, Czech, Turkish, Hungarian names…) lose their
//! diacritics (`Ł` → `L`, `ş` → `s`); anything else becomes `?`. Control
//! characters become spaces. Nothing here panics.

/// The base letters of U+0100..=U+017F (Latin Extended-A), in order.
const LATIN_EXTENDED_A: &[u8; 128] = b"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

/// The WinAnsi byte of a character outside Latin-1, when it has one.
fn cp1252_extra(c: char) -> Option<u8> {
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// `text` as WinAnsi bytes (see the module doc for what is replaced).
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let code = u32::from(c);
        if let Some(b) = cp1252_extra(c) {
            out.push(b);
        } else if c.is_control() {
            out.push(b' ');
        } else if let Ok(b) = u8::try_from(code) {
            // ASCII and Latin-1 (0xA0..=0xFF) are their own bytes; 0x80..=0x9F
            // are control characters, handled above.
            out.push(b);
        } else if (0x100..0x180).contains(&code) {
            match c {
                'Ĳ' => out.extend_from_slice(b"IJ"),
                'ĳ' => out.extend_from_slice(b"ij"),
                _ => out.push(LATIN_EXTENDED_A[(code - 0x100) as usize]),
            }
        } else {
            out.push(b'?');
        }
    }
    out
}

/// Helvetica's advance widths (thousandths of the size) of ASCII 32..=126.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0..?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @..O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P.._
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // `..o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p..~
];

/// The width of WinAnsi `bytes` in Helvetica at `size`, in the unit of
/// `size`; bold is taken as about 6 % wider (close enough to fit text).
pub fn width(bytes: &[u8], size: f32, bold: bool) -> f32 {
    let thousandths: u32 = bytes
        .iter()
        .map(|&b| match b {
            32..=126 => u32::from(HELVETICA[usize::from(b - 32)]),
            _ => 600,
        })
        .sum();
    let w = thousandths as f32 * size / 1000.0;
    if bold { w * 1.06 } else { w }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_1_and_the_cp1252_extras_are_their_own_bytes() {
        assert_eq!(encode("Jane Smith"), b"Jane Smith");
        assert_eq!(encode("José Müller"), b"Jos\xe9 M\xfcller");
        assert_eq!(encode("€ – Šž"), b"\x80 \x96 \x8a\x9e");
    }

    #[test]
    fn other_letters_are_transliterated_or_replaced_without_panic() {
        assert_eq!(encode("Łukasz Wałęsa"), b"Lukasz Walesa");
        assert_eq!(encode("Şükrü Ğ ı Ĳssel"), b"S\xfckr\xfc G i IJssel");
        assert_eq!(encode("Иван 王 🙂"), b"???? ? ?");
        assert_eq!(encode("a\tb\u{85}c\0"), b"a b c ");
        assert_eq!(LATIN_EXTENDED_A.len(), 128);
        assert_eq!(LATIN_EXTENDED_A[0x141 - 0x100], b'L');
        assert_eq!(LATIN_EXTENDED_A[0x17D - 0x100], b'Z');
    }

    #[test]
    fn widths_grow_with_size_and_text() {
        let w = width(b"WWW", 10.0, false);
        assert!((w - 28.32).abs() < 0.01, "{w}");
        assert!(width(b"WWW", 10.0, true) > w);
        assert!(width(b"\xe9", 10.0, false) > 0.0);
    }
}

//! Reading a WhatsApp message: its text into a typed [`Command`] and the
//! answers to the booking questions (dates, sex, name, NIK digits, the
//! passport kind, an office searched by name), and the language the words
//! are in.
//!
//! Pure: no database, no state, no wording. Which command counts at which
//! step is the turn's business ([`super::turn`]); this module only reads.

use imigrasi_core::Sex;
use imigrasi_platform::i18n::Lang;
use jiff::civil::Date;

use crate::domain::{PassportType, ServiceKind};

/// What the person asked for, read loosely (case, spacing, one typo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Answer in this language from now on.
    Lang(Lang),
    /// `BANTUAN`, `HELP`, `?`.
    Help,
    /// Back to the menu.
    Menu,
    /// A greeting (at the menu: the welcome).
    Greeting,
    /// `STATUS kode` (the code, cleaned, when given).
    Status(Option<String>),
    /// `BATAL kode` (the code, cleaned, when given).
    Cancel(Option<String>),
    /// A yes.
    Yes,
    /// A no.
    No,
    /// Give the applicant's details again.
    Restart,
    /// Words that ask to book.
    Book,
    /// A number alone (a numbered choice).
    Number(usize),
    /// Anything else (an answer to the current question, or not understood).
    Other,
}

const YES: &[&str] = &[
    "YA", "Y", "YES", "IYA", "IYAA", "YAA", "OK", "OKE", "OKAY", "SETUJU", "BENAR", "BETUL", "SIAP",
];
const NO: &[&str] = &[
    "TIDAK", "T", "NO", "N", "NGGAK", "GAK", "ENGGAK", "NOPE", "JANGAN", "BUKAN", "TDK",
];
const GREETINGS: &[&str] = &[
    "HALO",
    "HALLO",
    "HELO",
    "HELLO",
    "HAI",
    "HI",
    "HEY",
    "PAGI",
    "SIANG",
    "SORE",
    "MALAM",
    "SELAMAT",
    "ASSALAMUALAIKUM",
    "START",
    "MULAI",
    "GOOD",
];
const BOOK: &[&str] = &[
    "DAFTAR",
    "PESAN",
    "BOOK",
    "BOOKING",
    "ANTRE",
    "ANTRI",
    "ANTREAN",
    "JADWAL",
    "RESERVASI",
];

/// Edit distance of at most one (one letter changed, added, removed or two swapped).
fn near(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().min(b.len()) < 4 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let mut i = 0;
    while i < a.len().min(b.len()) && a[i] == b[i] {
        i += 1;
    }
    if a.len() == b.len() {
        a[i + 1..] == b[i + 1..]
            || (i + 1 < a.len() && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..])
    } else if a.len() > b.len() {
        a[i + 1..] == b[i..]
    } else {
        a[i..] == b[i + 1..]
    }
}

fn is_word(token: &str, words: &[&str], fuzzy: bool) -> bool {
    words
        .iter()
        .any(|w| if fuzzy { near(token, w) } else { token == *w })
}

fn code_from(tokens: &[&str]) -> Option<String> {
    let joined: String = tokens
        .concat()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    (!joined.is_empty()).then_some(joined)
}

impl Command {
    /// Read a message; `fuzzy` forgives one typo in command words (only at
    /// the menu: while booking, "Batam" is a city, not a mistyped BATAL).
    pub fn parse(text: &str, fuzzy: bool) -> Command {
        let upper = text.trim().to_uppercase();
        let cleaned: String = upper
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '?' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        let tokens: Vec<&str> = cleaned.split_whitespace().collect();
        let Some(first) = tokens.first().copied() else {
            return Command::Other;
        };
        let whole = tokens.join(" ");
        match whole.as_str() {
            "EN" | "ENG" | "ENGLISH" | "INGGRIS" | "BAHASA INGGRIS" | "IN ENGLISH"
            | "ENGLISH PLEASE" => return Command::Lang(Lang::En),
            "ID" | "INDO" | "INDONESIA" | "INDONESIAN" | "BAHASA" | "BAHASA INDONESIA" => {
                return Command::Lang(Lang::Id);
            }
            "?" => return Command::Help,
            "ULANG" | "RESTART" | "ULANGI" | "START OVER" => return Command::Restart,
            _ => {}
        }
        if tokens.len() == 1
            && let Ok(n) = first.parse::<usize>()
        {
            return Command::Number(n);
        }
        if tokens.len() <= 2 && is_word(first, &["BANTUAN", "HELP", "TOLONG", "INFO"], fuzzy) {
            return Command::Help;
        }
        if tokens.len() == 1 && is_word(first, &["MENU"], fuzzy) {
            return Command::Menu;
        }
        if is_word(first, &["STATUS", "CEK", "CHECK"], fuzzy) && tokens.len() <= 3 {
            return Command::Status(code_from(&tokens[1..]));
        }
        if is_word(first, &["BATAL", "BATALKAN", "CANCEL"], fuzzy) && tokens.len() <= 3 {
            return Command::Cancel(code_from(&tokens[1..]));
        }
        if tokens.len() <= 2 && is_word(first, YES, fuzzy) {
            return Command::Yes;
        }
        if tokens.len() <= 2 && is_word(first, NO, fuzzy) {
            return Command::No;
        }
        let asks_other = tokens.iter().any(|t| {
            is_word(
                t,
                &["BATAL", "BATALKAN", "CANCEL", "STATUS", "CEK", "CHECK"],
                fuzzy,
            )
        });
        if tokens.len() <= 10 && !asks_other && tokens.iter().any(|t| is_word(t, BOOK, fuzzy)) {
            return Command::Book;
        }
        if tokens.len() <= 3 && is_word(first, GREETINGS, fuzzy) {
            return Command::Greeting;
        }
        Command::Other
    }
}

/// English or Indonesian, when the words say so clearly.
pub fn detect_lang(text: &str) -> Option<Lang> {
    const EN: &[&str] = &[
        "hello",
        "hey",
        "help",
        "book",
        "booking",
        "cancel",
        "english",
        "please",
        "want",
        "would",
        "like",
        "appointment",
        "passport",
        "my",
        "the",
        "yes",
        "thanks",
        "thank",
        "you",
        "good",
        "morning",
        "afternoon",
        "evening",
        "i",
        "need",
        "how",
        "what",
        "schedule",
    ];
    const ID: &[&str] = &[
        "halo",
        "hallo",
        "bantuan",
        "daftar",
        "batal",
        "saya",
        "mau",
        "ingin",
        "paspor",
        "ya",
        "tidak",
        "terima",
        "kasih",
        "selamat",
        "pagi",
        "siang",
        "sore",
        "malam",
        "tolong",
        "bisa",
        "antre",
        "antri",
        "antrean",
        "pesan",
        "jadwal",
        "bagaimana",
        "apa",
        "kak",
        "pak",
        "bu",
        "indonesia",
    ];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let en = words.iter().filter(|w| EN.contains(w)).count();
    let id = words.iter().filter(|w| ID.contains(w)).count();
    match en.cmp(&id) {
        std::cmp::Ordering::Greater => Some(Lang::En),
        std::cmp::Ordering::Less => Some(Lang::Id),
        std::cmp::Ordering::Equal => None,
    }
}

/// Read a date written `17-08-1990`, `17/08/1990`, `17.08.1990` or `1990-08-17`.
pub fn parse_date(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s
        .trim()
        .split(['-', '/', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    if y.len() != 4 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// Read a sex: L/M/laki-laki/pria/male → M, P/F/W/perempuan/wanita/female → F.
pub fn parse_sex(s: &str) -> Option<Sex> {
    let w = s.trim().to_uppercase();
    let w: String = w.chars().filter(|c| c.is_alphabetic()).collect();
    match w.as_str() {
        "L" | "M" | "LAKILAKI" | "LAKI" | "PRIA" | "COWOK" | "MALE" | "MAN" => Some(Sex::Male),
        "P" | "F" | "W" | "PEREMPUAN" | "WANITA" | "CEWEK" | "FEMALE" | "WOMAN" => {
            Some(Sex::Female)
        }
        _ => None,
    }
}

/// A name as on the identity card: letters, spaces and `.,'-`, no digits.
pub fn parse_name(s: &str) -> Option<String> {
    let name = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = name.chars().count();
    let ok = (2..=100).contains(&n)
        && name.chars().any(char::is_alphabetic)
        && name
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | ',' | '\'' | '-'));
    ok.then_some(name)
}

/// The passport kind of a numbered choice at the kind question (1 regular
/// new, 2 regular renewal, 3 electronic new, 4 electronic renewal).
pub fn kind_choice(cmd: &Command) -> Option<(PassportType, ServiceKind)> {
    match cmd {
        Command::Number(1) => Some((PassportType::Regular, ServiceKind::New)),
        Command::Number(2) => Some((PassportType::Regular, ServiceKind::Renewal)),
        Command::Number(3) => Some((PassportType::Electronic, ServiceKind::New)),
        Command::Number(4) => Some((PassportType::Electronic, ServiceKind::Renewal)),
        _ => None,
    }
}

/// A NIK as typed, without spaces, dots and dashes (not yet checked).
pub fn nik_digits(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-'))
        .collect()
}

/// An office code as typed (`jkt pusat` → `JKT-PUSAT`), to compare with codes.
pub fn office_code(text: &str) -> String {
    text.trim().to_uppercase().replace(' ', "-")
}

/// The words of an office search (three letters or more, without
/// "kantor", "imigrasi", "kota", "office"), lower case.
pub fn office_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3 && !["kantor", "imigrasi", "kota", "office"].contains(w))
        .map(str::to_owned)
        .collect()
}

/// Whether an office matches every word of a search (none matches no words).
pub fn office_matches(words: &[String], name: &str, city: &str, code: &str) -> bool {
    let hay = format!("{name} {city} {code}").to_lowercase();
    !words.is_empty() && words.iter().all(|w| hay.contains(w.as_str()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    impl Command {
        fn parse_menu(text: &str) -> Command {
            Command::parse(text, true)
        }
    }

    #[test]
    fn typos_are_forgiven_only_at_the_menu() {
        assert_eq!(Command::parse("batam", false), Command::Other);
        assert_eq!(Command::parse("batal", false), Command::Cancel(None));
        assert_eq!(Command::parse("batl", true), Command::Cancel(None));
    }

    #[test]
    fn commands_are_read_loosely() {
        assert_eq!(Command::parse_menu(" english "), Command::Lang(Lang::En));
        assert_eq!(Command::parse_menu("EN"), Command::Lang(Lang::En));
        assert_eq!(
            Command::parse_menu("bahasa indonesia"),
            Command::Lang(Lang::Id)
        );
        assert_eq!(Command::parse_menu("Bantuan"), Command::Help);
        assert_eq!(Command::parse_menu("bantun"), Command::Help);
        assert_eq!(
            Command::parse_menu("status abcd234567"),
            Command::Status(Some("ABCD234567".into()))
        );
        assert_eq!(
            Command::parse_menu("STATSU ABCD-234567"),
            Command::Status(Some("ABCD234567".into()))
        );
        assert_eq!(
            Command::parse_menu("batal ABCD234567"),
            Command::Cancel(Some("ABCD234567".into()))
        );
        assert_eq!(Command::parse_menu("batl"), Command::Cancel(None));
        assert_eq!(Command::parse_menu("Ya"), Command::Yes);
        assert_eq!(Command::parse_menu("yes please"), Command::Yes);
        assert_eq!(Command::parse_menu("tidak"), Command::No);
        assert_eq!(Command::parse_menu(" 2 "), Command::Number(2));
        assert_eq!(Command::parse_menu("saya mau daftar"), Command::Book);
        assert_eq!(
            Command::parse_menu("Hello, I would like to book an appointment"),
            Command::Book
        );
        assert_eq!(
            Command::parse_menu("I want to cancel my booking"),
            Command::Other
        );
        assert_eq!(Command::parse_menu("Halo"), Command::Greeting);
        assert_eq!(Command::parse_menu("menu"), Command::Menu);
        assert_eq!(Command::parse_menu("Budi Santoso"), Command::Other);
        assert_eq!(Command::parse_menu(""), Command::Other);
        assert_eq!(Command::parse_menu("🙂"), Command::Other);
    }

    #[test]
    fn near_allows_one_typo_in_long_words_only() {
        assert!(near("BATAL", "BATAL"));
        assert!(near("BATL", "BATAL"));
        assert!(near("BTAAL", "BATAL"));
        assert!(near("BATALL", "BATAL"));
        assert!(!near("BA", "BATAL"));
        assert!(!near("YA", "YO"));
        assert!(!near("BUDI", "BATAL"));
    }

    #[test]
    fn language_from_the_words() {
        assert_eq!(detect_lang("Hello, I would like to book"), Some(Lang::En));
        assert_eq!(
            detect_lang("Halo kak, saya mau daftar paspor"),
            Some(Lang::Id)
        );
        assert_eq!(detect_lang("1"), None);
    }

    #[test]
    fn dates_sexes_and_names() {
        let d = Date::new(1990, 3, 12).unwrap();
        assert_eq!(parse_date("12-03-1990"), Some(d));
        assert_eq!(parse_date("12/03/1990"), Some(d));
        assert_eq!(parse_date("1990-03-12"), Some(d));
        assert_eq!(parse_date("12.3.1990"), Some(d));
        assert_eq!(parse_date("31-02-1990"), None);
        assert_eq!(parse_date("12-03-90"), None);
        assert_eq!(parse_date("kemarin"), None);
        assert_eq!(parse_sex("l"), Some(Sex::Male));
        assert_eq!(parse_sex("Laki-laki"), Some(Sex::Male));
        assert_eq!(parse_sex("P"), Some(Sex::Female));
        assert_eq!(parse_sex("female"), Some(Sex::Female));
        assert_eq!(parse_sex("x"), None);
        assert_eq!(parse_name("  Budi   Santoso "), Some("Budi Santoso".into()));
        assert_eq!(parse_name("Siti Nur'aini"), Some("Siti Nur'aini".into()));
        assert_eq!(parse_name("3171011203900001"), None);
        assert_eq!(parse_name("B"), None);
    }

    #[test]
    fn kinds_nik_digits_and_office_searches() {
        assert_eq!(
            kind_choice(&Command::Number(4)),
            Some((PassportType::Electronic, ServiceKind::Renewal))
        );
        assert_eq!(kind_choice(&Command::Number(5)), None);
        assert_eq!(kind_choice(&Command::Yes), None);
        assert_eq!(nik_digits(" 3171.0112-0390 0001 "), "3171011203900001");
        assert_eq!(office_code(" jkt pusat "), "JKT-PUSAT");
        let words = office_words("Kantor Imigrasi Kota Batam");
        assert_eq!(words, vec!["batam".to_owned()]);
        assert!(office_matches(&words, "Kanim Batam", "Batam", "BTM"));
        assert!(!office_matches(&words, "Kanim Bogor", "Bogor", "BGR"));
        assert!(!office_matches(&[], "Kanim Batam", "Batam", "BTM"));
    }
}

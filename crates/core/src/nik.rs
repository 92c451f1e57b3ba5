//! NIK (Nomor Induk Kependudukan), the 16-digit Indonesian population number.
//!
//! Layout `PP KK CC DDMMYY SSSS`: province, regency/city, district, birth date
//! (day + 40 for women) and serial. A NIK is sensitive personal data under
//! UU PDP (Law 27/2022), so `Debug` and [`Nik::masked`] never show it whole.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::sex::Sex;

/// Number of digits in every NIK.
const NIK_LEN: usize = 16;

/// Added to the birth day of women, so the day alone tells the sex.
const FEMALE_DAY_OFFSET: u8 = 40;

/// A validated NIK; serialized as its 16 digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nik(String);

/// Why a text is not a valid NIK; never carries the NIK itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    /// The text does not have 16 characters.
    #[error("a NIK has exactly 16 digits, but {found} characters were given")]
    WrongLength {
        /// Number of characters given.
        found: usize,
    },
    /// A character other than 0-9 is present.
    #[error("a NIK contains only the digits 0-9, but character {position} is not a digit")]
    NonDigit {
        /// 1-based position of the first offending character.
        position: usize,
    },
    /// The first two digits name no Indonesian province.
    #[error("the first two digits of a NIK are the province code, and {code:02} is not one")]
    UnknownProvince {
        /// The two-digit code found.
        code: u8,
    },
    /// Digits 3-4 are `00`.
    #[error("digits 3-4 of a NIK are the regency or city code, which cannot be 00")]
    ZeroRegency,
    /// Digits 5-6 are `00`.
    #[error("digits 5-6 of a NIK are the district code, which cannot be 00")]
    ZeroDistrict,
    /// Digits 7-12 are not a real birth date.
    #[error(
        "digits 7-12 of a NIK are the birth date DDMMYY (day + 40 for women), and these are not a real date"
    )]
    InvalidBirthDate,
    /// Digits 13-16 are `0000`.
    #[error("the last four digits of a NIK are a serial number, which cannot be 0000")]
    ZeroSerial,
}

impl NikError {
    /// Stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            NikError::WrongLength { .. } => "nik_wrong_length",
            NikError::NonDigit { .. } => "nik_non_digit",
            NikError::UnknownProvince { .. } => "nik_unknown_province",
            NikError::ZeroRegency => "nik_zero_regency",
            NikError::ZeroDistrict => "nik_zero_district",
            NikError::InvalidBirthDate => "nik_invalid_birth_date",
            NikError::ZeroSerial => "nik_zero_serial",
        }
    }
}

/// Which declared identity data disagree with a NIK ("Identitas Tidak Valid").
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdentityMismatch {
    /// The declared birth date differs from the one in the NIK.
    #[error("the birth date does not match the one encoded in the NIK; check both")]
    BirthDate,
    /// The declared sex differs from the one in the NIK.
    #[error("the sex does not match the one encoded in the NIK; check both")]
    Sex,
    /// Both the declared birth date and sex differ from the NIK.
    #[error("neither the birth date nor the sex match the NIK; check that the NIK is your own")]
    BirthDateAndSex,
}

impl IdentityMismatch {
    /// Stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            IdentityMismatch::BirthDate => "identity_birth_date_mismatch",
            IdentityMismatch::Sex => "identity_sex_mismatch",
            IdentityMismatch::BirthDateAndSex => "identity_birth_date_and_sex_mismatch",
        }
    }
}

/// Province codes in use (Sumatra, Riau Islands, Java, Bali/Nusa Tenggara,
/// Kalimantan, Sulawesi, Maluku, Papua).
fn is_province_code(code: u8) -> bool {
    matches!(code, 11..=19 | 21 | 31..=36 | 51..=53 | 61..=65 | 71..=76 | 81..=82 | 91..=96)
}

/// Value of the two ASCII digits at `at`; callers have checked they are digits.
fn two_digits(digits: &[u8], at: usize) -> u8 {
    (digits[at] - b'0') * 10 + (digits[at + 1] - b'0')
}

impl Nik {
    /// Validates a NIK, ignoring surrounding whitespace left by copy and paste.
    pub fn parse(s: &str) -> Result<Self, NikError> {
        let s = s.trim();
        let found = s.chars().count();
        if found != NIK_LEN {
            return Err(NikError::WrongLength { found });
        }
        if let Some(index) = s.chars().position(|c| !c.is_ascii_digit()) {
            return Err(NikError::NonDigit {
                position: index + 1,
            });
        }
        let digits = s.as_bytes();
        let province = two_digits(digits, 0);
        if !is_province_code(province) {
            return Err(NikError::UnknownProvince { code: province });
        }
        if two_digits(digits, 2) == 0 {
            return Err(NikError::ZeroRegency);
        }
        if two_digits(digits, 4) == 0 {
            return Err(NikError::ZeroDistrict);
        }
        let raw_day = two_digits(digits, 6);
        let day = match raw_day {
            1..=31 => raw_day,
            41..=71 => raw_day - FEMALE_DAY_OFFSET,
            _ => return Err(NikError::InvalidBirthDate),
        };
        let month = two_digits(digits, 8);
        let yy = i16::from(two_digits(digits, 10));
        // The century is not in the NIK, so a date real in either one is accepted.
        let real_date = [1900, 2000]
            .iter()
            .any(|century| Date::new(century + yy, month as i8, day as i8).is_ok());
        if !real_date {
            return Err(NikError::InvalidBirthDate);
        }
        if &s[12..] == "0000" {
            return Err(NikError::ZeroSerial);
        }
        Ok(Nik(s.to_owned()))
    }

    /// The 16 digits, for storage and exchange; show [`Nik::masked`] to people.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Two-digit province code (`PP`).
    pub fn province_code(&self) -> u8 {
        two_digits(self.0.as_bytes(), 0)
    }

    /// Sex encoded by the birth day (women have 40 added).
    pub fn sex(&self) -> Sex {
        if two_digits(self.0.as_bytes(), 6) > FEMALE_DAY_OFFSET {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// Birth day (without the +40), month and two-digit year.
    pub fn birth_day_month_year2(&self) -> (i8, i8, i16) {
        let digits = self.0.as_bytes();
        let raw_day = two_digits(digits, 6);
        let day = if raw_day > FEMALE_DAY_OFFSET {
            raw_day - FEMALE_DAY_OFFSET
        } else {
            raw_day
        };
        (
            day as i8,
            two_digits(digits, 8) as i8,
            i16::from(two_digits(digits, 10)),
        )
    }

    /// Checks a declared birth date and sex against the NIK; the century is not
    /// encoded, so only the year modulo 100 is compared.
    pub fn check_identity(&self, birth_date: Date, sex: Sex) -> Result<(), IdentityMismatch> {
        let (day, month, yy) = self.birth_day_month_year2();
        let date_matches = birth_date.day() == day
            && birth_date.month() == month
            && birth_date.year().rem_euclid(100) == yy;
        let sex_matches = self.sex() == sex;
        match (date_matches, sex_matches) {
            (true, true) => Ok(()),
            (false, true) => Err(IdentityMismatch::BirthDate),
            (true, false) => Err(IdentityMismatch::Sex),
            (false, false) => Err(IdentityMismatch::BirthDateAndSex),
        }
    }

    /// Only the last 2 digits, for display under UU PDP. Digits 1-6 encode
    /// the region and 7-12 the birth date (often shown beside the mask), so
    /// the mask keeps as little as lets a person tell two family members
    /// apart. Even so, whoever holds the data key can test every candidate
    /// against the blind index: the key, not the mask, protects the NIK.
    pub fn masked(&self) -> String {
        format!("**************{}", &self.0[14..])
    }
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Nik").field(&self.masked()).finish()
    }
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Nik {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for Nik {
    type Err = NikError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Nik::parse(s)
    }
}

impl TryFrom<String> for Nik {
    type Error = NikError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Nik::parse(&s)
    }
}

impl TryFrom<&str> for Nik {
    type Error = NikError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Nik::parse(s)
    }
}

impl From<Nik> for String {
    fn from(nik: Nik) -> Self {
        nik.0
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    const MAN: &str = "3171011708450001";
    const WOMAN: &str = "3273015702990123";

    fn err(s: &str) -> NikError {
        Nik::parse(s).unwrap_err()
    }

    #[test]
    fn accepts_valid_niks() {
        let man = Nik::parse(MAN).unwrap();
        assert_eq!(man.province_code(), 31);
        assert_eq!(man.sex(), Sex::Male);
        assert_eq!(man.birth_day_month_year2(), (17, 8, 45));
        let woman = Nik::parse(WOMAN).unwrap();
        assert_eq!(woman.sex(), Sex::Female);
        assert_eq!(woman.birth_day_month_year2(), (17, 2, 99));
        assert_eq!(Nik::parse(" 3171011708450001\n").unwrap().as_str(), MAN);
    }

    #[test]
    fn length_and_digits_are_distinct_errors() {
        assert_eq!(err("317101170845000"), NikError::WrongLength { found: 15 });
        assert_eq!(
            err("31710117084500011"),
            NikError::WrongLength { found: 17 }
        );
        assert_eq!(err(""), NikError::WrongLength { found: 0 });
        assert_eq!(err("31710117084500O1"), NikError::NonDigit { position: 15 });
        assert_eq!(err("3171 11708450001"), NikError::NonDigit { position: 5 });
        assert_eq!(err("317101170845000é"), NikError::NonDigit { position: 16 });
        assert_eq!(err("31710117084500٣1"), NikError::NonDigit { position: 15 });
    }

    #[test]
    fn province_must_exist() {
        for code in [
            "10", "20", "22", "30", "37", "50", "54", "60", "66", "77", "83", "90", "97", "00",
        ] {
            let nik = format!("{code}71011708450001");
            assert_eq!(err(&nik).code(), "nik_unknown_province", "{code}");
        }
        for code in [
            "11", "19", "21", "31", "36", "51", "53", "61", "65", "71", "76", "81", "82", "91",
            "96",
        ] {
            assert!(
                Nik::parse(&format!("{code}71011708450001")).is_ok(),
                "{code}"
            );
        }
    }

    #[test]
    fn regency_district_and_serial_cannot_be_zero() {
        assert_eq!(err("3100011708450001"), NikError::ZeroRegency);
        assert_eq!(err("3171001708450001"), NikError::ZeroDistrict);
        assert_eq!(err("3171011708450000"), NikError::ZeroSerial);
    }

    #[test]
    fn birth_date_must_be_real() {
        for bad in [
            "000145", "320145", "400145", "410045", "721245", "311345", "300299", "290201",
            "310445",
        ] {
            let nik = format!("317101{bad}0001");
            assert_eq!(err(&nik), NikError::InvalidBirthDate, "{bad}");
        }
        // 2000 was a leap year, so 29 February 00 is real.
        assert!(Nik::parse("3171012902000001").is_ok());
        assert!(Nik::parse("3171016902000001").is_ok());
        assert!(Nik::parse("3171017112990001").is_ok());
    }

    #[test]
    fn identity_check_names_the_mismatch() {
        let woman = Nik::parse(WOMAN).unwrap();
        assert_eq!(woman.check_identity(date(1999, 2, 17), Sex::Female), Ok(()));
        assert_eq!(woman.check_identity(date(2099, 2, 17), Sex::Female), Ok(()));
        assert_eq!(
            woman.check_identity(date(1999, 2, 18), Sex::Female),
            Err(IdentityMismatch::BirthDate)
        );
        assert_eq!(
            woman.check_identity(date(1998, 2, 17), Sex::Female),
            Err(IdentityMismatch::BirthDate)
        );
        assert_eq!(
            woman.check_identity(date(1999, 2, 17), Sex::Male),
            Err(IdentityMismatch::Sex)
        );
        let both = woman
            .check_identity(date(1999, 3, 17), Sex::Male)
            .unwrap_err();
        assert_eq!(both, IdentityMismatch::BirthDateAndSex);
        assert_eq!(both.code(), "identity_birth_date_and_sex_mismatch");
    }

    #[test]
    fn debug_and_masked_hide_the_middle() {
        let nik = Nik::parse(MAN).unwrap();
        assert_eq!(nik.masked(), "**************01");
        let debug = format!("{nik:?}");
        assert_eq!(debug, "Nik(\"**************01\")");
        assert!(!debug.contains(MAN));
    }

    #[test]
    fn errors_do_not_echo_the_input() {
        let message = err("3171011708450000").to_string();
        assert!(!message.contains("3171011708450000"));
        assert_eq!(err("31710117084500011").code(), "nik_wrong_length");
    }

    #[test]
    fn serde_is_the_digit_string() {
        let nik = Nik::parse(MAN).unwrap();
        let json = serde_json::to_string(&nik).unwrap();
        assert_eq!(json, format!("\"{MAN}\""));
        assert_eq!(serde_json::from_str::<Nik>(&json).unwrap(), nik);
        assert!(serde_json::from_str::<Nik>("\"3171011708450000\"").is_err());
        assert!(serde_json::from_str::<Nik>("3171011708450001").is_err());
    }

    prop_compose! {
        fn valid_nik()(
            province in prop::sample::select(vec![11u8, 14, 19, 21, 31, 36, 51, 53, 61, 65, 71, 76, 81, 82, 91, 96]),
            regency in 1u8..=99,
            district in 1u8..=99,
            female in any::<bool>(),
            date in (1900i16..=2099, 1i8..=12, 1i8..=31)
                .prop_filter_map("real date", |(y, m, d)| Date::new(y, m, d).ok()),
            serial in 1u16..=9999,
        ) -> (String, Date, Sex) {
            let offset = if female { 40 } else { 0 };
            let sex = if female { Sex::Female } else { Sex::Male };
            let text = format!(
                "{province:02}{regency:02}{district:02}{:02}{:02}{:02}{serial:04}",
                date.day() + offset,
                date.month(),
                date.year() % 100,
            );
            (text, date, sex)
        }
    }

    proptest! {
        #[test]
        fn generated_niks_round_trip((text, date, sex) in valid_nik()) {
            let nik = Nik::parse(&text).unwrap();
            prop_assert_eq!(nik.to_string(), text.clone());
            let shown = nik.to_string();
            prop_assert_eq!(Nik::parse(&shown).unwrap(), nik.clone());
            prop_assert_eq!(nik.sex(), sex);
            prop_assert_eq!(nik.check_identity(date, sex), Ok(()));
            let masked = nik.masked();
            prop_assert_eq!(&masked[14..], &text[14..]);
            prop_assert_eq!(&masked[..14], "**************");
        }

        #[test]
        fn sixteen_random_digits_never_panic(text in "[0-9]{16}") {
            if let Ok(nik) = Nik::parse(&text) {
                let (day, month, yy) = nik.birth_day_month_year2();
                prop_assert!((1..=31).contains(&day));
                prop_assert!((1..=12).contains(&month));
                prop_assert!((0..=99).contains(&yy));
            }
        }

        #[test]
        fn random_strings_never_panic(text in ".{0,40}") {
            let _ = Nik::parse(&text);
        }
    }
}

//! The guest of a report: from the two MRZ lines of the passport (every
//! check digit verified) or from typed fields.

use imigrasi_core::{Mrz, MrzError, Nationality, PassportNumber, PersonName, Sex};
use jiff::civil::Date;

use super::{FieldErrors, date};

/// The guest as received: `mrz`, or the typed fields.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct GuestInput {
    /// The two MRZ lines of the passport's data page, joined by a line break.
    pub mrz: Option<String>,
    /// Passport number.
    pub passport_number: Option<String>,
    /// ISO 3166-1 alpha-3 nationality, e.g. `AUS`.
    pub nationality: Option<String>,
    /// Surname as in the passport.
    pub surname: Option<String>,
    /// Given names as in the passport (empty for a single name).
    pub given_names: Option<String>,
    /// Birth date, `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// `M`, `F` or `X` (unspecified).
    pub sex: Option<String>,
    /// Passport expiry, `YYYY-MM-DD`.
    pub passport_expiry: Option<String>,
}

/// Where the guest's identity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The MRZ, check digits verified.
    Mrz,
    /// Typed by the clerk.
    Typed,
}

impl Source {
    /// Stable name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Source::Mrz => "mrz",
            Source::Typed => "typed",
        }
    }
}

/// A validated guest.
#[derive(Clone, PartialEq, Eq)]
pub struct Guest {
    /// Where it came from.
    pub source: Source,
    /// Surname, uppercase as in the MRZ or as typed.
    pub surname: String,
    /// Given names (may be empty).
    pub given_names: String,
    /// Nationality code.
    pub nationality: String,
    /// Passport number.
    pub passport_number: String,
    /// Passport expiry.
    pub passport_expiry: Date,
    /// Birth date.
    pub birth_date: Date,
    /// `M`, `F` or `X`.
    pub sex: &'static str,
}

impl std::fmt::Debug for Guest {
    /// Personal data stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guest")
            .field("source", &self.source)
            .field("nationality", &self.nationality)
            .finish_non_exhaustive()
    }
}

/// Why a guest was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuestError {
    /// The MRZ is not a valid TD3 MRZ.
    Mrz(MrzError),
    /// Typed fields refused (names prefixed `guest.`).
    Fields(FieldErrors),
}

/// The part of the MRZ an error names: the field whose check digit or
/// content failed, or `format` for the layout (line count, length,
/// lowercase, characters).
pub fn mrz_part(e: &MrzError) -> &'static str {
    e.field().map(|f| f.as_str()).unwrap_or("format")
}

/// Validate a guest as of `today` (the premise's local date).
pub fn parse(input: &GuestInput, today: Date) -> Result<Guest, GuestError> {
    match input.mrz.as_deref() {
        Some(mrz) => from_mrz(mrz, today),
        None => typed(input, today).map_err(GuestError::Fields),
    }
}

fn from_mrz(text: &str, today: Date) -> Result<Guest, GuestError> {
    let mrz = Mrz::parse(text).map_err(GuestError::Mrz)?;
    let layout = |field, reason| GuestError::Mrz(MrzError::Format { field, reason });
    let passport = mrz.passport_number().ok_or_else(|| {
        layout(
            imigrasi_core::MrzField::DocumentNumber,
            "not a passport number",
        )
    })?;
    let birth = mrz
        .birth_date(today)
        .ok_or_else(|| layout(imigrasi_core::MrzField::BirthDate, "not a real date"))?;
    let surname = mrz.surname();
    if surname.is_empty() {
        return Err(layout(
            imigrasi_core::MrzField::Name,
            "the surname is empty",
        ));
    }
    Ok(Guest {
        source: Source::Mrz,
        surname,
        given_names: mrz.given_names(),
        nationality: mrz.nationality().trim_end_matches('<').to_owned(),
        passport_number: passport.as_str().to_owned(),
        passport_expiry: mrz.expiry_date(),
        birth_date: birth,
        sex: mrz.sex().map(|s| s.as_str()).unwrap_or("X"),
    })
}

fn typed(i: &GuestInput, today: Date) -> Result<Guest, FieldErrors> {
    let mut e = FieldErrors::new();
    // Names refuse every control character, even the tab and line breaks
    // that trimming would otherwise drop.
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let clean = |v: &Option<String>| !text(v).chars().any(char::is_control);
    let surname = PersonName::parse(&text(&i.surname))
        .ok()
        .filter(|_| clean(&i.surname));
    if surname.is_none() {
        e.insert("guest.surname".into(), "invalid");
    }
    let given = match text(&i.given_names).trim() {
        "" => Some(String::new()),
        g => PersonName::parse(g).ok().map(|n| n.as_str().to_owned()),
    }
    .filter(|_| clean(&i.given_names));
    if given.is_none() {
        e.insert("guest.given_names".into(), "invalid");
    }
    let nationality = Nationality::parse(&text(&i.nationality)).ok();
    if nationality.is_none() {
        e.insert("guest.nationality".into(), "invalid");
    }
    let passport = PassportNumber::parse(&text(&i.passport_number)).ok();
    if passport.is_none() {
        e.insert("guest.passport_number".into(), "invalid");
    }
    let birth = date(&text(&i.birth_date)).filter(|d| *d <= today && d.year() >= 1900);
    if birth.is_none() {
        e.insert("guest.birth_date".into(), "invalid");
    }
    let sex = match text(&i.sex).trim() {
        "X" | "x" => Some("X"),
        s => Sex::parse(s).ok().map(|s| s.as_str()),
    };
    if sex.is_none() {
        e.insert("guest.sex".into(), "invalid");
    }
    let expiry = date(&text(&i.passport_expiry));
    if expiry.is_none() {
        e.insert("guest.passport_expiry".into(), "invalid");
    }
    match (surname, given, nationality, passport, birth, sex, expiry) {
        (Some(s), Some(g), Some(n), Some(p), Some(b), Some(x), Some(x_at)) if e.is_empty() => {
            Ok(Guest {
                source: Source::Typed,
                surname: s.as_str().to_owned(),
                given_names: g,
                nationality: n.as_str().to_owned(),
                passport_number: p.as_str().to_owned(),
                passport_expiry: x_at,
                birth_date: b,
                sex: x,
            })
        }
        _ => Err(e),
    }
}

#[cfg(test)]
mod tests;

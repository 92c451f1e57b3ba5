//! Mandatory reports (Law 6/2011 art. 71): what a holder or sponsor must
//! tell the office, as received (a kind and a JSON object of details) and
//! as validated. No fee, no approval: a valid report is recorded at once.

use imigrasi_core::PassportNumber;
use imigrasi_platform::http::input::is_control;
use imigrasi_platform::regions::is_regency_code;
use jiff::civil::Date;
use serde_json::{Value, json};

use super::holder::FieldErrors;

/// Longest address line.
pub const MAX_LINE: usize = 200;
/// Longest employer name or position.
pub const MAX_NAME: usize = 120;

/// What a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportKind {
    /// The holder moved (supervision follows the new regency).
    AddressChange,
    /// Marriage, divorce, widowhood.
    CivilStatus,
    /// A new passport.
    Passport,
    /// A new employer or position.
    Job,
    /// The sponsor moved.
    SponsorAddress,
}

impl ReportKind {
    /// Every kind.
    pub const ALL: [ReportKind; 5] = [
        ReportKind::AddressChange,
        ReportKind::CivilStatus,
        ReportKind::Passport,
        ReportKind::Job,
        ReportKind::SponsorAddress,
    ];

    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::AddressChange => "address_change",
            ReportKind::CivilStatus => "civil_status",
            ReportKind::Passport => "passport",
            ReportKind::Job => "job",
            ReportKind::SponsorAddress => "sponsor_address",
        }
    }

    /// Parse a machine name.
    pub fn parse(s: &str) -> Option<ReportKind> {
        let s = s.trim();
        ReportKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A civil status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CivilStatus {
    /// Never married.
    Single,
    /// Married.
    Married,
    /// Divorced.
    Divorced,
    /// Widowed.
    Widowed,
}

impl CivilStatus {
    /// The machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            CivilStatus::Single => "single",
            CivilStatus::Married => "married",
            CivilStatus::Divorced => "divorced",
            CivilStatus::Widowed => "widowed",
        }
    }

    fn parse(s: &str) -> Option<CivilStatus> {
        [
            CivilStatus::Single,
            CivilStatus::Married,
            CivilStatus::Divorced,
            CivilStatus::Widowed,
        ]
        .into_iter()
        .find(|c| c.as_str() == s.trim())
    }
}

/// A validated report.
#[derive(Clone, PartialEq, Eq)]
pub enum Report {
    /// The holder's new address; the regency's format is checked here,
    /// its existence (and office) by the use case.
    AddressChange {
        /// Address line.
        line: String,
        /// Kemendagri regency code.
        regency: String,
    },
    /// A new civil status, from `date` when given.
    CivilStatus {
        /// The status.
        status: CivilStatus,
        /// Since when.
        date: Option<Date>,
    },
    /// A new passport.
    Passport {
        /// Its number.
        passport_number: PassportNumber,
        /// Its last valid day.
        expiry_date: Date,
    },
    /// A new job.
    Job {
        /// Employer.
        employer: String,
        /// Position.
        position: String,
    },
    /// The sponsor's new address.
    SponsorAddress {
        /// Address line.
        line: String,
        /// Kemendagri regency code.
        regency: String,
    },
}

impl std::fmt::Debug for Report {
    /// Details are personal data: only the kind goes to logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Report").field(&self.kind()).finish()
    }
}

impl Report {
    /// Its kind.
    pub fn kind(&self) -> ReportKind {
        match self {
            Report::AddressChange { .. } => ReportKind::AddressChange,
            Report::CivilStatus { .. } => ReportKind::CivilStatus,
            Report::Passport { .. } => ReportKind::Passport,
            Report::Job { .. } => ReportKind::Job,
            Report::SponsorAddress { .. } => ReportKind::SponsorAddress,
        }
    }

    /// The regency whose existence the use case must check, if any.
    pub fn regency(&self) -> Option<&str> {
        match self {
            Report::AddressChange { regency, .. } | Report::SponsorAddress { regency, .. } => {
                Some(regency)
            }
            _ => None,
        }
    }

    /// The details as stored and shown (normalized, known keys only).
    pub fn details(&self) -> Value {
        match self {
            Report::AddressChange { line, regency } | Report::SponsorAddress { line, regency } => {
                json!({ "line": line, "regency": regency })
            }
            Report::CivilStatus { status, date } => json!({
                "status": status.as_str(),
                "date": date.map(|d| d.to_string()),
            }),
            Report::Passport {
                passport_number,
                expiry_date,
            } => json!({
                "passport_number": passport_number.as_str(),
                "expiry_date": expiry_date.to_string(),
            }),
            Report::Job { employer, position } => {
                json!({ "employer": employer, "position": position })
            }
        }
    }
}

/// A one-line text field: trimmed, not empty, at most `max` characters,
/// no control character (not even a line break).
fn text(errors: &mut FieldErrors, details: &Value, name: &str, max: usize) -> Option<String> {
    let key = format!("details.{name}");
    let reason = match details.get(name) {
        None | Some(Value::Null) => "required",
        Some(Value::String(s)) => {
            let s = s.trim();
            if s.is_empty() {
                "required"
            } else if s.chars().any(is_control) {
                "invalid"
            } else if s.chars().count() > max {
                "too_long"
            } else {
                return Some(s.to_owned());
            }
        }
        Some(_) => "invalid",
    };
    errors.insert(key, reason);
    None
}

fn date(errors: &mut FieldErrors, details: &Value, name: &str, required: bool) -> Option<Date> {
    let key = format!("details.{name}");
    let text = match details.get(name) {
        None | Some(Value::Null) => "",
        Some(Value::String(s)) => s.trim(),
        Some(_) => {
            errors.insert(key, "invalid");
            return None;
        }
    };
    if text.is_empty() {
        if required {
            errors.insert(key, "required");
        }
        return None;
    }
    let parsed = (text.len() == 10)
        .then(|| text.parse::<Date>().ok())
        .flatten();
    if parsed.is_none() {
        errors.insert(key, "invalid");
    }
    parsed
}

fn address(errors: &mut FieldErrors, details: &Value) -> Option<(String, String)> {
    let line = text(errors, details, "line", MAX_LINE);
    let regency = text(errors, details, "regency", 5);
    let regency = match regency {
        Some(r) if is_regency_code(&r) => Some(r),
        Some(_) => {
            errors.insert("details.regency".into(), "invalid");
            None
        }
        None => None,
    };
    Some((line?, regency?))
}

/// Validate a report of `kind` with `details`, as of the office's `today`
/// (a new passport must not have expired, a civil status date must have
/// come). Field names are `kind` and `details.<name>`.
pub fn parse(kind: &str, details: &Value, today: Date) -> Result<Report, FieldErrors> {
    let mut errors = FieldErrors::new();
    let Some(kind) = ReportKind::parse(kind) else {
        errors.insert("kind".into(), "invalid");
        return Err(errors);
    };
    if !details.is_object() {
        errors.insert("details".into(), "invalid");
        return Err(errors);
    }
    let e = &mut errors;
    let report = match kind {
        ReportKind::AddressChange => {
            address(e, details).map(|(line, regency)| Report::AddressChange { line, regency })
        }
        ReportKind::SponsorAddress => {
            address(e, details).map(|(line, regency)| Report::SponsorAddress { line, regency })
        }
        ReportKind::CivilStatus => {
            let status = match details.get("status") {
                None | Some(Value::Null) => {
                    e.insert("details.status".into(), "required");
                    None
                }
                Some(Value::String(s)) => CivilStatus::parse(s)
                    .or_else(|| e.insert("details.status".into(), "invalid").and(None)),
                Some(_) => {
                    e.insert("details.status".into(), "invalid");
                    None
                }
            };
            let since = date(e, details, "date", false);
            if since.is_some_and(|d| d > today) {
                e.insert("details.date".into(), "in_future");
            }
            status.map(|status| Report::CivilStatus {
                status,
                date: since,
            })
        }
        ReportKind::Passport => {
            let number = text(e, details, "passport_number", 20).and_then(|n| {
                PassportNumber::parse(&n)
                    .map_err(|_| e.insert("details.passport_number".into(), "invalid"))
                    .ok()
            });
            let expiry = date(e, details, "expiry_date", true);
            if expiry.is_some_and(|d| d < today) {
                e.insert("details.expiry_date".into(), "expired");
            }
            number
                .zip(expiry)
                .map(|(passport_number, expiry_date)| Report::Passport {
                    passport_number,
                    expiry_date,
                })
        }
        ReportKind::Job => {
            let employer = text(e, details, "employer", MAX_NAME);
            let position = text(e, details, "position", MAX_NAME);
            employer
                .zip(position)
                .map(|(employer, position)| Report::Job { employer, position })
        }
    };
    match report {
        Some(r) if errors.is_empty() => Ok(r),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests;

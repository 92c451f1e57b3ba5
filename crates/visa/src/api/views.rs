//! What the API shows of an application.

use imigrasi_platform::db;
use imigrasi_platform::policy::Actor;
use serde::Serialize;
use utoipa::ToSchema;

pub use imigrasi_casework::views::{PaymentView, StepView};
pub use imigrasi_platform::documents::DocumentView;

use crate::app::view::{CaseFile, Summary};

fn rfc3339(ms: i64) -> String {
    db::from_millis(ms).to_string()
}

/// The foreigner as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicantView {
    /// Surname.
    pub surname: String,
    /// Given names.
    pub given_names: String,
    /// Nationality (alpha-3).
    pub nationality: String,
    /// Passport number.
    pub passport_number: String,
    /// Passport expiry.
    pub passport_expiry: String,
    /// Birth date.
    pub birth_date: String,
    /// `M` or `F`.
    pub sex: String,
    /// E-mail.
    pub email: String,
}

/// The e-Visa.
#[derive(Debug, Serialize, ToSchema)]
pub struct EVisaView {
    /// e-Visa number.
    pub number: String,
    /// First day.
    pub valid_from: String,
    /// Last day to enter.
    pub valid_until: String,
    /// `issued`, `used`, `expired`, `revoked`.
    pub status: String,
    /// The signed QR payload.
    pub qr: String,
}

/// One application.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    /// Register number.
    pub register_number: String,
    /// Status.
    pub status: String,
    /// Visa index code.
    pub visa_type: String,
    /// Processing office.
    pub office: String,
    /// The foreigner.
    pub applicant: ApplicantView,
    /// Attached documents.
    pub documents: Vec<DocumentView>,
    /// Every step.
    pub timeline: Vec<StepView>,
    /// The fee bill, once submitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentView>,
    /// The e-Visa, once approved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evisa: Option<EVisaView>,
}

impl CaseView {
    /// The view of a case file (the same for parties and staff; the
    /// timeline never names the people who acted).
    pub fn from_file(f: CaseFile, _actor: &Actor) -> CaseView {
        let a = f.application;
        CaseView {
            register_number: f.case.register_number,
            status: f.case.status.as_str().to_owned(),
            visa_type: a.visa_type.clone(),
            office: f.case.office_code,
            applicant: ApplicantView {
                surname: a.surname,
                given_names: a.given_names,
                nationality: a.nationality,
                passport_number: a.passport_number,
                passport_expiry: a.passport_expiry,
                birth_date: a.birth_date,
                sex: a.sex,
                email: f.case.applicant_email,
            },
            documents: f.documents.iter().map(DocumentView::from).collect(),
            timeline: f.timeline.into_iter().map(StepView::from).collect(),
            payment: f.bill.as_ref().map(PaymentView::from),
            evisa: f.evisa.map(|e| EVisaView {
                number: e.number,
                valid_from: e.valid_from,
                valid_until: e.valid_until,
                status: e.status,
                qr: e.qr,
            }),
        }
    }
}

/// A line of a list (no personal data).
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummary {
    /// Register number.
    pub register_number: String,
    /// Status.
    pub status: String,
    /// Visa index code.
    pub visa_type: String,
    /// Processing office.
    pub office: String,
    /// Last change (RFC 3339, UTC).
    pub updated_at: String,
    /// Whole days since the last change (ageing).
    pub age_days: i64,
}

/// A list of applications.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseList {
    /// The applications.
    pub applications: Vec<CaseSummary>,
}

impl CaseList {
    /// From the use case's summaries, as of `now` (ms).
    pub fn from_summaries(found: Vec<Summary>, now: i64) -> CaseList {
        CaseList {
            applications: found
                .into_iter()
                .map(|s| CaseSummary {
                    register_number: s.case.register_number,
                    status: s.case.status.as_str().to_owned(),
                    visa_type: s.visa_type,
                    office: s.case.office_code,
                    updated_at: rfc3339(s.case.updated_at),
                    age_days: (now - s.case.updated_at).max(0) / (24 * 3600 * 1000),
                })
                .collect(),
        }
    }
}
